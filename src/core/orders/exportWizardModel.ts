// What the "Start Export" wizard offers and accepts: the kinds the active API surface can start, preset
// choices, custom-date defaults and validation, the Public API's optional assistant id, step titles, and
// the remembered last choices. Pure; the quick input lives in src/vscode.

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
import type { Surface } from '../connections/environment';
import { exportKindsFor, findExportKind } from './order';
import type { ExportKind, ExportType } from './order';

/** Memento key of the last choices (kind per surface, preset, custom dates). */
export const WIZARD_MEMORY_KEY = 'uniqueAnalytics.exportWizard.lastChoices';

export interface WizardMemory {
  /** The last kind chosen on each surface (the Public API offers kinds the internal one cannot start). */
  readonly kinds?: Partial<Record<Surface, ExportType>>;
  readonly preset?: PresetId;
  readonly customStart?: string;
  readonly customEnd?: string;
}

const SURFACES: readonly Surface[] = ['internal', 'public'];

/** `type` when `surface` can start it, else undefined. */
function kindOn(surface: Surface, type: unknown): ExportType | undefined {
  return exportKindsFor(surface).find((k) => k.type === type)?.type;
}

/**
 * Reads what the memento holds; anything unexpected (older versions, hand edits, a kind a surface cannot
 * start) is dropped, never thrown. Versions before surfaces stored one `kind`: the internal surface's.
 */
export function readWizardMemory(raw: unknown): WizardMemory {
  if (typeof raw !== 'object' || raw === null) return {};
  const r = raw as Record<string, unknown>;
  const stored =
    typeof r.kinds === 'object' && r.kinds !== null ? (r.kinds as Record<string, unknown>) : {};
  const kinds: Partial<Record<Surface, ExportType>> = {};
  for (const surface of SURFACES) {
    const kind = kindOn(surface, stored[surface] ?? (surface === 'internal' ? r.kind : undefined));
    if (kind) kinds[surface] = kind;
  }
  const preset = PRESETS.find((p) => p.id === r.preset)?.id;
  const date = (v: unknown): string | undefined => {
    if (typeof v !== 'string') return undefined;
    const parsed = parseDate(v);
    return parsed.ok ? parsed.date : undefined;
  };
  return {
    kinds: Object.keys(kinds).length ? kinds : undefined,
    preset,
    customStart: date(r.customStart),
    customEnd: date(r.customEnd),
  };
}

/**
 * The memory after a completed wizard: the kind is remembered for this surface only (the other's is
 * kept); custom dates are kept from before when a preset was chosen.
 */
export function rememberChoices(
  previous: WizardMemory,
  surface: Surface,
  kind: ExportType,
  preset: PresetId,
  range: DateRange,
): WizardMemory {
  const kinds = { ...previous.kinds, [surface]: kind };
  return preset === 'custom'
    ? { kinds, preset, customStart: range.start, customEnd: range.end }
    : { kinds, preset, customStart: previous.customStart, customEnd: previous.customEnd };
}

export const WIZARD_TITLE = 'Start Export';

/** How many steps the wizard has: kind and range, two date steps for a custom range, the assistant on the Public API. */
export function wizardSteps(preset: PresetId | undefined, surface: Surface): number {
  return 2 + (preset === 'custom' ? 2 : 0) + (surface === 'public' ? 1 : 0);
}

/**
 * "Start Export (2/3)": the custom range adds two date steps to the two choices; on the Public API the
 * optional assistant step comes last.
 */
export function wizardTitle(
  step: number,
  preset: PresetId | undefined,
  surface: Surface = 'internal',
): string {
  return `${WIZARD_TITLE} (${step}/${wizardSteps(preset, surface)})`;
}

/** The assistant step's number: the last one (public surface only). */
export function assistantStep(preset: PresetId | undefined): number {
  return wizardSteps(preset, 'public');
}

// ---- Step 1: kind --------------------------------------------------------------------------------

const KIND_DETAILS: Record<ExportType, string> = {
  CHAT_INTERACTION: 'How many prompts each user sent, per day and assistant.',
  ACTIVE_USER: 'How many people used the chat, per day, week and month.',
  REFERENCE_STAT: 'Which documents answers referenced, and how often.',
  CHAT_INTERACTION_DETAILED:
    'Every prompt and answer with its details (needs the chat.data.admin role).',
  INGESTION_STAT: 'Statistics on the documents ingested into the knowledge base.',
  MODEL_USAGE: 'Which language models answered, and how much they were used.',
  NPS: 'Net promoter score ratings people gave the chat.',
  PRODUCT_METRICS: 'Usage metrics of the product as a whole.',
  USER_CHAT_EXPORT: 'The chats of users, exported as they are.',
};

export interface KindChoice {
  readonly type: ExportType;
  readonly label: string;
  /** The longest range, e.g. "up to 14 days". */
  readonly description: string;
  readonly detail: string;
}

/** The kinds `surface` can start: all nine on the Public API, four on the internal one. */
export function kindChoices(surface: Surface): KindChoice[] {
  return exportKindsFor(surface).map((k) => ({
    type: k.type,
    label: k.label,
    description: `up to ${k.maxDays} days`,
    detail: KIND_DETAILS[k.type],
  }));
}

/** The kind to highlight: the last one chosen on this surface (if it can still start it), else the first. */
export function defaultKind(memory: WizardMemory, surface: Surface): ExportType {
  return kindOn(surface, memory.kinds?.[surface]) ?? exportKindsFor(surface)[0].type;
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
  // Every preset can be picked: a range longer than one order allows becomes several orders (a batch).
  const options = presetsFor(Number.POSITIVE_INFINITY, today);
  const describe = (range: DateRange | undefined): string => {
    if (!range)
      return `Choose the first and last day (longer than ${kind.maxDays} days: several orders, one CSV)`;
    const days = rangeDays(range);
    const orders = Math.ceil(days / kind.maxDays);
    return `${formatRange(range, locale)} · ${days} ${days === 1 ? 'day' : 'days'}${orders > 1 ? ` · ${orders} orders` : ''}`;
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
  return `Last day, included, YYYY-MM-DD. One order covers at most ${kind.maxDays} days of ${kind.label.toLowerCase()} from ${start}; a longer range becomes several orders merged into one CSV.`;
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

/** Inline message for the end box, given the accepted start. Any length is accepted (it is split). */
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
    { today, maxDays: Number.POSITIVE_INFINITY, kindLabel: kind.label },
  );
}

/** Whether a range needs several orders of this kind (a batch), and how many. */
export function ordersNeeded(kind: ExportKind, range: DateRange): number {
  return Math.ceil(rangeDays(range) / kind.maxDays);
}

/** Canonical form of an accepted date text (the boxes accept `2024/5/3` too). */
export function canonicalDate(text: string): string {
  const parsed = parseDate(text);
  if (!parsed.ok) throw new RangeError(parsed.message);
  return parsed.date;
}

// ---- Last step on the Public API: assistant (space) id -------------------------------------------

export const ASSISTANT_PROMPT = 'Assistant (space) id — leave empty for all assistants';
export const ASSISTANT_PLACEHOLDER = 'e.g. space_… (optional)';
export const MAX_ASSISTANT_ID_LENGTH = 200;

/** Inline message for the assistant box, or undefined when the text is usable (empty: all assistants). */
export function validateAssistantIdText(text: string): string | undefined {
  const id = text.trim();
  if (!id) return undefined;
  if (/\s/.test(id))
    return 'An assistant (space) id has no spaces: paste the id itself (e.g. space_…), or leave the box empty for all assistants.';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(id))
    return 'The assistant (space) id contains a control character: paste the id again, or leave the box empty for all assistants.';
  if (id.length > MAX_ASSISTANT_ID_LENGTH)
    return `An assistant (space) id is at most ${MAX_ASSISTANT_ID_LENGTH} characters; this one has ${id.length}. Paste the id itself, or leave the box empty for all assistants.`;
  return undefined;
}

/** The id to send (trimmed), or undefined for all assistants. Throws on a text the box would reject. */
export function canonicalAssistantId(text: string): string | undefined {
  const problem = validateAssistantIdText(text);
  if (problem) throw new RangeError(problem);
  return text.trim() || undefined;
}

// ---- A request given without the wizard (Retry, tests, other extensions) ------------------------

/**
 * Why `request` cannot be started on `surface`, or undefined: a kind only the Public API can start, an
 * assistant id where there is no assistant filter or one the box would refuse, or the range (format,
 * future days, the kind's longest range). Said before anything is sent.
 */
export function exportRequestProblem(
  request: { readonly type: ExportType; readonly range: DateRange; readonly assistantId?: string },
  surface: Surface,
  today: string,
  /** `split`: a range longer than one order allows is fine (it becomes a batch). */
  options: { readonly split?: boolean } = {},
): string | undefined {
  const kind = exportKindsFor(surface).find((k) => k.type === request.type);
  const label = findExportKind(request.type)?.label ?? String(request.type);
  if (!kind)
    return surface === 'internal'
      ? `${label} can be ordered only through the Public API (an environment with "surface": "public"). Nothing was started.`
      : `${label} cannot be ordered through this environment. Nothing was started.`;
  if (request.assistantId !== undefined && request.assistantId.trim()) {
    if (surface !== 'public')
      return 'An assistant (space) id can be given only through the Public API (an environment with "surface": "public"); this environment always exports all assistants. Nothing was started.';
    const invalid = validateAssistantIdText(request.assistantId);
    if (invalid) return `${invalid} Nothing was started.`;
  }
  return validateRange(request.range, {
    today,
    maxDays: options.split ? Number.POSITIVE_INFINITY : kind.maxDays,
    kindLabel: kind.label,
  });
}
