// "Open as Table": a CSV file (the editor title's button on a CSV text editor, the Explorer, or the active
// editor from the palette) or a finished order (its inline action: downloaded first when needed) in the
// Unique Analytics Table. The text route stays as it is; this only ever adds the table beside it.
import * as vscode from 'vscode';
import { ViewIds } from '../../core/ids';
import type { Shell } from '../shell';
import { openCsv } from './openCsv';

export function openAsTable(
  s: Pick<Shell, 'batches' | 'flows' | 'notifier' | 'settings' | 'tree' | 'watcher'>,
) {
  const open = openCsv(s);
  return async (arg?: unknown): Promise<string | undefined> => {
    const active = vscode.window.activeTextEditor?.document.uri;
    const uri =
      arg instanceof vscode.Uri
        ? arg
        : arg === undefined && active && /\.csv$/i.test(active.path)
          ? active
          : undefined;
    if (uri) {
      await vscode.commands.executeCommand('vscode.openWith', uri, ViewIds.table, {
        preview: false,
      });
      return uri.fsPath;
    }
    return open(arg, { as: 'table' });
  };
}
