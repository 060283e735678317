// The "Start Export" wizard: kind -> range preset -> (custom) start -> end -> (Public API) assistant id,
// with Back on every step after the first and the last choices remembered. The kinds offered are the ones
// the active surface can start. Only asks; starting the export is the caller's job.

import * as vscode from 'vscode';
import { formatRange, rangeDays, todayInZurich } from '../../core/dateRange';
import { describePlan, planWindows } from '../../core/ranges/planner';
import type { DateRange, PresetId } from '../../core/dateRange';
import type { Surface } from '../../core/connections/environment';
import { displayLocale } from '../../core/l10n/locale';
import {
  WIZARD_MEMORY_KEY,
  assistantPlaceholder,
  assistantPrompt,
  assistantStep,
  canonicalAssistantId,
  canonicalDate,
  defaultCustomEnd,
  defaultCustomStart,
  defaultKind,
  defaultPreset,
  endPrompt,
  kindChoices,
  ordersNeeded,
  presetChoices,
  readWizardMemory,
  rememberChoices,
  startPrompt,
  validateAssistantIdText,
  validateEndText,
  validateStartText,
  wizardTitle,
} from '../../core/orders/exportWizardModel';
import type { KindChoice, PresetChoice } from '../../core/orders/exportWizardModel';
import { exportKind } from '../../core/orders/order';
import type { ExportKind, ExportType } from '../../core/orders/order';
import { MultiStepInput } from './multiStepInput';
import type { InputStep, OnDidShowInput } from './multiStepInput';

export interface ExportWizardDeps {
  /** The active environment's API surface: which kinds are offered, and whether to ask for an assistant. */
  readonly surface: Surface;
  readonly memento: vscode.Memento;
  readonly now: () => Date;
  /** Sees each quick input as it opens (integration tests drive the real widget through it). */
  readonly onDidShow?: OnDidShowInput;
}

export interface ExportChoice {
  readonly type: ExportType;
  readonly range: DateRange;
  /** Public API only, when one was entered: the export covers that assistant (space) only. */
  readonly assistantId?: string;
}

type KindItem = vscode.QuickPickItem & { readonly choice?: KindChoice };
type PresetItem = vscode.QuickPickItem & { readonly choice?: PresetChoice };
type ConfirmItem = vscode.QuickPickItem & { readonly go: boolean };

/** The confirm step's title (tests find the step by it). */
export function wizardConfirmTitle(): string {
  return vscode.l10n.t('Start Export: one range, several orders');
}

/** What the date boxes show while empty. */
function datePlaceholder(): string {
  return vscode.l10n.t({
    message: 'YYYY-MM-DD',
    comment: ['the format a date is typed in; the box accepts year-month-day only'],
  });
}

interface State {
  kind?: ExportKind;
  preset?: PresetId;
  start?: string;
  end?: string;
  range?: DateRange;
  /** The assistant box's text as accepted (empty: all assistants). */
  assistant?: string;
}

/** Runs the wizard; undefined when the person pressed Escape or clicked away. */
export async function runExportWizard(deps: ExportWizardDeps): Promise<ExportChoice | undefined> {
  const memory = readWizardMemory(deps.memento.get(WIZARD_MEMORY_KEY));
  // "Today" is fixed when the wizard opens, so the dates shown don't shift under the person at midnight.
  const today = todayInZurich(deps.now());
  const { surface } = deps;
  const state: State = {};
  /** After the range: the assistant step on the Public API, then the split's confirmation if one is needed. */
  const afterRange = (): InputStep | undefined =>
    surface === 'public' ? inputAssistant : afterAssistant();
  const afterAssistant = (): InputStep | undefined =>
    state.kind && state.range && ordersNeeded(state.kind, state.range) > 1
      ? confirmSplit
      : undefined;

  const pickKind: InputStep = async (input) => {
    const items: KindItem[] = kindChoices(surface).map((choice) => ({
      label: choice.label,
      description: choice.description,
      detail: choice.detail,
      choice,
    }));
    const current = state.kind?.type ?? defaultKind(memory, surface);
    const picked = await input.showQuickPick({
      title: wizardTitle(1, state.preset, surface),
      placeholder: vscode.l10n.t('What should the export contain?'),
      items,
      activeItem: items.find((i) => i.choice?.type === current),
    });
    if (!picked.choice) return pickKind;
    if (state.kind?.type !== picked.choice.type) state.start = state.end = undefined;
    state.kind = exportKind(picked.choice.type);
    return pickPreset;
  };

  const pickPreset: InputStep = async (input) => {
    const kind = mustHave(state.kind);
    const choices = presetChoices(kind, today, displayLocale());
    const items = presetItems(kind, choices);
    const current =
      state.preset && choices.some((c) => c.id === state.preset && !c.disabledReason)
        ? state.preset
        : undefined;
    const active = current ?? defaultPreset(choices, memory);
    const picked = await input.showQuickPick({
      title: wizardTitle(2, state.preset, surface),
      placeholder: vscode.l10n.t({
        message: 'Which days should the {0} export cover?',
        args: [kind.labelInSentence],
        comment: [
          '{0} is the kind of export as it reads inside a sentence, e.g. "chat interactions"',
        ],
      }),
      items,
      activeItem: items.find((i) => i.choice?.id === active),
      rejectReason: (item) =>
        item.choice?.disabledReason
          ? vscode.l10n.t({
              message: '{0}: {1}',
              args: [item.label, item.choice.disabledReason],
              comment: ['a period that cannot be chosen, then why, e.g. "Last 90 days: too long…"'],
            })
          : undefined,
    });
    if (!picked.choice) return pickPreset;
    state.preset = picked.choice.id;
    if (picked.choice.id === 'custom') return inputStart;
    state.range = mustHave(picked.choice.range);
    return afterRange();
  };

  const inputStart: InputStep = async (input) => {
    const text = await input.showInputBox({
      title: wizardTitle(3, 'custom', surface),
      prompt: startPrompt(),
      placeholder: datePlaceholder(),
      value: state.start ?? defaultCustomStart(today, memory),
      validate: (value) => validateStartText(value, today),
    });
    state.start = canonicalDate(text);
    return inputEnd;
  };

  const inputEnd: InputStep = async (input) => {
    const kind = mustHave(state.kind);
    const start = mustHave(state.start);
    const text = await input.showInputBox({
      title: wizardTitle(4, 'custom', surface),
      prompt: endPrompt(kind, start),
      placeholder: datePlaceholder(),
      value:
        state.end && !validateEndText(state.end, start, kind, today)
          ? state.end
          : defaultCustomEnd(kind, today, start, memory),
      validate: (value) => validateEndText(value, start, kind, today),
    });
    state.end = canonicalDate(text);
    state.range = { start, end: state.end };
    return afterRange();
  };

  const inputAssistant: InputStep = async (input) => {
    const text = await input.showInputBox({
      title: wizardTitle(assistantStep(state.preset), state.preset, surface),
      prompt: assistantPrompt(),
      placeholder: assistantPlaceholder(),
      value: state.assistant ?? '',
      validate: validateAssistantIdText,
    });
    state.assistant = text.trim();
    return afterAssistant();
  };

  // Beyond one order's limit: say what will happen (how many orders, how long placing takes) before anything
  // is sent. Back (or "Change the range") returns to the range.
  const confirmSplit: InputStep = async (input) => {
    const kind = mustHave(state.kind);
    const range = mustHave(state.range);
    const windows = planWindows(range, kind.maxDays);
    const items: ConfirmItem[] = [
      {
        label: vscode.l10n.t('$(check) Place {0} orders', windows.length),
        description: vscode.l10n.t({
          message: '{0} · {1} days',
          args: [formatRange(range, displayLocale()), rangeDays(range)],
          comment: ['{0} is a date range, {1} how many days it has'],
        }),
        detail: describePlan(windows, kind.maxDays),
        go: true,
      },
      { label: vscode.l10n.t('$(arrow-left) Change the range'), go: false },
    ];
    const picked = await input.showQuickPick({
      title: wizardConfirmTitle(),
      placeholder: vscode.l10n.t(
        'At most {0} days per order: {1} orders, one CSV',
        kind.maxDays,
        windows.length,
      ),
      items,
      activeItem: items[0],
    });
    if (!picked.go) return pickPreset;
    return undefined;
  };

  const completed = await MultiStepInput.run(pickKind, deps.onDidShow);
  if (!completed || !state.kind || !state.preset || !state.range) return undefined;
  await deps.memento.update(
    WIZARD_MEMORY_KEY,
    rememberChoices(memory, surface, state.kind.type, state.preset, state.range),
  );
  const assistantId =
    surface === 'public' ? canonicalAssistantId(state.assistant ?? '') : undefined;
  return { type: state.kind.type, range: state.range, ...(assistantId ? { assistantId } : {}) };
}

function presetItems(kind: ExportKind, choices: readonly PresetChoice[]): PresetItem[] {
  const usable = choices.filter((c) => !c.disabledReason);
  const tooLong = choices.filter((c) => c.disabledReason);
  const items: PresetItem[] = usable.map((choice) => ({
    label: choice.label,
    description: choice.description,
    choice,
  }));
  if (tooLong.length > 0) {
    items.push({
      label: vscode.l10n.t({
        message: 'Too long for {0}',
        args: [kind.labelInSentence],
        comment: [
          '{0} is the kind of export as it reads inside a sentence, e.g. "chat interactions"',
        ],
      }),
      kind: vscode.QuickPickItemKind.Separator,
    });
    for (const choice of tooLong) {
      items.push({
        label: `$(circle-slash) ${choice.label}`,
        description: choice.description,
        detail: choice.disabledReason,
        choice,
      });
    }
  }
  return items;
}

function mustHave<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('export wizard step ran out of order');
  return value;
}
