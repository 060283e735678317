// One OrderWatcher per connection, and the active one's view of them: each connection keeps its own orders,
// download index and poll schedule. A connection that is not shown keeps polling only while it has
// unfinished orders (its scheduler goes idle after a poll that finds none), so finished exports are still
// announced; the view, the status bar and the set-up see only the active connection. No UI here.
import * as vscode from 'vscode';
import { DownloadIndex, DOWNLOAD_INDEX_KEY, statFile } from '../../core/downloads/downloadIndex';
import type { Connection } from '../../core/connections/connectionList';
import type { Surface } from '../../core/connections/environment';
import type { DateRange } from '../../core/dateRange';
import type { ExportType } from '../../core/orders/order';
import type { OrderStore, OrderStoreDiff } from '../../core/orders/orderStore';
import type { PollStatus } from '../../core/orders/pollScheduler';
import type { Logger } from '../../core/ports';
import type { ClientFactory } from '../clientFactory';
import { OrderWatcher, type PollOutcome } from '../orderWatcher';
import type { SettingsReader } from '../settings';
import type { ConnectionRegistry } from './connectionRegistry';

/** The globalState key of a connection's download index (the older settings keep theirs). */
export function downloadIndexKey(c: Connection): string {
  return c.fromSettings
    ? DOWNLOAD_INDEX_KEY
    : `${DOWNLOAD_INDEX_KEY}.${encodeURIComponent(c.name)}`;
}

export interface ConnectionOrdersDeps {
  readonly registry: ConnectionRegistry;
  readonly clients: ClientFactory;
  readonly settings: SettingsReader;
  readonly memento: vscode.Memento;
  readonly log: Logger;
}

export interface OrdersElsewhere {
  readonly connection: string;
  readonly diff: OrderStoreDiff;
}

export class ConnectionOrders implements vscode.Disposable {
  private readonly lanes = new Map<string, OrderWatcher>();
  private readonly indexes = new Map<string, DownloadIndex>();
  private activeName = '';
  /** Set by the batches: how many orders a connection's first page must hold (see OrderWatcher). */
  minPageSize: ((connection: string) => number) | undefined;
  private current!: OrderWatcher;
  private following: vscode.Disposable[] = [];
  private readonly laneSubscriptions = new Map<string, vscode.Disposable>();

  private readonly ordersChanged = new vscode.EventEmitter<OrderStoreDiff>();
  private readonly polled = new vscode.EventEmitter<PollOutcome>();
  private readonly statusChanged = new vscode.EventEmitter<PollStatus>();
  private readonly switched = new vscode.EventEmitter<void>();
  private readonly anywhere = new vscode.EventEmitter<OrdersElsewhere>();
  /** The active connection's store diffs (rows to refresh, transitions to announce). */
  readonly onDidChangeOrders = this.ordersChanged.event;
  /** After each poll of the active connection, once its scheduler decided what comes next. */
  readonly onDidPoll = this.polled.event;
  /** The active connection's poll status. */
  readonly onDidChangeStatus = this.statusChanged.event;
  /** Another connection is shown now (or the shown one was redefined and starts afresh). */
  readonly onDidSwitch = this.switched.event;
  /** Store diffs of every connection, the active one included, with its name. */
  readonly onDidChangeOrdersAnywhere = this.anywhere.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly deps: ConnectionOrdersDeps) {
    this.follow(deps.registry.active?.name ?? '');
    this.subscription = deps.registry.onDidChange(({ activeChanged, redefined }) => {
      for (const name of redefined) this.drop(name);
      const name = deps.registry.active?.name ?? '';
      if (activeChanged || redefined.has(this.activeName) || name !== this.activeName) {
        this.follow(name);
        this.switched.fire();
      }
    });
  }

  /** The name of the connection shown. */
  get connection(): string {
    return this.activeName;
  }

  get store(): OrderStore {
    return this.current.store;
  }

  get status(): PollStatus {
    return this.current.status;
  }

  get hasListed(): boolean {
    return this.current.hasListed;
  }

  /** The API surface of the connection shown. */
  get surface(): Surface {
    return this.deps.registry.active?.environment?.surface ?? 'internal';
  }

  /** The surface of a connection by name. */
  surfaceOf(name: string): Surface {
    return this.deps.registry.get(name)?.environment?.surface ?? 'internal';
  }

  /** The active connection's download index. */
  get index(): DownloadIndex {
    return this.indexOf(this.deps.registry.active);
  }

  /** The watcher of a connection (made when first asked for). */
  watcherOf(name: string): OrderWatcher {
    return this.lane(name);
  }

  refresh(): void {
    this.current.refresh();
  }

  refreshAndWait(): Promise<PollOutcome> {
    return this.current.refreshAndWait();
  }

  loadMore(signal?: AbortSignal): Promise<OrderStoreDiff> {
    return this.current.loadMore(signal);
  }

  addStarted(id: string, type: ExportType, range: DateRange | undefined): void {
    this.current.addStarted(id, type, range);
  }

  remove(ids: readonly string[]): void {
    this.current.remove(ids);
  }

  /** The poll interval applies to every connection. */
  setIntervalMs(ms: number): void {
    for (const w of this.lanes.values()) w.setIntervalMs(ms);
  }

  private indexOf(c: Connection | undefined): DownloadIndex {
    const key = c ? downloadIndexKey(c) : DOWNLOAD_INDEX_KEY;
    let index = this.indexes.get(key);
    if (!index) {
      index = new DownloadIndex(this.deps.memento, statFile, key);
      this.indexes.set(key, index);
    }
    return index;
  }

  private lane(name: string): OrderWatcher {
    let w = this.lanes.get(name);
    if (w) return w;
    const { registry, clients, settings, log } = this.deps;
    w = new OrderWatcher({
      api: () => {
        const c = registry.get(name);
        return c ? clients.apiFor(c) : clients.api();
      },
      settings,
      log,
      minPageSize: () => this.minPageSize?.(name) ?? 0,
    });
    this.lanes.set(name, w);
    this.laneSubscriptions.set(
      name,
      w.onDidChangeOrders((diff) => this.anywhere.fire({ connection: name, diff })),
    );
    return w;
  }

  private follow(name: string): void {
    for (const d of this.following) d.dispose();
    this.activeName = name;
    this.current = this.lane(name);
    const w = this.current;
    this.following = [
      w.onDidChangeOrders((d) => this.ordersChanged.fire(d)),
      w.onDidPoll((o) => this.polled.fire(o)),
      w.scheduler.onDidChange((s) => this.statusChanged.fire(s)),
    ];
  }

  /** A connection was redefined or removed: its orders came from another definition; list afresh. */
  private drop(name: string): void {
    this.laneSubscriptions.get(name)?.dispose();
    this.laneSubscriptions.delete(name);
    this.lanes.get(name)?.dispose();
    this.lanes.delete(name);
  }

  dispose(): void {
    this.subscription.dispose();
    for (const d of this.following) d.dispose();
    for (const d of this.laneSubscriptions.values()) d.dispose();
    for (const w of this.lanes.values()) w.dispose();
    for (const e of [
      this.ordersChanged,
      this.polled,
      this.statusChanged,
      this.switched,
      this.anywhere,
    ])
      e.dispose();
  }
}
