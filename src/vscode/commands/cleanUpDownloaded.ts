// "Delete All Downloaded Orders": deletes on the server every listed order whose CSV is safely on disk.
import { cleanUpDownloaded as cleanUpFlow } from '../flows/deleteFlow';
import type { Shell } from '../shell';

export function cleanUpDownloaded(s: Pick<Shell, 'flows' | 'watcher'>) {
  return async (): Promise<string[]> => {
    const deleted = await cleanUpFlow(s.flows, s.watcher.store.orders());
    s.watcher.remove(deleted);
    return deleted;
  };
}
