// Announces orders that finished while we watched them (setting `notifyWhenDone`): DONE offers Open and
// Save As, ERROR says why when the server told us and offers Retry. Orders first seen already final
// are never announced (the store reports no transition for them).
import * as vscode from 'vscode';
import { CommandIds } from '../core/ids';
import { isFinal, stateLabel, typeLabel, type Order } from '../core/orders/order';
import { retryRequest } from '../core/orders/orderCapabilities';
import { orderDateRange } from '../core/orders/order';
import { formatRange } from '../core/dateRange';
import type { OrderStoreDiff, OrderTransition } from '../core/orders/orderStore';
import type { Notifier } from './notifier';
import type { Settings } from './settings';

const OPEN = 'Open';
const SAVE_AS = 'Save As…';
const RETRY = 'Retry';

export class TransitionNotifier implements vscode.Disposable {
  private readonly transitions = new vscode.EventEmitter<OrderTransition>();
  /** Every final transition seen, announced or not (integration tests listen to it). */
  readonly onDidFinish = this.transitions.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    onDidChangeOrders: vscode.Event<OrderStoreDiff>,
    private readonly notifier: Notifier,
    private readonly settings: () => Settings,
  ) {
    this.subscription = onDidChangeOrders((diff) => this.handle(diff));
  }

  private handle(diff: OrderStoreDiff): void {
    for (const t of diff.transitions) {
      if (!isFinal(t.to)) continue;
      this.transitions.fire(t);
      if (this.settings().notifyWhenDone) this.announce(t.order);
    }
  }

  private announce(order: Order): void {
    const what = describe(order);
    if (order.state.known === 'DONE') {
      this.notifier.show('info', `${what} is ready.`, [OPEN, SAVE_AS], (a) =>
        vscode.commands.executeCommand(
          a === OPEN ? CommandIds.openCsv : CommandIds.saveCsvAs,
          order.id,
        ),
      );
      return;
    }
    const retry = retryRequest(order);
    const reason = failureReason(order);
    const ended = order.state.known === 'ERROR' ? 'failed' : `ended as ${stateLabel(order.state)}`;
    this.notifier.show(
      'warning',
      `${what} ${ended}${reason ? `: ${reason}` : '.'}`,
      retry ? [RETRY] : [],
      () => vscode.commands.executeCommand(CommandIds.startExport, retry),
    );
  }

  dispose(): void {
    this.subscription.dispose();
    this.transitions.dispose();
  }
}

function describe(order: Order): string {
  const range = orderDateRange(order);
  return `The ${typeLabel(order.type).toLowerCase()} export${range ? ` (${formatRange(range, vscode.env.language)})` : ''}`;
}

/** The API documents no error field; some servers put one into `configuration`. Shown only if it is text. */
function failureReason(order: Order): string | undefined {
  const c = order.configuration;
  for (const key of ['error', 'errorMessage', 'reason', 'message', 'failureReason']) {
    const v = c?.[key];
    if (typeof v === 'string' && v.trim()) return v.replace(/\s+/g, ' ').trim().slice(0, 200);
  }
  return undefined;
}
