// Builds the long-lived objects every view and command works with, in dependency order (nothing refers to
// an object built after it). Wiring only; extension.ts adds the view and the commands on top.
import * as vscode from 'vscode';
import { needsBaseUrl } from '../core/connections/connectionList';
import { redact } from '../core/errors';
import { BatchService } from './batches/batchService';
import { WindowLease } from './batches/windowLease';
import { ReportService } from './reports/reportService';
import { ClientFactory } from './clientFactory';
import { ConnectionOrders } from './connections/connectionOrders';
import { ConnectionRegistry } from './connections/connectionRegistry';
import { ErrorBoundary } from './errorBoundary';
import { createFlowDeps } from './flowWiring';
import { Notifier } from './notifier';
import { SettingsReader } from './settings';
import { SetupController } from './setupController';
import type { Shell } from './shell';
import { TokenSource } from './tokenSource';
import { WorkspaceSettingsGuard } from './trust/workspaceSettingsGuard';

export type Services = Omit<Shell, 'tree' | 'view' | 'wizardTap' | 'insights'> & {
  /** Everything above that must be disposed with the extension. */
  readonly disposables: readonly vscode.Disposable[];
  /** Which window places batch parts and runs due reports. */
  readonly lease: WindowLease;
};

export function createServices(context: vscode.ExtensionContext): Services {
  const version = String((context.extension.packageJSON as { version?: unknown }).version);
  const log = vscode.window.createOutputChannel('Unique Analytics', { log: true });
  const memento = context.globalState;
  const settings = new SettingsReader(log);
  const connections = new ConnectionRegistry(settings, memento, log);
  const tokens = new TokenSource(context.secrets, process.env, log, () => connections.active);
  const scrub = (text: string): string =>
    tokens.secretsForRedaction.reduce((t, secret) => redact(t, secret), text);
  const clients = new ClientFactory(() => connections.active, tokens, log, version);
  const notifier = new Notifier(scrub);
  const watcher = new ConnectionOrders({ registry: connections, clients, settings, memento, log });
  const boundary = new ErrorBoundary({
    log,
    notifier,
    redact: scrub,
    baseUrlMissing: () => needsBaseUrl(connections.active),
    authKind: () => tokens.authKind,
  });
  const setup = new SetupController({
    settings,
    tokens,
    connections,
    watcher,
    notifier,
    boundary,
    log,
  });
  const flows = createFlowDeps(context, settings, clients, () => watcher.index, log, notifier);
  const workspaceValues = new WorkspaceSettingsGuard(notifier, log);
  const lease = new WindowLease(memento, log);
  const batches = new BatchService({
    memento,
    watcher,
    registry: connections,
    clients,
    lease,
    flows,
    notifier,
    log,
    storageDir: context.globalStorageUri.fsPath,
  });
  const reports = new ReportService({
    memento,
    settings,
    watcher,
    batches,
    lease,
    setup,
    flows,
    notifier,
    log,
  });
  const disposables = [
    log,
    settings,
    connections,
    tokens,
    watcher,
    setup,
    workspaceValues,
    batches,
    reports,
    lease,
  ];
  return {
    memento,
    log,
    settings,
    connections,
    tokens,
    clients,
    notifier,
    boundary,
    flows,
    watcher,
    setup,
    batches,
    reports,
    lease,
    disposables,
  };
}
