// "Refresh Orders": one poll as soon as the 10 s floor allows (never two requests closer than that),
// with progress on the view; resolves once a poll that started after the click has finished. It also
// retries after a rejected token or an outage; with nothing configured there is nothing to ask.
import * as vscode from 'vscode';
import { ViewIds } from '../../core/ids';
import type { PollOutcome } from '../orderWatcher';
import type { Shell } from '../shell';

export function refresh(s: Pick<Shell, 'log' | 'setup' | 'watcher'>) {
  return async (): Promise<PollOutcome | undefined> => {
    const state = await s.setup.recheck();
    if (state === 'noBaseUrl' || state === 'noToken') {
      s.log.info(`Refresh skipped: set-up incomplete (${state}).`);
      return undefined;
    }
    return vscode.window.withProgress({ location: { viewId: ViewIds.orders } }, () =>
      s.watcher.refreshAndWait(),
    );
  };
}
