// Streams a CSV answer to disk: into `<target>.part-<random>` beside the target, renamed to the target only
// once every byte arrived. Never holds the body in memory; removes the temporary file on any failure.

import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { ApiError } from '../errors';
import type { Clock } from '../ports';
import type { HttpExchange } from './http';
import type { DownloadProgress, DownloadResult } from './types';

export const PROGRESS_INTERVAL_MS = 100;

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
  const { response } = exchange;
  const { operation, targetPath, clock } = opts;
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
  const report = (force: boolean) => {
    const now = clock.now();
    if (!opts.onProgress || (!force && now - lastReport < PROGRESS_INTERVAL_MS)) return;
    lastReport = now;
    try {
      opts.onProgress({ receivedBytes: received, totalBytes });
    } catch {
      // a failing progress callback must not break the download
    }
  };

  let idle: unknown;
  const armIdle = () => {
    if (idle !== undefined) clock.clearTimeout(idle);
    idle = clock.setTimeout(() => exchange.stall(opts.idleTimeoutMs), opts.idleTimeoutMs);
  };
  const disarmIdle = () => {
    if (idle !== undefined) clock.clearTimeout(idle);
    idle = undefined;
  };

  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      const first = received === 0;
      received += chunk.length;
      armIdle();
      report(first);
      done(null, chunk);
    },
  });

  const temp = tempPathFor(targetPath);
  exchange.stopTimeout();
  armIdle();
  try {
    await mkdir(dirname(targetPath), { recursive: true });
    const source = Readable.fromWeb(response.body as unknown as NodeReadableStream<Uint8Array>);
    await pipeline(source, counter, createWriteStream(temp, { flags: 'wx' }), { signal: exchange.signal });
    disarmIdle();
    if (received === 0) {
      throw new ApiError(
        'protocol',
        `${operation} failed: the server sent an empty file (0 bytes) instead of a CSV. Try again later.`,
        {
          operation,
          endpoint: exchange.url,
        },
      );
    }
    if (totalBytes !== undefined && received !== totalBytes) {
      throw new ApiError(
        'network',
        `${operation} failed: the connection ended after ${received} of ${totalBytes} bytes. Nothing was saved; try again.`,
        { operation, endpoint: exchange.url },
      );
    }
    await rename(temp, targetPath);
  } catch (e) {
    disarmIdle();
    await rm(temp, { force: true }).catch(() => undefined);
    if (isFileError(e)) {
      throw new ApiError(
        'badConfiguration',
        `${operation} failed: could not write ${targetPath} (${(e as { code: string }).code}). Check the folder and free space.`,
        {
          operation,
          cause: e,
        },
      );
    }
    throw exchange.fail(e);
  } finally {
    disarmIdle();
  }
  report(true);
  return { path: targetPath, bytes: received };
}

const FILE_ERRORS = new Set([
  'EACCES',
  'EPERM',
  'ENOSPC',
  'EROFS',
  'EISDIR',
  'ENOTDIR',
  'EEXIST',
  'EDQUOT',
  'EMFILE',
  'ENAMETOOLONG',
]);

function isFileError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && FILE_ERRORS.has(code) && typeof (e as { path?: unknown }).path === 'string';
}
