// Unit tests for src/core/orders/pollScheduler.ts (and its Emitter) on a fake clock: every rule is checked by
// counting poll starts and their times, never by peeking at private state.
import * as assert from 'node:assert/strict';
import { ApiError, type ApiErrorKind } from '../../../src/core/errors';
import { Emitter } from '../../../src/core/emitter';
import {
  PollScheduler,
  type PollResult,
  type PollSchedulerOptions,
  type PollState,
} from '../../../src/core/orders/pollScheduler';
import { silentLogger, type Logger } from '../../../src/core/ports';
import { FakeClock } from '../support/fakeClock';

const S = 1000;
const MIN = 60 * S;

type Behaviour = (signal: AbortSignal, call: number) => Promise<PollResult>;

/** A scheduler on a fake clock whose poll records start times (relative to t0) and concurrency. */
function harness(behaviour: Behaviour, options: Partial<PollSchedulerOptions> = {}) {
  const clock = new FakeClock();
  const t0 = clock.now();
  const starts: number[] = [];
  const signals: AbortSignal[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let current = behaviour;
  const scheduler = new PollScheduler({
    clock,
    poll: async (signal) => {
      starts.push(clock.now() - t0);
      signals.push(signal);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await current(signal, starts.length);
      } finally {
        inFlight--;
      }
    },
    ...options,
  });
  return {
    clock,
    scheduler,
    starts,
    signals,
    get maxInFlight() {
      return maxInFlight;
    },
    setBehaviour(b: Behaviour) {
      current = b;
    },
    /** Advance the fake clock to t0 + ms. */
    at: (ms: number) => clock.advanceTo(t0 + ms),
    rel: (abs: number | undefined) => (abs === undefined ? undefined : abs - t0),
  };
}

const unfinished =
  (n: number): Behaviour =>
  () =>
    Promise.resolve({ unfinished: n });
const failing =
  (kind: ApiErrorKind, retryAfterMs?: number): Behaviour =>
  () =>
    Promise.reject(
      new ApiError(kind, `simulated ${kind}`, retryAfterMs === undefined ? {} : { retryAfterMs }),
    );
/** A poll that takes `ms` of fake time, then reports `n` unfinished; rejects at once when aborted. */
const slow =
  (clock: FakeClock, ms: number, n: number): Behaviour =>
  (signal) =>
    new Promise((resolve, reject) => {
      const handle = clock.setTimeout(() => resolve({ unfinished: n }), ms);
      signal.addEventListener('abort', () => {
        clock.clearTimeout(handle);
        reject(new ApiError('cancelled', 'cancelled'));
      });
    });
const gaps = (xs: number[]): number[] => xs.slice(1).map((x, i) => x - xs[i]);

describe('PollScheduler', () => {
  it('with 50 unfinished orders polls exactly once per 10 s window', async () => {
    const h = harness(unfinished(50));
    h.scheduler.refresh();
    await h.at(10 * MIN - 1);
    assert.equal(h.starts.length, 60);
    for (let w = 0; w < 60; w++) {
      const inWindow = h.starts.filter((t) => t >= w * 10 * S && t < (w + 1) * 10 * S);
      assert.equal(inWindow.length, 1, `window ${w}: ${JSON.stringify(inWindow)}`);
    }
    assert.deepEqual(new Set(gaps(h.starts)), new Set([10 * S]));
    assert.equal(h.scheduler.state, 'scheduled');
    assert.equal(h.rel(h.scheduler.nextPollAt), 10 * MIN);
    assert.equal(h.clock.pendingTimers, 1, 'one timer at a time');
  });

  it('with nothing unfinished never polls on its own over an hour', async () => {
    const h = harness(unfinished(0));
    await h.at(60 * MIN);
    assert.deepEqual(h.starts, []);
    assert.equal(h.scheduler.state, 'idle');
    h.scheduler.refresh();
    await h.at(120 * MIN);
    assert.deepEqual(h.starts, [60 * MIN], 'a refresh polls once, then nothing more');
    assert.equal(h.scheduler.state, 'idle');
    assert.equal(h.clock.pendingTimers, 0);
  });

  it('stops polling by itself once the last unfinished order is done', async () => {
    const h = harness((_s, call) => Promise.resolve({ unfinished: call < 3 ? 2 : 0 }));
    h.scheduler.refresh();
    await h.at(60 * MIN);
    assert.deepEqual(h.starts, [0, 10 * S, 20 * S]);
    assert.equal(h.scheduler.state, 'idle');
    assert.equal(h.scheduler.nextPollAt, undefined);
  });

  for (const n of [0, 3]) {
    it(`coalesces 20 refreshes in 5 s (unfinished=${n}): starts >= 10 s apart, <= 7 in the next minute`, async () => {
      const h = harness(unfinished(n));
      for (let i = 0; i < 20; i++) {
        await h.at(i * 250);
        h.scheduler.refresh();
      }
      await h.at(60 * S);
      assert.ok(h.starts.length <= 7, `polls: ${JSON.stringify(h.starts)}`);
      assert.ok(
        gaps(h.starts).every((g) => g >= 10 * S),
        `starts: ${JSON.stringify(h.starts)}`,
      );
      // The first refresh polls at once; the other 19 collapse into one poll at the floor boundary.
      assert.deepEqual(
        h.starts,
        n === 0 ? [0, 10 * S] : [0, 10 * S, 20 * S, 30 * S, 40 * S, 50 * S, 60 * S],
      );
    });
  }

  it('keeps the 10 s floor under a refresh every 250 ms for a whole minute', async () => {
    const h = harness(unfinished(0));
    for (let t = 0; t <= 60 * S; t += 250) {
      await h.at(t);
      h.scheduler.refresh();
    }
    assert.deepEqual(h.starts, [0, 10 * S, 20 * S, 30 * S, 40 * S, 50 * S, 60 * S]);
  });

  it('a refresh while a poll is in flight adds exactly one follow-up, at the floor boundary', async () => {
    const h = harness(unfinished(0));
    h.setBehaviour(slow(h.clock, 3 * S, 0));
    h.scheduler.refresh();
    for (const t of [1 * S, 1.5 * S, 2 * S, 2.9 * S]) {
      await h.at(t);
      assert.equal(h.scheduler.state, 'polling');
      h.scheduler.refresh();
    }
    await h.at(10 * MIN);
    assert.deepEqual(h.starts, [0, 10 * S]);
    assert.equal(h.maxInFlight, 1);
  });

  it('never overlaps polls when a poll takes longer than the interval', async () => {
    const h = harness(unfinished(0));
    h.setBehaviour(slow(h.clock, 25 * S, 5));
    h.scheduler.refresh();
    for (let t = 5 * S; t < 5 * MIN; t += 5 * S) {
      await h.at(t);
      h.scheduler.refresh(); // pressure from the UI must not cause overlap either
    }
    assert.equal(h.maxInFlight, 1);
    assert.ok(h.starts.length >= 10, `starts: ${JSON.stringify(h.starts)}`);
    assert.ok(
      gaps(h.starts).every((g) => g >= 25 * S),
      `starts: ${JSON.stringify(h.starts)}`,
    );
  });

  it('after a slow poll without refreshes, waits a short gap instead of starting back-to-back', async () => {
    const h = harness(unfinished(0));
    h.setBehaviour(slow(h.clock, 25 * S, 5));
    h.scheduler.refresh();
    await h.at(100 * S);
    assert.deepEqual(h.starts, [0, 26 * S, 52 * S, 78 * S]);
  });

  it('backs off 10, 20, 40, 80, 160, 300, 300 s on errors, and recovers on success', async () => {
    const h = harness(failing('server'));
    h.scheduler.refresh();
    await h.at(1810 * S);
    assert.deepEqual(
      gaps(h.starts),
      [10, 20, 40, 80, 160, 300, 300, 300, 300, 300].map((s) => s * S),
    );
    assert.equal(h.scheduler.state, 'backoff');
    assert.ok(h.scheduler.lastError instanceof ApiError);
    assert.equal(h.rel(h.scheduler.nextPollAt), 2110 * S);
    h.setBehaviour(unfinished(1));
    await h.at(2145 * S);
    assert.deepEqual(
      h.starts.slice(11),
      [2110, 2120, 2130, 2140].map((s) => s * S),
      'back to the normal interval',
    );
    assert.equal(h.scheduler.lastError, undefined);
  });

  it('treats errors that are not ApiErrors as transient (backoff, not pause)', async () => {
    const h = harness(() => Promise.reject(new Error('boom')));
    h.scheduler.refresh();
    await h.at(31 * S);
    assert.deepEqual(h.starts, [0, 10 * S, 30 * S]);
    assert.equal(h.scheduler.state, 'backoff');
  });

  it('also catches a poll function that throws synchronously', async () => {
    const h = harness(() => {
      throw new ApiError('network', 'down');
    });
    h.scheduler.refresh();
    await h.at(15 * S);
    assert.deepEqual(h.starts, [0, 10 * S]);
    assert.equal(h.scheduler.state, 'backoff');
  });

  it('honours Retry-After (120 s), even against a refresh, then resumes the interval', async () => {
    const h = harness(failing('rateLimited', 120 * S));
    h.scheduler.refresh();
    await h.at(1 * S);
    assert.equal(h.rel(h.scheduler.nextPollAt), 120 * S);
    h.setBehaviour(unfinished(2));
    await h.at(15 * S);
    h.scheduler.refresh();
    await h.at(119 * S);
    assert.deepEqual(h.starts, [0], 'nothing before Retry-After');
    await h.at(135 * S);
    assert.deepEqual(h.starts, [0, 120 * S, 130 * S]);
  });

  it('uses the longer of backoff and Retry-After', async () => {
    const h = harness(failing('rateLimited', 5 * S));
    h.scheduler.refresh();
    await h.at(31 * S);
    assert.deepEqual(h.starts, [0, 10 * S, 30 * S]);
  });

  it('a refresh during backoff skips the exponential wait but not the floor', async () => {
    const h = harness(failing('server'));
    h.scheduler.refresh();
    await h.at(150 * S); // starts 0, 10, 30, 70, 150; next retry at 310
    assert.equal(h.rel(h.scheduler.nextPollAt), 310 * S);
    await h.at(155 * S);
    h.scheduler.refresh();
    assert.equal(h.rel(h.scheduler.nextPollAt), 160 * S);
    await h.at(161 * S);
    assert.deepEqual(
      h.starts,
      [0, 10, 30, 70, 150, 160].map((s) => s * S),
    );
  });

  for (const kind of ['unauthorized', 'forbidden', 'notConfigured', 'badConfiguration'] as const) {
    it(`pauses on ${kind}, stays silent for an hour, and a refresh resumes`, async () => {
      const h = harness(failing(kind));
      const states: PollState[] = [];
      h.scheduler.onDidChange((s) => states.push(s.state));
      h.scheduler.refresh();
      await h.at(60 * MIN);
      assert.deepEqual(h.starts, [0]);
      assert.equal(h.scheduler.state, 'paused');
      assert.equal((h.scheduler.lastError as ApiError).kind, kind);
      assert.equal(h.clock.pendingTimers, 0);
      assert.equal(states.at(-1), 'paused');
      h.setBehaviour(unfinished(1));
      h.scheduler.refresh();
      await h.at(60 * MIN + 25 * S);
      assert.deepEqual(h.starts, [0, 60 * MIN, 60 * MIN + 10 * S, 60 * MIN + 20 * S]);
      assert.equal(h.scheduler.lastError, undefined);
    });
  }

  it('resume() ends a pause and does nothing otherwise', async () => {
    const h = harness(failing('unauthorized'));
    h.scheduler.resume();
    await h.at(MIN);
    assert.deepEqual(h.starts, [], 'resume is not a refresh');
    h.scheduler.refresh();
    await h.at(2 * MIN);
    assert.equal(h.scheduler.state, 'paused');
    h.setBehaviour(unfinished(0));
    h.scheduler.resume();
    await h.at(3 * MIN);
    assert.deepEqual(h.starts, [MIN, 2 * MIN]);
    assert.equal(h.scheduler.state, 'idle');
  });

  it('a refresh during a poll that fails unauthorized (new token) is honoured instead of pausing', async () => {
    const h = harness(unfinished(0));
    h.setBehaviour((signal) =>
      slow(
        h.clock,
        2 * S,
        0,
      )(signal, 0).then(() => Promise.reject(new ApiError('unauthorized', 'old token'))),
    );
    h.scheduler.refresh();
    await h.at(1 * S);
    h.setBehaviour(unfinished(0));
    h.scheduler.refresh(); // e.g. the token was just replaced
    await h.at(MIN);
    assert.deepEqual(h.starts, [0, 10 * S]);
    assert.equal(h.scheduler.state, 'idle');
  });

  it('polls every minute while unfocused', async () => {
    const h = harness(unfinished(4));
    h.scheduler.setFocused(false);
    h.scheduler.refresh();
    await h.at(5 * MIN);
    assert.deepEqual(
      h.starts,
      [0, 1, 2, 3, 4, 5].map((m) => m * MIN),
    );
  });

  it('losing focus stretches an already armed timer', async () => {
    const h = harness(unfinished(4));
    h.scheduler.refresh();
    await h.at(5 * S);
    assert.equal(h.rel(h.scheduler.nextPollAt), 10 * S);
    h.scheduler.setFocused(false);
    assert.equal(h.rel(h.scheduler.nextPollAt), 60 * S);
    await h.at(2 * MIN);
    assert.deepEqual(h.starts, [0, 60 * S, 120 * S]);
  });

  it('regaining focus polls promptly, within the floor', async () => {
    const h = harness(unfinished(4));
    h.scheduler.setFocused(false);
    h.scheduler.refresh();
    await h.at(25 * S);
    h.scheduler.setFocused(true);
    assert.equal(h.rel(h.scheduler.nextPollAt), 25 * S);
    await h.at(50 * S);
    assert.deepEqual(h.starts, [0, 25 * S, 35 * S, 45 * S]);
  });

  it('regaining focus right after a poll waits for the floor boundary, not the minute', async () => {
    const h = harness(unfinished(4));
    h.scheduler.setFocused(false);
    h.scheduler.refresh();
    await h.at(3 * S);
    h.scheduler.setFocused(true);
    await h.at(21 * S);
    assert.deepEqual(h.starts, [0, 10 * S, 20 * S]);
  });

  it('regaining focus with nothing unfinished does not poll', async () => {
    const h = harness(unfinished(0));
    h.scheduler.refresh();
    await h.at(S);
    h.scheduler.setFocused(false);
    await h.at(20 * S);
    h.scheduler.setFocused(true);
    await h.at(10 * MIN);
    assert.deepEqual(h.starts, [0]);
  });

  it('a refresh coalesced into the armed timer is not delayed by losing focus', async () => {
    const h = harness(unfinished(4));
    h.scheduler.refresh();
    await h.at(S);
    h.scheduler.refresh(); // coalesces into the 10 s timer
    h.scheduler.setFocused(false);
    await h.at(15 * S);
    assert.deepEqual(h.starts, [0, 10 * S]);
  });

  it('setIntervalMs applies live and is clamped to the 10 s floor', async () => {
    const h = harness(unfinished(1), { intervalMs: 2 * S });
    h.scheduler.refresh();
    await h.at(25 * S);
    assert.deepEqual(h.starts, [0, 10 * S, 20 * S], 'a 2 s interval is raised to 10 s');
    h.scheduler.setIntervalMs(30 * S);
    assert.equal(h.rel(h.scheduler.nextPollAt), 50 * S);
    await h.at(110 * S);
    assert.deepEqual(h.starts.slice(3), [50 * S, 80 * S, 110 * S]);
    h.scheduler.setIntervalMs(1);
    assert.equal(h.rel(h.scheduler.nextPollAt), 120 * S);
    h.scheduler.setIntervalMs(Number.NaN);
    await h.at(140 * S);
    assert.deepEqual(h.starts.slice(6), [120 * S, 130 * S, 140 * S]);
  });

  it('dispose mid-flight aborts the signal, ignores the late result and leaves no timers', async () => {
    const h = harness(unfinished(0));
    h.setBehaviour(slow(h.clock, 30 * S, 7));
    const states: PollState[] = [];
    h.scheduler.onDidChange((s) => states.push(s.state));
    h.scheduler.refresh();
    await h.at(5 * S);
    assert.equal(h.scheduler.state, 'polling');
    h.scheduler.dispose();
    await h.clock.flush();
    assert.equal(h.signals[0].aborted, true);
    assert.equal(h.scheduler.state, 'disposed');
    assert.equal(h.clock.pendingTimers, 0);
    h.scheduler.refresh();
    h.scheduler.setFocused(false);
    h.scheduler.setFocused(true);
    h.scheduler.setIntervalMs(20 * S);
    await h.at(60 * MIN);
    assert.deepEqual(h.starts, [0]);
    assert.equal(h.clock.pendingTimers, 0);
    assert.equal(states.at(-1), 'disposed');
  });

  it('dispose mid-flight ignores a result that arrives even though the poll ignored the abort', async () => {
    const h = harness(unfinished(0));
    const stubborn: Behaviour = () =>
      new Promise((resolve) => {
        h.clock.setTimeout(() => resolve({ unfinished: 9 }), 10 * S);
      });
    h.setBehaviour(stubborn);
    h.scheduler.refresh();
    await h.at(S);
    h.scheduler.dispose();
    let events = 0;
    h.scheduler.onDidChange(() => events++);
    await h.at(60 * MIN);
    assert.deepEqual(h.starts, [0]);
    assert.equal(h.clock.pendingTimers, 0);
    assert.equal(h.scheduler.state, 'disposed');
    assert.equal(h.scheduler.unfinished, 0, 'late result not applied');
    assert.equal(events, 0);
  });

  it('dispose while scheduled clears the timer', async () => {
    const h = harness(unfinished(3));
    h.scheduler.refresh();
    await h.at(S);
    assert.equal(h.clock.pendingTimers, 1);
    h.scheduler.dispose();
    h.scheduler.dispose(); // idempotent
    assert.equal(h.clock.pendingTimers, 0);
    await h.at(MIN);
    assert.deepEqual(h.starts, [0]);
  });

  it('reports state changes: scheduled -> polling -> scheduled ... -> idle, with nextPollAt', async () => {
    const h = harness((_s, call) => Promise.resolve({ unfinished: call === 1 ? 2 : 0 }));
    const seen: [PollState, number | undefined, number][] = [];
    const sub = h.scheduler.onDidChange((s) =>
      seen.push([s.state, h.rel(s.nextPollAt), s.unfinished]),
    );
    h.scheduler.refresh();
    await h.at(MIN);
    assert.deepEqual(seen, [
      ['scheduled', 0, 0],
      ['polling', undefined, 0],
      ['scheduled', 10 * S, 2],
      ['polling', undefined, 2],
      ['idle', undefined, 0],
    ]);
    sub.dispose();
    h.scheduler.refresh();
    await h.at(2 * MIN);
    assert.equal(seen.length, 5, 'no events after the listener was disposed');
  });

  it('a throwing listener is logged and does not break polling or other listeners', async () => {
    const logged: unknown[] = [];
    const logger: Logger = {
      ...silentLogger,
      error: (m: string | Error, ...args: unknown[]) => void logged.push(m, ...args),
    };
    const h = harness(unfinished(1), { logger });
    let calls = 0;
    h.scheduler.onDidChange(() => {
      throw new Error('listener bug');
    });
    h.scheduler.onDidChange(() => calls++);
    h.scheduler.refresh();
    await h.at(25 * S);
    assert.deepEqual(h.starts, [0, 10 * S, 20 * S]);
    assert.ok(calls >= 6);
    assert.ok(logged.some((x) => x instanceof Error && x.message === 'listener bug'));
  });

  it('logs failures without secrets-prone details and says when it retries', async () => {
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (m: string) => void warnings.push(m) };
    const h = harness(failing('server'), { logger });
    h.scheduler.refresh();
    await h.at(S);
    assert.deepEqual(warnings, [
      'Polling failed (1 in a row), next try in 10 s: server: simulated server',
    ]);
  });
});

describe('Emitter', () => {
  it('delivers to listeners in order and stops after dispose of a subscription', () => {
    const e = new Emitter<number>();
    const got: string[] = [];
    const a = e.event((n) => got.push(`a${n}`));
    e.event((n) => got.push(`b${n}`));
    e.fire(1);
    a.dispose();
    a.dispose();
    e.fire(2);
    assert.deepEqual(got, ['a1', 'b1', 'b2']);
    assert.equal(e.listenerCount, 1);
  });

  it('keeps two subscriptions of the same function apart', () => {
    const e = new Emitter<number>();
    let n = 0;
    const f = () => n++;
    const s1 = e.event(f);
    e.event(f);
    s1.dispose();
    e.fire(0);
    assert.equal(n, 1);
  });

  it('reports a throwing listener to the handler and still calls the rest', () => {
    const errors: unknown[] = [];
    const e = new Emitter<void>((err) => errors.push(err));
    let later = false;
    e.event(() => {
      throw new Error('x');
    });
    e.event(() => (later = true));
    e.fire();
    assert.equal(later, true);
    assert.equal(errors.length, 1);
  });

  it('after dispose, subscribing and firing do nothing', () => {
    const e = new Emitter<number>();
    let n = 0;
    e.event(() => n++);
    e.dispose();
    e.event(() => n++).dispose();
    e.fire(1);
    assert.equal(n, 0);
    assert.equal(e.listenerCount, 0);
  });
});

describe('FakeClock', () => {
  it('fires due timers in time order, flushing promises in between, and counts pending ones', async () => {
    const c = new FakeClock(0);
    const log: string[] = [];
    c.setTimeout(() => void Promise.resolve().then(() => log.push(`b@${c.now()}`)), 20);
    c.setTimeout(() => log.push(`a@${c.now()}`), 10);
    const h = c.setTimeout(() => log.push('never'), 15);
    c.clearTimeout(h);
    assert.equal(c.pendingTimers, 2);
    await c.advance(20);
    assert.deepEqual(log, ['a@10', 'b@20']);
    assert.equal(c.pendingTimers, 0);
    assert.equal(c.now(), 20);
  });

  it('runAll stops an endless chain with an error', async () => {
    const c = new FakeClock(0);
    const again = () => void c.setTimeout(again, 1);
    again();
    await assert.rejects(() => c.runAll(50), /still pending/);
  });
});
