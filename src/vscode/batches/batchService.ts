// The batches of every connection (several orders for one long range, merged into one CSV): one BatchBook
// per connection, kept in the extension's global state under one key so a batch survives a reload. Feeds
// each book the states its connection's poller lists, places parts through that connection's client, and
// merges a batch once every part is done. Only the window holding the lease (windowLease.ts) places and
// merges; the others show what it saved. No tree code here.
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { DateRange } from '../../core/dateRange';
import { dateRangeFromWindow as dateRangeOf, formatRange } from '../../core/dateRange';
import { exportKind, findExportKind, isUnfinished, type ExportType } from '../../core/orders/order';
import type { OrderStore } from '../../core/orders/orderStore';
import {
  type Batch,
  firstPageNeeded,
  mergedInto,
  newBatch,
  parseBatch,
  readyToMerge,
  withProblem,
} from '../../core/ranges/batch';
import { BatchBook } from '../../core/ranges/batchBook';
import { systemClock } from '../../core/ports';
import { CommandIds } from '../../core/ids';
import { displayLocale } from '../../core/l10n/locale';
import type { ClientFactory } from '../clientFactory';
import type { ConnectionOrders } from '../connections/connectionOrders';
import type { ConnectionRegistry } from '../connections/connectionRegistry';
import type { FlowDeps } from '../flows/deps';
import type { Notifier } from '../notifier';
import { deleteMergedParts, mergeBatch } from './batchMerge';
import type { WindowLease } from './windowLease';

export const BATCHES_KEY = 'uniqueAnalytics.batches';
/** How often a window looks for batches another window saved. */
const ABSORB_EVERY_MS = 5_000;

function timer(fn: () => void, ms: number): vscode.Disposable {
  const handle = setInterval(fn, ms);
  return { dispose: () => clearInterval(handle) };
}

type Stored = Record<string, unknown[]>;

export interface BatchServiceDeps {
  readonly memento: vscode.Memento;
  readonly watcher: ConnectionOrders;
  readonly registry: ConnectionRegistry;
  readonly clients: ClientFactory;
  readonly lease: WindowLease;
  readonly flows: FlowDeps;
  readonly notifier: Notifier;
  readonly log: vscode.LogOutputChannel;
  /** Where part files wait for their merge. */
  readonly storageDir: string;
}

export class BatchService implements vscode.Disposable {
  private readonly books = new Map<string, BatchBook>();
  private readonly merging = new Set<string>();
  /** Failed parts already announced, per batch. */
  private readonly failedSeen = new Map<string, number>();
  /** True while a person's action changes a batch (saved from any window). */
  private byPerson = false;
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the connection's name after any change of its batches. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly deps: BatchServiceDeps) {
    // Parts are the newest orders: a first page as long as the orders placed since the oldest unfinished
    // part (plus the setting's page) holds them all.
    deps.watcher.minPageSize = (name) => this.partsInFlight(name);
    for (const name of Object.keys(this.stored())) this.book(name);
    this.subscriptions = [
      deps.watcher.onDidChangeOrdersAnywhere(({ connection }) => this.sync(connection)),
      deps.watcher.onDidPoll(() => this.absorb()),
      // Another window may start a batch while this one has nothing to poll.
      timer(() => this.absorb(), ABSORB_EVERY_MS),
      deps.lease.onDidChange((held) => {
        if (!held) return;
        for (const [name, book] of this.books) {
          book.resume();
          this.mergeReady(name);
        }
      }),
    ];
  }

  /** The batches of the connection shown, newest first. */
  shown(): readonly Batch[] {
    return this.listOf(this.deps.watcher.connection);
  }

  listOf(name: string): readonly Batch[] {
    const list = this.books.get(name)?.batches ?? [];
    return [...list].sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0));
  }

  /** A batch of the connection shown, by id. */
  get(id: string): Batch | undefined {
    return this.books.get(this.deps.watcher.connection)?.get(id);
  }

  /** Order ids of the connection shown that belong to a batch. */
  ownedOrderIds(): Set<string> {
    return this.books.get(this.deps.watcher.connection)?.ownedOrderIds() ?? new Set();
  }

  /** Whether the order belongs to a batch of that connection. */
  owns(name: string, orderId: string): boolean {
    return this.books.get(name)?.ownerOf(orderId) !== undefined;
  }

  /** The batch (of the connection shown) that placed this order. */
  ownerOf(orderId: string): Batch | undefined {
    return this.books.get(this.deps.watcher.connection)?.ownerOf(orderId)?.batch;
  }

  /** Unfinished exports as a person counts them: a batch once, its parts not at all. */
  unfinishedCount(store: OrderStore): number {
    const owned = this.ownedOrderIds();
    const orders = store.orders().filter((o) => isUnfinished(o) && !owned.has(o.id)).length;
    const batches = this.shown().filter(
      (b) => !b.merged && !b.problem && !b.parts.some((p) => p.state === 'failed'),
    ).length;
    return orders + batches;
  }

  /** Whether the list shown holds a finished export: a merged batch, or a DONE order outside any batch. */
  hasFinishedExport(store: OrderStore): boolean {
    if (this.shown().some((b) => b.merged)) return true;
    const owned = this.ownedOrderIds();
    return store.orders().some((o) => o.state.known === 'DONE' && !owned.has(o.id));
  }

  /** Starts a batch for the connection shown; its parts are placed from now on, 10 s apart. */
  start(type: ExportType, range: DateRange, assistantId?: string): Batch {
    const kind = exportKind(type);
    const batch = newBatch(
      `batch-${randomUUID()}`,
      type,
      range,
      kind.maxDays,
      assistantId,
      Date.now(),
    );
    this.asPerson(() => this.book(this.deps.watcher.connection).add(batch));
    this.deps.log.info(
      `Batch ${batch.id}: ${kind.name} for ${range.start}..${range.end} as ${batch.parts.length} orders.`,
    );
    return batch;
  }

  /** Places the failed parts again, or merges again after a failed merge. */
  retry(id: string): void {
    const name = this.deps.watcher.connection;
    const book = this.books.get(name);
    if (!book) return;
    this.asPerson(() => book.retryFailed(id));
    this.mergeReady(name);
  }

  /** Forgets a batch (its orders were deleted, or the person removed it). */
  forget(id: string): void {
    this.asPerson(() => this.books.get(this.deps.watcher.connection)?.remove(id));
  }

  private asPerson(change: () => void): void {
    this.byPerson = true;
    try {
      change();
    } finally {
      this.byPerson = false;
    }
  }

  /** Placed parts of unfinished batches, plus the orders after them, so the first page reaches the oldest. */
  private partsInFlight(name: string): number {
    const book = this.books.get(name);
    if (!book) return 0;
    const listed = this.deps.watcher
      .watcherOf(name)
      .store.orders()
      .map((o) => o.id);
    return firstPageNeeded(book.batches, listed);
  }

  /** Forgets every batch of every connection (tests start each suite from nothing). */
  async clearAll(): Promise<void> {
    for (const b of this.books.values()) b.dispose();
    this.books.clear();
    await this.deps.memento.update(BATCHES_KEY, undefined);
    this.changed.fire(this.deps.watcher.connection);
  }

  private book(name: string): BatchBook {
    let book = this.books.get(name);
    if (book) return book;
    const initial = (this.stored()[name] ?? []).map(parseBatch).filter((b): b is Batch => !!b);
    const lane = this.deps.watcher.watcherOf(name);
    book = new BatchBook(
      {
        clock: systemClock,
        log: this.deps.log,
        canAct: () => this.deps.lease.held,
        place: (type, window, assistantId) => {
          const c = this.deps.registry.get(name);
          const api = c ? this.deps.clients.apiFor(c) : this.deps.clients.api();
          return api.startExport(
            type as ExportType,
            window,
            undefined,
            assistantId ? { assistantId } : undefined,
          );
        },
        // The window that places parts writes their progress; another window writes only what a person
        // did there (start, retry, forget), so its older copy never overwrites the placing window's.
        save: (batches) => {
          if (this.deps.lease.held || this.byPerson) void this.save(name, batches);
        },
        findPlaced: (type, window, since) => {
          if (!lane.hasListed) return { listed: false };
          const owned = this.books.get(name)?.ownedOrderIds() ?? new Set<string>();
          const id = lane.store
            .orders()
            .find(
              (o) =>
                !owned.has(o.id) &&
                !o.optimistic &&
                o.type.raw === type &&
                sameDays(o.window, window) &&
                (o.createdAt === undefined || Date.parse(o.createdAt) >= since),
            )?.id;
          return { listed: true, ...(id ? { id } : {}) };
        },
        onPlaced: (_batch, orderId, window) =>
          lane.addStarted(orderId, _batch.type as ExportType, window),
      },
      initial,
    );
    this.books.set(name, book);
    // Failures from before a reload were announced then; the row still shows them.
    for (const b of initial)
      this.failedSeen.set(b.id, b.parts.filter((p) => p.state === 'failed').length);
    const sub = book.onDidChange(() => {
      this.changed.fire(name);
      this.announceFailures(name);
      this.mergeReady(name);
    });
    this.subscriptions?.push(sub);
    return book;
  }

  /** Says once when a part of a batch fails (placing refused, or its order ended in ERROR). */
  private announceFailures(name: string): void {
    for (const b of this.books.get(name)?.batches ?? []) {
      const failed = b.parts.filter((p) => p.state === 'failed').length;
      const before = this.failedSeen.get(b.id) ?? 0;
      this.failedSeen.set(b.id, failed);
      if (failed <= before || !this.deps.lease.held) continue;
      const kind = findExportKind(b.type)?.labelInSentence ?? b.type;
      const range = formatRange(b.range, displayLocale());
      const reason = b.parts.find((p) => p.state === 'failed' && p.problem)?.problem;
      this.deps.notifier.show(
        'warning',
        partsFailedText(failed, kind, range, reason),
        [vscode.l10n.t('Retry Failed Parts')],
        () => vscode.commands.executeCommand(CommandIds.retryFailedParts, { batchId: b.id }),
      );
    }
  }

  /** The connection's listed states onto its batches' parts. */
  private sync(name: string): void {
    const book = this.books.get(name);
    if (!book || book.batches.length === 0) return;
    const store = this.deps.watcher.watcherOf(name).store;
    const states = new Map<string, string>();
    for (const id of book.ownedOrderIds()) {
      const o = store.get(id);
      if (o && !o.optimistic) states.set(id, o.state.known ?? o.state.raw);
    }
    book.applyOrderStates(states);
  }

  /** What other windows saved (a batch started there, or progress made by the window that places). */
  private absorb(): void {
    const stored = this.stored();
    for (const [name, list] of Object.entries(stored)) {
      const batches = list.map(parseBatch).filter((b): b is Batch => !!b);
      if (batches.length || this.books.has(name)) this.book(name).absorb(batches);
    }
  }

  private mergeReady(name: string): void {
    if (!this.deps.lease.held) return;
    for (const b of this.books.get(name)?.batches ?? []) {
      if (readyToMerge(b) && !b.merged && !b.problem && !this.merging.has(b.id))
        void this.merge(name, b);
    }
  }

  private async merge(name: string, batch: Batch): Promise<void> {
    const book = this.book(name);
    this.merging.add(batch.id);
    const c = this.deps.registry.get(name);
    const api = c ? this.deps.clients.apiFor(c) : this.deps.clients.api();
    const kind = findExportKind(batch.type)?.label ?? batch.type;
    const range = formatRange(batch.range, displayLocale());
    try {
      const file = await mergeBatch(
        {
          api,
          downloadFolder: this.deps.flows.downloadFolder(),
          partsFolder: path.join(this.deps.storageDir, 'batches'),
          log: this.deps.log,
          ...(this.deps.flows.saveGuard ? { saveGuard: this.deps.flows.saveGuard } : {}),
        },
        batch,
      );
      if (!file) {
        book.change(batch.id, (b) =>
          withProblem(b, vscode.l10n.t('The merge was cancelled. Retry merges the parts.')),
        );
        return;
      }
      const merged = book.change(batch.id, (b) => mergedInto(b, file));
      const open = vscode.l10n.t({ message: 'Open', comment: ['verb: open the CSV in an editor'] });
      this.deps.notifier.show(
        'info',
        vscode.l10n.t({
          message: '{kind} for {range} is ready: {count} orders merged into one CSV.',
          args: { kind, range, count: batch.parts.length.toLocaleString(displayLocale()) },
          comment: ['{kind} is a kind of export, e.g. "Chat interactions"; {count} is 2 or more'],
        }),
        [open, vscode.l10n.t('Save As…')],
        (a) =>
          vscode.commands.executeCommand(a === open ? CommandIds.openCsv : CommandIds.saveCsvAs, {
            batchId: batch.id,
          }),
      );
      if (merged && this.deps.flows.settings().deleteAfterDownload) {
        const gone = await deleteMergedParts(api, merged, this.deps.log);
        this.deps.watcher.watcherOf(name).remove(gone);
      }
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.deps.log.warn(`Batch ${batch.id}: merge failed: ${message}`);
      book.change(batch.id, (b) => withProblem(b, message));
      this.deps.notifier.show(
        'warning',
        vscode.l10n.t({
          message: '{kind} for {range} could not be merged: {reason}',
          args: { kind, range, reason: message },
          comment: ['{kind} is a kind of export, e.g. "Chat interactions"'],
        }),
        [vscode.l10n.t('Retry')],
        () => vscode.commands.executeCommand(CommandIds.retryFailedParts, { batchId: batch.id }),
      );
    } finally {
      this.merging.delete(batch.id);
    }
  }

  private stored(): Stored {
    const v = this.deps.memento.get<unknown>(BATCHES_KEY);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Stored) : {};
  }

  private async save(name: string, batches: readonly Batch[]): Promise<void> {
    const all = { ...this.stored() };
    if (batches.length) all[name] = [...batches];
    else delete all[name];
    await this.deps.memento.update(BATCHES_KEY, all);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    for (const b of this.books.values()) b.dispose();
    this.changed.dispose();
  }
}

/** Says that parts of a batch failed: one message per variant (word order differs between languages). */
function partsFailedText(
  failed: number,
  kind: string,
  range: string,
  reason: string | undefined,
): string {
  const count = failed.toLocaleString(displayLocale());
  if (failed === 1)
    return reason
      ? vscode.l10n.t({
          message:
            'A part of the {kind} export for {range} failed: {reason} The other parts keep their orders.',
          args: { kind, range, reason },
          comment: [
            '{kind} is a kind of export as it reads inside a sentence, e.g. "chat interactions"',
          ],
        })
      : vscode.l10n.t({
          message:
            'A part of the {kind} export for {range} failed. The other parts keep their orders.',
          args: { kind, range },
          comment: [
            '{kind} is a kind of export as it reads inside a sentence, e.g. "chat interactions"',
          ],
        });
  return reason
    ? vscode.l10n.t({
        message:
          '{count} parts of the {kind} export for {range} failed: {reason} The other parts keep their orders.',
        args: { count, kind, range, reason },
        comment: [
          '{kind} is a kind of export as it reads inside a sentence, e.g. "chat interactions"',
        ],
      })
    : vscode.l10n.t({
        message:
          '{count} parts of the {kind} export for {range} failed. The other parts keep their orders.',
        args: { count, kind, range },
        comment: [
          '{kind} is a kind of export as it reads inside a sentence, e.g. "chat interactions"',
        ],
      });
}

/** Whether a server window covers exactly these Zurich days. */
function sameDays(window: { start?: string; end?: string } | undefined, days: DateRange): boolean {
  const r = window ? dateRangeOf(window) : undefined;
  return !!r && r.start === days.start && r.end === days.end;
}
