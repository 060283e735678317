// "Save CSV As (Spreadsheet-Safe)…": a copy in which no cell starts like a formula (a `'` goes before
// =, +, -, @, tab, CR), for opening in Excel or LibreOffice. The downloaded original stays unchanged.
import * as path from 'node:path';
import { csvFileName } from '../../core/downloads/csvFiles';
import { typeLabel } from '../../core/orders/order';
import { writeSpreadsheetSafeCopy } from '../flows/atomicCopy';
import { askSaveTarget, downloadOrderCsv } from '../flows/csvDownload';
import type { Shell } from '../shell';
import { orderToSave } from './orderArgs';

export function saveCsvAsSpreadsheetSafe(
  s: Pick<Shell, 'flows' | 'notifier' | 'tree' | 'watcher'>,
) {
  return async (arg?: unknown): Promise<{ path: string; cells: number } | undefined> => {
    const title = 'Save CSV As (Spreadsheet-Safe)';
    const order = await orderToSave(
      s,
      arg,
      title,
      'Which export do you want to save for a spreadsheet?',
    );
    if (!order) return undefined;
    const original = await downloadOrderCsv(s.flows, order);
    if (!original) return undefined;
    s.tree.refresh([order.id]);
    const name = `${path.basename(csvFileName(order), '.csv')} (spreadsheet-safe).csv`;
    const target = await askSaveTarget(
      s.flows,
      `Save ${typeLabel(order.type)} CSV for a spreadsheet`,
      name,
    );
    if (!target) return undefined;
    if (path.resolve(target) === path.resolve(original.path)) {
      s.notifier.show(
        'warning',
        'Choose another name: the spreadsheet-safe copy never replaces the downloaded original.',
      );
      return undefined;
    }
    const { cells } = await writeSpreadsheetSafeCopy(original.path, target);
    const what =
      cells === 0
        ? 'no cell needed a change'
        : `${cells.toLocaleString('en-US')} cell(s) starting like a formula now start with '`;
    s.flows.log.info(`Saved a spreadsheet-safe copy of ${order.id} at ${target}: ${what}.`);
    s.notifier.show('info', `Saved ${target} (${what}).`);
    return { path: target, cells };
  };
}
