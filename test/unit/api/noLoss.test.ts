// Nothing is lost, over real HTTP: a download cut at random byte offsets or cancelled by the person at
// random points leaves no file under the final name, no temporary file, no index entry and the order on
// the server, and the retry gets every byte. Two windows keep their own poll floor, and two windows that
// both download-and-delete the same order end consistent.
//
// `saveAndDelete` below is the contract the extension's CSV flow (src/vscode/flows/csvDownload.ts) keeps,
// built from the same core parts: record only what downloadCsv returned, delete only what the index then
// confirms is complete on disk, and treat "already gone" as done. The flow itself runs in the integration
// tier (faultMatrix.test.ts); here the parts are hammered with many random cuts.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { UniqueClient } from '../../../src/core/api/client';
import type { FetchFn, FetchResponse } from '../../../src/core/ports';
import { Transform } from 'node:stream';
import { isAlreadyGone } from '../../../src/core/orders/deletePlan';
import { DownloadIndex, type KeyValueStore } from '../../../src/core/downloads/downloadIndex';
import { ApiError } from '../../../src/core/errors';
import { isUnfinished } from '../../../src/core/orders/order';
import { PollScheduler } from '../../../src/core/orders/pollScheduler';
import { startFakeServer, type FakeServer, type Fault } from '../../fakeServer/server';
import { FakeClock } from '../support/fakeClock';
import { nodeFetch } from '../../../src/core/api/nodeFetch';

const TOKEN = 'ukey_CANARY_noloss_3b7e0f5d91_never_show';
/** Fixed so a failure names a reproducible case; fast-check prints the seed and path on failure. */
const SEED = 20240602;
const CSV_BYTES = 300_000;

class MemoryStore implements KeyValueStore {
  private readonly map = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.map.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    this.map.set(key, structuredClone(value));
    return Promise.resolve();
  }
}

function clientFor(
  server: FakeServer,
  extra: { fetch?: FetchFn; userAgent?: string } = {},
): UniqueClient {
  return new UniqueClient({
    baseUrl: server.url,
    graphqlPath: '/graphql',
    getToken: () => Promise.resolve(TOKEN),
    fetch: extra.fetch ?? nodeFetch,
    userAgent: extra.userAgent ?? 'unique-analytics-vscode/no-loss',
    timeoutMs: 10_000,
  });
}

/** One VS Code window's share of the world: its client, its download index and its folder. */
interface Window {
  readonly client: UniqueClient;
  readonly index: DownloadIndex;
  readonly folder: string;
}

/**
 * The CSV flow's contract (see the file comment): reuse a complete file or download; record only a
 * finished download; delete only when the index confirms the file, "already gone" counting as deleted.
 */
async function saveAndDelete(
  w: Window,
  orderId: string,
  signal?: AbortSignal,
): Promise<'deleted' | 'alreadyGone'> {
  const target = join(w.folder, `${orderId}.csv`);
  if (!(await w.index.lookup(orderId))) {
    const result = await w.client.downloadCsv(orderId, target, { signal });
    await w.index.record(orderId, { path: result.path, bytes: result.bytes, savedAt: Date.now() });
  }
  if (!(await w.index.isSafelyOnDisk(orderId))) throw new Error('recorded but not safely on disk');
  try {
    await w.client.deleteOrder(orderId, signal);
    return 'deleted';
  } catch (e) {
    if (isAlreadyGone(e)) return 'alreadyGone';
    throw e;
  }
}

async function serverCsv(server: FakeServer, id: string): Promise<Buffer> {
  const res = await fetch(
    `${server.url}/analytics/analytics-scheduler/download/${encodeURIComponent(id)}`,
    {
      headers: { authorization: `Bearer ${TOKEN}` },
    },
  );
  assert.equal(res.status, 200);
  return Buffer.from(await res.arrayBuffer());
}

async function partFiles(folder: string): Promise<string[]> {
  return (await readdir(folder)).filter((f) => f.includes('.part-'));
}

/** The asserts after any interrupted attempt: nothing under the final name, nothing half-written, nothing recorded, nothing deleted. */
async function assertNothingLost(
  server: FakeServer,
  w: Window,
  orderId: string,
  what: string,
): Promise<void> {
  assert.equal(
    existsSync(join(w.folder, `${orderId}.csv`)),
    false,
    `${what}: a file under the final name`,
  );
  assert.deepEqual(await partFiles(w.folder), [], `${what}: a temporary file was left`);
  assert.equal(await w.index.lookup(orderId), undefined, `${what}: the index recorded it`);
  assert.ok(server.order(orderId), `${what}: the order was deleted on the server`);
}

/** The retry: every byte, recorded, and only then deleted. */
async function assertRetrySucceeds(
  server: FakeServer,
  w: Window,
  orderId: string,
  expected: Buffer,
): Promise<void> {
  assert.equal(await saveAndDelete(w, orderId), 'deleted');
  const file = join(w.folder, `${orderId}.csv`);
  assert.ok(
    (await readFile(file)).equals(expected),
    'the retried file has exactly the server bytes',
  );
  assert.equal((await w.index.lookup(orderId))?.bytes, expected.length);
  assert.equal(server.order(orderId), undefined, 'deleted once safely on disk');
  assert.deepEqual(await partFiles(w.folder), []);
}

/**
 * nodeFetch, aborting `controller` once more than `abortAfter` bytes of a
 * download body went by (the person pressing Cancel mid-download).
 */
function abortingFetch(controller: AbortController, abortAfter: number): FetchFn {
  return async (input, init) => {
    const res = await nodeFetch(input, init);
    if (!input.includes('/download/')) return res;
    let seen = 0;
    const count = (chunk: Uint8Array): void => {
      seen += chunk.byteLength;
      if (seen > abortAfter) controller.abort();
    };
    // Count on a pass-through, so no byte is read before the client listens.
    const source = res.body;
    const counted = new Transform({
      transform(chunk: Buffer, _enc, done) {
        count(chunk);
        done(null, chunk);
      },
    });
    source.on('error', (e: Error) => counted.destroy(e));
    counted.on('close', () => source.destroy());
    return Object.create(res, { body: { value: source.pipe(counted) } }) as FetchResponse;
  };
}

describe('nothing lost (real HTTP)', function () {
  this.timeout(120_000);
  let server: FakeServer;
  let folder: string;

  before(async () => {
    server = await startFakeServer({ token: TOKEN });
  });
  after(() => server.stop());
  beforeEach(async () => {
    server.reset();
    folder = await mkdtemp(join(tmpdir(), 'ua-noloss-'));
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('a connection reset at 50 random byte offsets: nothing saved, recorded or deleted; the retry gets every byte', async () => {
    const w: Window = {
      client: clientFor(server),
      index: new DownloadIndex(new MemoryStore()),
      folder,
    };
    const probe = server.addOrder({ state: 'DONE', csvBytes: CSV_BYTES }).id;
    const length = (await serverCsv(server, probe)).length;
    const seen: number[] = [];
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: length - 1 }), async (cut) => {
        seen.push(cut);
        const id = server.addOrder({ state: 'DONE', csvBytes: CSV_BYTES }).id;
        const expected = await serverCsv(server, id);
        assert.equal(expected.length, length);
        server.addFault({ on: 'download', times: 1, fault: { kind: 'reset', afterBytes: cut } });
        const e = await saveAndDelete(w, id).then(
          () => assert.fail(`a download cut after ${cut} of ${length} bytes succeeded`),
          (err: unknown) => err,
        );
        assert.ok(e instanceof ApiError, String(e));
        assert.equal(e.kind, 'network', `cut at ${cut}: ${e.message}`);
        assert.match(
          e.message,
          /^Downloading the CSV failed: .*(dropped|ended after \d+ of \d+ bytes|could not talk)/,
        );
        assert.match(e.message, /[Tt]ry again/);
        assert.ok(!e.message.includes(TOKEN));
        await assertNothingLost(server, w, id, `cut at ${cut}`);
        await assertRetrySucceeds(server, w, id, expected);
      }),
      { numRuns: 50, seed: SEED },
    );
    assert.equal(seen.length, 50);
    assert.ok(new Set(seen).size >= 45, 'the offsets really vary');
  });

  it('a complete earlier download survives an interrupted fresh download of the same order untouched', async () => {
    const w: Window = {
      client: clientFor(server),
      index: new DownloadIndex(new MemoryStore()),
      folder,
    };
    const id = server.addOrder({ state: 'DONE', csvBytes: CSV_BYTES }).id;
    const expected = await serverCsv(server, id);
    const target = join(folder, `${id}.csv`);
    const first = await w.client.downloadCsv(id, target);
    await w.index.record(id, { path: first.path, bytes: first.bytes, savedAt: Date.now() });
    const rng = fc.sample(fc.integer({ min: 0, max: expected.length - 1 }), {
      numRuns: 10,
      seed: SEED,
    });
    for (const cut of rng) {
      server.addFault({ on: 'download', times: 1, fault: { kind: 'reset', afterBytes: cut } });
      await assert.rejects(w.client.downloadCsv(id, target), ApiError);
      assert.ok(
        (await readFile(target)).equals(expected),
        `cut at ${cut}: the complete file was damaged`,
      );
      assert.equal(
        await w.index.isSafelyOnDisk(id),
        true,
        `cut at ${cut}: the index lost the complete file`,
      );
      assert.deepEqual(await partFiles(folder), []);
    }
  });

  it('cancelled by the person at 50 random points: nothing saved, recorded or deleted; the retry gets every byte', async () => {
    const index = new DownloadIndex(new MemoryStore());
    const probe = server.addOrder({ state: 'DONE', csvBytes: CSV_BYTES }).id;
    const length = (await serverCsv(server, probe)).length;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: length - 1 }), async (abortAfter) => {
        const id = server.addOrder({ state: 'DONE', csvBytes: CSV_BYTES }).id;
        const expected = await serverCsv(server, id);
        const controller = new AbortController();
        const w: Window = {
          client: clientFor(server, { fetch: abortingFetch(controller, abortAfter) }),
          index,
          folder,
        };
        const e = await saveAndDelete(w, id, controller.signal).then(
          () => assert.fail(`a download cancelled after ${abortAfter} bytes succeeded`),
          (err: unknown) => err,
        );
        assert.ok(controller.signal.aborted, 'the cancel really happened');
        assert.ok(e instanceof ApiError, String(e));
        assert.equal(e.kind, 'cancelled', e.message);
        await assertNothingLost(server, w, id, `cancelled after ${abortAfter}`);
        await assertRetrySucceeds(server, { ...w, client: clientFor(server) }, id, expected);
      }),
      { numRuns: 50, seed: SEED + 1 },
    );
  });

  it('two windows: A downloads and deletes; B then gets a clear "not found", saves nothing and records nothing', async () => {
    const a: Window = {
      client: clientFor(server),
      index: new DownloadIndex(new MemoryStore()),
      folder: join(folder, 'a'),
    };
    const b: Window = {
      client: clientFor(server),
      index: new DownloadIndex(new MemoryStore()),
      folder: join(folder, 'b'),
    };
    const id = server.addOrder({ state: 'DONE', csvBytes: 50_000 }).id;
    const expected = await serverCsv(server, id);
    assert.equal(await saveAndDelete(a, id), 'deleted');
    assert.ok((await readFile(join(a.folder, `${id}.csv`))).equals(expected));

    const e = await saveAndDelete(b, id).then(
      () => assert.fail('B downloaded an order A had deleted'),
      (err: unknown) => err,
    );
    assert.ok(e instanceof ApiError);
    assert.equal(e.kind, 'notFound');
    assert.match(
      e.message,
      /^Downloading the CSV failed: nothing was found .*The order may have been deleted .*refresh the list/,
    );
    assert.equal(existsSync(join(b.folder, `${id}.csv`)), false);
    assert.deepEqual(existsSync(b.folder) ? await partFiles(b.folder) : [], []);
    assert.equal(await b.index.lookup(id), undefined, "B's index stays empty");
    assert.equal(
      (await a.index.lookup(id))?.bytes,
      expected.length,
      "A's index still has the complete file",
    );
  });

  it('"already gone" means the API said so for the order, not an HTTP 404 from a wrong GraphQL path', async () => {
    const id = server.addOrder({ state: 'DONE' }).id;
    const wrongPath = new UniqueClient({
      baseUrl: server.url,
      graphqlPath: '/graphql-typo',
      getToken: () => Promise.resolve(TOKEN),
      userAgent: 'unique-analytics-vscode/no-loss',
    });
    const misrouted = await wrongPath.deleteOrder(id).then(
      () => assert.fail('a delete to a wrong path succeeded'),
      (err: unknown) => err,
    );
    assert.ok(misrouted instanceof ApiError && misrouted.kind === 'notFound', String(misrouted));
    assert.equal(isAlreadyGone(misrouted), false, 'the order is still there: not "already gone"');
    assert.ok(server.order(id));
    await clientFor(server).deleteOrder(id);
    const gone = await clientFor(server)
      .deleteOrder(id)
      .then(
        () => assert.fail('deleted twice'),
        (err: unknown) => err,
      );
    assert.equal(isAlreadyGone(gone), true, (gone as Error).message);
  });

  it('two windows sharing storage download-and-delete the same order at once: one complete file, one delete, consistent index', async () => {
    const store = new MemoryStore(); // globalState is shared by the windows of one profile
    const shared = { index: new DownloadIndex(store), folder };
    const a: Window = { ...shared, client: clientFor(server, { userAgent: 'window-a' }) };
    const b: Window = {
      client: clientFor(server, { userAgent: 'window-b' }),
      index: new DownloadIndex(store),
      folder,
    };
    for (let round = 0; round < 10; round++) {
      const id = server.addOrder({ state: 'DONE', csvBytes: 200_000 }).id;
      const expected = await serverCsv(server, id);
      const outcomes = await Promise.all([saveAndDelete(a, id), saveAndDelete(b, id)]);
      assert.deepEqual(
        [...outcomes].sort(),
        ['alreadyGone', 'deleted'],
        `round ${round}: exactly one delete went through`,
      );
      assert.ok(
        (await readFile(join(folder, `${id}.csv`))).equals(expected),
        `round ${round}: the file is complete`,
      );
      assert.equal(await a.index.isSafelyOnDisk(id), true);
      assert.equal(await b.index.isSafelyOnDisk(id), true);
      assert.equal(server.order(id), undefined);
      assert.deepEqual(await partFiles(folder), []);
    }
  });

  it('a truncated file on disk is never trusted for a delete, whichever window recorded it', async () => {
    const store = new MemoryStore();
    const w: Window = { client: clientFor(server), index: new DownloadIndex(store), folder };
    const id = server.addOrder({ state: 'DONE', csvBytes: 50_000 }).id;
    const expected = await serverCsv(server, id);
    const target = join(folder, `${id}.csv`);
    await writeFile(target, expected.subarray(0, 1000));
    await w.index.record(id, { path: target, bytes: expected.length, savedAt: Date.now() });
    const other = new DownloadIndex(store);
    assert.equal(
      await other.isSafelyOnDisk(id),
      false,
      'the size does not match: not safely on disk',
    );
    // The flow downloads again before deleting, so the delete happens only after the complete file is in place.
    assert.equal(await saveAndDelete(w, id), 'deleted');
    assert.ok((await readFile(target)).equals(expected));
  });

  it('a sign-in page or a JSON error sent with HTTP 200 is never saved as the CSV, so the order is never deleted for it', async () => {
    const w: Window = {
      client: clientFor(server),
      index: new DownloadIndex(new MemoryStore()),
      folder,
    };
    const cases: Array<[string, Fault, RegExp]> = [
      [
        'malformed JSON',
        { kind: 'malformedJson' },
        /the server sent JSON \(.+\) instead of the CSV\. Nothing was saved/,
      ],
      [
        'GraphQL errors',
        { kind: 'graphqlErrors', message: 'Internal failure' },
        /the server sent JSON \("Internal failure"\) instead of the CSV\. Nothing was saved/,
      ],
    ];
    for (const [what, fault, says] of cases) {
      const id = server.addOrder({ state: 'DONE', csvBytes: 10_000 }).id;
      server.addFault({ on: 'download', times: 1, fault });
      const e = await saveAndDelete(w, id).then(
        () => assert.fail(`${what}: saved as a CSV`),
        (err: unknown) => err,
      );
      assert.ok(e instanceof ApiError);
      assert.equal(e.kind, 'protocol');
      assert.match(e.message, says);
      await assertNothingLost(server, w, id, what);
    }
    // A proxy's or identity provider's login page, answered with 200 (no fault kind of the fake does this).
    const sso = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        '<!doctype html><html><head><title>Sign in – Example Corp SSO</title></head><body><form></form></body></html>',
      );
    });
    await new Promise<void>((resolve) => sso.listen(0, '127.0.0.1', resolve));
    try {
      const client = new UniqueClient({
        baseUrl: `http://127.0.0.1:${(sso.address() as AddressInfo).port}/chat`,
        graphqlPath: '/graphql',
        getToken: () => Promise.resolve(TOKEN),
        userAgent: 'unique-analytics-vscode/no-loss',
      });
      const target = join(folder, 'sso.csv');
      const e = await client.downloadCsv('analyticOrder_sso', target).then(
        () => assert.fail('a login page was saved as the CSV'),
        (err: unknown) => err,
      );
      assert.ok(e instanceof ApiError);
      assert.match(
        e.message,
        /the server sent an HTML page: "Sign in – Example Corp SSO" instead of the CSV\. Nothing was saved\. A sign-in page or a proxy/,
      );
      assert.equal(existsSync(target), false);
      assert.deepEqual(await partFiles(folder), []);
    } finally {
      await new Promise<void>((resolve) => sso.close(() => resolve()));
    }
  });

  describe('two windows polling the same account (fake clock, real HTTP)', () => {
    it('each keeps its own 10 s floor and its own Retry-After, however hard Refresh is hammered', async () => {
      const clock = new FakeClock();
      await server.stop();
      server = await startFakeServer({ token: TOKEN, now: () => clock.now() });
      server.addOrder({ state: 'RUNNING' });
      const t0 = clock.now();
      const failures: { ua: string; at: number; kind: string }[] = [];
      const windows = ['window-a', 'window-b'].map((ua) => {
        const client = clientFor(server, { userAgent: ua });
        const scheduler = new PollScheduler({
          clock,
          poll: async (signal) => {
            const at = clock.now() - t0;
            try {
              const page = await client.listOrders(0, 20, signal);
              return { unfinished: page.orders.filter(isUnfinished).length };
            } catch (e) {
              failures.push({ ua, at, kind: e instanceof ApiError ? e.kind : String(e) });
              throw e;
            }
          },
        });
        return { ua, scheduler };
      });
      const settle = async () => {
        for (let i = 0; i < 400 && windows.some((w) => w.scheduler.state === 'polling'); i++) {
          await new Promise((r) => setTimeout(r, 5));
        }
        assert.ok(
          windows.every((w) => w.scheduler.state !== 'polling'),
          'polls finished',
        );
      };
      try {
        for (let s = 0; s < 180; s++) {
          // Both windows ask for a refresh every second (a person clicking, focus changes, new exports).
          for (const w of windows) w.scheduler.refresh();
          if (s === 60)
            server.addFault({
              on: 'list',
              times: 1,
              fault: { kind: 'rateLimit', retryAfterSeconds: 45 },
            });
          await clock.advance(1000);
          await settle();
        }
      } finally {
        for (const w of windows) w.scheduler.dispose();
      }
      const lists = server.requests.filter((r) => r.route === 'list');
      assert.equal(failures.length, 1, JSON.stringify(failures));
      const limited = failures[0];
      assert.equal(limited.kind, 'rateLimited');
      for (const { ua } of windows) {
        const times = lists.filter((r) => r.userAgent === ua).map((r) => r.time - t0);
        assert.ok(times.length >= 12, `${ua} polled ${times.length} times in 180 s`);
        for (let i = 1; i < times.length; i++) {
          assert.ok(
            times[i] - times[i - 1] >= 10_000,
            `${ua}: polls at ${times[i - 1]} and ${times[i]} ms are closer than 10 s`,
          );
        }
        assert.ok(
          times.length <= 19,
          `${ua}: at most one poll per 10 s (${times.length} in 180 s)`,
        );
        if (ua === limited.ua) {
          const next = times.find((t) => t > limited.at);
          assert.ok(
            next !== undefined && next - limited.at >= 45_000,
            `${ua} was told to wait 45 s at ${limited.at} and polled at ${next}`,
          );
        }
      }
      const other = windows.find((w) => w.ua !== limited.ua)!.ua;
      const otherTimes = lists.filter((r) => r.userAgent === other).map((r) => r.time - t0);
      const during = otherTimes.filter((t) => t > limited.at && t < limited.at + 45_000);
      assert.ok(
        during.length >= 3,
        `${other} kept its own pace while the other waited (${during.length} polls)`,
      );
    });
  });
});
