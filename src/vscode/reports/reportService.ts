// Saved reports at run time: "Run Report" places the export (one order, or a batch when the period is longer
// than one order allows), remembers the run in global state, and once the order is done (downloaded straight
// to the report's file) or the batch is merged (copied there), saves `<folder>/<file name>.csv` and says so.
// Scheduled reports run from here too: once a minute the window holding the lease runs what is due, never
// without a working connection (the status bar says when one is waiting).
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { resolveInside } from '../../core/downloads/csvFiles';
import { todayInZurich } from '../../core/dateRange';
import { CommandIds, ViewIds } from '../../core/ids';
import { displayLocale } from '../../core/l10n/locale';
import {
  parseReports,
  reportFileName,
  resolveRange,
  type ParsedReports,
  type ReportDefinition,
} from '../../core/reports/report';
import { dueReports, parseRuns, type ReportRun } from '../../core/reports/reportRuns';
import type { BatchService } from '../batches/batchService';
import type { WindowLease } from '../batches/windowLease';
import type { ConnectionOrders } from '../connections/connectionOrders';
import { copyCompleteFile } from '../flows/atomicCopy';
import { saveCsvTo } from '../flows/csvDownload';
import type { FlowDeps } from '../flows/deps';
import { resolveDownloadFolder } from '../flowWiring';
import type { Notifier } from '../notifier';
import type { SettingsReader } from '../settings';
import type { SetupController } from '../setupController';

export const REPORT_RUNS_KEY = 'uniqueAnalytics.reportRuns';
export const REPORT_LAST_RUN_KEY = 'uniqueAnalytics.reportLastRun';
const TICK_MS = 60_000;

export interface ReportServiceDeps {
  readonly memento: vscode.Memento;
  readonly settings: SettingsReader;
  readonly watcher: ConnectionOrders;
  readonly batches: BatchService;
  readonly lease: WindowLease;
  readonly setup: SetupController;
  readonly flows: FlowDeps;
  readonly notifier: Notifier;
  readonly log: vscode.LogOutputChannel;
}

export class ReportService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** The reports setting changed, a run started or ended, or a schedule came due. */
  readonly onDidChange = this.changed.event;
  private readonly status = vscode.window.createStatusBarItem(
    'uniqueAnalytics.reportsWaiting',
    vscode.StatusBarAlignment.Left,
    9,
  );
  private readonly subscriptions: vscode.Disposable[];
  private timer: ReturnType<typeof setInterval> | undefined;
  private finishing = new Set<string>();
  private ticking = false;
  /** Reports due but not run because no working connection is there, for the view and status bar. */
  waiting: readonly string[] = [];

  constructor(private readonly deps: ReportServiceDeps) {
    this.status.name = vscode.l10n.t('Unique Analytics reports');
    this.status.command = `${ViewIds.reports}.focus`;
    this.subscriptions = [
      this.status,
      deps.settings.onDidChange(({ changed }) => {
        if (changed.has('reports')) {
          this.changed.fire();
          void this.tick();
        }
      }),
      deps.watcher.onDidChangeOrdersAnywhere(() => void this.finishReady()),
      deps.batches.onDidChange(() => void this.finishReady()),
      deps.lease.onDidChange(() => void this.tick()),
      deps.setup.onDidChange(() => void this.tick()),
    ];
    this.timer = setInterval(() => void this.tick(), TICK_MS);
  }

  parsed(): ParsedReports {
    return parseReports(this.deps.settings.current.reports);
  }

  /** Runs in progress. */
  runs(): ReportRun[] {
    return parseRuns(this.deps.memento.get(REPORT_RUNS_KEY));
  }

  /** Whether the order is a report run's (it is announced as the report, not on its own). */
  owns(orderId: string): boolean {
    return this.runs().some((r) => r.orderId === orderId);
  }

  lastRunDay(name: string): string | undefined {
    return this.lastRuns()[name.toLowerCase()];
  }

  /** Places the report's export for `day` (default today in Zurich); resolves to the order or batch id. */
  async run(def: ReportDefinition, day = todayInZurich(new Date())): Promise<string | undefined> {
    const range = resolveRange(def.range, day);
    const target = resolveInside(this.folderFor(def), reportFileName(def, range));
    const id = await vscode.commands.executeCommand<string | undefined>(CommandIds.startExport, {
      type: def.type,
      range,
      ...(def.assistantId ? { assistantId: def.assistantId } : {}),
      split: true,
    });
    if (!id) return undefined;
    const run: ReportRun = {
      report: def.name,
      connection: this.deps.watcher.connection,
      day,
      range,
      target,
      ...(id.startsWith('batch-') ? { batchId: id } : { orderId: id }),
    };
    await this.deps.memento.update(REPORT_RUNS_KEY, [...this.runs(), run]);
    this.deps.log.info(
      `Report "${def.name}" for ${range.start}..${range.end}: placed (${id}); it will be saved as ${target}.`,
    );
    this.changed.fire();
    return id;
  }

  /** Where a report's file goes: its folder (`~` and relative paths as the download folder reads them), else the download folder. */
  folderFor(def: ReportDefinition): string {
    if (!def.folder?.trim()) return this.deps.flows.downloadFolder();
    return resolveDownloadFolder(
      def.folder,
      this.deps.flows.downloadFolder(),
      vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath,
      os.homedir(),
    );
  }

  /** Runs what is due, in the window holding the lease, with a working connection. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const due = dueReports(this.parsed().reports, todayInZurich(new Date()), this.lastRuns());
      const ready = this.deps.setup.current === 'ready';
      const waiting = due.length > 0 && !ready ? [...new Set(due.map((d) => d.def.name))] : [];
      this.setWaiting(waiting);
      if (!due.length || !ready || !this.deps.lease.held) return;
      for (const { def, day } of due) {
        this.deps.log.info(`Report "${def.name}" is due for ${day}; running it.`);
        // Recorded before placing: a failure is reported, not retried every minute.
        await this.setLastRun(def.name, day);
        await this.run(def, day);
      }
    } catch (e) {
      this.deps.log.warn(`Scheduled reports: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.ticking = false;
    }
  }

  /** What the status bar item says while shown (tests and screenshots read it; hidden: undefined). */
  statusText(): string | undefined {
    return this.waiting.length ? this.status.text : undefined;
  }

  private setWaiting(names: readonly string[]): void {
    const before = this.waiting.join('\n');
    this.waiting = names;
    if (names.length) {
      this.status.text =
        names.length === 1
          ? vscode.l10n.t('$(calendar) 1 report waiting')
          : vscode.l10n.t(
              '$(calendar) {0} reports waiting',
              names.length.toLocaleString(displayLocale()),
            );
      this.status.tooltip = vscode.l10n.t({
        message: 'Due, waiting for a working connection: {0}. They run once it works.',
        args: [names.join(', ')],
        comment: ['{0} lists the names of reports'],
      });
      this.status.show();
    } else this.status.hide();
    if (before !== names.join('\n')) this.changed.fire();
  }

  /** Saves each run whose order is done or whose batch is merged. */
  private async finishReady(): Promise<void> {
    for (const run of this.runs()) {
      const key = run.orderId ?? run.batchId ?? '';
      if (this.finishing.has(key)) continue;
      const store = this.deps.watcher.watcherOf(run.connection).store;
      if (run.orderId) {
        const order = store.get(run.orderId);
        if (order?.state.known === 'ERROR') {
          await this.dropRun(run);
          this.deps.notifier.show(
            'warning',
            vscode.l10n.t(
              'Report "{0}" failed on the server. Run it again from the Reports section.',
              run.report,
            ),
          );
        }
        if (order?.state.known !== 'DONE') continue;
        this.finishing.add(key);
        try {
          const saved = await saveCsvTo(this.deps.flows, order, run.target);
          if (saved) await this.saved(run, saved.path);
        } catch (e) {
          this.deps.notifier.show('warning', notSaved(run, e));
        } finally {
          this.finishing.delete(key);
        }
      } else if (run.batchId) {
        const batch = this.deps.batches.listOf(run.connection).find((b) => b.id === run.batchId);
        if (!batch?.merged) continue;
        this.finishing.add(key);
        try {
          await copyCompleteFile(batch.merged.path, run.target, batch.merged.bytes);
          await this.saved(run, run.target);
        } catch (e) {
          this.deps.notifier.show('warning', notSaved(run, e));
        } finally {
          this.finishing.delete(key);
        }
      }
    }
  }

  private async saved(run: ReportRun, file: string): Promise<void> {
    await this.dropRun(run);
    this.deps.log.info(`Report "${run.report}" saved as ${file}.`);
    const open = vscode.l10n.t({ message: 'Open', comment: ['verb: open the CSV in an editor'] });
    const reveal = vscode.l10n.t({
      message: 'Reveal',
      comment: ['button: show the file in the file manager'],
    });
    this.deps.notifier.show(
      'info',
      vscode.l10n.t('Report "{0}" saved as {1}.', run.report, path.basename(file)),
      [open, reveal],
      (a) =>
        a === open
          ? vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file))
          : vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(file)),
    );
  }

  private async dropRun(run: ReportRun): Promise<void> {
    const rest = this.runs().filter(
      (r) => !(r.report === run.report && r.orderId === run.orderId && r.batchId === run.batchId),
    );
    await this.deps.memento.update(REPORT_RUNS_KEY, rest);
    this.changed.fire();
  }

  private lastRuns(): Record<string, string> {
    const v = this.deps.memento.get<unknown>(REPORT_LAST_RUN_KEY);
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, string>)
      : {};
  }

  private async setLastRun(name: string, day: string): Promise<void> {
    const all = this.lastRuns();
    const key = name.toLowerCase();
    if (all[key] !== undefined && all[key] >= day) return;
    await this.deps.memento.update(REPORT_LAST_RUN_KEY, { ...all, [key]: day });
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

function notSaved(run: ReportRun, e: unknown): string {
  return vscode.l10n.t(
    'Report "{0}" could not be saved: {1}',
    run.report,
    e instanceof Error ? e.message : String(e),
  );
}
