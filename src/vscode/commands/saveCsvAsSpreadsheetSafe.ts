// "Save CSV As (Spreadsheet-Safe)…": a copy in which no cell starts like a formula (a `'` goes before
// =, +, -, @, tab, CR), for opening in Excel or LibreOffice. The downloaded original stays unchanged.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { csvFileName } from '../../core/downloads/csvFiles';
import { displayLocale } from '../../core/l10n/locale';
import { typeLabel } from '../../core/orders/order';
import { writeSpreadsheetSafeCopy } from '../flows/atomicCopy';
import { askSaveTarget, downloadOrderCsv } from '../flows/csvDownload';
import type { Shell } from '../shell';
import { orderToSave } from './orderArgs';

export function saveCsvAsSpreadsheetSafe(
  s: Pick<Shell, 'flows' | 'notifier' | 'tree' | 'watcher'>,
) {
  return async (arg?: unknown): Promise<{ path: string; cells: number } | undefined> => {
    const order = await orderToSave(
      s,
      arg,
      vscode.l10n.t('Save CSV As (Spreadsheet-Safe)'),
      vscode.l10n.t('Which export do you want to save for a spreadsheet?'),
    );
    if (!order) return undefined;
    const original = await downloadOrderCsv(s.flows, order);
    if (!original) return undefined;
    s.tree.refresh([order.id]);
    // A file name: not translated.
    const name = `${path.basename(csvFileName(order), '.csv')} (spreadsheet-safe).csv`;
    const target = await askSaveTarget(
      s.flows,
      vscode.l10n.t({
        message: 'Save {0} CSV for a spreadsheet',
        args: [typeLabel(order.type)],
        comment: ['{0} is the kind of export, e.g. "Chat interactions"'],
      }),
      name,
    );
    if (!target) return undefined;
    if (path.resolve(target) === path.resolve(original.path)) {
      s.notifier.show(
        'warning',
        vscode.l10n.t(
          'Choose another name: the spreadsheet-safe copy never replaces the downloaded original.',
        ),
      );
      return undefined;
    }
    const { cells } = await writeSpreadsheetSafeCopy(original.path, target);
    const what =
      cells === 0
        ? 'no cell needed a change'
        : `${cells.toLocaleString('en-US')} cell(s) starting like a formula now start with '`;
    s.flows.log.info(`Saved a spreadsheet-safe copy of ${order.id} at ${target}: ${what}.`);
    s.notifier.show(
      'info',
      cells === 0
        ? vscode.l10n.t('Saved {0} (no cell needed a change).', target)
        : cells === 1
          ? vscode.l10n.t("Saved {0} (1 cell starting like a formula now starts with ').", target)
          : vscode.l10n.t({
              message: "Saved {0} ({1} cells starting like a formula now start with ').",
              args: [target, cells.toLocaleString(displayLocale())],
              comment: ["{1} is a number; ' is the apostrophe put before each such cell"],
            }),
    );
    return { path: target, cells };
  };
}
