// Pages of rows: the cells of the rows a view asks for, read by byte position from the index (adjacent
// rows in one read) and parsed. Decides the shape a row is shown in: shorter rows are padded with '' to
// the header's width, longer rows keep their extra cells (the header names them "column N"). Never reads
// more than the asked rows' bytes.

import * as l10n from '@vscode/l10n';
import { parseRecord, parseRecords } from './parse';
import type { CsvIndex } from './rowIndex';
import type { CsvDelimiter } from './sniff';
import type { CsvSource } from './source';

export interface ReadRowsOptions {
  readonly delimiter?: CsvDelimiter;
  /** Pad shorter rows with '' to this many cells (the header's width). */
  readonly width?: number;
}

/** Most bytes one coalesced read may span (a run of adjacent rows is split above it). */
const MAX_READ_BYTES = 8 << 20;

/**
 * The cells of each of `fileRows` (0-based data rows, any order, each < index.rowCount), in that order.
 * Runs of adjacent file rows are read with one positional read each.
 */
export async function readRows(
  source: CsvSource,
  index: CsvIndex,
  fileRows: ArrayLike<number>,
  options: ReadRowsOptions = {},
): Promise<string[][]> {
  const delimiter = options.delimiter ?? ',';
  const width = options.width ?? 0;
  const out: string[][] = new Array<string[]>(fileRows.length);
  const available = index.rowCount;
  let k = 0;
  while (k < fileRows.length) {
    const first = fileRows[k];
    if (!(first >= 0 && first < available && Number.isInteger(first)))
      throw new RangeError(`row ${first} is not in the file (${available} rows indexed)`);
    let n = 1;
    const start = index.rowStart(first);
    while (
      k + n < fileRows.length &&
      fileRows[k + n] === first + n &&
      first + n < available &&
      index.rowEnd(first + n) - start <= MAX_READ_BYTES
    )
      n++;
    const end = index.rowEnd(first + n - 1);
    const bytes = await source.read(start, end - start);
    const bounds = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) bounds[i] = index.rowStart(first + i) - start;
    bounds[n] = bytes.length;
    const rows = parseRecords(bytes, bounds, n, delimiter);
    for (let i = 0; i < n; i++) out[k + i] = pad(rows[i], width);
    k += n;
  }
  return out;
}

/** The header's cells (the first record). */
export async function readHeader(
  source: CsvSource,
  index: CsvIndex,
  delimiter: CsvDelimiter = ',',
): Promise<string[]> {
  const { start, end } = index.headerRange();
  if (end <= start) return [];
  return parseRecord(await source.read(start, end - start), delimiter);
}

export function pad(row: string[], width: number): string[] {
  while (row.length < width) row.push('');
  return row;
}

/**
 * Column names for a table `widest` cells wide: the header's, an empty one or one past the header's
 * end named "column N" (1-based), so every shown column has a name.
 */
export function headerNames(header: readonly string[], widest: number): string[] {
  const names: string[] = [];
  for (let i = 0; i < Math.max(header.length, widest); i++) {
    const name = i < header.length ? header[i].trim() : '';
    names.push(
      name === ''
        ? l10n.t({
            message: 'column {0}',
            args: [i + 1],
            comment: ['the name shown for a CSV column that has none in the file'],
          })
        : header[i],
    );
  }
  return names;
}
