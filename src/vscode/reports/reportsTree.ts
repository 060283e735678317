// The Reports section of the view: one row per saved report (kind, period, schedule; when it last ran, or that
// it is running or waiting), and one warning row per entry of the setting that cannot be read, which opens the
// settings file. Run Report is the row's inline action. Reads the ReportService; no logic of its own.
import * as vscode from 'vscode';
import { ViewIds } from '../../core/ids';
import {
  describeReport,
  REPORT_CONTEXT_VALUE,
  type ReportDefinition,
} from '../../core/reports/report';
import type { ReportService } from './reportService';

export type ReportNode =
  | { readonly kind: 'report'; readonly name: string }
  | { readonly kind: 'problem'; readonly index: number };

export class ReportsTree implements vscode.TreeDataProvider<ReportNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly reports: ReportService) {
    this.subscription = reports.onDidChange(() => this.changed.fire(undefined));
  }

  getChildren(element?: ReportNode): ReportNode[] {
    if (element) return [];
    const { reports, problems } = this.reports.parsed();
    return [
      ...reports.map((r): ReportNode => ({ kind: 'report', name: r.name })),
      ...problems.map((_, index): ReportNode => ({ kind: 'problem', index })),
    ];
  }

  getTreeItem(node: ReportNode): vscode.TreeItem {
    const { reports, problems } = this.reports.parsed();
    if (node.kind === 'problem') {
      const text = problems[node.index] ?? '';
      const item = new vscode.TreeItem(
        vscode.l10n.t('Cannot read a report'),
        vscode.TreeItemCollapsibleState.None,
      );
      item.description = text;
      item.tooltip = `${text}\n\n${vscode.l10n.t('Click to open your settings (uniqueAnalytics.reports).')}`;
      item.iconPath = new vscode.ThemeIcon(
        'warning',
        new vscode.ThemeColor('problemsWarningIcon.foreground'),
      );
      item.command = {
        command: 'workbench.action.openSettingsJson',
        title: vscode.l10n.t('Open Settings (JSON)'),
      };
      return item;
    }
    const def = reports.find((r) => r.name === node.name);
    if (!def) return new vscode.TreeItem(node.name);
    return this.reportItem(def);
  }

  private reportItem(def: ReportDefinition): vscode.TreeItem {
    const item = new vscode.TreeItem(def.name, vscode.TreeItemCollapsibleState.None);
    item.id = `report:${def.name.toLowerCase()}`;
    const running = this.reports.runs().some((r) => r.report === def.name);
    const waiting = this.reports.waiting.includes(def.name);
    const last = this.reports.lastRunDay(def.name);
    const state = running
      ? vscode.l10n.t({ message: 'running', comment: ['state of a saved report'] })
      : waiting
        ? vscode.l10n.t('due, waiting for a connection')
        : last
          ? vscode.l10n.t({
              message: 'last run {0}',
              args: [last],
              comment: ['{0} is a day, YYYY-MM-DD'],
            })
          : '';
    item.description = [describeReport(def), state].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(
      running ? 'sync~spin' : waiting ? 'watch' : def.schedule ? 'calendar' : 'graph-line',
    );
    item.tooltip = new vscode.MarkdownString(
      [
        `**${def.name.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&')}**`,
        '',
        describeReport(def),
        '',
        vscode.l10n.t({
          message: 'Saved in {0}',
          args: [`\`${this.reports.folderFor(def).replace(/`/g, "'")}\``],
          comment: ['{0} is a folder'],
        }),
        ...(state ? ['', state] : []),
      ].join('\n'),
    );
    item.contextValue = REPORT_CONTEXT_VALUE;
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function createReportsView(tree: ReportsTree): vscode.TreeView<ReportNode> {
  return vscode.window.createTreeView<ReportNode>(ViewIds.reports, { treeDataProvider: tree });
}
