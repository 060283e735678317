// Decides WHEN to poll the order list: a setTimeout chain (never setInterval) with one poll in flight,
// poll starts at least `floorMs` apart, backoff on errors, slower when unfocused. It never decides WHAT
// a poll does (the injected `poll` does) and owns no I/O of its own beyond the injected clock.

import { isApiError, type ApiErrorKind } from '../errors';
import { Emitter, type Disposable, type Listener } from '../emitter';
import { silentLogger, type Clock, type Logger } from '../ports';

export type PollState =
  | 'idle' // nothing unfinished: no timer until refresh()
  | 'scheduled' // a timer is armed for `nextPollAt`
  | 'polling' // a poll is in flight
  | 'backoff' // the last poll failed; a retry is armed for `nextPollAt`
  | 'paused' // the last poll failed in a way retrying can't fix (token, permissions, settings)
  | 'disposed';

export interface PollResult {
  /** Orders still PENDING/RUNNING (or unknown, non-final) after this poll; > 0 keeps the chain going. */
  readonly unfinished: number;
}

export interface PollSchedulerOptions {
  readonly clock: Clock;
  /** One poll; must honour `signal` (dispose aborts it). Rejections count as errors, ApiError or not. */
  readonly poll: (signal: AbortSignal) => Promise<PollResult>;
  /** Time between poll starts while something is unfinished. Default 10 s; raised to `floorMs`. */
  readonly intervalMs?: number;
  /** Minimum time between any two poll starts. Default 10 s: the API asks for at most one check per 10 s. */
  readonly floorMs?: number;
  /** The interval is multiplied by this while the window is unfocused. Default 6 (10 s -> 1 min). */
  readonly unfocusedFactor?: number;
  /** Error backoff doubles from the interval up to this. Default 5 min. */
  readonly maxBackoffMs?: number;
  readonly logger?: Logger;
}

export interface PollStatus {
  readonly state: PollState;
  /** Epoch ms (the clock's) of the next armed poll; undefined unless scheduled or in backoff. */
  readonly nextPollAt?: number;
  /** The last poll's error; cleared by the next successful poll. */
  readonly lastError?: unknown;
  /** `unfinished` of the last successful poll (0 before the first). */
  readonly unfinished: number;
}

const DEFAULT_FLOOR_MS = 10_000;
const DEFAULT_UNFOCUSED_FACTOR = 6;
const DEFAULT_MAX_BACKOFF_MS = 300_000;
/** Errors no retry can fix: wait for the user (new token, settings) to call refresh()/resume(). */
const PAUSING_KINDS: ReadonlySet<ApiErrorKind> = new Set<ApiErrorKind>([
  'unauthorized',
  'forbidden',
  'notConfigured',
  'badConfiguration',
]);
/** After a poll that outlasted the interval, a pause before the next so a slow server never sees back-to-back requests. */
const MIN_GAP_AFTER_POLL_MS = 1_000;
/** A Retry-After beyond this is treated as this, so one odd header can't stall the view for days. */
const MAX_RETRY_AFTER_MS = 3_600_000;

/** Why a timer is armed: `regular` timers follow interval/focus changes; `refresh` ones were asked for. */
type TimerReason = 'regular' | 'refresh' | 'backoff';

export class PollScheduler implements Disposable {
  private readonly clock: Clock;
  private readonly poll: (signal: AbortSignal) => Promise<PollResult>;
  private readonly logger: Logger;
  private readonly floorMs: number;
  private readonly unfocusedFactor: number;
  private readonly maxBackoffMs: number;
  private intervalMs: number;
  private focused = true;

  private current: PollStatus = { state: 'idle', unfinished: 0 };
  private timer: { readonly handle: unknown; reason: TimerReason } | undefined;
  private inFlight: AbortController | undefined;
  /** refresh() was called while a poll was in flight: exactly one more poll follows it. */
  private followUp = false;
  private lastStartAt: number | undefined;
  private failures = 0;
  /** From the last error's Retry-After: no poll starts before this, refresh or not. */
  private retryNotBefore: number | undefined;
  private readonly changed: Emitter<PollStatus>;

  constructor(options: PollSchedulerOptions) {
    this.clock = options.clock;
    this.poll = options.poll;
    this.logger = options.logger ?? silentLogger;
    this.floorMs = positiveOr(options.floorMs, DEFAULT_FLOOR_MS);
    this.intervalMs = this.clampInterval(options.intervalMs);
    this.unfocusedFactor = Math.max(
      1,
      positiveOr(options.unfocusedFactor, DEFAULT_UNFOCUSED_FACTOR),
    );
    this.maxBackoffMs = positiveOr(options.maxBackoffMs, DEFAULT_MAX_BACKOFF_MS);
    this.changed = new Emitter<PollStatus>((e) =>
      this.logger.error('Poll status listener failed', e),
    );
  }

  get state(): PollState {
    return this.current.state;
  }
  get nextPollAt(): number | undefined {
    return this.current.nextPollAt;
  }
  get lastError(): unknown {
    return this.current.lastError;
  }
  get unfinished(): number {
    return this.current.unfinished;
  }
  get status(): PollStatus {
    return this.current;
  }

  /** Called with the new status after every change. */
  onDidChange(listener: Listener<PollStatus>): Disposable {
    return this.changed.event(listener);
  }

  /**
   * Poll once as soon as the floor (and any Retry-After) allows, even with nothing unfinished: the
   * first load, the Refresh button, a new export, a new token. Calls are coalesced: while one is
   * waiting or a poll is in flight, more calls add at most one poll. Also ends a pause.
   */
  refresh(): void {
    if (this.current.state === 'disposed') return;
    if (this.current.state === 'polling') {
      this.followUp = true;
      return;
    }
    this.arm(this.earliestStart(), 'refresh', true);
  }

  /** Ends a pause (e.g. after the token was replaced). Does nothing unless paused. */
  resume(): void {
    if (this.current.state === 'paused') this.refresh();
  }

  /** Window focus: unfocused stretches the interval; regaining focus checks unfinished orders promptly. */
  setFocused(focused: boolean): void {
    if (focused === this.focused || this.current.state === 'disposed') return;
    this.focused = focused;
    if (this.timer?.reason !== 'regular') return; // refresh/backoff timers keep their time
    if (focused) this.arm(this.earliestStart(), 'refresh', true);
    else this.rearmRegular();
  }

  /** New interval (setting changed); applies to the armed timer right away. Raised to the floor. */
  setIntervalMs(ms: number): void {
    this.intervalMs = this.clampInterval(ms);
    if (this.timer?.reason === 'regular' && this.current.state !== 'disposed') this.rearmRegular();
  }

  /** Stops for good: clears the timer, aborts a poll in flight and ignores its late result. */
  dispose(): void {
    if (this.current.state === 'disposed') return;
    this.clearTimer();
    const inFlight = this.inFlight;
    this.inFlight = undefined;
    this.followUp = false;
    inFlight?.abort();
    this.update({
      state: 'disposed',
      unfinished: this.current.unfinished,
      lastError: this.current.lastError,
    });
    this.changed.dispose();
  }

  // ---- internals --------------------------------------------------------------------------------

  private async run(): Promise<void> {
    if (this.current.state === 'disposed' || this.inFlight) return; // defensive: the chain never overlaps
    const controller = new AbortController();
    this.inFlight = controller;
    this.followUp = false;
    this.lastStartAt = this.clock.now();
    this.update({
      state: 'polling',
      unfinished: this.current.unfinished,
      lastError: this.current.lastError,
    });
    this.logger.trace('Polling orders');
    let outcome: { ok: true; result: PollResult } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, result: await this.poll(controller.signal) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    if (this.inFlight !== controller) return; // disposed meanwhile: the late result is ignored
    this.inFlight = undefined;
    if (outcome.ok) this.afterSuccess(outcome.result);
    else this.afterError(outcome.error);
  }

  private afterSuccess(result: PollResult): void {
    this.failures = 0;
    this.retryNotBefore = undefined;
    const n =
      typeof result?.unfinished === 'number' && result.unfinished > 0 ? result.unfinished : 0;
    this.current = { ...this.current, unfinished: n, lastError: undefined };
    if (this.followUp) {
      this.followUp = false;
      this.arm(this.earliestStart(), 'refresh', false);
    } else if (n > 0) {
      const regular = (this.lastStartAt ?? this.clock.now()) + this.effectiveIntervalMs();
      this.arm(Math.max(regular, this.clock.now() + MIN_GAP_AFTER_POLL_MS), 'regular', false);
    } else {
      this.update({ state: 'idle', unfinished: 0 });
    }
  }

  private afterError(error: unknown): void {
    const now = this.clock.now();
    this.current = { ...this.current, lastError: error };
    if (isApiError(error) && PAUSING_KINDS.has(error.kind) && !this.followUp) {
      this.failures = 0;
      this.retryNotBefore = undefined;
      this.logger.warn(`Polling paused until refreshed: ${error.message}`);
      this.update({ state: 'paused', unfinished: this.current.unfinished, lastError: error });
      return;
    }
    this.failures++;
    const retryAfter = retryAfterOf(error);
    this.retryNotBefore = retryAfter > 0 ? now + retryAfter : undefined;
    // A refresh that arrived during the failing poll (maybe with a new token) is honoured, floor permitting.
    const refreshAsked = this.followUp;
    this.followUp = false;
    const at = refreshAsked ? this.earliestStart() : now + Math.max(this.backoffMs(), retryAfter);
    this.arm(at, refreshAsked ? 'refresh' : 'backoff', false);
    this.logger.warn(
      `Polling failed (${this.failures} in a row), next try in ${Math.round((at - now) / 1000)} s: ${describe(error)}`,
    );
  }

  /** Arms the single timer for `at`. With `onlyIfEarlier`, an already-armed earlier-or-equal timer wins. */
  private arm(at: number, reason: TimerReason, onlyIfEarlier: boolean): void {
    if (
      this.timer &&
      onlyIfEarlier &&
      this.current.nextPollAt !== undefined &&
      this.current.nextPollAt <= at
    ) {
      if (reason === 'refresh') this.timer.reason = 'refresh'; // asked for: focus/interval changes mustn't delay it
      return;
    }
    this.clearTimer();
    const handle = this.clock.setTimeout(
      () => {
        this.timer = undefined;
        void this.run();
      },
      Math.max(0, at - this.clock.now()),
    );
    this.timer = { handle, reason };
    const state = reason === 'backoff' ? 'backoff' : 'scheduled';
    this.update({
      state,
      nextPollAt: at,
      unfinished: this.current.unfinished,
      lastError: this.current.lastError,
    });
  }

  private rearmRegular(): void {
    if (this.lastStartAt === undefined) return;
    this.arm(
      Math.max(this.lastStartAt + this.effectiveIntervalMs(), this.earliestStart()),
      'regular',
      false,
    );
  }

  private clearTimer(): void {
    if (this.timer) this.clock.clearTimeout(this.timer.handle);
    this.timer = undefined;
  }

  /** The soonest a poll may start: now, but not within the floor of the last start nor before Retry-After. */
  private earliestStart(): number {
    const floor = this.lastStartAt === undefined ? -Infinity : this.lastStartAt + this.floorMs;
    return Math.max(this.clock.now(), floor, this.retryNotBefore ?? -Infinity);
  }

  private effectiveIntervalMs(): number {
    return this.intervalMs * (this.focused ? 1 : this.unfocusedFactor);
  }

  /** interval, 2×, 4×, ... capped at maxBackoffMs, but never shorter than the interval itself. */
  private backoffMs(): number {
    const base = this.effectiveIntervalMs();
    return Math.max(base, Math.min(base * 2 ** (this.failures - 1), this.maxBackoffMs));
  }

  private clampInterval(ms: number | undefined): number {
    return Math.max(this.floorMs, positiveOr(ms, this.floorMs));
  }

  private update(next: PollStatus): void {
    const prev = this.current;
    this.current = next;
    const same =
      prev.state === next.state &&
      prev.nextPollAt === next.nextPollAt &&
      prev.lastError === next.lastError &&
      prev.unfinished === next.unfinished;
    if (!same) this.changed.fire(next);
  }
}

function positiveOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

function retryAfterOf(error: unknown): number {
  const ms = isApiError(error) ? error.details.retryAfterMs : undefined;
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0
    ? Math.min(ms, MAX_RETRY_AFTER_MS)
    : 0;
}

function describe(error: unknown): string {
  if (isApiError(error)) return `${error.kind}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
