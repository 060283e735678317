// The table webview's page (src/vscode/webviewPage.ts) with the boot block: the first rows as JSON data.
import type * as vscode from 'vscode';
import { BOOT_ELEMENT_ID, type TableBoot } from '../../shared/tableMessages';
import { webviewPage } from '../webviewPage';

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
  return webviewPage(webview, distUri, {
    bundle: 'table',
    title,
    lang: 'en',
    imgSources: 'data:',
    beforeScript: bootBlock(boot),
  });
}
