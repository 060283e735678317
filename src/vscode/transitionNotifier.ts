// Announces orders that finished while we watched them (setting `notifyWhenDone`): DONE offers Open and
// Save As, ERROR says why when the server told us and offers Retry. Orders first seen already final
// are never announced (the store reports no transition for them). An order of a connection not shown is
// announced with the connection's name, and its actions switch to that connection first.
import * as vscode from 'vscode';
import { CommandIds } from '../core/ids';
import { isFinal, stateLabel, typeLabel, type Order } from '../core/orders/order';
import { retryRequest } from '../core/orders/orderCapabilities';
import { orderDateRange } from '../core/orders/order';
import { formatRange } from '../core/dateRange';
import type { OrderTransition } from '../core/orders/orderStore';
import type { Surface } from '../core/connections/environment';
import type { OrdersElsewhere } from './connections/connectionOrders';
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
    onDidChangeOrdersAnywhere: vscode.Event<OrdersElsewhere>,
    private readonly notifier: Notifier,
    private readonly settings: () => Settings,
    /** The connection shown, and a way to show another before acting on its order. */
    private readonly connections: {
      readonly shown: () => string;
      readonly show: (name: string) => Thenable<unknown>;
      readonly surfaceOf: (name: string) => Surface;
      /** An order announced as part of something else (a batch, a report run), not on its own. */
      readonly announcedElsewhere?: (name: string, orderId: string) => boolean;
    },
  ) {
    this.subscription = onDidChangeOrdersAnywhere((e) => this.handle(e));
  }

  private handle({ connection, diff }: OrdersElsewhere): void {
    for (const t of diff.transitions) {
      if (!isFinal(t.to)) continue;
      this.transitions.fire(t);
      if (this.connections.announcedElsewhere?.(connection, t.order.id)) continue;
      if (this.settings().notifyWhenDone) this.announce(t.order, connection);
    }
  }

  private announce(order: Order, connection: string): void {
    const elsewhere = connection !== this.connections.shown();
    const what = `${describe(order)}${elsewhere ? ` of "${connection}"` : ''}`;
    const run = async (command: string, arg: unknown): Promise<unknown> => {
      if (connection !== this.connections.shown()) await this.connections.show(connection);
      return vscode.commands.executeCommand(command, arg);
    };
    if (order.state.known === 'DONE') {
      this.notifier.show('info', `${what} is ready.`, [OPEN, SAVE_AS], (a) =>
        run(a === OPEN ? CommandIds.openCsv : CommandIds.saveCsvAs, order.id),
      );
      return;
    }
    const retry = retryRequest(order, this.connections.surfaceOf(connection));
    const reason = failureReason(order);
    const ended = order.state.known === 'ERROR' ? 'failed' : `ended as ${stateLabel(order.state)}`;
    this.notifier.show(
      'warning',
      `${what} ${ended}${reason ? `: ${reason}` : '.'}`,
      retry ? [RETRY] : [],
      () => run(CommandIds.startExport, retry),
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
