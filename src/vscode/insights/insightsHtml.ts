// The Insights page (src/vscode/webviewPage.ts). Images may also be blob: and data: URLs: PNG export draws
// on a canvas and reads it back. The charts need no eval: they use Vega's expression interpreter.
import type * as vscode from 'vscode';
import { webviewPage } from '../webviewPage';

/** `lang` is VS Code's display language: the page formats numbers and dates in it. */
export function insightsHtml(
  webview: vscode.Webview,
  distUri: vscode.Uri,
  title: string,
  lang: string,
): string {
  return webviewPage(webview, distUri, {
    bundle: 'insights',
    title,
    lang,
    imgSources: 'data: blob:',
  });
}
