// Builds the FlowDeps the user flows (flows/) receive, from the live settings and the shell's objects,
// and decides where CSVs go: the `downloadFolder` setting, else the extension's global storage.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DownloadIndex } from '../core/downloads/downloadIndex';
import type { ClientFactory } from './clientFactory';
import type { FlowDeps } from './flows/deps';
import type { Notifier } from './notifier';
import type { SettingsReader } from './settings';
import { askModal } from './trust/saveGuard';

/**
 * The absolute download folder: empty -> `<storage>/csv`; `~` -> home; a relative path is taken from the
 * first workspace folder (else home), so the same setting works in any window.
 */
export function resolveDownloadFolder(
  setting: string,
  storageDir: string,
  workspaceDir: string | undefined,
  home: string,
): string {
  const raw = setting.trim();
  if (!raw) return path.join(storageDir, 'csv');
  const expanded =
    raw === '~'
      ? home
      : raw.startsWith('~/') || raw.startsWith('~\\')
        ? path.join(home, raw.slice(2))
        : raw;
  return path.resolve(workspaceDir ?? home, expanded);
}

export function createFlowDeps(
  context: vscode.ExtensionContext,
  settings: SettingsReader,
  clients: ClientFactory,
  /** The active connection's download index (each connection keeps its own). */
  index: () => DownloadIndex,
  log: vscode.LogOutputChannel,
  notifier?: Pick<Notifier, 'show'>,
): FlowDeps {
  return {
    api: () => clients.api(),
    get index() {
      return index();
    },
    downloadFolder: () =>
      resolveDownloadFolder(
        settings.current.downloadFolder,
        context.globalStorageUri.fsPath,
        vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath,
        os.homedir(),
      ),
    log,
    settings: () => ({
      openAfterDownload: settings.current.openAfterDownload,
      deleteAfterDownload: settings.current.deleteAfterDownload,
    }),
    ...(notifier ? { notify: (severity, text) => void notifier.show(severity, text) } : {}),
    saveGuard: { memento: context.globalState, log, ask: askModal },
  };
}
