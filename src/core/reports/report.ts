// Saved reports (issue "Long ranges"): a named definition in user settings (`uniqueAnalytics.reports`) of what
// to export (kind, a period relative to the run day, an optional assistant), where to save it and when it is
// due. Settings are typed by hand, so reading them never throws and never drops a good report for a bad
// neighbour: each bad entry yields one message that names it and says what to write instead. The file name
// built from a definition is always a plain `.csv` name that cannot leave its folder.

import type { DateRange } from '../dateRange';
import { assertNever } from '../errors';
import { MAX_ASSISTANT_ID_LENGTH, validateAssistantIdText } from '../orders/exportWizardModel';
import { EXPORT_KINDS, findExportKind, preview, type ExportType } from '../orders/order';
import { safeFileName } from './fileName';
import type { Schedule } from './schedule';
import {
  MAX_LAST_DAYS,
  RANGE_SHAPES,
  RANGE_UNITS,
  describeRange,
  periodLabel,
  type RangeUnit,
  type RelativeRange,
} from './relativeRange';

export {
  MAX_LAST_DAYS,
  RANGE_UNITS,
  describeRange,
  periodLabel,
  relativeRangeFor,
  resolveRange,
  type RangeUnit,
  type RelativeRange,
} from './relativeRange';
export { safeFileName } from './fileName';

export interface ReportDefinition {
  /** Unique among the reports (ignoring case): it names the tree row and, by default, the file. */
  readonly name: string;
  readonly type: ExportType;
  readonly range: RelativeRange;
  /** Public API only: one assistant (space) instead of all. */
  readonly assistantId?: string;
  /** Where the CSV goes; unset: the download folder. The adapter decides how a relative path reads. */
  readonly folder?: string;
  /** The file name with placeholders (FILE_NAME_PLACEHOLDERS); unset: DEFAULT_FILE_NAME. */
  readonly fileName?: string;
  readonly schedule?: Schedule;
  /** With a schedule: run every missed period after a pause, not just the latest one. */
  readonly catchUp?: boolean;
}

/** contextValue of a report row in the Reports section (menus match `/\breport\b/`). */
export const REPORT_CONTEXT_VALUE = 'report';

export const DEFAULT_FILE_NAME = '${name} ${period}';
export const FILE_NAME_PLACEHOLDERS = ['name', 'period', 'start', 'end', 'kind'] as const;
export const MAX_NAME_LENGTH = 80;

// ---- The file a run writes ------------------------------------------------------------------------

/**
 * `<pattern>.csv` for one run over `range`: `${name}`, `${period}` (periodLabel), `${start}`, `${end}`
 * (`YYYY-MM-DD`) and `${kind}` (the kind's label) substituted; an unknown `${…}` stays as typed (parseReports
 * reports it). The result is made safe with safeFileName, so it is one file name, never a path.
 */
export function reportFileName(
  def: Pick<ReportDefinition, 'name' | 'type' | 'range' | 'fileName'>,
  range: DateRange,
): string {
  const values: Record<(typeof FILE_NAME_PLACEHOLDERS)[number], string> = {
    name: def.name,
    period: periodLabel(range, def.range),
    start: range.start,
    end: range.end,
    kind: findExportKind(def.type)?.label ?? String(def.type),
  };
  const pattern = def.fileName?.trim() || DEFAULT_FILE_NAME;
  const text = pattern.replace(/\$\{([^}]*)\}/g, (whole, key: string) =>
    Object.hasOwn(values, key) ? values[key as keyof typeof values] : whole,
  );
  return safeFileName(text, 'csv');
}

// ---- Reading the setting --------------------------------------------------------------------------

export interface ParsedReports {
  /** The usable definitions, in settings order, trimmed and with canonical type names. */
  readonly reports: ReportDefinition[];
  /** One message per unusable entry, e.g. `reports[2] "Monthly": range must be …`. */
  readonly problems: string[];
}

/**
 * Reads `uniqueAnalytics.reports` as settings.json holds it. Never throws. Unknown fields are ignored (a
 * newer version may add some); an entry with any problem is left out with one message naming it by index
 * and name; of two entries with the same name (ignoring case) the first keeps it.
 */
export function parseReports(value: unknown): ParsedReports {
  if (value === undefined || value === null) return { reports: [], problems: [] };
  if (!Array.isArray(value)) {
    return {
      reports: [],
      problems: [
        `reports must be a list: [ { "name": …, "type": …, "range": … } ], not ${preview(value, 60)}. No report can be read until it is.`,
      ],
    };
  }
  const reports: ReportDefinition[] = [];
  const problems: string[] = [];
  const owners = new Map<string, number>();
  value.forEach((entry: unknown, index) => {
    const read = readEntry(entry);
    let label = `reports[${index}]`;
    if (read.name !== undefined) {
      label += ` ${JSON.stringify(read.name.length > 40 ? `${read.name.slice(0, 40)}…` : read.name)}`;
      const key = read.name.normalize('NFC').toLowerCase();
      const owner = owners.get(key);
      if (owner === undefined) owners.set(key, index);
      else read.issues.push(`reports[${owner}] has this name already; give this one another name`);
    }
    if (read.issues.length > 0) problems.push(`${label}: ${read.issues.join('; ')}.`);
    else if (read.report) reports.push(read.report);
  });
  return { reports, problems };
}

interface ReadEntry {
  readonly name?: string;
  readonly report?: ReportDefinition;
  readonly issues: string[];
}

const KNOWN_TYPES_TEXT = EXPORT_KINDS.map((k) => k.type).join(', ');

function readEntry(entry: unknown): ReadEntry {
  if (!isRecord(entry)) {
    return {
      issues: [
        `each report must be an object such as { "name": "Monthly", "type": "CHAT_INTERACTION", "range": { "last": "month" } }, not ${preview(entry, 60)}`,
      ],
    };
  }
  const issues: string[] = [];
  const name = readName(entry.name, issues);

  let type: ExportType | undefined;
  if (typeof entry.type !== 'string' || !entry.type.trim())
    issues.push(`type is missing: use one of ${KNOWN_TYPES_TEXT}`);
  else {
    type = findExportKind(entry.type.trim().toUpperCase())?.type;
    if (!type)
      issues.push(
        `type ${preview(entry.type, 60)} is not an export kind: use one of ${KNOWN_TYPES_TEXT}`,
      );
  }

  const range = readRange(entry.range, issues);
  const assistantId = optionalText(
    entry.assistantId,
    'assistantId',
    'an assistant (space) id',
    issues,
  );
  if (assistantId && validateAssistantIdText(assistantId))
    issues.push(
      `assistantId must be one assistant (space) id such as space_…, without spaces and at most ${MAX_ASSISTANT_ID_LENGTH} characters; leave it out for all assistants`,
    );
  const folder = optionalText(entry.folder, 'folder', 'a folder path', issues);
  const fileName = optionalText(entry.fileName, 'fileName', 'a file-name pattern', issues);
  if (fileName) checkFileName(fileName, issues);
  // null counts as left out, as for the text fields: some people write it to switch a field off.
  const schedule = entry.schedule == null ? undefined : readSchedule(entry.schedule, issues);
  if (entry.catchUp != null && typeof entry.catchUp !== 'boolean')
    issues.push(`catchUp must be true or false, not ${preview(entry.catchUp, 30)}`);

  if (issues.length > 0 || name === undefined || type === undefined || range === undefined)
    return { name, issues };
  const report: ReportDefinition = {
    name,
    type,
    range,
    ...(assistantId ? { assistantId } : {}),
    ...(folder ? { folder } : {}),
    ...(fileName ? { fileName } : {}),
    ...(schedule ? { schedule } : {}),
    ...(entry.catchUp === true ? { catchUp: true } : {}),
  };
  return { name, report, issues };
}

function readName(value: unknown, issues: string[]): string | undefined {
  const name = typeof value === 'string' ? value.trim() : '';
  if (!name) {
    issues.push('name is missing: give the report a name, e.g. "Monthly chat interactions"');
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) issues.push('name must not contain control characters');
  if (name.length > MAX_NAME_LENGTH)
    issues.push(`name must be at most ${MAX_NAME_LENGTH} characters; this one has ${name.length}`);
  return name;
}

/** Trimmed text, undefined when missing or blank; an issue when present but not text. */
function optionalText(
  value: unknown,
  field: string,
  what: string,
  issues: string[],
): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    issues.push(`${field} must be text (${what}) or left out, not ${preview(value, 30)}`);
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value))
    issues.push(`${field} must not contain control characters`);
  return value.trim() || undefined;
}

function checkFileName(pattern: string, issues: string[]): void {
  if (/[/\\]/.test(pattern))
    issues.push(
      'fileName must not contain "/" or "\\": it names one file; put folders in "folder"',
    );
  const unknown = [...pattern.matchAll(/\$\{([^}]*)\}/g)]
    .map((m) => m[1])
    .filter((key) => !(FILE_NAME_PLACEHOLDERS as readonly string[]).includes(key));
  if (unknown.length > 0)
    issues.push(
      `fileName uses ${unknown.map((k) => `\${${k}}`).join(', ')}: use only ${FILE_NAME_PLACEHOLDERS.map((k) => `\${${k}}`).join(', ')}`,
    );
}

function readRange(value: unknown, issues: string[]): RelativeRange | undefined {
  const fix = `use ${RANGE_SHAPES}`;
  if (value === undefined || value === null) {
    issues.push(`range is missing: ${fix}`);
    return undefined;
  }
  if (value === 'yesterday') return 'yesterday';
  if (!isRecord(value)) {
    issues.push(`range ${preview(value, 40)} is not known: ${fix}`);
    return undefined;
  }
  const keys = (['last', 'toDate', 'lastDays'] as const).filter((k) => value[k] !== undefined);
  if (keys.length !== 1) {
    issues.push(
      keys.length === 0
        ? `range ${preview(value, 40)} is not known: ${fix}`
        : `range must have just one of ${keys.map((k) => `"${k}"`).join(', ')}: ${fix}`,
    );
    return undefined;
  }
  const key = keys[0];
  if (key === 'lastDays') {
    const n = value.lastDays;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_LAST_DAYS)
      return { lastDays: n };
    issues.push(
      `range.lastDays must be a whole number of days from 1 to ${MAX_LAST_DAYS}, not ${preview(n, 30)}`,
    );
    return undefined;
  }
  const unit = value[key];
  if (typeof unit === 'string' && (RANGE_UNITS as readonly string[]).includes(unit))
    return key === 'last' ? { last: unit as RangeUnit } : { toDate: unit as RangeUnit };
  issues.push(
    `range.${key} must be "week", "month", "quarter" or "year", not ${preview(unit, 30)}`,
  );
  return undefined;
}

const SCHEDULE_SHAPES =
  '{ "every": "day" }, { "every": "week", "weekday": 1 to 7 } or { "every": "month", "day": 1 to 28 }';

function readSchedule(value: unknown, issues: string[]): Schedule | undefined {
  if (!isRecord(value) || !['day', 'week', 'month'].includes(value.every as string)) {
    issues.push(`schedule ${preview(value, 40)} is not known: use ${SCHEDULE_SHAPES}`);
    return undefined;
  }
  if (value.every === 'day') return { every: 'day' };
  if (value.every === 'week') {
    if (isWholeIn(value.weekday, 1, 7)) return { every: 'week', weekday: value.weekday };
    issues.push(
      `schedule.weekday must be a whole number from 1 (Monday) to 7 (Sunday), not ${preview(value.weekday, 30)}`,
    );
    return undefined;
  }
  if (isWholeIn(value.day, 1, 28)) return { every: 'month', day: value.day };
  issues.push(
    `schedule.day must be a whole number from 1 to 28 (days every month has), not ${preview(value.day, 30)}`,
  );
  return undefined;
}

function isWholeIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---- The tree row ---------------------------------------------------------------------------------

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** "Chat interactions · last full month · monthly on day 1"; the schedule part only when there is one. */
export function describeReport(def: ReportDefinition): string {
  const parts = [findExportKind(def.type)?.label ?? String(def.type), describeRange(def.range)];
  if (def.schedule) parts.push(describeSchedule(def.schedule));
  return parts.join(' · ');
}

/** "daily", "weekly on Monday", "monthly on day 1". */
export function describeSchedule(schedule: Schedule): string {
  switch (schedule.every) {
    case 'day':
      return 'daily';
    case 'week':
      return `weekly on ${WEEKDAYS[schedule.weekday - 1] ?? `weekday ${schedule.weekday}`}`;
    case 'month':
      return `monthly on day ${schedule.day}`;
    default:
      return assertNever(schedule, 'schedule');
  }
}
