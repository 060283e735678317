// The fake's order table. States of progressing orders are derived lazily from the injected clock
// (PENDING for pendingMs, RUNNING for runningMs, then DONE or ERROR): no timers, deterministic tests.

import { createHash, randomBytes } from 'node:crypto';
import type { FakeOrderInput, SeedName, WireOrder } from './types';
import { zurichBounds, zurichToday } from './zurichDays';

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const DAY_MS = 86_400_000;
export const CREATED_BY = '268834226248482823';
export const COMPANY_ID = '268834226248417287';

/** A fresh id like the real ones: `analyticOrder_` + 24 lowercase letters and digits. */
export function newOrderId(): string {
  const bytes = randomBytes(24);
  let s = '';
  for (const b of bytes) s += ALNUM[b % ALNUM.length];
  return `analyticOrder_${s}`;
}

/** A reproducible id from a label (seeded orders keep their ids across runs). */
function seededId(label: string): string {
  const bytes = createHash('sha256').update(label).digest();
  let s = '';
  for (let i = 0; i < 24; i++) s += ALNUM[bytes[i] % ALNUM.length];
  return `analyticOrder_${s}`;
}

interface StoredOrder {
  id: string;
  type: string;
  createdAtMs: number;
  createdBy: string;
  companyId: string;
  configuration: Record<string, unknown>;
  csvBytes?: number;
  /** A fixed state (seeded, set explicitly) or progression timings. */
  fixed?: { state: string; at: number };
  plan: { pendingMs: number; runningMs: number; fails: boolean };
}

const iso = (ms: number): string => new Date(ms).toISOString();

export class OrderStore {
  private readonly byId = new Map<string, StoredOrder>();
  private manySeeded = 0;
  /** Last sort by createdAt/id only (independent of the clock), dropped on any add or delete. */
  private sorted: { signature: string; list: StoredOrder[] } | undefined;

  constructor(
    private readonly now: () => number,
    readonly timing: { pendingMs: number; runningMs: number },
  ) {}

  /** The order as the API shows it at `now()`. */
  private toWire(o: StoredOrder): WireOrder {
    const createdAt = iso(o.createdAtMs);
    let state: string;
    let stateAt: number;
    if (o.fixed) {
      state = o.fixed.state;
      stateAt = o.fixed.at;
    } else {
      const elapsed = this.now() - o.createdAtMs;
      const { pendingMs, runningMs, fails } = o.plan;
      if (elapsed < pendingMs) [state, stateAt] = ['PENDING', o.createdAtMs];
      else if (elapsed < pendingMs + runningMs)
        [state, stateAt] = ['RUNNING', o.createdAtMs + pendingMs];
      else [state, stateAt] = [fails ? 'ERROR' : 'DONE', o.createdAtMs + pendingMs + runningMs];
    }
    const updatedAt = stateAt === o.createdAtMs ? stateAt : stateAt + 1;
    return {
      updatedAt: iso(updatedAt),
      type: o.type,
      stateUpdatedAt: iso(stateAt),
      id: o.id,
      state,
      createdBy: o.createdBy,
      createdAt,
      configuration: { ...o.configuration },
      companyId: o.companyId,
    };
  }

  add(input: FakeOrderInput): WireOrder {
    const now = this.now();
    const createdAtMs =
      input.createdAt !== undefined && !Number.isNaN(Date.parse(input.createdAt))
        ? Date.parse(input.createdAt)
        : now;
    const stored: StoredOrder = {
      id: input.id ?? newOrderId(),
      type: input.type ?? 'CHAT_INTERACTION',
      createdAtMs,
      createdBy: input.createdBy ?? CREATED_BY,
      companyId: input.companyId ?? COMPANY_ID,
      configuration: input.configuration ?? {
        startDate: iso(createdAtMs - 31 * DAY_MS),
        endDate: iso(createdAtMs - 1),
      },
      csvBytes: input.csvBytes,
      plan: { ...this.timing, fails: input.fails === true },
    };
    if (input.state !== undefined) {
      const at =
        input.stateUpdatedAt !== undefined
          ? Date.parse(input.stateUpdatedAt)
          : Math.max(createdAtMs, Math.min(now, createdAtMs + 1500));
      stored.fixed = { state: input.state, at: Number.isNaN(at) ? createdAtMs : at };
    }
    this.byId.set(stored.id, stored);
    this.sorted = undefined;
    return this.toWire(stored);
  }

  get(id: string): WireOrder | undefined {
    const o = this.byId.get(id);
    return o && this.toWire(o);
  }

  csvBytes(id: string): number | undefined {
    return this.byId.get(id)?.csvBytes;
  }

  setCsvBytes(id: string, bytes: number): void {
    const o = this.byId.get(id);
    if (!o) throw new Error(`fake server: no order ${id}`);
    o.csvBytes = bytes;
  }

  setState(id: string, state: string): WireOrder {
    const o = this.byId.get(id);
    if (!o) throw new Error(`fake server: no order ${id}`);
    o.fixed = { state, at: this.now() };
    return this.toWire(o);
  }

  delete(id: string): WireOrder | undefined {
    const o = this.byId.get(id);
    if (!o) return undefined;
    const wire = this.toWire(o);
    this.byId.delete(id);
    this.sorted = undefined;
    return wire;
  }

  get size(): number {
    return this.byId.size;
  }

  /** All orders in insertion order, as shown now. */
  all(): WireOrder[] {
    return [...this.byId.values()].map((o) => this.toWire(o));
  }

  /**
   * A page: sorted by the given keys (createdAt/updatedAt/stateUpdatedAt/id), then skip/take. Only the
   * page is turned into wire objects, so 10,000 orders stay cheap.
   */
  page(
    orderBy: ReadonlyArray<Record<string, string>>,
    skip: number,
    take: number | undefined,
  ): WireOrder[] {
    const keys = orderBy.flatMap((o) => Object.entries(o));
    const needsWire = keys.some(([k]) => k !== 'createdAt' && k !== 'id');
    const signature = JSON.stringify(keys);
    let list: StoredOrder[];
    if (!needsWire && this.sorted?.signature === signature) list = this.sorted.list;
    else list = [...this.byId.values()];
    if (list !== this.sorted?.list && keys.length > 0) {
      const value = (o: StoredOrder, wire: WireOrder | undefined, k: string): string | number => {
        if (k === 'createdAt') return o.createdAtMs;
        if (k === 'id') return o.id;
        const v = wire?.[k as 'updatedAt' | 'stateUpdatedAt'];
        return typeof v === 'string' ? v : '';
      };
      // Sort keys are computed once per order, not per comparison: 10,000 orders sort in a few ms.
      const decorated = list.map((o) => {
        const wire = needsWire ? this.toWire(o) : undefined;
        return { o, k: keys.map(([k]) => value(o, wire, k)) };
      });
      const dirs = keys.map(([, d]) => (d === 'desc' ? -1 : 1));
      decorated.sort((a, b) => {
        for (let i = 0; i < dirs.length; i++) {
          if (a.k[i] !== b.k[i]) return (a.k[i] < b.k[i] ? -1 : 1) * dirs[i];
        }
        return 0;
      });
      list = decorated.map((d) => d.o);
    }
    if (!needsWire) this.sorted = { signature, list };
    const from = Math.max(0, skip);
    const slice =
      take === undefined ? list.slice(from) : take >= 0 ? list.slice(from, from + take) : [];
    return slice.map((o) => this.toWire(o));
  }

  clear(): void {
    this.byId.clear();
    this.sorted = undefined;
  }

  /** Loads a named seed, timestamps relative to now. */
  seed(name: SeedName): void {
    if (name === 'empty') return;
    const now = this.now();
    // The window ends `daysAgo` Zurich days before today and spans `days` days, like a real order.
    const range = (daysAgo: number, days: number): Record<string, unknown> => {
      const last = Date.parse(zurichToday(now)) - daysAgo * DAY_MS;
      const day = (t: number): string => new Date(t).toISOString().slice(0, 10);
      const r = zurichBounds(day(last - (days - 1) * DAY_MS), day(last), now, 366);
      return r.ok ? { startDate: r.bounds.startDate, endDate: r.bounds.endDate } : {};
    };
    const demo: Array<[string, string, number, Record<string, unknown>]> = [
      ['CHAT_INTERACTION', 'DONE', 3 * DAY_MS, range(3, 30)],
      ['ACTIVE_USER', 'DONE', 2 * DAY_MS, range(2, 90)],
      ['REFERENCE_STAT', 'DONE', 30 * 3_600_000, range(1, 7)],
      ['CHAT_INTERACTION_DETAILED', 'ERROR', 20 * 3_600_000, range(1, 14)],
      ['FUTURE_EXPORT', 'DONE', 6 * 3_600_000, range(1, 7)],
      ['CHAT_INTERACTION', 'ARCHIVING', 3 * 3_600_000, range(0, 30)],
      ['CHAT_INTERACTION_DETAILED', 'RUNNING', 10 * 60_000, range(0, 7)],
      ['ACTIVE_USER', 'PENDING', 60_000, range(0, 30)],
    ];
    demo.forEach(([type, state, ago, configuration], i) => {
      const createdAt = now - ago;
      this.add({
        id: seededId(`demo-${i}`),
        type,
        state,
        createdAt: iso(createdAt),
        configuration,
        stateUpdatedAt: iso(createdAt + 1500 + i),
      });
    });
  }

  /** Adds `n` final orders, one minute apart going back from now (performance tests). */
  seedMany(n: number, state?: string): void {
    const now = this.now();
    const types = [
      'CHAT_INTERACTION',
      'ACTIVE_USER',
      'REFERENCE_STAT',
      'CHAT_INTERACTION_DETAILED',
    ];
    for (let i = 0; i < n; i++) {
      const createdAtMs = now - (n - i) * 60_000;
      const id = seededId(`many-${this.manySeeded++}`);
      this.sorted = undefined;
      this.byId.set(id, {
        id,
        type: types[i % types.length],
        createdAtMs,
        createdBy: CREATED_BY,
        companyId: COMPANY_ID,
        configuration: { startDate: iso(createdAtMs - 8 * DAY_MS), endDate: iso(createdAtMs - 1) },
        fixed: { state: state ?? (i % 25 === 24 ? 'ERROR' : 'DONE'), at: createdAtMs + 30_000 },
        plan: { ...this.timing, fails: false },
      });
    }
  }
}
