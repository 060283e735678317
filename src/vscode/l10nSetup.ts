// VS Code loads this extension's bundle for the display language (package.json "l10n": "./l10n") into
// vscode.l10n. Core and the webviews cannot import vscode: they translate through @vscode/l10n, configured
// here from that same bundle, and format numbers and dates for the same language.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { setDisplayLocale } from '../core/l10n/locale';

export function configureL10n(): void {
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  setDisplayLocale(vscode.env.language);
}

/** What a webview needs to speak the same language: the loaded bundle (none in English) and the locale. */
export function webviewL10n(): { bundle?: Record<string, string>; locale: string } {
  return {
    ...(vscode.l10n.bundle ? { bundle: vscode.l10n.bundle } : {}),
    locale: vscode.env.language,
  };
}
