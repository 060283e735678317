// What kind of file this is, decided once from its first 64 KiB: the encoding (a UTF-8 BOM is skipped,
// UTF-16 is reported and transcoded to a UTF-8 copy by `transcodeUtf16ToFile`), whether it is empty,
// binary or a header only, the delimiter (comma; semicolon when the header has semicolons and no comma)
// and the line end. Never reads more than the sample, except the transcoder, which streams chunk by chunk
// and never holds the whole file as one string.

import { createReadStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import type { CsvSource } from './source';

export const SNIFF_BYTES = 64 * 1024;

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';
export type CsvDelimiter = ',' | ';';
/** 'ok' has a header and (at least the start of) a data row; the others are a line in the view. */
export type SniffKind = 'ok' | 'empty' | 'binary' | 'headerOnly';

export interface SniffResult {
  readonly kind: SniffKind;
  readonly encoding: CsvEncoding;
  /** Bytes of the BOM at the start (3 for UTF-8, 2 for UTF-16, else 0): the header starts after them. */
  readonly bomBytes: number;
  readonly delimiter: CsvDelimiter;
  readonly lineEnd: '\r\n' | '\n';
}

/** Share of control characters and replacement characters above which a sample is not text. */
const BINARY_SHARE = 0.1;

export async function sniff(source: CsvSource): Promise<SniffResult> {
  const head = await source.read(0, Math.min(SNIFF_BYTES, source.size));
  if (head[0] === 0xff && head[1] === 0xfe) return utf16('utf-16le');
  if (head[0] === 0xfe && head[1] === 0xff) return utf16('utf-16be');
  const bomBytes = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const body = head.subarray(bomBytes);
  const base = { encoding: 'utf-8' as const, bomBytes };
  if (isBlank(body)) return { ...base, kind: 'empty', delimiter: ',', lineEnd: '\n' };
  if (looksBinary(body)) return { ...base, kind: 'binary', delimiter: ',', lineEnd: '\n' };
  const headerEnd = recordEnd(body);
  const headerLine = body.subarray(0, headerEnd === -1 ? body.length : headerEnd).toString('utf8');
  const delimiter: CsvDelimiter = !headerLine.includes(',') && headerLine.includes(';') ? ';' : ',';
  const lineEnd = headerEnd > 0 && body[headerEnd - 1] === 0x0d ? '\r\n' : '\n';
  const wholeFileSeen = head.length === source.size;
  const headerOnly = wholeFileSeen && (headerEnd === -1 || isBlank(body.subarray(headerEnd + 1)));
  return { ...base, kind: headerOnly ? 'headerOnly' : 'ok', delimiter, lineEnd };

  function utf16(encoding: CsvEncoding): SniffResult {
    const kind = source.size <= 2 ? 'empty' : 'ok';
    return { kind, encoding, bomBytes: 2, delimiter: ',', lineEnd: '\n' };
  }
}

/** Only line ends and spaces (or nothing). */
function isBlank(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0x0a && b !== 0x0d && b !== 0x20 && b !== 0x09) return false;
  return true;
}

/** NUL bytes, or mostly control / undecodable characters. */
function looksBinary(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return true;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  let odd = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0xfffd) odd++;
  }
  return odd > text.length * BINARY_SHARE;
}

/** The LF that ends the first record (quote-aware), or -1 when the sample does not hold it. */
function recordEnd(bytes: Uint8Array): number {
  let quoted = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x22) quoted = !quoted;
    else if (b === 0x0a && !quoted) return i;
  }
  return -1;
}

/**
 * Writes a UTF-8 copy (no BOM) of a UTF-16 file with a BOM, chunk by chunk: TextDecoder in stream mode
 * (a chunk may split a code unit or a surrogate pair), unpaired surrogates become U+FFFD. On abort or
 * failure the partial copy is removed and the error is thrown.
 */
export async function transcodeUtf16ToFile(
  src: string,
  dst: string,
  signal?: AbortSignal,
): Promise<void> {
  const probe = await open(src, 'r');
  const bom = Buffer.alloc(2);
  try {
    await probe.read(bom, 0, 2, 0);
  } finally {
    await probe.close();
  }
  const encoding =
    bom[0] === 0xff && bom[1] === 0xfe
      ? 'utf-16le'
      : bom[0] === 0xfe && bom[1] === 0xff
        ? 'utf-16be'
        : undefined;
  if (!encoding) throw new Error('not a UTF-16 file with a byte order mark');
  // The decoder drops the BOM itself (ignoreBOM: false).
  const decoder = new TextDecoder(encoding, { fatal: false });
  const out = await open(dst, 'w');
  try {
    for await (const chunk of createReadStream(src, {
      highWaterMark: 1 << 20,
    }) as AsyncIterable<Buffer>) {
      signal?.throwIfAborted();
      const text = decoder.decode(chunk, { stream: true });
      if (text) await out.write(Buffer.from(text, 'utf8'));
    }
    const rest = decoder.decode();
    if (rest) await out.write(Buffer.from(rest, 'utf8'));
    await out.close();
  } catch (e) {
    await out.close().catch(() => undefined);
    await rm(dst, { force: true });
    throw e;
  }
}
