// One table editor's conversation with its webview: answers page requests from the current view, makes new
// views for sort and filter (the previous pass cancelled), finds, copies to the clipboard, reveals a row in
// the text editor, and re-initialises when the file changes on disk. Every number the webview shows comes
// from here (computed by core/csv); the webview only draws.
import * as vscode from 'vscode';
import type { CsvTable, TableView } from '../../core/csv/csvTable';
import { LARGE_FILE_BYTES } from '../../core/downloads/csvFiles';
import { displayLocale } from '../../core/l10n/locale';
import { maskEmails } from '../../core/trust/maskEmails';
import type { Logger } from '../../core/ports';
import {
  MAX_ROWS_PER_REQUEST,
  PAGE_ROWS,
  type CopyFormat,
  type FilterSpec,
  type HostToWebview,
  type SortSpec,
  type TableBoot,
  type TableViewState,
  type WebviewToHost,
} from '../../shared/tableMessages';
import type { TableDocument } from './tableDocument';

export type TableTraffic =
  | { readonly uri: string; readonly from: 'webview'; readonly message: WebviewToHost }
  | { readonly uri: string; readonly from: 'host'; readonly message: HostToWebview };

/** Most rows one copy takes (a bigger selection is refused with a note, not silently cut). */
export const MAX_COPY_ROWS = 100_000;
/** Largest first page (as JSON characters) the page's HTML carries. */
const BOOT_PAGE_MAX_CHARS = 512 * 1024;

export class TableSession implements vscode.Disposable {
  private viewId = 0;
  private view: TableView = {};
  private pass: AbortController | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private table: CsvTable | undefined;
  /** The view id the page's boot messages carried (see `boot`). */
  private bootedView: number | undefined;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly doc: TableDocument,
    private readonly log: Logger,
    /** Sees every message both ways (integration tests read the conversation). */
    private readonly tap?: (traffic: TableTraffic) => void,
    /** The `maskEmails` setting: cells are shown masked (the file, copies and Reveal are not). */
    private readonly masked: () => boolean = () => false,
  ) {
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: WebviewToHost) => {
        this.tap?.({ uri: doc.uri.toString(), from: 'webview', message: m });
        void this.receive(m);
      }),
      doc.onDidProgress((p) =>
        this.post({
          type: 'progress',
          indexedRows: p.rows,
          indexedBytes: p.bytes,
          fileBytes: this.table?.source.size ?? p.bytes,
          done: p.done,
        }),
      ),
      doc.onDidChangeFile((what) => void (what === 'deleted' ? this.deleted() : this.start())),
    );
  }

  private post(message: HostToWebview): void {
    this.tap?.({ uri: this.doc.uri.toString(), from: 'host', message });
    void this.panel.webview.postMessage(message);
  }

  private async receive(m: WebviewToHost): Promise<void> {
    try {
      switch (m.type) {
        case 'ready':
          if (m.state) this.doc.savedState = m.state;
          if (m.booted !== undefined && m.booted === this.bootedView && this.table)
            return this.afterBoot(this.table);
          return await this.start(m.state);
        case 'getRows':
          return await this.sendRows(m.requestId, m.viewId, m.start, m.count);
        case 'sort':
          return await this.remake(m.sort, this.view.filter);
        case 'filter':
          return await this.remake(this.view.sort, m.filter);
        case 'find':
          return await this.find(m.requestId, m.query, m.from, m.backwards);
        case 'copy':
          return await this.copy(m.format, m.selection);
        case 'revealRow':
          return await this.reveal(m.fileRow);
        case 'state':
          this.doc.savedState = m.state;
          return;
      }
    } catch (e) {
      if (e instanceof Error && e.name === 'AbortError') return;
      this.log.error(`Table ${this.doc.uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
      this.post({
        type: 'note',
        text: vscode.l10n.t(
          'Something went wrong: {0}',
          e instanceof Error ? e.message : String(e),
        ),
      });
    }
  }

  /**
   * The messages the page is built with when the file is already open (openCustomDocument started it) and no
   * sort or filter is to be restored: init, progress and the first view with its first page. The page draws
   * them before its script could ask, saving the round trip through the extension host; it then says `ready`
   * with the view id, and `afterBoot` carries on. Undefined when the webview should ask as before.
   */
  async boot(within: number): Promise<TableBoot | undefined> {
    const opened = await Promise.race([
      this.doc.table().catch(() => undefined),
      new Promise<undefined>((r) => setTimeout(r, within)),
    ]);
    const restore = this.doc.savedState;
    if (!opened || opened.problem || restore?.sort || (restore?.filter && !isEmpty(restore.filter)))
      return undefined;
    this.table = opened;
    this.view = {};
    const viewId = ++this.viewId;
    const first = await this.readRows(
      {},
      Math.floor(Math.max(0, restore?.scrollRow ?? 0) / PAGE_ROWS) * PAGE_ROWS,
      PAGE_ROWS,
    );
    if (this.viewId !== viewId || this.table !== opened) return undefined;
    const messages: HostToWebview[] = [
      this.initMessage(opened, restore),
      this.progressMessage(opened),
      {
        type: 'view',
        viewId,
        rowCount: opened.rowCount,
        complete: opened.done,
        // A huge first page (cells of megabytes) is left for the webview to ask for.
        ...(first && JSON.stringify(first).length <= BOOT_PAGE_MAX_CHARS ? { first } : {}),
      },
    ];
    for (const message of messages)
      this.tap?.({ uri: this.doc.uri.toString(), from: 'host', message });
    this.bootedView = viewId;
    return messages;
  }

  /** The page drew its boot messages: what `start` does after its first view. */
  private afterBoot(table: CsvTable): void {
    this.post(this.progressMessage(table));
    // The booted view's row count grows while indexing goes on: say the final count once it ends.
    void table.indexed.then(() => {
      if (this.table === table && !this.view.rows) void this.postView(true);
    });
  }

  private initMessage(table: CsvTable, restore: TableViewState | undefined): HostToWebview {
    return {
      type: 'init',
      fileName: vscode.workspace.asRelativePath(this.doc.uri, false),
      fileBytes: table.source.size,
      encoding: table.encoding,
      columns: table.columns,
      ...(restore ? { state: restore } : {}),
      canReveal: table.encoding === 'utf-8' && table.source.size <= LARGE_FILE_BYTES,
    };
  }

  private progressMessage(table: CsvTable): HostToWebview {
    return {
      type: 'progress',
      indexedRows: table.rowCount,
      indexedBytes: table.indexedBytes,
      fileBytes: table.source.size,
      done: table.done,
    };
  }

  /** (Re)opens the file and tells the webview what it holds; restores sort and filter of `state`. */
  private async start(state?: TableViewState): Promise<void> {
    this.pass?.abort();
    let table: CsvTable;
    try {
      table = await this.doc.table();
    } catch (e) {
      const gone = (e as { code?: unknown }).code === 'ENOENT';
      this.post({
        type: 'problem',
        kind: gone ? 'deleted' : 'unreadable',
        message: gone
          ? vscode.l10n.t(
              '{0} is no longer there. Open the export again to download it.',
              this.doc.uri.fsPath,
            )
          : vscode.l10n.t(
              'The file cannot be read: {0}',
              e instanceof Error ? e.message : String(e),
            ),
      });
      return;
    }
    this.table = table;
    if (table.problem) {
      this.post({ type: 'problem', kind: table.problem.kind, message: table.problem.message });
      return;
    }
    const restore = state ?? this.doc.savedState;
    this.bootedView = undefined;
    this.post(this.initMessage(table, restore));
    this.post(this.progressMessage(table));
    this.view = {};
    this.viewId++;
    const remaking = restore?.sort || (restore?.filter && !isEmpty(restore.filter));
    // With the first page: the webview draws rows without asking (unless a sort or filter is being restored).
    await this.postView(true, remaking ? undefined : (restore?.scrollRow ?? 0));
    if (this.table !== table) return;
    if (!table.done) {
      // Rows grow while indexing goes on: the file-order view says so as it goes, and once at the end.
      void table.indexed.then(() => {
        if (this.table === table && !this.view.rows) void this.postView(true);
      });
    }
    if (remaking) await this.remake(restore.sort, restore.filter);
  }

  /** Tells the webview the current view; with `firstRow`, also the page of rows that holds it. */
  private async postView(complete: boolean, firstRow?: number): Promise<void> {
    const table = this.table;
    if (!table) return;
    const viewId = this.viewId;
    const view = this.view;
    const rowCount = view.rows ? view.rows.length : table.rowCount;
    const first =
      firstRow === undefined
        ? undefined
        : await this.readRows(
            view,
            Math.floor(Math.max(0, firstRow) / PAGE_ROWS) * PAGE_ROWS,
            PAGE_ROWS,
          );
    if (viewId !== this.viewId || this.table !== table) return;
    this.post({
      type: 'view',
      viewId,
      rowCount: view.rows ? view.rows.length : Math.max(rowCount, table.rowCount),
      ...(view.sort ? { sort: view.sort } : {}),
      ...(view.filter ? { filter: view.filter } : {}),
      complete: complete && (view.rows !== undefined || table.done),
      ...(first ? { first } : {}),
    });
  }

  /** Rows `start`… (at most `count`) of `view` as the webview shows them (masked when the setting says so). */
  private async readRows(
    view: TableView,
    start: number,
    count: number,
  ): Promise<{ start: number; rows: string[][]; fileRows: number[] } | undefined> {
    const table = this.table;
    if (!table) return undefined;
    const total = view.rows ? view.rows.length : table.rowCount;
    const from = Math.max(0, Math.min(start, total));
    const to = Math.min(total, from + Math.max(0, Math.min(count, MAX_ROWS_PER_REQUEST)));
    const fileRows: number[] = [];
    for (let i = from; i < to; i++) fileRows.push(view.rows ? view.rows[i] : i);
    const read = await table.rows(fileRows);
    const rows = this.masked() ? read.map((r) => r.map((cell) => maskEmails(cell))) : read;
    return { start: from, rows: rows, fileRows };
  }

  private async remake(sort: SortSpec | undefined, filter: FilterSpec | undefined): Promise<void> {
    const table = this.table;
    if (!table) return;
    this.pass?.abort();
    const pass = new AbortController();
    this.pass = pass;
    const what = sort && filter && !isEmpty(filter) ? 'both' : sort ? 'sort' : 'filter';
    if (!sort && (!filter || isEmpty(filter))) {
      this.view = {};
    } else {
      this.post({ type: 'note', text: busyText(what) });
      let last = 0;
      const view = await table.view(sort, filter && !isEmpty(filter) ? filter : undefined, {
        signal: pass.signal,
        onProgress: (done, total) => {
          const now = Date.now();
          if (now - last < 250) return;
          last = now;
          this.post({
            type: 'note',
            text: busyText(what, Math.floor((100 * done) / Math.max(1, total))),
          });
        },
      });
      if (pass.signal.aborted) return;
      this.view = view;
      this.post({
        type: 'note',
        text: view.prefixChars
          ? vscode.l10n.t(
              'Sorted by the first {0} characters (too many distinct values to sort fully in memory).',
              view.prefixChars.toLocaleString(displayLocale()),
            )
          : '',
      });
    }
    this.viewId++;
    await this.postView(true, 0);
  }

  private async sendRows(
    requestId: number,
    viewId: number,
    start: number,
    count: number,
  ): Promise<void> {
    if (!this.table || viewId !== this.viewId) return;
    const read = await this.readRows(this.view, start, count);
    if (!read || viewId !== this.viewId) return;
    this.post({ type: 'rows', requestId, viewId, ...read });
  }

  private async find(
    requestId: number,
    query: string,
    from: { row: number; column: number },
    backwards: boolean,
  ): Promise<void> {
    const table = this.table;
    if (!table || !query) return;
    const view = this.view;
    const result = await table.find(query, from, backwards, view);
    const found = (count: number, complete: boolean): void =>
      this.post({
        type: 'found',
        requestId,
        query,
        ...(result.match ? { match: result.match } : {}),
        count,
        complete,
      });
    found(result.count, result.complete);
    // The count goes on over the whole view: say how far it got every second, and once when it is exact.
    const counting = table.matchCount(query, view);
    if (!counting || counting.complete) return;
    const timer = setInterval(() => {
      if (table.matchCount(query, view) !== counting || this.view !== view)
        return clearInterval(timer);
      found(counting.count, false);
    }, 1_000);
    await counting.done;
    clearInterval(timer);
    if (table.matchCount(query, view) === counting && this.view === view && counting.complete)
      found(counting.count, true);
  }

  private async copy(
    format: CopyFormat,
    sel: { rowStart: number; rowEnd: number; colStart: number; colEnd: number },
  ): Promise<void> {
    const table = this.table;
    if (!table) return;
    const rowStart = Math.max(0, Math.min(sel.rowStart, sel.rowEnd));
    const rowEnd = Math.max(sel.rowStart, sel.rowEnd);
    const n = rowEnd - rowStart + 1;
    if (n > MAX_COPY_ROWS) {
      this.post({
        type: 'note',
        text: vscode.l10n.t(
          '{0} rows are too many for the clipboard (at most {1}). Filter first, or Save As.',
          n.toLocaleString(displayLocale()),
          MAX_COPY_ROWS.toLocaleString(displayLocale()),
        ),
      });
      return;
    }
    const fileRows: number[] = [];
    for (let i = rowStart; i <= rowEnd; i++) fileRows.push(this.view.rows ? this.view.rows[i] : i);
    const rows = await table.rows(fileRows);
    const text = table.copy(
      rows,
      { start: Math.min(sel.colStart, sel.colEnd), end: Math.max(sel.colStart, sel.colEnd) },
      format,
    );
    await vscode.env.clipboard.writeText(text);
    this.post({ type: 'note', text: copiedText(n, format) });
  }

  /** Opens the text editor at the row's first line (counting line breaks before it: quoted cells may hold some). */
  private async reveal(fileRow: number): Promise<void> {
    const table = this.table;
    if (!table) return;
    const line = await table.lineOfRow(fileRow);
    const doc = await vscode.workspace.openTextDocument(this.doc.uri);
    const position = new vscode.Position(line, 0);
    await vscode.window.showTextDocument(doc, {
      selection: new vscode.Range(position, position),
      viewColumn: vscode.ViewColumn.Beside,
      preview: true,
    });
  }

  /** The masking setting changed: the same view under a new id, so the webview asks for its rows again. */
  redraw(): void {
    if (!this.table) return;
    this.viewId++;
    void this.postView(true);
  }

  private deleted(): void {
    this.pass?.abort();
    this.post({
      type: 'problem',
      kind: 'deleted',
      message: vscode.l10n.t(
        '{0} was deleted. Open the export again to download it.',
        vscode.workspace.asRelativePath(this.doc.uri, false),
      ),
    });
  }

  dispose(): void {
    this.pass?.abort();
    for (const d of this.disposables) d.dispose();
  }
}

/** The note while a sort or filter pass runs, with how far it got (percent) once known. */
function busyText(what: 'both' | 'sort' | 'filter', percent?: number): string {
  if (percent === undefined)
    return what === 'both'
      ? vscode.l10n.t('Filtering and sorting…')
      : what === 'sort'
        ? vscode.l10n.t('Sorting…')
        : vscode.l10n.t('Filtering…');
  return what === 'both'
    ? vscode.l10n.t('Filtering and sorting… {0}%', percent)
    : what === 'sort'
      ? vscode.l10n.t('Sorting… {0}%', percent)
      : vscode.l10n.t('Filtering… {0}%', percent);
}

/** "Copied 12 rows as CSV.", "Copied 1 row as a Markdown table." */
function copiedText(n: number, format: CopyFormat): string {
  const count = n.toLocaleString(displayLocale());
  if (format === 'markdown')
    return n === 1
      ? vscode.l10n.t('Copied 1 row as a Markdown table.')
      : vscode.l10n.t('Copied {0} rows as a Markdown table.', count);
  const name = format.toUpperCase();
  return n === 1
    ? vscode.l10n.t({
        message: 'Copied 1 row as {0}.',
        args: [name],
        comment: ['{0} is CSV or TSV'],
      })
    : vscode.l10n.t({
        message: 'Copied {0} rows as {1}.',
        args: [count, name],
        comment: ['{1} is CSV or TSV'],
      });
}

function isEmpty(f: FilterSpec): boolean {
  return !f.all?.trim() && !Object.values(f.columns ?? {}).some((v) => v?.trim());
}
