// Registers every command, each inside the one error boundary. The titles name the command in messages.
import * as vscode from 'vscode';
import { CommandIds, type CommandId } from '../../core/ids';
import type { Shell } from '../shell';
import { checkConnection } from './checkConnection';
import { cleanUpDownloaded } from './cleanUpDownloaded';
import { clearToken } from './clearToken';
import { configure } from './configure';
import { copyOrderId } from './copyOrderId';
import { deleteOrder } from './deleteOrder';
import { addEnvironment, importEnvFile, switchEnvironment } from './environments';
import { loadMore } from './loadMore';
import { openAsTable } from './openAsTable';
import { openCsv } from './openCsv';
import { refresh } from './refresh';
import { repeatNextPeriod, repeatPreviousPeriod } from './repeatExport';
import { retryExport } from './retryExport';
import { retryFailedParts } from './batchCommands';
import { runReport, saveAsReport } from './reportCommands';
import { saveCsvAs } from './saveCsvAs';
import { saveCsvAsSpreadsheetSafe } from './saveCsvAsSpreadsheetSafe';
import { setToken } from './setToken';
import { showInsights } from './showInsights';
import { showLog } from './showLog';
import { startExport } from './startExport';

type Handler = (...args: never[]) => unknown;

const COMMANDS: Record<
  CommandId,
  { readonly title: string; readonly make: (s: Shell) => Handler }
> = {
  [CommandIds.startExport]: { title: 'Start Export', make: startExport },
  [CommandIds.retryExport]: { title: 'Retry Export', make: retryExport },
  [CommandIds.repeatNextPeriod]: { title: 'Repeat for the Next Period', make: repeatNextPeriod },
  [CommandIds.repeatPreviousPeriod]: {
    title: 'Repeat for the Previous Period',
    make: repeatPreviousPeriod,
  },
  [CommandIds.retryFailedParts]: { title: 'Retry Failed Parts', make: retryFailedParts },
  [CommandIds.saveAsReport]: { title: 'Save as Report', make: saveAsReport },
  [CommandIds.runReport]: { title: 'Run Report', make: runReport },
  [CommandIds.refresh]: { title: 'Refresh Orders', make: refresh },
  [CommandIds.openCsv]: { title: 'Open CSV', make: openCsv },
  [CommandIds.openAsTable]: { title: 'Open as Table', make: openAsTable },
  [CommandIds.showInsights]: { title: 'Show Insights', make: showInsights },
  [CommandIds.saveCsvAs]: { title: 'Save CSV As', make: saveCsvAs },
  [CommandIds.saveCsvAsSpreadsheetSafe]: {
    title: 'Save CSV As (Spreadsheet-Safe)',
    make: saveCsvAsSpreadsheetSafe,
  },
  [CommandIds.deleteOrder]: { title: 'Delete Order', make: deleteOrder },
  [CommandIds.cleanUpDownloaded]: {
    title: 'Delete All Downloaded Orders',
    make: cleanUpDownloaded,
  },
  [CommandIds.copyOrderId]: { title: 'Copy Order ID', make: copyOrderId },
  [CommandIds.loadMore]: { title: 'Load More Orders', make: loadMore },
  [CommandIds.setToken]: { title: 'Set Access Token', make: setToken },
  [CommandIds.setClientSecret]: { title: 'Set Client Secret', make: setToken },
  [CommandIds.setApiKey]: { title: 'Set API Key', make: setToken },
  [CommandIds.switchEnvironment]: { title: 'Switch Environment', make: switchEnvironment },
  [CommandIds.addEnvironment]: { title: 'Add Environment', make: addEnvironment },
  [CommandIds.importEnvFile]: { title: 'Import Environment', make: importEnvFile },
  [CommandIds.clearToken]: { title: 'Clear Access Token', make: clearToken },
  [CommandIds.configure]: { title: 'Configure', make: configure },
  [CommandIds.checkConnection]: { title: 'Check Connection', make: checkConnection },
  [CommandIds.showLog]: { title: 'Show Log', make: showLog },
};

export function registerCommands(s: Shell): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, { title, make }]) =>
    vscode.commands.registerCommand(
      id,
      s.boundary.wrap(title, make(s) as (...args: unknown[]) => unknown),
    ),
  );
}
