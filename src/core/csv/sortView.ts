// Sorting: the order of a view's rows by one column, type-aware (numbers as numbers, dates as instants,
// text by `textCollator`), STABLE (equal keys keep file order), empty cells last in both directions and
// cells a number/date column cannot read just before them. One streaming pass extracts each row's key
// into a Float64Array (8 bytes a row), then one native numeric sort of rank × n + position (no comparator).
//
// Memory while sorting a view of n rows: keys 8n + (number/date columns) a sorted copy 8n + the result 4n;
// afterwards only the result (4 bytes a row). Text columns intern each distinct value once; above
// MAX_DISTINCT_TEXTS values or MAX_DISTINCT_CHARS characters the keys fall back to the first
// PREFIX_STEPS[i] characters of each value (rows equal on that prefix keep file order): the sort is then
// exact only up to that prefix. Never holds a row's cells beyond its batch.

import type { ColumnType, SortSpec } from '../../shared/tableMessages';
import { dateKey, numberKey, textCollator } from './columnTypes';
import { allRows } from './filterView';
import type { CsvIndex } from './rowIndex';
import { scanRows } from './rowScan';
import type { CsvDelimiter } from './sniff';
import type { CsvSource } from './source';

/** Distinct text values kept for an exact text sort. */
export const MAX_DISTINCT_TEXTS = 500_000;
/** Characters of distinct text values kept for an exact text sort (~2 bytes each). */
export const MAX_DISTINCT_CHARS = 16_000_000;
/** Prefix lengths tried, in turn, once the distinct values exceed the limits. */
export const PREFIX_STEPS = [64, 16, 4, 1] as const;

const EMPTY = Infinity;
const UNREADABLE = -Infinity;

export interface SortOptions {
  /** How the column compares (ColumnInfo.type; 'empty' sorts as text). */
  readonly type: ColumnType;
  readonly delimiter?: CsvDelimiter;
  /** The rows to sort, ascending file rows (a filtered view); default all rows. */
  readonly within?: Uint32Array;
  readonly signal?: AbortSignal;
  /** After each batch: rows whose key is read. */
  readonly onProgress?: (rowsDone: number, rowsTotal: number) => void;
  /** Other limits than MAX_DISTINCT_TEXTS / MAX_DISTINCT_CHARS (tests). */
  readonly limits?: { readonly texts: number; readonly chars: number };
}

export interface SortResult {
  readonly view: Uint32Array;
  /** Set when text keys fell back to a prefix of this many characters (the order is exact up to it). */
  readonly prefixChars?: number;
}

export async function sortView(
  source: CsvSource,
  index: CsvIndex,
  spec: SortSpec,
  options: SortOptions,
): Promise<SortResult> {
  const rows = options.within ?? allRows(index.rowCount);
  const n = rows.length;
  const keys = new Float64Array(n);
  const text = options.type === 'text' || options.type === 'empty';
  const read = options.type === 'date' ? dateKey : numberKey;
  const interner = new Interner(
    options.limits?.texts ?? MAX_DISTINCT_TEXTS,
    options.limits?.chars ?? MAX_DISTINCT_CHARS,
  );
  let k = 0;
  // Exports repeat a cell in consecutive rows (the same day, user, assistant): read it once.
  let lastCell = '';
  let lastKey = EMPTY;
  await scanRows(
    source,
    index,
    (_first, batch) => {
      for (const row of batch) {
        const cell = row[spec.column] ?? '';
        if (cell === '' || cell.trim() === '') keys[k++] = EMPTY;
        else if (text) {
          const id = interner.id(cell, keys, k);
          keys[k++] = id;
        } else if (cell === lastCell) keys[k++] = lastKey;
        else {
          const v = read(cell);
          lastCell = cell;
          lastKey = Number.isNaN(v) ? UNREADABLE : v;
          keys[k++] = lastKey;
        }
      }
      options.onProgress?.(k, n);
    },
    { delimiter: options.delimiter, signal: options.signal, only: rows },
  );
  if (k !== n) throw new Error(`sort read ${k} of ${n} rows`);
  const distinct = text ? interner.rankInPlace(keys) : rankNumbers(keys);
  const desc = spec.direction === 'desc';
  for (let i = 0; i < n; i++) {
    const key = keys[i];
    keys[i] =
      key === EMPTY
        ? distinct + 1
        : key === UNREADABLE
          ? distinct
          : desc
            ? distinct - 1 - key
            : key;
  }
  const view = orderBy(keys, distinct + 2, rows);
  return interner.prefix ? { view, prefixChars: interner.prefix } : { view };
}

/** Replaces finite keys by their dense rank (0 = smallest); returns how many distinct values there are. */
function rankNumbers(keys: Float64Array): number {
  let m = 0;
  for (const v of keys) if (Number.isFinite(v)) m++;
  const sorted = new Float64Array(m);
  m = 0;
  for (const v of keys) if (Number.isFinite(v)) sorted[m++] = v;
  sorted.sort();
  let d = 0;
  for (let i = 0; i < m; i++) if (i === 0 || sorted[i] !== sorted[d - 1]) sorted[d++] = sorted[i];
  for (let i = 0; i < keys.length; i++) {
    const v = keys[i];
    if (!Number.isFinite(v)) continue;
    let lo = 0;
    let hi = d - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    keys[i] = lo;
  }
  return d;
}

/**
 * The rows in order of rank (0 … ranks-1), ties in position order. rank × n + position is exact in a double
 * while ranks × n < 2^53 (any view below ~94 M rows); above that a comparator sort does the same.
 */
function orderBy(ranks: Float64Array, rankCount: number, rows: Uint32Array): Uint32Array {
  const n = ranks.length;
  const out = new Uint32Array(n);
  if (rankCount * n < Number.MAX_SAFE_INTEGER) {
    for (let i = 0; i < n; i++) ranks[i] = ranks[i] * n + i;
    ranks.sort();
    for (let i = 0; i < n; i++) {
      const combined = ranks[i];
      out[i] = rows[combined - Math.floor(combined / n) * n];
    }
    return out;
  }
  const pos = allRows(n);
  pos.sort((a, b) => ranks[a] - ranks[b] || a - b);
  for (let i = 0; i < n; i++) out[i] = rows[pos[i]];
  return out;
}

/** Text values to small ids (each distinct value kept once), then ids to collation ranks. */
class Interner {
  private ids = new Map<string, number>();
  private chars = 0;
  /** Characters of each value kept once over the limits (0 = whole values). */
  prefix = 0;

  constructor(
    private readonly maxTexts: number,
    private readonly maxChars: number,
  ) {}

  id(cell: string, keys: Float64Array, filled: number): number {
    const value = this.prefix ? cell.slice(0, this.prefix) : cell;
    const known = this.ids.get(value);
    if (known !== undefined) return known;
    const id = this.ids.size;
    // A copy: the parser's cell is a slice of its whole batch string and would keep it alive.
    this.ids.set(detach(value), id);
    this.chars += value.length;
    if (this.ids.size > this.maxTexts || this.chars > this.maxChars)
      return this.shorten(keys, filled, id);
    return id;
  }

  /** Over the limits: re-key everything held so far (and the new value `id`) on a shorter prefix. */
  private shorten(keys: Float64Array, filled: number, newId: number): number {
    const values = [...this.ids.keys()];
    const step = PREFIX_STEPS.find((p) => this.prefix === 0 || p < this.prefix);
    if (step === undefined) return newId; // one character each already: the set is bounded by the alphabet
    this.prefix = step;
    this.ids = new Map();
    this.chars = 0;
    const remap = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const p = values[i].slice(0, step);
      let id = this.ids.get(p);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(detach(p), id);
        this.chars += p.length;
      }
      remap[i] = id;
    }
    for (let i = 0; i < filled; i++) if (Number.isFinite(keys[i])) keys[i] = remap[keys[i]];
    if (this.ids.size > this.maxTexts || this.chars > this.maxChars)
      return this.shorten(keys, filled, remap[newId]);
    return remap[newId];
  }

  /** Ids to ranks by the collator (values it finds equal share a rank); returns the rank count. */
  rankInPlace(keys: Float64Array): number {
    const values = [...this.ids.keys()];
    const order = values
      .map((_, i) => i)
      .sort((a, b) => textCollator.compare(values[a], values[b]));
    const rankOf = new Float64Array(values.length);
    let rank = -1;
    for (let i = 0; i < order.length; i++) {
      if (i === 0 || textCollator.compare(values[order[i - 1]], values[order[i]]) !== 0) rank++;
      rankOf[order[i]] = rank;
    }
    for (let i = 0; i < keys.length; i++) if (Number.isFinite(keys[i])) keys[i] = rankOf[keys[i]];
    this.ids.clear();
    return rank + 1;
  }
}

/** A flat copy of a string (not a slice of a bigger one). */
function detach(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}
