// What the Orders view says about itself beyond its rows: the badge and a status bar item while exports
// are unfinished (click focuses the view), the `unfinishedCount` context key, and a one-line message
// when the last refresh failed but the list is still shown.
import * as vscode from 'vscode';
import { assertNever, isApiError } from '../core/errors';
import { ContextKeys, ViewIds } from '../core/ids';
import { presentUnfinishedSummary } from '../core/orders/orderPresentation';
import type { PollStatus } from '../core/orders/pollScheduler';
import { ContextKey } from './contextKey';
import type { ConnectionOrders } from './connections/connectionOrders';
import type { SetupController } from './setupController';

export class ViewStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'uniqueAnalytics.unfinished',
    vscode.StatusBarAlignment.Left,
    10,
  );
  private readonly unfinishedKey = new ContextKey<number>(ContextKeys.unfinishedCount);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly view: vscode.TreeView<unknown>,
    private readonly watcher: ConnectionOrders,
    private readonly setup: SetupController,
    /** Counts a batch once and its parts not at all. */
    private readonly batches?: {
      unfinishedCount(store: ConnectionOrders['store']): number;
      readonly onDidChange: vscode.Event<unknown>;
    },
  ) {
    this.item.name = 'Unique Analytics exports';
    this.item.command = `${ViewIds.orders}.focus`;
    const update = (): void => this.update();
    this.disposables.push(
      this.item,
      watcher.onDidChangeOrders(update),
      watcher.onDidChangeStatus(update),
      watcher.onDidSwitch(update),
      setup.onDidChange(update),
      ...(batches ? [batches.onDidChange(update)] : []),
    );
    this.update();
  }

  private update(): void {
    const count = !this.setup.showsOrders
      ? 0
      : this.batches
        ? this.batches.unfinishedCount(this.watcher.store)
        : this.watcher.store.unfinishedCount;
    const summary = presentUnfinishedSummary(count);
    void this.unfinishedKey.set(count);
    this.view.badge = count > 0 ? { value: count, tooltip: summary } : undefined;
    if (count > 0) {
      // A bare number next to the problem counts would say nothing about what it counts.
      this.item.text = `$(sync~spin) ${count === 1 ? '1 export' : `${count} exports`}`;
      this.item.tooltip = `Unique Analytics: ${summary}. Click to show the orders.`;
      this.item.accessibilityInformation = { label: `Unique Analytics: ${summary}` };
      this.item.show();
    } else {
      this.item.hide();
    }
    // Offline with nothing to show: the welcome content explains it (a message would hide it).
    const hasRows = this.watcher.store.orders().length > 0;
    const says = this.setup.showsOrders && (hasRows || this.setup.current === 'ready');
    const loading =
      this.setup.current === 'ready' &&
      !this.watcher.hasListed &&
      this.watcher.status.lastError === undefined;
    // A message hides the welcome content, so "No exports yet" appears only once the list is known to be empty.
    this.view.message = loading
      ? 'Loading orders…'
      : says
        ? problemLine(this.watcher.status, hasRows)
        : undefined;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * The view's message while the shown list may be stale; undefined when the last refresh worked. It sits
 * above the rows, so it stays one short line: the full error is in the log.
 */
export function problemLine(status: PollStatus, hasRows: boolean): string | undefined {
  const e = status.lastError;
  if (e === undefined || status.state === 'polling') return undefined;
  const when =
    status.nextPollAt !== undefined
      ? ` Retrying at ${new Date(status.nextPollAt).toLocaleTimeString(vscode.env.language)}.`
      : '';
  return `Refresh failed: ${shortReason(e)}.${hasRows ? ' Showing the last known list.' : ''}${when}`;
}

function shortReason(e: unknown): string {
  if (!isApiError(e)) return 'see the log';
  const http = e.details.status ? ` (HTTP ${e.details.status})` : '';
  switch (e.kind) {
    case 'server':
      return `server error${http}`;
    case 'rateLimited':
      return `the server asked to slow down${http}`;
    case 'network':
      return 'Unique cannot be reached';
    case 'protocol':
      return 'an answer this version cannot read (see the log)';
    case 'unauthorized':
      return `token rejected${http}`;
    case 'forbidden':
      return `token lacks the analytics roles${http}`;
    case 'notFound':
    case 'badConfiguration':
    case 'notConfigured':
      return 'check the base URL and GraphQL path';
    case 'cancelled':
      return 'cancelled';
    default:
      return assertNever(e.kind, 'error kind');
  }
}
