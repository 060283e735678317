// The words and numbers of the CSV download flow: progress text, why an order cannot be downloaded,
// the large-file preview notice. Pure, so the adapter only shows what this decides.

import * as l10n from '@vscode/l10n';
import { assertNever } from '../errors';
import { displayLocale } from '../l10n/locale';
import { stateLabel, typeLabel } from '../orders/order';
import type { Order } from '../orders/order';

const MB = 1024 * 1024;

const ONE_DECIMAL: Intl.NumberFormatOptions = {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
};

/** "0.4 MB", "12.3 MB", "1,234 MB": one decimal below 100 MB, none above; numbers in the display language. */
export function formatMegabytes(bytes: number): string {
  const mb = Math.max(0, bytes) / MB;
  // Rounded as toFixed rounds, then written the display language's way ("0,4" in German).
  const n =
    mb < 100
      ? Number(mb.toFixed(1)).toLocaleString(displayLocale(), ONE_DECIMAL)
      : Math.round(mb).toLocaleString(displayLocale());
  return l10n.t({ message: '{0} MB', args: [n], comment: ['megabytes'] });
}

/** Why an order has no CSV to fetch, or undefined when it is DONE. */
export function notDownloadableReason(order: Order): string | undefined {
  const what = typeLabel(order.type);
  const known = order.state.known;
  if (known === undefined) {
    return l10n.t({
      message:
        'The {0} export is in state "{1}", not Done: there is no CSV to download. Refresh the list and try again once it is Done.',
      args: [what, stateLabel(order.state)],
      comment: ['{0} is an export kind, e.g. "Chat interactions"; {1} a state the server named'],
    });
  }
  switch (known) {
    case 'DONE':
      return undefined;
    case 'PENDING':
    case 'RUNNING':
      return l10n.t({
        message:
          'The {0} export is still being prepared ({1}). Its CSV can be opened once it is Done; you will be notified.',
        args: [what, stateLabel(order.state)],
        comment: ['{0} is an export kind, e.g. "Chat interactions"; {1} its state, e.g. "Running"'],
      });
    case 'ERROR':
      return l10n.t({
        message: 'The {0} export failed on the server, so there is no CSV. Start a new export.',
        args: [what],
        comment: ['{0} is an export kind, e.g. "Chat interactions"'],
      });
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
        message: l10n.t({
          message: '{0} of {1} ({2}%)',
          args: [formatMegabytes(receivedBytes), formatMegabytes(totalBytes), percent],
          comment: ['download progress, e.g. "1.2 MB of 60.0 MB (2%)"'],
        }),
        increment,
      };
    }
    const mb = Math.floor(receivedBytes / MB);
    if (mb <= this.reportedMb) return undefined;
    this.reportedMb = mb;
    return {
      message: l10n.t({
        message: '{0} received',
        args: [formatMegabytes(receivedBytes)],
        comment: ['download progress without a known size, e.g. "1.2 MB received"'],
      }),
    };
  }
}

/** Lines and bytes a large-file preview shows: enough to see the columns, cheap to render. */
export const PREVIEW_MAX_LINES = 1000;
export const PREVIEW_MAX_BYTES = 1024 * 1024;

export function largeFileNotice(fileName: string, bytes: number, shownLines: number): string {
  return l10n.t({
    message:
      '{0} is {1}, too large to open in the editor without slowing it down. Showing its first {2} lines, read-only.',
    args: [fileName, formatMegabytes(bytes), shownLines.toLocaleString(displayLocale())],
    comment: ['{0} is a file name; {1} its size, e.g. "60.0 MB"; {2} a number of lines'],
  });
}

/** What the OS file manager is called where the extension host runs. */
export function revealLabel(platform: string): string {
  if (platform === 'darwin') return l10n.t('Reveal in Finder');
  if (platform === 'win32') return l10n.t('Reveal in File Explorer');
  return l10n.t('Open Containing Folder');
}
