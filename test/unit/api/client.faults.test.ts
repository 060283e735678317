// Every fault the fake server can produce, on every operation, maps to the right ApiError kind with a
// message that names the operation and never contains the (canary) token. Plus redirects, Retry-After,
// timeouts and cancellation, all over real HTTP.
import * as assert from 'node:assert/strict';
import { UniqueClient, type UniqueClientOptions } from '../../../src/core/api/client';
import { ApiError, type ApiErrorKind } from '../../../src/core/errors';
import { startFakeServer, type FakeServer, type Fault } from '../../fakeServer/server';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFetch } from '../../../src/core/api/nodeFetch';
import type { FetchFn } from '../../../src/core/ports';

const CANARY = 'ukey_CANARY_5a8f1c2e9b7d4036_must_never_appear';
const USER_AGENT = 'unique-analytics-vscode/0.1.0 (faults)';

type Op = 'start' | 'list' | 'delete' | 'download';
const OP_PREFIX: Record<Op, RegExp> = {
  start: /^Starting the export failed: /,
  list: /^Listing orders failed: /,
  delete: /^Deleting the order failed: /,
  download: /^Downloading the CSV failed: /,
};

describe('UniqueClient fault handling (real HTTP)', function () {
  this.timeout(30_000);
  let server: FakeServer;
  let dir: string;
  let orderId: string;

  const client = (extra: Partial<UniqueClientOptions> = {}) =>
    new UniqueClient({
      baseUrl: server.url,
      graphqlPath: '/graphql',
      getToken: () => Promise.resolve(CANARY),
      userAgent: USER_AGENT,
      ...extra,
    });

  const run = (op: Op, c = client(), signal?: AbortSignal): Promise<unknown> => {
    switch (op) {
      case 'start':
        return c.startExport(
          'CHAT_INTERACTION',
          { start: '2024-05-03', end: '2024-06-02' },
          signal,
        );
      case 'list':
        return c.listOrders(0, 20, signal);
      case 'delete':
        return c.deleteOrder(orderId, signal);
      case 'download':
        return c.downloadCsv(orderId, join(dir, 'out.csv'), { signal });
    }
  };

  async function expectFailure(op: Op, kind: ApiErrorKind, c = client()): Promise<ApiError> {
    const e = await run(op, c).then(
      (v) => assert.fail(`${op} succeeded with ${JSON.stringify(v)}; expected ${kind}`),
      (err: unknown) => err,
    );
    assert.ok(e instanceof ApiError, `${op}: expected ApiError, got ${String(e)}`);
    assert.equal(e.kind, kind, `${op}: ${e.message}`);
    assert.ok(e.message.trim().length > 20, 'a message that says something');
    assert.ok(!e.message.includes(CANARY), `${op}: the token leaked: ${e.message}`);
    assert.ok(!e.message.includes(CANARY.slice(5, 25)), `${op}: part of the token leaked`);
    if (kind !== 'cancelled') assert.match(e.message, OP_PREFIX[op]);
    return e;
  }

  before(async () => {
    server = await startFakeServer({ token: CANARY, forbiddenToken: 'forbidden-but-valid-token' });
  });
  after(() => server.stop());
  beforeEach(async () => {
    server.reset();
    orderId = server.addOrder({ state: 'DONE', csvBytes: 3000 }).id;
    dir = await mkdtemp(join(tmpdir(), 'ua-faults-'));
  });
  afterEach(async () => {
    assert.deepEqual(
      (await readdir(dir)).filter((f) => f.includes('.part-')),
      [],
      'no temporary file left',
    );
    await rm(dir, { recursive: true, force: true });
  });

  const ALL: Op[] = ['start', 'list', 'delete', 'download'];
  const table: Array<{
    name: string;
    fault: Fault;
    kind: ApiErrorKind;
    ops?: Op[];
    check?: (e: ApiError) => void;
  }> = [
    {
      name: 'HTTP 401',
      fault: { kind: 'status', status: 401 },
      kind: 'unauthorized',
      check: (e) => assert.match(e.message, /Set Access Token/),
    },
    {
      name: 'HTTP 403',
      fault: { kind: 'status', status: 403 },
      kind: 'forbidden',
      check: (e) => assert.match(e.message, /chat\.feedback\.read.*chat\.data\.admin/),
    },
    { name: 'HTTP 404', fault: { kind: 'status', status: 404 }, kind: 'notFound' },
    { name: 'HTTP 500', fault: { kind: 'status', status: 500 }, kind: 'server' },
    { name: 'HTTP 503', fault: { kind: 'status', status: 503 }, kind: 'server' },
    { name: 'HTTP 400', fault: { kind: 'status', status: 400 }, kind: 'protocol' },
    {
      name: 'HTTP 429 with Retry-After',
      fault: { kind: 'rateLimit', retryAfterSeconds: 7 },
      kind: 'rateLimited',
      check: (e) => {
        assert.equal(e.details.retryAfterMs, 7000);
        assert.match(e.message, /7 s/);
        assert.equal(e.isTransient, true);
      },
    },
    {
      name: 'HTTP 429 without Retry-After',
      fault: { kind: 'status', status: 429 },
      kind: 'rateLimited',
      check: (e) => assert.equal(e.details.retryAfterMs, 30_000),
    },
    {
      name: '502 HTML page',
      fault: { kind: 'badGateway' },
      kind: 'server',
      check: (e) => {
        assert.match(e.message, /502/);
        assert.match(e.message, /Bad Gateway/);
        assert.doesNotMatch(e.message, /<|nginx|center/, 'HTML is summarised, not dumped');
      },
    },
    { name: 'connection reset', fault: { kind: 'reset' }, kind: 'network' },
    {
      name: 'malformed JSON',
      fault: { kind: 'malformedJson' },
      kind: 'protocol',
      ops: ['start', 'list', 'delete'],
      check: (e) => assert.match(e.message, /not JSON|malformed JSON|not an order id/),
    },
    {
      name: 'empty body',
      fault: { kind: 'emptyBody' },
      kind: 'protocol',
      check: (e) => assert.match(e.message, /empty/),
    },
    {
      name: 'GraphQL UNAUTHENTICATED',
      fault: { kind: 'graphqlErrors', message: 'Unauthorized', code: 'UNAUTHENTICATED' },
      kind: 'unauthorized',
      ops: ['list', 'delete'],
    },
    {
      name: 'GraphQL FORBIDDEN',
      fault: { kind: 'graphqlErrors', message: 'Forbidden resource', code: 'FORBIDDEN' },
      kind: 'forbidden',
      ops: ['list', 'delete'],
      check: (e) => assert.match(e.message, /chat\.data\.admin/),
    },
    {
      name: 'GraphQL INTERNAL_SERVER_ERROR',
      fault: { kind: 'graphqlErrors', message: 'Database is down', code: 'INTERNAL_SERVER_ERROR' },
      kind: 'server',
      ops: ['list', 'delete'],
      check: (e) => assert.match(e.message, /Database is down/),
    },
    {
      name: 'GraphQL error with an unknown code',
      fault: { kind: 'graphqlErrors', message: 'Field "x" is gone', code: 'SCHEMA_CHANGED' },
      kind: 'protocol',
      ops: ['list', 'delete'],
      check: (e) => assert.match(e.message, /SCHEMA_CHANGED/),
    },
    {
      name: 'GraphQL error echoing the token',
      fault: { kind: 'graphqlErrors', message: `jwt malformed: Bearer ${CANARY}` },
      kind: 'unauthorized',
      ops: ['list', 'delete'],
      check: (e) => assert.match(e.message, /jwt malformed/),
    },
  ];

  for (const row of table) {
    for (const op of row.ops ?? ALL) {
      it(`${op}: ${row.name} -> ${row.kind}`, async () => {
        server.addFault({ on: op, times: 1, fault: row.fault });
        const e = await expectFailure(op, row.kind);
        row.check?.(e);
        if (op === 'download')
          assert.deepEqual(await readdir(dir), [], 'no file after a failed download');
      });
    }
  }

  it('a real wrong token is unauthorized; a token without roles is forbidden', async () => {
    await expectFailure(
      'list',
      'unauthorized',
      client({ getToken: () => Promise.resolve('wrong-token-1234') }),
    );
    await expectFailure(
      'download',
      'forbidden',
      client({ getToken: () => Promise.resolve('forbidden-but-valid-token') }),
    );
  });

  it('times out a request that does not answer in time', async () => {
    server.addFault({ on: 'list', times: 1, fault: { kind: 'delay', ms: 2000 } });
    const started = Date.now();
    const e = await expectFailure('list', 'network', client({ timeoutMs: 200 }));
    assert.match(e.message, /did not answer within/);
    assert.ok(Date.now() - started < 1500);
  });

  it('a slow answer within the timeout succeeds', async () => {
    server.addFault({ on: 'list', times: 1, fault: { kind: 'delay', ms: 150 } });
    const page = await client({ timeoutMs: 5000 }).listOrders(0, 20);
    assert.equal(page.orders.length, 1);
  });

  for (const op of ALL) {
    it(`${op}: cancelling mid-request -> cancelled`, async () => {
      server.addFault({ on: op, times: 1, fault: { kind: 'delay', ms: 2000 } });
      const ctrl = new AbortController();
      setTimeout(() => ctrl.abort(), 100);
      const e = await run(op, client(), ctrl.signal).catch((err: unknown) => err);
      assert.ok(e instanceof ApiError);
      assert.equal(e.kind, 'cancelled');
      assert.match(e.message, /cancelled/);
    });
  }

  it('an already-cancelled signal sends nothing', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    const e = await run('start', client(), ctrl.signal).catch((err: unknown) => err);
    assert.ok(e instanceof ApiError && e.kind === 'cancelled');
    assert.equal(server.requests.length, 0);
  });

  it('refused connections are network errors naming ECONNREFUSED and what to check', async () => {
    const s = await startFakeServer();
    const url = s.url;
    await s.stop();
    const e = await run('list', client({ baseUrl: url })).catch((err: unknown) => err);
    assert.ok(e instanceof ApiError);
    assert.equal(e.kind, 'network');
    assert.match(e.message, /ECONNREFUSED/);
    assert.match(e.message, /uniqueAnalytics\.baseUrl/);
  });

  describe('redirects', () => {
    for (const op of ALL) {
      it(`${op}: follows a redirect to another origin without the Authorization header`, async () => {
        server.addFault({ on: op, times: 1, fault: { kind: 'redirect', to: 'other-origin' } });
        await run(op);
        assert.equal(server.otherOriginRequests.length, 1);
        assert.equal(server.otherOriginRequests[0].authorization, 'missing');
        assert.equal(server.otherOriginSawAuthorization, false);
      });
    }

    it('keeps the Authorization header on a same-origin redirect', async () => {
      server.addFault({ on: 'list', times: 1, fault: { kind: 'redirect', to: 'same-origin' } });
      const page = await client().listOrders(0, 20);
      assert.equal(page.orders.length, 1);
      const graphql = server.requests.filter((r) => r.path === '/chat/graphql');
      assert.equal(graphql.length, 2, 'the redirect and the request it led to');
      assert.ok(graphql.every((r) => r.authorization === 'valid'));
      assert.ok(graphql.every((r) => r.userAgent === USER_AGENT));
    });

    it('gives up after too many redirects', async () => {
      server.addFault({ on: 'list', fault: { kind: 'redirect', to: 'same-origin' } });
      // The fake serves a marked URL normally; a server that keeps redirecting is simulated by a fetch
      // that drops the mark, so every hop is redirected again (real HTTP each time).
      const unmark: FetchFn = (input, init) =>
        nodeFetch(input.replace(/[?&]__fakeRedirected=1/, ''), init);
      const e = await expectFailure('list', 'protocol', client({ fetch: unmark }));
      assert.match(e.message, /redirected more than 5 times/);
    });
  });
});
