// A batch's state (src/core/ranges/batch.ts): parts placed one at a time at least 10 s apart, the server's
// states mapped onto parts, progress, merge readiness, retry of failed parts only, and storage round trips.
import * as assert from 'node:assert/strict';
import {
  batchProgress,
  firstPageNeeded,
  newBatch,
  nextToPlace,
  parseBatch,
  placed,
  readyToMerge,
  retryFailed,
  withOrderStates,
} from '../../../src/core/ranges/batch';

describe('ranges: batch state', () => {
  const quarter = () =>
    newBatch('b1', 'CHAT_INTERACTION_DETAILED', { start: '2026-07-01', end: '2026-09-30' }, 14);

  it('places one part at a time, at least 10 s apart', () => {
    let b = quarter();
    assert.equal(b.parts.length, 7);
    assert.deepEqual(nextToPlace(b, 1_000), { index: 0, waitMs: 0 });
    b = placed(b, 0, 'o0', 1_000);
    assert.deepEqual(nextToPlace(b, 4_000), { index: 1, waitMs: 7_000 });
    b = placed(b, 1, 'o1', 11_000);
    assert.deepEqual(nextToPlace(b, 30_000), { index: 2, waitMs: 0 });
  });

  it("maps the server's states; progress; merge only when every part is done", () => {
    let b = quarter();
    b.parts.forEach((_, i) => (b = placed(b, i, `o${i}`, i * 10_000)));
    b = withOrderStates(
      b,
      new Map([
        ['o0', 'DONE'],
        ['o1', 'RUNNING'],
        ['o2', 'ERROR'],
        ['o3', 'SOMETHING_NEW'],
      ]),
    );
    assert.deepEqual(
      b.parts.map((p) => p.state),
      ['done', 'placed', 'failed', 'placed', 'placed', 'placed', 'placed'],
    );
    assert.equal(batchProgress(b).label, '1 of 7 done, 1 failed');
    assert.equal(readyToMerge(b), false);
    const same = withOrderStates(b, new Map());
    assert.equal(same, b, 'an unlisted order changes nothing');
    const all = withOrderStates(b, new Map(b.parts.map((p) => [p.orderId!, 'DONE'])));
    assert.equal(readyToMerge(all), true);
  });

  it('retry plans only the failed parts again; the others keep their orders', () => {
    let b = quarter();
    b.parts.forEach((_, i) => (b = placed(b, i, `o${i}`, 0)));
    b = withOrderStates(
      b,
      new Map([
        ['o0', 'DONE'],
        ['o2', 'ERROR'],
      ]),
    );
    const r = retryFailed(b);
    assert.deepEqual(r.parts[2], { window: b.parts[2].window, state: 'planned' });
    assert.deepEqual(r.parts[0], b.parts[0]);
    assert.equal(nextToPlace(r, 100_000)?.index, 2);
  });

  it('survives storage: a round trip; malformed entries are refused, unknown fields dropped', () => {
    let b = quarter();
    b = placed(b, 0, 'o0', 5);
    assert.deepEqual(parseBatch(JSON.parse(JSON.stringify({ ...b, extra: 1 }))), b);
    assert.equal(parseBatch(null), undefined);
    assert.equal(parseBatch({ ...b, parts: [] }), undefined);
    assert.equal(
      parseBatch({ ...b, range: { start: '2026-13-01', end: '2026-12-01' } }),
      undefined,
    );
    assert.equal(
      parseBatch({ ...b, parts: [{ window: b.parts[0].window, state: 'placed' }] }),
      undefined,
    );
    assert.equal(
      parseBatch({ ...b, parts: [{ window: b.parts[0].window, state: 'weird' }] }),
      undefined,
    );
  });
});

describe('ranges: the first page a poll asks for', () => {
  it('reaches the oldest running part, so one list request sees every part', () => {
    let b = newBatch(
      'b1',
      'CHAT_INTERACTION_DETAILED',
      { start: '2026-07-01', end: '2026-09-30' },
      14,
    );
    assert.equal(firstPageNeeded([b], []), 0, 'nothing running: the setting decides');
    b.parts.forEach((_, i) => (b = placed(b, i, `o${i}`, i * 10_000)));
    b = withOrderStates(b, new Map([['o0', 'DONE']]));
    // Newest first: o6 … o1 running, two other orders placed in between, o0 done.
    const listed = ['x1', 'o6', 'o5', 'o4', 'x2', 'o3', 'o2', 'o1', 'o0'];
    assert.equal(firstPageNeeded([b], listed), 9, 'up to o1 (8th) and one more');
    assert.equal(
      firstPageNeeded([b], []),
      7,
      'not listed yet (after a reload): one per running part, and one',
    );
  });
});
