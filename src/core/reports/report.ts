// Saved reports (issue "Long ranges"): a named definition in user settings (`uniqueAnalytics.reports`) of what
// to export (kind, a period relative to the run day, an optional assistant), where to save it and when it is
// due. Settings are typed by hand, so reading them never throws and never drops a good report for a bad
// neighbour: each bad entry yields one message that names it and says what to write instead. The file name
// built from a definition is always a plain `.csv` name that cannot leave its folder.

import * as l10n from '@vscode/l10n';
import type { DateRange } from '../dateRange';
import { assertNever } from '../errors';
import { displayLocale } from '../l10n/locale';
import { MAX_ASSISTANT_ID_LENGTH, validateAssistantIdText } from '../orders/exportWizardModel';
import { EXPORT_KINDS, findExportKind, preview, type ExportType } from '../orders/order';
import { safeFileName } from './fileName';
import type { Schedule } from './schedule';
import {
  MAX_LAST_DAYS,
  RANGE_UNITS,
  describeRange,
  periodLabel,
  rangeShapes,
  wholeNumbers,
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
 * (`YYYY-MM-DD`) and `${kind}` (the kind's English name: file names do not change with the language) substituted; an unknown `${…}` stays as typed (parseReports
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
    kind: findExportKind(def.type)?.name ?? String(def.type),
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
        l10n.t({
          message: 'reports must be a list: {0}, not {1}. No report can be read until it is.',
          args: ['[ { "name": …, "type": …, "range": … } ]', preview(value, 60)],
          comment: ['keep "reports" (a setting); {0} shows what to write, {1} what was found'],
        }),
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
      else
        read.issues.push(
          l10n.t({
            message: '{0} has this name already; give this one another name',
            args: [`reports[${owner}]`],
            comment: ['{0} names another saved report, e.g. reports[0]'],
          }),
        );
    }
    if (read.issues.length > 0)
      problems.push(
        l10n.t({
          message: '{0}: {1}.',
          args: [label, read.issues.join('; ')],
          comment: [
            '{0} names a saved report, e.g. reports[2] "Monthly"; {1} what is wrong with it',
          ],
        }),
      );
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
        l10n.t({
          message: 'each report must be an object such as {0}, not {1}',
          args: [
            '{ "name": "Monthly", "type": "CHAT_INTERACTION", "range": { "last": "month" } }',
            preview(entry, 60),
          ],
          comment: ['{0} is an example of a saved report in settings.json, {1} what was found'],
        }),
      ],
    };
  }
  const issues: string[] = [];
  const name = readName(entry.name, issues);

  let type: ExportType | undefined;
  if (typeof entry.type !== 'string' || !entry.type.trim())
    issues.push(
      l10n.t({
        message: 'type is missing: use one of {0}',
        args: [KNOWN_TYPES_TEXT],
        comment: ['keep "type" (a field of a saved report); {0} lists its values'],
      }),
    );
  else {
    type = findExportKind(entry.type.trim().toUpperCase())?.type;
    if (!type)
      issues.push(
        l10n.t({
          message: 'type {0} is not an export kind: use one of {1}',
          args: [preview(entry.type, 60), KNOWN_TYPES_TEXT],
          comment: ['keep "type" (a field of a saved report); {1} lists its values'],
        }),
      );
  }

  const range = readRange(entry.range, issues);
  const assistantId = optionalText(entry.assistantId, 'assistantId', issues, (got) =>
    l10n.t({
      message: 'assistantId must be text (an assistant (space) id) or left out, not {0}',
      args: [got],
      comment: ['keep "assistantId" (a field of a saved report)'],
    }),
  );
  if (assistantId && validateAssistantIdText(assistantId))
    issues.push(
      l10n.t({
        message:
          'assistantId must be one assistant (space) id such as space_…, without spaces and at most {0} characters; leave it out for all assistants',
        args: [MAX_ASSISTANT_ID_LENGTH],
        comment: ['keep "assistantId" (a field of a saved report) and space_ (how ids start)'],
      }),
    );
  const folder = optionalText(entry.folder, 'folder', issues, (got) =>
    l10n.t({
      message: 'folder must be text (a folder path) or left out, not {0}',
      args: [got],
      comment: ['keep "folder" (a field of a saved report)'],
    }),
  );
  const fileName = optionalText(entry.fileName, 'fileName', issues, (got) =>
    l10n.t({
      message: 'fileName must be text (a file-name pattern) or left out, not {0}',
      args: [got],
      comment: ['keep "fileName" (a field of a saved report)'],
    }),
  );
  if (fileName) checkFileName(fileName, issues);
  // null counts as left out, as for the text fields: some people write it to switch a field off.
  const schedule = entry.schedule == null ? undefined : readSchedule(entry.schedule, issues);
  if (entry.catchUp != null && typeof entry.catchUp !== 'boolean')
    issues.push(
      l10n.t({
        message: 'catchUp must be true or false, not {0}',
        args: [preview(entry.catchUp, 30)],
        comment: ['keep "catchUp", "true" and "false" (a field of a saved report and its values)'],
      }),
    );

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
    issues.push(
      l10n.t({
        message: 'name is missing: give the report a name, e.g. "Monthly chat interactions"',
        comment: ['keep "name" (a field of a saved report)'],
      }),
    );
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) issues.push(noControlCharacters('name'));
  if (name.length > MAX_NAME_LENGTH)
    issues.push(
      l10n.t({
        message: 'name must be at most {0} characters; this one has {1}',
        args: [MAX_NAME_LENGTH, name.length],
        comment: ['keep "name" (a field of a saved report)'],
      }),
    );
  return name;
}

/** Trimmed text, undefined when missing or blank; an issue (`notText` of what was found) when present but not text. */
function optionalText(
  value: unknown,
  field: string,
  issues: string[],
  notText: (got: string) => string,
): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    issues.push(notText(preview(value, 30)));
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) issues.push(noControlCharacters(field));
  return value.trim() || undefined;
}

function noControlCharacters(field: string): string {
  return l10n.t({
    message: '{0} must not contain control characters',
    args: [field],
    comment: ['{0} is a field of a saved report, e.g. name'],
  });
}

function checkFileName(pattern: string, issues: string[]): void {
  if (/[/\\]/.test(pattern))
    issues.push(
      l10n.t({
        message:
          'fileName must not contain "/" or "\\": it names one file; put folders in "folder"',
        comment: ['keep "fileName" and "folder" (fields of a saved report)'],
      }),
    );
  const unknown = [...pattern.matchAll(/\$\{([^}]*)\}/g)]
    .map((m) => m[1])
    .filter((key) => !(FILE_NAME_PLACEHOLDERS as readonly string[]).includes(key));
  if (unknown.length > 0)
    issues.push(
      l10n.t({
        message: 'fileName uses {0}: use only {1}',
        args: [
          unknown.map((k) => `\${${k}}`).join(', '),
          FILE_NAME_PLACEHOLDERS.map((k) => `\${${k}}`).join(', '),
        ],
        comment: ['keep "fileName" (a field of a saved report); {0} and {1} list placeholders'],
      }),
    );
}

function readRange(value: unknown, issues: string[]): RelativeRange | undefined {
  const notKnown = (): string =>
    l10n.t({
      message: 'range {0} is not known: use {1}',
      args: [preview(value, 40), rangeShapes()],
      comment: ['keep "range" (a field of a saved report); {1} lists what to write'],
    });
  if (value === undefined || value === null) {
    issues.push(
      l10n.t({
        message: 'range is missing: use {0}',
        args: [rangeShapes()],
        comment: ['keep "range" (a field of a saved report); {0} lists what to write'],
      }),
    );
    return undefined;
  }
  if (value === 'yesterday') return 'yesterday';
  if (!isRecord(value)) {
    issues.push(notKnown());
    return undefined;
  }
  const keys = (['last', 'toDate', 'lastDays'] as const).filter((k) => value[k] !== undefined);
  if (keys.length !== 1) {
    issues.push(
      keys.length === 0
        ? notKnown()
        : l10n.t({
            message: 'range must have just one of {0}: use {1}',
            args: [keys.map((k) => `"${k}"`).join(', '), rangeShapes()],
            comment: ['keep "range" (a field of a saved report); {1} lists what to write'],
          }),
    );
    return undefined;
  }
  const key = keys[0];
  if (key === 'lastDays') {
    const n = value.lastDays;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_LAST_DAYS)
      return { lastDays: n };
    issues.push(
      l10n.t({
        message: 'range.lastDays must be a whole number of days from 1 to {0}, not {1}',
        args: [MAX_LAST_DAYS, preview(n, 30)],
        comment: ['keep "range.lastDays" (a field of a saved report)'],
      }),
    );
    return undefined;
  }
  const unit = value[key];
  if (typeof unit === 'string' && (RANGE_UNITS as readonly string[]).includes(unit))
    return key === 'last' ? { last: unit as RangeUnit } : { toDate: unit as RangeUnit };
  issues.push(
    l10n.t({
      message: '{0} must be "week", "month", "quarter" or "year", not {1}',
      args: [`range.${key}`, preview(unit, 30)],
      comment: ['{0} is a field of a saved report; keep the quoted values'],
    }),
  );
  return undefined;
}

/** The schedules as a person types them, for messages that say what to write instead. */
function scheduleShapes(): string {
  return l10n.t({
    message: '{0}, {1} or {2}',
    args: [
      '{ "every": "day" }',
      `{ "every": "week", "weekday": ${wholeNumbers(1, 7)} }`,
      `{ "every": "month", "day": ${wholeNumbers(1, 28)} }`,
    ],
    comment: ['values a setting may have, to choose from'],
  });
}

function readSchedule(value: unknown, issues: string[]): Schedule | undefined {
  if (!isRecord(value) || !['day', 'week', 'month'].includes(value.every as string)) {
    issues.push(
      l10n.t({
        message: 'schedule {0} is not known: use {1}',
        args: [preview(value, 40), scheduleShapes()],
        comment: ['keep "schedule" (a field of a saved report); {1} lists what to write'],
      }),
    );
    return undefined;
  }
  if (value.every === 'day') return { every: 'day' };
  if (value.every === 'week') {
    if (isWholeIn(value.weekday, 1, 7)) return { every: 'week', weekday: value.weekday };
    issues.push(
      l10n.t({
        message: 'schedule.weekday must be a whole number from 1 (Monday) to 7 (Sunday), not {0}',
        args: [preview(value.weekday, 30)],
        comment: ['keep "schedule.weekday" (a field of a saved report)'],
      }),
    );
    return undefined;
  }
  if (isWholeIn(value.day, 1, 28)) return { every: 'month', day: value.day };
  issues.push(
    l10n.t({
      message: 'schedule.day must be a whole number from 1 to 28 (days every month has), not {0}',
      args: [preview(value.day, 30)],
      comment: ['keep "schedule.day" (a field of a saved report)'],
    }),
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

const WEEKDAY_FORMAT: Intl.DateTimeFormatOptions = { weekday: 'long', timeZone: 'UTC' };

/** "Monday" for 1 … "Sunday" for 7, in the display language. */
function weekdayName(weekday: number): string {
  if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7)
    return l10n.t({ message: 'weekday {0}', args: [weekday], comment: ['1 is Monday, 7 Sunday'] });
  // 2024-01-01 was a Monday.
  const day = Date.UTC(2024, 0, weekday);
  try {
    return new Intl.DateTimeFormat(displayLocale(), WEEKDAY_FORMAT).format(day);
  } catch {
    return new Intl.DateTimeFormat('en', WEEKDAY_FORMAT).format(day);
  }
}

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
      return l10n.t({ message: 'daily', comment: ['when a saved report runs'] });
    case 'week':
      return l10n.t({
        message: 'weekly on {0}',
        args: [weekdayName(schedule.weekday)],
        comment: ['when a saved report runs; {0} is a weekday, e.g. "weekly on Monday"'],
      });
    case 'month':
      return l10n.t({
        message: 'monthly on day {0}',
        args: [schedule.day],
        comment: ['when a saved report runs; {0} is a day of the month, 1 to 28'],
      });
    default:
      return assertNever(schedule, 'schedule');
  }
}
