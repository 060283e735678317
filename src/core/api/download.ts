// Streams a CSV answer to disk: into `<target>.part-<random>` beside the target, renamed to the target only
// once every byte arrived. Never holds the body in memory; removes the temporary file on any failure.

import * as l10n from '@vscode/l10n';
import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiError } from '../errors';
import type { Clock } from '../ports';
import type { HttpExchange } from './http';
import { operationLabel } from './operations';
import type { DownloadProgress, DownloadResult } from './types';

export const PROGRESS_INTERVAL_MS = 100;
/**
 * The meter hands chunks on in batches of about this size, and the file stream buffers as much before it
 * pushes back on the socket. On a real link the socket delivers small chunks (16–64 KiB) one at a time; the
 * file would take each as its own write syscall. Handed on together, fs.WriteStream writes a batch with one
 * writev while it is free and gathers the rest for the next. Memory stays bounded whatever the file size.
 */
export const WRITE_BUFFER_BYTES = 1024 * 1024;

const FILE_SYSCALLS = new Set(['open', 'write', 'writev', 'close', 'fsync']);

export interface SaveOptions {
  readonly operation: string;
  readonly targetPath: string;
  readonly idleTimeoutMs: number;
  readonly clock: Clock;
  readonly onProgress?: (p: DownloadProgress) => void;
  readonly onChunk?: (chunk: Uint8Array) => void;
}

/** The temporary name for `target`: same folder (so the final rename is atomic), random suffix. */
export function tempPathFor(target: string): string {
  return `${target}.part-${randomBytes(6).toString('hex')}`;
}

export async function saveBody(exchange: HttpExchange, opts: SaveOptions): Promise<DownloadResult> {
  const { response, signal } = exchange;
  const { operation, targetPath, clock, onProgress, onChunk } = opts;
  const encoding = (response.headers.get('content-encoding') ?? 'identity').toLowerCase();
  const lengthHeader = response.headers.get('content-length');
  // With a content encoding, Content-Length counts compressed bytes while we count decoded ones.
  const totalBytes =
    lengthHeader && /^\d+$/.test(lengthHeader.trim()) && encoding === 'identity'
      ? Number(lengthHeader)
      : undefined;

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
  const source = response.body;
  // The connection can fail while the folder is being made, before pipeline() listens: such an error must not
  // go uncaught (it would take the extension host's error log); pipeline() finds it on the destroyed stream.
  source.on('error', () => undefined);
  let file: WriteStream | undefined;
  /** A failure of our own disk (folder, temporary file, write, rename), not of the transfer. */
  const disk: { failure?: NodeJS.ErrnoException } = {};
  const idle = new IdleWatch(clock, opts.idleTimeoutMs, () => exchange.stall(opts.idleTimeoutMs));
  try {
    await mkdir(dirname(targetPath), { recursive: true }).catch((e: unknown) => {
      disk.failure = e as NodeJS.ErrnoException;
      throw e;
    });
    const out = createWriteStream(temp, { flags: 'wx', highWaterMark: WRITE_BUFFER_BYTES });
    file = out;
    // pipeline() also destroys the file with the socket's error or the abort: only the file's own system
    // calls are disk failures.
    out.once('error', (e: NodeJS.ErrnoException) => {
      if (e.syscall && FILE_SYSCALLS.has(e.syscall)) disk.failure ??= e;
    });
    // Waiting for our own disk is not the server going quiet.
    idle.busy = () => out.writableNeedDrain;
    let held: Buffer[] = [];
    let heldBytes = 0;
    const handOn = (stream: Transform): void => {
      for (const c of held) stream.push(c);
      held = [];
      heldBytes = 0;
    };
    const meter = new Transform({
      highWaterMark: WRITE_BUFFER_BYTES,
      transform(chunk: Buffer, _encoding, done) {
        const now = clock.now();
        const first = received === 0;
        received += chunk.byteLength;
        idle.touch(now);
        report(now, first);
        onChunk?.(chunk);
        held.push(chunk);
        heldBytes += chunk.byteLength;
        if (heldBytes >= WRITE_BUFFER_BYTES) handOn(this);
        done();
      },
      flush(done) {
        handOn(this);
        done();
      },
    });
    await pipeline(source, meter, out, { signal });
    idle.stop();
    await closed(out);
    if (received === 0) {
      throw new ApiError(
        'protocol',
        l10n.t({
          message:
            '{0} failed: the server sent an empty file (0 bytes) instead of a CSV. Try again later.',
          args: [operationLabel(operation)],
          comment: ['{0} is what was being done, e.g. "Downloading the CSV"'],
        }),
        { operation, endpoint: exchange.url },
      );
    }
    if (totalBytes !== undefined && received !== totalBytes) {
      throw new ApiError(
        'network',
        l10n.t({
          message:
            '{0} failed: the connection ended after {1} of {2} bytes. Nothing was saved; try again.',
          args: [operationLabel(operation), received, totalBytes],
          comment: ['{0} is what was being done, e.g. "Downloading the CSV"'],
        }),
        { operation, endpoint: exchange.url },
      );
    }
    await rename(temp, targetPath).catch((e: unknown) => {
      disk.failure = e as NodeJS.ErrnoException;
      throw e;
    });
  } catch (e) {
    idle.stop();
    source.destroy();
    if (file) {
      file.destroy();
      await closed(file);
    }
    await rm(temp, { force: true }).catch(() => undefined);
    if (disk.failure) {
      const { code } = disk.failure;
      throw new ApiError(
        'badConfiguration',
        typeof code === 'string'
          ? l10n.t({
              message: '{0} failed: could not write {1} ({2}). Check the folder and free space.',
              args: [operationLabel(operation), targetPath, code],
              comment: [
                '{0} is what was being done, e.g. "Downloading the CSV"; {1} is a path; {2} an error code',
              ],
            })
          : l10n.t({
              message: '{0} failed: could not write {1}. Check the folder and free space.',
              args: [operationLabel(operation), targetPath],
              comment: ['{0} is what was being done, e.g. "Downloading the CSV"; {1} is a path'],
            }),
        { operation, cause: disk.failure },
      );
    }
    throw exchange.fail(signal.aborted ? signal.reason : e);
  } finally {
    idle.stop();
  }
  report(clock.now(), true);
  return { path: targetPath, bytes: received };
}

/** Resolves once the file's descriptor is closed (so the temporary file can be renamed or removed). */
function closed(file: WriteStream): Promise<void> {
  return file.closed
    ? Promise.resolve()
    : new Promise((resolve) => file.once('close', () => resolve()));
}

/**
 * Calls `onIdle` once no data arrived for `ms`. Arrivals only record a timestamp; one timer at a time
 * checks it and re-arms for the time left, so a fast download costs no timer churn per chunk. While
 * `busy()` (the file is full and the socket waits for our disk) the transfer is not idle.
 */
class IdleWatch {
  busy: () => boolean = () => false;
  private last: number;
  private timer: unknown;
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
    const now = this.clock.now();
    if (this.busy()) this.last = now;
    const quiet = now - this.last;
    if (quiet < this.ms) this.arm(this.ms - quiet);
    else this.onIdle();
  }
}
