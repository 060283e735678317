// Filtering: which file rows hold every given text (case-insensitive substring), per column and across
// all columns, AND between the filters. One streaming pass; the result is a view, a Uint32Array of file
// rows in file order (4 bytes per kept row), handed out growing while the pass goes on. Never keeps a
// cell after testing it.

import type { FilterSpec } from '../../shared/tableMessages';
import type { CsvIndex } from './rowIndex';
import { scanRows } from './rowScan';
import type { CsvDelimiter } from './sniff';
import type { CsvSource } from './source';

export interface FilterOptions {
  readonly delimiter?: CsvDelimiter;
  readonly signal?: AbortSignal;
  /** Only these rows (ascending), e.g. an earlier filter's view; default all rows. */
  readonly within?: Uint32Array;
  /** After each batch: the rows kept so far (a view of the growing array) and file rows passed. */
  readonly onProgress?: (rowsSoFar: Uint32Array, rowsScanned: number) => void;
}

/** True when the spec filters nothing (no text anywhere). */
export function isEmptyFilter(spec: FilterSpec | undefined): boolean {
  if (!spec) return true;
  if (spec.all && spec.all.length > 0) return false;
  return !Object.values(spec.columns ?? {}).some((t) => t && t.length > 0);
}

/** A predicate for one parsed row. */
export function rowMatcher(spec: FilterSpec): (row: readonly string[]) => boolean {
  const all = spec.all ? spec.all.toLowerCase() : '';
  const columns = Object.entries(spec.columns ?? {})
    .filter(([, t]) => t && t.length > 0)
    .map(([c, t]) => ({ column: Number(c), needle: t.toLowerCase(), last: '', lastHit: false }));
  return (row) => {
    for (const f of columns) {
      const cell = row[f.column];
      if (cell === undefined) return false;
      // Exports repeat a cell in consecutive rows (the same day, user, assistant): test it once.
      if (cell !== f.last) {
        f.last = cell;
        f.lastHit = cell.toLowerCase().includes(f.needle);
      }
      if (!f.lastHit) return false;
    }
    // Cells joined by a character no needle holds: a match never spans two cells.
    if (all && !row.join('\u0000').toLowerCase().includes(all)) return false;
    return true;
  };
}

export function allRows(count: number): Uint32Array {
  const v = new Uint32Array(count);
  for (let i = 0; i < count; i++) v[i] = i;
  return v;
}

export async function filterView(
  source: CsvSource,
  index: CsvIndex,
  spec: FilterSpec,
  options: FilterOptions = {},
): Promise<Uint32Array> {
  const { within, onProgress } = options;
  if (isEmptyFilter(spec)) return within ?? allRows(index.rowCount);
  const matches = rowMatcher({
    all: spec.all?.split('\u0000').join(''),
    columns: spec.columns,
  });
  let kept = new Uint32Array(1 << 16);
  let n = 0;
  let scanned = 0;
  await scanRows(
    source,
    index,
    (first, rows) => {
      for (let i = 0; i < rows.length; i++) {
        if (!matches(rows[i])) continue;
        if (n === kept.length) {
          const next = new Uint32Array(kept.length * 2);
          next.set(kept);
          kept = next;
        }
        kept[n++] = first + i;
      }
      scanned = first + rows.length;
      onProgress?.(kept.subarray(0, n), scanned);
    },
    { delimiter: options.delimiter, signal: options.signal, only: within },
  );
  // Exactly sized: a view lives as long as the user keeps the filter.
  return kept.slice(0, n);
}
