// "Open CSV": the order's CSV from disk (downloaded first when needed, cancellable), opened in an editor
// tab when `openAfterDownload` is on (the text editor, or the table per `openDownloadsIn` / "Open as Table"); with `deleteAfterDownload`, the order is deleted once the file is
// complete. From a row, the row's default action, a notification, or the palette (quick pick).
import * as vscode from 'vscode';
import { csvFileName } from '../../core/downloads/csvFiles';
import { formatRange } from '../../core/dateRange';
import { typeLabel, type Order } from '../../core/orders/order';
import { orderDateRange } from '../../core/orders/order';
import { downloadOrderCsv, openCsvFile, deleteAfterDownload } from '../flows/csvDownload';
import { CommandIds, ViewIds } from '../../core/ids';
import type { Shell } from '../shell';
import { batchIdOf, openBatch } from './batchCommands';
import { orderFromArgsOrPick } from './orderArgs';

const DOWNLOAD_AGAIN = 'Download Again';

export interface OpenCsvOptions {
  /** Download again even if a complete file is on disk. */
  readonly fresh?: boolean;
  /** Cancels the download like the notification's Cancel button (callers with their own cancellation). */
  readonly signal?: AbortSignal;
  /** Where to open it; default the `openDownloadsIn` setting. */
  readonly as?: 'text' | 'table';
}

export function openCsv(
  s: Pick<Shell, 'batches' | 'flows' | 'notifier' | 'settings' | 'tree' | 'watcher'>,
) {
  return async (arg?: unknown, second?: unknown): Promise<string | undefined> => {
    const options: OpenCsvOptions = isOptions(second) ? second : {};
    if (batchIdOf(arg)) return openBatch(s, arg, options.as);
    const order = await orderFromArgsOrPick(s, arg, 'canOpen', {
      title: 'Open CSV',
      placeholder: 'Which export do you want to open?',
      none: 'No finished export to open yet. Start one, or refresh the list.',
    });
    if (!order) return undefined;

    const file = await downloadOrderCsv(s.flows, order, {
      fresh: options.fresh,
      signal: options.signal,
    });
    if (!file) return undefined;
    s.tree.refresh([order.id]);
    const as = options.as ?? s.settings.current.openDownloadsIn;
    const show = (): Thenable<unknown> =>
      as === 'table'
        ? vscode.commands.executeCommand(
            'vscode.openWith',
            vscode.Uri.file(file.path),
            ViewIds.table,
            {
              preview: false,
            },
          )
        : openCsvFile(file.path, file.bytes, s.flows.saveGuard);
    // "Open as Table" opens whatever openAfterDownload says: the person asked for the table.
    if (s.settings.current.openAfterDownload || options.as === 'table') {
      await show();
    } else {
      s.notifier.show('info', `Saved ${csvFileName(order)}.`, ['Open', 'Reveal'], (a) =>
        a === 'Open'
          ? show()
          : vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(file.path)),
      );
    }
    if (file.fromCache && s.settings.current.openAfterDownload) {
      // The only way to ask for a fresh copy: say the file is the earlier download and offer another.
      s.notifier.show(
        'info',
        `Opened the ${describeExport(order)}, downloaded earlier.`,
        [DOWNLOAD_AGAIN],
        () => vscode.commands.executeCommand(CommandIds.openCsv, order.id, { fresh: true }),
      );
    }
    if (await deleteAfterDownload(s.flows, order, file)) s.watcher.remove([order.id]);
    return file.path;
  };
}

/** "Reference statistics CSV for Nov 18 – 24, 2026": the file name is long and already the tab title. */
function describeExport(order: Order): string {
  const range = orderDateRange(order);
  return `${typeLabel(order.type)} CSV${range ? ` for ${formatRange(range, vscode.env.language)}` : ''}`;
}

function isOptions(x: unknown): x is OpenCsvOptions {
  return (
    typeof x === 'object' &&
    x !== null &&
    !Array.isArray(x) &&
    ('fresh' in x || 'signal' in x || 'as' in x)
  );
}
