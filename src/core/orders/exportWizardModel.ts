// What the "Start Export" wizard offers and accepts: the kinds the active API surface can start, preset
// choices, custom-date defaults and validation, the Public API's optional assistant id, step titles, and
// the remembered last choices. Pure; the quick input lives in src/vscode. Texts are translated when asked
// for (functions, not constants: this module loads before the translations are configured).

import * as l10n from '@vscode/l10n';
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
import { assertNever } from '../errors';
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
  return l10n.t({
    message: 'Start Export ({0}/{1})',
    args: [step, wizardSteps(preset, surface)],
    comment: ["the wizard's title: step {0} of {1}"],
  });
}

/** The assistant step's number: the last one (public surface only). */
export function assistantStep(preset: PresetId | undefined): number {
  return wizardSteps(preset, 'public');
}

// ---- Step 1: kind --------------------------------------------------------------------------------

/** What a kind's export holds, in one sentence (the kind step's detail line). */
function kindDetail(type: ExportType): string {
  switch (type) {
    case 'CHAT_INTERACTION':
      return l10n.t('How many prompts each user sent, per day and assistant.');
    case 'ACTIVE_USER':
      return l10n.t('How many people used the chat, per day, week and month.');
    case 'REFERENCE_STAT':
      return l10n.t('Which documents answers referenced, and how often.');
    case 'CHAT_INTERACTION_DETAILED':
      return l10n.t('Every prompt and answer with its details (needs the chat.data.admin role).');
    case 'INGESTION_STAT':
      return l10n.t('Statistics on the documents ingested into the knowledge base.');
    case 'MODEL_USAGE':
      return l10n.t('Which language models answered, and how much they were used.');
    case 'NPS':
      return l10n.t('Net promoter score ratings people gave the chat.');
    case 'PRODUCT_METRICS':
      return l10n.t('Usage metrics of the product as a whole.');
    case 'USER_CHAT_EXPORT':
      return l10n.t('The chats of users, exported as they are.');
    default:
      return assertNever(type, 'export type');
  }
}

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
    description: l10n.t({
      message: 'up to {0} days',
      args: [k.maxDays],
      comment: ['the longest range one order of this kind covers'],
    }),
    detail: kindDetail(k.type),
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
      return l10n.t(
        'Choose the first and last day (longer than {0} days: several orders, one CSV)',
        kind.maxDays,
      );
    const days = rangeDays(range);
    const orders = Math.ceil(days / kind.maxDays);
    const text = formatRange(range, locale);
    if (orders > 1)
      return l10n.t({
        message: '{0} · {1} days · {2} orders',
        args: [text, days, orders],
        comment: ['{0} is a range of days'],
      });
    return days === 1
      ? l10n.t({ message: '{0} · 1 day', args: [text], comment: ['{0} is a range of days'] })
      : l10n.t({
          message: '{0} · {1} days',
          args: [text, days],
          comment: ['{0} is a range of days'],
        });
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

/** The start box's prompt. */
export function startPrompt(): string {
  return l10n.t({
    message: 'First day of the export, YYYY-MM-DD (whole days, {0} time).',
    args: [SERVER_TIME_ZONE],
    comment: ['keep YYYY-MM-DD: dates are typed that way; {0} is a time zone'],
  });
}

/** The end box's prompt. */
export function endPrompt(kind: ExportKind, start: string): string {
  return l10n.t({
    message:
      'Last day, included, YYYY-MM-DD. One order covers at most {0} days of {1} from {2}; a longer range becomes several orders merged into one CSV.',
    args: [kind.maxDays, kind.labelInSentence, start],
    comment: ['keep YYYY-MM-DD: dates are typed that way; {1} is an export kind, {2} a day'],
  });
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
    return l10n.t({
      message: 'The start date {0} is in the future. The latest possible day is today, {1} ({2}).',
      args: [parsed.date, today, SERVER_TIME_ZONE],
      comment: ['{2} is a time zone'],
    });
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

/** The assistant box's prompt. */
export function assistantPrompt(): string {
  return l10n.t('Assistant (space) id — leave empty for all assistants');
}

/** The assistant box's placeholder. */
export function assistantPlaceholder(): string {
  return l10n.t({
    message: 'e.g. space_… (optional)',
    comment: ['keep space_: assistant ids start with it'],
  });
}

export const MAX_ASSISTANT_ID_LENGTH = 200;

/** Inline message for the assistant box, or undefined when the text is usable (empty: all assistants). */
export function validateAssistantIdText(text: string): string | undefined {
  const id = text.trim();
  if (!id) return undefined;
  if (/\s/.test(id))
    return l10n.t(
      'An assistant (space) id has no spaces: paste the id itself (e.g. space_…), or leave the box empty for all assistants.',
    );
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(id))
    return l10n.t(
      'The assistant (space) id contains a control character: paste the id again, or leave the box empty for all assistants.',
    );
  if (id.length > MAX_ASSISTANT_ID_LENGTH)
    return l10n.t(
      'An assistant (space) id is at most {0} characters; this one has {1}. Paste the id itself, or leave the box empty for all assistants.',
      MAX_ASSISTANT_ID_LENGTH,
      id.length,
    );
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
      ? l10n.t({
          message:
            '{0} can be ordered only through the Public API (an environment with "surface": "public"). Nothing was started.',
          args: [label],
          comment: ['{0} is an export kind; keep "surface": "public" (a setting)'],
        })
      : l10n.t({
          message: '{0} cannot be ordered through this environment. Nothing was started.',
          args: [label],
          comment: ['{0} is an export kind'],
        });
  if (request.assistantId !== undefined && request.assistantId.trim()) {
    if (surface !== 'public')
      return l10n.t(
        'An assistant (space) id can be given only through the Public API (an environment with "surface": "public"); this environment always exports all assistants. Nothing was started.',
      );
    const invalid = validateAssistantIdText(request.assistantId);
    if (invalid)
      return l10n.t({
        message: '{0} Nothing was started.',
        args: [invalid],
        comment: ['{0} is a sentence saying what is wrong with the assistant id'],
      });
  }
  return validateRange(request.range, {
    today,
    maxDays: options.split ? Number.POSITIVE_INFINITY : kind.maxDays,
    kindLabel: kind.label,
  });
}
