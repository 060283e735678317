// The words and numbers of the CSV download flow: progress text, why an order cannot be downloaded,
// the large-file preview notice. Pure, so the adapter only shows what this decides.

import { assertNever } from '../errors';
import { stateLabel, typeLabel } from '../orders/order';
import type { Order } from '../orders/order';

const MB = 1024 * 1024;

/** "0.4 MB", "12.3 MB", "1,234 MB": one decimal below 100 MB, none above. */
export function formatMegabytes(bytes: number): string {
  const mb = Math.max(0, bytes) / MB;
  return mb < 100 ? `${mb.toFixed(1)} MB` : `${Math.round(mb).toLocaleString('en-US')} MB`;
}

/** Why an order has no CSV to fetch, or undefined when it is DONE. */
export function notDownloadableReason(order: Order): string | undefined {
  const what = typeLabel(order.type);
  const known = order.state.known;
  if (known === undefined) {
    return `The ${what} export is in state "${stateLabel(order.state)}", not Done: there is no CSV to download. Refresh the list and try again once it is Done.`;
  }
  switch (known) {
    case 'DONE':
      return undefined;
    case 'PENDING':
    case 'RUNNING':
      return `The ${what} export is still being prepared (${stateLabel(order.state)}). Its CSV can be opened once it is Done; you will be notified.`;
    case 'ERROR':
      return `The ${what} export failed on the server, so there is no CSV. Start a new export.`;
    default:
      return assertNever(known, 'order state');
  }
}

export interface ProgressUpdate {
  readonly message: string;
  /** Percentage points to add to the notification's bar (only when the total is known). */
  readonly increment?: number;
}

/**
 * Turns byte counts into progress-notification updates, at most one per whole percent (or per MB when
 * the size is unknown), so a 1 GB download does not send thousands of updates to the UI.
 */
export class DownloadProgressText {
  private reportedPercent = 0;
  private reportedMb = -1;

  next(receivedBytes: number, totalBytes?: number): ProgressUpdate | undefined {
    if (totalBytes && totalBytes > 0) {
      const percent = Math.min(100, Math.floor((receivedBytes / totalBytes) * 100));
      if (percent <= this.reportedPercent && this.reportedMb >= 0) return undefined;
      const increment = percent - this.reportedPercent;
      this.reportedPercent = percent;
      this.reportedMb = Math.floor(receivedBytes / MB);
      return {
        message: `${formatMegabytes(receivedBytes)} of ${formatMegabytes(totalBytes)} (${percent}%)`,
        increment,
      };
    }
    const mb = Math.floor(receivedBytes / MB);
    if (mb <= this.reportedMb) return undefined;
    this.reportedMb = mb;
    return { message: `${formatMegabytes(receivedBytes)} received` };
  }
}

/** Lines and bytes a large-file preview shows: enough to see the columns, cheap to render. */
export const PREVIEW_MAX_LINES = 1000;
export const PREVIEW_MAX_BYTES = 1024 * 1024;

export function largeFileNotice(fileName: string, bytes: number, shownLines: number): string {
  return `${fileName} is ${formatMegabytes(bytes)}, too large to open in the editor without slowing it down. Showing its first ${shownLines.toLocaleString('en-US')} lines, read-only.`;
}

/** What the OS file manager is called where the extension host runs. */
export function revealLabel(platform: string): string {
  if (platform === 'darwin') return 'Reveal in Finder';
  if (platform === 'win32') return 'Reveal in File Explorer';
  return 'Open Containing Folder';
}
