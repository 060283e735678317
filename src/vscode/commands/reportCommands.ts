// "Run Report" (a Reports row, or the palette with a pick) and "Save as Report…" (a finished order's or batch's
// menu): the report is kept in the user's settings (`uniqueAnalytics.reports`), the period relative to today
// as the finished export's days suggest (a whole month → last full month, else the last N days).
import * as vscode from 'vscode';
import { EXTENSION_ID_PREFIX, SettingKeys } from '../../core/ids';
import { todayInZurich, type DateRange } from '../../core/dateRange';
import { findExportKind, orderDateRange } from '../../core/orders/order';
import {
  describeRange,
  MAX_NAME_LENGTH,
  relativeRangeFor,
  type ReportDefinition,
} from '../../core/reports/report';
import type { Schedule } from '../../core/reports/schedule';
import { MultiStepInput, type InputStep } from '../flows/multiStepInput';
import { isOrderNode } from '../ordersTree';
import type { Shell } from '../shell';
import { batchIdOf } from './batchCommands';

type ReportShell = Pick<Shell, 'reports' | 'batches' | 'watcher' | 'notifier' | 'wizardTap'>;

export function runReport(s: ReportShell) {
  return async (arg?: unknown): Promise<string | undefined> => {
    const { reports, problems } = s.reports.parsed();
    const name =
      typeof arg === 'string'
        ? arg
        : (arg as { kind?: unknown; name?: unknown } | undefined)?.kind === 'report'
          ? String((arg as { name: unknown }).name)
          : undefined;
    let def = name ? reports.find((r) => r.name.toLowerCase() === name.toLowerCase()) : undefined;
    if (!def && name) {
      s.notifier.show(
        'warning',
        vscode.l10n.t('There is no report named "{0}" in your settings.', name),
      );
      return undefined;
    }
    if (!def) {
      if (!reports.length) {
        s.notifier.show(
          'info',
          problems.length
            ? vscode.l10n.t('None of your reports can be read: {0}', problems[0] ?? '')
            : vscode.l10n.t('No saved report yet. Use "Save as Report…" on a finished export.'),
        );
        return undefined;
      }
      const picked = await vscode.window.showQuickPick(
        reports.map((r) => ({ label: r.name, description: describeRange(r.range), def: r })),
        { title: vscode.l10n.t('Run Report'), placeHolder: vscode.l10n.t('Which report?') },
      );
      def = picked?.def;
    }
    return def ? s.reports.run(def) : undefined;
  };
}

interface ScheduleChoice {
  readonly label: string;
  readonly schedule?: (today: string) => Schedule;
}

/** The schedule step's choices, labelled when shown (l10n is set up during activation, after load). */
function scheduleChoices(): readonly ScheduleChoice[] {
  return [
    { label: vscode.l10n.t('Only when I run it') },
    { label: vscode.l10n.t('Every day'), schedule: () => ({ every: 'day' }) },
    {
      label: vscode.l10n.t('Every week, on this weekday'),
      schedule: (today) => ({
        every: 'week',
        weekday: ((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7) + 1,
      }),
    },
    {
      label: vscode.l10n.t('Every month, on the 1st'),
      schedule: () => ({ every: 'month', day: 1 }),
    },
  ];
}

export function saveAsReport(s: ReportShell) {
  return async (arg?: unknown): Promise<string | undefined> => {
    const source = sourceOf(s, arg);
    if (!source) {
      s.notifier.show(
        'info',
        vscode.l10n.t('Save as Report works on a finished export in the Orders view.'),
      );
      return undefined;
    }
    const today = todayInZurich(new Date());
    const range = relativeRangeFor(source.range, today);
    const kind = findExportKind(source.type)?.label ?? source.type;
    const existing = new Set(s.reports.parsed().reports.map((r) => r.name.toLowerCase()));
    // Two steps with Back, as the export wizard (tests and screenshots watch them through the same tap).
    let name = '';
    let when: ScheduleChoice | undefined;
    const askName: InputStep = async (input) => {
      name = await input.showInputBox({
        title: vscode.l10n.t({
          message: 'Save as Report ({0}/{1})',
          args: [1, 2],
          comment: ['step {0} of {1}'],
        }),
        prompt: vscode.l10n.t({
          message: 'A name for the report: {0}, {1}',
          args: [kind, describeRange(range)],
          comment: [
            '{0} is the kind of export, e.g. "Chat interactions"; {1} the period, e.g. "last full month"',
          ],
        }),
        value: name || `${kind}, ${describeRange(range)}`,
        validate: (v) =>
          !v.trim()
            ? vscode.l10n.t('Give the report a name.')
            : v.trim().length > MAX_NAME_LENGTH
              ? vscode.l10n.t('At most {0} characters.', MAX_NAME_LENGTH)
              : existing.has(v.trim().toLowerCase())
                ? vscode.l10n.t('A report of that name exists already; choose another name.')
                : undefined,
      });
      return askSchedule;
    };
    const askSchedule: InputStep = async (input) => {
      when = (
        await input.showQuickPick({
          title: vscode.l10n.t({
            message: 'Save as Report ({0}/{1})',
            args: [2, 2],
            comment: ['step {0} of {1}'],
          }),
          placeholder: vscode.l10n.t('Run it on a schedule as well?'),
          items: scheduleChoices().map((x) => ({ label: x.label, x })),
        })
      ).x;
      return undefined;
    };
    const done = await MultiStepInput.run(askName, (input, step) =>
      s.wizardTap.onWizardInput?.(input, step),
    );
    if (!done || !name || !when) return undefined;
    const def: ReportDefinition = {
      name: name.trim(),
      type: source.type as ReportDefinition['type'],
      range,
      ...(source.assistantId ? { assistantId: source.assistantId } : {}),
      ...(when.schedule ? { schedule: when.schedule(today) } : {}),
    };
    const config = vscode.workspace.getConfiguration(EXTENSION_ID_PREFIX);
    const current = config.inspect<unknown[]>(SettingKeys.reports)?.globalValue;
    await config.update(
      SettingKeys.reports,
      [...(Array.isArray(current) ? current : []), def],
      vscode.ConfigurationTarget.Global,
    );
    s.notifier.show(
      'info',
      vscode.l10n.t({
        message: 'Saved the report "{0}" ({1}) in your settings.',
        args: [def.name, describeRange(range)],
        comment: ['{1} is the period, e.g. "last full month"'],
      }),
    );
    return def.name;
  };
}

function sourceOf(
  s: ReportShell,
  arg: unknown,
): { type: string; range: DateRange; assistantId?: string } | undefined {
  const batchId = batchIdOf(arg);
  if (batchId) {
    const b = s.batches.get(batchId);
    return b
      ? { type: b.type, range: b.range, ...(b.assistantId ? { assistantId: b.assistantId } : {}) }
      : undefined;
  }
  const id = isOrderNode(arg) ? arg.id : typeof arg === 'string' ? arg : undefined;
  const order = id ? s.watcher.store.get(id) : undefined;
  const range = order ? orderDateRange(order) : undefined;
  if (!order || !range || !findExportKind(order.type.raw)) return undefined;
  const assistantId = order.configuration?.assistantId;
  return {
    type: order.type.raw,
    range,
    ...(typeof assistantId === 'string' && assistantId ? { assistantId } : {}),
  };
}
