// Deleting orders in a real VS Code against the fake server: what goes, what stays, failures reported,
// and clean-up's re-check that never deletes an order whose CSV is no longer complete on disk. The modal
// confirmations themselves are driven in the end-to-end tier; their wording is unit-tested (deletePlan).
import * as assert from 'node:assert/strict';
import { stat, truncate, unlink } from 'node:fs/promises';
import { cleanUpCandidates } from '../../src/core/orders/deletePlan';
import type { Order } from '../../src/core/orders/order';
import { downloadOrderCsv } from '../../src/vscode/flows/csvDownload';
import {
  cleanUpDownloaded,
  confirmAndDelete,
  deleteOrders,
} from '../../src/vscode/flows/deleteFlow';
import { startFlowsKit } from './flowsKit';
import type { FlowsKit } from './flowsKit';

describe('flows: deleting orders (real VS Code)', function () {
  this.timeout(60_000);
  let kit: FlowsKit;

  beforeEach(async () => {
    kit = await startFlowsKit();
  });
  afterEach(async () => {
    await kit.dispose();
  });

  const onServer = (orders: readonly Order[]) =>
    orders.filter((o) => kit.server.order(o.id)).map((o) => o.id);

  it('deletes every order on the server and leaves local files and the index alone', async () => {
    const a = kit.addOrder();
    const b = kit.addOrder({ type: 'ACTIVE_USER' });
    const c = kit.addOrder({ state: 'RUNNING' });
    const file = await downloadOrderCsv(kit.deps, a);
    assert.ok(file);
    const outcome = await deleteOrders(kit.deps, [a, b, c]);
    assert.deepEqual(outcome.deleted, [a.id, b.id, c.id]);
    assert.deepEqual(outcome.failed, []);
    assert.deepEqual(onServer([a, b, c]), []);
    assert.equal((await stat(file.path)).size, file.bytes, 'the CSV stays on disk');
    assert.equal((await kit.index.lookup(a.id))?.path, file.path, 'the index still knows the file');
  });

  it('goes on past a failure and reports it; "not found" counts as deleted', async () => {
    const a = kit.addOrder();
    const b = kit.addOrder();
    const c = kit.addOrder();
    kit.server.addFault({ on: 'delete', times: 1, fault: { kind: 'status', status: 500 } });
    kit.server.store.delete(c.id);
    const outcome = await deleteOrders(kit.deps, [a, b, c]);
    assert.deepEqual(outcome.deleted, [b.id, c.id]);
    assert.deepEqual(
      outcome.failed.map((f) => f.order.id),
      [a.id],
    );
    assert.match(outcome.failed[0].message, /\S/);
    assert.deepEqual(onServer([a, b, c]), [a.id], 'the failed one is still there');
  });

  it('stops after a rejected token instead of repeating the same failure', async () => {
    await kit.dispose();
    kit = await startFlowsKit({ token: 'not-the-right-token' });
    const orders = [kit.addOrder(), kit.addOrder(), kit.addOrder()];
    const outcome = await deleteOrders(kit.deps, orders);
    assert.deepEqual(outcome.deleted, []);
    assert.equal(outcome.failed.length, 1);
    assert.equal(outcome.notTried.length, 2);
    assert.equal(kit.server.requests.filter((r) => r.route === 'delete').length, 1);
    assert.deepEqual(
      onServer(orders),
      orders.map((o) => o.id),
    );
  });

  it('clean-up re-checks each file right before deleting: a deleted or truncated CSV keeps its order', async () => {
    const intact = kit.addOrder();
    const removed = kit.addOrder();
    const shortened = kit.addOrder();
    const never = kit.addOrder();
    const files = await Promise.all(
      [intact, removed, shortened].map((o) => downloadOrderCsv(kit.deps, o)),
    );
    const safe = new Set([intact.id, removed.id, shortened.id]);
    const candidates = cleanUpCandidates([intact, removed, shortened, never], safe);
    assert.deepEqual(
      candidates.map((o) => o.id),
      [intact.id, removed.id, shortened.id],
    );
    // The files change between the confirmation and the deletes.
    await unlink(files[1]!.path);
    await truncate(files[2]!.path, 100);

    const outcome = await deleteOrders(kit.deps, candidates, { onlyIfSafelyOnDisk: true });
    assert.deepEqual(outcome.deleted, [intact.id]);
    assert.deepEqual(
      outcome.skippedNotOnDisk.map((o) => o.id),
      [removed.id, shortened.id],
    );
    assert.deepEqual(onServer([intact, removed, shortened, never]), [
      removed.id,
      shortened.id,
      never.id,
    ]);
  });

  it('with nothing downloaded, clean-up deletes nothing and asks nothing', async () => {
    const orders = [kit.addOrder(), kit.addOrder({ state: 'ERROR' })];
    assert.deepEqual(await cleanUpDownloaded(kit.deps, orders), []);
    assert.deepEqual(await confirmAndDelete(kit.deps, []), []);
    assert.equal(kit.server.requests.filter((r) => r.route === 'delete').length, 0);
    assert.deepEqual(
      onServer(orders),
      orders.map((o) => o.id),
    );
  });
});
