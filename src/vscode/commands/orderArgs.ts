// Turns what VS Code passes to an order command (a tree row, the multi-selection, an id from a
// notification or a test) into orders, or asks with a quick pick when it was run from the palette.
import * as vscode from 'vscode';
import { displayLocale } from '../../core/l10n/locale';
import type { Order } from '../../core/orders/order';
import { capabilitiesOf, type Capabilities } from '../../core/orders/orderCapabilities';
import { presentOrder } from '../../core/orders/orderPresentation';
import { isOrderNode } from '../ordersTree';
import type { Shell } from '../shell';

/** What the order-picking helpers use. */
export type OrderArgsDeps = Pick<Shell, 'flows' | 'notifier' | 'watcher'>;

function idOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (isOrderNode(arg)) return arg.id;
  if (typeof arg === 'object' && arg !== null && typeof (arg as { id?: unknown }).id === 'string')
    return (arg as { id: string }).id;
  return undefined;
}

/**
 * The orders a command was invoked on: the multi-selection when the clicked row is part of it (VS Code
 * passes `(clicked, selected[])`), else the clicked row or id. Ids the store no longer holds are dropped.
 */
export function ordersFromArgs(s: OrderArgsDeps, arg: unknown, selection?: unknown): Order[] {
  const clicked = idOf(arg);
  const selected = Array.isArray(selection) ? selection.map(idOf) : [];
  const ids =
    selected.length > 0 && (clicked === undefined || selected.includes(clicked))
      ? selected
      : [clicked];
  const orders: Order[] = [];
  for (const id of ids) {
    const order = id === undefined ? undefined : s.watcher.store.get(id);
    if (order && !orders.includes(order)) orders.push(order);
  }
  return orders;
}

async function capabilities(s: OrderArgsDeps, order: Order): Promise<Capabilities> {
  return capabilitiesOf(order, {
    downloaded: await s.flows.index.isSafelyOnDisk(order.id),
    surface: s.watcher.surface,
  });
}

/** Orders of the list that allow `capability`, for a palette quick pick. */
async function candidates(s: OrderArgsDeps, capability: keyof Capabilities): Promise<Order[]> {
  const all = s.watcher.store.orders();
  const allowed = await Promise.all(all.map(async (o) => (await capabilities(s, o))[capability]));
  return all.filter((_, i) => allowed[i]);
}

type OrderPick = vscode.QuickPickItem & { readonly order: Order };

/** The finished order a Save command acts on: the clicked row, else one the person picks. */
export function orderToSave(
  s: OrderArgsDeps,
  arg: unknown,
  title: string,
  placeholder: string,
): Promise<Order | undefined> {
  return orderFromArgsOrPick(s, arg, 'canSave', {
    title,
    placeholder,
    none: vscode.l10n.t('No finished export to save yet. Start one, or refresh the list.'),
  });
}

/**
 * Asks which order(s) to act on. Shows a message instead when none qualifies. Undefined when the
 * person dismissed the pick.
 */
export async function pickOrders(
  s: OrderArgsDeps,
  capability: keyof Capabilities,
  options: { title: string; placeholder: string; none: string; many?: boolean },
): Promise<Order[] | undefined> {
  const orders = await candidates(s, capability);
  if (orders.length === 0) {
    s.notifier.show('info', options.none);
    return undefined;
  }
  const now = Date.now();
  const items: OrderPick[] = await Promise.all(
    orders.map(async (order) => {
      const entry = await s.flows.index.lookup(order.id);
      const p = presentOrder(
        order,
        { downloadedPath: entry?.path },
        { now, locale: displayLocale() },
      );
      return {
        label: `$(${p.icon.id}) ${p.label}`,
        description: p.description,
        detail: order.id,
        order,
      };
    }),
  );
  const qp = {
    title: options.title,
    placeHolder: options.placeholder,
    matchOnDescription: true,
    matchOnDetail: true,
  };
  if (options.many) {
    const picked = await vscode.window.showQuickPick(items, { ...qp, canPickMany: true });
    return picked?.length ? picked.map((p) => p.order) : undefined;
  }
  const picked = await vscode.window.showQuickPick(items, qp);
  return picked ? [picked.order] : undefined;
}

/**
 * The one order a command acts on: the row or id it was given, else (palette) a quick pick. Says so when
 * the given order is no longer listed (e.g. a notification about an order deleted meanwhile).
 */
export async function orderFromArgsOrPick(
  s: OrderArgsDeps,
  arg: unknown,
  capability: keyof Capabilities,
  options: { title: string; placeholder: string; none: string },
): Promise<Order | undefined> {
  if (arg === undefined) return (await pickOrders(s, capability, options))?.[0];
  const order = ordersFromArgs(s, arg)[0];
  if (!order)
    s.notifier.show(
      'info',
      vscode.l10n.t('That order is no longer in the list. Refresh the list and try again.'),
    );
  return order;
}
