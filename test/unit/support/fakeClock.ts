// A manual Clock for unit tests: time moves only through advance()/runNext()/runAll(), and pending
// promise callbacks are flushed between timers so async work (e.g. a poll) settles as it would live.

import type { Clock } from '../../../src/core/ports';

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

export class FakeClock implements Clock {
  private time: number;
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();

  constructor(startMs = Date.UTC(2024, 5, 2, 12, 0, 0)) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0; // like Node: NaN/negative -> run "now"
    this.timers.set(id, { id, at: this.time + delay, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === 'number') this.timers.delete(handle);
  }

  /** Timers armed and not yet run or cleared. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /** When the earliest pending timer fires, or undefined. */
  get nextTimerAt(): number | undefined {
    return this.earliest()?.at;
  }

  /** Lets every already-settled promise chain run (real microtasks, then one real macrotask turn). */
  async flush(): Promise<void> {
    for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /**
   * Moves time forward by `ms`, firing due timers in time order (ties: creation order), including
   * timers armed by those callbacks, and flushing promises after each one.
   */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await this.flush();
    for (;;) {
      const t = this.earliest();
      if (!t || t.at > target) break;
      this.fire(t);
      await this.flush();
    }
    this.time = target;
    await this.flush();
  }

  /** Advances to the given absolute clock time. */
  async advanceTo(ms: number): Promise<void> {
    await this.advance(Math.max(0, ms - this.time));
  }

  /** Fires the earliest pending timer (moving time to it); false when none is pending. */
  async runNext(): Promise<boolean> {
    await this.flush();
    const t = this.earliest();
    if (!t) return false;
    this.fire(t);
    await this.flush();
    return true;
  }

  /** Fires timers until none is pending; throws after `limit` timers (an endless chain is a bug). */
  async runAll(limit = 10_000): Promise<number> {
    let count = 0;
    while (await this.runNext()) {
      if (++count >= limit)
        throw new Error(`FakeClock.runAll: still pending after ${limit} timers`);
    }
    return count;
  }

  private fire(t: Timer): void {
    this.timers.delete(t.id);
    this.time = Math.max(this.time, t.at);
    t.fn();
  }

  private earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers.values())
      if (!best || t.at < best.at || (t.at === best.at && t.id < best.id)) best = t;
    return best;
  }
}
