// The fake server's download throttle (test/fakeServer/throttle.ts), which bench/download uses to shape the CSV
// stream to a real link for curl and the extension alike. A test of the fake, over real HTTP: the pacing bounds
// are wide (the machines are shared) but a throttle that does not pace, or paces at the wrong rate, fails them.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { rawClient } from '../fakeServer/rawClient';
import { startFakeServer, type FakeServer } from '../fakeServer/server';
import { BURST_MS, TokenBucket } from '../fakeServer/throttle';

const MiB = 1024 * 1024;
const RATE = 8 * MiB;
const BODY = 2 * MiB;
/** 2 MiB at 8 MiB/s is 250 ms; the bucket starts with one slice (1/200 s), so at least ~245 ms. */
const PACED_MIN_MS = 220;
const PACED_MAX_MS = 600;
/** 256 KiB unpaced; even at a slow 64 KiB/s it would take 4 s. */
const UNPACED_MAX_MS = 2000;

interface Timed {
  status: number;
  bytes: number;
  contentLength: string | undefined;
  /** ms from the request until the first body bytes, half the body, and all of it (= ms). */
  firstMs: number;
  halfMs: number;
  ms: number;
}

/** GETs `url` with Node's http (cheap to read, so the reader's own cost hardly shows) and times the body. */
function timedDownload(url: string, token: string): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = get(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      const total = Number(res.headers['content-length']);
      let bytes = 0;
      let firstMs = NaN;
      let halfMs = NaN;
      res.on('data', (chunk: Buffer) => {
        if (bytes === 0) firstMs = performance.now() - started;
        bytes += chunk.length;
        if (Number.isNaN(halfMs) && bytes >= total / 2) halfMs = performance.now() - started;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          bytes,
          contentLength: res.headers['content-length'],
          firstMs,
          halfMs,
          ms: performance.now() - started,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

function downloadUrlOf(server: { url: string }, id: string): string {
  return `${server.url}/analytics/analytics-scheduler/download/${encodeURIComponent(id)}`;
}

function assertPaced(t: Timed, what: string): void {
  assert.equal(t.status, 200, what);
  assert.equal(t.bytes, BODY, what);
  assert.equal(t.contentLength, String(BODY), what);
  assert.ok(
    t.ms >= PACED_MIN_MS && t.ms <= PACED_MAX_MS,
    `${what}: 2 MiB at 8 MiB/s took ${t.ms.toFixed(0)} ms`,
  );
  // Paced all along, not sent at once after a wait (or the other way round): from the first body bytes to the
  // last, half the body arrives near half the time.
  const share = (t.halfMs - t.firstMs) / (t.ms - t.firstMs);
  assert.ok(
    share >= 0.25 && share <= 0.75,
    `${what}: body from ${t.firstMs.toFixed(0)} to ${t.ms.toFixed(0)} ms, half of it at ${t.halfMs.toFixed(0)} ms`,
  );
}

describe('fake server download throttle', () => {
  let server: FakeServer;
  afterEach(() => server?.stop());

  it('paces a 2 MiB CSV to 8 MiB/s over real HTTP (220-600 ms, evenly), per server option', async () => {
    server = await startFakeServer({ downloadBytesPerSecond: RATE });
    const order = server.addOrder({ state: 'DONE', csvBytes: BODY });
    assertPaced(await timedDownload(downloadUrlOf(server, order.id), server.token), 'option');
  });

  it('is off by default; the control route sets it, refuses a bad rate and clears it with 0', async () => {
    server = await startFakeServer();
    const { control } = rawClient(server);
    assert.equal(server.downloadBytesPerSecond, 0);
    // 256 KiB: unshaped a few ms (more on a busy machine); paced even at 64 KiB/s, 4 s.
    const small = server.addOrder({ state: 'DONE', csvBytes: 256 * 1024 });
    const unshaped = await timedDownload(downloadUrlOf(server, small.id), server.token);
    assert.equal(unshaped.bytes, 256 * 1024);
    assert.ok(unshaped.ms < UNPACED_MAX_MS, `unshaped 256 KiB took ${unshaped.ms.toFixed(0)} ms`);

    assert.equal((await control('POST', '/config', { downloadBytesPerSecond: RATE })).status, 200);
    assert.equal(server.downloadBytesPerSecond, RATE);
    const order = server.addOrder({ state: 'DONE', csvBytes: BODY });
    assertPaced(
      await timedDownload(downloadUrlOf(server, order.id), server.token),
      'control route',
    );

    for (const bad of [-1, 'fast', null]) {
      const res = await control('POST', '/config', { downloadBytesPerSecond: bad, pendingMs: 1 });
      assert.equal(res.status, 400, String(bad));
      assert.match(((await res.json()) as { message: string }).message, /downloadBytesPerSecond/);
    }
    assert.equal(server.downloadBytesPerSecond, RATE);
    assert.equal(server.pendingMs, 2000, 'a refused config changes nothing');

    assert.equal((await control('POST', '/config', { downloadBytesPerSecond: 0 })).status, 200);
    assert.equal(server.downloadBytesPerSecond, 0);
    const again = await timedDownload(downloadUrlOf(server, small.id), server.token);
    assert.ok(again.ms < UNPACED_MAX_MS, `unshaped again: 256 KiB took ${again.ms.toFixed(0)} ms`);
  });

  it('paces only CSV bodies, and a paced body still honours a mid-body reset fault', async () => {
    // 1 KiB/s: a paced list answer of 100 orders (~40 KB) would take half a minute.
    server = await startFakeServer({ downloadBytesPerSecond: 1024 });
    server.seedMany(100);
    const { list, download } = rawClient(server);
    const started = performance.now();
    assert.equal((await list({ skip: 0, take: 100 })).length, 100);
    assert.ok(performance.now() - started < 5000, 'a GraphQL answer is not paced');
    server.downloadBytesPerSecond = 64 * 1024;
    const order = server.addOrder({ state: 'DONE', csvBytes: BODY });
    server.addFault({ on: 'download', times: 1, fault: { kind: 'reset', afterBytes: 4096 } });
    const res = await download(order.id);
    assert.equal(res.headers.get('content-length'), String(BODY));
    await assert.rejects(res.arrayBuffer());
  });

  it('rejects a bad rate as a server option', async () => {
    await assert.rejects(startFakeServer({ downloadBytesPerSecond: -5 }), /downloadBytesPerSecond/);
    await assert.rejects(
      startFakeServer({ downloadBytesPerSecond: Number.NaN }),
      /downloadBytesPerSecond/,
    );
  });

  it('takes the rate from the CLI flag of `npm run fake-server` (--download-rate)', async () => {
    const main = join(__dirname, '..', 'fakeServer', 'main.js');
    assert.ok(
      existsSync(main),
      `${main} is built by \`node esbuild.mjs --tests\` beside the unit tests`,
    );
    const token = 'fake-cli-throttle-token';
    const env = { ...process.env };
    delete env.UNIQUE_ANALYTICS_TOKEN;
    const child = spawn(
      process.execPath,
      [main, '--seed', 'empty', '--quiet', '--token', token, '--download-rate', String(RATE)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env,
      },
    );
    try {
      const url = await urlLine(child);
      const origin = new URL(url).origin;
      const add = await fetch(`${origin}/__fake/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ state: 'DONE', csvBytes: BODY }),
      });
      const { id } = (await add.json()) as { id: string };
      assertPaced(await timedDownload(downloadUrlOf({ url }, id), token), 'CLI');
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('TokenBucket (virtual clock)', () => {
  function virtual(rate: number): { bucket: TokenBucket; clock: { t: number } } {
    const clock = { t: 0 };
    const bucket = new TokenBucket(
      rate,
      () => clock.t,
      (ms) => {
        clock.t += ms;
        return Promise.resolve();
      },
    );
    return { bucket, clock };
  }

  it('lets bytes go at the rate, in slices of at most 1/200 s of it', async () => {
    const { bucket, clock } = virtual(100_000);
    assert.equal(bucket.sliceBytes, 500);
    for (let i = 0; i < 200; i++) await bucket.take(500);
    // 100,000 bytes at 100,000 B/s, the first slice at once: 995 ms (each sleep rounds up to whole ms).
    assert.ok(clock.t >= 995 && clock.t <= 1000, `${clock.t} ms`);
    assert.deepEqual(
      [...bucket.slices(Buffer.alloc(1234))].map((s) => s.length),
      [500, 500, 234],
    );
  });

  it('catches up after a late timer, but at most BURST_MS of the link after an idle spell', async () => {
    const { bucket, clock } = virtual(1_000_000);
    assert.equal(bucket.burstBytes, (1_000_000 * BURST_MS) / 1000);
    clock.t += 10_000; // idle (or the client stopped reading) for 10 s
    const before = clock.t;
    for (let sent = 0; sent < bucket.burstBytes; sent += bucket.sliceBytes)
      await bucket.take(bucket.sliceBytes);
    assert.equal(clock.t, before, 'one full bucket goes at once');
    await bucket.take(bucket.sliceBytes);
    assert.equal(clock.t - before, 5, 'then the rate again (5,000 bytes at 1 MB/s)');
    await assert.rejects(bucket.take(bucket.burstBytes + 1), RangeError);
    assert.throws(() => new TokenBucket(0), RangeError);
  });
});

function urlLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      const m = /^Fake Unique server: (\S+)/.exec(line);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) =>
      reject(new Error(`fake-server exited (code ${code}) before printing its URL`)),
    );
  });
}
