// What the user flows (export wizard, CSV download/open, delete) need from the extension, injected by
// the shell (extension.ts). Flows hold no state of their own and never read settings directly.

import type * as vscode from 'vscode';
import type { UniqueAnalyticsApi } from '../../core/api/types';
import type { DownloadIndex } from '../../core/downloadIndex';

export interface FlowDeps {
  /** The configured client; throws ApiError('notConfigured') when base URL or token are missing. */
  api(): UniqueAnalyticsApi;
  /** Which order's CSV lies where on disk, and whether it is still complete. */
  index: DownloadIndex;
  /** Absolute folder for downloaded CSVs (the setting, or the extension's storage). */
  downloadFolder(): string;
  log: vscode.LogOutputChannel;
  settings(): { openAfterDownload: boolean; deleteAfterDownload: boolean };
}
