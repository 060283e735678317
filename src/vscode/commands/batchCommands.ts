// What the order commands do when they are given a batch row (or `{ batchId }` from a notification): open,
// save, insights of the merged CSV; delete every part's order; retry the failed parts or the merge; repeat
// the whole range for the adjacent period (split again when needed).
import * as vscode from 'vscode';
import { ViewIds } from '../../core/ids';
import { formatRange } from '../../core/dateRange';
import { displayLocale } from '../../core/l10n/locale';
import { exportKind } from '../../core/orders/order';
import type { ExportType } from '../../core/orders/order';
import type { Batch } from '../../core/ranges/batch';
import { adjacentRange } from '../../core/ranges/planner';
import { batchFileName } from '../../core/downloads/csvFiles';
import { isAlreadyGone } from '../../core/orders/deletePlan';
import { copyCompleteFile } from '../flows/atomicCopy';
import { askSaveTarget, openCsvFile } from '../flows/csvDownload';
import { isComplete } from '../batches/batchMerge';
import { isBatchNode } from '../ordersTree';
import type { Shell } from '../shell';

/** The batch id an argument names, if it names one. */
export function batchIdOf(arg: unknown): string | undefined {
  if (isBatchNode(arg)) return arg.batchId;
  const id = (arg as { batchId?: unknown } | null)?.batchId;
  return typeof arg === 'object' && arg !== null && typeof id === 'string' ? id : undefined;
}

type BatchShell = Pick<Shell, 'batches' | 'notifier' | 'flows' | 'settings' | 'watcher'>;

/** The batch the argument names, or a message when it is gone. */
function batchFrom(s: BatchShell, arg: unknown): Batch | undefined {
  const id = batchIdOf(arg);
  const batch = id ? s.batches.get(id) : undefined;
  if (id && !batch) s.notifier.show('info', vscode.l10n.t('That export is no longer in the list.'));
  return batch;
}

/** The merged file, when it is complete on disk; else a message saying what to do. */
async function mergedOf(s: BatchShell, batch: Batch): Promise<string | undefined> {
  if (!batch.merged) {
    s.notifier.show(
      'info',
      vscode.l10n.t(
        'This export is not merged yet: its parts are still running, or one failed (Retry Failed Parts).',
      ),
    );
    return undefined;
  }
  if (!(await isComplete(batch.merged))) {
    s.notifier.show(
      'warning',
      vscode.l10n.t(
        'The merged CSV is no longer complete at {0}. Its parts may have been deleted on the server; start the export again.',
        batch.merged.path,
      ),
    );
    return undefined;
  }
  return batch.merged.path;
}

export async function openBatch(
  s: BatchShell,
  arg: unknown,
  as: 'text' | 'table' | undefined,
): Promise<string | undefined> {
  const batch = batchFrom(s, arg);
  const file = batch ? await mergedOf(s, batch) : undefined;
  if (!batch || !file) return undefined;
  if ((as ?? s.settings.current.openDownloadsIn) === 'table')
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(file), ViewIds.table, {
      preview: false,
    });
  else await openCsvFile(file, batch.merged!.bytes, s.flows.saveGuard);
  return file;
}

export async function saveBatchAs(s: BatchShell, arg: unknown): Promise<string | undefined> {
  const batch = batchFrom(s, arg);
  const file = batch ? await mergedOf(s, batch) : undefined;
  if (!batch || !file) return undefined;
  const target = await askSaveTarget(
    s.flows,
    vscode.l10n.t({
      message: 'Save {0} CSV',
      args: [exportKind(batch.type as ExportType).label],
      comment: ['{0} is the kind of export, e.g. "Chat interactions"'],
    }),
    batchFileName(batch.type, batch.range),
  );
  if (!target) return undefined;
  await copyCompleteFile(file, target, batch.merged!.bytes);
  s.notifier.show('info', vscode.l10n.t('Saved {0}.', target));
  return target;
}

/** The merged file and its window, for Insights. */
export async function batchInsightsSubject(
  s: BatchShell,
  arg: unknown,
): Promise<
  { file: string; orderType: string; window: { first: string; last: string } } | undefined
> {
  const batch = batchFrom(s, arg);
  const file = batch ? await mergedOf(s, batch) : undefined;
  if (!batch || !file) return undefined;
  return {
    file,
    orderType: batch.type,
    window: { first: batch.range.start, last: batch.range.end },
  };
}

/** Deletes every placed part's order on the server (asked first), then forgets the batch. */
export async function deleteBatch(s: BatchShell, arg: unknown): Promise<string[]> {
  const batch = batchFrom(s, arg);
  if (!batch) return [];
  const ids = batch.parts.map((p) => p.orderId).filter((id): id is string => !!id);
  const range = formatRange(batch.range, displayLocale());
  const detail = batch.merged
    ? vscode.l10n.t('The merged CSV stays at {0}. This cannot be undone.', batch.merged.path)
    : vscode.l10n.t('It was not merged: its data will be gone. This cannot be undone.');
  const confirm = vscode.l10n.t({
    message: 'Delete',
    comment: ['button: delete the orders on the server'],
  });
  const answer = await vscode.window.showWarningMessage(
    ids.length === 1
      ? vscode.l10n.t({
          message: 'Delete the 1 order of this export ({0}) on the server?',
          args: [range],
          comment: ['{0} is a date range, e.g. "Nov 1 – 30, 2026"'],
        })
      : vscode.l10n.t({
          message: 'Delete the {0} orders of this export ({1}) on the server?',
          args: [ids.length, range],
          comment: ['{1} is a date range, e.g. "Nov 1 – 30, 2026"'],
        }),
    { modal: true, detail },
    confirm,
  );
  if (answer !== confirm) return [];
  const api = s.flows.api();
  const gone: string[] = [];
  const failed: string[] = [];
  for (const id of ids) {
    try {
      await api.deleteOrder(id);
      gone.push(id);
    } catch (e) {
      if (isAlreadyGone(e)) gone.push(id);
      else failed.push(`${id}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  s.watcher.remove(gone);
  if (failed.length) {
    s.notifier.show(
      'warning',
      ids.length === 1
        ? vscode.l10n.t({
            message: 'The order could not be deleted; the export stays in the list. {0}',
            args: [failed[0] ?? ''],
            comment: ['{0} is the failure: the order id and the error message'],
          })
        : vscode.l10n.t({
            message: '{0} of {1} orders could not be deleted; the export stays in the list. {2}',
            args: [failed.length, ids.length, failed[0] ?? ''],
            comment: ['{2} is the first failure: an order id and the error message'],
          }),
    );
  } else {
    s.batches.forget(batch.id);
  }
  return gone;
}

/** The same kind for the adjacent period of the whole range. */
export function repeatBatchRequest(
  s: BatchShell,
  arg: unknown,
  direction: 'next' | 'previous',
):
  | { type: ExportType; range: { start: string; end: string }; assistantId?: string; split: true }
  | undefined {
  const batch = batchFrom(s, arg);
  if (!batch) return undefined;
  return {
    type: batch.type as ExportType,
    range: adjacentRange(batch.range, direction),
    ...(batch.assistantId ? { assistantId: batch.assistantId } : {}),
    split: true,
  };
}

/** "Retry Failed Parts": the failed parts placed again (the others keep their orders), or the merge again. */
export function retryFailedParts(s: BatchShell) {
  return (arg?: unknown): string | undefined => {
    const batch = batchFrom(s, arg);
    if (!batch) return undefined;
    s.batches.retry(batch.id);
    return batch.id;
  };
}
