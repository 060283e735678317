// One forward pass over rows of the file in stream-chunk batches, for sort, filter and find: each batch
// is the complete records of a chunk (cut by the index), parsed at once. Decides only how rows are fed;
// holds at most one chunk plus the unfinished record at its end, never the rows already passed.

import { parseRecords } from './parse';
import type { CsvIndex } from './rowIndex';
import type { CsvDelimiter } from './sniff';
import type { CsvSource } from './source';

/** A gap of unwanted rows longer than this is skipped by a new stream, not read through. */
const SKIP_BY_SEEK_BYTES = 4 << 20;

export interface ScanOptions {
  readonly delimiter?: CsvDelimiter;
  /** First data row (default 0). */
  readonly from?: number;
  /** One past the last data row (default: the index's rowCount when the pass starts). */
  readonly to?: number;
  /** Only these data rows, ascending (a filtered view in file order); others are skipped unparsed. */
  readonly only?: ArrayLike<number>;
  readonly signal?: AbortSignal;
}

/**
 * Calls `onRun(firstRow, rows)` for each run of consecutive wanted rows, in file order; resolves when the
 * last wanted row is passed. `onRun` may return false to stop early.
 */
export async function scanRows(
  source: CsvSource,
  index: CsvIndex,
  onRun: (firstRow: number, rows: string[][]) => boolean | void,
  options: ScanOptions = {},
): Promise<void> {
  const { signal, only } = options;
  const delimiter = options.delimiter ?? ',';
  const to = Math.min(options.to ?? index.rowCount, index.rowCount);
  let onlyAt = 0;
  let row = options.from ?? 0;
  if (only) {
    while (onlyAt < only.length && only[onlyAt] < row) onlyAt++;
    if (onlyAt === only.length) return;
    row = only[onlyAt];
  }
  if (row >= to) return;
  signal?.throwIfAborted();
  let bounds = new Float64Array(4096);
  let carry: Buffer | undefined;
  /** Absolute offset of the first byte of `carry` (or of the next chunk). */
  let base = index.rowStart(row);
  for await (const chunk of source.stream(base)) {
    signal?.throwIfAborted();
    const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
    const bufEnd = base + buf.length;
    // Complete rows in buf: from `row` while their end is inside.
    while (row < to && index.rowEnd(row) <= bufEnd) {
      // A run of consecutive wanted rows that end inside buf.
      let n = 1;
      if (only) {
        while (
          row + n < to &&
          onlyAt + n < only.length &&
          only[onlyAt + n] === row + n &&
          index.rowEnd(row + n) <= bufEnd
        )
          n++;
      } else {
        while (row + n < to && index.rowEnd(row + n) <= bufEnd) n++;
      }
      if (bounds.length < n + 1) bounds = new Float64Array(2 * (n + 1));
      for (let i = 0; i < n; i++) bounds[i] = index.rowStart(row + i) - base;
      bounds[n] = index.rowEnd(row + n - 1) - base;
      const rows = parseRecords(buf, bounds, n, delimiter);
      if (onRun(row, rows) === false) return;
      row += n;
      if (only) {
        onlyAt += n;
        if (onlyAt >= only.length) return;
        row = only[onlyAt];
      }
    }
    if (row >= to) return;
    // Keep only from the next wanted row's start (skipped rows' bytes are dropped).
    const keepFrom = index.rowStart(row) - base;
    if (keepFrom >= buf.length) {
      carry = undefined;
      base = bufEnd;
      if (index.rowStart(row) > bufEnd + SKIP_BY_SEEK_BYTES) {
        // The next wanted row is further on: a fresh stream from there instead of reading the gap.
        return scanRows(source, index, onRun, { ...options, from: row, to });
      }
    } else {
      carry = keepFrom > 0 ? Buffer.from(buf.subarray(keepFrom)) : buf;
      base += keepFrom;
    }
  }
}
