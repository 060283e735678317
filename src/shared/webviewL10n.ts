// What a webview needs to speak VS Code's display language, carried in its page (a JSON data block, never
// executed): the l10n bundle VS Code loaded for the extension (none in English) and the language tag for Intl.
// Built by the host (src/vscode/l10nSetup.ts `webviewL10n`, written by src/vscode/webviewPage.ts) and read by
// the webview (src/webview/shared/l10n.ts) before it makes any string.

export interface WebviewL10n {
  readonly bundle?: Readonly<Record<string, string>>;
  /** VS Code's display language (`vscode.env.language`), e.g. "de", "fr", "zh-cn". */
  readonly locale: string;
}

/** Id of the page's JSON data block holding the `WebviewL10n`. */
export const L10N_ELEMENT_ID = 'ua-l10n';
