// One opened CSV in the table webview: the toolbar, the find box, the virtual grid and the status line. Layout
// and input only: rows, counts, sort, filter and find results all come from the host (src/vscode/viewer/); the
// arithmetic lives in the pure modules beside this file (scrollMap, selection, columns, rowCache, format, state).
// Cell text is always set with textContent; the page's own words go through l10n.t.
import * as l10n from '@vscode/l10n';
import { cellMatches, findNeedle } from '../../shared/cellMatch';
import type {
  ColumnInfo,
  CopyFormat,
  FilterSpec,
  HostToWebview,
  Selection,
  SortSpec,
  TableViewState,
  WebviewToHost,
} from '../../shared/tableMessages';
import {
  clampWidth,
  gridTemplate,
  initialWidths,
  restoreWidths,
  rowNumberWidth,
  scrollLeftToReveal,
  widthForChars,
} from './columns';
import { button, el, isMod } from './dom';
import { indexedFraction, matchText, statusText } from './format';
import { RowCache } from './rowCache';
import {
  clampVirtualTop,
  isScaled,
  pageRows,
  type RevealAlign,
  type ScrollGeometry,
  scrollTopToVirtual,
  spacerHeight,
  topRow,
  virtualToScrollTop,
  virtualTopToReveal,
  visibleWindow,
} from './scrollMap';
import { type CellPos, clampSelection, contains, moveFocus, normalise } from './selection';
import { nextSort, readFilter, sameFilter, sameSort } from './state';

type Init = Extract<HostToWebview, { type: 'init' }>;
type Progress = Extract<HostToWebview, { type: 'progress' }>;
type View = Extract<HostToWebview, { type: 'view' }>;
type Rows = Extract<HostToWebview, { type: 'rows' }>;
type Found = Extract<HostToWebview, { type: 'found' }>;

export interface HostPort {
  post(message: WebviewToHost): void;
  /** `acquireVsCodeApi().setState`. */
  save(state: TableViewState): void;
}

/** Rows drawn above and below the visible ones. */
const OVERSCAN = 12;
const FILTER_DEBOUNCE_MS = 200;
const SAVE_THROTTLE_MS = 300;
/** The live status line speaks at most this often while indexing (a screen reader would read every change). */
const STATUS_THROTTLE_MS = 1500;
const NOTE_MS = 5000;
const AUTOSCROLL_MS = 50;
/** How long after indexing ends a saved scroll row waits for the view's final row count. */
const RESTORE_GRACE_MS = 500;

interface RenderedRow {
  readonly el: HTMLDivElement;
  readonly rowNum: HTMLDivElement;
  readonly cells: HTMLDivElement[];
  loaded: boolean;
}

export class Table {
  readonly element: HTMLDivElement;
  private readonly columns: readonly ColumnInfo[];
  private readonly cache: RowCache;
  private requestId = 0;
  private drawnOnce = false;

  // Elements
  private readonly scroller: HTMLDivElement;
  private readonly head: HTMLDivElement;
  private readonly headCells: HTMLDivElement[] = [];
  private readonly filterInputs: HTMLInputElement[] = [];
  private readonly sortMarks: HTMLSpanElement[] = [];
  private readonly body: HTMLDivElement;
  private readonly rowsEl: HTMLDivElement;
  private readonly allFilter: HTMLInputElement;
  private readonly gotoInput: HTMLInputElement;
  private readonly copyButtons: HTMLButtonElement[] = [];
  private readonly revealButton: HTMLButtonElement | undefined;
  private readonly findBar: HTMLDivElement;
  private readonly findInput: HTMLInputElement;
  private readonly findCount: HTMLSpanElement;
  private readonly statusEl: HTMLSpanElement;
  private readonly noteEl: HTMLSpanElement;
  private readonly progressEl: HTMLDivElement;
  private readonly progressBar: HTMLDivElement;
  private readonly rendered = new Map<number, RenderedRow>();

  // Layout
  private rowHeight = 22;
  private charWidth = 8;
  private headHeight = 0;
  private viewportHeight = 0;
  private widths: number[];
  private rowNumWidth = 48;
  private virtualTop = 0;
  /** scrollTop as set by setVirtualTop: while the scroller stays there, virtualTop is exact (scaled mode). */
  private pinnedScrollTop: number | undefined;
  private readonly resizeObserver: ResizeObserver;

  // What the host said
  private view: View | undefined;
  private progress: Progress | undefined;
  private sort: SortSpec | undefined;

  // Input
  private anchor: CellPos = { row: 0, col: 0 };
  private focus: CellPos = { row: 0, col: 0 };
  private dragging = false;
  private autoScrollStep = 0;
  private autoScrollTimer: number | undefined;
  private found: { row: number; column: number } | undefined;
  private findRequestId = 0;
  private findJumped = false;
  private foundQuery = '';
  /** The find text searched for (as `findNeedle` gives it): every match drawn is highlighted; '' for none. */
  private matchNeedle = '';

  // Restore and save
  private pendingScrollRow: number | undefined;
  private restored: TableViewState | undefined;
  private firstView = true;
  private filterTimer: number | undefined;
  private saveTimer: number | undefined;
  private statusTimer: number | undefined;
  private statusAt = 0;
  private noteTimer: number | undefined;

  constructor(
    private readonly port: HostPort,
    private readonly init: Init,
    state: TableViewState | undefined,
    /** The display language's tag, for numbers. */
    private readonly locale: string,
  ) {
    this.columns = init.columns;
    this.cache = new RowCache(() => ++this.requestId);
    this.restored = state;
    this.pendingScrollRow = state?.scrollRow || undefined;
    this.sort = state?.sort;
    this.widths = initialWidths(this.columns, this.charWidth);

    this.element = el('div', 'table-app');

    // Toolbar
    const toolbar = el('div', 'toolbar', { role: 'toolbar', 'aria-label': l10n.t('Table') });
    this.allFilter = el('input', 'input all-filter', {
      type: 'search',
      placeholder: l10n.t('Filter all columns'),
      'aria-label': l10n.t('Filter all columns'),
      spellcheck: 'false',
    });
    this.allFilter.value = state?.filter?.all ?? '';
    this.allFilter.addEventListener('input', () => this.filterSoon());
    this.allFilter.addEventListener('keydown', (e) => this.filterKey(e, this.allFilter, -1));
    const clear = button(
      l10n.t({ message: 'Clear', comment: ['button: clear all filters'] }),
      l10n.t('Clear all filters'),
      () => this.clearFilters(),
    );
    this.gotoInput = el('input', 'input goto', {
      type: 'text',
      inputmode: 'numeric',
      placeholder: l10n.t('Go to row'),
      'aria-label': l10n.t('Go to row (Ctrl+G)'),
      title: l10n.t('Go to row: its position in the current view (Ctrl+G)'),
      spellcheck: 'false',
    });
    this.gotoInput.addEventListener('keydown', (e) => this.gotoKey(e));
    const copyGroup = el('span', 'group', {
      role: 'group',
      'aria-label': l10n.t('Copy selection'),
    });
    copyGroup.append(
      el(
        'span',
        'label',
        {},
        l10n.t({ message: 'Copy as', comment: ['followed by CSV, TSV, Markdown buttons'] }),
      ),
    );
    for (const [format, label] of [
      ['csv', 'CSV'],
      ['tsv', 'TSV'],
      ['markdown', 'Markdown'],
    ] as const) {
      const b = button(label, l10n.t('Copy the selection as {0}', label), () => this.copy(format));
      this.copyButtons.push(b);
      copyGroup.append(b);
    }
    const findButton = button(
      l10n.t({ message: 'Find', comment: ['verb: open the find box'] }),
      l10n.t('Find (Ctrl+F)'),
      () => this.openFind(),
    );
    toolbar.append(this.allFilter, clear, this.gotoInput, copyGroup, findButton);
    if (init.canReveal) {
      this.revealButton = button(
        l10n.t('Reveal Row'),
        l10n.t('Reveal the row in the text editor'),
        () => this.reveal(),
      );
      toolbar.append(this.revealButton);
    }

    // Find box
    this.findBar = el('div', 'findbar', { role: 'search', hidden: '' });
    this.findInput = el('input', 'input find-input', {
      type: 'text',
      placeholder: l10n.t({ message: 'Find', comment: ['placeholder of the find box'] }),
      'aria-label': l10n.t('Find in the table'),
      spellcheck: 'false',
    });
    this.findInput.addEventListener('keydown', (e) => this.findKey(e));
    this.findCount = el('span', 'find-count', { 'aria-live': 'polite' });
    this.findBar.append(
      this.findInput,
      this.findCount,
      button('↑', l10n.t('Previous match (Shift+Enter)'), () => this.findNext(true), 'btn icon'),
      button('↓', l10n.t('Next match (Enter)'), () => this.findNext(false), 'btn icon'),
      button('×', l10n.t('Close (Escape)'), () => this.closeFind(), 'btn icon'),
    );

    // Grid
    const wrap = el('div', 'grid-wrap');
    this.scroller = el('div', 'scroller', {
      role: 'grid',
      tabindex: '0',
      'aria-label': init.fileName,
      'aria-colcount': String(this.columns.length + 1),
      'aria-rowcount': '1',
      'aria-multiselectable': 'true',
    });
    this.head = el('div', 'head', { role: 'rowgroup' });
    const headRow = el('div', 'row header', { role: 'row', 'aria-rowindex': '1' });
    const corner = el(
      'div',
      'cell rownum corner',
      {
        role: 'columnheader',
        'aria-colindex': '1',
        title: l10n.t('Row in the file (select all)'),
      },
      '#',
    );
    corner.addEventListener('click', () => this.selectAll());
    headRow.append(corner);
    this.columns.forEach((c, i) => headRow.append(this.headerCell(c, i, state?.filter)));
    this.head.append(headRow);
    this.body = el('div', 'body', { role: 'rowgroup' });
    this.rowsEl = el('div', 'rows');
    this.body.append(this.rowsEl);
    this.scroller.append(this.head, this.body);
    wrap.append(this.scroller);
    // In the toolbar, at its end: over the grid it would hide the last column's header and filter.
    toolbar.append(this.findBar);

    // Status line
    const status = el('div', 'statusline');
    this.statusEl = el('span', 'status', { 'aria-live': 'polite' }, l10n.t('Opening…'));
    this.noteEl = el('span', 'note', { 'aria-live': 'polite' });
    this.progressEl = el('div', 'progress', {
      role: 'progressbar',
      'aria-label': l10n.t('Indexing the file'),
      'aria-valuemin': '0',
      'aria-valuemax': '100',
      hidden: '',
    });
    this.progressBar = el('div', 'bar');
    this.progressEl.append(this.progressBar);
    status.append(this.statusEl, this.noteEl, this.progressEl);

    this.element.append(toolbar, wrap, status);

    this.scroller.addEventListener('scroll', () => this.onScroll());
    this.scroller.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.scroller.addEventListener('keydown', (e) => this.onGridKey(e));
    this.scroller.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    this.scroller.addEventListener('pointermove', (e) => this.onPointerMove(e));
    this.scroller.addEventListener('pointerup', () => this.endDrag());
    this.scroller.addEventListener('pointercancel', () => this.endDrag());
    this.scroller.addEventListener('focus', () => this.updateMarks());
    this.resizeObserver = new ResizeObserver(() => this.measure());
  }

  /** Call once the element is in the document (measures fonts and sizes). */
  mounted(): void {
    this.measureFont();
    this.widths = restoreWidths(
      this.restored?.columnWidths,
      initialWidths(this.columns, this.charWidth),
    );
    this.applyWidths();
    this.updateSortMarks();
    this.resizeObserver.observe(this.scroller);
    this.measure();
    this.updateToolbar();
  }

  dispose(): void {
    this.resizeObserver.disconnect();
    for (const t of [this.filterTimer, this.saveTimer, this.statusTimer, this.noteTimer])
      if (t !== undefined) clearTimeout(t);
    this.endDrag();
    this.element.remove();
  }

  // ---- Messages ------------------------------------------------------------------------------------------

  onProgress(m: Progress): void {
    this.progress = m;
    this.cache.progressed();
    const pct = Math.round(indexedFraction(m.indexedBytes, m.fileBytes) * 100);
    this.progressEl.hidden = m.done;
    this.progressEl.setAttribute('aria-valuenow', String(pct));
    this.progressBar.style.width = `${pct}%`;
    const w = rowNumberWidth(m.indexedRows, this.charWidth);
    if (w > this.rowNumWidth) {
      this.rowNumWidth = w;
      this.applyWidths();
    }
    this.statusSoon(m.done);
    this.restoreScroll(false);
    // Indexing ended short of the saved row: the view's last count is due; restore then at the latest.
    if (m.done && this.pendingScrollRow !== undefined)
      window.setTimeout(() => this.restoreScroll(true), RESTORE_GRACE_MS);
    this.pump();
  }

  onView(m: View): void {
    const fresh = this.cache.setView(m.viewId, m.rowCount);
    if (fresh && m.first) this.cache.accept({ requestId: 0, viewId: m.viewId, ...m.first });
    const wasFirst = this.firstView;
    this.view = m;
    this.sort = m.sort;
    this.updateSortMarks();
    if (this.filterTimer === undefined) this.showFilter(m.filter);
    this.scroller.setAttribute('aria-rowcount', String(m.rowCount + 1));
    if (fresh) {
      this.clearRows();
      this.findRequestId++;
      this.found = undefined;
      this.findJumped = false;
      if (!wasFirst) {
        // A new sort or filter: back to the top, the focus column kept.
        this.anchor = this.focus = { row: Math.min(0, m.rowCount - 1), col: this.focus.col };
        this.virtualTop = 0;
      }
    }
    if (wasFirst) {
      this.firstView = false;
      this.reapplyRestored(m);
    }
    this.layoutBody();
    this.setVirtualTop(this.virtualTop);
    this.restoreScroll((this.progress?.done ?? false) && m.complete);
    this.statusSoon(true);
    this.updateToolbar();
  }

  onRows(m: Rows): void {
    if (!this.cache.accept(m)) return;
    this.render();
    this.pump();
    this.updateToolbar();
  }

  onFound(m: Found): void {
    if (m.requestId !== this.findRequestId) return;
    this.findCount.textContent = matchText(m.count, m.complete, this.locale);
    if (m.match && !this.findJumped) {
      this.findJumped = true;
      this.found = { row: m.match.row, column: m.match.column };
      this.foundQuery = m.query;
      this.setFocus({ row: m.match.row, col: m.match.column }, false, 'center');
    }
  }

  onNote(text: string): void {
    this.noteEl.textContent = text;
    if (this.noteTimer !== undefined) clearTimeout(this.noteTimer);
    this.noteTimer = window.setTimeout(() => {
      this.noteEl.textContent = '';
      this.noteTimer = undefined;
    }, NOTE_MS);
  }

  // ---- Global keys (from the document) -------------------------------------------------------------------

  /** Keys that work wherever the focus is in the view; true when handled. */
  globalKey(e: KeyboardEvent): boolean {
    if (isMod(e) && !e.altKey && (e.key === 'f' || e.key === 'F')) {
      this.openFind();
      return true;
    }
    if (isMod(e) && !e.altKey && (e.key === 'g' || e.key === 'G')) {
      this.gotoInput.focus();
      this.gotoInput.select();
      return true;
    }
    if (e.key === 'F3') {
      this.findNext(e.shiftKey);
      return true;
    }
    return false;
  }

  // ---- Header --------------------------------------------------------------------------------------------

  private headerCell(c: ColumnInfo, i: number, filter: FilterSpec | undefined): HTMLDivElement {
    const cell = el(
      'div',
      `cell colhead${i === 0 ? ' frozen' : ''}${c.type === 'number' ? ' num' : ''}`,
      {
        role: 'columnheader',
        'aria-colindex': String(i + 2),
        id: `h${i}`,
      },
    );
    const label = el('div', 'label', { title: sortTitle(c) });
    label.append(el('span', 'name', {}, c.name));
    const mark = el('span', 'sort', { 'aria-hidden': 'true' });
    label.append(mark);
    label.addEventListener('click', () => this.toggleSort(i));
    const input = el('input', 'input col-filter', {
      type: 'text',
      placeholder: l10n.t({ message: 'Filter', comment: ['placeholder of a column filter'] }),
      'aria-label': l10n.t('Filter {0}', c.name),
      spellcheck: 'false',
      tabindex: '-1',
    });
    input.value = filter?.columns?.[i] ?? '';
    input.addEventListener('input', () => this.filterSoon());
    input.addEventListener('keydown', (e) => this.filterKey(e, input, i));
    const resizer = el('div', 'resizer', {
      'aria-hidden': 'true',
      title: l10n.t('Drag to resize'),
    });
    resizer.addEventListener('pointerdown', (e) => this.startResize(e, i, resizer));
    resizer.addEventListener('dblclick', () => this.autoFit(i));
    cell.append(label, input, resizer);
    this.headCells.push(cell);
    this.filterInputs.push(input);
    this.sortMarks.push(mark);
    return cell;
  }

  private toggleSort(col: number): void {
    this.sort = nextSort(this.sort, col);
    this.port.post({ type: 'sort', ...(this.sort ? { sort: this.sort } : {}) });
    this.updateSortMarks();
    this.saveSoon();
  }

  private updateSortMarks(): void {
    this.headCells.forEach((cell, i) => {
      const dir = this.sort?.column === i ? this.sort.direction : undefined;
      this.sortMarks[i].textContent = dir === 'asc' ? '▲' : dir === 'desc' ? '▼' : '';
      if (dir) cell.setAttribute('aria-sort', dir === 'asc' ? 'ascending' : 'descending');
      else cell.removeAttribute('aria-sort');
    });
  }

  // ---- Filters -------------------------------------------------------------------------------------------

  private currentFilter(): FilterSpec {
    const columns: Record<number, string> = {};
    this.filterInputs.forEach((input, i) => {
      if (input.value !== '') columns[i] = input.value;
    });
    return readFilter({ all: this.allFilter.value, columns }) ?? {};
  }

  private showFilter(f: FilterSpec | undefined): void {
    const active = document.activeElement;
    if (active !== this.allFilter) this.allFilter.value = f?.all ?? '';
    this.filterInputs.forEach((input, i) => {
      if (active !== input) input.value = f?.columns?.[i] ?? '';
    });
  }

  private filterSoon(): void {
    if (this.filterTimer !== undefined) clearTimeout(this.filterTimer);
    this.filterTimer = window.setTimeout(() => this.sendFilter(), FILTER_DEBOUNCE_MS);
  }

  private sendFilter(): void {
    if (this.filterTimer !== undefined) clearTimeout(this.filterTimer);
    this.filterTimer = undefined;
    const filter = this.currentFilter();
    if (sameFilter(filter, this.view?.filter)) return;
    this.port.post({ type: 'filter', filter });
    this.saveSoon();
  }

  private clearFilters(): void {
    this.allFilter.value = '';
    for (const input of this.filterInputs) input.value = '';
    this.sendFilter();
  }

  private filterKey(e: KeyboardEvent, input: HTMLInputElement, col: number): void {
    if (e.key === 'Enter') {
      this.sendFilter();
      e.preventDefault();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      if (input.value !== '') {
        input.value = '';
        this.sendFilter();
      } else if (col >= 0) {
        this.setFocus({ row: -1, col }, false, 'nearest');
        this.scroller.focus();
      }
    } else if (e.key === 'ArrowDown' && col >= 0) {
      e.preventDefault();
      this.scroller.focus();
      this.setFocus({ row: -1, col }, false, 'nearest');
    }
  }

  // ---- Column widths -------------------------------------------------------------------------------------

  private applyWidths(): void {
    this.scroller.style.setProperty('--cols', gridTemplate(this.rowNumWidth, this.widths));
    this.scroller.style.setProperty('--rownum-w', `${this.rowNumWidth}px`);
    const total = this.rowNumWidth + this.widths.reduce((a, b) => a + b, 0);
    this.scroller.style.setProperty('--total-w', `${total}px`);
  }

  private startResize(e: PointerEvent, col: number, handle: HTMLElement): void {
    if (e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    const startX = e.clientX;
    const startW = this.widths[col];
    handle.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => {
      this.widths[col] = clampWidth(startW + ev.clientX - startX);
      this.applyWidths();
    };
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      handle.removeEventListener('pointercancel', up);
      this.saveSoon();
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
    handle.addEventListener('pointercancel', up);
  }

  /** Double-click on a column's edge: as wide as its longest value among the rows drawn (and its name). */
  private autoFit(col: number): void {
    let chars = this.columns[col].name.length;
    for (const r of this.rendered.values())
      chars = Math.max(chars, r.cells[col]?.textContent?.length ?? 0);
    this.widths[col] = widthForChars(chars, this.charWidth);
    this.applyWidths();
    this.saveSoon();
  }

  // ---- Measuring and scrolling ---------------------------------------------------------------------------

  private measureFont(): void {
    const probe = el('div', 'cell probe', {}, '0'.repeat(20));
    this.rowsEl.append(probe);
    const rect = probe.getBoundingClientRect();
    const fontSize = parseFloat(getComputedStyle(probe).fontSize) || 13;
    probe.remove();
    if (rect.width > 0) this.charWidth = rect.width / 20;
    this.rowHeight = Math.max(20, Math.round(fontSize * 1.6));
    this.scroller.style.setProperty('--row-h', `${this.rowHeight}px`);
    this.rowNumWidth = rowNumberWidth(this.progress?.indexedRows ?? 999, this.charWidth);
  }

  private measure(): void {
    this.headHeight = this.head.offsetHeight;
    this.viewportHeight = Math.max(this.rowHeight, this.scroller.clientHeight - this.headHeight);
    this.setVirtualTop(this.virtualTop);
  }

  private geometry(): ScrollGeometry {
    return {
      rowCount: this.view?.rowCount ?? 0,
      rowHeight: this.rowHeight,
      viewportHeight: this.viewportHeight,
    };
  }

  private layoutBody(): void {
    this.body.style.height = `${spacerHeight(this.geometry())}px`;
  }

  /** Show the rows at `virtualTop` (scrollbar moved to match). */
  private setVirtualTop(v: number): void {
    const g = this.geometry();
    this.layoutBody();
    this.virtualTop = clampVirtualTop(g, v);
    this.scroller.scrollTop = virtualToScrollTop(g, this.virtualTop);
    this.pinnedScrollTop = this.scroller.scrollTop;
    this.render();
    this.saveSoon();
  }

  private onScroll(): void {
    const st = this.scroller.scrollTop;
    if (this.pinnedScrollTop === undefined || Math.abs(st - this.pinnedScrollTop) >= 1) {
      this.pinnedScrollTop = undefined;
      this.virtualTop = scrollTopToVirtual(this.geometry(), st);
    }
    this.render();
    this.saveSoon();
  }

  /** Above the height cap one scrollbar pixel is many rows: the wheel then moves rows by its own pixels. */
  private onWheel(e: WheelEvent): void {
    const g = this.geometry();
    if (!isScaled(g) || isMod(e)) return;
    e.preventDefault();
    const unit = e.deltaMode === 1 ? this.rowHeight : e.deltaMode === 2 ? this.viewportHeight : 1;
    if (e.deltaX) this.scroller.scrollLeft += e.deltaX * unit;
    if (e.deltaY) this.setVirtualTop(this.virtualTop + e.deltaY * unit);
  }

  /**
   * The saved scroll row, once the view has that many rows; with `final` (indexing done, view complete) at the
   * last row there is (the file may have shrunk).
   */
  private restoreScroll(final: boolean): void {
    const row = this.pendingScrollRow;
    if (row === undefined || !this.view) return;
    if (this.view.rowCount <= row && !final) return;
    this.pendingScrollRow = undefined;
    const r = Math.min(row, Math.max(0, this.view.rowCount - 1));
    this.anchor = this.focus = { row: r, col: this.focus.col };
    this.setVirtualTop(r * this.rowHeight);
  }

  // ---- Rendering -----------------------------------------------------------------------------------------

  private clearRows(): void {
    for (const r of this.rendered.values()) r.el.remove();
    this.rendered.clear();
  }

  private render(): void {
    const g = this.geometry();
    const win = visibleWindow(g, this.virtualTop, OVERSCAN);
    this.rowsEl.style.top = `${this.scroller.scrollTop + win.offset}px`;
    for (const [r, row] of this.rendered)
      if (r < win.first || r >= win.end) {
        row.el.remove();
        this.rendered.delete(r);
      }
    for (let r = win.first; r < win.end; r++) {
      let row = this.rendered.get(r);
      if (!row) {
        row = this.makeRow(r);
        this.rendered.set(r, row);
        this.rowsEl.append(row.el);
      }
      row.el.style.top = `${(r - win.first) * this.rowHeight}px`;
      if (!row.loaded) this.fillRow(r, row);
    }
    this.updateMarks();
    this.pump();
  }

  private makeRow(r: number): RenderedRow {
    const rowEl = el('div', 'row', { role: 'row', 'aria-rowindex': String(r + 2) });
    rowEl.dataset.row = String(r);
    const rowNum = el('div', 'cell rownum', { role: 'rowheader', 'aria-colindex': '1' });
    rowEl.append(rowNum);
    const cells = this.columns.map((c, i) => {
      const cell = el(
        'div',
        `cell${i === 0 ? ' frozen' : ''}${c.type === 'number' ? ' num' : ''}`,
        {
          role: 'gridcell',
          'aria-colindex': String(i + 2),
          id: `c${r}_${i}`,
        },
      );
      cell.dataset.col = String(i);
      rowEl.append(cell);
      return cell;
    });
    return { el: rowEl, rowNum, cells, loaded: false };
  }

  private fillRow(r: number, row: RenderedRow): void {
    const data = this.cache.get(r);
    if (!data) {
      row.el.setAttribute('aria-busy', 'true');
      return;
    }
    row.loaded = true;
    if (!this.drawnOnce) {
      // User Timing marks (bench/tableBrowser.mjs reads them: where the time to the first rows goes).
      this.drawnOnce = true;
      performance.mark('ua-table:first-row-filled');
      requestAnimationFrame(() => performance.mark('ua-table:first-rows-painted'));
    }
    row.el.removeAttribute('aria-busy');
    row.rowNum.textContent = String(data.fileRow + 1);
    row.cells.forEach((cell, i) => {
      const text = data.cells[i] ?? '';
      cell.textContent = text;
      if (text.length > 40) cell.title = text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
    });
  }

  private selection(): Selection | undefined {
    if (!this.view || this.focus.row < 0 || this.anchor.row < 0) return undefined;
    return clampSelection(
      normalise(this.anchor, this.focus),
      this.view.rowCount,
      this.columns.length,
    );
  }

  /** Selected, active and found cells of the rows drawn; the grid's active descendant. */
  private updateMarks(): void {
    const sel = this.selection();
    const multi = sel !== undefined && (sel.rowEnd > sel.rowStart || sel.colEnd > sel.colStart);
    for (const [r, row] of this.rendered) {
      row.el.classList.toggle('has-active', r === this.focus.row);
      row.cells.forEach((cell, c) => {
        const inSel = contains(sel, r, c);
        cell.classList.toggle('selected', multi && inSel);
        cell.setAttribute('aria-selected', String(inSel));
        cell.classList.toggle('active', r === this.focus.row && c === this.focus.col);
        cell.classList.toggle('found', r === this.found?.row && c === this.found.column);
        cell.classList.toggle('match', cellMatches(cell.textContent ?? '', this.matchNeedle));
      });
    }
    this.headCells.forEach((cell, c) =>
      cell.classList.toggle('active', this.focus.row === -1 && c === this.focus.col),
    );
    const id = this.focus.row < 0 ? `h${this.focus.col}` : `c${this.focus.row}_${this.focus.col}`;
    if (document.getElementById(id)) this.scroller.setAttribute('aria-activedescendant', id);
    else this.scroller.removeAttribute('aria-activedescendant');
  }

  /** Ask the host for the rows drawn that are not here yet. */
  private pump(): void {
    if (!this.view) return;
    const win = visibleWindow(this.geometry(), this.virtualTop, OVERSCAN);
    for (const r of this.cache.requestsFor(win.first, win.end, Date.now()))
      this.port.post({ type: 'getRows', ...r });
  }

  // ---- Focus, selection, keys ----------------------------------------------------------------------------

  private setFocus(pos: CellPos, extend: boolean, align: RevealAlign): void {
    this.focus = pos;
    if (!extend) this.anchor = pos;
    if (pos.row >= 0) {
      const v = virtualTopToReveal(this.geometry(), this.virtualTop, pos.row, align);
      if (v !== this.virtualTop) this.setVirtualTop(v);
    }
    const left = scrollLeftToReveal(
      this.widths,
      this.rowNumWidth,
      pos.col,
      this.scroller.scrollLeft,
      this.scroller.clientWidth,
    );
    if (left !== this.scroller.scrollLeft) this.scroller.scrollLeft = left;
    this.updateMarks();
    this.updateToolbar();
  }

  private selectAll(): void {
    if (!this.view || this.view.rowCount === 0) return;
    this.anchor = { row: 0, col: 0 };
    this.focus = { row: this.view.rowCount - 1, col: this.columns.length - 1 };
    this.updateMarks();
    this.updateToolbar();
  }

  private onGridKey(e: KeyboardEvent): void {
    if (e.target !== this.scroller) return;
    const rowCount = this.view?.rowCount ?? 0;
    // Keys handled here stop here too: VS Code would otherwise also run its own binding (copy, go to line…).
    const handled = () => {
      e.preventDefault();
      e.stopPropagation();
    };
    if (isMod(e) && !e.altKey) {
      const k = e.key.toLowerCase();
      if (k === 'c') {
        this.copy(e.shiftKey ? 'tsv' : 'csv');
        return handled();
      }
      if (k === 'a') {
        this.selectAll();
        return handled();
      }
    }
    if (this.focus.row === -1) {
      if (e.key === 'Enter' || e.key === ' ') {
        this.toggleSort(this.focus.col);
        return handled();
      }
      if (e.key === 'F2' || (e.key.length === 1 && !isMod(e) && !e.altKey)) {
        // Typing on a header cell types into its filter.
        this.filterInputs[this.focus.col]?.focus();
        if (e.key === 'F2') e.preventDefault();
        return;
      }
    }
    if (e.key === 'Escape') {
      this.anchor = this.focus;
      this.updateMarks();
      return;
    }
    // Ctrl/Cmd with other keys (Ctrl+PageDown: next editor…) belongs to VS Code.
    if (isMod(e) && e.key !== 'Home' && e.key !== 'End') return;
    const next = moveFocus(
      this.focus,
      { key: e.key, mod: isMod(e), shift: e.shiftKey },
      { rowCount, colCount: this.columns.length, pageRows: pageRows(this.geometry()) },
    );
    if (!next) return;
    handled();
    const extend = e.shiftKey && e.key !== 'Tab' && next.row >= 0 && this.anchor.row >= 0;
    this.setFocus(next, extend, 'nearest');
    // Column 0 is frozen, so revealing it moves nothing: Home and Ctrl+Home also go back to the left edge.
    if (e.key === 'Home') this.scroller.scrollLeft = 0;
  }

  private cellAt(target: EventTarget | null): CellPos | undefined {
    if (!(target instanceof Element)) return undefined;
    const cell = target.closest<HTMLElement>('.cell');
    const row = cell?.closest<HTMLElement>('.row');
    if (!cell || !row || row.dataset.row === undefined) return undefined;
    const r = Number(row.dataset.row);
    if (cell.classList.contains('rownum')) return { row: r, col: -1 };
    return cell.dataset.col === undefined ? undefined : { row: r, col: Number(cell.dataset.col) };
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    const pos = this.cellAt(e.target);
    if (!pos) return;
    if (pos.col === -1) {
      // The row number: the whole row.
      this.anchor = { row: e.shiftKey ? this.anchor.row : pos.row, col: 0 };
      this.focus = { row: pos.row, col: this.columns.length - 1 };
      this.updateMarks();
      this.updateToolbar();
      return;
    }
    this.setFocus(pos, e.shiftKey && this.anchor.row >= 0, 'nearest');
    this.dragging = true;
    this.scroller.setPointerCapture(e.pointerId);
  }

  private endDrag(): void {
    this.dragging = false;
    this.autoScrollStep = 0;
    if (this.autoScrollTimer !== undefined) clearInterval(this.autoScrollTimer);
    this.autoScrollTimer = undefined;
  }

  /** Dragging above or below the rows scrolls, faster the farther the pointer is. */
  private autoScroll(clientY: number): void {
    const box = this.scroller.getBoundingClientRect();
    const top = box.top + this.headHeight;
    const bottom = box.top + this.scroller.clientHeight;
    const beyond = clientY < top ? clientY - top : clientY > bottom ? clientY - bottom : 0;
    this.autoScrollStep = Math.sign(beyond) * (1 + Math.floor(Math.abs(beyond) / 20));
    if (this.autoScrollStep === 0 || this.autoScrollTimer !== undefined) return;
    this.autoScrollTimer = window.setInterval(() => {
      const rowCount = this.view?.rowCount ?? 0;
      if (!this.dragging || this.autoScrollStep === 0 || rowCount === 0) {
        clearInterval(this.autoScrollTimer);
        this.autoScrollTimer = undefined;
        return;
      }
      const row = Math.max(0, Math.min(rowCount - 1, this.focus.row + this.autoScrollStep));
      this.setFocus({ row, col: this.focus.col }, true, 'nearest');
    }, AUTOSCROLL_MS);
  }

  private onPointerMove(e: PointerEvent): void {
    if (!this.dragging) return;
    this.autoScroll(e.clientY);
    const pos = this.cellAt(document.elementFromPoint(e.clientX, e.clientY));
    if (!pos || pos.col < 0 || (pos.row === this.focus.row && pos.col === this.focus.col)) return;
    this.focus = pos;
    this.updateMarks();
    this.updateToolbar();
  }

  private gotoKey(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      e.preventDefault();
      this.scroller.focus();
      return;
    }
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const n = Number.parseInt(this.gotoInput.value.replace(/[\s,.'_]/g, ''), 10);
    const rowCount = this.view?.rowCount ?? 0;
    if (!Number.isFinite(n) || rowCount === 0) return;
    const row = Math.min(rowCount, Math.max(1, n)) - 1;
    this.pinnedScrollTop = undefined;
    this.setVirtualTop(virtualTopToReveal(this.geometry(), this.virtualTop, row, 'start'));
    this.setFocus({ row, col: Math.max(0, this.focus.col) }, false, 'nearest');
    this.scroller.focus();
  }

  // ---- Find ----------------------------------------------------------------------------------------------

  private openFind(): void {
    this.findBar.hidden = false;
    this.findInput.focus();
    this.findInput.select();
  }

  private closeFind(): void {
    this.findBar.hidden = true;
    this.found = undefined;
    this.matchNeedle = '';
    this.findCount.textContent = '';
    this.findRequestId++;
    this.updateMarks();
    this.scroller.focus();
  }

  private findKey(e: KeyboardEvent): void {
    if (e.key === 'Enter') {
      e.preventDefault();
      this.findNext(e.shiftKey);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      this.closeFind();
    }
  }

  /**
   * Ask for the next (or previous) match. `from` is exclusive: after the last match when there is one for this
   * query, else just before the focus cell (column -1 or columns.length at a row's ends) so it can match itself.
   */
  private findNext(backwards: boolean): void {
    const query = this.findInput.value;
    if (!this.view || query === '') {
      if (this.findBar.hidden) this.openFind();
      return;
    }
    const row = Math.max(0, this.focus.row);
    const onMatch =
      this.found !== undefined &&
      this.foundQuery === query &&
      this.found.row === this.focus.row &&
      this.found.column === this.focus.col;
    const from = onMatch
      ? { row: this.found!.row, column: this.found!.column }
      : { row, column: backwards ? this.focus.col + 1 : this.focus.col - 1 };
    this.findJumped = false;
    this.findCount.textContent = l10n.t('Searching…');
    if (findNeedle(query) !== this.matchNeedle) {
      this.matchNeedle = findNeedle(query);
      this.updateMarks();
    }
    this.port.post({ type: 'find', requestId: ++this.findRequestId, query, from, backwards });
  }

  // ---- Copy and reveal -----------------------------------------------------------------------------------

  private copy(format: CopyFormat): void {
    const selection = this.selection();
    if (selection) this.port.post({ type: 'copy', format, selection });
  }

  private reveal(): void {
    const data = this.focus.row >= 0 ? this.cache.get(this.focus.row) : undefined;
    if (data) this.port.post({ type: 'revealRow', fileRow: data.fileRow });
  }

  private updateToolbar(): void {
    const sel = this.selection() !== undefined;
    for (const b of this.copyButtons) b.disabled = !sel;
    if (this.revealButton)
      this.revealButton.disabled = this.focus.row < 0 || !this.cache.get(this.focus.row);
  }

  // ---- Status and state ----------------------------------------------------------------------------------

  private statusSoon(now: boolean): void {
    const wait = now ? 0 : Math.max(0, this.statusAt + STATUS_THROTTLE_MS - Date.now());
    if (wait === 0) {
      if (this.statusTimer !== undefined) clearTimeout(this.statusTimer);
      this.statusTimer = undefined;
      this.showStatus();
    } else if (this.statusTimer === undefined)
      this.statusTimer = window.setTimeout(() => {
        this.statusTimer = undefined;
        this.showStatus();
      }, wait);
  }

  private showStatus(): void {
    this.statusAt = Date.now();
    const indexing = this.progress ? !this.progress.done : true;
    this.statusEl.textContent = statusText(
      {
        viewRows: this.view?.rowCount ?? 0,
        fileRows: this.progress?.indexedRows ?? this.view?.rowCount ?? 0,
        filtered: readFilter(this.view?.filter) !== undefined,
        indexing,
        viewComplete: this.view?.complete ?? false,
        fileBytes: this.init.fileBytes,
      },
      this.locale,
    );
  }

  /** After the first view: the restored sort and filter, if the host did not apply them itself. */
  private reapplyRestored(m: View): void {
    const s = this.restored;
    this.restored = undefined;
    if (!s) return;
    if (s.sort && !sameSort(s.sort, m.sort)) {
      this.sort = s.sort;
      this.port.post({ type: 'sort', sort: s.sort });
      this.updateSortMarks();
    }
    if (s.filter && !sameFilter(s.filter, m.filter)) {
      this.showFilter(s.filter);
      this.port.post({ type: 'filter', filter: s.filter });
    }
  }

  state(): TableViewState {
    const filter = readFilter(this.currentFilter());
    return {
      scrollRow: this.pendingScrollRow ?? topRow(this.geometry(), this.virtualTop),
      columnWidths: [...this.widths],
      ...(this.sort ? { sort: this.sort } : {}),
      ...(filter ? { filter } : {}),
    };
  }

  private saveSoon(): void {
    if (this.saveTimer !== undefined || this.firstView) return;
    this.saveTimer = window.setTimeout(() => {
      this.saveTimer = undefined;
      const state = this.state();
      this.port.save(state);
      this.port.post({ type: 'state', state });
    }, SAVE_THROTTLE_MS);
  }
}

/** A column header's tooltip: its name, its inferred type, and that a click sorts. */
function sortTitle(c: ColumnInfo): string {
  switch (c.type) {
    case 'number':
      return l10n.t('{0} (number): click to sort', c.name);
    case 'date':
      return l10n.t('{0} (date): click to sort', c.name);
    case 'text':
      return l10n.t('{0} (text): click to sort', c.name);
    case 'empty':
      return l10n.t('{0} (empty): click to sort', c.name);
  }
}
