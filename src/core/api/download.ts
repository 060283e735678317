// Streams a CSV answer to disk: into `<target>.part-<random>` beside the target, renamed to the target only
// once every byte arrived. Never holds the body in memory; removes the temporary file on any failure.

import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ApiError } from '../errors';
import type { Clock } from '../ports';
import type { HttpExchange } from './http';
import type { DownloadProgress, DownloadResult } from './types';

export const PROGRESS_INTERVAL_MS = 100;
/**
 * Received chunks are written in batches of about this size, one batch in flight while the next fills:
 * fetch hands over 64 KiB chunks, and one write per chunk (a pipe into a write stream) stalls the reader
 * on every chunk. At most two batches are held, so memory stays bounded whatever the file size.
 */
export const WRITE_BATCH_BYTES = 1024 * 1024;
/** Also flush after this many chunks, so a server sending tiny chunks cannot build a huge write vector. */
const WRITE_BATCH_CHUNKS = 256;

export interface SaveOptions {
  readonly operation: string;
  readonly targetPath: string;
  readonly idleTimeoutMs: number;
  readonly clock: Clock;
  readonly onProgress?: (p: DownloadProgress) => void;
}

/** The temporary name for `target`: same folder (so the final rename is atomic), random suffix. */
export function tempPathFor(target: string): string {
  return `${target}.part-${randomBytes(6).toString('hex')}`;
}

export async function saveBody(exchange: HttpExchange, opts: SaveOptions): Promise<DownloadResult> {
  const { response, signal } = exchange;
  const { operation, targetPath, clock, onProgress } = opts;
  const encoding = (response.headers.get('content-encoding') ?? 'identity').toLowerCase();
  const lengthHeader = response.headers.get('content-length');
  // With a content encoding, Content-Length counts compressed bytes while we count decoded ones.
  const totalBytes =
    lengthHeader && /^\d+$/.test(lengthHeader.trim()) && encoding === 'identity' ? Number(lengthHeader) : undefined;

  let received = 0;
  let lastReport = -Infinity;
  const report = (now: number, force: boolean): void => {
    if (!onProgress || (!force && now - lastReport < PROGRESS_INTERVAL_MS)) return;
    lastReport = now;
    try {
      onProgress({ receivedBytes: received, totalBytes });
    } catch {
      // a failing progress callback must not break the download
    }
  };

  const temp = tempPathFor(targetPath);
  exchange.stopTimeout();
  // Node's stream when the fetch has one (the extension's does); a web body is adapted to one. `nodeBody`
  // first: reading `body` of a nodeFetch answer would turn its stream into a web stream.
  const web = response.nodeBody ? undefined : response.body;
  const source = response.nodeBody ?? (web ? Readable.fromWeb(web as WebReadableStream) : undefined);
  if (!source) {
    throw new ApiError('protocol', `${operation} failed: the server answered without a body.`, {
      operation,
      endpoint: exchange.url,
    });
  }
  // The connection can fail while the file is being opened, before pump() listens: such an error must not
  // go uncaught (it would take the extension host's error log); pump() finds it in `source.errored`.
  source.on('error', () => undefined);
  const idle = new IdleWatch(clock, opts.idleTimeoutMs, () => exchange.stall(opts.idleTimeoutMs));
  // Whatever the fetch does with the signal, a cancel or stall also ends our read.
  const onAbort = (): void => void source.destroy(signal.reason instanceof Error ? signal.reason : undefined);
  signal.addEventListener('abort', onAbort, { once: true });
  let file: FileHandle | undefined;
  try {
    const handle = await onDisk(mkdir(dirname(targetPath), { recursive: true }).then(() => open(temp, 'wx')));
    file = handle;
    await pump(source, handle, clock, idle, (bytes, now) => {
      const first = received === 0;
      received += bytes;
      report(now, first);
    });
    if (signal.aborted) throw signal.reason;
    file = undefined;
    await onDisk(handle.close());
    if (received === 0) {
      throw new ApiError(
        'protocol',
        `${operation} failed: the server sent an empty file (0 bytes) instead of a CSV. Try again later.`,
        { operation, endpoint: exchange.url },
      );
    }
    if (totalBytes !== undefined && received !== totalBytes) {
      throw new ApiError(
        'network',
        `${operation} failed: the connection ended after ${received} of ${totalBytes} bytes. Nothing was saved; try again.`,
        { operation, endpoint: exchange.url },
      );
    }
    await onDisk(rename(temp, targetPath));
  } catch (e) {
    idle.stop();
    source.destroy();
    await file?.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    if (e instanceof DiskError) {
      const code = (e.failure as { code?: unknown } | null)?.code;
      throw new ApiError(
        'badConfiguration',
        `${operation} failed: could not write ${targetPath}${typeof code === 'string' ? ` (${code})` : ''}. Check the folder and free space.`,
        { operation, cause: e.failure },
      );
    }
    throw exchange.fail(signal.aborted ? signal.reason : e);
  } finally {
    idle.stop();
    signal.removeEventListener('abort', onAbort);
  }
  report(clock.now(), true);
  return { path: targetPath, bytes: received };
}

/**
 * Moves `source` into `file` in batches and settles once every byte is written (or on the first failure,
 * after the write in flight is done). Reads by events, not by an async iterator: the per-chunk promise
 * turns of `for await` cost a tenth of the throughput at loopback speed. While a full batch waits for the
 * write in flight, the source is paused (backpressure reaches the server), and that wait is not idle time.
 */
function pump(
  source: Readable,
  file: FileHandle,
  clock: Clock,
  idle: IdleWatch,
  onData: (bytes: number, now: number) => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let batch: Uint8Array[] = [];
    let batchBytes = 0;
    let inFlight = false;
    let ended = false;
    let settled = false;
    const settle = (e?: unknown): void => {
      if (settled) return;
      settled = true;
      idle.stop();
      source.off('data', onChunk);
      if (e === undefined) resolve();
      else reject(e instanceof Error ? e : new Error('the download stream failed', { cause: e }));
    };
    let failure: unknown;
    const fail = (e: unknown): void => {
      failure ??= e;
      source.destroy();
      if (!inFlight) settle(failure);
    };
    const flush = (): void => {
      const chunks = batch;
      const bytes = batchBytes;
      batch = [];
      batchBytes = 0;
      inFlight = true;
      writeAll(file, chunks, bytes).then(
        () => {
          inFlight = false;
          if (failure !== undefined) return settle(failure);
          if (batchBytes >= WRITE_BATCH_BYTES || batch.length >= WRITE_BATCH_CHUNKS || (ended && batchBytes > 0)) flush();
          else if (ended) settle();
          if (source.isPaused() && !ended) {
            idle.resume(clock.now());
            source.resume();
          }
        },
        (e: unknown) => {
          inFlight = false;
          fail(e);
        },
      );
    };
    const onChunk = (chunk: Uint8Array): void => {
      if (chunk.byteLength === 0) return;
      const now = clock.now();
      idle.touch(now);
      batch.push(chunk);
      batchBytes += chunk.byteLength;
      onData(chunk.byteLength, now);
      if (batchBytes < WRITE_BATCH_BYTES && batch.length < WRITE_BATCH_CHUNKS) return;
      if (!inFlight) return flush();
      // Reading waits for our disk here, not for the server: that is not idle time.
      idle.pause();
      source.pause();
    };
    if (source.errored || source.destroyed) {
      settle(source.errored ?? new Error('the download stream closed before its end'));
      return;
    }
    source.on('data', onChunk);
    source.once('end', () => {
      ended = true;
      idle.stop();
      if (inFlight) return;
      if (batchBytes > 0) flush();
      else settle();
    });
    source.on('error', fail);
    // Destroyed without 'end' or 'error' (a cancel): nothing more will come.
    source.once('close', () => {
      if (!ended) fail(failure ?? new Error('the download stream closed before its end'));
    });
  });
}

/** A failure of our own disk (folder, temporary file, write, rename), not of the transfer. */
class DiskError extends Error {
  constructor(readonly failure: unknown) {
    super('disk operation failed');
  }
}

function onDisk<T>(p: Promise<T>): Promise<T> {
  return p.catch((e: unknown) => {
    throw new DiskError(e);
  });
}

/** Writes `chunks` (`bytes` in all) at the file's position. libuv already continues short writes, so one
 * that still comes back short hit a full disk or quota. */
async function writeAll(file: FileHandle, chunks: readonly Uint8Array[], bytes: number): Promise<void> {
  const { bytesWritten } = await onDisk(file.writev(chunks));
  if (bytesWritten !== bytes) throw new DiskError(new Error(`wrote ${bytesWritten} of ${bytes} bytes`));
}

/**
 * Calls `onIdle` once no data arrived for `ms`. Arrivals only record a timestamp; one timer at a time
 * checks it and re-arms for the time left, so a fast download costs no timer churn per chunk. While
 * paused (waiting for our own disk) the transfer is not idle.
 */
class IdleWatch {
  private last: number;
  private timer: unknown;
  private paused = false;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly ms: number,
    private readonly onIdle: () => void,
  ) {
    this.last = clock.now();
    this.arm(ms);
  }

  touch(now: number): void {
    this.last = now;
  }

  pause(): void {
    this.paused = true;
  }

  resume(now: number): void {
    this.paused = false;
    this.last = now;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(delay: number): void {
    this.timer = this.clock.setTimeout(() => this.check(), delay);
  }

  private check(): void {
    this.timer = undefined;
    if (this.stopped) return;
    const quiet = this.clock.now() - this.last;
    if (this.paused) this.arm(this.ms);
    else if (quiet < this.ms) this.arm(this.ms - quiet);
    else this.onIdle();
  }
}
