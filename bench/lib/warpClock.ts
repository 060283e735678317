// A Clock whose time is real time plus an offset that jumps over idle waits: while work is in flight
// (a poll's HTTP request), time passes as it really does; when nothing is, it jumps straight to the next
// timer. An hour of polling thus takes seconds, and every request still costs its real duration.

import type { Clock } from '../../src/core/ports';

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

export class WarpClock implements Clock {
  private offset: number;
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();

  constructor(startMs: number) {
    this.offset = startMs - Date.now();
  }

  /** Held for one synchronous run of code, so two reads in the same tick agree (as on a real clock they nearly do). */
  private held: number | undefined;

  now(): number {
    if (this.held === undefined) {
      this.held = Date.now() + this.offset;
      queueMicrotask(() => (this.held = undefined));
    }
    return this.held;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { id, at: this.now() + (Number.isFinite(ms) && ms > 0 ? ms : 0), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === 'number') this.timers.delete(handle);
  }

  /**
   * Runs timers due up to `end` in time order (ties: creation order). While `busy()` (a request in
   * flight), time runs in real time and timers fire when really due; when idle, time jumps to the next one.
   */
  async runUntil(end: number, busy: () => boolean): Promise<void> {
    for (;;) {
      await new Promise<void>((r) => setImmediate(r));
      const next = this.earliest();
      const now = this.now();
      if (next && next.at <= Math.min(now, end)) {
        this.timers.delete(next.id);
        next.fn();
        continue;
      }
      if (busy()) {
        await new Promise<void>((r) => setTimeout(r, 1));
        continue;
      }
      if (!next || next.at > end) break;
      this.jump(next.at - now);
    }
    const now = this.now();
    if (end > now) this.jump(end - now);
  }

  private jump(ms: number): void {
    this.offset += ms;
    this.held = undefined;
  }

  private earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers.values())
      if (!best || t.at < best.at || (t.at === best.at && t.id < best.id)) best = t;
    return best;
  }
}
