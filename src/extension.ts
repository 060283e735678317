// Entry point: wires objects together and returns a small API for integration tests. No logic here.
import * as vscode from 'vscode';
import { DownloadIndex } from './core/downloads/downloadIndex';
import { redact } from './core/errors';
import { ViewIds } from './core/ids';
import { ClientFactory } from './vscode/clientFactory';
import { registerCommands } from './vscode/commands';
import { ErrorBoundary } from './vscode/errorBoundary';
import { createFlowDeps } from './vscode/flowWiring';
import { registerCsvPreviewProvider } from './vscode/flows/csvDownload';
import { Notifier } from './vscode/notifier';
import { OrdersTree, type OrdersTreeNode } from './vscode/ordersTree';
import { OrderWatcher } from './vscode/orderWatcher';
import { SettingsReader } from './vscode/settings';
import { SetupController } from './vscode/setupController';
import type { Shell } from './vscode/shell';
import { createTestApi, type UniqueAnalyticsTestApi } from './vscode/testApi';
import { TokenSource } from './vscode/tokenSource';
import { TransitionNotifier } from './vscode/transitionNotifier';
import { ViewStatus } from './vscode/viewStatus';

export type { UniqueAnalyticsTestApi } from './vscode/testApi';

export function activate(context: vscode.ExtensionContext): UniqueAnalyticsTestApi {
  const version = String((context.extension.packageJSON as { version?: unknown }).version);
  const log = vscode.window.createOutputChannel('Unique Analytics', { log: true });
  const settings = new SettingsReader(log);
  const tokens = new TokenSource(context.secrets, process.env, log, () => void setup.tokenChanged());
  const scrub = (text: string): string => redact(text, tokens.secretForRedaction);
  const clients = new ClientFactory(() => settings.current, tokens, log, version);
  const notifier = new Notifier(scrub);
  const boundary = new ErrorBoundary({ log, notifier, redact: scrub, baseUrlMissing: () => !settings.current.baseUrl });
  const flows = createFlowDeps(context, settings, clients, new DownloadIndex(context.globalState), log, notifier);
  const watcher = new OrderWatcher({ api: () => clients.api(), settings, log });
  const setup = new SetupController({ settings, tokens, watcher, notifier, boundary, log });
  const tree = new OrdersTree({
    store: watcher.store,
    index: flows.index,
    showsOrders: () => setup.showsOrders,
    onDidChangeSetup: setup.onDidChange,
  });
  const view = vscode.window.createTreeView<OrdersTreeNode>(ViewIds.orders, { treeDataProvider: tree, canSelectMany: true });
  const transitions = new TransitionNotifier(watcher.onDidChangeOrders, notifier, () => settings.current);
  const onDidShowWizardInput = (input: vscode.QuickInput, step: number): void => api.onWizardInput?.(input, step);
  const shell: Shell = {
    memento: context.globalState,
    log,
    settings,
    tokens,
    clients,
    watcher,
    tree,
    view,
    setup,
    notifier,
    boundary,
    flows,
    onDidShowWizardInput,
  };
  const api = createTestApi(shell, transitions);
  const status = new ViewStatus(view, watcher, setup);
  context.subscriptions.push(
    log,
    settings,
    tokens,
    watcher,
    setup,
    tree,
    view,
    transitions,
    status,
    registerCsvPreviewProvider(),
    ...registerCommands(shell),
  );
  void setup.recheck();
  return api;
}

export function deactivate(): void {}
