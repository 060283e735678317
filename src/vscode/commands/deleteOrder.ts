// "Delete Order": the clicked row, the multi-selection, or (from the palette) the orders picked; the
// confirmation warns about CSVs never downloaded. Deleted rows leave the list at once.
import * as vscode from 'vscode';
import { confirmAndDelete } from '../flows/deleteFlow';
import type { Shell } from '../shell';
import { batchIdOf, deleteBatch } from './batchCommands';
import { ordersFromArgs, pickOrders } from './orderArgs';

export function deleteOrder(
  s: Pick<Shell, 'batches' | 'flows' | 'notifier' | 'settings' | 'watcher'>,
) {
  return async (arg?: unknown, selection?: unknown): Promise<string[]> => {
    // A batch row: every part's order (asked first); the merged CSV stays.
    if (batchIdOf(arg)) return deleteBatch(s, arg);
    let orders = ordersFromArgs(s, arg, selection);
    if (orders.length === 0 && arg === undefined) {
      orders =
        (await pickOrders(s, 'canDelete', {
          title: vscode.l10n.t('Delete Orders'),
          placeholder: vscode.l10n.t('Which orders should be deleted on the server?'),
          none: vscode.l10n.t('No order to delete.'),
          many: true,
        })) ?? [];
    }
    if (orders.length === 0) return [];
    const deleted = await confirmAndDelete(s.flows, orders);
    s.watcher.remove(deleted);
    return deleted;
  };
}
