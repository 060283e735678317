// Deleting orders on the server: one or many with a confirmation that warns about CSVs never saved,
// and "clean up" of orders whose CSV is safely on disk (re-checked right before each delete). Local
// files are never touched, and neither is the download index.

import * as vscode from 'vscode';
import {
  cleanUpCandidates,
  cleanUpConfirmation,
  deleteConfirmation,
  deleteSummary,
  isAlreadyGone,
  nothingToCleanUp,
  stopsTheBatch,
} from '../../core/orders/deletePlan';
import type { DeleteFailure, DeleteOutcome } from '../../core/orders/deletePlan';
import { isCancellation } from '../../core/errors';
import { displayLocale } from '../../core/l10n/locale';
import type { Order } from '../../core/orders/order';
import { say, type FlowDeps } from './deps';

/** Asks once (modal), then deletes `orders`; returns the ids that are gone from the server. */
export async function confirmAndDelete(
  deps: FlowDeps,
  orders: readonly Order[],
): Promise<string[]> {
  if (orders.length === 0) return [];
  const confirmation = deleteConfirmation(orders, await safeIds(deps, orders), displayLocale());
  const choice = await vscode.window.showWarningMessage(
    confirmation.message,
    { modal: true, detail: confirmation.detail },
    confirmation.confirmLabel,
  );
  if (choice !== confirmation.confirmLabel) return [];
  return report(deps, await deleteOrders(deps, orders));
}

/** Deletes every DONE order among `orders` whose CSV is complete on disk, after one confirmation. */
export async function cleanUpDownloaded(
  deps: FlowDeps,
  orders: readonly Order[],
): Promise<string[]> {
  const candidates = cleanUpCandidates(orders, await safeIds(deps, orders));
  if (candidates.length === 0) {
    say(deps, 'info', nothingToCleanUp());
    return [];
  }
  const confirmation = cleanUpConfirmation(candidates.length);
  const choice = await vscode.window.showWarningMessage(
    confirmation.message,
    { modal: true, detail: confirmation.detail },
    confirmation.confirmLabel,
  );
  if (choice !== confirmation.confirmLabel) return [];
  return report(deps, await deleteOrders(deps, candidates, { onlyIfSafelyOnDisk: true }));
}

export interface DeleteOrdersOptions {
  /** Clean-up: skip an order unless its CSV is complete on disk at the moment of its delete. */
  readonly onlyIfSafelyOnDisk?: boolean;
  readonly signal?: AbortSignal;
}

/**
 * Deletes one by one without asking, going on past failures; stops early only when every further
 * delete would fail the same way (token rejected, not configured) or on cancel. A "not found" counts as
 * deleted: the order is gone either way.
 */
export async function deleteOrders(
  deps: FlowDeps,
  orders: readonly Order[],
  opts: DeleteOrdersOptions = {},
): Promise<DeleteOutcome> {
  const api = deps.api();
  const deleted: string[] = [];
  const failed: DeleteFailure[] = [];
  const skippedNotOnDisk: Order[] = [];
  let notTried: Order[] = [];
  const many = orders.length > 1;
  await vscode.window.withProgress(
    {
      location: many ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window,
      title: many
        ? vscode.l10n.t('Deleting {0} orders', orders.length)
        : vscode.l10n.t('Deleting order'),
      cancellable: many,
    },
    async (progress, token) => {
      const controller = new AbortController();
      const abort = () => controller.abort();
      const onCancel = token.onCancellationRequested(abort);
      opts.signal?.addEventListener('abort', abort);
      if (opts.signal?.aborted) abort();
      try {
        for (const [i, order] of orders.entries()) {
          if (controller.signal.aborted) {
            notTried = orders.slice(i);
            break;
          }
          if (many)
            progress.report({
              message: vscode.l10n.t({
                message: '{0} of {1}',
                args: [i + 1, orders.length],
                comment: ['progress: deleting order {0} of {1}'],
              }),
              increment: 100 / orders.length,
            });
          if (opts.onlyIfSafelyOnDisk && !(await deps.index.isSafelyOnDisk(order.id))) {
            deps.log.warn(`Kept order ${order.id}: its CSV is no longer complete on disk.`);
            skippedNotOnDisk.push(order);
            continue;
          }
          try {
            await api.deleteOrder(order.id, controller.signal);
            deleted.push(order.id);
            deps.log.info(`Deleted order ${order.id} on the server.`);
          } catch (e) {
            if (isAlreadyGone(e)) {
              deleted.push(order.id);
              deps.log.info(`Order ${order.id} was already gone from the server.`);
            } else if (isCancellation(e) || controller.signal.aborted) {
              notTried = orders.slice(i);
              break;
            } else {
              const message = e instanceof Error ? e.message : String(e);
              failed.push({ order, message });
              deps.log.error(`Could not delete order ${order.id}: ${message}`);
              if (stopsTheBatch(e)) {
                notTried = orders.slice(i + 1);
                break;
              }
            }
          }
        }
      } finally {
        onCancel.dispose();
        opts.signal?.removeEventListener('abort', abort);
      }
    },
  );
  return { deleted, failed, skippedNotOnDisk, notTried };
}

/** Tells the person what did not go through (quietly confirms success); returns the deleted ids. */
function report(deps: FlowDeps, outcome: DeleteOutcome): string[] {
  const summary = deleteSummary(outcome);
  if (summary) say(deps, summary.level, summary.message);
  else if (outcome.deleted.length > 0) {
    const n = outcome.deleted.length;
    deps.log.info(`Deleted ${n} order(s).`);
    vscode.window.setStatusBarMessage(
      n === 1
        ? vscode.l10n.t('$(trash) Deleted 1 order')
        : vscode.l10n.t('$(trash) Deleted {0} orders', n),
      5000,
    );
  }
  return [...outcome.deleted];
}

async function safeIds(deps: FlowDeps, orders: readonly Order[]): Promise<Set<string>> {
  const checks = await Promise.all(
    orders.map(async (o) => ((await deps.index.isSafelyOnDisk(o.id)) ? o.id : undefined)),
  );
  return new Set(checks.filter((id): id is string => id !== undefined));
}
