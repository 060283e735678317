// A finished batch to one CSV: each part's CSV downloaded into the extension's storage (skipped when already
// there: a download lands under its final name only when complete), merged by core (streamed, one header,
// temp + rename) into the download folder, then the part files removed. With `deleteAfterDownload`, the
// parts' orders are deleted on the server only after the merged file is complete on disk (size re-checked).
import { mkdir, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { UniqueAnalyticsApi } from '../../core/api/types';
import { batchFileName, resolveInside } from '../../core/downloads/csvFiles';
import { isCancellation } from '../../core/errors';
import { displayLocale } from '../../core/l10n/locale';
import { isAlreadyGone } from '../../core/orders/deletePlan';
import { findExportKind } from '../../core/orders/order';
import type { Batch, MergedFile } from '../../core/ranges/batch';
import { mergeParts } from '../../core/ranges/merge';
import type { Logger } from '../../core/ports';
import { guardSaveTarget, type SaveGuardDeps } from '../trust/saveGuard';

export interface BatchMergeDeps {
  readonly api: UniqueAnalyticsApi;
  /** Where the merged CSV goes (the download folder). */
  readonly downloadFolder: string;
  /** Where part files wait for the merge (the extension's storage). */
  readonly partsFolder: string;
  readonly log: Logger;
  readonly saveGuard?: SaveGuardDeps;
}

/** Downloads and merges; resolves to the merged file, or undefined when the person cancelled. */
export async function mergeBatch(
  deps: BatchMergeDeps,
  batch: Batch,
): Promise<MergedFile | undefined> {
  const kind = findExportKind(batch.type)?.labelInSentence ?? batch.type;
  const total = batch.parts.length.toLocaleString(displayLocale());
  const target = resolveInside(deps.downloadFolder, batchFileName(batch.type, batch.range));
  if (deps.saveGuard) {
    const verdict = await guardSaveTarget(deps.saveGuard, target, 'downloadFolder');
    if (verdict !== 'write') return undefined;
  }
  const dir = path.join(deps.partsFolder, batch.id.replace(/[^A-Za-z0-9_-]/g, '_'));
  await mkdir(dir, { recursive: true });
  await mkdir(path.dirname(target), { recursive: true });
  try {
    return await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t({
          message: 'Merging {count} parts of {kind}',
          args: { count: total, kind },
          comment: [
            '{kind} is a kind of export as it reads inside a sentence, e.g. "chat interactions"',
          ],
        }),
        cancellable: true,
      },
      async (progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort());
        try {
          const files: string[] = [];
          for (const [i, part] of batch.parts.entries()) {
            const file = path.join(dir, `part-${String(i + 1).padStart(4, '0')}.csv`);
            files.push(file);
            if (await exists(file)) continue;
            progress.report({
              message: vscode.l10n.t({
                message: 'downloading part {0} of {1}',
                args: [(i + 1).toLocaleString(displayLocale()), total],
                comment: ['progress of merging the parts of an export'],
              }),
            });
            await deps.api.downloadCsv(part.orderId!, file, { signal: controller.signal });
          }
          progress.report({
            message: vscode.l10n.t({
              message: 'writing one CSV',
              comment: ['progress of merging the parts of an export'],
            }),
          });
          const result = await mergeParts(files, target, { signal: controller.signal });
          deps.log.info(
            `Batch ${batch.id}: merged ${files.length} parts into ${target} (${result.bytes} bytes${result.emptyParts ? `, ${result.emptyParts} part(s) without rows` : ''}).`,
          );
          await rm(dir, { recursive: true, force: true });
          return { path: target, bytes: result.bytes };
        } finally {
          sub.dispose();
        }
      },
    );
  } catch (e) {
    if (isCancellation(e) || (e instanceof Error && e.name === 'AbortError')) {
      deps.log.info(`Batch ${batch.id}: merge cancelled; the parts stay on the server.`);
      return undefined;
    }
    throw e;
  }
}

/**
 * Deletes the parts' orders on the server once the merged file is complete on disk (its size as recorded).
 * Resolves to the ids deleted (or already gone).
 */
export async function deleteMergedParts(
  api: UniqueAnalyticsApi,
  batch: Batch,
  log: Logger,
): Promise<string[]> {
  if (!batch.merged || !(await isComplete(batch.merged))) {
    log.warn(
      `Batch ${batch.id}: kept its orders on the server: the merged CSV is not complete on disk.`,
    );
    return [];
  }
  const gone: string[] = [];
  for (const part of batch.parts) {
    if (!part.orderId) continue;
    try {
      await api.deleteOrder(part.orderId);
      gone.push(part.orderId);
    } catch (e) {
      if (isAlreadyGone(e)) gone.push(part.orderId);
      else
        log.warn(
          `Batch ${batch.id}: could not delete order ${part.orderId}: ${e instanceof Error ? e.message : String(e)}`,
        );
    }
  }
  return gone;
}

export async function isComplete(file: MergedFile): Promise<boolean> {
  try {
    return (await stat(file.path)).size === file.bytes;
  } catch {
    return false;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
