// What deleting orders asks and reports: the confirmation (count, kinds, a loud warning when a CSV was
// never saved), which orders a clean-up may touch, and the summary of failures. Pure.

import * as l10n from '@vscode/l10n';
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
  return [...counts]
    .map(([label, n]) =>
      l10n.t({
        message: '{0} {1}',
        args: [n, label],
        comment: ['a number of orders and their export kind, e.g. "2 Chat interactions"'],
      }),
    )
    .join(', ');
}

/** "Chat interactions (3 May – 2 Jun 2024)", or just the kind when the server stored no window. */
export function describeOrder(order: Order, locale?: string): string {
  const range = orderDateRange(order);
  return range
    ? l10n.t({
        message: '{0} ({1})',
        args: [typeLabel(order.type), formatRange(range, locale)],
        comment: [
          'an export kind and its range of days, e.g. "Chat interactions (3 May – 2 Jun 2024)"',
        ],
      })
    : typeLabel(order.type);
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
    ? l10n.t({
        message: 'Delete the {0} order on the server?',
        args: [describeOrder(orders[0], locale)],
        comment: ['{0} is an export kind, with its range of days when known'],
      })
    : l10n.t({
        message: 'Delete {0} orders ({1}) on the server?',
        args: [orders.length, describeKinds(orders)],
        comment: ['{1} lists the kinds, e.g. "2 Chat interactions, 1 Active users"'],
      });
  const lines: string[] = [];
  if (undownloaded > 0) {
    lines.push(
      one
        ? l10n.t('Its CSV was never downloaded (or the file is gone): the export will be lost.')
        : undownloaded === 1
          ? l10n.t(
              '1 of them was never downloaded (or the file is gone): that export will be lost.',
            )
          : l10n.t(
              '{0} of them were never downloaded (or the file is gone): those exports will be lost.',
              undownloaded,
            ),
    );
  }
  if (unfinished > 0) {
    lines.push(
      one
        ? l10n.t('It is still being prepared; deleting it stops the export.')
        : unfinished === 1
          ? l10n.t('1 is still being prepared; deleting stops it.')
          : l10n.t('{0} are still being prepared; deleting stops them.', unfinished),
    );
  }
  if (kept > 0)
    lines.push(
      one
        ? l10n.t('Downloaded CSV files stay on disk; only the order on the server is deleted.')
        : l10n.t('Downloaded CSV files stay on disk; only the orders on the server are deleted.'),
    );
  lines.push(l10n.t('This cannot be undone.'));
  return {
    message,
    detail: lines.join('\n'),
    confirmLabel: undownloaded > 0 ? deleteAnywayLabel() : deleteLabel(),
    undownloaded,
  };
}

/** Orders a clean-up may delete: DONE with their CSV safely on disk. */
export function cleanUpCandidates(orders: readonly Order[], safeIds: ReadonlySet<string>): Order[] {
  return orders.filter((o) => o.state.known === 'DONE' && safeIds.has(o.id));
}

function deleteLabel(): string {
  return l10n.t({ message: 'Delete', comment: ['button: delete the orders on the server'] });
}

function deleteAnywayLabel(): string {
  return l10n.t({
    message: 'Delete Anyway',
    comment: ['button: delete the orders although a CSV would be lost'],
  });
}

/** Said when Clean Up finds no order it may delete. */
export function nothingToCleanUp(): string {
  return l10n.t(
    'Nothing to clean up: no finished order has its CSV saved on disk. Open or save an order first.',
  );
}

export function cleanUpConfirmation(count: number): {
  message: string;
  detail: string;
  confirmLabel: string;
} {
  return {
    message:
      count === 1
        ? l10n.t('Delete the 1 order whose CSV is saved on disk?')
        : l10n.t('Delete the {0} orders whose CSV is saved on disk?', count),
    detail: l10n.t(
      'Only the orders on the Unique server are deleted; the CSV files stay where they are. Each file is checked again right before its order is deleted.',
    ),
    confirmLabel: deleteLabel(),
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
    const n = failed.length;
    const others = reasons.length - 2;
    parts.push(
      others > 0
        ? n === 1
          ? l10n.t({
              message: 'Could not delete 1 order: {0} (and {1} other reasons; see the log)',
              args: [shown, others],
              comment: ['{0} holds the reasons the server gave, each a sentence'],
            })
          : l10n.t({
              message: 'Could not delete {0} orders: {1} (and {2} other reasons; see the log)',
              args: [n, shown, others],
              comment: ['{1} holds the reasons the server gave, each a sentence'],
            })
        : n === 1
          ? l10n.t({
              message: 'Could not delete 1 order: {0}',
              args: [shown],
              comment: ['{0} holds the reasons the server gave, each a sentence'],
            })
          : l10n.t({
              message: 'Could not delete {0} orders: {1}',
              args: [n, shown],
              comment: ['{1} holds the reasons the server gave, each a sentence'],
            }),
    );
  }
  if (notTried.length > 0)
    parts.push(
      notTried.length === 1
        ? l10n.t('Stopped before 1 order.')
        : l10n.t('Stopped before {0} orders.', notTried.length),
    );
  if (skippedNotOnDisk.length > 0) {
    parts.push(
      skippedNotOnDisk.length === 1
        ? l10n.t(
            'Kept 1 order whose CSV is no longer complete on disk; open it again to re-download first.',
          )
        : l10n.t(
            'Kept {0} orders whose CSV is no longer complete on disk; open them again to re-download first.',
            skippedNotOnDisk.length,
          ),
    );
  }
  if (parts.length === 0) return undefined;
  if (deleted.length > 0)
    parts.unshift(
      deleted.length === 1
        ? l10n.t('Deleted 1 order.')
        : l10n.t('Deleted {0} orders.', deleted.length),
    );
  return {
    level: failed.length > 0 || notTried.length > 0 ? 'error' : 'warning',
    message: parts.join(' '),
  };
}
