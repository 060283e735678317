// What every fault-matrix cell works with: the running extension's test API, the fake server, the download
// folder, the orders set aside per row, and the shared assertions (one clear message, rows kept, no token).
import * as assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import * as vscode from 'vscode';
import { SettingKeys } from '../../../src/core/ids';
import type { UniqueAnalyticsTestApi } from '../../../src/extension';
import type { ShownMessage } from '../../../src/vscode/notifier';
import type { FakeServer, RouteKind } from '../../fakeServer/server';
import { setSetting, waitFor } from './extension';
import { ROUTE, WHAT_TO_DO, type Op, type Row } from './faultMatrixRows';

export class MatrixWorld {
  /** Per row name: an order to download, and one (downloaded in advance) to delete after download. */
  readonly downloadOrder = new Map<string, string>();
  readonly deleteOrder = new Map<string, string>();
  /** Start requests that should have reached the server, and starts that went through. */
  startRequestsSent = 0;
  successfulStarts = 0;

  constructor(
    readonly api: UniqueAnalyticsTestApi,
    readonly server: FakeServer,
    readonly folder: string,
  ) {}

  count(route: RouteKind): number {
    return this.server.requests.filter((r) => r.route === route).length;
  }

  /** Arrival times of list requests at the server (polls, checks, Load More). */
  listTimes(): number[] {
    return this.server.requests.filter((r) => r.route === 'list').map((r) => r.time);
  }

  orderIds(): string[] {
    return this.api.orders().map((o) => o.id);
  }

  treeIds(): string[] {
    return this.api.treeNodes().flatMap((n) => (n.kind === 'order' ? [n.id] : []));
  }

  /** Files in the download folder belonging to `id` (final or temporary). */
  async filesOf(id: string): Promise<string[]> {
    return (await readdir(this.folder)).filter((f) => f.includes(id));
  }

  async cmd<T>(id: string, ...args: unknown[]): Promise<T> {
    return vscode.commands.executeCommand<T>(id, ...args);
  }

  /** A mark to find the messages shown after it (by identity: the history is capped). */
  seenNow(): Set<ShownMessage> {
    return new Set(this.api.messages());
  }

  newMessages(seen: Set<ShownMessage>): ShownMessage[] {
    return this.api.messages().filter((m) => !seen.has(m));
  }

  newProblems(seen: Set<ShownMessage>): ShownMessage[] {
    return this.newMessages(seen).filter((m) => m.severity !== 'info');
  }

  assertSafe(text: string, where: string): void {
    assert.ok(!text.includes(this.server.token), `${where}: the token leaked`);
    assert.doesNotMatch(text, /\n\s+at |\bat .+\.js:\d+:\d+/, `${where}: a stack trace`);
  }

  /** Exactly one problem message starting with `prefix`, matching `says` and saying what to do. */
  oneProblem(seen: Set<ShownMessage>, prefix: RegExp, says: RegExp): string {
    const mine = this.newProblems(seen).filter((m) => prefix.test(m.text));
    assert.equal(
      mine.length,
      1,
      `expected one message like ${prefix}, got: ${JSON.stringify(this.newMessages(seen))}`,
    );
    const text = mine[0].text;
    assert.match(text, says);
    assert.match(text, WHAT_TO_DO, `says what to do: ${text}`);
    this.assertSafe(text, 'message');
    return text;
  }

  noProblems(seen: Set<ShownMessage>, what: string): void {
    assert.deepEqual(this.newProblems(seen), [], `${what}: no problem message expected`);
  }

  assertNoNewRows(before: readonly string[]): void {
    assert.deepEqual(
      this.orderIds().filter((id) => !before.includes(id)),
      [],
      'no row appeared for a failed operation',
    );
  }

  /**
   * A failure must not drop rows. A row the server itself no longer has (the odd order that only a
   * faulted list answer carried) may go with any regular poll that lands meanwhile: under load a long
   * row (the 2 GB download) spans polls, and dropping it then is right.
   */
  assertKeepsRows(before: readonly string[]): void {
    const now = this.orderIds();
    assert.deepEqual(
      before.filter((id) => !now.includes(id) && this.server.order(id) !== undefined),
      [],
      'the list keeps its last known orders',
    );
  }

  /** After a list answer with unknown values (the fake's `unknownValues` fault): the odd order is kept and shown as it came. */
  async assertUnknownValuesShown(): Promise<void> {
    const mystery = this.api.orders().find((o) => o.state.raw === 'QUANTUM');
    assert.ok(mystery, 'the order of an unknown state is kept');
    assert.equal(mystery.type.raw, 'MYSTERY_EXPORT');
    const at = this.api.treeNodes().findIndex((n) => n.kind === 'order' && n.id === mystery.id);
    assert.ok(at >= 0, 'and shown');
    const item = (await this.api.treeItems())[at];
    const shown = JSON.stringify([item.label, item.description, item.tooltip]);
    assert.match(shown, /quantum/i, 'its state is shown as it came');
    assert.match(shown, /mystery/i, 'its type is shown as it came');
  }

  /** The CSV bytes the server serves for `id`, fetched directly (not through the code under test). */
  async serverCsv(id: string): Promise<Buffer> {
    const res = await fetch(
      `${this.server.url}/analytics/analytics-scheduler/download/${encodeURIComponent(id)}`,
      {
        headers: { authorization: `Bearer ${this.server.token}` },
      },
    );
    assert.equal(res.status, 200, `direct download of ${id}`);
    return Buffer.from(await res.arrayBuffer());
  }

  /** Stops the fake server; `start()` brings it back on the same port (same orders, same token). */
  stop(): Promise<void> {
    return this.server.stop();
  }

  start(): Promise<void> {
    return this.server.listen(this.server.port);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Waits until the poller is neither polling nor about to, so list-route faults reach the intended request. */
  async quietWindow(): Promise<void> {
    await waitFor(
      'a quiet moment between polls',
      () => {
        const s = this.api.pollStatus();
        return (
          s.state !== 'polling' && (s.nextPollAt === undefined || s.nextPollAt - Date.now() > 3000)
        );
      },
      20_000,
    );
  }

  /**
   * Arms the row's fault for one request of `op`, right before the cell sends it (so, e.g., the connection
   * check's probe of the download route cannot take the download cell's fault). A concurrent row arms
   * all its faults at once instead (armConcurrent).
   */
  arm(row: Row, op: Op): void {
    if (row.fault && !row.concurrent)
      this.server.addFault({ on: ROUTE[op], times: 1, fault: row.fault(op) });
  }

  /** Requests sent at once: one spec per route with as many uses as requests (delays of separate specs add up). */
  armConcurrent(row: Row, ops: readonly Op[]): void {
    if (!row.fault) return;
    const uses = new Map<string, number>();
    for (const op of ops) {
      const key = JSON.stringify([ROUTE[op], row.fault(op)]);
      uses.set(key, (uses.get(key) ?? 0) + 1);
    }
    for (const [key, times] of uses) {
      const [on, fault] = JSON.parse(key) as [
        Exclude<RouteKind, 'other'>,
        NonNullable<ReturnType<NonNullable<Row['fault']>>>,
      ];
      this.server.addFault({ on, times, fault });
    }
  }

  async deleteAfterDownload<T>(on: boolean, fn: () => Promise<T>): Promise<T> {
    await setSetting(SettingKeys.deleteAfterDownload, on);
    await waitFor(
      'deleteAfterDownload applied',
      () => this.api.settings().deleteAfterDownload === on,
    );
    return fn();
  }
}
