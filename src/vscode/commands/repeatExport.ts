// "Repeat for the Next Period" / "Repeat for the Previous Period" on a finished row (its menu): the same kind for
// the adjacent window of the same length (a month stays a calendar month), started at once without the
// wizard; a window that is not allowed yet (future days) gets startExport's warning.
import * as vscode from 'vscode';
import { repeatRequest } from '../../core/orders/orderCapabilities';
import { Fix } from '../errorBoundary';
import { isOrderNode } from '../ordersTree';
import type { Shell } from '../shell';
import { batchIdOf, repeatBatchRequest } from './batchCommands';
import { startExport } from './startExport';

function repeat(direction: 'next' | 'previous') {
  return (
    s: Pick<Shell, 'batches' | 'boundary' | 'flows' | 'notifier' | 'settings' | 'watcher'> &
      Parameters<typeof startExport>[0],
  ) => {
    const start = startExport(s);
    return async (node?: unknown): Promise<string | undefined> => {
      if (batchIdOf(node)) {
        const again = repeatBatchRequest(s, node, direction);
        return again ? start(again) : undefined;
      }
      const id = isOrderNode(node) ? node.id : typeof node === 'string' ? node : undefined;
      const order = id ? s.watcher.store.get(id) : undefined;
      const request = order ? repeatRequest(order, direction, s.watcher.surface) : undefined;
      if (!request) {
        s.notifier.show(
          'warning',
          vscode.l10n.t(
            'This order cannot be repeated: it is not finished, its period is unknown, or it is no longer listed.',
          ),
          [Fix.refresh],
          (a) => s.boundary.runFix(a),
        );
        return undefined;
      }
      return start(request);
    };
  };
}

export const repeatNextPeriod = repeat('next');
export const repeatPreviousPeriod = repeat('previous');
