// How the bytes of whole records become cells: UTF-8 decoding with replacement characters (invalid bytes
// show as U+FFFD, never a throw) and the CSV parser chosen by measurement, d3-dsv's `parseRows`
// (bench/csvParsers.ts, bench/README.md: the fastest of the four on record-aligned text that also keeps
// ragged rows as they are; uDSV is as fast but takes its column count from the header and merges or
// splits ragged rows). Only ever given the bytes of records the index cut (a page, a batch of a pass):
// never a whole file, so d3-dsv's one-string input is no limit here.

import { dsvFormat, type DSV } from 'd3-dsv';
import type { CsvDelimiter } from './sniff';

const LF = 0x0a;
const CR = 0x0d;

const formats = new Map<string, DSV>();
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

function format(delimiter: CsvDelimiter): DSV {
  let f = formats.get(delimiter);
  if (!f) {
    f = dsvFormat(delimiter);
    formats.set(delimiter, f);
  }
  return f;
}

export function decodeUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Length of `bytes` without one trailing line end (LF or CRLF). */
export function withoutLineEnd(bytes: Uint8Array, start: number, end: number): number {
  if (end > start && bytes[end - 1] === LF) end--;
  if (end > start && bytes[end - 1] === CR) end--;
  return end;
}

/** Cells of ONE record (its bytes, line end optional). An empty record is one empty cell. */
export function parseRecord(bytes: Uint8Array, delimiter: CsvDelimiter): string[] {
  const text = decodeUtf8(bytes.subarray(0, withoutLineEnd(bytes, 0, bytes.length)));
  if (text === '') return [''];
  const rows = format(delimiter).parseRows(text);
  // A record is one row by the index's rules; should the parser disagree, its cells are joined here.
  return rows.length === 1 ? rows[0] : rows.flat();
}

/**
 * Cells of `count` consecutive records whose bytes are `bytes`, cut at `bounds` (count + 1 offsets into
 * `bytes`). One parser call for all when it yields exactly `count` rows, else one call per record.
 */
export function parseRecords(
  bytes: Uint8Array,
  bounds: ArrayLike<number>,
  count: number,
  delimiter: CsvDelimiter,
): string[][] {
  if (count === 0) return [];
  const end = withoutLineEnd(bytes, bounds[0], bounds[count]);
  const text = decodeUtf8(bytes.subarray(bounds[0], end));
  const rows = text === '' ? [] : format(delimiter).parseRows(text);
  if (rows.length === count && !hasEmptyRecord(bytes, bounds, count)) return rows;
  const out: string[][] = [];
  for (let i = 0; i < count; i++)
    out.push(parseRecord(bytes.subarray(bounds[i], bounds[i + 1]), delimiter));
  return out;
}

/** A record that is only a line end: some parsers skip those, so the batch must go record by record. */
function hasEmptyRecord(bytes: Uint8Array, bounds: ArrayLike<number>, count: number): boolean {
  for (let i = 0; i < count; i++) {
    const a = bounds[i];
    const n = bounds[i + 1] - a;
    if (n === 0 || (n <= 2 && (bytes[a] === LF || bytes[a] === CR))) return true;
  }
  return false;
}
