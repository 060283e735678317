// The page of each of our webviews (the table, Insights): an empty root, the bundled script with a fresh nonce,
// the bundled stylesheet, and a Content-Security-Policy that allows nothing else (no inline script or style,
// no eval, nothing remote). One builder, so both pages keep the same policy. The page carries its language as
// data (the l10n bundle and locale), read by the script before it makes any string.
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';
import { L10N_ELEMENT_ID, type WebviewL10n } from '../shared/webviewL10n';

/** A fresh nonce per load (128 bits, base64 without padding characters CSP would reject). */
export function newNonce(): string {
  return randomBytes(16)
    .toString('base64')
    .replace(/[+/=]/g, (c) => (c === '+' ? '-' : c === '/' ? '_' : ''));
}

/** The CSP of a page; `cspSource` is `webview.cspSource`, `imgSources` what images may come from besides it. */
export function webviewCsp(cspSource: string, nonce: string, imgSources: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} ${imgSources}`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/** A title or language tag: text only. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * `value` as the text of a JSON data block: `<` is written as \u003c, so no text inside (say
 * `</script><script>…`) can end the block; the block is never executed (type application/json) and is read
 * with JSON.parse.
 */
export function jsonBlock(id: string, value: unknown): string {
  const json = JSON.stringify(value).replace(/</g, '\\u003c');
  return `<script type="application/json" id="${escapeHtml(id)}">${json}</script>\n`;
}

export interface PageOptions {
  /** `dist/webview/<bundle>.js` and `.css`. */
  readonly bundle: 'table' | 'insights';
  readonly title: string;
  /** The display language: the page's `lang`, and the bundle its script translates with. */
  readonly l10n: WebviewL10n;
  readonly imgSources: string;
  /** Markup before the script (the table's boot data block); must be safe already. */
  readonly beforeScript?: string;
}

export function webviewPage(webview: vscode.Webview, distUri: vscode.Uri, o: PageOptions): string {
  const nonce = newNonce();
  const file = (ext: 'js' | 'css'): string =>
    String(
      webview.asWebviewUri(
        distUri.with({ path: `${distUri.path.replace(/\/+$/, '')}/webview/${o.bundle}.${ext}` }),
      ),
    );
  return `<!DOCTYPE html>
<html lang="${escapeHtml(o.l10n.locale)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${webviewCsp(webview.cspSource, nonce, o.imgSources)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${file('css')}">
<title>${escapeHtml(o.title)}</title>
</head>
<body>
<div id="root"></div>
${jsonBlock(L10N_ELEMENT_ID, o.l10n)}${o.beforeScript ?? ''}<script nonce="${nonce}" src="${file('js')}"></script>
</body>
</html>`;
}
