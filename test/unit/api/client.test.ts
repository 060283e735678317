// UniqueClient happy paths over real HTTP against the fake server: start (all kinds and answer shapes),
// list with pagination and unknown values, delete, request shape (auth, User-Agent, dates), connection check.
import * as assert from 'node:assert/strict';
import { UniqueClient, type UniqueClientOptions } from '../../../src/core/api/client';
import type { UniqueAnalyticsApi } from '../../../src/core/api/types';
import { CHECKS } from '../../../src/core/api/connectionCheck';
import { ApiError } from '../../../src/core/errors';
import { EXPORT_KINDS, exportKindsFor } from '../../../src/core/orders/order';
import { startFakeServer, type FakeServer } from '../../fakeServer/server';

const USER_AGENT = 'unique-analytics-vscode/0.1.0 (test)';

function clientFor(server: FakeServer, extra: Partial<UniqueClientOptions> = {}): UniqueClient {
  return new UniqueClient({
    baseUrl: server.url,
    graphqlPath: '/graphql',
    getToken: () => Promise.resolve(server.token),
    userAgent: USER_AGENT,
    ...extra,
  });
}

describe('UniqueClient (happy paths, real HTTP)', function () {
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer();
  });
  after(() => server.stop());
  beforeEach(() => server.reset());

  describe('startExport', () => {
    it('is the internal surface: it starts the four kinds that have a REST route', () => {
      const api: UniqueAnalyticsApi = clientFor(server);
      assert.equal(api.surface, 'internal');
      assert.deepEqual(
        exportKindsFor('internal').map((k) => k.type),
        ['CHAT_INTERACTION', 'ACTIVE_USER', 'REFERENCE_STAT', 'CHAT_INTERACTION_DETAILED'],
      );
      assert.ok(exportKindsFor('internal').every((k) => k.path?.startsWith('/analytics/')));
    });

    for (const kind of exportKindsFor('internal')) {
      it(`starts ${kind.type} with the dates as query parameters and returns the new id`, async () => {
        const id = await clientFor(server).startExport(kind.type, {
          start: '2024-05-03',
          end: '2024-05-10',
        });
        const order = server.order(id);
        assert.ok(order, `server has no order ${id}`);
        assert.equal(order.type, kind.type);
        const req = server.requests.at(-1)!;
        assert.equal(req.method, 'GET');
        assert.equal(req.path, `/chat${kind.path ?? '?'}`);
        assert.deepEqual(req.query, { startDate: '2024-05-03', endDate: '2024-05-10' });
        assert.equal(req.authorization, 'valid');
        assert.equal(req.userAgent, USER_AGENT);
      });
    }

    for (const shape of ['json-string', 'bare', 'json-object'] as const) {
      it(`reads the id from a ${shape} answer`, async () => {
        server.startAnswerShape = shape;
        const id = await clientFor(server).startExport('ACTIVE_USER', {
          start: '2024-06-01',
          end: '2024-06-02',
        });
        assert.match(id, /^analyticOrder_[a-z0-9]{24}$/);
        assert.ok(server.order(id));
      });
    }

    for (const kind of EXPORT_KINDS.filter((k) => !k.surfaces.includes('internal'))) {
      it(`refuses ${kind.type} (Public API only) and sends nothing`, async () => {
        const err = await clientFor(server)
          .startExport(kind.type, { start: '2024-05-03', end: '2024-05-10' })
          .catch((e: unknown) => e);
        assert.ok(err instanceof ApiError, String(err));
        assert.equal(err.kind, 'badConfiguration');
        assert.match(
          err.message,
          new RegExp(
            `${kind.label} \\(${kind.type}\\) can be ordered only through the Public API \\(an environment with "surface": "public"\\)`,
          ),
        );
        assert.match(err.message, /Nothing was sent/);
        assert.deepEqual(server.requests, [], 'no request reached the server');
        assert.equal(server.store.page([{ createdAt: 'desc' }], 0, 100).length, 0);
      });
    }

    it('refuses an assistant id (the internal API has no assistant filter) and sends nothing', async () => {
      const err = await clientFor(server)
        .startExport('CHAT_INTERACTION', { start: '2024-05-03', end: '2024-05-10' }, undefined, {
          assistantId: 'space_42',
        })
        .catch((e: unknown) => e);
      assert.ok(err instanceof ApiError, String(err));
      assert.equal(err.kind, 'badConfiguration');
      assert.match(err.message, /assistant \(space\) id can be given only through the Public API/);
      assert.deepEqual(server.requests, []);
      // A blank one is no filter at all.
      const id = await clientFor(server).startExport(
        'CHAT_INTERACTION',
        { start: '2024-05-03', end: '2024-05-10' },
        undefined,
        { assistantId: '  ' },
      );
      assert.ok(server.order(id));
    });

    it('sends no date parameters when no range is given (server default: one day)', async () => {
      const id = await clientFor(server).startExport('CHAT_INTERACTION', undefined);
      assert.ok(server.order(id));
      assert.deepEqual(server.requests.at(-1)!.query, {});
    });

    it('maps a refused range (HTTP 400 with a message) to a protocol error quoting the server', async () => {
      const err = await clientFor(server)
        .startExport('CHAT_INTERACTION_DETAILED', { start: '2024-01-01', end: '2024-03-01' })
        .catch((e: unknown) => e);
      assert.ok(err instanceof ApiError);
      assert.equal(err.kind, 'protocol');
      assert.match(err.message, /^Starting the export failed: .*HTTP 400/);
    });
  });

  describe('a rejected token (401)', () => {
    it('a service user gets a new token and the request is sent once more', async () => {
      let token = 'expired-service-token';
      const rejected: string[] = [];
      const client = clientFor(server, {
        getToken: () => Promise.resolve(token),
        onTokenRejected: (t) => {
          rejected.push(t);
          token = server.token;
          return true;
        },
      });
      const page = await client.listOrders(0, 20);
      assert.ok(Array.isArray(page.orders));
      assert.deepEqual(rejected, ['expired-service-token']);
      assert.deepEqual(
        server.requests.map((r) => r.authorization),
        ['invalid', 'valid'],
      );
    });

    it('retries once only, and never for a pasted token', async () => {
      let asked = 0;
      const always = clientFor(server, {
        getToken: () => Promise.resolve('bad'),
        onTokenRejected: () => (asked++, true),
      });
      await assert.rejects(
        always.listOrders(0, 20),
        (e: unknown) => e instanceof ApiError && e.kind === 'unauthorized',
      );
      assert.equal(asked, 1);
      assert.equal(server.requests.length, 2);
      server.reset();
      const pasted = clientFor(server, { getToken: () => Promise.resolve('bad') });
      await assert.rejects(pasted.listOrders(0, 20));
      assert.equal(server.requests.length, 1);
    });
  });

  describe('listOrders', () => {
    it('pages through every order, newest first, with the documented variables', async () => {
      server.seedMany(45);
      const client = clientFor(server);
      const seen: string[] = [];
      const more: boolean[] = [];
      for (let skip = 0; ; skip += 20) {
        const page = await client.listOrders(skip, 20);
        seen.push(...page.orders.map((o) => o.id));
        more.push(page.mayHaveMore);
        assert.equal(page.skipped, 0);
        if (!page.mayHaveMore) break;
      }
      assert.deepEqual(more, [true, true, false]);
      assert.equal(new Set(seen).size, 45);
      const expected = server
        .orders()
        .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
        .map((o) => o.id);
      assert.deepEqual(seen, expected);
      const req = server.requests.at(-1)!;
      assert.equal(req.method, 'POST');
      assert.equal(req.path, '/chat/graphql');
      assert.equal(req.operationName, 'AnalyticsOrders');
      assert.equal(req.authorization, 'valid');
      assert.equal(req.userAgent, USER_AGENT);
    });

    it('maps wire orders to domain orders (states, types, window)', async () => {
      const wire = server.addOrder({ type: 'REFERENCE_STAT', state: 'DONE' });
      const page = await clientFor(server).listOrders(0, 20);
      assert.equal(page.orders.length, 1);
      const o = page.orders[0];
      assert.equal(o.id, wire.id);
      assert.deepEqual(o.state, { known: 'DONE', raw: 'DONE' });
      assert.deepEqual(o.type, { known: 'REFERENCE_STAT', raw: 'REFERENCE_STAT' });
      assert.equal(o.createdAt, wire.createdAt);
      assert.equal(o.window?.start, wire.configuration.startDate);
    });

    it('keeps unknown states, types and fields as they come', async () => {
      server.addOrder({ state: 'DONE' });
      server.addFault({ on: 'list', times: 1, fault: { kind: 'unknownValues' } });
      const page = await clientFor(server).listOrders(0, 20);
      const mystery = page.orders.find((o) => o.state.raw === 'QUANTUM');
      assert.ok(mystery, 'the order with an unknown state is kept');
      assert.equal(mystery.state.known, undefined);
      assert.equal(mystery.type.known, undefined);
      assert.equal(mystery.type.raw, 'MYSTERY_EXPORT');
      assert.equal(page.orders.length, 2);
    });

    it('skips and counts an entry it cannot map instead of failing the page', async () => {
      server.addOrder({ state: 'DONE' });
      server.addOrder({ id: '', state: 'DONE' });
      const warnings: string[] = [];
      const logger = {
        trace() {},
        debug() {},
        info() {},
        warn: (m: string) => void warnings.push(m),
        error() {},
      };
      const page = await clientFor(server, { logger }).listOrders(0, 20);
      assert.equal(page.orders.length, 1);
      assert.equal(page.skipped, 1);
      assert.ok(warnings.some((w) => /skipped/.test(w)));
    });

    it('returns an empty page from an empty server', async () => {
      const page = await clientFor(server).listOrders(0, 20);
      assert.deepEqual(page, { orders: [], mayHaveMore: false, skipped: 0 });
    });
  });

  describe('deleteOrder', () => {
    it('deletes over GraphQL and returns the deleted order', async () => {
      const wire = server.addOrder({ state: 'DONE' });
      const deleted = await clientFor(server).deleteOrder(wire.id);
      assert.equal(deleted?.id, wire.id);
      assert.equal(server.order(wire.id), undefined);
      const req = server.requests.at(-1)!;
      assert.equal(req.operationName, 'AnalyticsOrderDelete');
      assert.equal(req.authorization, 'valid');
    });

    it('reports an order that is already gone as notFound', async () => {
      const err = await clientFor(server)
        .deleteOrder('analyticOrder_doesnotexist0000000000000')
        .catch((e: unknown) => e);
      assert.ok(err instanceof ApiError);
      assert.equal(err.kind, 'notFound');
      assert.match(err.message, /^Deleting the order failed: /);
    });
  });

  describe('configuration and token', () => {
    it('sends nothing and says notConfigured without a token', async () => {
      const err = await clientFor(server, { getToken: () => Promise.resolve(undefined) })
        .listOrders(0, 20)
        .catch((e: unknown) => e);
      assert.ok(err instanceof ApiError);
      assert.equal(err.kind, 'notConfigured');
      assert.match(err.message, /Set Access Token/);
      assert.equal(server.requests.length, 0);
    });

    it('refuses a token that cannot go into a header, without sending or quoting it', async () => {
      const bad = 'eyJhbGciOi JSUzI1NiJ9\nsecretpart';
      const err = await clientFor(server, { getToken: () => Promise.resolve(bad) })
        .listOrders(0, 20)
        .catch((e: unknown) => e);
      assert.ok(err instanceof ApiError);
      assert.equal(err.kind, 'notConfigured');
      assert.ok(!err.message.includes('secretpart'));
      assert.equal(server.requests.length, 0);
      const report = await clientFor(server, {
        getToken: () => Promise.resolve(bad),
      }).checkConnection();
      assert.equal(report.checks.at(-1)?.check, CHECKS.token);
      assert.equal(report.checks.at(-1)?.ok, false);
    });

    it('sends nothing and says notConfigured without a base URL', async () => {
      const err = await clientFor(server, { baseUrl: '  ' })
        .startExport('ACTIVE_USER', undefined)
        .catch((e: unknown) => e);
      assert.ok(err instanceof ApiError);
      assert.equal(err.kind, 'notConfigured');
      assert.match(err.message, /uniqueAnalytics\.baseUrl/);
      assert.equal(server.requests.length, 0);
    });

    it('refuses an http:// base URL to a remote host as badConfiguration', async () => {
      const err = await clientFor(server, { baseUrl: 'http://gateway.example.unique.app/chat' })
        .listOrders(0, 20)
        .catch((e: unknown) => e);
      assert.ok(err instanceof ApiError);
      assert.equal(err.kind, 'badConfiguration');
      assert.match(err.message, /unencrypted/);
    });

    it('asks for the token on every request (rotation is picked up)', async () => {
      let calls = 0;
      const client = clientFor(server, {
        getToken: () => {
          calls++;
          return Promise.resolve(server.token);
        },
      });
      await client.listOrders(0, 1);
      await client.listOrders(0, 1);
      assert.equal(calls, 2);
    });
  });

  describe('checkConnection', () => {
    it('passes every check against a healthy server, without starting an export', async () => {
      const report = await clientFor(server).checkConnection();
      assert.equal(report.ok, true, JSON.stringify(report, null, 2));
      assert.deepEqual(
        report.checks.map((c) => c.check),
        [
          CHECKS.settings,
          CHECKS.token,
          CHECKS.reach,
          CHECKS.auth,
          CHECKS.roles,
          CHECKS.list,
          CHECKS.download,
        ],
      );
      assert.equal(
        server.requests.filter((r) => r.route === 'start').length,
        0,
        'a connection check must never start an export',
      );
      assert.ok(server.requests.some((r) => r.route === 'download'));
    });

    it('names the missing role for a token without analytics roles', async () => {
      const s = await startFakeServer({ forbiddenToken: 'forbidden-token-123456' });
      try {
        const report = await clientFor(s, {
          getToken: () => Promise.resolve('forbidden-token-123456'),
        }).checkConnection();
        assert.equal(report.ok, false);
        const roles = report.checks.find((c) => c.check === CHECKS.roles);
        assert.equal(roles?.ok, false);
        assert.match(roles.detail, /chat\.feedback\.read/);
        assert.equal(report.checks.find((c) => c.check === CHECKS.auth)?.ok, true);
      } finally {
        await s.stop();
      }
    });

    it('says the token was refused for a wrong token', async () => {
      const report = await clientFor(server, {
        getToken: () => Promise.resolve('wrong-token-000000'),
      }).checkConnection();
      assert.equal(report.ok, false);
      assert.equal(report.checks.find((c) => c.check === CHECKS.reach)?.ok, true);
      assert.equal(report.checks.find((c) => c.check === CHECKS.auth)?.ok, false);
    });

    it('stops at the token check when no token is set, sending nothing', async () => {
      const report = await clientFor(server, {
        getToken: () => Promise.resolve(''),
      }).checkConnection();
      assert.equal(report.ok, false);
      assert.deepEqual(
        report.checks.map((c) => [c.check, c.ok]),
        [
          [CHECKS.settings, true],
          [CHECKS.token, false],
        ],
      );
      assert.equal(server.requests.length, 0);
    });

    it('reports an unreachable server with the reason', async () => {
      const s = await startFakeServer();
      const url = s.url;
      await s.stop();
      const report = await clientFor(server, { baseUrl: url }).checkConnection();
      const reach = report.checks.find((c) => c.check === CHECKS.reach);
      assert.equal(reach?.ok, false);
      assert.match(reach.detail, /ECONNREFUSED/);
    });

    it('reports a bad base URL as a settings failure', async () => {
      const report = await clientFor(server, { baseUrl: 'ftp://example.com' }).checkConnection();
      assert.deepEqual(
        report.checks.map((c) => [c.check, c.ok]),
        [[CHECKS.settings, false]],
      );
      assert.match(report.checks[0].detail, /https:\/\//);
    });
  });
});
