// nodeFetch over real HTTP against hand-made servers: what the client relies on beyond the fake server's
// happy paths (content codings decoded, no redirect followed, abort mid-body, headers as sent).
import * as assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { nodeFetch } from '../../../src/core/api/nodeFetch';

const CSV = Buffer.from(
  '\uFEFFid,count\n' + Array.from({ length: 5000 }, (_, i) => `${i},${i * 7}`).join('\n'),
);

describe('nodeFetch (real HTTP)', () => {
  let server: Server;
  let base: string;
  let seen: { method?: string; headers: IncomingHttpHeaders; body: string }[] = [];

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({
          method: req.method,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        const path = req.url ?? '/';
        const coded: Record<string, (b: Buffer) => Buffer> = {
          '/gzip': gzipSync,
          '/deflate': deflateSync,
          '/br': brotliCompressSync,
        };
        if (coded[path]) {
          res.writeHead(200, { 'content-type': 'text/csv', 'content-encoding': path.slice(1) });
          res.end(coded[path](CSV));
        } else if (path === '/redirect') {
          res.writeHead(302, { location: '/elsewhere' });
          res.end('moved');
        } else if (path === '/slow') {
          res.writeHead(200, { 'content-type': 'text/csv', 'content-length': String(1 << 20) });
          res.write(Buffer.alloc(1024, 97)); // then nothing: the client aborts
        } else if (path === '/cookies') {
          res.setHeader('set-cookie', ['a=1', 'b=2']);
          res.end('ok');
        } else {
          res.writeHead(200, { 'content-type': 'text/csv' });
          res.end(CSV);
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    seen = [];
  });

  for (const coding of ['gzip', 'deflate', 'br']) {
    it(`decodes a ${coding} body (and asks for the codings it decodes)`, async () => {
      const res = await nodeFetch(`${base}/${coding}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-encoding'), coding);
      assert.equal(
        await res.text(),
        CSV.toString('utf8').slice(1),
        'decoded, BOM dropped as fetch does',
      );
      assert.match(String(seen[0].headers['accept-encoding']), new RegExp(`\\b${coding}\\b`));
    });
  }

  it('sends method, headers and body as given, with a Content-Length', async () => {
    const headers = new Headers({ authorization: 'Bearer x', 'content-type': 'application/json' });
    const res = await nodeFetch(`${base}/plain`, { method: 'POST', headers, body: '{"q":"ü"}' });
    assert.equal(res.ok, true);
    await res.text();
    assert.equal(seen[0].method, 'POST');
    assert.equal(seen[0].headers.authorization, 'Bearer x');
    assert.equal(seen[0].headers['content-length'], String(Buffer.byteLength('{"q":"ü"}')));
    assert.equal(seen[0].body, '{"q":"ü"}');
  });

  it('never follows a redirect itself (HttpTransport decides where the token may go)', async () => {
    const res = await nodeFetch(`${base}/redirect`, { redirect: 'manual' });
    assert.equal(res.status, 302);
    assert.equal(res.ok, false);
    assert.equal(res.headers.get('location'), '/elsewhere');
    assert.equal(seen.length, 1, 'only the first request was made');
    res.body.destroy();
  });

  it('keeps repeated headers', async () => {
    const res = await nodeFetch(`${base}/cookies`);
    assert.equal(res.headers.get('set-cookie'), 'a=1, b=2');
    await res.text();
  });

  it('an abort mid-body ends the body stream with an error', async () => {
    const ctrl = new AbortController();
    const res = await nodeFetch(`${base}/slow`, { signal: ctrl.signal });
    const failed = new Promise<unknown>((resolve) =>
      res.body.on('error', resolve).on('close', () => resolve('closed')),
    );
    res.body.resume();
    ctrl.abort();
    const outcome = await failed;
    assert.ok(outcome instanceof Error || outcome === 'closed', String(outcome));
  });

  it('an abort before sending rejects without a request', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    await assert.rejects(nodeFetch(`${base}/plain`, { signal: ctrl.signal }));
    assert.equal(seen.length, 0);
  });

  it('a refused connection rejects with the code the error messages read', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    await assert.rejects(
      nodeFetch(`http://127.0.0.1:${port}/`),
      (e: unknown) => (e as { code?: string }).code === 'ECONNREFUSED',
    );
  });

  it('refuses anything but http and https', async () => {
    await assert.rejects(nodeFetch('file:///etc/passwd'), /unsupported protocol file:/);
    await assert.rejects(nodeFetch('not a url'), /invalid URL/);
  });
});
