// What the Orders view says about itself beyond its rows: the badge and a status bar item while exports
// are unfinished (click focuses the view), the `unfinishedCount` and `hasFinishedExport` context keys, and a
// one-line message when the last refresh failed but the list is still shown.
import * as vscode from 'vscode';
import { assertNever, isApiError } from '../core/errors';
import { ContextKeys, ViewIds } from '../core/ids';
import { displayLocale } from '../core/l10n/locale';
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
  private readonly finishedKey = new ContextKey<boolean>(ContextKeys.hasFinishedExport);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly view: vscode.TreeView<unknown>,
    private readonly watcher: ConnectionOrders,
    private readonly setup: SetupController,
    /** Counts a batch once and its parts not at all. */
    private readonly batches?: {
      unfinishedCount(store: ConnectionOrders['store']): number;
      hasFinishedExport(store: ConnectionOrders['store']): boolean;
      readonly onDidChange: vscode.Event<unknown>;
    },
  ) {
    this.item.name = vscode.l10n.t('Unique Analytics exports');
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
    // The walkthrough's "watch it finish": a DONE order or a merged batch is in the list shown.
    const finished =
      this.setup.showsOrders &&
      (this.batches
        ? this.batches.hasFinishedExport(this.watcher.store)
        : this.watcher.store.orders().some((o) => o.state.known === 'DONE'));
    void this.finishedKey.set(finished);
    this.view.badge = count > 0 ? { value: count, tooltip: summary } : undefined;
    if (count > 0) {
      // A bare number next to the problem counts would say nothing about what it counts.
      this.item.text =
        count === 1
          ? vscode.l10n.t('$(sync~spin) 1 export')
          : vscode.l10n.t('$(sync~spin) {0} exports', count.toLocaleString(displayLocale()));
      this.item.tooltip = vscode.l10n.t({
        message: 'Unique Analytics: {0}. Click to show the orders.',
        args: [summary],
        comment: ['{0} says how many exports are unfinished'],
      });
      this.item.accessibilityInformation = {
        label: vscode.l10n.t({
          message: 'Unique Analytics: {0}',
          args: [summary],
          comment: ['{0} says how many exports are unfinished'],
        }),
      };
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
      ? vscode.l10n.t('Loading orders…')
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
  const reason = shortReason(e);
  if (status.nextPollAt === undefined)
    return hasRows
      ? vscode.l10n.t({
          message: 'Refresh failed: {0}. Showing the last known list.',
          args: [reason],
          comment: ['{0} is a short reason, e.g. "server error (HTTP 502)"; {1} is a time of day'],
        })
      : vscode.l10n.t({
          message: 'Refresh failed: {0}.',
          args: [reason],
          comment: ['{0} is a short reason, e.g. "server error (HTTP 502)"; {1} is a time of day'],
        });
  const at = new Date(status.nextPollAt).toLocaleTimeString(displayLocale());
  return hasRows
    ? vscode.l10n.t({
        message: 'Refresh failed: {0}. Showing the last known list. Retrying at {1}.',
        args: [reason, at],
        comment: ['{0} is a short reason, e.g. "server error (HTTP 502)"; {1} is a time of day'],
      })
    : vscode.l10n.t({
        message: 'Refresh failed: {0}. Retrying at {1}.',
        args: [reason, at],
        comment: ['{0} is a short reason, e.g. "server error (HTTP 502)"; {1} is a time of day'],
      });
}

/** Why the refresh failed, as a short phrase that ends the sentence "Refresh failed: …". */
function shortReason(e: unknown): string {
  if (!isApiError(e)) return vscode.l10n.t('see the log');
  const http = e.details.status;
  switch (e.kind) {
    case 'server':
      return http ? vscode.l10n.t('server error (HTTP {0})', http) : vscode.l10n.t('server error');
    case 'rateLimited':
      return http
        ? vscode.l10n.t('the server asked to slow down (HTTP {0})', http)
        : vscode.l10n.t('the server asked to slow down');
    case 'network':
      return vscode.l10n.t('Unique cannot be reached');
    case 'protocol':
      return vscode.l10n.t('an answer this version cannot read (see the log)');
    case 'unauthorized':
      return http
        ? vscode.l10n.t('token rejected (HTTP {0})', http)
        : vscode.l10n.t('token rejected');
    case 'forbidden':
      return http
        ? vscode.l10n.t('token lacks the analytics roles (HTTP {0})', http)
        : vscode.l10n.t('token lacks the analytics roles');
    case 'notFound':
    case 'badConfiguration':
    case 'notConfigured':
      return vscode.l10n.t('check the base URL and GraphQL path');
    case 'cancelled':
      return vscode.l10n.t('cancelled');
    default:
      return assertNever(e.kind, 'error kind');
  }
}
