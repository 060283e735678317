// One Insights tab per CSV file: computes the report (core/insights, one pass, cancellable, with a progress
// bar) or takes it from the cache, and answers the webview: copy a card as Markdown, save a chart as PNG or
// SVG, export a notebook, open the table, and compare with the previous period (a downloaded export of the
// adjacent window, or one ordered now). The webview only draws; every number comes from here. With the
// `maskEmails` setting, every text the webview shows is masked (the file and the cache are not).
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatSelection } from '../../core/csv/copy';
import { compareChat, previousWindow } from '../../core/insights/compare';
import { computeInsightsParallel, type RunPart } from '../../core/insights/parts';
import { insightsNotebook } from '../../core/insights/notebook';
import { UnreadableCsvError } from '../../core/insights/rowStream';
import { ViewIds } from '../../core/ids';
import { displayLocale } from '../../core/l10n/locale';
import type { Logger } from '../../core/ports';
import { maskEmails } from '../../core/trust/maskEmails';
import type {
  Comparison,
  DataTable,
  HostToInsights,
  InsightCard,
  InsightsReport,
  InsightsToHost,
} from '../../shared/insightsMessages';
import { webviewL10n } from '../l10nSetup';
import { type CachedInsights, InsightsCache } from './insightsCache';
import { insightsHtml } from './insightsHtml';

export type InsightsTraffic =
  | { readonly file: string; readonly from: 'webview'; readonly message: InsightsToHost }
  | { readonly file: string; readonly from: 'host'; readonly message: HostToInsights };

/** What the panel needs from the rest of the extension (orders, downloads). */
export interface InsightsWorld {
  readonly extensionUri: vscode.Uri;
  readonly log: Logger;
  readonly cache: InsightsCache;
  readonly masked: () => boolean;
  readonly tap: (t: InsightsTraffic) => void;
  /** Runs a part of a split pass (a worker thread), and how many parts to split into (the cores). */
  readonly runPart: RunPart;
  readonly parts: number;
  /** A downloaded export's file of this order type and window (Zurich days), if one is on disk. */
  findDownloaded(orderType: string, first: string, last: string): Promise<string | undefined>;
  /** Orders an export; resolves to the new order's id, or undefined when not started. */
  order(orderType: string, first: string, last: string): Promise<string | undefined>;
}

export interface InsightsSubject {
  readonly file: string;
  /** The order's type, when the file is a known order's download. */
  readonly orderType?: string;
  /** The order's window (Zurich days), when known: the compare's previous period follows from it. */
  readonly window?: { readonly first: string; readonly last: string };
}

/** How often progress goes to the webview at most. */
const PROGRESS_MS = 100;

export class InsightsPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private run: AbortController | undefined;
  private last: HostToInsights | undefined;
  private current: CachedInsights | undefined;
  private cached = false;
  private compared: Extract<HostToInsights, { type: 'compare' }> | undefined;
  private readonly closed = new vscode.EventEmitter<void>();
  readonly onDidClose = this.closed.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private subject: InsightsSubject,
    private readonly world: InsightsWorld,
  ) {
    const dist = vscode.Uri.joinPath(world.extensionUri, 'dist');
    panel.webview.options = {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [dist],
    };
    panel.webview.html = insightsHtml(
      panel.webview,
      dist,
      path.basename(subject.file),
      webviewL10n(),
    );
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: InsightsToHost) => {
        this.world.tap({ file: this.subject.file, from: 'webview', message: m });
        void this.receive(m).catch((e: unknown) => this.failed(e));
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    void this.compute();
  }

  get file(): string {
    return this.subject.file;
  }

  /** The same file asked for again (maybe now with its order's type and window): show, recompute if changed. */
  reveal(subject: InsightsSubject): void {
    this.subject = { ...this.subject, ...subject };
    this.panel.reveal();
    void this.compute();
  }

  private post(message: HostToInsights): void {
    if (message.type !== 'note') this.last = message;
    this.world.tap({ file: this.subject.file, from: 'host', message });
    void this.panel.webview.postMessage(message);
  }

  private async receive(m: InsightsToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        // A new page (first load, or shown again after hiding): what it should show now.
        if (this.current) this.postReport();
        else if (this.last) this.post(this.last);
        if (this.compared) this.post(this.compared);
        return;
      case 'cancel':
        this.run?.abort();
        return;
      case 'retry':
        return this.compute();
      case 'copyMarkdown':
        return this.copyMarkdown(m.cardId);
      case 'savePng':
        return this.saveImage(m.cardId, 'png', m.dataUrl);
      case 'saveSvg':
        return this.saveImage(m.cardId, 'svg', m.svg);
      case 'exportNotebook':
        return this.exportNotebook();
      case 'compare':
        return this.compare();
      case 'openTable':
        await vscode.commands.executeCommand(
          'vscode.openWith',
          vscode.Uri.file(this.subject.file),
          ViewIds.table,
          {
            viewColumn: vscode.ViewColumn.Beside,
          },
        );
        return;
    }
  }

  /** Computes (or takes from the cache) the report of the file as it is now. */
  async compute(): Promise<void> {
    this.run?.abort();
    const run = new AbortController();
    this.run = run;
    const file = this.subject.file;
    const key = await InsightsCache.keyOf(file);
    if (!key) {
      this.current = undefined;
      this.post({
        type: 'problem',
        kind: 'unreadable',
        message: vscode.l10n.t(
          '{0} is no longer there. Download the export again to see its insights.',
          file,
        ),
      });
      return;
    }
    const hit = await this.world.cache.get(file, key);
    if (run.signal.aborted) return;
    if (hit) {
      this.current = hit;
      this.cached = true;
      this.postReport();
      return;
    }
    let lastPost = 0;
    const fileName = path.basename(file);
    this.post({ type: 'progress', bytes: 0, total: Number(key.split(':')[0]), fileName });
    try {
      const t0 = Date.now();
      const fresh = await this.computeFresh(file, this.subject.orderType, {
        signal: run.signal,
        onProgress: (bytes, total) => {
          const now = Date.now();
          if (now - lastPost < PROGRESS_MS) return;
          lastPost = now;
          this.post({ type: 'progress', bytes, total, fileName });
        },
      });
      if (run.signal.aborted) return;
      this.world.log.info(
        `Insights of ${fileName}: ${fresh.insights.report.rows} rows in ${Date.now() - t0} ms (${fresh.insights.report.kindLabel}, ${fresh.parts} part${fresh.parts === 1 ? '' : 's'}).`,
      );
      this.current = fresh.insights;
      this.cached = false;
      this.postReport();
      await this.remember(file, key, fresh.insights);
    } catch (e) {
      if (run.signal.aborted || (e instanceof Error && e.name === 'AbortError')) {
        if (this.run === run)
          this.post({
            type: 'problem',
            kind: 'cancelled',
            message: vscode.l10n.t('Computing the insights was cancelled.'),
          });
        return;
      }
      this.current = undefined;
      if (e instanceof UnreadableCsvError)
        this.post({
          type: 'problem',
          kind: 'unreadable',
          message: vscode.l10n.t({
            message: '{0}: {1}',
            args: [fileName, e.message],
            comment: ['a file name, then why it cannot be read'],
          }),
        });
      else this.failed(e);
    }
  }

  private failed(e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    this.world.log.error(`Insights of ${this.subject.file}: ${message}`);
    this.post({
      type: 'problem',
      kind: 'failed',
      message: vscode.l10n.t('Something went wrong: {0}', message),
    });
  }

  private postReport(): void {
    const c = this.current;
    if (!c) return;
    this.post({
      type: 'report',
      report: this.world.masked() ? maskReport(c.report) : c.report,
      cached: this.cached,
      canCompare:
        c.report.kind === 'chat' && c.basis !== undefined && this.windowOf(c.report) !== undefined,
    });
  }

  /** The order's window when known, else the days the file covers. */
  private windowOf(report: InsightsReport): { first: string; last: string } | undefined {
    return this.subject.window ?? report.window;
  }

  private card(cardId: string): InsightCard | undefined {
    return this.current?.report.cards.find((c) => c.id === cardId);
  }

  private note(text: string): void {
    this.post({ type: 'note', text });
  }

  private async copyMarkdown(cardId: string): Promise<void> {
    const card = this.card(cardId);
    if (!card?.table) return this.note(vscode.l10n.t('This card has no data to copy.'));
    const table = this.world.masked() ? maskTable(card.table) : card.table;
    const header = table.columns.map((c) => c.name);
    const rows = table.rows.map((r) => r.map((v) => (v === null ? '' : String(v))));
    await vscode.env.clipboard.writeText(
      formatSelection(rows, header, { start: 0, end: header.length - 1 }, 'markdown'),
    );
    this.note(
      rows.length === 1
        ? vscode.l10n.t('Copied "{0}" as a Markdown table (1 row).', card.title)
        : vscode.l10n.t(
            'Copied "{0}" as a Markdown table ({1} rows).',
            card.title,
            rows.length.toLocaleString(displayLocale()),
          ),
    );
  }

  private async saveImage(cardId: string, kind: 'png' | 'svg', data: string): Promise<void> {
    const card = this.card(cardId);
    let bytes: Buffer;
    if (kind === 'png') {
      const prefix = 'data:image/png;base64,';
      bytes = data.startsWith(prefix)
        ? Buffer.from(data.slice(prefix.length), 'base64')
        : Buffer.alloc(0);
      if (bytes.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a')
        return this.note(vscode.l10n.t('The chart could not be drawn as a PNG.'));
    } else {
      if (!/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(data))
        return this.note(vscode.l10n.t('The chart could not be drawn as SVG.'));
      bytes = Buffer.from(data, 'utf8');
    }
    const base = `${path.basename(this.subject.file, '.csv')} - ${slug(card?.title ?? cardId)}.${kind}`;
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(path.join(path.dirname(this.subject.file), base)),
      filters:
        kind === 'png'
          ? { [vscode.l10n.t('PNG image')]: ['png'] }
          : { [vscode.l10n.t('SVG image')]: ['svg'] },
      title: saveTitle(kind, card?.title),
    });
    if (!target) return;
    await writeFile(target.fsPath, bytes);
    this.note(vscode.l10n.t('Saved {0}.', path.basename(target.fsPath)));
  }

  private async exportNotebook(): Promise<void> {
    const report = this.current?.report;
    if (!report) return;
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(this.subject.file.replace(/\.csv$/i, '') + ' insights.ipynb'),
      filters: { [vscode.l10n.t('Jupyter notebook')]: ['ipynb'] },
      title: vscode.l10n.t('Export the insights as a notebook'),
    });
    if (!target) return;
    await writeFile(target.fsPath, insightsNotebook(report, this.subject.file));
    this.note(
      vscode.l10n.t(
        'Saved {0}: pandas code that recomputes these numbers.',
        path.basename(target.fsPath),
      ),
    );
  }

  /** Compare with the adjacent earlier window: a downloaded export of it, or ordered now. */
  private async compare(): Promise<void> {
    const c = this.current;
    const window = c ? this.windowOf(c.report) : undefined;
    if (!c?.basis || !window)
      return this.note(
        vscode.l10n.t('Compare works on chat-interaction exports with a known period.'),
      );
    const prev = previousWindow(window.first, window.last);
    const type = this.subject.orderType ?? 'CHAT_INTERACTION';
    const label = `${prev.first} – ${prev.last}`;
    let file = await this.world.findDownloaded(type, prev.first, prev.last);
    if (!file) {
      const choice = await vscode.window.showQuickPick(
        [
          {
            label: vscode.l10n.t({
              message: '$(cloud-download) Order the previous period ({0})',
              args: [label],
              comment: ['{0} is a date range: first day – last day'],
            }),
            id: 'order',
          },
          { label: vscode.l10n.t('$(file) Choose a downloaded CSV…'), id: 'pick' },
        ],
        {
          title: vscode.l10n.t('Compare with the previous period'),
          placeHolder: vscode.l10n.t({
            message: 'No export of {0} is downloaded.',
            args: [label],
            comment: ['{0} is a date range: first day – last day'],
          }),
        },
      );
      if (!choice) return this.note('');
      if (choice.id === 'order') {
        const id = await this.world.order(type, prev.first, prev.last);
        if (id)
          this.note(
            vscode.l10n.t({
              message:
                'Ordered the previous period ({0}). When it is finished and downloaded, compare again.',
              args: [label],
              comment: ['{0} is a date range: first day – last day'],
            }),
          );
        return;
      }
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        filters: { CSV: ['csv'] },
        defaultUri: vscode.Uri.file(path.dirname(this.subject.file)),
        title: vscode.l10n.t({
          message: 'The export of {0} to compare with',
          args: [label],
          comment: ['{0} is a date range: first day – last day'],
        }),
      });
      if (!picked?.[0]) return this.note('');
      file = picked[0].fsPath;
    }
    this.note(vscode.l10n.t('Comparing with {0}…', path.basename(file)));
    const previous = await this.insightsOf(file, type);
    if (!previous.basis)
      return this.note(
        vscode.l10n.t('{0} is not a chat-interactions export.', path.basename(file)),
      );
    const comparison: Comparison = compareChat(c.basis, previous.basis, {
      current: { ...window, days: prev.days },
      ...(previous.report.window ? { previous: previous.report.window } : {}),
    });
    this.compared = {
      type: 'compare',
      previous: this.world.masked() ? maskReport(previous.report) : previous.report,
      comparison: this.world.masked()
        ? { ...comparison, assistants: maskTable(comparison.assistants) }
        : comparison,
    };
    this.post(this.compared);
    this.note('');
  }

  private async insightsOf(file: string, orderType: string): Promise<CachedInsights> {
    const key = await InsightsCache.keyOf(file);
    const hit = key ? await this.world.cache.get(file, key) : undefined;
    if (hit) return hit;
    const { insights } = await this.computeFresh(file, orderType);
    if (key) await this.remember(file, key, insights);
    return insights;
  }

  /** One pass over the file (split over the cores where that pays): the report and its compare basis. */
  private async computeFresh(
    file: string,
    orderType: string | undefined,
    options: { signal?: AbortSignal; onProgress?: (bytes: number, total: number) => void } = {},
  ): Promise<{ insights: CachedInsights; parts: number }> {
    const { report, basis, parts } = await computeInsightsParallel(file, {
      ...(orderType ? { orderType } : {}),
      parts: this.world.parts,
      runPart: this.world.runPart,
      ...options,
    });
    return { insights: { report, ...(basis ? { basis } : {}) }, parts };
  }

  /** Keeps the insights of this file version; a cache that cannot be written only costs the next open. */
  private async remember(file: string, key: string, insights: CachedInsights): Promise<void> {
    await this.world.cache
      .set(file, key, insights)
      .catch((e: unknown) =>
        this.world.log.warn(`Insights cache: ${e instanceof Error ? e.message : String(e)}`),
      );
  }

  dispose(): void {
    this.run?.abort();
    for (const d of this.disposables) d.dispose();
    this.closed.fire();
    this.closed.dispose();
  }
}

/** The save dialog's title for a chart (its card's title when known). */
function saveTitle(kind: 'png' | 'svg', title: string | undefined): string {
  if (title === undefined)
    return kind === 'png'
      ? vscode.l10n.t('Save the chart as PNG')
      : vscode.l10n.t('Save the chart as SVG');
  return kind === 'png'
    ? vscode.l10n.t('Save "{0}" as PNG', title)
    : vscode.l10n.t('Save "{0}" as SVG', title);
}

function slug(text: string): string {
  return (
    text
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
      .slice(0, 60) || 'chart'
  );
}

function maskTable(t: DataTable): DataTable {
  return {
    ...t,
    rows: t.rows.map((r) => r.map((v) => (typeof v === 'string' ? maskEmails(v) : v))),
  };
}

/** Every text of a report as the webview shows it with `maskEmails` on. */
export function maskReport(r: InsightsReport): InsightsReport {
  return {
    ...r,
    cards: r.cards.map((c) => ({
      ...c,
      title: maskEmails(c.title),
      description: maskEmails(c.description),
      ...(c.facts
        ? {
            facts: c.facts.map((f) => ({
              ...f,
              value: typeof f.value === 'string' ? maskEmails(f.value) : f.value,
            })),
          }
        : {}),
      ...(c.table ? { table: maskTable(c.table) } : {}),
    })),
  };
}
