// The parts of a batch merged into one CSV, streamed (memory does not grow with the files): the first part's
// byte-order mark and header once, then every part's rows in the order given (the parts' windows are in time
// order, back to back), each part ending with a line end before the next. A part whose header differs from the
// first is refused with both headers named, never mixed in. Written to a temporary name beside the target and
// renamed at the end: never a half-merged file under the final name. Parts are read, never changed.

import * as l10n from '@vscode/l10n';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { tempPathFor } from '../api/download';
import { fileSource } from '../csv/source';
import { boundariesAfter } from '../insights/parts';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const LF = 0x0a;
/**
 * Bytes read at a time. 64 KiB keeps a 2 GiB merge's extra memory below one download's (0.82×); 1 MiB with
 * Readable.from's default read-ahead was 1.10×, 256 KiB 1.01× (bench/README.md, "Merging parts").
 */
const CHUNK = 64 * 1024;

export class MergeHeaderError extends Error {
  constructor(
    readonly part: number,
    readonly expected: string,
    readonly found: string,
  ) {
    super(
      l10n.t({
        message:
          'Part {0} has other columns than part 1: "{1}" instead of "{2}". The parts were not merged.',
        args: [part + 1, found, expected],
        comment: ['{1} and {2} are the header lines of two CSV files'],
      }),
    );
    this.name = 'MergeHeaderError';
  }
}

interface PartLayout {
  readonly path: string;
  readonly bom: boolean;
  readonly header: string;
  /** The header ends with CRLF (the merged file's added line ends follow it). */
  readonly crlf: boolean;
  /** Where its first data row starts. */
  readonly bodyStart: number;
  readonly size: number;
}

async function layout(path: string): Promise<PartLayout> {
  const source = await fileSource(path);
  try {
    const head = await source.read(0, 3);
    const bom = head.equals(BOM);
    const from = bom ? 3 : 0;
    const [bodyStart] = await boundariesAfter(source, from, [from]);
    const raw = (await source.read(from, bodyStart - from)).toString('utf8');
    const header = raw.replace(/\r?\n$/, '');
    return { path, bom, header, crlf: raw.endsWith('\r\n'), bodyStart, size: source.size };
  } finally {
    await source.close();
  }
}

export interface MergeResult {
  readonly bytes: number;
  /** Parts that had a header and no rows (nothing of them is in the result but their header check). */
  readonly emptyParts: number;
}

/** Merges `parts` (CSV files, in time order) into `target`. */
export async function mergeParts(
  parts: readonly string[],
  target: string,
  options: {
    readonly signal?: AbortSignal;
    readonly onProgress?: (bytes: number, total: number) => void;
  } = {},
): Promise<MergeResult> {
  if (parts.length === 0) throw new Error('no parts to merge');
  const layouts: PartLayout[] = [];
  for (const p of parts) layouts.push(await layout(p));
  const first = layouts[0];
  layouts.forEach((l, i) => {
    if (l.header !== first.header) throw new MergeHeaderError(i, first.header, l.header);
  });
  const total = layouts.reduce((s, l) => s + l.size, 0);
  let read = 0;
  let out = 0;
  let emptyParts = 0;
  async function* bytes(): AsyncIterable<Buffer> {
    const head = Buffer.from(first.header + lineEnd(first), 'utf8');
    if (first.bom) {
      out += BOM.length;
      yield BOM;
    }
    out += head.length;
    yield head;
    for (const l of layouts) {
      if (l.bodyStart >= l.size) {
        emptyParts++;
        continue;
      }
      let last = LF;
      for await (const chunk of createReadStream(l.path, {
        start: l.bodyStart,
        highWaterMark: CHUNK,
      }) as AsyncIterable<Buffer>) {
        options.signal?.throwIfAborted();
        last = chunk[chunk.length - 1];
        read += chunk.length;
        out += chunk.length;
        options.onProgress?.(read, total);
        yield chunk;
      }
      // A part without a final line end must not run into the next part's first row.
      if (last !== LF) {
        const end = Buffer.from(lineEnd(first));
        out += end.length;
        yield end;
      }
    }
  }
  const temp = tempPathFor(target);
  try {
    // Byte mode with a one-chunk buffer: Readable.from's default (object mode, 16 items) would hold 16 chunks
    // of read-ahead; one chunk in flight is all the merge needs.
    const source = Readable.from(bytes(), { objectMode: false, highWaterMark: CHUNK });
    await pipeline(source, createWriteStream(temp, { flags: 'wx' }), {
      ...(options.signal ? { signal: options.signal } : {}),
    });
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
  return { bytes: out, emptyParts };
}

/** The line end the first part's header used (CRLF or LF). */
function lineEnd(l: PartLayout): string {
  return l.crlf ? '\r\n' : '\n';
}
