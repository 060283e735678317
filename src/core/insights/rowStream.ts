// One forward pass over a CSV file's records for the insights, with the viewer's parser (d3-dsv), holding at
// most one stream chunk plus the unfinished record at its end; never an index, never the rows passed. A chunk
// is cut after its last record end: the last LF before which the count of `"` since the record start is even
// (RFC 4180: quotes in a field come in pairs, so an odd count means the LF is inside a quoted field). Only the
// quotes are counted (few in an export), so cutting costs a fraction of the parse. UTF-16 (by its BOM) is
// decoded to UTF-8 chunk by chunk; the UTF-8 BOM is skipped; the delimiter is sniffed (comma or semicolon).

import * as l10n from '@vscode/l10n';
import { dsvFormat, type DSV } from 'd3-dsv';
import { type CsvSource, fileSource } from '../csv/source';
import { type CsvDelimiter, sniff } from '../csv/sniff';

const QUOTE = 0x22;
const LF = 0x0a;
/** Longest record carried from chunk to chunk before it is cut at a line end regardless of quotes. */
const MAX_RECORD_BYTES = 64 << 20;

export interface RowStreamOptions {
  readonly signal?: AbortSignal;
  /**
   * Give cells as "byte strings": the UTF-8 bytes decoded as Latin-1, one character per byte (the header is
   * still real text). Decoding that way is a copy, parsing one-byte strings and hashing them is faster, and
   * d3-dsv cuts them at the same places (every byte of a multi-byte character is >= 0x80, never a comma, quote
   * or line end). The insights intern the cells they keep and turn only those into text (`utf8Of`): the pass
   * runs ~30% faster (bench/README.md, "Insights").
   */
  readonly byteStrings?: boolean;
  /** Now and then (per chunk): bytes of the file passed so far and its size. */
  readonly onProgress?: (bytes: number, total: number) => void;
}

export interface RowStreamSummary {
  /** Data rows passed to onRow (blank lines are skipped; the header is not a row). */
  readonly rows: number;
  readonly bytes: number;
}

/** The text of a byte string (see `byteStrings`); invalid UTF-8 becomes U+FFFD, never a throw. */
export function utf8Of(bytes: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(bytes) ? bytes : Buffer.from(bytes, 'latin1').toString('utf8');
}

/** A byte string's length in characters (UTF-8 continuation bytes, 0x80-0xBF, are not characters). */
export function charLength(bytes: string): number {
  let n = bytes.length;
  if (!/[\x80-\xff]/.test(bytes)) return n;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes.charCodeAt(i);
    if (c >= 0x80 && c < 0xc0) n--;
  }
  return n;
}

/** Why a file gives no rows (shown as the insights' one line). */
export class UnreadableCsvError extends Error {
  constructor(
    message: string,
    readonly kind: 'empty' | 'binary' | 'headerOnly',
  ) {
    super(message);
    this.name = 'UnreadableCsvError';
  }
}

/** `"` characters in buf[from, to). */
export function countQuotes(buf: Buffer, from: number, to: number): number {
  let n = 0;
  let at = buf.indexOf(QUOTE, from);
  while (at !== -1 && at < to) {
    n++;
    at = buf.indexOf(QUOTE, at + 1);
  }
  return n;
}

/**
 * The end (exclusive, after its LF) of the last complete record in `buf`, which starts at a record start;
 * 0 when there is none yet.
 */
export function lastRecordEnd(buf: Buffer): number {
  let lf = buf.lastIndexOf(LF);
  if (lf === -1) return 0;
  let quotes = countQuotes(buf, 0, lf);
  while (quotes % 2 === 1) {
    const prev = lf === 0 ? -1 : buf.lastIndexOf(LF, lf - 1);
    if (prev === -1) return 0;
    quotes -= countQuotes(buf, prev, lf);
    lf = prev;
  }
  return lf + 1;
}

/** UTF-8 chunks of a source from `start`, decoded from UTF-16 first when the file is. */
async function* utf8Chunks(
  source: CsvSource,
  start: number,
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be',
): AsyncIterable<Buffer> {
  if (encoding === 'utf-8') {
    yield* source.stream(start);
    return;
  }
  const decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
  for await (const chunk of source.stream(start)) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield Buffer.from(text, 'utf8');
  }
  const rest = decoder.decode();
  if (rest) yield Buffer.from(rest, 'utf8');
}

/**
 * Streams the file at `path`: `onHeader` once with the header's cells, then `onRow` for every data row (the
 * cells array is the parser's: keep values, not the array, if it must outlive the call).
 */
export async function streamRows(
  path: string,
  onHeader: (cells: string[]) => void,
  onRow: (cells: string[]) => void,
  options: RowStreamOptions = {},
): Promise<RowStreamSummary> {
  const source = await fileSource(path);
  try {
    return await streamSource(source, onHeader, onRow, options);
  } finally {
    await source.close();
  }
}

/**
 * Parses whole records from `chunks` (starting at a record start) with d3-dsv, giving each row to `take`;
 * cuts each chunk after its last record end and carries the rest. Returns the bytes passed.
 */
async function passRecords(
  chunks: AsyncIterable<Buffer>,
  format: DSV,
  take: (cells: string[]) => null,
  signal: AbortSignal | undefined,
  onChunk: (bytes: number) => void,
  byteStrings = false,
): Promise<void> {
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  const parse = (bytes: Buffer): void => {
    const text = byteStrings ? bytes.toString('latin1') : decoder.decode(bytes);
    // The callback sees each row and returns null: d3-dsv keeps no array of the rows.
    if (text) format.parseRows(text, take);
  };
  let carry: Buffer | undefined;
  for await (const chunk of chunks) {
    signal?.throwIfAborted();
    const buf = carry && carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    let end = lastRecordEnd(buf);
    // An unbalanced quote would make the rest of the file one record: past this much, cut at the last LF anyway
    // (the row is broken either way) so that memory stays bounded.
    if (end === 0 && buf.length > MAX_RECORD_BYTES) end = buf.lastIndexOf(LF) + 1;
    if (end > 0) parse(buf.subarray(0, end));
    carry = end < buf.length ? Buffer.from(buf.subarray(end)) : undefined;
    onChunk(chunk.length);
  }
  signal?.throwIfAborted();
  // The last record may lack its line end (or have an unbalanced quote: d3-dsv takes it to the end).
  if (carry && carry.length > 0) parse(carry);
}

/** The bytes [start, end) of a source, as its stream gives them. */
async function* range(source: CsvSource, start: number, end: number): AsyncIterable<Buffer> {
  let at = start;
  for await (const chunk of source.stream(start)) {
    if (at + chunk.length >= end) {
      if (end > at) yield chunk.subarray(0, end - at);
      return;
    }
    at += chunk.length;
    yield chunk;
  }
}

/** Data rows of the bytes [start, end) of a UTF-8 source, both record boundaries (a part of a parallel pass). */
export async function streamRange(
  source: CsvSource,
  start: number,
  end: number,
  delimiter: CsvDelimiter,
  onRow: (cells: string[]) => void,
  options: RowStreamOptions = {},
): Promise<number> {
  let rows = 0;
  let passed = 0;
  await passRecords(
    range(source, start, end),
    dsvFormat(delimiter),
    (cells) => {
      if (!(cells.length === 1 && cells[0] === '')) {
        rows++;
        onRow(cells);
      }
      return null;
    },
    options.signal,
    (n) => {
      passed += n;
      options.onProgress?.(passed, end - start);
    },
    options.byteStrings,
  );
  return rows;
}

export async function streamSource(
  source: CsvSource,
  onHeader: (cells: string[]) => void,
  onRow: (cells: string[]) => void,
  options: RowStreamOptions = {},
): Promise<RowStreamSummary> {
  const { signal, onProgress } = options;
  const sniffed = await sniff(source);
  if (sniffed.kind === 'empty') throw new UnreadableCsvError(l10n.t('The file is empty.'), 'empty');
  if (sniffed.kind === 'binary')
    throw new UnreadableCsvError(l10n.t('The file is not text (a binary file?).'), 'binary');
  const format: DSV = dsvFormat(sniffed.delimiter);
  let header: string[] | undefined;
  let rows = 0;
  const take = (cells: string[]): null => {
    if (cells.length === 1 && cells[0] === '') return null; // a blank line
    if (!header) {
      const text = options.byteStrings ? cells.map(utf8Of) : cells;
      header = text.map((c, i) => (i === 0 ? c.replace(/^\uFEFF/, '') : c));
      onHeader(header);
    } else {
      rows++;
      onRow(cells);
    }
    return null;
  };
  let passed = sniffed.bomBytes;
  await passRecords(
    utf8Chunks(source, sniffed.bomBytes, sniffed.encoding),
    format,
    take,
    signal,
    (n) => {
      passed += n;
      onProgress?.(Math.min(passed, source.size), source.size);
    },
    options.byteStrings,
  );
  onProgress?.(source.size, source.size);
  if (!header) throw new UnreadableCsvError(l10n.t('The file is empty.'), 'empty');
  if (rows === 0)
    throw new UnreadableCsvError(l10n.t('The file has a header but no rows.'), 'headerOnly');
  return { rows, bytes: source.size };
}
