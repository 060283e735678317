// "Save CSV As…": asks where, then writes the order's CSV there (copied from disk or downloaded).
import * as vscode from 'vscode';
import { saveCsvAs as saveCsvAsFlow } from '../flows/csvDownload';
import type { Shell } from '../shell';
import { batchIdOf, saveBatchAs } from './batchCommands';
import { orderToSave } from './orderArgs';

export function saveCsvAs(
  s: Pick<Shell, 'batches' | 'flows' | 'notifier' | 'settings' | 'tree' | 'watcher'>,
) {
  return async (arg?: unknown): Promise<string | undefined> => {
    if (batchIdOf(arg)) return saveBatchAs(s, arg);
    const order = await orderToSave(
      s,
      arg,
      vscode.l10n.t('Save CSV As'),
      vscode.l10n.t('Which export do you want to save?'),
    );
    if (!order) return undefined;
    const saved = await saveCsvAsFlow(s.flows, order);
    if (!saved) return undefined;
    s.tree.refresh([order.id]);
    s.notifier.show('info', vscode.l10n.t('Saved {0}.', saved.path));
    return saved.path;
  };
}
