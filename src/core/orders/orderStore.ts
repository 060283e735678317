// The orders the tree shows, newest first, keyed by id, and what changed on each update (for row
// refreshes and "export finished" notifications). Pure bookkeeping: it never fetches anything itself.

import { isDeepStrictEqual } from 'node:util';
import { Emitter, type Event } from '../emitter';
import { isUnfinished, toState, toType, type Order, type OrderState } from './order';
import type { ListOrdersPage } from '../api/types';
import type { DateRange } from '../dateRange';
import type { Clock } from '../ports';

export interface OrderTransition {
  /** The order as it is now. */
  readonly order: Order;
  readonly from: OrderState;
  readonly to: OrderState;
}

export interface OrderStoreDiff {
  readonly added: readonly Order[];
  readonly changed: readonly Order[];
  readonly removed: readonly string[];
  /**
   * State changes of orders this store already held while they were unfinished. Notify when
   * `isFinal(t.to)`. Never produced by the very first load, nor for orders first seen already final.
   */
  readonly transitions: readonly OrderTransition[];
}

/**
 * How long a just-started order may be missing from a refreshed first page before its placeholder is
 * dropped (it was deleted elsewhere, or the server never kept it). Listing normally shows it at once.
 */
export const OPTIMISTIC_GRACE_MS = 2 * 60_000;

/** The tree item id of an order: the same id always gives the same key, so selection and expansion survive refreshes. */
export function orderKey(orderId: string): string {
  return `order:${orderId}`;
}

const EMPTY_DIFF: OrderStoreDiff = { added: [], changed: [], removed: [], transitions: [] };

export function isEmptyDiff(d: OrderStoreDiff): boolean {
  return (
    d.added.length === 0 &&
    d.changed.length === 0 &&
    d.removed.length === 0 &&
    d.transitions.length === 0
  );
}

/**
 * Refresh rules (the API has no total count and no "changed since"; pages are offsets into a list that
 * moves while we look at it):
 * - A refreshed first page is authoritative only for the window it covers. If it came back short (not
 *   full), it is the whole list: anything we hold that it lacks is gone. If it is full, it covers the
 *   orders created at or after its oldest `createdAt`; a held order strictly newer than that and absent
 *   was deleted. Held orders at or before that instant (ties included: equal timestamps may be ordered
 *   either way across pages), or without a readable `createdAt`, are kept: they were loaded through
 *   "load more" and have merely been pushed down by newer orders. We never drop what we cannot prove gone.
 * - A next page only adds and updates; it never removes.
 * - Unchanged orders keep their object identity, so `get(id)` returns the same object across refreshes.
 */
export class OrderStore {
  /** Newest first: placeholders, then server order; replaced (never mutated) on every change. */
  private list: readonly Order[] = [];
  private readonly byId = new Map<string, Order>();
  /** Placeholders not yet listed by the server: id -> local time they were added. */
  private readonly optimisticSince = new Map<string, number>();
  /** Server rows (orders and unmappable entries) the held list accounts for: the skip of the next page. */
  private offset = 0;
  private tailMayHaveMore = false;
  private loaded = false;
  private readonly changes = new Emitter<OrderStoreDiff>();

  /** Fires after every update that changed something, with the same diff the update returned. */
  readonly onDidChange: Event<OrderStoreDiff> = this.changes.event;

  constructor(private readonly clock: Pick<Clock, 'now'>) {}

  /** Applies a freshly fetched first page (skip 0). */
  applyFirstPage(page: ListOrdersPage, pageSize: number): OrderStoreDiff {
    const incoming = dedupe(page.orders);
    const incomingIds = new Set(incoming.map((o) => o.id));
    const rows = page.orders.length + page.skipped;
    const complete = !page.mayHaveMore && rows < pageSize;
    const oldest = oldestCreatedAt(incoming);
    const now = this.clock.now();

    const keptPlaceholders: Order[] = [];
    const keptTail: Order[] = [];
    let removedServerOrders = 0;
    for (const held of this.list) {
      if (incomingIds.has(held.id)) continue;
      const since = this.optimisticSince.get(held.id);
      if (since !== undefined) {
        if (now - since <= OPTIMISTIC_GRACE_MS) keptPlaceholders.push(held);
        continue;
      }
      const created = timeOf(held.createdAt);
      const insideWindow =
        complete || (created !== undefined && oldest !== undefined && created > oldest);
      if (insideWindow) removedServerOrders++;
      else keptTail.push(held);
    }

    const newServerRows = incoming.filter(
      (o) => !this.byId.has(o.id) || this.optimisticSince.has(o.id),
    ).length;
    if (keptTail.length === 0) {
      this.offset = rows;
      this.tailMayHaveMore = !complete;
    } else {
      // Newer orders pushed the kept tail down, deletions pulled it up.
      this.offset = Math.max(rows, this.offset + newServerRows - removedServerOrders);
    }
    const firstLoad = !this.loaded;
    this.loaded = true;
    return this.commit([...keptPlaceholders, ...incoming, ...keptTail], incoming, !firstLoad);
  }

  /** Applies a page fetched at `skip = nextSkip` ("load more"). Adds and updates; never removes. */
  applyNextPage(page: ListOrdersPage, pageSize: number): OrderStoreDiff {
    const incoming = dedupe(page.orders);
    const fresh = new Map(incoming.map((o) => [o.id, o]));
    // Orders already held are updated where they are; new ones go to the end in server order.
    const list = this.list.map((o) => fresh.get(o.id) ?? o);
    for (const o of incoming) if (!this.byId.has(o.id)) list.push(o);
    const rows = page.orders.length + page.skipped;
    this.offset += rows;
    this.tailMayHaveMore = page.mayHaveMore || rows >= pageSize;
    return this.commit(list, incoming, this.loaded);
  }

  /**
   * Shows a just-started order at once, as PENDING with a local `createdAt` and the requested range,
   * until the server lists it. Does nothing if the server already listed that id.
   */
  addOptimistic(id: string, type: string, range: DateRange | undefined): OrderStoreDiff {
    if (this.byId.has(id)) return EMPTY_DIFF;
    const now = this.clock.now();
    const placeholder: Order = {
      id,
      type: toType(type),
      state: toState('PENDING'),
      createdAt: new Date(now).toISOString(),
      optimistic: { requestedRange: range },
    };
    this.optimisticSince.set(id, now);
    return this.commit([placeholder, ...this.list], [], false);
  }

  /** Forgets orders, e.g. after they were deleted on the server. */
  remove(ids: Iterable<string>): OrderStoreDiff {
    const gone = new Set(ids);
    for (const id of gone) {
      // A deleted server row shifts every later row up by one.
      if (this.byId.has(id) && !this.optimisticSince.has(id))
        this.offset = Math.max(0, this.offset - 1);
    }
    return this.commit(
      this.list.filter((o) => !gone.has(o.id)),
      [],
      false,
    );
  }

  /** Forgets everything (e.g. another tenant or token): the next first page is a first load again. */
  clear(): OrderStoreDiff {
    const diff = this.commit([], [], false);
    this.offset = 0;
    this.tailMayHaveMore = false;
    this.loaded = false;
    return diff;
  }

  get(id: string): Order | undefined {
    return this.byId.get(id);
  }

  /** Newest first. The array is a snapshot: later updates never change it. */
  orders(): readonly Order[] {
    return this.list;
  }

  /** Whether "load more" may find more orders. */
  get mayHaveMore(): boolean {
    return this.tailMayHaveMore;
  }

  /** The `skip` for the next "load more" request. */
  get nextSkip(): number {
    return this.offset;
  }

  /** True once a first page has been applied. */
  get isLoaded(): boolean {
    return this.loaded;
  }

  /** Orders still worth watching (PENDING, RUNNING, unknown non-final states), placeholders included. */
  get unfinishedCount(): number {
    return this.list.filter(isUnfinished).length;
  }

  dispose(): void {
    this.changes.dispose();
  }

  /**
   * Replaces the list, computing the diff against the previous one. `fromServer` are the orders the
   * server just sent: they stop being placeholders. Unchanged orders keep their previous object.
   */
  private commit(
    next: readonly Order[],
    fromServer: readonly Order[],
    reportTransitions: boolean,
  ): OrderStoreDiff {
    const previous = new Map(this.byId);
    for (const o of fromServer) this.optimisticSince.delete(o.id);

    const added: Order[] = [];
    const changed: Order[] = [];
    const transitions: OrderTransition[] = [];
    const list = next.map((o): Order => {
      const before = previous.get(o.id);
      if (!before) {
        added.push(o);
        return o;
      }
      if (before === o || isDeepStrictEqual(before, o)) return before;
      changed.push(o);
      if (reportTransitions && isUnfinished(before) && !sameState(before.state, o.state)) {
        transitions.push({ order: o, from: before.state, to: o.state });
      }
      return o;
    });

    this.list = list;
    this.byId.clear();
    for (const o of list) this.byId.set(o.id, o);
    const removed = [...previous.keys()].filter((id) => !this.byId.has(id));
    for (const id of removed) this.optimisticSince.delete(id);

    const diff: OrderStoreDiff = { added, changed, removed, transitions };
    if (!isEmptyDiff(diff)) this.changes.fire(diff);
    return diff;
  }
}

function dedupe(orders: readonly Order[]): Order[] {
  // First occurrence wins: a row repeated within one page must not be counted twice.
  const seen = new Set<string>();
  const unique: Order[] = [];
  for (const o of orders) {
    if (seen.has(o.id)) continue;
    seen.add(o.id);
    unique.push(o);
  }
  return unique;
}

function timeOf(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

function oldestCreatedAt(orders: readonly Order[]): number | undefined {
  let oldest: number | undefined;
  for (const o of orders) {
    const t = timeOf(o.createdAt);
    if (t !== undefined && (oldest === undefined || t < oldest)) oldest = t;
  }
  return oldest;
}

function sameState(a: OrderState, b: OrderState): boolean {
  return a.known !== undefined || b.known !== undefined ? a.known === b.known : a.raw === b.raw;
}
