// What the order commands do when they are given a batch row (or `{ batchId }` from a notification): open,
// save, insights of the merged CSV; delete every part's order; retry the failed parts or the merge; repeat
// the whole range for the adjacent period (split again when needed).
import * as vscode from 'vscode';
import { ViewIds } from '../../core/ids';
import { formatRange } from '../../core/dateRange';
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
  if (id && !batch) s.notifier.show('info', 'That export is no longer in the list.');
  return batch;
}

/** The merged file, when it is complete on disk; else a message saying what to do. */
async function mergedOf(s: BatchShell, batch: Batch): Promise<string | undefined> {
  if (!batch.merged) {
    s.notifier.show(
      'info',
      'This export is not merged yet: its parts are still running, or one failed (Retry Failed Parts).',
    );
    return undefined;
  }
  if (!(await isComplete(batch.merged))) {
    s.notifier.show(
      'warning',
      `The merged CSV is no longer complete at ${batch.merged.path}. Its parts may have been deleted on the server; start the export again.`,
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
    `Save ${exportKind(batch.type as ExportType).label} CSV`,
    batchFileName(batch.type, batch.range),
  );
  if (!target) return undefined;
  await copyCompleteFile(file, target, batch.merged!.bytes);
  s.notifier.show('info', `Saved ${target}.`);
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
  const range = formatRange(batch.range, vscode.env.language);
  const kept = batch.merged
    ? ` The merged CSV stays at ${batch.merged.path}.`
    : ' It was not merged: its data will be gone.';
  const answer = await vscode.window.showWarningMessage(
    `Delete the ${ids.length} orders of this export (${range}) on the server?`,
    { modal: true, detail: `${kept.trim()} This cannot be undone.` },
    'Delete',
  );
  if (answer !== 'Delete') return [];
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
      `${failed.length} of ${ids.length} orders could not be deleted; the export stays in the list. ${failed[0]}`,
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
