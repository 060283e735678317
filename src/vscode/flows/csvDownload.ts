// Getting an order's CSV onto disk: reuse a complete cached file, else download it with a cancellable
// progress notification; "Save As" writes where the person chooses. Never leaves a half-written file
// under a final name. Opening lives in csvOpen.ts (re-exported here for the shell).

import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DownloadResult } from '../../core/api/types';
import { csvFileName, resolveInside } from '../../core/downloads/csvFiles';
import { DownloadProgressText, notDownloadableReason } from '../../core/downloads/downloadMessages';
import { FormulaGuard } from '../../core/csv/formulaCells';
import { EXTENSION_ID_PREFIX, SettingKeys } from '../../core/ids';
import { isAlreadyGone } from '../../core/orders/deletePlan';
import { isCancellation } from '../../core/errors';
import { typeLabel } from '../../core/orders/order';
import type { Order } from '../../core/orders/order';
import { copyCompleteFile } from './atomicCopy';
import { guardSaveTarget } from '../trust/saveGuard';
import { say, type FlowDeps } from './deps';

export { openCsvFile, registerCsvPreviewProvider, CSV_PREVIEW_SCHEME } from './csvOpen';

export interface CsvOnDisk {
  readonly path: string;
  readonly bytes: number;
  /** True when an earlier complete download was reused (or copied) instead of fetching again. */
  readonly fromCache: boolean;
}

export interface DownloadCsvOptions {
  /** Download again even if a complete file is on disk. */
  readonly fresh?: boolean;
  /** Cancels like the notification's Cancel button (tests, and callers with their own cancellation). */
  readonly signal?: AbortSignal;
}

/**
 * The order's CSV in the download folder: the recorded file if it is still complete (unless `fresh`),
 * else a new download. Undefined when the order has no CSV (a message says why) or the person cancelled.
 */
export async function downloadOrderCsv(
  deps: FlowDeps,
  order: Order,
  opts: DownloadCsvOptions = {},
): Promise<CsvOnDisk | undefined> {
  if (refuseUnlessDone(deps, order)) return undefined;
  if (!opts.fresh) {
    const cached = await deps.index.lookup(order.id);
    if (cached) {
      deps.log.info(`Reusing the downloaded CSV of ${order.id}: ${cached.path}`);
      return { path: cached.path, bytes: cached.bytes, fromCache: true };
    }
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const target = resolveInside(deps.downloadFolder(), csvFileName(order));
    const verdict = deps.saveGuard
      ? await guardSaveTarget(deps.saveGuard, target, 'downloadFolder')
      : 'write';
    if (verdict === 'cancel') return undefined;
    if (verdict === 'write') {
      await mkdir(path.dirname(target), { recursive: true });
      return fetchToPath(deps, order, target, opts.signal);
    }
    if (!(await chooseDownloadFolder(deps))) return undefined;
  }
  return undefined;
}

/** "Choose Another Folder" for downloads: picks a folder and makes it the user's download folder. */
async function chooseDownloadFolder(deps: FlowDeps): Promise<boolean> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    defaultUri: vscode.Uri.file(defaultSaveFolder()),
    openLabel: vscode.l10n.t('Save Exports Here'),
    title: vscode.l10n.t('Where should downloaded exports go?'),
  });
  const folder = picked?.[0]?.fsPath;
  if (!folder) return false;
  await vscode.workspace
    .getConfiguration(EXTENSION_ID_PREFIX)
    .update(SettingKeys.downloadFolder, folder, vscode.ConfigurationTarget.Global);
  deps.log.info(`Download folder set to ${folder} (user settings).`);
  return true;
}

/** Where save dialogs start: the person's Downloads folder when there is one, else home. Never a workspace. */
export function defaultSaveFolder(): string {
  const downloads = path.join(os.homedir(), 'Downloads');
  return existsSync(downloads) ? downloads : os.homedir();
}

/** Asks where to save the order's CSV, then saves it there (see saveCsvTo). */
export async function saveCsvAs(deps: FlowDeps, order: Order): Promise<CsvOnDisk | undefined> {
  if (refuseUnlessDone(deps, order)) return undefined;
  const title = vscode.l10n.t({
    message: 'Save {0} CSV',
    args: [typeLabel(order.type)],
    comment: ['{0} is the kind of export, e.g. "Chat interactions"'],
  });
  const target = await askSaveTarget(deps, title, csvFileName(order));
  return target ? saveCsvTo(deps, order, target) : undefined;
}

/**
 * A save dialog (starting outside any workspace), repeated while the save guard sends the person to
 * choose another place. Undefined when they cancel.
 */
export async function askSaveTarget(
  deps: FlowDeps,
  title: string,
  fileName: string,
): Promise<string | undefined> {
  let folder = defaultSaveFolder();
  for (;;) {
    const picked = await vscode.window.showSaveDialog({
      title,
      defaultUri: vscode.Uri.file(path.join(folder, fileName)),
      filters: { [vscode.l10n.t('CSV files')]: ['csv'], [vscode.l10n.t('All files')]: ['*'] },
      saveLabel: vscode.l10n.t('Save CSV'),
    });
    if (!picked) return undefined;
    const verdict = deps.saveGuard
      ? await guardSaveTarget(deps.saveGuard, picked.fsPath, 'file')
      : 'write';
    if (verdict === 'write') return picked.fsPath;
    if (verdict === 'cancel') return undefined;
    folder = defaultSaveFolder();
  }
}

/**
 * Saves the order's CSV at `targetPath`: copied from the complete cached file when there is one, else
 * downloaded. Either way the bytes go to a temporary name first and are renamed into place at the end.
 */
export async function saveCsvTo(
  deps: FlowDeps,
  order: Order,
  targetPath: string,
  signal?: AbortSignal,
): Promise<CsvOnDisk | undefined> {
  if (refuseUnlessDone(deps, order)) return undefined;
  const target = path.resolve(targetPath);
  const cached = await deps.index.lookup(order.id);
  if (cached && path.resolve(cached.path) === target)
    return { path: target, bytes: cached.bytes, fromCache: true };
  if (cached) {
    await copyCompleteFile(cached.path, target, cached.bytes);
    deps.log.info(`Saved the CSV of ${order.id} to ${target} (copied from ${cached.path}).`);
    return { path: target, bytes: cached.bytes, fromCache: true };
  }
  return fetchToPath(deps, order, target, signal);
}

/**
 * With the `deleteAfterDownload` setting on, deletes the order on the server, but only if its file is
 * complete on disk at this moment (re-checked here, not trusted from `result`). True when deleted.
 */
export async function deleteAfterDownload(
  deps: FlowDeps,
  order: Order,
  result: CsvOnDisk,
): Promise<boolean> {
  if (!deps.settings().deleteAfterDownload) return false;
  if (!(await deps.index.isSafelyOnDisk(order.id))) {
    deps.log.warn(
      `Kept order ${order.id} on the server: its CSV (${result.path}) is not complete on disk.`,
    );
    return false;
  }
  try {
    await deps.api().deleteOrder(order.id);
  } catch (e) {
    if (isAlreadyGone(e)) {
      // Another window (or person) deleted it first: the goal is reached, nothing to say.
      deps.log.info(
        `Order ${order.id} was already gone from the server; its CSV is at ${result.path}.`,
      );
      return true;
    }
    const message = e instanceof Error ? e.message : String(e);
    deps.log.warn(`Could not delete order ${order.id} after downloading it: ${message}`);
    say(
      deps,
      'warning',
      vscode.l10n.t({
        message: 'The {0} CSV is saved, but the order could not be deleted on the server: {1}',
        args: [typeLabel(order.type), message],
        comment: ['{0} is the kind of export, e.g. "Chat interactions"; {1} is the error'],
      }),
    );
    return false;
  }
  deps.log.info(`Deleted order ${order.id} on the server; its CSV is at ${result.path}.`);
  return true;
}

/** Shows why a non-DONE order has no CSV; true when it did (and the caller should stop). */
function refuseUnlessDone(deps: FlowDeps, order: Order): boolean {
  const reason = notDownloadableReason(order);
  if (reason) say(deps, 'warning', reason);
  return reason !== undefined;
}

async function fetchToPath(
  deps: FlowDeps,
  order: Order,
  target: string,
  signal?: AbortSignal,
): Promise<CsvOnDisk | undefined> {
  const api = deps.api();
  const started = Date.now();
  // Counted on the way to disk, for the row's tooltip: no second read of a large file.
  const formulas = new FormulaGuard();
  let result: DownloadResult;
  try {
    result = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t({
          message: 'Downloading {0} CSV',
          args: [typeLabel(order.type)],
          comment: ['{0} is the kind of export, e.g. "Chat interactions"'],
        }),
        cancellable: true,
      },
      async (progress, token) => {
        const controller = new AbortController();
        const abort = () => controller.abort();
        const onCancel = token.onCancellationRequested(abort);
        signal?.addEventListener('abort', abort);
        if (token.isCancellationRequested || signal?.aborted) abort();
        const text = new DownloadProgressText();
        try {
          return await api.downloadCsv(order.id, target, {
            signal: controller.signal,
            onChunk: (chunk) => formulas.push(chunk, false),
            onProgress: (p) => {
              const update = text.next(p.receivedBytes, p.totalBytes);
              if (update) progress.report(update);
            },
          });
        } finally {
          onCancel.dispose();
          signal?.removeEventListener('abort', abort);
        }
      },
    );
  } catch (e) {
    if (isCancellation(e) || signal?.aborted) {
      deps.log.info(`Download of ${order.id} cancelled; nothing was saved.`);
      return undefined;
    }
    throw e;
  }
  formulas.end(false);
  const formulaCells = formulas.report;
  await deps.index.record(order.id, {
    path: result.path,
    bytes: result.bytes,
    savedAt: Date.now(),
    formulaCells,
  });
  if (formulaCells.cells > 0)
    deps.log.info(
      `The CSV of ${order.id} has ${formulaCells.cells} cell(s) a spreadsheet would run as formulas.`,
    );
  deps.log.info(
    `Downloaded the CSV of ${order.id}: ${result.bytes} bytes to ${result.path} in ${Date.now() - started} ms.`,
  );
  return { path: result.path, bytes: result.bytes, fromCache: false };
}
