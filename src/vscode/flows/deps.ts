// What the user flows (export wizard, CSV download/open, delete) need from the extension, injected by
// the shell (extension.ts). Flows hold no state of their own and never read settings directly.

import * as vscode from 'vscode';
import type { UniqueAnalyticsApi } from '../../core/api/types';
import type { DownloadIndex } from '../../core/downloads/downloadIndex';
import type { SaveGuardDeps } from '../trust/saveGuard';

export interface FlowDeps {
  /** The configured client; throws ApiError('notConfigured') when base URL or token are missing. */
  api(): UniqueAnalyticsApi;
  /** Which order's CSV lies where on disk, and whether it is still complete. */
  index: DownloadIndex;
  /** Absolute folder for downloaded CSVs (the setting, or the extension's storage). */
  downloadFolder(): string;
  log: vscode.LogOutputChannel;
  settings(): { openAfterDownload: boolean; deleteAfterDownload: boolean };
  /**
   * Shows a message through the shell's Notifier (token scrubbed, no duplicates, visible to the
   * integration tests); without it, messages go straight to VS Code.
   */
  notify?(severity: 'info' | 'warning' | 'error', text: string): void;
  /**
   * Asks before a CSV is written inside a workspace folder or git work tree that does not ignore it
   * (trust/saveGuard.ts). The shell always gives one; flow tests that write only to temp folders may not.
   */
  saveGuard?: SaveGuardDeps;
}

/** Shows a flow's message through `deps.notify` when the shell gave one. */
export function say(
  deps: Pick<FlowDeps, 'notify'>,
  severity: 'info' | 'warning' | 'error',
  text: string,
): void {
  if (deps.notify) return deps.notify(severity, text);
  if (severity === 'error') void vscode.window.showErrorMessage(text);
  else if (severity === 'warning') void vscode.window.showWarningMessage(text);
  else void vscode.window.showInformationMessage(text);
}
