// The table webview's page (src/vscode/webviewPage.ts) with the boot block: the first rows as JSON data.
import type * as vscode from 'vscode';
import { BOOT_ELEMENT_ID, type TableBoot } from '../../shared/tableMessages';
import type { WebviewL10n } from '../../shared/webviewL10n';
import { jsonBlock, webviewPage } from '../webviewPage';

/** The boot messages as a JSON data block (webviewPage.ts `jsonBlock`: never executed, cannot be ended early). */
export function bootBlock(boot: TableBoot | undefined): string {
  return boot ? jsonBlock(BOOT_ELEMENT_ID, boot) : '';
}

export function tableHtml(
  webview: vscode.Webview,
  distUri: vscode.Uri,
  title: string,
  l10n: WebviewL10n,
  boot?: TableBoot,
): string {
  return webviewPage(webview, distUri, {
    bundle: 'table',
    title,
    l10n,
    imgSources: 'data:',
    beforeScript: bootBlock(boot),
  });
}
