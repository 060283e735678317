// The fake Unique server itself, over real HTTP with global fetch: other tiers trust it, so its routes,
// auth, state progression, CSVs, faults, control routes and Zurich day bounds are checked here.
import * as assert from 'node:assert/strict';
import { parseCsv } from '../fakeServer/parseCsv';
import { DELETE_MUTATION as DELETE, LIST_QUERY as LIST, rawClient } from '../fakeServer/rawClient';
import { startFakeServer, type FakeServer, type WireOrder } from '../fakeServer/server';

const T0 = Date.parse('2024-06-02T19:18:57.753Z');

describe('fake Unique server', () => {
  let server: FakeServer;
  let clock = T0;
  let { auth, get, gql, list, start, download, control } = {} as ReturnType<typeof rawClient>;
  beforeEach(async () => {
    clock = T0;
    server = await startFakeServer({
      forbiddenToken: 'no-roles',
      pendingMs: 2000,
      runningMs: 4000,
      now: () => clock,
    });
    ({ auth, get, gql, list, start, download, control } = rawClient(server));
  });
  afterEach(() => server.stop());

  it('starts an order, answers its id as a JSON string, and lists it with Zurich bounds', async () => {
    const res = await get('/analytics/chat-interactions?startDate=2024-05-03&endDate=2024-06-02');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const id = (await res.json()) as string;
    assert.match(id, /^analyticOrder_[a-z0-9]{24}$/);
    const [order] = await list();
    assert.deepEqual(order, {
      updatedAt: '2024-06-02T19:18:57.753Z',
      type: 'CHAT_INTERACTION',
      stateUpdatedAt: '2024-06-02T19:18:57.753Z',
      id,
      state: 'PENDING',
      createdBy: order.createdBy,
      createdAt: '2024-06-02T19:18:57.753Z',
      configuration: { startDate: '2024-05-02T22:00:00.000Z', endDate: '2024-06-02T21:59:59.999Z' },
      companyId: order.companyId,
    });
  });

  it('switches the start answer shape', async () => {
    server.startAnswerShape = 'bare';
    const bare = await get('/analytics/active-users');
    assert.match(await bare.text(), /^analyticOrder_[a-z0-9]{24}$/);
    server.startAnswerShape = 'json-object';
    const { body } = await start(undefined, '/analytics/reference-stat-export');
    assert.match((body as { id: string }).id, /^analyticOrder_/);
    assert.equal(
      server
        .orders()
        .map((o) => o.type)
        .join(),
      'ACTIVE_USER,REFERENCE_STAT',
    );
  });

  it('moves orders PENDING -> RUNNING -> DONE on the injected clock; failEvery makes every Nth end in ERROR', async () => {
    server.failEvery = 2;
    const a = (await start()).body as string;
    const b = (await start()).body as string;
    const states = async () => Object.fromEntries((await list()).map((o) => [o.id, o.state]));
    assert.deepEqual(await states(), { [a]: 'PENDING', [b]: 'PENDING' });
    clock += 2000;
    assert.deepEqual(await states(), { [a]: 'RUNNING', [b]: 'RUNNING' });
    assert.equal(server.order(a)?.stateUpdatedAt, new Date(T0 + 2000).toISOString());
    clock += 4000;
    assert.deepEqual(await states(), { [a]: 'DONE', [b]: 'ERROR' });
  });

  it('honours orderBy createdAt asc/desc, skip and take', async () => {
    server.seedMany(50);
    const desc = await list({ orderBy: [{ createdAt: 'desc' }], skip: 5, take: 10 });
    assert.equal(desc.length, 10);
    const ids = (orders: WireOrder[]) => orders.map((o) => o.id);
    const all = ids(server.orders());
    assert.deepEqual(ids(desc), all.slice().reverse().slice(5, 15));
    const asc = await list({ orderBy: [{ createdAt: 'asc' }], skip: 45, take: 10 });
    assert.deepEqual(ids(asc), all.slice(45));
    const newest = server.addOrder({ createdAt: new Date(T0 + 1).toISOString() });
    assert.equal((await list())[0].id, newest.id, 'a new order invalidates the cached sort');
  });

  it('rejects malformed GraphQL like a real server', async () => {
    const syntax = await gql('query { analyticsOrders( }');
    assert.equal(syntax.status, 400);
    assert.match(JSON.stringify(await syntax.json()), /Syntax Error/);
    const unknownField = await gql('query { analyticsOrders { id colour } }');
    assert.equal(unknownField.status, 400);
    const validation = (await unknownField.json()) as {
      errors: Array<{ message: string; extensions: { code: string } }>;
    };
    assert.match(validation.errors[0].message, /Cannot query field "colour"/);
    assert.equal(validation.errors[0].extensions.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.equal((await gql(LIST, { take: 'ten' })).status, 400);
    assert.equal((await gql(LIST, {}, { 'content-type': 'text/plain' })).status, 400);
  });

  it('streams a realistic CSV of exactly the configured size, only for DONE orders', async () => {
    const id = (await start()).body as string;
    assert.equal((await download(id)).status, 409);
    assert.equal((await download('analyticOrder_doesnotexist000000000000')).status, 404);
    clock += 6000;
    server.setCsvBytes(id, 10_000);
    const res = await download(id);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(res.headers.get('content-length'), '10000');
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(bytes.length, 10_000);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    for (const needle of [
      '""Contract""',
      'Zürich',
      'Müller',
      '@example.ch',
      '"Research Assistant, Zürich',
    ])
      assert.ok(text.includes(needle), needle);
    const rows = parseCsv(text);
    assert.deepEqual(rows[0], ['User Email', 'Date', 'Interactions', 'Assistant']);
    assert.ok(rows.length > 20);
    assert.ok(rows.every((r) => r.length === 4));
    assert.ok(rows.some((r) => r[3].includes('\n'))); // a field with an embedded newline
  });

  it('serves large CSVs with an exact length without buffering them', async () => {
    const order = server.addOrder({
      type: 'CHAT_INTERACTION_DETAILED',
      state: 'DONE',
      csvBytes: 64 * 1024 * 1024 + 7,
    });
    const res = await download(order.id);
    const reader = res.body!.getReader();
    let received = 0;
    let last = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      received += r.value.length;
      last = r.value[r.value.length - 1];
    }
    assert.equal(received, 64 * 1024 * 1024 + 7);
    assert.equal(String(received), res.headers.get('content-length'));
    assert.equal(last, 0x0a);
  });

  it('deletes orders and reports unknown ids as a GraphQL "not found" error', async () => {
    const id = (await start()).body as string;
    const first = (await (await gql(DELETE, { orderId: id })).json()) as {
      data: { analyticsOrderDelete: { id: string } };
    };
    assert.equal(first.data.analyticsOrderDelete.id, id);
    assert.deepEqual(server.orders(), []);
    const again = await gql(DELETE, { orderId: id });
    assert.equal(again.status, 200);
    const body = (await again.json()) as { data: unknown; errors: Array<{ message: string }> };
    assert.match(body.errors[0].message, /not found/);
  });

  it('answers 401 without or with a wrong token, 403 for a token without roles, and logs no token', async () => {
    const missing = await fetch(server.url + '/analytics/chat-interactions');
    assert.equal(missing.status, 401);
    assert.equal(((await missing.json()) as { message: string }).message, 'Unauthorized');
    assert.equal((await gql(LIST, {}, auth('wrong'))).status, 401);
    assert.equal((await get('/analytics/active-users', { headers: auth('no-roles') })).status, 403);
    const old = server.token;
    server.token = 'rotated-token';
    assert.equal((await get('/analytics/active-users', { headers: auth(old) })).status, 401);
    assert.equal(
      (await get('/analytics/active-users', { headers: auth('rotated-token') })).status,
      200,
    );
    assert.equal(
      server.requests.map((r) => r.authorization).join(),
      'missing,invalid,forbidden,invalid,valid',
    );
    assert.deepEqual(server.requests[1], {
      ...server.requests[1],
      route: 'list',
      operationName: 'AnalyticsOrders',
      path: '/chat/graphql',
    });
    const log = JSON.stringify(server.requests);
    for (const secret of [old, 'rotated-token', 'no-roles', 'wrong'])
      assert.ok(!log.includes(secret), 'token in request log');
    assert.equal(server.orders().length, 1);
  });

  it('applies status, rate-limit, bad-gateway and GraphQL-error faults for the given number of times', async () => {
    server.addFault({ on: 'start', times: 1, fault: { kind: 'status', status: 500 } });
    server.addFault({ on: 'list', times: 1, fault: { kind: 'rateLimit', retryAfterSeconds: 7 } });
    server.addFault({
      on: 'delete',
      fault: { kind: 'graphqlErrors', message: 'token expired', code: 'UNAUTHENTICATED' },
    });
    server.addFault({ on: 'download', times: 1, fault: { kind: 'badGateway' } });
    assert.equal((await start()).status, 500);
    assert.equal((await start()).status, 200);
    const limited = await gql(LIST);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '7');
    assert.equal((await list()).length, 1);
    const del = (await (await gql(DELETE, { orderId: 'x' })).json()) as {
      errors: Array<{ extensions: { code: string } }>;
    };
    assert.equal(del.errors[0].extensions.code, 'UNAUTHENTICATED');
    const gateway = await download('anything');
    assert.equal(gateway.status, 502);
    assert.match(await gateway.text(), /<html>/);
    assert.equal((await download('anything')).status, 404);
    assert.equal(server.faults().length, 1);
    server.clearFaults();
    assert.deepEqual(server.faults(), []);
  });

  it('cuts a download after N bytes, sends odd bodies, unknown values and late answers', async () => {
    const done = server.addOrder({ state: 'DONE', csvBytes: 1_000_000 });
    server.addFault({ on: 'download', times: 1, fault: { kind: 'reset', afterBytes: 5000 } });
    const cut = await download(done.id);
    assert.equal(cut.headers.get('content-length'), '1000000');
    await assert.rejects(cut.arrayBuffer());
    server.addFault({ on: 'list', times: 1, fault: { kind: 'malformedJson' } });
    await assert.rejects((await gql(LIST)).json(), SyntaxError);
    server.addFault({ on: 'start', times: 1, fault: { kind: 'emptyBody' } });
    assert.equal(await (await get('/analytics/active-users')).text(), '');
    server.addFault({ on: 'list', times: 1, fault: { kind: 'unknownValues' } });
    const odd = await list();
    assert.deepEqual([odd[0].state, odd[0].type, odd.length], ['QUANTUM', 'MYSTERY_EXPORT', 2]);
    assert.ok('retentionDays' in odd[1]);
    server.addFault({ on: 'any', times: 1, fault: { kind: 'delay', ms: 150 } });
    const before = Date.now();
    assert.equal((await list()).length, 1);
    assert.ok(Date.now() - before >= 140);
    server.addFault({ on: 'list', times: 1, fault: { kind: 'reset' } });
    await assert.rejects(gql(LIST));
  });

  it('redirects to the other origin, which records whether the Authorization header came along', async () => {
    server.addFault({ on: 'list', fault: { kind: 'redirect', to: 'other-origin' } });
    const followed = await gql(LIST);
    assert.deepEqual([followed.status, followed.redirected], [200, true]);
    const manual = await fetch(server.graphqlUrl, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ query: LIST }),
    });
    assert.equal(manual.status, 307);
    const location = manual.headers.get('location')!;
    assert.equal(new URL(location).origin, server.otherOrigin);
    server.clearRequests();
    const withAuth = await fetch(location, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ query: LIST }),
    });
    assert.equal(withAuth.status, 200);
    assert.equal(server.otherOriginSawAuthorization, true);
    assert.equal(server.otherOriginRequests.length, 1);
    server.clearFaults();
    server.addFault({ on: 'start', times: 5, fault: { kind: 'redirect', to: 'same-origin' } });
    assert.equal((await start()).status, 200);
    assert.equal(server.requests.length, 2);
    assert.equal(server.orders().length, 1);
  });

  it('is steered over the unauthenticated /__fake/ control routes', async () => {
    assert.equal(
      (await control('POST', '/faults', { on: 'list', fault: { kind: 'status', status: 503 } }))
        .status,
      200,
    );
    assert.equal((await gql(LIST)).status, 503);
    assert.equal(
      (await control('POST', '/faults', { on: 'lists', fault: { kind: 'status', status: 503 } }))
        .status,
      400,
    );
    await control('DELETE', '/faults');
    assert.equal((await gql(LIST)).status, 200);
    const logged = (await (await control('GET', '/requests')).json()) as Array<{ route: string }>;
    assert.equal(logged.map((r) => r.route).join(), 'list,list');
    const added = (await (
      await control('POST', '/orders', { state: 'DONE', type: 'NPS' })
    ).json()) as WireOrder;
    assert.deepEqual([added.state, added.type], ['DONE', 'NPS']);
    await control('POST', '/seed', { n: 30 });
    assert.equal(server.orders().length, 31);
    await control('POST', '/token', { token: 'tok-2' });
    assert.equal(server.token, 'tok-2');
    await control('POST', '/reset');
    assert.deepEqual([server.orders().length, server.requests.length], [0, 0]);
  });

  it('validates dates and widens them to Europe/Zurich days in summer, winter and across DST', async () => {
    const bounds = async (q: string, path?: string) => {
      const r = await start(q, path);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return server.order(r.body as string)!.configuration;
    };
    clock = Date.parse('2024-07-01T22:30:00Z'); // already 2 July in Zurich: the default day
    for (const [q, from, to] of [
      [
        'startDate=2024-01-10&endDate=2024-01-12',
        '2024-01-09T23:00:00.000Z',
        '2024-01-12T22:59:59.999Z',
      ], // winter, UTC+1
      [
        'startDate=2024-03-30&endDate=2024-03-31',
        '2024-03-29T23:00:00.000Z',
        '2024-03-31T21:59:59.999Z',
      ], // spring forward
      ['', '2024-07-01T22:00:00.000Z', '2024-07-02T21:59:59.999Z'],
    ])
      assert.deepEqual(await bounds(q), { startDate: from, endDate: to }, q);
    await bounds(
      'startDate=2024-05-01&endDate=2024-05-14',
      '/analytics/chat-interactions-detailed',
    );
    await bounds('startDate=2023-01-01&endDate=2023-12-31');
    for (const [q, path] of [
      ['startDate=2024-5-3&endDate=2024-06-02', undefined],
      ['startDate=2024-02-30&endDate=2024-03-02', undefined],
      ['startDate=2024-06-02&endDate=2024-05-03', undefined],
      ['startDate=2023-01-01&endDate=2024-01-01', undefined],
      ['startDate=2024-05-01&endDate=2024-05-15', '/analytics/chat-interactions-detailed'],
    ]) {
      const r = await start(q, path);
      assert.equal(r.status, 400, q);
      assert.equal(typeof (r.body as { message: unknown }).message, 'string');
    }
  });

  it('stop() closes open downloads and the demo seed carries every state plus unknown ones', async () => {
    const done = server.addOrder({ state: 'DONE', csvBytes: 2_000_000_000 });
    const res = await download(done.id);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await server.stop();
    await assert.rejects(async () => {
      for (;;)
        if ((await reader.read()).done) throw new Error('ended cleanly instead of being cut');
    }, /terminated/);
    server = await startFakeServer({ seed: 'demo' });
    const states = new Set(server.orders().map((o) => o.state));
    for (const s of ['PENDING', 'RUNNING', 'DONE', 'ERROR', 'ARCHIVING'])
      assert.ok(states.has(s), s);
    assert.ok(server.orders().some((o) => o.type === 'FUTURE_EXPORT'));
  });
});
