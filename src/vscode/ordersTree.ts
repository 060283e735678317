// The Orders view's data provider: maps the store's orders (plus a "Load more" row) to TreeItems built
// from core's presentation and capabilities. It never fetches from the network; it only reads the store
// and the local download index, and refreshes just the rows that changed.
import * as vscode from 'vscode';
import { CommandIds, ViewIds } from '../core/ids';
import {
  capabilitiesOf,
  contextValueFor,
  loadMoreContextValue,
} from '../core/orders/orderCapabilities';
import { presentOrder, type PresentLocalFacts } from '../core/orders/orderPresentation';
import { orderKey, type OrderStore, type OrderStoreDiff } from '../core/orders/orderStore';
import type { DownloadIndex } from '../core/downloads/downloadIndex';
import type { Order } from '../core/orders/order';
import type { Surface } from '../core/connections/environment';

export type OrderNode = { readonly kind: 'order'; readonly id: string };
export type LoadMoreNode = { readonly kind: 'loadMore' };
export type OrdersTreeNode = OrderNode | LoadMoreNode;

const LOAD_MORE: LoadMoreNode = { kind: 'loadMore' };

export function isOrderNode(x: unknown): x is OrderNode {
  return (
    typeof x === 'object' &&
    x !== null &&
    (x as { kind?: unknown }).kind === 'order' &&
    typeof (x as OrderNode).id === 'string'
  );
}

export interface OrdersTreeDeps {
  /** The active connection's orders and download index; `onDidSwitch` when another connection is shown. */
  readonly orders: {
    readonly store: OrderStore;
    readonly index: DownloadIndex;
    readonly onDidChangeOrders: vscode.Event<OrderStoreDiff>;
    readonly onDidSwitch: vscode.Event<void>;
    /** The surface of the connection shown (what Retry can start there). */
    readonly surface: Surface;
  };
  /** `showsOrders` is false while set-up is incomplete: the view is then empty and shows its welcome content. */
  readonly setup: { readonly showsOrders: boolean; readonly onDidChange: vscode.Event<unknown> };
  /** The `maskEmails` setting, read per row, and the event after which rows are drawn again. */
  readonly display: {
    readonly current: { readonly maskEmails: boolean };
    readonly onDidChange: vscode.Event<unknown>;
  };
  readonly now?: () => number;
}

export class OrdersTree implements vscode.TreeDataProvider<OrdersTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<
    OrdersTreeNode | OrdersTreeNode[] | undefined
  >();
  readonly onDidChangeTreeData = this.changed.event;
  /** One node object per order id, so VS Code can match refreshed rows to the ones it shows. */
  private readonly nodes = new Map<string, OrderNode>();
  private readonly subscriptions: { dispose(): void }[];
  /** Whether the last `getChildren` ended with the "Load more" row. */
  private showsLoadMore = false;

  constructor(private readonly deps: OrdersTreeDeps) {
    this.subscriptions = [
      deps.orders.onDidChangeOrders((diff) => this.onStoreChange(diff)),
      deps.orders.onDidSwitch(() => {
        this.nodes.clear();
        this.changed.fire(undefined);
      }),
      deps.setup.onDidChange(() => this.refresh()),
      deps.display.onDidChange(() => this.refresh()),
    ];
  }

  /** Re-renders the given orders' rows (e.g. after a download changed what they allow), or all rows. */
  refresh(orderIds?: readonly string[]): void {
    if (!orderIds) {
      this.changed.fire(undefined);
      return;
    }
    const nodes = orderIds
      .filter((id) => this.deps.orders.store.get(id))
      .map((id) => this.nodeFor(id));
    if (nodes.length) this.changed.fire(nodes);
  }

  getChildren(element?: OrdersTreeNode): OrdersTreeNode[] {
    if (element) return [];
    if (!this.deps.setup.showsOrders) {
      this.showsLoadMore = false;
      return [];
    }
    const rows: OrdersTreeNode[] = this.deps.orders.store.orders().map((o) => this.nodeFor(o.id));
    this.showsLoadMore = this.deps.orders.store.mayHaveMore && rows.length > 0;
    if (this.showsLoadMore) rows.push(LOAD_MORE);
    return rows;
  }

  /**
   * Re-reads the list when the "Load more" row should come or go although no order changed: an empty
   * last page changes only `mayHaveMore`, which the store reports with no diff.
   */
  syncLoadMoreRow(): void {
    const wanted =
      this.deps.setup.showsOrders &&
      this.deps.orders.store.mayHaveMore &&
      this.deps.orders.store.orders().length > 0;
    if (wanted !== this.showsLoadMore) this.changed.fire(undefined);
  }

  /** A flat list: no row has a parent (needed for `TreeView.reveal`). */
  getParent(): undefined {
    return undefined;
  }

  async getTreeItem(node: OrdersTreeNode): Promise<vscode.TreeItem> {
    if (node.kind === 'loadMore') return loadMoreItem();
    const order = this.deps.orders.store.get(node.id);
    if (!order) return goneItem(node.id);
    const entry = await this.deps.orders.index.lookup(order.id);
    const local = {
      downloadedPath: entry?.path,
      formulaCells: entry?.formulaCells,
      maskEmails: this.deps.display.current.maskEmails,
    };
    return orderItem(order, node, local, this.deps.orders.surface, this.deps.now?.() ?? Date.now());
  }

  /** The nodes currently shown for these ids (for `reveal`, selection in tests). */
  nodeFor(id: string): OrderNode {
    let node = this.nodes.get(id);
    if (!node) {
      node = { kind: 'order', id };
      this.nodes.set(id, node);
    }
    return node;
  }

  private onStoreChange(diff: OrderStoreDiff): void {
    for (const id of diff.removed) this.nodes.delete(id);
    // New or removed rows change the order of the list: re-read it. Otherwise only the changed rows.
    if (diff.added.length || diff.removed.length) this.changed.fire(undefined);
    else if (diff.changed.length) this.changed.fire(diff.changed.map((o) => this.nodeFor(o.id)));
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

function orderItem(
  order: Order,
  node: OrderNode,
  facts: PresentLocalFacts,
  surface: Surface,
  now: number,
): vscode.TreeItem {
  const p = presentOrder(order, facts, { now, locale: vscode.env.language });
  const item = new vscode.TreeItem(p.label, vscode.TreeItemCollapsibleState.None);
  item.id = orderKey(order.id);
  item.description = p.description;
  item.iconPath = new vscode.ThemeIcon(
    p.icon.id,
    p.icon.color ? new vscode.ThemeColor(p.icon.color) : undefined,
  );
  item.tooltip = new vscode.MarkdownString(p.tooltipMarkdown);
  item.accessibilityInformation = { label: p.accessibilityLabel };
  const local = { downloaded: facts.downloadedPath !== undefined, surface };
  item.contextValue = contextValueFor(order, local);
  if (capabilitiesOf(order, local).canOpen) {
    // The row's default action (click or double-click, per the user's list open mode).
    item.command = { command: CommandIds.openCsv, title: 'Open CSV', arguments: [node] };
  }
  return item;
}

function loadMoreItem(): vscode.TreeItem {
  const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
  item.id = 'loadMore';
  item.iconPath = new vscode.ThemeIcon('more');
  item.contextValue = loadMoreContextValue;
  item.tooltip = 'Fetch the next page of orders';
  item.command = { command: CommandIds.loadMore, title: 'Load More Orders' };
  return item;
}

function goneItem(id: string): vscode.TreeItem {
  const item = new vscode.TreeItem('Order no longer listed', vscode.TreeItemCollapsibleState.None);
  item.id = orderKey(id);
  item.description = id;
  return item;
}

/** The Orders view over `tree` (several rows can be selected for bulk delete). */
export function createOrdersView(tree: OrdersTree): vscode.TreeView<OrdersTreeNode> {
  return vscode.window.createTreeView<OrdersTreeNode>(ViewIds.orders, {
    treeDataProvider: tree,
    canSelectMany: true,
  });
}
