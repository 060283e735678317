// The table webview's page: an empty root, the bundled script with a fresh nonce, the bundled stylesheet,
// and a Content-Security-Policy that allows nothing else (no inline script or style, no eval, nothing remote).
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';
import { BOOT_ELEMENT_ID, type TableBoot } from '../../shared/tableMessages';

/** A fresh nonce per load (128 bits, base64 without padding characters CSP would reject). */
export function newNonce(): string {
  return randomBytes(16)
    .toString('base64')
    .replace(/[+/=]/g, (c) => (c === '+' ? '-' : c === '/' ? '_' : ''));
}

/** The CSP of the table page; `cspSource` is `webview.cspSource`. */
export function tableCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/**
 * The boot messages as the text of a JSON data block: `<` is written as \u003c, so no cell text (say
 * `</script><script>…`) can end the block; the block is never executed (type application/json) and is
 * read with JSON.parse.
 */
export function bootBlock(boot: TableBoot | undefined): string {
  if (!boot) return '';
  const json = JSON.stringify(boot).replace(/</g, '\\u003c');
  return `<script type="application/json" id="${BOOT_ELEMENT_ID}">${json}</script>\n`;
}

export function tableHtml(
  webview: vscode.Webview,
  distUri: vscode.Uri,
  title: string,
  boot?: TableBoot,
): string {
  const nonce = newNonce();
  const script = webview.asWebviewUri(joinUri(distUri, 'webview', 'table.js'));
  const style = webview.asWebviewUri(joinUri(distUri, 'webview', 'table.css'));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${tableCsp(webview.cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${String(style)}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<div id="root"></div>
${bootBlock(boot)}<script nonce="${nonce}" src="${String(script)}"></script>
</body>
</html>`;
}

function joinUri(base: vscode.Uri, ...parts: string[]): vscode.Uri {
  return base.with({ path: [base.path.replace(/\/+$/, ''), ...parts].join('/') });
}

/** The title is a file name: text only. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
