// Registers every command, each inside the one error boundary. The titles name the command in messages; they
// are translated when the commands are registered (during activation, once l10n is set up), not at load.
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
  { readonly title: () => string; readonly make: (s: Shell) => Handler }
> = {
  [CommandIds.startExport]: { title: () => vscode.l10n.t('Start Export'), make: startExport },
  [CommandIds.retryExport]: { title: () => vscode.l10n.t('Retry Export'), make: retryExport },
  [CommandIds.repeatNextPeriod]: {
    title: () => vscode.l10n.t('Repeat for the Next Period'),
    make: repeatNextPeriod,
  },
  [CommandIds.repeatPreviousPeriod]: {
    title: () => vscode.l10n.t('Repeat for the Previous Period'),
    make: repeatPreviousPeriod,
  },
  [CommandIds.retryFailedParts]: {
    title: () => vscode.l10n.t('Retry Failed Parts'),
    make: retryFailedParts,
  },
  [CommandIds.saveAsReport]: { title: () => vscode.l10n.t('Save as Report'), make: saveAsReport },
  [CommandIds.runReport]: { title: () => vscode.l10n.t('Run Report'), make: runReport },
  [CommandIds.refresh]: { title: () => vscode.l10n.t('Refresh Orders'), make: refresh },
  [CommandIds.openCsv]: { title: () => vscode.l10n.t('Open CSV'), make: openCsv },
  [CommandIds.openAsTable]: { title: () => vscode.l10n.t('Open as Table'), make: openAsTable },
  [CommandIds.showInsights]: { title: () => vscode.l10n.t('Show Insights'), make: showInsights },
  [CommandIds.saveCsvAs]: { title: () => vscode.l10n.t('Save CSV As'), make: saveCsvAs },
  [CommandIds.saveCsvAsSpreadsheetSafe]: {
    title: () => vscode.l10n.t('Save CSV As (Spreadsheet-Safe)'),
    make: saveCsvAsSpreadsheetSafe,
  },
  [CommandIds.deleteOrder]: { title: () => vscode.l10n.t('Delete Order'), make: deleteOrder },
  [CommandIds.cleanUpDownloaded]: {
    title: () => vscode.l10n.t('Delete All Downloaded Orders'),
    make: cleanUpDownloaded,
  },
  [CommandIds.copyOrderId]: { title: () => vscode.l10n.t('Copy Order ID'), make: copyOrderId },
  [CommandIds.loadMore]: { title: () => vscode.l10n.t('Load More Orders'), make: loadMore },
  [CommandIds.setToken]: { title: () => vscode.l10n.t('Set Access Token'), make: setToken },
  [CommandIds.setClientSecret]: { title: () => vscode.l10n.t('Set Client Secret'), make: setToken },
  [CommandIds.setApiKey]: { title: () => vscode.l10n.t('Set API Key'), make: setToken },
  [CommandIds.switchEnvironment]: {
    title: () => vscode.l10n.t('Switch Environment'),
    make: switchEnvironment,
  },
  [CommandIds.addEnvironment]: {
    title: () => vscode.l10n.t('Add Environment'),
    make: addEnvironment,
  },
  [CommandIds.importEnvFile]: {
    title: () => vscode.l10n.t('Import Environment'),
    make: importEnvFile,
  },
  [CommandIds.clearToken]: { title: () => vscode.l10n.t('Clear Access Token'), make: clearToken },
  [CommandIds.configure]: {
    title: () =>
      vscode.l10n.t({
        message: 'Configure',
        comment: ['the command\'s name, as in "Configure failed"'],
      }),
    make: configure,
  },
  [CommandIds.checkConnection]: {
    title: () => vscode.l10n.t('Check Connection'),
    make: checkConnection,
  },
  [CommandIds.showLog]: { title: () => vscode.l10n.t('Show Log'), make: showLog },
};

export function registerCommands(s: Shell): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, { title, make }]) =>
    vscode.commands.registerCommand(
      id,
      s.boundary.wrap(title(), make(s) as (...args: unknown[]) => unknown),
    ),
  );
}
