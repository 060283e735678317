// PublicAnalyticsClient over real HTTP against the fake's Public API routes: all nine kinds with an optional
// assistant, listing in both answer shapes, download, delete, and the identity headers the API insists on.
import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PublicAnalyticsClient,
  type PublicClientOptions,
} from '../../../src/core/api/publicClient';
import { ApiError } from '../../../src/core/errors';
import { KNOWN_TYPES } from '../../../src/core/orders/order';
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

  it('lists newest first, and pages', async () => {
    const first = await client().startOrder('NPS', RANGE);
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
