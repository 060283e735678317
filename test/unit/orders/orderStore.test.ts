// OrderStore: paging, the refreshed-window rule, placeholders, diffs and transitions (pure, fake clock).
import * as assert from 'node:assert/strict';
import type { ListOrdersPage } from '../../../src/core/api/types';
import { orderFromWire, type Order } from '../../../src/core/orders/order';
import {
  OPTIMISTIC_GRACE_MS,
  OrderStore,
  orderKey,
  type OrderStoreDiff,
} from '../../../src/core/orders/orderStore';

const T0 = Date.parse('2024-06-02T12:00:00.000Z');

/** An order created `minutesAgo` before T0 (so a higher number is older). */
function order(
  id: string,
  minutesAgo: number,
  state = 'DONE',
  extra: Record<string, unknown> = {},
): Order {
  return orderFromWire({
    id,
    type: 'CHAT_INTERACTION',
    state,
    createdAt: new Date(T0 - minutesAgo * 60_000).toISOString(),
    configuration: { startDate: '2024-05-02T22:00:00.000Z', endDate: '2024-06-02T21:59:59.999Z' },
    ...extra,
  });
}

function page(orders: Order[], mayHaveMore: boolean, skipped = 0): ListOrdersPage {
  return { orders, mayHaveMore, skipped };
}

function ids(store: OrderStore): string[] {
  return store.orders().map((o) => o.id);
}

function newStore(): { store: OrderStore; clock: { t: number; now(): number } } {
  const clock = {
    t: T0,
    now() {
      return this.t;
    },
  };
  return { store: new OrderStore(clock), clock };
}

describe('OrderStore', () => {
  it('first load: everything added, newest first as the server sent it, no transitions', () => {
    const { store } = newStore();
    const diff = store.applyFirstPage(
      page([order('c', 1, 'RUNNING'), order('b', 2, 'PENDING'), order('a', 3)], false),
      20,
    );
    assert.deepEqual(
      diff.added.map((o) => o.id),
      ['c', 'b', 'a'],
    );
    assert.deepEqual(diff.transitions, []);
    assert.deepEqual(ids(store), ['c', 'b', 'a']);
    assert.equal(store.unfinishedCount, 2);
    assert.equal(store.mayHaveMore, false);
    assert.equal(store.isLoaded, true);
    assert.equal(store.get('b')?.state.raw, 'PENDING');
    assert.equal(store.get('zzz'), undefined);
  });

  it('reports state changes of orders it held unfinished as transitions, and keeps unchanged objects', () => {
    const { store } = newStore();
    store.applyFirstPage(
      page([order('c', 1, 'RUNNING'), order('b', 2, 'PENDING'), order('a', 3)], false),
      20,
    );
    const unchanged = store.get('a');
    const diff = store.applyFirstPage(
      page([order('c', 1, 'DONE'), order('b', 2, 'RUNNING'), order('a', 3)], false),
      20,
    );
    assert.deepEqual(
      diff.changed.map((o) => o.id),
      ['c', 'b'],
    );
    assert.deepEqual(
      diff.transitions.map((t) => [t.order.id, t.from.raw, t.to.raw]),
      [
        ['c', 'RUNNING', 'DONE'],
        ['b', 'PENDING', 'RUNNING'],
      ],
    );
    assert.deepEqual(diff.added, []);
    assert.deepEqual(diff.removed, []);
    assert.equal(store.get('a'), unchanged, 'an unchanged order keeps its object');
    assert.equal(store.unfinishedCount, 1);
  });

  it('no transition for an order first seen final, nor for a change of a final order', () => {
    const { store } = newStore();
    store.applyFirstPage(page([order('a', 3, 'DONE')], false), 20);
    const diff = store.applyFirstPage(
      page([order('b', 1, 'ERROR'), order('a', 3, 'ERROR')], false),
      20,
    );
    assert.deepEqual(
      diff.added.map((o) => o.id),
      ['b'],
    );
    assert.deepEqual(
      diff.changed.map((o) => o.id),
      ['a'],
    );
    assert.deepEqual(diff.transitions, []);
  });

  it('a case-only change of a known state is no transition; a change between unknown states is', () => {
    const { store } = newStore();
    store.applyFirstPage(page([order('a', 1, 'RUNNING'), order('b', 2, 'QUEUED')], false), 20);
    const diff = store.applyFirstPage(
      page([order('a', 1, 'running'), order('b', 2, 'CANCELLED')], false),
      20,
    );
    assert.deepEqual(
      diff.transitions.map((t) => [t.order.id, t.to.raw]),
      [['b', 'CANCELLED']],
    );
  });

  it('load more appends new orders, updates overlapping ones in place and never removes', () => {
    const { store } = newStore();
    store.applyFirstPage(page([order('e', 1), order('d', 2), order('c', 3, 'RUNNING')], true), 3);
    assert.equal(store.mayHaveMore, true);
    assert.equal(store.nextSkip, 3);
    // A new order at the top shifted everything by one: the next page repeats 'c'.
    const diff = store.applyNextPage(
      page([order('c', 3, 'DONE'), order('b', 4), order('a', 5)], true),
      3,
    );
    assert.deepEqual(
      diff.added.map((o) => o.id),
      ['b', 'a'],
    );
    assert.deepEqual(
      diff.changed.map((o) => o.id),
      ['c'],
    );
    assert.deepEqual(
      diff.transitions.map((t) => t.order.id),
      ['c'],
    );
    assert.deepEqual(ids(store), ['e', 'd', 'c', 'b', 'a']);
    assert.equal(store.nextSkip, 6);
    const last = store.applyNextPage(page([order('z', 9)], false), 3);
    assert.deepEqual(last.removed, []);
    assert.equal(store.mayHaveMore, false);
    assert.deepEqual(ids(store), ['e', 'd', 'c', 'b', 'a', 'z']);
  });

  it('a full first page removes absent orders only inside its window; later pages survive', () => {
    const { store } = newStore();
    store.applyFirstPage(page([order('f', 10), order('e', 20), order('d', 30)], true), 3);
    store.applyNextPage(page([order('c', 40), order('b', 50), order('a', 60)], true), 3);
    // Since then: 'g' was created, 'e' deleted. The first page is now g, f, d: c..a were pushed down.
    const diff = store.applyFirstPage(
      page([order('g', 0), order('f', 10), order('d', 30)], true),
      3,
    );
    assert.deepEqual(diff.removed, ['e']);
    assert.deepEqual(
      diff.added.map((o) => o.id),
      ['g'],
    );
    assert.deepEqual(ids(store), ['g', 'f', 'd', 'c', 'b', 'a']);
    assert.equal(store.mayHaveMore, true, 'the tail still says more may exist');
    assert.equal(store.nextSkip, 6, '6 rows + 1 new - 1 deleted');
  });

  it('keeps an absent order created at the same instant as the oldest on the page (ties may sort either way)', () => {
    const { store } = newStore();
    store.applyFirstPage(page([order('b', 10), order('a', 20)], true), 2);
    store.applyNextPage(page([order('tie', 20), order('old', 30)], false), 2);
    const diff = store.applyFirstPage(page([order('new', 5), order('b', 10)], true), 2);
    assert.deepEqual(diff.removed, [], 'nothing newer than b is missing');
    const diff2 = store.applyFirstPage(page([order('new', 5), order('a', 20)], true), 2);
    assert.deepEqual(diff2.removed, ['b'], 'b is newer than a and absent: deleted');
    assert.ok(store.get('tie'), 'same createdAt as the page boundary: kept');
  });

  it('keeps an absent order without a readable createdAt while the page is full', () => {
    const { store } = newStore();
    const undated = orderFromWire({
      id: 'undated',
      type: 'NPS',
      state: 'DONE',
      createdAt: 'not a date',
    });
    store.applyFirstPage(page([order('b', 10), undated], true), 2);
    const diff = store.applyFirstPage(page([order('c', 1), order('b', 10)], true), 2);
    assert.deepEqual(diff.removed, []);
    assert.ok(store.get('undated'));
  });

  it('a short first page is the whole list: every absent order is removed, tail included', () => {
    const { store } = newStore();
    store.applyFirstPage(page([order('d', 10), order('c', 20)], true), 2);
    store.applyNextPage(page([order('b', 30), order('a', 40)], true), 2);
    const diff = store.applyFirstPage(page([order('c', 20)], false), 2);
    assert.deepEqual([...diff.removed].sort(), ['a', 'b', 'd']);
    assert.deepEqual(ids(store), ['c']);
    assert.equal(store.mayHaveMore, false);
    assert.equal(store.nextSkip, 1);
  });

  it('counts unmappable rows when deciding whether a page was full and where the next page starts', () => {
    const { store } = newStore();
    // 2 orders + 1 skipped = a full page of 3 even if the client said nothing more.
    store.applyFirstPage(page([order('b', 10), order('a', 20)], false, 1), 3);
    assert.equal(store.mayHaveMore, true);
    assert.equal(store.nextSkip, 3);
    const diff = store.applyFirstPage(page([order('b', 10)], false, 1), 3);
    assert.deepEqual(diff.removed, ['a'], 'a short page (1 + 1 skipped < 3) is complete');
  });

  it('a row repeated within one page is one order', () => {
    const { store } = newStore();
    const diff = store.applyFirstPage(page([order('a', 1), order('a', 1, 'RUNNING')], false), 20);
    assert.deepEqual(
      diff.added.map((o) => o.id),
      ['a'],
    );
    assert.equal(store.get('a')?.state.raw, 'DONE', 'first occurrence wins');
  });

  describe('optimistic placeholders', () => {
    it('appear at once as PENDING on top, with local createdAt and the requested range', () => {
      const { store } = newStore();
      store.applyFirstPage(page([order('a', 5)], false), 20);
      const diff = store.addOptimistic('new1', 'ACTIVE_USER', {
        start: '2024-05-01',
        end: '2024-05-31',
      });
      assert.deepEqual(
        diff.added.map((o) => o.id),
        ['new1'],
      );
      const p = store.get('new1')!;
      assert.equal(p.state.known, 'PENDING');
      assert.equal(p.type.known, 'ACTIVE_USER');
      assert.equal(p.createdAt, new Date(T0).toISOString());
      assert.deepEqual(p.optimistic, {
        requestedRange: { start: '2024-05-01', end: '2024-05-31' },
      });
      assert.deepEqual(ids(store), ['new1', 'a']);
      assert.equal(store.unfinishedCount, 1);
      assert.equal(store.nextSkip, 1, 'a placeholder is no server row');
    });

    it('is replaced (changed, same id) when the server lists it, with a transition if it already finished', () => {
      const { store, clock } = newStore();
      store.applyFirstPage(page([order('a', 5)], false), 20);
      store.addOptimistic('new1', 'CHAT_INTERACTION', undefined);
      clock.t += 30_000;
      const diff = store.applyFirstPage(page([order('new1', 0, 'DONE'), order('a', 5)], false), 20);
      assert.deepEqual(diff.added, []);
      assert.deepEqual(
        diff.changed.map((o) => o.id),
        ['new1'],
      );
      assert.deepEqual(
        diff.transitions.map((t) => [t.from.raw, t.to.raw]),
        [['PENDING', 'DONE']],
      );
      assert.equal(store.get('new1')?.optimistic, undefined);
      assert.deepEqual(ids(store), ['new1', 'a']);
    });

    it('survives refreshes that do not list it yet, until the grace period ends', () => {
      const { store, clock } = newStore();
      store.applyFirstPage(page([order('a', 5)], false), 20);
      store.addOptimistic('new1', 'CHAT_INTERACTION', undefined);
      clock.t += OPTIMISTIC_GRACE_MS;
      assert.deepEqual(store.applyFirstPage(page([order('a', 5)], false), 20).removed, []);
      assert.ok(store.get('new1'));
      clock.t += 1;
      assert.deepEqual(store.applyFirstPage(page([order('a', 5)], false), 20).removed, ['new1']);
      assert.equal(store.unfinishedCount, 0);
    });

    it('does nothing when the server already listed that id', () => {
      const { store } = newStore();
      store.applyFirstPage(page([order('a', 5, 'RUNNING')], false), 20);
      const diff = store.addOptimistic('a', 'CHAT_INTERACTION', undefined);
      assert.deepEqual(diff, { added: [], changed: [], removed: [], transitions: [] });
      assert.equal(store.get('a')?.state.raw, 'RUNNING');
    });

    it('is replaced when it shows up on a later page', () => {
      const { store } = newStore();
      store.applyFirstPage(page([order('b', 1)], true), 1);
      store.addOptimistic('a', 'CHAT_INTERACTION', undefined);
      const diff = store.applyNextPage(page([order('a', 2, 'RUNNING')], false), 1);
      assert.deepEqual(
        diff.changed.map((o) => o.id),
        ['a'],
      );
      assert.equal(store.get('a')?.optimistic, undefined);
    });
  });

  it('remove() forgets orders and moves the next page back', () => {
    const { store } = newStore();
    store.applyFirstPage(page([order('c', 1), order('b', 2), order('a', 3)], true), 3);
    store.addOptimistic('p', 'NPS', undefined);
    const diff = store.remove(['b', 'p', 'unknown']);
    assert.deepEqual([...diff.removed].sort(), ['b', 'p']);
    assert.deepEqual(ids(store), ['c', 'a']);
    assert.equal(store.nextSkip, 2);
  });

  it('fires onDidChange with each non-empty diff, and not for no-ops', () => {
    const { store } = newStore();
    const seen: OrderStoreDiff[] = [];
    const sub = store.onDidChange((d) => seen.push(d));
    const first = store.applyFirstPage(page([order('a', 1, 'RUNNING')], false), 20);
    store.applyFirstPage(page([order('a', 1, 'RUNNING')], false), 20);
    store.remove(['nope']);
    const second = store.applyFirstPage(page([order('a', 1, 'DONE')], false), 20);
    sub.dispose();
    store.remove(['a']);
    assert.deepEqual(seen, [first, second]);
    assert.equal(seen[1].transitions.length, 1);
  });

  it('a placeholder added before the first load gives no transition on that load', () => {
    const { store } = newStore();
    store.addOptimistic('a', 'CHAT_INTERACTION', undefined);
    const diff = store.applyFirstPage(page([order('a', 0, 'DONE')], false), 20);
    assert.deepEqual(diff.transitions, []);
  });

  it('clear() empties the store and makes the next load a first load', () => {
    const { store } = newStore();
    store.applyFirstPage(page([order('a', 1, 'RUNNING')], true), 1);
    assert.deepEqual(store.clear().removed, ['a']);
    assert.equal(store.isLoaded, false);
    assert.equal(store.mayHaveMore, false);
    assert.equal(store.nextSkip, 0);
    assert.deepEqual(store.applyFirstPage(page([order('a', 1, 'DONE')], false), 1).transitions, []);
  });

  it('orders() is a snapshot and orderKey is stable per id', () => {
    const { store } = newStore();
    store.applyFirstPage(page([order('a', 1)], false), 20);
    const snap = store.orders();
    store.applyFirstPage(page([order('b', 0), order('a', 1)], false), 20);
    assert.deepEqual(
      snap.map((o) => o.id),
      ['a'],
    );
    assert.equal(orderKey('a'), orderKey('a'));
    assert.notEqual(orderKey('a'), orderKey('b'));
    assert.notEqual(orderKey('loadMore'), 'loadMore');
  });
});
