// Entry point: wires objects together and returns a small API for integration tests. No logic here.
import type * as vscode from 'vscode';
import { registerCommands } from './vscode/commands';
import { ConnectionStatus } from './vscode/connections/connectionStatus';
import { registerCsvPreviewProvider } from './vscode/flows/csvDownload';
import { createOrdersView, OrdersTree } from './vscode/ordersTree';
import { createServices } from './vscode/services';
import { createTestApi, type UniqueAnalyticsTestApi } from './vscode/testApi';
import { InsightsPanels } from './vscode/insights/insightsPanels';
import { TransitionNotifier } from './vscode/transitionNotifier';
import { TableEditorProvider } from './vscode/viewer/tableEditorProvider';
import { ViewStatus } from './vscode/viewStatus';
import { createReportsView, ReportsTree } from './vscode/reports/reportsTree';
import { configureL10n } from './vscode/l10nSetup';

export type { UniqueAnalyticsTestApi } from './vscode/testApi';

export function activate(context: vscode.ExtensionContext): UniqueAnalyticsTestApi {
  configureL10n(); // before any string is made
  const s = createServices(context);
  const { watcher, setup, notifier, settings, connections } = s;
  const tree = new OrdersTree({ orders: watcher, setup, display: settings, batches: s.batches });
  const view = createOrdersView(tree);
  const transitions = new TransitionNotifier(
    watcher.onDidChangeOrdersAnywhere,
    notifier,
    () => settings.current,
    {
      shown: () => watcher.connection,
      show: (name) => connections.switchTo(name),
      surfaceOf: (name) => watcher.surfaceOf(name),
      // A batch's parts are announced once, as the batch (merged, or a part failed); a report's order as the
      // report ("saved as …").
      announcedElsewhere: (name, orderId) =>
        s.batches.owns(name, orderId) || s.reports.owns(orderId),
    },
  );
  const insights = new InsightsPanels(
    context,
    s.log,
    () => settings.current.maskEmails,
    () => watcher,
  );
  const shell = { ...s, tree, view, wizardTap: {}, insights };
  const status = new ViewStatus(view, watcher, setup, s.batches);
  const reportsTree = new ReportsTree(s.reports);
  const reportsView = createReportsView(reportsTree);
  const connection = new ConnectionStatus(view, s);
  context.subscriptions.push(
    ...s.disposables,
    tree,
    view,
    transitions,
    status,
    connection,
    insights,
    reportsTree,
    reportsView,
  );
  const preview = registerCsvPreviewProvider(() => settings.current.maskEmails);
  const table = TableEditorProvider.register(context, s.log, () => settings.current.maskEmails);
  const masking = settings.onDidChange(({ changed }) => {
    if (!changed.has('maskEmails')) return;
    table.provider.redrawAll();
    insights.redrawAll();
  });
  context.subscriptions.push(preview, table.disposable, masking, ...registerCommands(shell));
  void setup.recheck();
  return createTestApi(shell, transitions, table.provider, insights, reportsTree);
}

export function deactivate(): void {}
