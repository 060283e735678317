// The Insights webview (bundled by esbuild into dist/webview/insights.js; its host is src/vscode/insights/).
// The host computes every figure (src/core/insights/) and sends typed messages (src/shared/insightsMessages.ts);
// this page lays them out as cards with charts, and sends back what the user asks for. It never sets text as
// HTML and needs nothing the CSP forbids: charts are drawn by Vega's interpreter (charts.ts), styles come from
// insights.css and the CSSOM only. Its words are translated with the bundle the page carries
// (../shared/l10n.ts), set up before the first one.
import * as l10n from '@vscode/l10n';
import type { HostToInsights, InsightsReport, InsightsToHost } from '../../shared/insightsMessages';
import { type CardContext, type CardView, renderCard } from './cards';
import { ChartSet } from './chartSet';
import { type ChartTheme, themeFromCss } from './charts';
import { COMPARE_CHART_ID, renderCompare } from './compare';
import { button, el } from './dom';
import { formatBytes, formatNumber, windowText } from './format';
import { type InsightsViewState, readState } from './state';
import { MARKER, setUpL10n, withNode } from '../shared/l10n';
import { setChartLocale } from './chartLocale';

interface VsCodeApi {
  postMessage(message: InsightsToHost): void;
  getState(): unknown;
  setState(state: InsightsViewState): void;
}
declare const acquireVsCodeApi: () => VsCodeApi;

/** How long a note stays in the status line. */
const NOTE_MS = 4000;
/** How long "Compare with previous period" stays disabled after a click, at most. */
const COMPARE_HOLD_MS = 3000;

class App {
  /** What the messages replace: progress, a problem, or the report. */
  private readonly main = el('main', 'page');
  /** Notes; outside `main` so it survives a new report, and exists before its first text (aria-live). */
  private readonly status = el('div', 'status', { role: 'status', 'aria-live': 'polite' });
  private readonly charts: ChartSet;
  private readonly shown: Set<string>;
  /** The report's card grid while a report is shown. */
  private grid: HTMLElement | undefined;
  private compareButton: HTMLButtonElement | undefined;
  private progress:
    { file: string; meter: HTMLElement; fill: HTMLElement; text: HTMLElement } | undefined;
  /** The saved scroll position, applied once the first report's charts are drawn (they make the height). */
  private restoreScrollY: number | undefined;
  private noteTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    root: HTMLElement,
    private readonly api: VsCodeApi,
    saved: InsightsViewState,
    /** The display language's tag, for numbers and dates. */
    private readonly locale: string,
  ) {
    this.shown = new Set(saved.shownTables);
    this.restoreScrollY = saved.scrollY > 0 ? saved.scrollY : undefined;
    this.charts = new ChartSet(
      chartTheme(),
      () => this.drawn(),
      () => this.grid?.setAttribute('aria-busy', 'true'),
    );
    root.replaceChildren(this.main, this.status);
    this.main.append(el('p', 'line loading', {}, l10n.t('Computing insights…')));
    this.watchTheme();
    let saving = false;
    window.addEventListener(
      'scroll',
      () => {
        if (saving) return;
        saving = true;
        setTimeout(() => {
          saving = false;
          this.save();
        }, 200);
      },
      { passive: true },
    );
  }

  receive(m: HostToInsights): void {
    switch (m.type) {
      case 'progress':
        return this.onProgress(m.fileName, m.bytes, m.total);
      case 'report':
        return this.onReport(m.report, m.cached, m.canCompare);
      case 'compare':
        return this.onCompare(m);
      case 'problem':
        return this.onProblem(m.message, m.kind);
      case 'note':
        this.compareButton?.removeAttribute('disabled');
        return this.note(m.text);
    }
  }

  private post(m: InsightsToHost): void {
    this.api.postMessage(m);
  }

  private save(): void {
    this.api.setState({ scrollY: Math.round(window.scrollY), shownTables: [...this.shown] });
  }

  private note(text: string): void {
    clearTimeout(this.noteTimer);
    this.status.textContent = text;
    this.noteTimer = setTimeout(() => (this.status.textContent = ''), NOTE_MS);
  }

  private clear(): void {
    this.charts.disposeAll();
    this.grid = undefined;
    this.compareButton = undefined;
    this.progress = undefined;
    this.main.replaceChildren();
  }

  private onProgress(file: string, bytes: number, total: number): void {
    const pct = total > 0 ? Math.min(100, Math.max(0, Math.round((bytes / total) * 100))) : 0;
    if (this.progress?.file !== file) {
      this.clear();
      const meter = el('div', 'meter', {
        role: 'progressbar',
        'aria-label': l10n.t('Computing insights of {0}', file),
        'aria-valuemin': '0',
        'aria-valuemax': '100',
      });
      const fill = el('div', 'fill');
      meter.append(fill);
      const text = el('span', 'progress-text');
      const line = el('p', 'line');
      line.append(
        ...withNode(
          l10n.t('Computing insights of {0}…', MARKER),
          MARKER,
          el('span', 'file', {}, file),
        ),
      );
      const cancel = button(l10n.t('Cancel'), (b) => {
        b.disabled = true;
        this.post({ type: 'cancel' });
      });
      const row = el('div', 'progress-row');
      row.append(meter, text, cancel);
      const view = el('div', 'progress-view');
      view.append(line, row);
      this.main.append(view);
      this.progress = { file, meter, fill, text };
    }
    const p = this.progress;
    if (!p) return;
    p.meter.setAttribute('aria-valuenow', String(pct));
    const done = formatBytes(bytes, this.locale);
    const size = formatBytes(total, this.locale);
    p.meter.setAttribute(
      'aria-valuetext',
      l10n.t({
        message: '{0}% ({1} of {2})',
        args: [pct, done, size],
        comment: ['percent done, then bytes read of the file size'],
      }),
    );
    // A width through the CSSOM (the CSP refuses style attributes, not this).
    p.fill.style.width = `${pct}%`;
    p.text.textContent = l10n.t({
      message: '{0} of {1}',
      args: [done, size],
      comment: ['bytes read of the file size'],
    });
  }

  private onReport(report: InsightsReport, cached: boolean, canCompare: boolean): void {
    performance.mark('ua-insights:report');
    this.clear();
    const head = el('header', 'head');
    head.append(el('h1', '', {}, report.kindLabel), this.meta(report, cached));
    const toolbar = el('div', 'toolbar');
    toolbar.append(
      button(
        l10n.t('Export as notebook'),
        () => this.post({ type: 'exportNotebook' }),
        'btn primary',
      ),
      button(l10n.t('Open table'), () => this.post({ type: 'openTable' })),
    );
    if (canCompare) {
      // A double click must not ask twice (the host may order the previous period's export): disabled until
      // the host answers (a comparison, a note, a problem) or, as the host says nothing when its quick pick
      // is dismissed, for a few seconds.
      this.compareButton = button(l10n.t('Compare with previous period'), (b) => {
        b.disabled = true;
        this.post({ type: 'compare' });
        setTimeout(() => (b.disabled = false), COMPARE_HOLD_MS);
      });
      toolbar.append(this.compareButton);
    }
    head.append(toolbar);

    const grid = el('div', 'cards');
    const ctx: CardContext = {
      locale: this.locale,
      post: (m) => this.post(m),
      charts: this.charts,
      shown: this.shown,
      onToggle: (id, shown) => {
        if (shown) this.shown.add(id);
        else this.shown.delete(id);
        this.save();
      },
      say: (text) => this.note(text),
    };
    const views: CardView[] = report.cards.map((card) => renderCard(card, ctx));
    grid.append(...views.map((v) => v.element));
    this.grid = grid;
    this.main.append(head, grid);
    for (const v of views) v.draw();
    // No chart to draw: the page is complete now.
    if (this.grid.getAttribute('aria-busy') !== 'true') this.drawn();
  }

  private meta(report: InsightsReport, cached: boolean): HTMLElement {
    const n = (x: number): string => formatNumber(x, this.locale);
    const meta = el('p', 'meta');
    meta.append(el('span', 'file', {}, report.fileName));
    if (report.window) meta.append(el('span', '', {}, windowText(report.window, this.locale)));
    const rows = report.rows;
    meta.append(el('span', '', {}, rows === 1 ? l10n.t('1 row') : l10n.t('{0} rows', n(rows))));
    if (report.distinctUsers !== undefined) {
      const u = report.distinctUsers;
      meta.append(
        el(
          'span',
          '',
          {},
          u === 1 ? l10n.t('1 distinct user') : l10n.t('{0} distinct users', n(u)),
        ),
      );
    }
    meta.append(el('span', '', {}, formatBytes(report.fileBytes, this.locale)));
    if (cached) meta.append(el('span', 'hint', {}, l10n.t('(from cache)')));
    return meta;
  }

  private onCompare(m: Extract<HostToInsights, { type: 'compare' }>): void {
    this.compareButton?.removeAttribute('disabled');
    const grid = this.grid;
    if (!grid) return;
    this.charts.dispose(COMPARE_CHART_ID);
    grid.querySelector(':scope > .compare')?.remove();
    const view = renderCompare(m.previous, m.comparison, {
      locale: this.locale,
      charts: this.charts,
    });
    grid.prepend(view.element);
    view.draw();
  }

  private onProblem(message: string, kind: 'cancelled' | 'unreadable' | 'failed'): void {
    this.clear();
    const line = el('div', `line problem ${kind}`, { role: 'alert' });
    line.append(el('span', '', {}, message));
    if (kind !== 'unreadable') {
      line.append(button(l10n.t('Try again'), () => this.post({ type: 'retry' }), 'btn primary'));
    }
    this.main.append(line);
  }

  /** Every chart is drawn: the page's height is final. */
  private drawn(): void {
    this.grid?.removeAttribute('aria-busy');
    performance.mark('ua-insights:charts-drawn');
    if (this.restoreScrollY !== undefined && this.grid) {
      window.scrollTo(0, this.restoreScrollY);
      this.restoreScrollY = undefined;
    }
  }

  /**
   * VS Code changes the theme by setting its CSS variables on <html> and a class on <body> (vscode-light,
   * vscode-dark, vscode-high-contrast): the charts take their colours from both, so they are drawn again.
   */
  private watchTheme(): void {
    let scheduled = false;
    const check = (): void => {
      scheduled = false;
      const theme = chartTheme();
      if (JSON.stringify(theme) !== JSON.stringify(this.charts.currentTheme)) {
        this.charts.retheme(theme);
      }
    };
    const observer = new MutationObserver(() => {
      if (scheduled) return;
      scheduled = true;
      // Both changes land in one task; the next frame sees them together.
      requestAnimationFrame(check);
    });
    observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['style', 'class'],
    });
    observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }
}

/** The chart theme, behind the charts the cards' own background (insights.css `--card-background`). */
function chartTheme(): ChartTheme {
  const theme = themeFromCss(document.documentElement);
  const card = getComputedStyle(document.documentElement)
    .getPropertyValue('--card-background')
    .trim();
  return card ? { ...theme, background: card } : theme;
}

function isMessage(data: unknown): data is HostToInsights {
  return (
    typeof data === 'object' &&
    data !== null &&
    typeof (data as { type?: unknown }).type === 'string'
  );
}

performance.mark('ua-insights:script');
const locale = setUpL10n();
setChartLocale(locale);
const api = acquireVsCodeApi();
const root =
  document.getElementById('root') ?? document.body.appendChild(el('div', '', { id: 'root' }));
const app = new App(root, api, readState(api.getState()), locale);
window.addEventListener('message', (e: MessageEvent<unknown>) => {
  if (isMessage(e.data)) app.receive(e.data);
});
api.postMessage({ type: 'ready' });
