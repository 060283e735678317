// Streaming CSV downloads over real HTTP: exact bytes on disk, progress, atomic rename, and no file or
// temporary file left behind after a cancel, a reset, a stall or a short body.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UniqueClient, type UniqueClientOptions } from '../../../src/core/api/client';
import type { DownloadProgress } from '../../../src/core/api/types';
import { ApiError } from '../../../src/core/errors';
import { startFakeServer, type FakeServer } from '../../fakeServer/server';
import { nodeFetch } from '../../../src/core/api/nodeFetch';
import type { FetchFn, FetchResponse } from '../../../src/core/ports';

const TOKEN = 'ukey_CANARY_d0wnl0ad_7c1e5b9a3f_never_show';
const TRICKLE_CHUNK = Buffer.from('a,b\n1,2\n'.repeat(100));
const TINY_BODY = Buffer.from(
  Array.from({ length: 60_000 }, (_, i) => `${i},row ${i % 97}\n`).join(''),
);

function clientFor(
  server: { url: string },
  extra: Partial<UniqueClientOptions> = {},
): UniqueClient {
  return new UniqueClient({
    baseUrl: server.url,
    graphqlPath: '/graphql',
    getToken: () => Promise.resolve(TOKEN),
    userAgent: 'unique-analytics-vscode/test',
    ...extra,
  });
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Hash of the body fetched directly, streamed (the reference the client's file must match). */
async function sha256OfUrl(url: string): Promise<{ hash: string; bytes: number }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(res.status, 200);
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    bytes += chunk.byteLength;
  }
  return { hash: hash.digest('hex'), bytes };
}

async function expectApiError(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  assert.ok(e instanceof ApiError, `expected an ApiError, got ${String(e)}`);
  assert.ok(e.message.length > 0);
  assert.ok(!e.message.includes(TOKEN), 'the token leaked into a message');
  return e;
}

describe('UniqueClient.downloadCsv (real HTTP, real files)', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let dir: string;
  before(async () => {
    server = await startFakeServer({ token: TOKEN });
  });
  after(() => server.stop());
  beforeEach(async () => {
    server.reset();
    dir = await mkdtemp(join(tmpdir(), 'ua-download-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const doneOrder = (bytes?: number) =>
    server.addOrder({
      state: 'DONE',
      type: 'CHAT_INTERACTION_DETAILED',
      ...(bytes ? { csvBytes: bytes } : {}),
    });

  it('streams a ~20 MB CSV to disk byte for byte, reports progress and leaves no temporary file', async () => {
    const size = 20 * 1024 * 1024 + 123;
    const order = doneOrder(size);
    const target = join(dir, 'export.csv');
    const progress: DownloadProgress[] = [];
    const times: number[] = [];
    const result = await clientFor(server).downloadCsv(order.id, target, {
      onProgress: (p) => {
        progress.push(p);
        times.push(Date.now());
      },
    });

    assert.deepEqual(result, { path: target, bytes: size });
    assert.equal((await stat(target)).size, size);
    const reference = await sha256OfUrl(
      `${server.url}/analytics/analytics-scheduler/download/${order.id}`,
    );
    assert.equal(reference.bytes, size);
    assert.equal(await sha256OfFile(target), reference.hash);
    assert.deepEqual(await readdir(dir), ['export.csv']);

    assert.ok(progress.length >= 2, `progress called ${progress.length} times`);
    assert.deepEqual(progress.at(-1), { receivedBytes: size, totalBytes: size });
    for (let i = 1; i < progress.length; i++)
      assert.ok(progress[i].receivedBytes >= progress[i - 1].receivedBytes);
    // Throttled: apart from the first chunk and the final report, at most one report per 100 ms.
    for (let i = 2; i < times.length - 1; i++)
      assert.ok(
        times[i] - times[i - 1] >= 99,
        `reports ${i - 1} and ${i} were ${times[i] - times[i - 1]} ms apart`,
      );

    const req = server.requests.at(-1)!;
    assert.equal(req.route, 'download');
    assert.equal(req.authorization, 'valid');
  });

  it('replaces an existing file only once the new one is complete', async () => {
    const order = doneOrder(5000);
    const target = join(dir, 'export.csv');
    await writeFile(target, 'old content');
    await clientFor(server).downloadCsv(order.id, target);
    assert.equal((await stat(target)).size, 5000);
    assert.deepEqual(await readdir(dir), ['export.csv']);
  });

  it('creates a missing target folder', async () => {
    const order = doneOrder(3000);
    const target = join(dir, 'a', 'b', 'export.csv');
    await clientFor(server).downloadCsv(order.id, target);
    assert.equal((await stat(target)).size, 3000);
  });

  it('cancels mid-download: ApiError cancelled, no final file, no temporary file', async () => {
    const order = doneOrder(40 * 1024 * 1024);
    const target = join(dir, 'export.csv');
    const ctrl = new AbortController();
    const err = await expectApiError(
      clientFor(server).downloadCsv(order.id, target, {
        signal: ctrl.signal,
        onProgress: (p) => {
          if (p.receivedBytes > 0) ctrl.abort();
        },
      }),
    );
    assert.equal(err.kind, 'cancelled');
    assert.deepEqual(await readdir(dir), []);
  });

  it('fails with a network error when the connection resets mid-body, leaving nothing behind', async () => {
    const order = doneOrder(2 * 1024 * 1024);
    server.addFault({ on: 'download', times: 1, fault: { kind: 'reset', afterBytes: 100_000 } });
    const err = await expectApiError(
      clientFor(server).downloadCsv(order.id, join(dir, 'export.csv')),
    );
    assert.equal(err.kind, 'network');
    assert.match(err.message, /^Downloading the CSV failed: /);
    assert.deepEqual(await readdir(dir), []);
  });

  it('a folder that cannot be created fails as a file problem naming the target, with nothing left behind', async () => {
    const order = doneOrder(5000);
    await writeFile(join(dir, 'not-a-folder'), 'x');
    const target = join(dir, 'not-a-folder', 'export.csv');
    const err = await expectApiError(clientFor(server).downloadCsv(order.id, target));
    assert.equal(err.kind, 'badConfiguration');
    assert.ok(err.message.includes(`could not write ${target} (`), err.message);
    assert.deepEqual(await readdir(dir), ['not-a-folder']);
  });

  it('a download larger than several write batches arrives byte for byte while progress is reported', async () => {
    const size = 7 * 1024 * 1024 + 4321; // not a multiple of any chunk or batch size
    const order = doneOrder(size);
    const target = join(dir, 'big.csv');
    let reports = 0;
    const result = await clientFor(server).downloadCsv(order.id, target, {
      onProgress: () => reports++,
    });
    assert.equal(result.bytes, size);
    const reference = await sha256OfUrl(
      `${server.url}/analytics/analytics-scheduler/download/${order.id}`,
    );
    assert.equal(await sha256OfFile(target), reference.hash);
    assert.ok(reports >= 2);
  });

  it('encodes odd order ids into one path segment', async () => {
    for (const id of ['a/b?c#d', '../x', 'with space', 'ümlaut%41']) {
      server.addOrder({ id, state: 'DONE', csvBytes: 2000 });
      const target = join(dir, `${encodeURIComponent(id)}.csv`);
      const result = await clientFor(server).downloadCsv(id, target);
      assert.equal(result.bytes, 2000, id);
      const req = server.requests.at(-1)!;
      assert.equal(
        req.path,
        `/chat/analytics/analytics-scheduler/download/${encodeURIComponent(id)}`,
      );
      assert.deepEqual(req.query, {});
    }
  });

  it('refuses "." and ".." as order ids (URL normalisation would leave the route)', async () => {
    for (const id of ['.', '..', '']) {
      const err = await expectApiError(clientFor(server).downloadCsv(id, join(dir, 'x.csv')));
      assert.equal(err.kind, 'protocol');
    }
    assert.equal(server.requests.length, 0);
  });

  it('reports a missing order as notFound with what to do', async () => {
    const err = await expectApiError(
      clientFor(server).downloadCsv('analyticOrder_gone000000000000000000000', join(dir, 'x.csv')),
    );
    assert.equal(err.kind, 'notFound');
    assert.match(err.message, /refresh the list/);
    assert.deepEqual(await readdir(dir), []);
  });

  it('reports an unfinished order (HTTP 409) without creating a file', async () => {
    const order = server.addOrder({ state: 'RUNNING' });
    const err = await expectApiError(clientFor(server).downloadCsv(order.id, join(dir, 'x.csv')));
    assert.equal(err.kind, 'protocol');
    assert.match(err.message, /409/);
    assert.deepEqual(await readdir(dir), []);
  });

  it('treats an empty body as a protocol error and keeps no file', async () => {
    const order = doneOrder(3000);
    server.addFault({ on: 'download', times: 1, fault: { kind: 'emptyBody' } });
    const err = await expectApiError(clientFor(server).downloadCsv(order.id, join(dir, 'x.csv')));
    assert.equal(err.kind, 'protocol');
    assert.match(err.message, /empty/);
    assert.deepEqual(await readdir(dir), []);
  });

  it('follows a redirect to another origin without sending the token there', async () => {
    const order = doneOrder(4000);
    server.addFault({ on: 'download', times: 1, fault: { kind: 'redirect', to: 'other-origin' } });
    const result = await clientFor(server).downloadCsv(order.id, join(dir, 'x.csv'));
    assert.equal(result.bytes, 4000);
    assert.equal(server.otherOriginRequests.length, 1);
    assert.equal(server.otherOriginSawAuthorization, false);
  });

  describe('against a hand-made server (stalls and short bodies)', () => {
    let raw: Server;
    let rawUrl: string;
    let mode: 'stall' | 'short' | 'trickle' | 'tiny' = 'stall';
    before(async () => {
      raw = createServer((_req, res) => {
        if (mode === 'trickle') {
          // 10 chunks 150 ms apart: 1.5 s in all, never quiet for long.
          res.writeHead(200, {
            'content-type': 'text/csv',
            'content-length': String(10 * TRICKLE_CHUNK.length),
          });
          let sent = 0;
          const next = (): void => {
            res.write(TRICKLE_CHUNK);
            if (++sent === 10) res.end();
            else setTimeout(next, 150);
          };
          next();
        } else if (mode === 'tiny') {
          // Thousands of small writes (fetch may merge some): batches by count, not only by size.
          res.writeHead(200, {
            'content-type': 'text/csv',
            'content-length': String(TINY_BODY.length),
          });
          let at = 0;
          const pump = (): void => {
            while (at < TINY_BODY.length) {
              const piece = TINY_BODY.subarray(at, at + 37);
              at += piece.length;
              if (!res.write(piece)) return void res.once('drain', pump);
              if (at % 3700 === 0) return void setImmediate(pump);
            }
            res.end();
          };
          pump();
        } else if (mode === 'stall') {
          res.writeHead(200, { 'content-type': 'text/csv', 'content-length': '100000' });
          res.write('a,b\n1,2\n'); // then nothing: the connection stays open
        } else {
          res.writeHead(200, { 'content-type': 'text/csv' });
          res.end('a,b\n1,2\n');
        }
      });
      await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
      rawUrl = `http://127.0.0.1:${(raw.address() as AddressInfo).port}/chat`;
    });
    after(async () => {
      raw.closeAllConnections();
      await new Promise<void>((resolve) => raw.close(() => resolve()));
    });

    it('gives up after the idle timeout when data stops arriving, leaving nothing behind', async () => {
      mode = 'stall';
      const started = Date.now();
      const err = await expectApiError(
        clientFor({ url: rawUrl }, { downloadIdleTimeoutMs: 300, timeoutMs: 10_000 }).downloadCsv(
          'analyticOrder_x1',
          join(dir, 'x.csv'),
        ),
      );
      assert.equal(err.kind, 'network');
      assert.match(err.message, /no data arrived/);
      assert.ok(Date.now() - started < 5000);
      assert.deepEqual(await readdir(dir), []);
    });

    it('a slow but steady transfer outlasting the idle timeout is not cut off', async () => {
      mode = 'trickle';
      const started = Date.now();
      const result = await clientFor(
        { url: rawUrl },
        { downloadIdleTimeoutMs: 600, timeoutMs: 10_000 },
      ).downloadCsv('analyticOrder_x3', join(dir, 'slow.csv'));
      assert.ok(Date.now() - started >= 1200, 'the transfer took longer than two idle timeouts');
      assert.equal(result.bytes, 10 * TRICKLE_CHUNK.length);
      assert.equal((await stat(join(dir, 'slow.csv'))).size, 10 * TRICKLE_CHUNK.length);
      assert.deepEqual(await readdir(dir), ['slow.csv']);
    });

    it('many small chunks arrive byte for byte', async () => {
      mode = 'tiny';
      const target = join(dir, 'tiny.csv');
      const result = await clientFor({ url: rawUrl }).downloadCsv('analyticOrder_x4', target);
      assert.equal(result.bytes, TINY_BODY.length);
      assert.ok((await readFile(target)).equals(TINY_BODY), 'file differs from what was sent');
      assert.deepEqual(await readdir(dir), ['tiny.csv']);
    });

    it('rejects a body shorter than its Content-Length (checked by the client itself)', async () => {
      mode = 'short';
      // The injected fetch is the real one; it only adds a Content-Length the body does not reach.
      const lyingFetch: FetchFn = async (input, init) => {
        const res = await nodeFetch(input, init);
        const headers = new Headers(res.headers);
        headers.set('content-length', '999');
        return Object.assign(Object.create(res) as FetchResponse, { headers });
      };
      const err = await expectApiError(
        clientFor({ url: rawUrl }, { fetch: lyingFetch }).downloadCsv(
          'analyticOrder_x2',
          join(dir, 'x.csv'),
        ),
      );
      assert.equal(err.kind, 'network');
      assert.match(err.message, /8 of 999 bytes/);
      assert.deepEqual(await readdir(dir), []);
    });
  });
});
