// The Orders view's data provider: maps the store's orders (plus a "Load more" row) to TreeItems built
// from core's presentation and capabilities. It never fetches from the network; it only reads the store
// and the local download index, and refreshes just the rows that changed.
import * as vscode from 'vscode';
import { CommandIds, ViewIds } from '../core/ids';
import { displayLocale } from '../core/l10n/locale';
import {
  capabilitiesOf,
  contextValueFor,
  loadMoreContextValue,
  PART_CONTEXT_VALUE,
} from '../core/orders/orderCapabilities';
import { presentOrder, type PresentLocalFacts } from '../core/orders/orderPresentation';
import { orderKey, type OrderStore, type OrderStoreDiff } from '../core/orders/orderStore';
import type { DownloadIndex } from '../core/downloads/downloadIndex';
import type { Order } from '../core/orders/order';
import type { Surface } from '../core/connections/environment';
import { type Batch, batchContextValue } from '../core/ranges/batch';
import { presentBatch, presentPart } from '../core/ranges/batchPresentation';

export type OrderNode = { readonly kind: 'order'; readonly id: string };
export type LoadMoreNode = { readonly kind: 'loadMore' };
/** One export for the person, several orders for the server; its parts are its children. */
export type BatchNode = { readonly kind: 'batch'; readonly batchId: string };
/** A part of a batch that has no listed order (not placed yet, refused, or deleted after the merge). */
export type PartNode = { readonly kind: 'part'; readonly batchId: string; readonly index: number };
export type OrdersTreeNode = OrderNode | LoadMoreNode | BatchNode | PartNode;

const LOAD_MORE: LoadMoreNode = { kind: 'loadMore' };

export function isOrderNode(x: unknown): x is OrderNode {
  return (
    typeof x === 'object' &&
    x !== null &&
    (x as { kind?: unknown }).kind === 'order' &&
    typeof (x as OrderNode).id === 'string'
  );
}

export function isBatchNode(x: unknown): x is BatchNode {
  return (
    typeof x === 'object' &&
    x !== null &&
    (x as { kind?: unknown }).kind === 'batch' &&
    typeof (x as BatchNode).batchId === 'string'
  );
}

/** The batches of the connection shown (batches/batchService.ts). */
export interface TreeBatches {
  shown(): readonly Batch[];
  get(id: string): Batch | undefined;
  ownedOrderIds(): Set<string>;
  ownerOf(orderId: string): Batch | undefined;
  readonly onDidChange: vscode.Event<unknown>;
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
  readonly batches?: TreeBatches;
}

export class OrdersTree implements vscode.TreeDataProvider<OrdersTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<
    OrdersTreeNode | OrdersTreeNode[] | undefined
  >();
  readonly onDidChangeTreeData = this.changed.event;
  /** One node object per order id, so VS Code can match refreshed rows to the ones it shows. */
  private readonly nodes = new Map<string, OrderNode>();
  /** Batch and part nodes, by `batch:<id>` / `part:<id>:<index>`. */
  private readonly others = new Map<string, BatchNode | PartNode>();
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
      ...(deps.batches ? [deps.batches.onDidChange(() => this.changed.fire(undefined))] : []),
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
    if (element?.kind === 'batch') return this.partsOf(element.batchId);
    if (element) return [];
    if (!this.deps.setup.showsOrders) {
      this.showsLoadMore = false;
      return [];
    }
    const owned = this.deps.batches?.ownedOrderIds() ?? new Set<string>();
    const batches = (this.deps.batches?.shown() ?? []).map((b) => this.batchNode(b.id));
    const rows: OrdersTreeNode[] = [
      ...batches,
      ...this.deps.orders.store
        .orders()
        .filter((o) => !owned.has(o.id))
        .map((o) => this.nodeFor(o.id)),
    ];
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

  /** A part's parent is its batch; every other row is at the top (needed for `TreeView.reveal`). */
  getParent(node: OrdersTreeNode): OrdersTreeNode | undefined {
    if (node.kind === 'part') return this.batchNode(node.batchId);
    if (node.kind === 'order') {
      const owner = this.deps.batches?.ownerOf(node.id);
      return owner ? this.batchNode(owner.id) : undefined;
    }
    return undefined;
  }

  /** The node of a batch (one object per id, like orders). */
  batchNode(id: string): BatchNode {
    const key = `batch:${id}`;
    let node = this.others.get(key) as BatchNode | undefined;
    if (!node) {
      node = { kind: 'batch', batchId: id };
      this.others.set(key, node);
    }
    return node;
  }

  private partsOf(batchId: string): OrdersTreeNode[] {
    const batch = this.deps.batches?.get(batchId);
    if (!batch) return [];
    return batch.parts.map((p, index) => {
      if (p.orderId && this.deps.orders.store.get(p.orderId)) return this.nodeFor(p.orderId);
      const key = `part:${batchId}:${index}`;
      let node = this.others.get(key) as PartNode | undefined;
      if (!node) {
        node = { kind: 'part', batchId, index };
        this.others.set(key, node);
      }
      return node;
    });
  }

  async getTreeItem(node: OrdersTreeNode): Promise<vscode.TreeItem> {
    if (node.kind === 'loadMore') return loadMoreItem();
    if (node.kind === 'batch') {
      const batch = this.deps.batches?.get(node.batchId);
      return batch ? batchItem(batch) : goneItem(node.batchId);
    }
    if (node.kind === 'part') {
      const batch = this.deps.batches?.get(node.batchId);
      const part = batch?.parts[node.index];
      return batch && part ? partItem(batch, node.index) : goneItem(node.batchId);
    }
    const order = this.deps.orders.store.get(node.id);
    if (!order) return goneItem(node.id);
    const entry = await this.deps.orders.index.lookup(order.id);
    const local = {
      downloadedPath: entry?.path,
      formulaCells: entry?.formulaCells,
      maskEmails: this.deps.display.current.maskEmails,
    };
    const item = orderItem(
      order,
      node,
      local,
      this.deps.orders.surface,
      this.deps.now?.() ?? Date.now(),
    );
    // Under its batch, a part's order is named by its place, like the parts not placed yet.
    const owner = this.deps.batches?.ownerOf(order.id);
    const index = owner ? owner.parts.findIndex((p) => p.orderId === order.id) : -1;
    if (owner && index >= 0)
      item.label = vscode.l10n.t('Part {0} of {1}', index + 1, owner.parts.length);
    return item;
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
  const p = presentOrder(order, facts, { now, locale: displayLocale() });
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
    item.command = {
      command: CommandIds.openCsv,
      title: vscode.l10n.t('Open CSV'),
      arguments: [node],
    };
  }
  return item;
}

function batchItem(batch: Batch): vscode.TreeItem {
  const p = presentBatch(batch, displayLocale());
  // Open while it runs (its parts are the news), closed once merged.
  const item = new vscode.TreeItem(
    p.label,
    batch.merged
      ? vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.Expanded,
  );
  item.id = `batch:${batch.id}`;
  item.description = p.description;
  item.iconPath = new vscode.ThemeIcon(
    p.icon.id,
    p.icon.color ? new vscode.ThemeColor(p.icon.color) : undefined,
  );
  item.tooltip = new vscode.MarkdownString(p.tooltipMarkdown);
  item.accessibilityInformation = { label: p.accessibilityLabel };
  item.contextValue = batchContextValue(batch);
  if (batch.merged)
    item.command = {
      command: CommandIds.openCsv,
      title: vscode.l10n.t('Open CSV'),
      arguments: [{ kind: 'batch', batchId: batch.id }],
    };
  return item;
}

function partItem(batch: Batch, index: number): vscode.TreeItem {
  const p = presentPart(batch, index, displayLocale());
  const item = new vscode.TreeItem(p.label, vscode.TreeItemCollapsibleState.None);
  item.id = `part:${batch.id}:${index}`;
  item.description = p.description;
  item.iconPath = new vscode.ThemeIcon(
    p.icon.id,
    p.icon.color ? new vscode.ThemeColor(p.icon.color) : undefined,
  );
  item.tooltip = p.tooltip;
  item.contextValue = PART_CONTEXT_VALUE;
  return item;
}

function loadMoreItem(): vscode.TreeItem {
  const item = new vscode.TreeItem(
    vscode.l10n.t('Load more…'),
    vscode.TreeItemCollapsibleState.None,
  );
  item.id = 'loadMore';
  item.iconPath = new vscode.ThemeIcon('more');
  item.contextValue = loadMoreContextValue;
  item.tooltip = vscode.l10n.t('Fetch the next page of orders');
  item.command = { command: CommandIds.loadMore, title: vscode.l10n.t('Load More Orders') };
  return item;
}

function goneItem(id: string): vscode.TreeItem {
  const item = new vscode.TreeItem(
    vscode.l10n.t('Order no longer listed'),
    vscode.TreeItemCollapsibleState.None,
  );
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
