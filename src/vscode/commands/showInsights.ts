// "Show Insights": the answers inside an export, in an Insights tab beside the table. From a finished order
// (inline and context menu: downloaded first when needed), a CSV (Explorer, the text editor's or the table's
// title bar), or the palette (the active CSV, else a quick pick of downloaded exports or a finished order).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ViewIds } from '../../core/ids';
import { displayLocale } from '../../core/l10n/locale';
import { orderDateRange, type Order } from '../../core/orders/order';
import { downloadOrderCsv } from '../flows/csvDownload';
import type { InsightsSubject } from '../insights/insightsPanel';
import { isOrderNode } from '../ordersTree';
import type { Shell } from '../shell';
import { batchIdOf, batchInsightsSubject } from './batchCommands';
import { orderFromArgsOrPick } from './orderArgs';

/** The CSV in the active editor: a text editor or the Unique Analytics Table. */
function activeCsv(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputCustom && input.viewType === ViewIds.table) return input.uri;
  if (input instanceof vscode.TabInputText && /\.csv$/i.test(input.uri.path)) return input.uri;
  return undefined;
}

export function showInsights(
  s: Pick<Shell, 'batches' | 'flows' | 'notifier' | 'settings' | 'watcher' | 'insights'>,
) {
  const ofOrder = async (order: Order): Promise<InsightsSubject | undefined> => {
    const file = await downloadOrderCsv(s.flows, order, {});
    if (!file) return undefined;
    const range = orderDateRange(order);
    return {
      file: file.path,
      orderType: order.type.raw,
      ...(range ? { window: { first: range.start, last: range.end } } : {}),
    };
  };

  const pickDownloaded = async (): Promise<InsightsSubject | undefined> => {
    const downloads = await s.watcher.index.all();
    const items: (vscode.QuickPickItem & { pick: () => Promise<InsightsSubject | undefined> })[] =
      downloads.map(({ orderId, entry }) => {
        const order = s.watcher.store.get(orderId);
        return {
          label: `$(file) ${path.basename(entry.path)}`,
          description: new Date(entry.savedAt).toLocaleString(displayLocale()),
          pick: async () => (order ? ofOrder(order) : { file: entry.path }),
        };
      });
    items.push({
      label: vscode.l10n.t('$(list-unordered) A finished order…'),
      pick: async () => {
        const order = await orderFromArgsOrPick(s, undefined, 'canOpen', {
          title: vscode.l10n.t('Show Insights'),
          placeholder: vscode.l10n.t('Which export?'),
          none: vscode.l10n.t('No finished export yet. Start one, or refresh the list.'),
        });
        return order ? ofOrder(order) : undefined;
      },
    });
    const chosen = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Show Insights'),
      placeHolder:
        downloads.length > 0
          ? vscode.l10n.t('Which downloaded export?')
          : vscode.l10n.t('No export is downloaded yet'),
    });
    return chosen?.pick();
  };

  return async (arg?: unknown): Promise<string | undefined> => {
    let subject: InsightsSubject | undefined;
    if (arg instanceof vscode.Uri) subject = { file: arg.fsPath };
    else if (batchIdOf(arg)) subject = await batchInsightsSubject(s, arg);
    else if (isOrderNode(arg) || typeof arg === 'string') {
      const order = await orderFromArgsOrPick(s, arg, 'canOpen', {
        title: vscode.l10n.t('Show Insights'),
        placeholder: vscode.l10n.t('Which export?'),
        none: vscode.l10n.t('No finished export yet.'),
      });
      subject = order ? await ofOrder(order) : undefined;
    } else {
      const active = activeCsv();
      subject = active ? { file: active.fsPath } : await pickDownloaded();
    }
    if (!subject) return undefined;
    s.insights.show(subject);
    return subject.file;
  };
}
