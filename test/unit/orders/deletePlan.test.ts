// Deleting orders (src/core/orders/deletePlan.ts): what the confirmation says, what clean-up touches, the summary.
import * as assert from 'node:assert/strict';
import {
  cleanUpCandidates,
  cleanUpConfirmation,
  deleteConfirmation,
  deleteSummary,
  describeKinds,
  isAlreadyGone,
  stopsTheBatch,
} from '../../../src/core/orders/deletePlan';
import { ApiError } from '../../../src/core/errors';
import { orderFromWire } from '../../../src/core/orders/order';
import type { Order } from '../../../src/core/orders/order';

function order(id: string, state: string, type = 'CHAT_INTERACTION'): Order {
  return orderFromWire({ id, state, type });
}

const done1 = order('o1', 'DONE');
const done2 = order('o2', 'DONE', 'ACTIVE_USER');
const running = order('o3', 'RUNNING');
const failed = order('o4', 'ERROR');
const odd = order('o5', 'ARCHIVED', 'MODEL_USAGE');

describe('delete plan', () => {
  it('names count and kinds', () => {
    assert.equal(
      describeKinds([done1, done2, order('x', 'DONE')]),
      '2 Chat interactions, 1 Active users',
    );
    const c = deleteConfirmation([done1, done2], new Set(['o1', 'o2']));
    assert.equal(c.message, 'Delete 2 orders (1 Chat interactions, 1 Active users) on the server?');
    assert.equal(c.confirmLabel, 'Delete');
    assert.equal(c.undownloaded, 0);
    assert.match(c.detail, /CSV files stay on disk/);
    assert.doesNotMatch(c.detail, /never downloaded/);
  });

  it('warns loudly, and changes the button, when a finished CSV was never downloaded', () => {
    const c = deleteConfirmation([done1, done2], new Set(['o1']));
    assert.equal(c.confirmLabel, 'Delete Anyway');
    assert.equal(c.undownloaded, 1);
    assert.match(c.detail, /1 of them was never downloaded/);
    const single = deleteConfirmation([done2], new Set());
    assert.equal(single.message, 'Delete the Active users order on the server?');
    const windowed = orderFromWire({
      id: 'w',
      state: 'DONE',
      type: 'ACTIVE_USER',
      configuration: { startDate: '2024-05-02T22:00:00.000Z', endDate: '2024-06-02T21:59:59.999Z' },
    });
    assert.match(
      deleteConfirmation([windowed], new Set(['w']), 'en').message,
      /\(May 3\s–\sJun 2, 2024\)/,
    );
    // ICU puts thin spaces around the dash.
    assert.match(
      deleteConfirmation([windowed], new Set(['w'])).message,
      /^Delete the Active users \(3 May\s–\s2 Jun 2024\) order on the server\?$/,
    );
    assert.match(single.detail, /^Its CSV was never downloaded/);
    assert.equal(single.confirmLabel, 'Delete Anyway');
  });

  it('does not call failed or unfinished orders "never downloaded", but says deleting stops a running one', () => {
    const c = deleteConfirmation([failed, running, odd], new Set());
    assert.equal(c.confirmLabel, 'Delete');
    assert.doesNotMatch(c.detail, /never downloaded/);
    assert.match(c.detail, /1 is still being prepared; deleting stops it/);
    assert.equal(c.message, 'Delete 3 orders (2 Chat interactions, 1 Model usage) on the server?');
  });

  it('clean-up takes only DONE orders whose file is safe', () => {
    const safe = new Set(['o1', 'o3', 'o4', 'o5']);
    assert.deepEqual(
      cleanUpCandidates([done1, done2, running, failed, odd], safe).map((o) => o.id),
      ['o1'],
    );
    assert.equal(cleanUpConfirmation(1).message, 'Delete the 1 order whose CSV is saved on disk?');
    assert.equal(cleanUpConfirmation(3).message, 'Delete the 3 orders whose CSV is saved on disk?');
  });

  it('treats "not found" as already deleted and stops the batch on auth errors only', () => {
    assert.equal(isAlreadyGone(new ApiError('notFound', 'gone')), true);
    assert.equal(isAlreadyGone(new ApiError('server', 'boom')), false);
    assert.equal(isAlreadyGone(new Error('x')), false);
    assert.equal(stopsTheBatch(new ApiError('unauthorized', 'x')), true);
    assert.equal(stopsTheBatch(new ApiError('forbidden', 'x')), true);
    assert.equal(stopsTheBatch(new ApiError('server', 'x')), false);
    assert.equal(stopsTheBatch(new ApiError('network', 'x')), false);
    assert.equal(stopsTheBatch(new TypeError('x')), false);
  });

  it('summarises: nothing when all went through, else what failed and what was kept', () => {
    assert.equal(
      deleteSummary({ deleted: ['a'], failed: [], skippedNotOnDisk: [], notTried: [] }),
      undefined,
    );
    const s = deleteSummary({
      deleted: ['o1'],
      failed: [
        { order: done2, message: 'The server failed (500). Try again later.' },
        { order: running, message: 'The server failed (500). Try again later.' },
      ],
      skippedNotOnDisk: [],
      notTried: [failed],
    })!;
    assert.equal(s.level, 'error');
    assert.equal(
      s.message,
      'Deleted 1 order. Could not delete 2 orders: The server failed (500). Try again later. Stopped before 1 order.',
    );
    const k = deleteSummary({ deleted: [], failed: [], skippedNotOnDisk: [done1], notTried: [] })!;
    assert.equal(k.level, 'warning');
    assert.match(k.message, /Kept 1 order whose CSV is no longer complete on disk/);
  });
});
