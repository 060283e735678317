// Find: the next cell of a view holding a text (case-insensitive substring), forwards or backwards from a
// position, wrapping around the view once; and how many cells match in all. Scans in batches of rows
// (cancellable between them); never holds more than one batch.

import { cellMatches, findNeedle } from '../../shared/cellMatch';
import type { CsvIndex } from './rowIndex';
import { readRows } from './pages';
import { scanRows } from './rowScan';
import type { CsvDelimiter } from './sniff';
import type { CsvSource } from './source';

export interface CellPosition {
  /** Row of the view (0-based). */
  readonly row: number;
  readonly column: number;
}

export interface FindOptions {
  readonly delimiter?: CsvDelimiter;
  readonly signal?: AbortSignal;
  /** View rows read per batch. */
  readonly batchRows?: number;
  /** Wrap around the view's end (or start) once; default true. */
  readonly wrap?: boolean;
}

export interface FindResult {
  readonly match?: CellPosition;
  /** The match lies before `from` (forwards) or after it (backwards): the search went round. */
  readonly wrapped: boolean;
  /** Matching cells met while looking (not the total: see countMatches). */
  readonly seen: number;
}


/**
 * The first matching cell after `from` (exclusive) in reading order, or before it when `backwards`.
 * `view` lists the view's file rows (undefined: the file's rows in order). Use {row: 0, column: -1} to
 * include the first cell, {row: rowCount - 1, column: Infinity} to search back from the end.
 */
export async function findInView(
  source: CsvSource,
  index: CsvIndex,
  view: Uint32Array | undefined,
  query: string,
  from: CellPosition,
  backwards: boolean,
  options: FindOptions = {},
): Promise<FindResult> {
  const needle = findNeedle(query);
  const n = view ? view.length : index.rowCount;
  if (needle === '' || n === 0) return { wrapped: false, seen: 0 };
  const batch = Math.max(1, options.batchRows ?? 2000);
  const fileRow = (r: number): number => (view ? view[r] : r);
  const step = backwards ? -1 : 1;
  let seen = 0;
  const start = Math.min(Math.max(from.row, 0), n - 1);
  // Rows in visiting order: start…end, then (wrapping) the other side back to start.
  const total = options.wrap === false ? (backwards ? start + 1 : n - start) : n + 1;
  for (let done = 0; done < total;) {
    options.signal?.throwIfAborted();
    const count = Math.min(batch, total - done);
    const positions: number[] = [];
    for (let i = 0; i < count; i++) positions.push((((start + step * (done + i)) % n) + n) % n);
    const rows = await readRows(
      source,
      index,
      positions.map(fileRow),
      options.delimiter ? { delimiter: options.delimiter } : {},
    );
    for (let i = 0; i < count; i++) {
      const visit = done + i;
      const row = positions[i];
      const cells = rows[i];
      const onStart = visit === 0;
      const onReturn = visit === n; // back at the start row after going round
      const cols = cells.map((_, c) => c);
      if (backwards) cols.reverse();
      for (const c of cols) {
        if (onStart && (backwards ? c >= from.column : c <= from.column)) continue;
        if (onReturn && (backwards ? c < from.column : c > from.column)) continue;
        if (!cellMatches(cells[c], needle)) continue;
        seen++;
        const wrapped = onReturn || (backwards ? row > start : row < start);
        return { match: { row, column: c }, wrapped, seen };
      }
    }
    done += count;
  }
  return { wrapped: false, seen };
}

export interface CountOptions {
  readonly delimiter?: CsvDelimiter;
  readonly signal?: AbortSignal;
  /** The view's rows in ASCENDING file order (a filter's view, or a sorted view's rows sorted back). */
  readonly within?: Uint32Array;
  /** After each batch: matching cells so far, rows scanned. */
  readonly onProgress?: (count: number, rowsScanned: number) => void;
}

/** How many cells of the view hold the text: one streaming pass. */
export async function countMatches(
  source: CsvSource,
  index: CsvIndex,
  query: string,
  options: CountOptions = {},
): Promise<number> {
  const needle = findNeedle(query);
  if (needle === '') return 0;
  let count = 0;
  let scanned = 0;
  await scanRows(
    source,
    index,
    (_first, rows) => {
      for (const row of rows) for (const cell of row) if (cellMatches(cell, needle)) count++;
      scanned += rows.length;
      options.onProgress?.(count, scanned);
    },
    { delimiter: options.delimiter, signal: options.signal, only: options.within },
  );
  return count;
}
