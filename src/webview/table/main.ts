// The CSV table's webview (bundled by esbuild into dist/webview/table.js; the host is src/vscode/viewer/).
// This folder decides layout and input only: every row, count, sort, filter and find result comes from the host
// as a typed message (src/shared/tableMessages.ts). It must never hold more than a few pages of rows, never
// set cell text as HTML, and never need anything the CSP forbids (inline script or style, eval, remote fonts).
// Its words are translated with the bundle the page carries (../shared/l10n.ts), set up before the first one.
import * as l10n from '@vscode/l10n';
import {
  BOOT_ELEMENT_ID,
  type HostToWebview,
  type TableViewState,
  type WebviewToHost,
} from '../../shared/tableMessages';
import { setUpL10n } from '../shared/l10n';
import { el } from './dom';
import { readState } from './state';
import { type HostPort, Table } from './table';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: TableViewState): void;
}
declare const acquireVsCodeApi: () => VsCodeApi;

/** What the root shows: a line (opening, a problem) or the table. */
class App {
  private table: Table | undefined;
  private saved: TableViewState | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly port: HostPort,
    saved: TableViewState | undefined,
    /** The display language's tag, for numbers. */
    private readonly locale: string,
  ) {
    this.saved = saved;
    this.line(l10n.t('Opening the file…'), 'loading');
    document.addEventListener('keydown', (e) => {
      if (this.table?.globalKey(e)) {
        e.preventDefault();
        e.stopPropagation();
      }
    });
  }

  receive(m: HostToWebview): void {
    switch (m.type) {
      case 'init': {
        performance.mark('ua-table:init');
        const state = readState(m.state) ?? this.table?.state() ?? this.saved;
        this.clear();
        if (m.columns.length === 0) {
          this.line(l10n.t('This file has no columns.'), 'problem');
          return;
        }
        this.table = new Table(this.port, m, state, this.locale);
        this.root.append(this.table.element);
        this.table.mounted();
        return;
      }
      case 'problem':
        if (this.table) this.saved = this.table.state();
        this.clear();
        this.line(m.message, `problem ${m.kind}`);
        return;
      case 'progress':
        return this.table?.onProgress(m);
      case 'view':
        if (m.first) performance.mark('ua-table:first-page');
        return this.table?.onView(m);
      case 'rows':
        return this.table?.onRows(m);
      case 'found':
        return this.table?.onFound(m);
      case 'note':
        return this.table?.onNote(m.text);
    }
  }

  private clear(): void {
    this.table?.dispose();
    this.table = undefined;
    this.root.replaceChildren();
  }

  private line(text: string, className: string): void {
    this.root.replaceChildren(
      el('div', `line ${className}`, { role: className === 'loading' ? 'status' : 'alert' }, text),
    );
  }
}

function isMessage(data: unknown): data is HostToWebview {
  return (
    typeof data === 'object' &&
    data !== null &&
    typeof (data as { type?: unknown }).type === 'string'
  );
}

performance.mark('ua-table:script');
const locale = setUpL10n();
const api = acquireVsCodeApi();
const saved = readState(api.getState());
const root =
  document.getElementById('root') ?? document.body.appendChild(el('div', '', { id: 'root' }));
const app = new App(
  root,
  { post: (m) => api.postMessage(m), save: (s) => api.setState(s) },
  saved,
  locale,
);
window.addEventListener('message', (e: MessageEvent<unknown>) => {
  if (isMessage(e.data)) app.receive(e.data);
});
const booted = applyBoot();
api.postMessage({
  type: 'ready',
  ...(saved ? { state: saved } : {}),
  ...(booted !== undefined ? { booted } : {}),
});

/**
 * Draws the messages the page came with (src/vscode/viewer/tableSession.ts `boot`), unless this webview's own
 * saved state has a sort or filter the host must make first. Returns the booted view's id.
 */
function applyBoot(): number | undefined {
  if (saved?.sort || saved?.filter) return undefined;
  let boot: unknown;
  try {
    boot = JSON.parse(document.getElementById(BOOT_ELEMENT_ID)?.textContent ?? 'null');
  } catch {
    return undefined;
  }
  if (!Array.isArray(boot) || !boot.every(isMessage)) return undefined;
  const messages = boot;
  const view = messages.find((m) => m.type === 'view');
  if (!view) return undefined;
  for (const m of messages) app.receive(m);
  return view.viewId;
}
