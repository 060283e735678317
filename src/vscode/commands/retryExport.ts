// "Retry Export" on a failed row (inline and context menu): starts the same kind for the same calendar
// days at once, without the wizard. The notification's Retry does the same through startExport.
import * as vscode from 'vscode';
import { retryRequest } from '../../core/orders/orderCapabilities';
import { Fix } from '../errorBoundary';
import { isOrderNode } from '../ordersTree';
import type { Shell } from '../shell';
import { startExport } from './startExport';

export function retryExport(
  s: Pick<Shell, 'boundary' | 'notifier' | 'watcher'> & Parameters<typeof startExport>[0],
) {
  const start = startExport(s);
  return async (node?: unknown): Promise<string | undefined> => {
    const order = isOrderNode(node) ? s.watcher.store.get(node.id) : undefined;
    const request = order ? retryRequest(order, s.watcher.surface) : undefined;
    if (!request) {
      // Only reachable from a stale row or a hand-made call: the menus show it on canRetry rows only.
      s.notifier.show(
        'warning',
        vscode.l10n.t('This order cannot be retried: it did not fail, or it is no longer listed.'),
        [Fix.refresh],
        (a) => s.boundary.runFix(a),
      );
      return undefined;
    }
    return start(request);
  };
}
