// "Copy Order ID": the id(s) of the clicked or selected rows to the clipboard.
import * as vscode from 'vscode';
import type { Shell } from '../shell';
import { ordersFromArgs } from './orderArgs';

export function copyOrderId(s: Pick<Shell, 'flows' | 'notifier' | 'watcher'>) {
  return async (arg?: unknown, selection?: unknown): Promise<string | undefined> => {
    const orders = ordersFromArgs(s, arg, selection);
    if (orders.length === 0) return undefined;
    const text = orders.map((o) => o.id).join('\n');
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(
      orders.length === 1
        ? vscode.l10n.t('Order ID copied')
        : vscode.l10n.t('{0} order IDs copied', orders.length),
      3000,
    );
    return text;
  };
}
