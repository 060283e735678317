// Where a CSV's bytes come from: positional reads (pages) and one forward stream (index, sort, filter,
// find). Decides only how bytes are fetched; never parses, never holds more than one read or stream chunk.
// Folder `core/csv/`: never holds all rows of a file in memory.

import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

export interface CsvSource {
  /** Size in bytes when the source was opened. */
  readonly size: number;
  /** Up to `length` bytes from `position` (fewer at the end of the file). */
  read(position: number, length: number): Promise<Buffer>;
  /** The bytes from `start` (default 0) to the end, in chunks of any size. */
  stream(start?: number): AsyncIterable<Buffer>;
  /** Releases the file descriptor; reads after close fail. */
  close(): Promise<void>;
}

/** One stream chunk: big, because the passes are per chunk (perf-anchors.md). */
export const STREAM_CHUNK_BYTES = 1 << 20;

export interface FileSourceOptions {
  /** Stream chunk size (tests use tiny ones so chunk boundaries fall everywhere). */
  readonly chunkBytes?: number;
}

class FileSource implements CsvSource {
  private closed = false;
  constructor(
    private readonly path: string,
    private readonly fd: FileHandle,
    readonly size: number,
    private readonly chunkBytes: number,
  ) {}

  async read(position: number, length: number): Promise<Buffer> {
    const want = Math.max(0, Math.min(length, this.size - position));
    const buf = Buffer.allocUnsafe(want);
    let got = 0;
    while (got < want) {
      const { bytesRead } = await this.fd.read(buf, got, want - got, position + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return got === want ? buf : buf.subarray(0, got);
  }

  stream(start = 0): AsyncIterable<Buffer> {
    // Ends at the size the source was opened with: bytes appended later are not part of this table.
    if (start >= this.size) return (async function* () {})();
    return createReadStream(this.path, {
      start,
      end: this.size - 1,
      highWaterMark: this.chunkBytes,
    }) as AsyncIterable<Buffer>;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.fd.close();
  }
}

/** A source over a file on disk: one file descriptor for positional reads, a read stream per pass. */
export async function fileSource(
  path: string,
  options: FileSourceOptions = {},
): Promise<CsvSource> {
  const fd = await open(path, 'r');
  try {
    const { size } = await fd.stat();
    return new FileSource(path, fd, size, options.chunkBytes ?? STREAM_CHUNK_BYTES);
  } catch (e) {
    await fd.close();
    throw e;
  }
}
