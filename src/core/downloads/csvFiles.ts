// Local CSV files: safe file names from server data, a guard that a path stays inside the download
// folder, and a bounded read of a file's first lines (large exports are previewed, never loaded whole).

import * as l10n from '@vscode/l10n';
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import * as path from 'node:path';
import { findExportKind, typeName, type Order } from '../orders/order';
import { orderDateRange } from '../orders/order';

/** Above this size a CSV is previewed (readHeadLines) instead of opened in an editor. */
export const LARGE_FILE_BYTES = 50 * 1024 * 1024;

/** Longest id part kept verbatim in a file name; longer ids are cut and get a hash. */
const MAX_ID_CHARS = 64;
const MAX_KIND_CHARS = 40;

/**
 * `chat-interactions_2024-05-03_2024-06-02_<id>.csv`. Every part is reduced to `[A-Za-z0-9._-]`, with
 * no `..`, no leading or trailing dot/dash, and bounded length, so the name can neither leave the
 * folder nor be hidden. If the id had to be changed, a hash of the original id is appended so two
 * different ids never share a file. Dates are the Zurich days of the order (omitted when unknown).
 */
export function csvFileName(order: Order): string {
  // The kind's English name: a file's name is the same whatever the display language.
  const kind = slug(typeName(order.type)).slice(0, MAX_KIND_CHARS).replace(/-+$/, '') || 'export';
  const range = orderDateRange(order);
  const dates = range
    ? `_${cleanPart(range.start).slice(0, 10) || 'start'}_${cleanPart(range.end).slice(0, 10) || 'end'}`
    : '';
  return `${kind}${dates}_${safeId(order.id)}.csv`;
}

/**
 * The merged CSV of a batch: `chat-interactions_2024-01-01_2025-12-31_merged.csv` (same rules as an order's
 * name; the dates are the whole range, which only a batch covers).
 */
export function batchFileName(type: string, range: { start: string; end: string }): string {
  const kind =
    slug(findExportKind(type)?.name ?? type)
      .slice(0, MAX_KIND_CHARS)
      .replace(/-+$/, '') || 'export';
  return `${kind}_${cleanPart(range.start).slice(0, 10) || 'start'}_${cleanPart(range.end).slice(0, 10) || 'end'}_merged.csv`;
}

/**
 * `folder/fileName` as an absolute path; throws if that would be the folder itself or outside it
 * (`..`, an absolute name, a drive letter). Symbolic links are not followed: the folder is the user's.
 */
export function resolveInside(folder: string, fileName: string): string {
  const base = path.resolve(folder);
  const target = path.resolve(base, fileName);
  const rel = path.relative(base, target);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
    throw new Error(
      l10n.t(
        'Refused to use the file name {0}: it points outside the folder {1}.',
        JSON.stringify(fileName),
        base,
      ),
    );
  }
  return target;
}

export interface HeadLines {
  /**
   * Complete CSV records only, each line with its line break (`\n` or `\r\n`) as in the file: the cut is
   * never inside a quoted field, so a field spanning lines is either whole or left out.
   */
  readonly text: string;
  /** Lines (not records) in `text`: a record with a quoted multi-line field counts each of its lines. */
  readonly lineCount: number;
  /** The file continues after `text`. */
  readonly truncated: boolean;
}

/**
 * The first complete records of a CSV file, reading at most `maxBytes` (plus one byte to learn whether
 * more follows) and never the whole file. Cuts after the last line break that lies outside a quoted
 * field within the limit, and at the latest after `maxLines` lines. Quoting is RFC 4180's: a `"` opens or
 * closes a quoted field and `""` inside one is a literal quote, so counting quotes tells whether a line
 * break ends a record (any delimiter). Detailed exports have prompts and answers spanning lines; cutting
 * inside one would leave an open quote, and a CSV viewer would read the rest of the preview as one field.
 * If the first record alone is longer than the limits, `text` is empty and `truncated` true. A file that
 * ends within the limit is returned whole, its last line counted even without a line break.
 * Nothing is stripped: a UTF-8 byte-order mark stays as U+FEFF at the start of `text`, so the preview is
 * exactly the head of the file; whoever shows it decides whether to drop it (Excel-made CSVs carry one).
 * Cutting at `\n` bytes never splits a multi-byte UTF-8 character.
 */
export async function readHeadLines(
  filePath: string,
  maxBytes: number,
  maxLines: number,
): Promise<HeadLines> {
  if (!Number.isInteger(maxBytes) || maxBytes < 1 || !Number.isInteger(maxLines) || maxLines < 1) {
    throw new RangeError(
      `readHeadLines needs positive whole limits (got ${maxBytes} bytes, ${maxLines} lines).`,
    );
  }
  const buffer = Buffer.alloc(maxBytes + 1);
  let filled = 0;
  const file = await open(filePath, 'r');
  try {
    while (filled < buffer.length) {
      const { bytesRead } = await file.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
  } finally {
    await file.close();
  }

  const more = filled > maxBytes;
  const usable = Math.min(filled, maxBytes);
  let inQuotes = false;
  let lines = 0;
  let recordEnd = 0;
  let recordLines = 0;
  let full = false;
  for (let i = 0; i < usable; i++) {
    const byte = buffer[i];
    if (byte === QUOTE) {
      inQuotes = !inQuotes;
    } else if (byte === LINE_FEED) {
      lines++;
      if (!inQuotes) {
        recordEnd = i + 1;
        recordLines = lines;
      }
      if (lines === maxLines) {
        full = true;
        break;
      }
    }
  }
  if (!more && !full) {
    // The whole file is within the limits: all of it, even a last line without a break (or an open quote).
    const lastLine = usable > 0 && buffer[usable - 1] !== LINE_FEED ? 1 : 0;
    return {
      text: buffer.toString('utf8', 0, usable),
      lineCount: lines + lastLine,
      truncated: false,
    };
  }
  return {
    text: buffer.toString('utf8', 0, recordEnd),
    lineCount: recordLines,
    truncated: more || recordEnd < usable,
  };
}

const QUOTE = 0x22;
const LINE_FEED = 0x0a;

function slug(text: string): string {
  return stripAccents(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function cleanPart(text: string): string {
  return stripAccents(text)
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[._-]+|[._-]+$/g, '');
}

function safeId(id: string): string {
  const cleaned = cleanPart(id);
  if (cleaned === id && cleaned.length <= MAX_ID_CHARS && cleaned !== '') return cleaned;
  const hash = createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 12);
  const head = cleaned.slice(0, MAX_ID_CHARS - hash.length - 1).replace(/[._-]+$/, '');
  return head ? `${head}-${hash}` : `id-${hash}`;
}

function stripAccents(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}
