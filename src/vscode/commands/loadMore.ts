// "Load More Orders": fetches the next page (the "Load more…" row's command). A user action: one request.
import * as vscode from 'vscode';
import { ViewIds } from '../../core/ids';
import type { Shell } from '../shell';

export function loadMore(s: Pick<Shell, 'log' | 'tree' | 'watcher'>) {
  return async (): Promise<number> => {
    const diff = await vscode.window.withProgress({ location: { viewId: ViewIds.orders } }, () =>
      s.watcher.loadMore(),
    );
    s.tree.syncLoadMoreRow();
    s.log.info(`Loaded ${diff.added.length} more order(s).`);
    return diff.added.length;
  };
}
