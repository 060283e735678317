// Announces orders that finished while we watched them (setting `notifyWhenDone`): DONE offers Open and
// Save As, ERROR says why when the server told us and offers Retry. Orders first seen already final
// are never announced (the store reports no transition for them). An order of a connection not shown is
// announced with the connection's name, and its actions switch to that connection first.
import * as vscode from 'vscode';
import { CommandIds } from '../core/ids';
import { isFinal, stateLabel, typeLabelInSentence, type Order } from '../core/orders/order';
import { retryRequest } from '../core/orders/orderCapabilities';
import { orderDateRange } from '../core/orders/order';
import { formatRange } from '../core/dateRange';
import { displayLocale } from '../core/l10n/locale';
import type { OrderTransition } from '../core/orders/orderStore';
import type { Surface } from '../core/connections/environment';
import type { OrdersElsewhere } from './connections/connectionOrders';
import type { Notifier } from './notifier';
import type { Settings } from './settings';

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
    const about: About = {
      kind: typeLabelInSentence(order.type),
      range: rangeOf(order),
      connection: connection !== this.connections.shown() ? connection : undefined,
    };
    const run = async (command: string, arg: unknown): Promise<unknown> => {
      if (connection !== this.connections.shown()) await this.connections.show(connection);
      return vscode.commands.executeCommand(command, arg);
    };
    if (order.state.known === 'DONE') {
      const open = vscode.l10n.t({ message: 'Open', comment: ['verb: open the CSV in an editor'] });
      const saveAs = vscode.l10n.t('Save As…');
      this.notifier.show('info', readyText(about), [open, saveAs], (a) =>
        run(a === open ? CommandIds.openCsv : CommandIds.saveCsvAs, order.id),
      );
      return;
    }
    const retry = retryRequest(order, this.connections.surfaceOf(connection));
    const text =
      order.state.known === 'ERROR'
        ? failedText(about, failureReason(order))
        : endedText(about, stateLabel(order.state), failureReason(order));
    this.notifier.show('warning', text, retry ? [vscode.l10n.t('Retry')] : [], () =>
      run(CommandIds.startExport, retry),
    );
  }

  dispose(): void {
    this.subscription.dispose();
    this.transitions.dispose();
  }
}

/** What an announcement names: the kind in lower case, its days, and its connection when not the one shown. */
interface About {
  readonly kind: string;
  readonly range: string | undefined;
  readonly connection: string | undefined;
}

function rangeOf(order: Order): string | undefined {
  const range = orderDateRange(order);
  return range ? formatRange(range, displayLocale()) : undefined;
}

// One message per variant: word order differs between languages.

function readyText({ kind, range, connection }: About): string {
  if (range && connection)
    return vscode.l10n.t({
      message: 'The {kind} export ({range}) of "{connection}" is ready.',
      args: { kind, range, connection },
      comment: [
        '{kind} is a kind of export as it reads inside a sentence, e.g. "chat interactions"',
      ],
    });
  if (range)
    return vscode.l10n.t({
      message: 'The {kind} export ({range}) is ready.',
      args: { kind, range },
      comment: [
        '{kind} is a kind of export as it reads inside a sentence, e.g. "chat interactions"',
      ],
    });
  if (connection)
    return vscode.l10n.t({
      message: 'The {kind} export of "{connection}" is ready.',
      args: { kind, connection },
      comment: [
        '{kind} is a kind of export as it reads inside a sentence, e.g. "chat interactions"',
      ],
    });
  return vscode.l10n.t({
    message: 'The {kind} export is ready.',
    args: { kind },
    comment: ['{kind} is a kind of export as it reads inside a sentence, e.g. "chat interactions"'],
  });
}

/** The order ended in ERROR; `reason` is what the server said, when it did. */
function failedText({ kind, range, connection }: About, reason: string | undefined): string {
  if (reason === undefined) {
    if (range && connection)
      return vscode.l10n.t({
        message: 'The {kind} export ({range}) of "{connection}" failed.',
        args: { kind, range, connection },
        comment: [
          '{kind} is a kind of export as it reads inside a sentence, e.g. "chat interactions"',
        ],
      });
    if (range)
      return vscode.l10n.t({
        message: 'The {kind} export ({range}) failed.',
        args: { kind, range },
        comment: [
          '{kind} is a kind of export as it reads inside a sentence, e.g. "chat interactions"',
        ],
      });
    if (connection)
      return vscode.l10n.t({
        message: 'The {kind} export of "{connection}" failed.',
        args: { kind, connection },
        comment: [
          '{kind} is a kind of export as it reads inside a sentence, e.g. "chat interactions"',
        ],
      });
    return vscode.l10n.t({
      message: 'The {kind} export failed.',
      args: { kind },
      comment: [
        '{kind} is a kind of export as it reads inside a sentence, e.g. "chat interactions"',
      ],
    });
  }
  if (range && connection)
    return vscode.l10n.t({
      message: 'The {kind} export ({range}) of "{connection}" failed: {reason}',
      args: { kind, range, connection, reason },
      comment: [
        '{kind} is a kind of export as it reads inside a sentence, e.g. "chat interactions"',
      ],
    });
  if (range)
    return vscode.l10n.t({
      message: 'The {kind} export ({range}) failed: {reason}',
      args: { kind, range, reason },
      comment: [
        '{kind} is a kind of export as it reads inside a sentence, e.g. "chat interactions"',
      ],
    });
  if (connection)
    return vscode.l10n.t({
      message: 'The {kind} export of "{connection}" failed: {reason}',
      args: { kind, connection, reason },
      comment: [
        '{kind} is a kind of export as it reads inside a sentence, e.g. "chat interactions"',
      ],
    });
  return vscode.l10n.t({
    message: 'The {kind} export failed: {reason}',
    args: { kind, reason },
    comment: ['{kind} is a kind of export as it reads inside a sentence, e.g. "chat interactions"'],
  });
}

/** The order ended in a final state the API does not document (`state` as the server named it). */
function endedText(
  { kind, range, connection }: About,
  state: string,
  reason: string | undefined,
): string {
  if (reason === undefined) {
    if (range && connection)
      return vscode.l10n.t({
        message: 'The {kind} export ({range}) of "{connection}" ended as {state}.',
        args: { kind, range, connection, state },
        comment: [
          '{kind} is a kind of export as it reads inside a sentence, e.g. "chat interactions"',
        ],
      });
    if (range)
      return vscode.l10n.t({
        message: 'The {kind} export ({range}) ended as {state}.',
        args: { kind, range, state },
        comment: [
          '{kind} is a kind of export as it reads inside a sentence, e.g. "chat interactions"',
        ],
      });
    if (connection)
      return vscode.l10n.t({
        message: 'The {kind} export of "{connection}" ended as {state}.',
        args: { kind, connection, state },
        comment: [
          '{kind} is a kind of export as it reads inside a sentence, e.g. "chat interactions"',
        ],
      });
    return vscode.l10n.t({
      message: 'The {kind} export ended as {state}.',
      args: { kind, state },
      comment: [
        '{kind} is a kind of export as it reads inside a sentence, e.g. "chat interactions"',
      ],
    });
  }
  if (range && connection)
    return vscode.l10n.t({
      message: 'The {kind} export ({range}) of "{connection}" ended as {state}: {reason}',
      args: { kind, range, connection, state, reason },
      comment: [
        '{kind} is a kind of export as it reads inside a sentence, e.g. "chat interactions"',
      ],
    });
  if (range)
    return vscode.l10n.t({
      message: 'The {kind} export ({range}) ended as {state}: {reason}',
      args: { kind, range, state, reason },
      comment: [
        '{kind} is a kind of export as it reads inside a sentence, e.g. "chat interactions"',
      ],
    });
  if (connection)
    return vscode.l10n.t({
      message: 'The {kind} export of "{connection}" ended as {state}: {reason}',
      args: { kind, connection, state, reason },
      comment: [
        '{kind} is a kind of export as it reads inside a sentence, e.g. "chat interactions"',
      ],
    });
  return vscode.l10n.t({
    message: 'The {kind} export ended as {state}: {reason}',
    args: { kind, state, reason },
    comment: ['{kind} is a kind of export as it reads inside a sentence, e.g. "chat interactions"'],
  });
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
