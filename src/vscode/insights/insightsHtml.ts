// The Insights page: an empty root, the bundled script with a fresh nonce, the bundled stylesheet, and a
// Content-Security-Policy that allows nothing else (no inline script or style, no eval: the charts use
// Vega's expression interpreter; PNG export draws on a canvas and reads it back as a data URL).
import type * as vscode from 'vscode';
import { escapeHtml, newNonce } from '../viewer/tableHtml';

export function insightsCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data: blob:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/** `lang` is VS Code's display language: the page formats numbers and dates in it. */
export function insightsHtml(
  webview: vscode.Webview,
  distUri: vscode.Uri,
  title: string,
  lang: string,
): string {
  const nonce = newNonce();
  const file = (name: string) =>
    String(
      webview.asWebviewUri(
        distUri.with({ path: `${distUri.path.replace(/\/+$/, '')}/webview/${name}` }),
      ),
    );
  return `<!DOCTYPE html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${insightsCsp(webview.cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${file('insights.css')}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<div id="root"></div>
<script nonce="${nonce}" src="${file('insights.js')}"></script>
</body>
</html>`;
}
