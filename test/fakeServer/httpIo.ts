// HTTP plumbing for the fake: a `Reply` value every route returns, and one sender that streams it with
// backpressure (and can cut the connection after N body bytes to simulate a reset, or pace it to a link speed).

import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { TokenBucket } from './throttle';

export interface Reply {
  status: number;
  headers: Record<string, string | number>;
  /** Small bodies at once. */
  body?: Buffer | string;
  /** Large bodies as chunks (e.g. CSV); `content-length` must be set by the route. */
  chunks?: () => Iterable<Buffer>;
  /** Pace `chunks` to this many bytes per second (throttle.ts), as a link of that speed would; 0 or absent: as fast as the client reads. */
  bytesPerSecond?: number;
}

export function jsonReply(
  status: number,
  value: unknown,
  headers: Record<string, string | number> = {},
): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(value),
  };
}

/** A NestJS-style error body (`{ statusCode, message, error }`), as Unique's services send. */
export function errorReply(
  status: number,
  message?: string,
  headers: Record<string, string | number> = {},
): Reply {
  const error = STATUS_CODES[status] ?? 'Error';
  return jsonReply(
    status,
    message === undefined
      ? { statusCode: status, message: error }
      : { statusCode: status, message, error },
    headers,
  );
}

export class BodyTooLarge extends Error {}

/** Reads a request body as UTF-8 up to `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge(`request body over ${limit} bytes`);
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString('utf8');
}

function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Writes `chunk` slice by slice, each once the bucket allows it (and the socket has drained). */
async function writePaced(res: ServerResponse, chunk: Buffer, pace: TokenBucket): Promise<void> {
  for (const slice of pace.slices(chunk)) {
    await pace.take(slice.length);
    if (res.destroyed) return;
    if (!res.write(slice)) await drainOrClose(res);
  }
}

/**
 * Sends a reply. With `cutAfter`, only that many body bytes go out (headers announce the full length)
 * and the socket is then destroyed, as a dropped connection would look to the client.
 */
export async function sendReply(
  res: ServerResponse,
  reply: Reply,
  cutAfter?: number,
): Promise<void> {
  const single =
    reply.body === undefined
      ? undefined
      : Buffer.isBuffer(reply.body)
        ? reply.body
        : Buffer.from(reply.body);
  const headers = { ...reply.headers };
  if (single && headers['content-length'] === undefined) headers['content-length'] = single.length;
  if (!reply.chunks && !single) headers['content-length'] ??= 0;
  res.writeHead(reply.status, headers);
  const chunks: Iterable<Buffer> = reply.chunks ? reply.chunks() : single ? [single] : [];
  const limit = cutAfter ?? Infinity;
  const pace =
    reply.chunks && reply.bytesPerSecond ? new TokenBucket(reply.bytesPerSecond) : undefined;
  let sent = 0;
  for (const c of chunks) {
    if (res.destroyed || sent >= limit) break;
    const chunk = sent + c.length > limit ? c.subarray(0, limit - sent) : c;
    sent += chunk.length;
    if (pace) await writePaced(res, chunk, pace);
    else if (!res.write(chunk)) await drainOrClose(res);
  }
  if (res.destroyed) return;
  if (cutAfter === undefined) {
    res.end();
    return;
  }
  // Let the bytes written so far reach the client, then drop the connection mid-body.
  res.flushHeaders();
  await new Promise<void>((resolve) => {
    res.once('close', resolve);
    res.write(Buffer.alloc(0), () => resolve());
  });
  res.destroy();
}
