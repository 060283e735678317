// The Insights page (src/vscode/webviewPage.ts). Images may also be blob: and data: URLs: PNG export draws
// on a canvas and reads it back. The charts need no eval: they use Vega's expression interpreter.
import type * as vscode from 'vscode';
import type { WebviewL10n } from '../../shared/webviewL10n';
import { webviewPage } from '../webviewPage';

/** `l10n` is VS Code's display language: the page translates with its bundle, formats numbers and dates in it. */
export function insightsHtml(
  webview: vscode.Webview,
  distUri: vscode.Uri,
  title: string,
  l10n: WebviewL10n,
): string {
  return webviewPage(webview, distUri, {
    bundle: 'insights',
    title,
    l10n,
    imgSources: 'data: blob:',
  });
}
