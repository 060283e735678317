// The custom editor "Unique Analytics Table" (viewType uniqueAnalytics.csvViewer, priority `option`: it
// never takes .csv away from the text editor). Read-only: a document is the file's engine (TableDocument),
// each editor a webview with a strict CSP talking to a TableSession. Webview state (scroll, widths, sort,
// filter) comes back after hiding or a reload; the panel is not kept alive while hidden.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ViewIds } from '../../core/ids';
import type { Logger } from '../../core/ports';
import { webviewL10n } from '../l10nSetup';
import { TableDocument } from './tableDocument';
import { tableHtml } from './tableHtml';
import { TableSession, type TableTraffic } from './tableSession';

/** How long the page waits for the file's first rows before it is shown without them (it then asks). */
const BOOT_WAIT_MS = 500;

export class TableEditorProvider implements vscode.CustomReadonlyEditorProvider<TableDocument> {
  private readonly opened = new vscode.EventEmitter<{
    uri: vscode.Uri;
    panel: vscode.WebviewPanel;
  }>();
  /** An editor was resolved (integration tests wait on it). */
  readonly onDidOpen = this.opened.event;
  private readonly traffic = new vscode.EventEmitter<TableTraffic>();
  /** Every message between a table's webview and the host. */
  readonly onDidMessage = this.traffic.event;

  private readonly sessions = new Set<TableSession>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Logger,
    private readonly masked: () => boolean,
  ) {}

  /** Draws every open table again (the `maskEmails` setting changed). */
  redrawAll(): void {
    for (const s of this.sessions) s.redraw();
  }

  static register(
    context: vscode.ExtensionContext,
    log: Logger,
    masked: () => boolean,
  ): { provider: TableEditorProvider; disposable: vscode.Disposable } {
    const provider = new TableEditorProvider(context.extensionUri, log, masked);
    const disposable = vscode.window.registerCustomEditorProvider(ViewIds.table, provider, {
      supportsMultipleEditorsPerDocument: true,
      // State is kept with setState; a hidden table costs no memory in the renderer.
      webviewOptions: { retainContextWhenHidden: false, enableFindWidget: false },
    });
    return { provider, disposable };
  }

  openCustomDocument(uri: vscode.Uri): TableDocument {
    const doc = new TableDocument(uri);
    // Start reading while VS Code builds the webview (about half a second): the header and first rows are
    // then known when its script says it is ready (bench/README.md, "CSV table on 1 GiB").
    void doc.table().catch(() => undefined);
    return doc;
  }

  async resolveCustomEditor(document: TableDocument, panel: vscode.WebviewPanel): Promise<void> {
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    panel.webview.options = {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [dist, vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
    const session = new TableSession(
      panel,
      document,
      this.log,
      (t) => this.traffic.fire(t),
      this.masked,
    );
    this.sessions.add(session);
    panel.onDidDispose(() => {
      this.sessions.delete(session);
      session.dispose();
    });
    // The page carries the first rows when the file opens quickly (it was started in openCustomDocument).
    const boot = await session.boot(BOOT_WAIT_MS);
    panel.webview.html = tableHtml(
      panel.webview,
      dist,
      path.basename(document.uri.fsPath),
      webviewL10n(),
      boot,
    );
    this.opened.fire({ uri: document.uri, panel });
  }
}
