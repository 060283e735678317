// Says once when a workspace (or one folder of a multi-root workspace) sets a setting that decides where
// credentials go or where files are written. Such values are never used (settings.ts reads the user's
// value only, and the manifest's scopes make VS Code ignore them too); this only tells the person, so a
// cloned repository cannot try to redirect anything unnoticed. VS Code hides workspace values of such
// settings from `inspect()`, so the settings files themselves are read (JSONC, as VS Code writes them).
import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import { EXTENSION_ID_PREFIX } from '../../core/ids';
import type { Logger } from '../../core/ports';
import {
  ignoredValueMessages,
  restrictedValuesIn,
  type WorkspaceValue,
} from '../../core/trust/workspaceSettings';
import type { Notifier } from '../notifier';

export class WorkspaceSettingsGuard implements vscode.Disposable {
  private readonly said = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];
  private checking: Promise<void> = Promise.resolve();

  constructor(
    private readonly notifier: Pick<Notifier, 'show'>,
    private readonly log: Logger,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/.vscode/settings.json');
    const recheck = (): void => void this.check();
    this.subscriptions = [
      watcher,
      watcher.onDidCreate(recheck),
      watcher.onDidChange(recheck),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(EXTENSION_ID_PREFIX)) recheck();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(recheck),
    ];
    recheck();
  }

  /** Every value a workspace file or folder settings file sets for a restricted setting. */
  static async found(): Promise<WorkspaceValue[]> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const multiRoot = vscode.workspace.workspaceFile !== undefined;
    const out: WorkspaceValue[] = [];
    const file = vscode.workspace.workspaceFile;
    if (file && file.scheme !== 'untitled')
      out.push(...restrictedValuesIn((await readJsonc(file))?.settings));
    for (const folder of folders) {
      const settings = await readJsonc(vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json'));
      // In a single-folder window the folder's settings are the workspace's.
      out.push(...restrictedValuesIn(settings, multiRoot ? folder.name : undefined));
    }
    return out;
  }

  /** Checks run one after another, so a value is never said twice by two overlapping checks. */
  private check(): Promise<void> {
    this.checking = this.checking.then(async () => {
      for (const { key, text } of ignoredValueMessages(
        await WorkspaceSettingsGuard.found(),
        this.said,
      )) {
        this.said.add(key);
        this.log.warn(text);
        this.notifier.show('warning', text, [vscode.l10n.t('Open User Settings')], () =>
          vscode.commands.executeCommand('workbench.action.openSettings', EXTENSION_ID_PREFIX),
        );
      }
    });
    return this.checking;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

/** The parsed JSONC file, or undefined when it is missing or unreadable. */
async function readJsonc(uri: vscode.Uri): Promise<Record<string, unknown> | undefined> {
  try {
    const value: unknown = parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
