// PublicAnalyticsClient over real HTTP against the fake's Public API routes: all nine kinds with an optional
// assistant, listing in both answer shapes, download, delete, and the identity headers the API insists on.
import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFetch } from '../../../src/core/api/nodeFetch';
import {
  PUBLIC_CHECKS,
  PublicAnalyticsClient,
  identityNamedIn,
  type PublicClientOptions,
} from '../../../src/core/api/publicClient';
import type { ConnectionChecker, UniqueAnalyticsApi } from '../../../src/core/api/types';
import { ApiError } from '../../../src/core/errors';
import { EXPORT_KINDS, KNOWN_TYPES, exportKindsFor } from '../../../src/core/orders/order';
import { startFakeServer, type FakeServer } from '../../fakeServer/server';

const RANGE = { start: '2024-05-01', end: '2024-05-07' };

describe('PublicAnalyticsClient (real HTTP, fake Public API)', function () {
  this.timeout(20_000);
  let server: FakeServer;
  let dir: string;
  const client = (extra: Partial<PublicClientOptions> = {}) =>
    new PublicAnalyticsClient({
      baseUrl: `${server.origin}/public/chat`,
      getApiKey: () => Promise.resolve(server.token),
      appId: 'app_1',
      userId: 'user_1',
      companyId: 'company_1',
      apiVersion: '2023-12-06',
      userAgent: 'unique-analytics-vscode/test',
      ...extra,
    });
  before(async () => {
    server = await startFakeServer({ seed: 'empty' });
  });
  after(() => server.stop());
  beforeEach(async () => {
    server.reset();
    dir = await mkdtemp(join(tmpdir(), 'ua-public-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('starts every one of the nine kinds, with an assistant when given', async () => {
    for (const type of KNOWN_TYPES) {
      const order = await client().startOrder(
        type,
        RANGE,
        type === 'CHAT_INTERACTION' ? { assistantId: 'space_42' } : {},
      );
      assert.equal(order.type.raw, type);
      assert.equal(order.state.raw, 'PENDING');
      assert.equal(server.requests.at(-1)?.method, 'POST');
      if (type === 'CHAT_INTERACTION') assert.equal(order.configuration?.assistantId, 'space_42');
    }
    assert.equal(server.requests.length, KNOWN_TYPES.length);
  });

  describe('as a UniqueAnalyticsApi (startExport)', () => {
    it('is the public surface, and can start every kind of the table', () => {
      const api: UniqueAnalyticsApi & ConnectionChecker = client();
      assert.equal(api.surface, 'public');
      assert.deepEqual(
        exportKindsFor('public').map((k) => k.type),
        EXPORT_KINDS.map((k) => k.type),
      );
      assert.deepEqual([...EXPORT_KINDS.map((k) => k.type)].sort(), [...KNOWN_TYPES].sort());
    });

    it('starts all nine kinds without an assistant: one POST each, the fake keeps no assistant', async () => {
      for (const kind of exportKindsFor('public')) {
        const id = await client().startExport(kind.type, RANGE);
        const req = server.requests.at(-1)!;
        assert.equal(req.method, 'POST');
        assert.equal(req.path, '/public/chat/analytics/orders');
        const order = server.order(id);
        assert.ok(order, `the fake has no order ${id}`);
        assert.equal(order.type, kind.type);
        assert.equal(order.state, 'PENDING');
        assert.equal(order.configuration.assistantId, undefined, kind.type);
      }
      assert.equal(server.requests.length, 9);
    });

    it('starts all nine kinds for one assistant (trimmed): the fake stores it on each order', async () => {
      for (const kind of exportKindsFor('public')) {
        const id = await client().startExport(kind.type, RANGE, undefined, {
          assistantId: '  space_42  ',
        });
        const order = server.order(id);
        assert.ok(order);
        assert.equal(order.type, kind.type);
        assert.equal(order.configuration.assistantId, 'space_42', kind.type);
      }
      const ids = server.store.page([{ createdAt: 'desc' }], 0, 100);
      assert.equal(ids.length, 9);
    });

    it('a blank assistant id is no filter', async () => {
      const id = await client().startExport('NPS', RANGE, undefined, { assistantId: '   ' });
      assert.equal(server.order(id)?.configuration.assistantId, undefined);
    });

    it('refuses a start without days, sending nothing', async () => {
      const err = await client()
        .startExport('NPS', undefined)
        .catch((e: unknown) => e);
      assert.ok(err instanceof ApiError && err.kind === 'badConfiguration', String(err));
      assert.match(err.message, /first and last day.*Nothing was sent/);
      assert.deepEqual(server.requests, []);
    });

    it('after a gateway error says the export may have started anyway', async () => {
      server.addFault({ on: 'start', times: 1, fault: { kind: 'badGateway' } });
      const err = await client()
        .startExport('MODEL_USAGE', RANGE)
        .catch((e: unknown) => e);
      assert.ok(err instanceof ApiError && err.kind === 'server', String(err));
      assert.match(err.message, /may have started anyway: refresh the list/);
    });
  });

  describe('checkConnection', () => {
    const lines = (r: { checks: readonly { check: string; ok: boolean }[] }) =>
      r.checks.map((c) => [c.check, c.ok]);

    it('passes every line with one GET of the first order, starting nothing', async () => {
      server.addOrder({ type: 'NPS', state: 'DONE' });
      const report = await client().checkConnection();
      assert.equal(report.ok, true, JSON.stringify(report, null, 2));
      assert.deepEqual(lines(report), [
        [PUBLIC_CHECKS.settings, true],
        [PUBLIC_CHECKS.key, true],
        [PUBLIC_CHECKS.reach, true],
        [PUBLIC_CHECKS.auth, true],
        [PUBLIC_CHECKS.identity, true],
        [PUBLIC_CHECKS.list, true],
      ]);
      assert.match(report.checks[5].detail, /\(1 order on the first page\)/);
      assert.deepEqual(
        server.requests.map((r) => [r.method, r.path, r.query]),
        [['GET', '/public/chat/analytics/orders', { skip: '0', take: '1' }]],
      );
    });

    it('401: the API key was rejected, set a new one (the key is never quoted)', async () => {
      const report = await client({
        getApiKey: () => Promise.resolve('ukey_expired_0000'),
      }).checkConnection();
      assert.equal(report.ok, false);
      assert.deepEqual(lines(report), [
        [PUBLIC_CHECKS.settings, true],
        [PUBLIC_CHECKS.key, true],
        [PUBLIC_CHECKS.reach, true],
        [PUBLIC_CHECKS.auth, false],
      ]);
      assert.match(report.checks[3].detail, /API key was rejected.*set a new one/);
      assert.ok(!JSON.stringify(report).includes('ukey_expired_0000'));
      assert.equal(server.requests[0]?.authorization, 'invalid');
    });

    it('400 naming a missing header: says which identity value to fix', async () => {
      // A proxy that drops one header: the fake answers "Missing required header(s): x-company-id".
      const stripping: PublicClientOptions['fetch'] = (url, init) => {
        const headers = new Headers(init.headers);
        headers.delete('x-company-id');
        return nodeFetch(url, { ...init, headers });
      };
      const report = await client({ fetch: stripping }).checkConnection();
      assert.equal(report.ok, false);
      assert.deepEqual(lines(report), [
        [PUBLIC_CHECKS.settings, true],
        [PUBLIC_CHECKS.key, true],
        [PUBLIC_CHECKS.reach, true],
        [PUBLIC_CHECKS.identity, false],
      ]);
      const detail = report.checks[3].detail;
      assert.match(
        detail,
        /refused the company id \(HTTP 400: "Missing required header\(s\): x-company-id"\): check "auth\.companyId" in this environment\.$/,
      );
      assert.doesNotMatch(detail, /app id|user id|API version/);
      assert.equal(server.requests.length, 1);
    });

    it('404: the base URL should end in the Public API prefix', async () => {
      for (const base of [server.url, `${server.origin}/public`]) {
        const report = await client({ baseUrl: base }).checkConnection();
        assert.equal(report.ok, false);
        const list = report.checks.find((c) => c.check === PUBLIC_CHECKS.list);
        assert.equal(list?.ok, false, base);
        assert.match(list.detail, /HTTP 404/);
        assert.match(
          list.detail,
          /base URL.*should end in the Public API's prefix.*\/public\/chat/,
        );
        assert.equal(report.checks.find((c) => c.check === PUBLIC_CHECKS.reach)?.ok, true);
      }
    });

    it('an empty identity value or no key: says what to set, sending nothing', async () => {
      const noIds = await client({ appId: '', userId: ' ' }).checkConnection();
      assert.deepEqual(lines(noIds), [[PUBLIC_CHECKS.settings, false]]);
      assert.match(
        noIds.checks[0].detail,
        /app id and user id are empty.*"auth\.appId" and "auth\.userId"/,
      );
      const noKey = await client({ getApiKey: () => Promise.resolve(undefined) }).checkConnection();
      assert.deepEqual(lines(noKey), [
        [PUBLIC_CHECKS.settings, true],
        [PUBLIC_CHECKS.key, false],
      ]);
      const badUrl = await client({ baseUrl: 'ftp://example.com' }).checkConnection();
      assert.deepEqual(lines(badUrl), [[PUBLIC_CHECKS.settings, false]]);
      assert.deepEqual(server.requests, []);
    });

    it('finds the identity values a 400 names, in any spelling', () => {
      const names = (t: string) => identityNamedIn(t).map((i) => i.name);
      assert.deepEqual(names('Missing required header(s): x-app-id, x-api-version'), [
        'app id',
        'API version',
      ]);
      assert.deepEqual(names('invalid userId'), ['user id']);
      assert.deepEqual(names('Unknown company_id'), ['company id']);
      assert.deepEqual(names('take must be 1-100'), []);
      assert.deepEqual(names('/public/chat/analytics/orders'), []);
    });
  });

  it('lists newest first, and pages', async () => {
    const first = await client().startOrder('NPS', RANGE);
    // Two orders of the same millisecond tie on createdAt, and then either may come first (as on Unique).
    await new Promise((r) => setTimeout(r, 5));
    const second = await client().startOrder('MODEL_USAGE', RANGE);
    const page = await client().listOrders(0, 1);
    assert.deepEqual(
      page.orders.map((o) => o.id),
      [second.id],
    );
    assert.equal(page.mayHaveMore, true);
    const rest = await client().listOrders(1, 10);
    assert.deepEqual(
      rest.orders.map((o) => o.id),
      [first.id],
    );
    assert.equal(rest.mayHaveMore, false);
    assert.equal((await client().getOrder(first.id)).type.raw, 'NPS');
  });

  it('downloads a finished order and deletes it', async () => {
    const id = server.addOrder({ type: 'PRODUCT_METRICS', state: 'DONE', csvBytes: 5000 }).id;
    const target = join(dir, 'x.csv');
    const result = await client().downloadCsv(id, target);
    assert.equal(result.bytes, (await readFile(target)).length);
    assert.ok(result.bytes >= 5000);
    const deleted = await client().deleteOrder(id);
    assert.equal(deleted?.id, id);
    assert.equal(server.order(id), undefined);
  });

  it('says what to fix: a missing identity header, a refused range, a rejected key', async () => {
    const noApp = await client({ appId: '' })
      .listOrders(0, 5)
      .catch((e: unknown) => e);
    assert.ok(noApp instanceof ApiError);
    assert.match(noApp.message, /x-app-id/);
    const tooLong = await client()
      .startOrder('CHAT_INTERACTION_DETAILED', { start: '2024-01-01', end: '2024-03-01' })
      .catch((e: unknown) => e);
    assert.ok(tooLong instanceof ApiError && tooLong.kind === 'protocol', String(tooLong));
    const badKey = await client({ getApiKey: () => Promise.resolve('ukey_expired') })
      .listOrders(0, 5)
      .catch((e: unknown) => e);
    assert.ok(badKey instanceof ApiError && badKey.kind === 'unauthorized');
    assert.ok(!badKey.message.includes('ukey_expired'), 'the key is never quoted');
  });
});
