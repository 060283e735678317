// Builds the long-lived objects every view and command works with, in dependency order (nothing refers to
// an object built after it). Wiring only; extension.ts adds the view and the commands on top.
import * as vscode from 'vscode';
import { DownloadIndex } from '../core/downloads/downloadIndex';
import { redact } from '../core/errors';
import { ClientFactory } from './clientFactory';
import { ErrorBoundary } from './errorBoundary';
import { createFlowDeps } from './flowWiring';
import { Notifier } from './notifier';
import { OrderWatcher } from './orderWatcher';
import { SettingsReader } from './settings';
import { SetupController } from './setupController';
import type { Shell } from './shell';
import { TokenSource } from './tokenSource';
import { WorkspaceSettingsGuard } from './trust/workspaceSettingsGuard';

export type Services = Omit<Shell, 'tree' | 'view' | 'wizardTap'> & {
  /** Everything above that must be disposed with the extension. */
  readonly disposables: readonly vscode.Disposable[];
};

export function createServices(context: vscode.ExtensionContext): Services {
  const version = String((context.extension.packageJSON as { version?: unknown }).version);
  const log = vscode.window.createOutputChannel('Unique Analytics', { log: true });
  const settings = new SettingsReader(log);
  const tokens = new TokenSource(context.secrets, process.env, log);
  const scrub = (text: string): string => redact(text, tokens.secretForRedaction);
  const clients = new ClientFactory(() => settings.current, tokens, log, version);
  const notifier = new Notifier(scrub);
  const baseUrlMissing = (): boolean => !settings.current.baseUrl;
  const boundary = new ErrorBoundary({ log, notifier, redact: scrub, baseUrlMissing });
  const index = new DownloadIndex(context.globalState);
  const flows = createFlowDeps(context, settings, clients, index, log, notifier);
  const watcher = new OrderWatcher({ api: () => clients.api(), settings, log });
  const setup = new SetupController({ settings, tokens, watcher, notifier, boundary, log });
  const workspaceValues = new WorkspaceSettingsGuard(notifier, log);
  const disposables = [log, settings, tokens, watcher, setup, workspaceValues];
  const memento = context.globalState;
  return {
    memento,
    log,
    settings,
    tokens,
    clients,
    notifier,
    boundary,
    flows,
    watcher,
    setup,
    disposables,
  };
}
