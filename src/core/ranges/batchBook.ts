// The batches of one connection and the one loop that places their parts: one start request at a time, at
// least 10 s after the last (across all batches), oldest batch first. Every change is handed to `save` at
// once (the adapter keeps it in the extension's global state, so a batch survives a reload) and announced.
//
// No part is placed twice: before a start request the part is saved as "attempted"; if the answer never
// comes (a reset, a timeout, a 5xx, VS Code closed) the part fails with that mark, and before it is placed
// again the listed orders are searched for one of the same kind and window made since (`findPlaced`). A 429
// waits and tries the same part again (the server made nothing); a 4xx refusal fails the part with the
// server's reason. Pure: time, the API and storage are injected.

import type { Clock, Logger } from '../ports';
import type { DateRange } from '../dateRange';
import { Emitter } from '../emitter';
import { isApiError } from '../errors';
import {
  attempting,
  type Batch,
  nextToPlace,
  partOf,
  placed,
  refused,
  retryFailed,
  withOrderStates,
} from './batch';
import { PLACE_EVERY_MS } from './planner';

/** How long to wait after a 429 that named no time. */
const RATE_LIMIT_WAIT_MS = 30_000;
/** How long to wait for the first list before looking for a part's order that may exist. */
const LIST_WAIT_MS = 2_000;

export type PlacedLookup =
  { readonly listed: false } | { readonly listed: true; readonly id?: string };

export interface BatchBookDeps {
  readonly clock: Clock;
  readonly log: Logger;
  /** Starts one order; resolves to its id. */
  place(type: string, window: DateRange, assistantId: string | undefined): Promise<string>;
  /** Persists the batches (called after every change, in order). */
  save(batches: readonly Batch[]): void;
  /**
   * A listed order of this kind and window created at or after `since` that no batch owns: `{ listed: false }`
   * while no list was read yet, else its id (or none).
   */
  findPlaced(type: string, window: DateRange, since: number): PlacedLookup;
  /** A part's order exists now (show it at once and poll). */
  onPlaced?(batch: Batch, orderId: string, window: DateRange): void;
  /** Whether this window places parts now (it holds the lease); default yes. */
  canAct?(): boolean;
}

export class BatchBook {
  private list: Batch[];
  private timer: unknown;
  private placing = false;
  private disposed = false;
  private readonly changed = new Emitter<void>();
  /** After any change of any batch. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly deps: BatchBookDeps,
    initial: readonly Batch[],
  ) {
    this.list = [...initial];
    // Parts that were in flight when VS Code closed are unsure: look for their orders before placing again.
    this.schedule();
  }

  get batches(): readonly Batch[] {
    return this.list;
  }

  get(id: string): Batch | undefined {
    return this.list.find((b) => b.id === id);
  }

  /** The batch and part index that placed `orderId`. */
  ownerOf(orderId: string): { batch: Batch; index: number } | undefined {
    for (const batch of this.list) {
      const index = partOf(batch, orderId);
      if (index >= 0) return { batch, index };
    }
    return undefined;
  }

  /** Order ids that belong to a batch (the tree shows them under it, never on their own). */
  ownedOrderIds(): Set<string> {
    const ids = new Set<string>();
    for (const b of this.list) for (const p of b.parts) if (p.orderId) ids.add(p.orderId);
    return ids;
  }

  add(batch: Batch): void {
    this.update(() => [...this.list, batch]);
    this.schedule();
  }

  /** Replaces a batch by what `change` makes of it (no-op for an unknown id or an unchanged batch). */
  change(id: string, change: (b: Batch) => Batch): Batch | undefined {
    const old = this.get(id);
    if (!old) return undefined;
    const next = change(old);
    if (next !== old) this.update(() => this.list.map((b) => (b === old ? next : b)));
    return next;
  }

  remove(id: string): void {
    if (this.get(id)) this.update(() => this.list.filter((b) => b.id !== id));
  }

  /** The server's states of listed orders (id → state): parts become done or failed. */
  applyOrderStates(states: ReadonlyMap<string, string>): void {
    let any = false;
    const next = this.list.map((b) => {
      const n = withOrderStates(b, states);
      if (n !== b) any = true;
      return n;
    });
    if (any) this.update(() => next);
  }

  /**
   * Batches another window saved: new ones join; while this window does not place parts, the stored copy of a
   * known batch wins (the placing window is the one that changes them).
   */
  absorb(stored: readonly Batch[]): void {
    const acting = this.deps.canAct?.() ?? true;
    const known = new Map(this.list.map((b) => [b.id, b]));
    let any = false;
    const next = this.list.map((b) => {
      const s = acting ? undefined : stored.find((x) => x.id === b.id);
      if (s && JSON.stringify(s) !== JSON.stringify(b)) {
        any = true;
        return s;
      }
      return b;
    });
    for (const s of stored)
      if (!known.has(s.id)) {
        next.push(s);
        any = true;
      }
    if (!any) return;
    this.list = next;
    this.changed.fire();
    this.schedule();
  }

  /** Looks again for a part to place (e.g. once this window holds the lease). */
  resume(): void {
    this.schedule();
  }

  /** Plans the failed parts again (the ones that succeeded keep their orders) and resumes placing. */
  retryFailed(id: string): void {
    this.change(id, retryFailed);
    this.schedule();
  }

  private update(make: () => Batch[]): void {
    this.list = make();
    this.deps.save(this.list);
    this.changed.fire();
  }

  /** Arms the one timer for the next part to place, if any and none is armed or in flight. */
  private schedule(delayMs?: number): void {
    if (this.disposed || this.placing || this.timer !== undefined) return;
    if (!(this.deps.canAct?.() ?? true)) return;
    const now = this.deps.clock.now();
    const last = Math.max(0, ...this.list.map((b) => b.lastPlacedAt ?? 0));
    const next = this.list.find((b) => nextToPlace(b, now) !== undefined);
    if (!next) return;
    const floor = last ? Math.max(0, PLACE_EVERY_MS - (now - last)) : 0;
    const wait = Math.max(floor, delayMs ?? 0);
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = undefined;
      void this.placeNext();
    }, wait);
  }

  private async placeNext(): Promise<void> {
    if (this.disposed || !(this.deps.canAct?.() ?? true)) return;
    const batch = this.list.find((b) => nextToPlace(b, this.deps.clock.now()) !== undefined);
    const index = batch ? nextToPlace(batch, this.deps.clock.now())!.index : -1;
    if (!batch) return;
    const part = batch.parts[index];
    if (part.attemptedAt !== undefined) {
      const found = this.deps.findPlaced(batch.type, part.window, part.attemptedAt - 60_000);
      if (!found.listed) return this.schedule(LIST_WAIT_MS);
      if (found.id) {
        const id = found.id;
        this.deps.log.info(
          `Batch ${batch.id}: part ${index + 1} was placed before (order ${id}); not placing it again.`,
        );
        const next = this.change(batch.id, (b) => placed(b, index, id, part.attemptedAt!));
        if (next) this.deps.onPlaced?.(next, id, part.window);
        return this.schedule();
      }
    }
    this.placing = true;
    const now = this.deps.clock.now();
    this.change(batch.id, (b) => attempting(b, index, now));
    let retryIn: number | undefined;
    try {
      const id = await this.deps.place(batch.type, part.window, batch.assistantId);
      if (this.disposed) return;
      const next = this.change(batch.id, (b) => placed(b, index, id, this.deps.clock.now()));
      this.deps.log.info(
        `Batch ${batch.id}: placed part ${index + 1} of ${batch.parts.length} (${part.window.start}..${part.window.end}) as order ${id}.`,
      );
      if (next) this.deps.onPlaced?.(next, id, part.window);
    } catch (e) {
      if (this.disposed) return;
      const message = e instanceof Error ? e.message : String(e);
      if (isApiError(e) && e.kind === 'rateLimited') {
        // Nothing was made: the same part goes again once the server allows.
        retryIn = e.details.retryAfterMs ?? RATE_LIMIT_WAIT_MS;
        this.change(batch.id, (b) => ({
          ...b,
          parts: b.parts.map((p, i) => (i === index ? { window: p.window, state: 'planned' } : p)),
        }));
        this.deps.log.warn(
          `Batch ${batch.id}: part ${index + 1} throttled; again in ${retryIn} ms.`,
        );
      } else if (refusedBeforeMaking(e)) {
        this.change(batch.id, (b) => refused(b, index, message, this.deps.clock.now()));
        this.deps.log.warn(`Batch ${batch.id}: part ${index + 1} refused: ${message}`);
      } else {
        // The order may exist: the part keeps its attempt mark and fails until the person retries.
        this.change(batch.id, (b) => ({
          ...b,
          lastPlacedAt: this.deps.clock.now(),
          parts: b.parts.map((p, i) =>
            i === index ? { ...p, state: 'failed' as const, problem: message } : p,
          ),
        }));
        this.deps.log.warn(
          `Batch ${batch.id}: part ${index + 1} may not have been placed: ${message}`,
        );
      }
    } finally {
      this.placing = false;
    }
    this.schedule(retryIn);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.changed.dispose();
  }
}

/** The server answered with a refusal (a 4xx other than 429, or nothing was sent): no order was made. */
function refusedBeforeMaking(e: unknown): boolean {
  if (!isApiError(e)) return false;
  if (
    ['notConfigured', 'badConfiguration', 'unauthorized', 'forbidden', 'notFound'].includes(e.kind)
  )
    return true;
  const status = e.details.status;
  return status !== undefined && status >= 400 && status < 500;
}
