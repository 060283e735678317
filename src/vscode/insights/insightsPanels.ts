// The Insights tabs of this window, one per CSV file (asking again reveals the open one), and what they need
// from the rest of the extension: the cache, the `maskEmails` setting, and the active connection's orders and
// downloads for "Compare with previous period".
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { csvFileName } from '../../core/downloads/csvFiles';
import { CommandIds, ViewIds } from '../../core/ids';
import { type Order, orderDateRange, toState, toType } from '../../core/orders/order';
import { workerRunner } from '../../core/insights/partRunner';
import type { RunPart } from '../../core/insights/parts';
import type { PartWorkerData } from '../../core/insights/partWorker';
import type { Logger } from '../../core/ports';
import type { ConnectionOrders } from '../connections/connectionOrders';
import { webviewL10n } from '../l10nSetup';
import { InsightsCache } from './insightsCache';
import { InsightsPanel, type InsightsSubject, type InsightsTraffic } from './insightsPanel';

export class InsightsPanels implements vscode.Disposable {
  private readonly open = new Map<string, InsightsPanel>();
  private readonly cache: InsightsCache;
  private readonly traffic = new vscode.EventEmitter<InsightsTraffic>();
  /** Every message between an Insights webview and the host (integration tests read the conversation). */
  readonly onDidMessage = this.traffic.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
    private readonly masked: () => boolean,
    private readonly orders: () => ConnectionOrders,
  ) {
    this.cache = new InsightsCache(
      vscode.Uri.joinPath(context.globalStorageUri, 'insights').fsPath,
      vscode.env.language,
    );
  }

  /** Shows the Insights of a file (computing them, or from the cache). */
  show(subject: InsightsSubject): InsightsPanel {
    const existing = this.open.get(subject.file);
    if (existing) {
      existing.reveal(subject);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      ViewIds.insights,
      vscode.l10n.t('Insights · {0}', path.basename(subject.file)),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      // State is restored by the page itself (setState) and the report comes from the cache when shown again.
      { retainContextWhenHidden: false, enableFindWidget: true },
    );
    const insights = new InsightsPanel(panel, subject, {
      extensionUri: this.context.extensionUri,
      log: this.log,
      cache: this.cache,
      masked: this.masked,
      tap: (t) => this.traffic.fire(t),
      runPart: this.partRunner(),
      // One part per core, at most 4 (the pass reads the file once per part).
      parts: Math.min(4, availableParallelism()),
      findDownloaded: (type, first, last) => this.findDownloaded(type, first, last),
      order: async (type, first, last) =>
        (await vscode.commands.executeCommand<string | undefined>(CommandIds.startExport, {
          type,
          range: { start: first, end: last },
        })) ?? undefined,
    });
    this.open.set(subject.file, insights);
    insights.onDidClose(() => this.open.delete(subject.file));
    return insights;
  }

  /** Runs a part in a worker thread, which gets the display language with its part (partWorker.ts). */
  private partRunner(): RunPart {
    const run = workerRunner(
      vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'insightsWorker.js').fsPath,
    );
    return (spec, onProgress, signal) => {
      const data: PartWorkerData = { ...spec, l10n: webviewL10n() };
      return run(data, onProgress, signal);
    };
  }

  /** Redraw every open tab (the `maskEmails` setting changed). */
  redrawAll(): void {
    for (const p of this.open.values()) void p.compute();
  }

  /**
   * A downloaded export of this type and window: by its order when the order is still listed, else by the
   * file name the download gave it (`<kind>_<first>_<last>_<id>.csv`).
   */
  private async findDownloaded(
    type: string,
    first: string,
    last: string,
  ): Promise<string | undefined> {
    const watcher = this.orders();
    const probe: Order = {
      id: 'x',
      type: toType(type),
      state: toState('DONE'),
      optimistic: { requestedRange: { start: first, end: last } },
    };
    const prefix = csvFileName(probe).replace(/x\.csv$/, '');
    for (const { orderId, entry } of await watcher.index.all()) {
      const order = watcher.store.get(orderId);
      const range = order ? orderDateRange(order) : undefined;
      const byOrder = order?.type.raw === type && range?.start === first && range.end === last;
      if (byOrder || path.basename(entry.path).startsWith(prefix)) return entry.path;
    }
    return undefined;
  }

  dispose(): void {
    for (const p of [...this.open.values()]) p.panel.dispose();
    this.traffic.dispose();
  }
}
