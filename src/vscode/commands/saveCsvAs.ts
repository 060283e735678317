// "Save CSV As…": asks where, then writes the order's CSV there (copied from disk or downloaded).
import { saveCsvAs as saveCsvAsFlow } from '../flows/csvDownload';
import type { Shell } from '../shell';
import { orderFromArgsOrPick } from './orderArgs';

export function saveCsvAs(s: Pick<Shell, 'flows' | 'notifier' | 'tree' | 'watcher'>) {
  return async (arg?: unknown): Promise<string | undefined> => {
    const order = await orderFromArgsOrPick(s, arg, 'canSave', {
      title: 'Save CSV As',
      placeholder: 'Which export do you want to save?',
      none: 'No finished export to save yet. Start one, or refresh the list.',
    });
    if (!order) return undefined;
    const saved = await saveCsvAsFlow(s.flows, order);
    if (!saved) return undefined;
    s.tree.refresh([order.id]);
    s.notifier.show('info', `Saved ${saved.path}.`);
    return saved.path;
  };
}
