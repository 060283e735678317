// Says once when a workspace (or one folder of a multi-root workspace) sets a setting that decides where
// credentials go or where files are written. Such values are never used (settings.ts reads the user's
// value only); this only tells the person, so a cloned repository cannot redirect anything unnoticed.
import * as vscode from 'vscode';
import { EXTENSION_ID_PREFIX } from '../../core/ids';
import type { Logger } from '../../core/ports';
import { ignoredValueMessages, RESTRICTED_SETTINGS, type WorkspaceValue } from '../../core/trust/workspaceSettings';
import type { Notifier } from '../notifier';

export class WorkspaceSettingsGuard implements vscode.Disposable {
  private readonly said = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly notifier: Pick<Notifier, 'show'>,
    private readonly log: Logger,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(EXTENSION_ID_PREFIX)) this.check();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.check()),
    ];
    this.check();
  }

  /** The values a workspace or its folders set for restricted settings (ignored, every one of them). */
  static found(): WorkspaceValue[] {
    const out: WorkspaceValue[] = [];
    const whole = vscode.workspace.getConfiguration(EXTENSION_ID_PREFIX);
    for (const key of RESTRICTED_SETTINGS) {
      const value = whole.inspect(key)?.workspaceValue;
      if (value !== undefined) out.push({ key, value });
    }
    // Folder settings only exist apart from the workspace's in a multi-root workspace.
    if (vscode.workspace.workspaceFile) {
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const config = vscode.workspace.getConfiguration(EXTENSION_ID_PREFIX, folder.uri);
        for (const key of RESTRICTED_SETTINGS) {
          const value = config.inspect(key)?.workspaceFolderValue;
          if (value !== undefined) out.push({ key, value, folder: folder.name });
        }
      }
    }
    return out;
  }

  private check(): void {
    for (const { key, text } of ignoredValueMessages(WorkspaceSettingsGuard.found(), this.said)) {
      this.said.add(key);
      this.log.warn(text);
      this.notifier.show('warning', text, ['Open User Settings'], () =>
        vscode.commands.executeCommand('workbench.action.openSettings', EXTENSION_ID_PREFIX),
      );
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
