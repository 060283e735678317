// The objects commands work with, built once in extension.ts. A plain bag of references: no behaviour.
import type * as vscode from 'vscode';
import type { BatchService } from './batches/batchService';
import type { ClientFactory } from './clientFactory';
import type { ReportService } from './reports/reportService';
import type { ErrorBoundary } from './errorBoundary';
import type { FlowDeps } from './flows/deps';
import type { InsightsPanels } from './insights/insightsPanels';
import type { Notifier } from './notifier';
import type { OrdersTree, OrdersTreeNode } from './ordersTree';
import type { ConnectionOrders } from './connections/connectionOrders';
import type { ConnectionRegistry } from './connections/connectionRegistry';
import type { SettingsReader } from './settings';
import type { SetupController } from './setupController';
import type { TokenSource } from './tokenSource';

export interface Shell {
  /** Remembers the export wizard's last choices across sessions. */
  readonly memento: vscode.Memento;
  readonly log: vscode.LogOutputChannel;
  readonly settings: SettingsReader;
  readonly tokens: TokenSource;
  readonly clients: ClientFactory;
  /** The connections (named environments and the older settings) and which one is active. */
  readonly connections: ConnectionRegistry;
  /** The active connection's orders (each connection keeps its own watcher and download index). */
  readonly watcher: ConnectionOrders;
  readonly tree: OrdersTree;
  readonly view: vscode.TreeView<OrdersTreeNode>;
  readonly setup: SetupController;
  readonly notifier: Notifier;
  readonly boundary: ErrorBoundary;
  readonly flows: FlowDeps;
  /** Sees each quick input of the export wizard (integration tests drive the real widget). */
  readonly wizardTap: WizardTap;
  /** Long ranges: several orders per export, merged into one CSV (per connection). */
  readonly batches: BatchService;
  /** Saved reports: run by hand or on their schedule. */
  readonly reports: ReportService;
  /** The Insights tabs (one per CSV). */
  readonly insights: InsightsPanels;
}

/** Where an integration test hooks into the export wizard's quick inputs as they open. */
export interface WizardTap {
  onWizardInput?: (input: vscode.QuickInput, step: number) => void;
}
