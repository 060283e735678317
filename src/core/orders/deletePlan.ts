// What deleting orders asks and reports: the confirmation (count, kinds, a loud warning when a CSV was
// never saved), which orders a clean-up may touch, and the summary of failures. Pure.

import { isApiError } from '../errors';
import { formatRange } from '../dateRange';
import { typeLabel } from './order';
import { orderDateRange } from './order';
import type { Order } from './order';

export interface DeleteConfirmation {
  readonly message: string;
  readonly detail: string;
  /** "Delete", or "Delete Anyway" when a finished export's CSV would be lost. */
  readonly confirmLabel: string;
  /** DONE orders whose CSV is not safely on disk. */
  readonly undownloaded: number;
}

/** "2 Chat interactions, 1 Active users": kinds in first-seen order. */
export function describeKinds(orders: readonly Order[]): string {
  const counts = new Map<string, number>();
  for (const o of orders) counts.set(typeLabel(o.type), (counts.get(typeLabel(o.type)) ?? 0) + 1);
  return [...counts].map(([label, n]) => `${n} ${label}`).join(', ');
}

/** "Chat interactions (3 May – 2 Jun 2024)", or just the kind when the server stored no window. */
export function describeOrder(order: Order, locale?: string): string {
  const range = orderDateRange(order);
  return range ? `${typeLabel(order.type)} (${formatRange(range, locale)})` : typeLabel(order.type);
}

function ordersWord(n: number): string {
  return n === 1 ? '1 order' : `${n} orders`;
}

/**
 * The confirmation for deleting `orders`; `safeIds` are those whose CSV is complete on disk now.
 * `locale` (vscode.env.language) formats a single order's dates as the tree shows them.
 */
export function deleteConfirmation(
  orders: readonly Order[],
  safeIds: ReadonlySet<string>,
  locale?: string,
): DeleteConfirmation {
  const undownloaded = orders.filter((o) => o.state.known === 'DONE' && !safeIds.has(o.id)).length;
  const unfinished = orders.filter(
    (o) => o.state.known === 'PENDING' || o.state.known === 'RUNNING',
  ).length;
  const kept = orders.filter((o) => safeIds.has(o.id)).length;
  const one = orders.length === 1;
  const message = one
    ? `Delete the ${describeOrder(orders[0], locale)} order on the server?`
    : `Delete ${ordersWord(orders.length)} (${describeKinds(orders)}) on the server?`;
  const lines: string[] = [];
  if (undownloaded > 0) {
    lines.push(
      one
        ? 'Its CSV was never downloaded (or the file is gone): the export will be lost.'
        : `${undownloaded} of them ${undownloaded === 1 ? 'was' : 'were'} never downloaded (or the file is gone): ${undownloaded === 1 ? 'that export' : 'those exports'} will be lost.`,
    );
  }
  if (unfinished > 0) {
    lines.push(
      one
        ? 'It is still being prepared; deleting it stops the export.'
        : `${unfinished} ${unfinished === 1 ? 'is' : 'are'} still being prepared; deleting stops ${unfinished === 1 ? 'it' : 'them'}.`,
    );
  }
  if (kept > 0)
    lines.push(
      `Downloaded CSV files stay on disk; only the ${one ? 'order' : 'orders'} on the server ${one ? 'is' : 'are'} deleted.`,
    );
  lines.push('This cannot be undone.');
  return {
    message,
    detail: lines.join('\n'),
    confirmLabel: undownloaded > 0 ? 'Delete Anyway' : 'Delete',
    undownloaded,
  };
}

/** Orders a clean-up may delete: DONE with their CSV safely on disk. */
export function cleanUpCandidates(orders: readonly Order[], safeIds: ReadonlySet<string>): Order[] {
  return orders.filter((o) => o.state.known === 'DONE' && safeIds.has(o.id));
}

export const NOTHING_TO_CLEAN_UP =
  'Nothing to clean up: no finished order has its CSV saved on disk. Open or save an order first.';

export function cleanUpConfirmation(count: number): {
  message: string;
  detail: string;
  confirmLabel: string;
} {
  return {
    message:
      count === 1
        ? 'Delete the 1 order whose CSV is saved on disk?'
        : `Delete the ${count} orders whose CSV is saved on disk?`,
    detail:
      'Only the orders on the Unique server are deleted; the CSV files stay where they are. Each file is checked again right before its order is deleted.',
    confirmLabel: 'Delete',
  };
}

/**
 * The API answering "not found" for the order means it is already gone: that is what the person wanted.
 * An HTTP 404 is not that: it says the GraphQL endpoint itself was not found (wrong base URL or path), so
 * the order is still there.
 */
export function isAlreadyGone(error: unknown): boolean {
  return isApiError(error) && error.kind === 'notFound' && error.details.status === undefined;
}

/** Errors after which every further delete would fail the same way: stop instead of repeating them. */
export function stopsTheBatch(error: unknown): boolean {
  return (
    isApiError(error) &&
    (error.kind === 'unauthorized' ||
      error.kind === 'forbidden' ||
      error.kind === 'notConfigured' ||
      error.kind === 'badConfiguration' ||
      error.kind === 'cancelled')
  );
}

export interface DeleteFailure {
  readonly order: Order;
  readonly message: string;
}

export interface DeleteOutcome {
  readonly deleted: readonly string[];
  readonly failed: readonly DeleteFailure[];
  /** Clean-up only: orders whose file was no longer complete when re-checked. */
  readonly skippedNotOnDisk: readonly Order[];
  /** Orders not tried because an earlier error stopped the batch. */
  readonly notTried: readonly Order[];
}

/** One line for the person: undefined when everything went through (the tree shows it). */
export function deleteSummary(
  outcome: DeleteOutcome,
): { readonly level: 'warning' | 'error'; readonly message: string } | undefined {
  const parts: string[] = [];
  const { deleted, failed, skippedNotOnDisk, notTried } = outcome;
  if (failed.length > 0) {
    const reasons = [...new Set(failed.map((f) => f.message))];
    const shown = reasons.slice(0, 2).join(' ');
    const more =
      reasons.length > 2 ? ` (and ${reasons.length - 2} other reasons; see the log)` : '';
    parts.push(`Could not delete ${ordersWord(failed.length)}: ${shown}${more}`);
  }
  if (notTried.length > 0) parts.push(`Stopped before ${ordersWord(notTried.length)}.`);
  if (skippedNotOnDisk.length > 0) {
    parts.push(
      `Kept ${ordersWord(skippedNotOnDisk.length)} whose CSV is no longer complete on disk; open ${skippedNotOnDisk.length === 1 ? 'it' : 'them'} again to re-download first.`,
    );
  }
  if (parts.length === 0) return undefined;
  if (deleted.length > 0) parts.unshift(`Deleted ${ordersWord(deleted.length)}.`);
  return {
    level: failed.length > 0 || notTried.length > 0 ? 'error' : 'warning',
    message: parts.join(' '),
  };
}
