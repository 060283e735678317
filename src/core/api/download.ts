// Streams a CSV answer to disk: into `<target>.part-<random>` beside the target, renamed to the target only
// once every byte arrived. Never holds the body in memory; removes the temporary file on any failure.

import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
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
  if (!response.body) {
    throw new ApiError('protocol', `${operation} failed: the server answered without a body.`, {
      operation,
      endpoint: exchange.url,
    });
  }

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
  const idle = new IdleWatch(clock, opts.idleTimeoutMs, () => exchange.stall(opts.idleTimeoutMs));
  const reader = response.body.getReader();
  // Whatever fetch does with the signal, a cancel or stall also ends our read.
  const onAbort = (): void => void reader.cancel(signal.reason).catch(() => undefined);
  signal.addEventListener('abort', onAbort, { once: true });
  let file: FileHandle | undefined;
  let inFlight: Promise<void> | undefined;
  try {
    const handle = await onDisk(mkdir(dirname(targetPath), { recursive: true }).then(() => open(temp, 'wx')));
    file = handle;
    let batch: Uint8Array[] = [];
    let batchBytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (signal.aborted) throw signal.reason;
      if (done) break;
      const now = clock.now();
      idle.touch(now);
      if (value.byteLength === 0) continue;
      const first = received === 0;
      received += value.byteLength;
      batch.push(value);
      batchBytes += value.byteLength;
      report(now, first);
      if (batchBytes < WRITE_BATCH_BYTES && batch.length < WRITE_BATCH_CHUNKS) continue;
      if (inFlight) {
        // Reading waits for our disk here, not for the server: that is not idle time.
        idle.pause();
        await inFlight;
        idle.resume(clock.now());
      }
      inFlight = writeAll(handle, batch, batchBytes);
      // Handled where it is awaited; this only keeps a failure meanwhile from counting as unhandled.
      inFlight.catch(() => undefined);
      batch = [];
      batchBytes = 0;
    }
    idle.stop();
    if (inFlight) await inFlight;
    inFlight = undefined;
    if (batchBytes > 0) await writeAll(handle, batch, batchBytes);
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
    await reader.cancel().catch(() => undefined);
    await inFlight?.catch(() => undefined);
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
    throw exchange.fail(e);
  } finally {
    idle.stop();
    signal.removeEventListener('abort', onAbort);
  }
  report(clock.now(), true);
  return { path: targetPath, bytes: received };
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
