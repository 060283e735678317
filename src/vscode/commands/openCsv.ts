// "Open CSV": the order's CSV from disk (downloaded first when needed, cancellable), opened in an editor
// tab when `openAfterDownload` is on (the text editor, or the table per `openDownloadsIn` / "Open as Table"); with `deleteAfterDownload`, the order is deleted once the file is
// complete. From a row, the row's default action, a notification, or the palette (quick pick).
import * as vscode from 'vscode';
import { csvFileName } from '../../core/downloads/csvFiles';
import { formatRange } from '../../core/dateRange';
import { displayLocale } from '../../core/l10n/locale';
import { typeLabel, type Order } from '../../core/orders/order';
import { orderDateRange } from '../../core/orders/order';
import { downloadOrderCsv, openCsvFile, deleteAfterDownload } from '../flows/csvDownload';
import { CommandIds, ViewIds } from '../../core/ids';
import type { Shell } from '../shell';
import { batchIdOf, openBatch } from './batchCommands';
import { orderFromArgsOrPick } from './orderArgs';

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
      title: vscode.l10n.t('Open CSV'),
      placeholder: vscode.l10n.t('Which export do you want to open?'),
      none: vscode.l10n.t('No finished export to open yet. Start one, or refresh the list.'),
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
      const open = vscode.l10n.t({ message: 'Open', comment: ['verb: open the CSV in an editor'] });
      const reveal = vscode.l10n.t({
        message: 'Reveal',
        comment: ['verb: show the file in the file manager'],
      });
      s.notifier.show(
        'info',
        vscode.l10n.t('Saved {0}.', csvFileName(order)),
        [open, reveal],
        (a) =>
          a === open
            ? show()
            : a === reveal
              ? vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(file.path))
              : undefined,
      );
    }
    if (file.fromCache && s.settings.current.openAfterDownload) {
      // The only way to ask for a fresh copy: say the file is the earlier download and offer another.
      s.notifier.show('info', openedEarlierText(order), [vscode.l10n.t('Download Again')], () =>
        vscode.commands.executeCommand(CommandIds.openCsv, order.id, { fresh: true }),
      );
    }
    if (await deleteAfterDownload(s.flows, order, file)) s.watcher.remove([order.id]);
    return file.path;
  };
}

/** "…the Reference statistics CSV for Nov 18 – 24, 2026…": the file name is long and already the tab title. */
function openedEarlierText(order: Order): string {
  const range = orderDateRange(order);
  return range
    ? vscode.l10n.t({
        message: 'Opened the {0} CSV for {1}, downloaded earlier.',
        args: [typeLabel(order.type), formatRange(range, displayLocale())],
        comment: ['{0} is the kind of export, e.g. "Chat interactions"; {1} is a date range'],
      })
    : vscode.l10n.t({
        message: 'Opened the {0} CSV, downloaded earlier.',
        args: [typeLabel(order.type)],
        comment: ['{0} is the kind of export, e.g. "Chat interactions"'],
      });
}

function isOptions(x: unknown): x is OpenCsvOptions {
  return (
    typeof x === 'object' &&
    x !== null &&
    !Array.isArray(x) &&
    ('fresh' in x || 'signal' in x || 'as' in x)
  );
}
