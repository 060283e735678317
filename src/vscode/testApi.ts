// The small API `activate` returns so integration tests can look inside the running extension: state
// snapshots and ways to wait for the poller. Read-only views plus waiting helpers; no back doors.
import type * as vscode from 'vscode';
import type { Batch } from '../core/ranges/batch';
import type { ReportsTree } from './reports/reportsTree';
import type { DownloadIndex } from '../core/downloads/downloadIndex';
import type { Order } from '../core/orders/order';
import type { OrderTransition } from '../core/orders/orderStore';
import type { PollStatus } from '../core/orders/pollScheduler';
import type { SetupState } from '../core/setup/setupState';
import type { ShownMessage } from './notifier';
import type { OrdersTreeNode } from './ordersTree';
import type { PollOutcome } from './orderWatcher';
import type { Settings } from './settings';
import type { Shell } from './shell';
import type { TransitionNotifier } from './transitionNotifier';
import type { InsightsPanels } from './insights/insightsPanels';
import type { InsightsTraffic } from './insights/insightsPanel';
import type { TableEditorProvider } from './viewer/tableEditorProvider';
import type { TableTraffic } from './viewer/tableSession';

export interface UniqueAnalyticsTestApi {
  /** The orders the store holds, newest first. */
  orders(): readonly Order[];
  /** The view's rows as VS Code gets them (getChildren + getTreeItem). */
  treeItems(): Promise<vscode.TreeItem[]>;
  /** The rows' nodes, e.g. to pass to commands as a tree would. */
  treeNodes(): readonly OrdersTreeNode[];
  setupState(): SetupState | undefined;
  pollStatus(): PollStatus;
  settings(): Settings;
  /** Messages shown so far, newest last. */
  messages(): readonly ShownMessage[];
  /** The line the Orders view shows above its rows (e.g. why the list may be stale), if any. */
  viewMessage(): string | undefined;
  /** The active connection's download index. */
  readonly downloadIndex: DownloadIndex;
  /** The name of the connection the view shows. */
  connection(): string;
  /** Shows another connection (as the switcher would), resolving once the set-up settled on it. */
  switchConnection(name: string): Promise<SetupState>;
  readonly userAgent: string;
  /** Fires for each order seen turning final (DONE, ERROR, ...), whether or not it was announced. */
  readonly onDidFinish: vscode.Event<OrderTransition>;
  /** Asks for a poll and resolves once a poll that started after the call has finished. */
  refreshAndWait(): Promise<PollOutcome>;
  /** Re-reads settings/token/last error into the set-up state and waits for it. */
  recheckSetup(): Promise<SetupState>;
  /** Every message between a table editor's webview and the host (the page exchange). */
  readonly onDidTableMessage: vscode.Event<TableTraffic>;
  /** Every message between an Insights webview and the host. */
  readonly onDidInsightsMessage: vscode.Event<InsightsTraffic>;
  /** Set to watch the export wizard's quick inputs as they open (undefined: no watcher). */
  onWizardInput: ((input: vscode.QuickInput, step: number) => void) | undefined;
  /** The batches of the connection shown, newest first. */
  batches(): readonly Batch[];
  /** Forgets every batch (suites start from nothing). */
  clearBatches(): Promise<void>;
  /** A batch's part rows as the tree shows them. */
  batchChildren(batchId: string): Promise<vscode.TreeItem[]>;
  /** The Reports section's rows. */
  reportItems(): vscode.TreeItem[];
  /** Runs the scheduled reports that are due now (what the once-a-minute timer does). */
  runDueReports(): Promise<void>;
  /** The "N reports waiting" status bar item's text while it is shown, else undefined. */
  reportsStatus(): string | undefined;
}

export function createTestApi(
  s: Shell,
  transitions: TransitionNotifier,
  table: TableEditorProvider,
  insights: InsightsPanels,
  reportsTree: ReportsTree,
): UniqueAnalyticsTestApi {
  const tap = s.wizardTap;
  return {
    orders: () => s.watcher.store.orders(),
    treeItems: async () => Promise.all(s.tree.getChildren().map((n) => s.tree.getTreeItem(n))),
    treeNodes: () => s.tree.getChildren(),
    setupState: () => s.setup.current,
    pollStatus: () => s.watcher.status,
    settings: () => s.settings.current,
    messages: () => s.notifier.recent(),
    viewMessage: () => s.view.message,
    get downloadIndex() {
      return s.flows.index;
    },
    userAgent: s.clients.userAgent,
    onDidFinish: transitions.onDidFinish,
    refreshAndWait: () => s.watcher.refreshAndWait(),
    onDidTableMessage: table.onDidMessage,
    onDidInsightsMessage: insights.onDidMessage,
    recheckSetup: () => s.setup.recheck(),
    connection: () => s.watcher.connection,
    batches: () => s.batches.shown(),
    reportItems: () => reportsTree.getChildren().map((n) => reportsTree.getTreeItem(n)),
    runDueReports: () => s.reports.tick(),
    reportsStatus: () => s.reports.statusText(),
    clearBatches: () => s.batches.clearAll(),
    batchChildren: async (batchId) =>
      Promise.all(s.tree.getChildren(s.tree.batchNode(batchId)).map((n) => s.tree.getTreeItem(n))),
    switchConnection: async (name) => {
      if (!(await s.connections.switchTo(name))) throw new Error(`no connection named ${name}`);
      return s.setup.recheck();
    },
    get onWizardInput() {
      return tap.onWizardInput;
    },
    set onWizardInput(watch) {
      tap.onWizardInput = watch;
    },
  };
}
