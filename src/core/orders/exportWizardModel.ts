// What the "Start Export" wizard offers and accepts: kind and preset choices, custom-date defaults and
// validation, step titles, and the remembered last choices. Pure; the quick input lives in src/vscode.

import {
  addDays,
  formatRange,
  parseDate,
  presetsFor,
  rangeDays,
  validateRange,
  PRESETS,
  SERVER_TIME_ZONE,
} from '../dateRange';
import type { DateRange, PresetId } from '../dateRange';
import { EXPORT_KINDS } from './order';
import type { ExportKind, ExportType } from './order';

/** Memento key of the last choices (kind, preset, custom dates). */
export const WIZARD_MEMORY_KEY = 'uniqueAnalytics.exportWizard.lastChoices';

export interface WizardMemory {
  readonly kind?: ExportType;
  readonly preset?: PresetId;
  readonly customStart?: string;
  readonly customEnd?: string;
}

/** Reads what the memento holds; anything unexpected (older versions, hand edits) is dropped, never thrown. */
export function readWizardMemory(raw: unknown): WizardMemory {
  if (typeof raw !== 'object' || raw === null) return {};
  const r = raw as Record<string, unknown>;
  const kind = EXPORT_KINDS.find((k) => k.type === r.kind)?.type;
  const preset = PRESETS.find((p) => p.id === r.preset)?.id;
  const date = (v: unknown): string | undefined => {
    if (typeof v !== 'string') return undefined;
    const parsed = parseDate(v);
    return parsed.ok ? parsed.date : undefined;
  };
  return { kind, preset, customStart: date(r.customStart), customEnd: date(r.customEnd) };
}

/** The memory after a completed wizard: custom dates are kept from before when a preset was chosen. */
export function rememberChoices(
  previous: WizardMemory,
  kind: ExportType,
  preset: PresetId,
  range: DateRange,
): WizardMemory {
  return preset === 'custom'
    ? { kind, preset, customStart: range.start, customEnd: range.end }
    : { kind, preset, customStart: previous.customStart, customEnd: previous.customEnd };
}

export const WIZARD_TITLE = 'Start Export';

/** "Start Export (2/4)": the custom range adds two date steps to the two choices. */
export function wizardTitle(step: number, preset: PresetId | undefined): string {
  return `${WIZARD_TITLE} (${step}/${preset === 'custom' ? 4 : 2})`;
}

// ---- Step 1: kind --------------------------------------------------------------------------------

const KIND_DETAILS: Record<ExportType, string> = {
  CHAT_INTERACTION: 'How many prompts each user sent, per day and assistant.',
  ACTIVE_USER: 'How many people used the chat, per day, week and month.',
  REFERENCE_STAT: 'Which documents answers referenced, and how often.',
  CHAT_INTERACTION_DETAILED:
    'Every prompt and answer with its details (needs the chat.data.admin role).',
};

export interface KindChoice {
  readonly type: ExportType;
  readonly label: string;
  /** The longest range, e.g. "up to 14 days". */
  readonly description: string;
  readonly detail: string;
}

export function kindChoices(): KindChoice[] {
  return EXPORT_KINDS.map((k) => ({
    type: k.type,
    label: k.label,
    description: `up to ${k.maxDays} days`,
    detail: KIND_DETAILS[k.type],
  }));
}

/** The kind to highlight: the last one chosen, else the first. */
export function defaultKind(memory: WizardMemory): ExportType {
  return memory.kind ?? EXPORT_KINDS[0].type;
}

// ---- Step 2: range preset ------------------------------------------------------------------------

export interface PresetChoice {
  readonly id: PresetId;
  readonly label: string;
  /** The concrete days ("1 – 31 May 2024 · 31 days"), or what the custom entry does. */
  readonly description: string;
  /** Why it cannot be picked for this kind; such choices are listed last, under their own heading. */
  readonly disabledReason?: string;
  readonly range?: DateRange;
}

export function presetChoices(kind: ExportKind, today: string, locale?: string): PresetChoice[] {
  const options = presetsFor(kind.maxDays, today);
  const describe = (range: DateRange | undefined): string => {
    if (!range) return `Choose the first and last day (at most ${kind.maxDays} days)`;
    const days = rangeDays(range);
    return `${formatRange(range, locale)} · ${days} ${days === 1 ? 'day' : 'days'}`;
  };
  const choices = options.map((o): PresetChoice => ({
    id: o.id,
    label: o.label,
    description: describe(o.range),
    disabledReason: o.disabledReason,
    range: o.range,
  }));
  return [...choices.filter((c) => !c.disabledReason), ...choices.filter((c) => c.disabledReason)];
}

/** The preset to highlight: the last one chosen if this kind allows it, else "Last 7 days". */
export function defaultPreset(choices: readonly PresetChoice[], memory: WizardMemory): PresetId {
  const usable = choices.filter((c) => !c.disabledReason);
  return (
    usable.find((c) => c.id === memory.preset)?.id ??
    usable.find((c) => c.id === 'last7Days')?.id ??
    usable[0]?.id ??
    'custom'
  );
}

// ---- Steps 3 and 4: custom range -----------------------------------------------------------------

export const START_PROMPT = `First day of the export, YYYY-MM-DD (whole days, ${SERVER_TIME_ZONE} time).`;

export function endPrompt(kind: ExportKind, start: string): string {
  return `Last day, included, YYYY-MM-DD. ${kind.label} cover at most ${kind.maxDays} days from ${start}.`;
}

/** The first day to prefill: the last custom start if still possible, else a week before yesterday. */
export function defaultCustomStart(today: string, memory: WizardMemory): string {
  if (memory.customStart && memory.customStart <= today) return memory.customStart;
  return addDays(today, -7);
}

/**
 * The last day to prefill: the last custom end if it still makes a valid range with `start`, else the
 * longest allowed range from `start` that ends by yesterday (today when `start` is today).
 */
export function defaultCustomEnd(
  kind: ExportKind,
  today: string,
  start: string,
  memory: WizardMemory,
): string {
  const limits = { today, maxDays: kind.maxDays, kindLabel: kind.label };
  if (memory.customEnd && !validateRange({ start, end: memory.customEnd }, limits))
    return memory.customEnd;
  const latest = start >= today ? today : addDays(today, -1);
  const longest = addDays(start, kind.maxDays - 1);
  return longest < latest ? longest : latest;
}

/** Inline message for the start box, or undefined when the text is a usable first day. */
export function validateStartText(text: string, today: string): string | undefined {
  const parsed = parseDate(text);
  if (!parsed.ok) return parsed.message;
  if (parsed.date > today) {
    return `The start date ${parsed.date} is in the future. The latest possible day is today, ${today} (${SERVER_TIME_ZONE}).`;
  }
  return undefined;
}

/** Inline message for the end box, given the accepted start. */
export function validateEndText(
  text: string,
  start: string,
  kind: ExportKind,
  today: string,
): string | undefined {
  const parsed = parseDate(text);
  if (!parsed.ok) return parsed.message;
  return validateRange(
    { start, end: parsed.date },
    { today, maxDays: kind.maxDays, kindLabel: kind.label },
  );
}

/** Canonical form of an accepted date text (the boxes accept `2024/5/3` too). */
export function canonicalDate(text: string): string {
  const parsed = parseDate(text);
  if (!parsed.ok) throw new RangeError(parsed.message);
  return parsed.date;
}
