// Keeps the order list fresh: owns the OrderStore and the core PollScheduler, and feeds the scheduler
// its inputs (window focus; interval changes as the set-up reducer decides). One per connection
// (connections/connectionOrders.ts); a redefined connection gets a new one. Each poll lists page 1 only; pages
// loaded through "load more" stay in the store until proven gone. No UI here.
import * as vscode from 'vscode';
import type { UniqueAnalyticsApi } from '../core/api/types';
import type { DateRange } from '../core/dateRange';
import type { ExportType } from '../core/orders/order';
import { OrderStore, type OrderStoreDiff } from '../core/orders/orderStore';
import { PollScheduler, type PollStatus } from '../core/orders/pollScheduler';
import { systemClock, type Clock, type Logger } from '../core/ports';
import type { SettingsReader } from './settings';

/** The most orders one list request asks for (the `pageSize` setting's own limit). */
const MAX_PAGE_SIZE = 100;

export interface PollOutcome {
  readonly ok: boolean;
  readonly error?: unknown;
}

export interface OrderWatcherDeps {
  readonly api: () => UniqueAnalyticsApi;
  readonly settings: SettingsReader;
  readonly log: Logger;
  readonly clock?: Clock;
  /**
   * How many orders the first page must hold so that every unfinished part of a batch is on it (the batches
   * set it): a poll stays one request whatever the number of parts, up to the API's page limit.
   */
  readonly minPageSize?: () => number;
}

export class OrderWatcher implements vscode.Disposable {
  readonly store: OrderStore;
  readonly scheduler: PollScheduler;
  private readonly polled = new vscode.EventEmitter<PollOutcome>();
  /** Fires after each poll, successful or not, once the scheduler has decided what comes next. */
  readonly onDidPoll = this.polled.event;
  /** Fires with each store diff (rows to refresh, transitions to announce). */
  readonly onDidChangeOrders: vscode.Event<OrderStoreDiff>;
  private readonly disposables: vscode.Disposable[] = [];
  private pollsStarted = 0;
  private listed = false;
  /** `pollsStarted` as of the last poll that ended. */
  private pollsEnded = 0;

  constructor(private readonly deps: OrderWatcherDeps) {
    const clock = deps.clock ?? systemClock;
    this.store = new OrderStore(clock);
    this.onDidChangeOrders = (listener, thisArg) =>
      this.store.onDidChange((d) => {
        listener.call(thisArg, d);
      });
    this.scheduler = new PollScheduler({
      clock,
      poll: (signal) => this.poll(signal),
      intervalMs: deps.settings.current.pollIntervalMs,
      logger: deps.log,
    });
    this.scheduler.setFocused(vscode.window.state.focused);
    let previous = this.scheduler.state;
    this.disposables.push(
      // A poll has ended once the scheduler leaves 'polling' (its status then says what comes next).
      this.scheduler.onDidChange((status) => {
        const ended =
          previous === 'polling' && status.state !== 'polling' && status.state !== 'disposed';
        previous = status.state;
        if (ended) this.pollsEnded = this.pollsStarted;
        if (ended)
          this.polled.fire(
            status.lastError === undefined ? { ok: true } : { ok: false, error: status.lastError },
          );
      }),
      vscode.window.onDidChangeWindowState((s) => this.scheduler.setFocused(s.focused)),
    );
  }

  setIntervalMs(ms: number): void {
    this.scheduler.setIntervalMs(ms);
  }

  /** True once a first page from the current endpoint was applied (even an empty one). */
  get hasListed(): boolean {
    return this.listed;
  }

  get status(): PollStatus {
    return this.scheduler.status;
  }

  /** Asks for a poll as soon as the 10 s floor allows (coalesced with any already due). */
  refresh(): void {
    this.scheduler.refresh();
  }

  /**
   * Asks for a poll and resolves once a poll that started after this call has finished (one already in
   * flight may predate a change the caller wants to see). Waits for the floor like any refresh.
   */
  refreshAndWait(): Promise<PollOutcome> {
    const after = this.pollsStarted;
    const done = new Promise<PollOutcome>((resolve) => {
      const sub = this.onDidPoll((o) => {
        if (this.pollsEnded <= after) return;
        sub.dispose();
        resolve(o);
      });
    });
    this.scheduler.refresh();
    return done;
  }

  /** Fetches the next page ("Load more"): a user action, one request, never removes rows. */
  async loadMore(signal?: AbortSignal): Promise<OrderStoreDiff> {
    const pageSize = this.deps.settings.current.pageSize;
    const page = await this.deps.api().listOrders(this.store.nextSkip, pageSize, signal);
    if (page.skipped > 0)
      this.deps.log.warn(
        `Load more: skipped ${page.skipped} order(s) the API sent in an unknown shape.`,
      );
    const diff = this.store.applyNextPage(page, pageSize);
    if (this.store.unfinishedCount > 0) this.scheduler.refresh();
    return diff;
  }

  /** Shows a just-started order at once and lets the poller take over. */
  addStarted(id: string, type: ExportType, range: DateRange | undefined): void {
    this.store.addOptimistic(id, type, range);
    this.scheduler.refresh();
  }

  remove(ids: readonly string[]): void {
    if (ids.length) this.store.remove(ids);
  }

  private async poll(signal: AbortSignal): Promise<{ unfinished: number }> {
    this.pollsStarted++;
    const pageSize = Math.min(
      MAX_PAGE_SIZE,
      Math.max(this.deps.settings.current.pageSize, this.deps.minPageSize?.() ?? 0),
    );
    const page = await this.deps.api().listOrders(0, pageSize, signal);
    // A watcher is disposed (its poll aborted) when its connection is redefined: never apply a late answer.
    if (signal.aborted) return { unfinished: this.store.unfinishedCount };
    if (page.skipped > 0)
      this.deps.log.warn(`Skipped ${page.skipped} order(s) the API sent in an unknown shape.`);
    const diff = this.store.applyFirstPage(page, pageSize);
    this.listed = true;
    this.deps.log.trace(
      `Polled: ${page.orders.length} order(s), ${diff.changed.length} changed, ${diff.added.length} new.`,
    );
    return { unfinished: this.store.unfinishedCount };
  }

  dispose(): void {
    this.scheduler.dispose();
    this.store.dispose();
    this.polled.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
