// Calendar date ranges for exports: `YYYY-MM-DD` days, end day included (the server widens them to
// whole Europe/Zurich days). Parsing, validation, display and presets live here; no time zone library.

import * as l10n from '@vscode/l10n';
import { assertNever } from './errors';
import { displayLocale } from './l10n/locale';

export interface DateRange {
  /** First day, `YYYY-MM-DD`. */
  readonly start: string;
  /** Last day (included), `YYYY-MM-DD`. */
  readonly end: string;
}

/** The server's time zone: it turns calendar days into instants there, so "today" is today in Zurich. */
export const SERVER_TIME_ZONE = 'Europe/Zurich';
/** Years outside this span are typos (2204, 1024), not analytics the platform can have. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

const MS_PER_DAY = 86_400_000;

function formatHint(): string {
  return l10n.t('Use the form YYYY-MM-DD, e.g. 2024-05-03.');
}

// Built once, on first use: constructing Intl formatters is slow, and the first one in a process also loads ICU's
// data (~12 ms), which at module load would count in the extension's activation time (bench/README.md).
let zurichDayFormat: Intl.DateTimeFormat | undefined;

/** The calendar day in Zurich at instant `now`, `YYYY-MM-DD`. Throws RangeError for an invalid Date. */
export function todayInZurich(now: Date): string {
  zurichDayFormat ??= new Intl.DateTimeFormat('en-US', {
    timeZone: SERVER_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const parts = zurichDayFormat.formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  return isoDate(part('year'), part('month'), part('day'));
}

/**
 * The calendar days a server-side window covers, read back in Zurich time (the server stores
 * `2024-05-02T22:00:00.000Z .. 2024-06-02T21:59:59.999Z` for 2024-05-03..2024-06-02). Undefined when
 * either bound is missing or not an instant.
 */
export function dateRangeFromWindow(
  window: { readonly start?: string; readonly end?: string } | undefined,
): DateRange | undefined {
  const start = window?.start ? new Date(window.start) : undefined;
  const end = window?.end ? new Date(window.end) : undefined;
  if (!start || !end || Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()))
    return undefined;
  return { start: todayInZurich(start), end: todayInZurich(end) };
}

export type ParsedDate =
  { readonly ok: true; readonly date: string } | { readonly ok: false; readonly message: string };

/**
 * Reads a day typed by a person. Accepted: `YYYY-MM-DD`, also with `/` as separator (`2024/05/03`),
 * one-digit month or day (`2024-5-3`) and surrounding whitespace; the result is always canonical
 * `YYYY-MM-DD`. Everything else (other orders such as 03.05.2024, which are ambiguous) is rejected
 * with a message that says how to fix it. Never throws.
 */
export function parseDate(input: string): ParsedDate {
  const text = typeof input === 'string' ? input.trim() : '';
  if (text === '') return { ok: false, message: `${l10n.t('Enter a date.')} ${formatHint()}` };
  const m = /^([0-9]{4})([-/])([0-9]{1,2})\2([0-9]{1,2})$/.exec(text);
  if (!m) return { ok: false, message: formatHint() };
  const year = Number(m[1]);
  const month = Number(m[3]);
  const day = Number(m[4]);
  if (year < MIN_YEAR || year > MAX_YEAR) {
    // Years as typed, never grouped ("2,000").
    return {
      ok: false,
      message: l10n.t(
        'Choose a year from {0} to {1}; {2} is out of range.',
        String(MIN_YEAR),
        String(MAX_YEAR),
        m[1],
      ),
    };
  }
  if (month < 1 || month > 12)
    return {
      ok: false,
      message: l10n.t('There is no month {0}. Use 01 to 12 for the month.', m[3]),
    };
  const dim = daysInMonth(year, month);
  if (day < 1 || day > dim) {
    return {
      ok: false,
      message: l10n.t({
        message: '{0} has {1} days; use a day from 01 to {1}.',
        args: [monthOfYear(year, month), dim],
        comment: ['{0} is a month and year, e.g. "February 2024"'],
      }),
    };
  }
  return { ok: true, date: isoDate(year, month, day) };
}

export interface RangeLimits {
  /** Today in Zurich (`todayInZurich`): the last day that may be ordered. */
  readonly today: string;
  /** Longest allowed range in days, ends included (365; 14 for detailed interactions). */
  readonly maxDays: number;
  /** What is being exported, as a person reads it ("Detailed user interactions"). */
  readonly kindLabel: string;
}

/**
 * Undefined when the server will accept `range` for this export kind, else one message a person
 * understands, for the first problem found. Never throws, even for malformed input.
 */
export function validateRange(range: DateRange, limits: RangeLimits): string | undefined {
  const start = parseDate(range.start);
  if (!start.ok)
    return l10n.t({
      message: 'Start date: {0}',
      args: [start.message],
      comment: ['{0} says what is wrong with the date'],
    });
  const end = parseDate(range.end);
  if (!end.ok)
    return l10n.t({
      message: 'End date: {0}',
      args: [end.message],
      comment: ['{0} says what is wrong with the date'],
    });
  if (start.date > end.date) {
    return l10n.t(
      'The start date {0} is after the end date {1}. Swap them or choose another start.',
      start.date,
      end.date,
    );
  }
  const today = parseDate(limits.today);
  if (today.ok && end.date > today.date) {
    return l10n.t(
      'The end date {0} is in the future. The latest possible end date is today, {1} ({2}).',
      end.date,
      today.date,
      SERVER_TIME_ZONE,
    );
  }
  const days = dayNumber(end.date) - dayNumber(start.date) + 1;
  if (Number.isFinite(limits.maxDays) && days > limits.maxDays) {
    return limits.maxDays === 1
      ? l10n.t({
          message:
            '{0} can cover at most 1 day per export; you chose {1}. Split it into several exports.',
          args: [limits.kindLabel, count(days)],
          comment: ['{0} is an export kind, e.g. "Chat interactions"; {1} a number of days'],
        })
      : l10n.t({
          message:
            '{0} can cover at most {1} days per export; you chose {2}. Split it into several exports.',
          args: [limits.kindLabel, count(limits.maxDays), count(days)],
          comment: ['{0} is an export kind, e.g. "Chat interactions"; {1} and {2} numbers of days'],
        });
  }
  return undefined;
}

/** Days in `range`, both ends included (2024-05-03..2024-05-03 is 1). Throws RangeError if malformed. */
export function rangeDays(range: DateRange): number {
  return dayNumber(strictDate(range.end)) - dayNumber(strictDate(range.start)) + 1;
}

/** `date` moved by `days` calendar days (negative: back). Throws RangeError if `date` is malformed. */
export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(strictDate(date)) + days);
}

/**
 * A range for people: "3 May – 2 Jun 2024", "3 – 9 May 2024", "3 May 2024" (ICU compacts shared parts).
 * `locale` is a BCP 47 tag such as vscode.env.language; unknown tags fall back to en-GB. Malformed
 * ranges are shown as they are, never thrown: this runs while rendering.
 */
export function formatRange(range: DateRange, locale = 'en-GB'): string {
  const start = parseDate(range.start);
  const end = parseDate(range.end);
  if (!start.ok || !end.ok) return `${range.start} – ${range.end}`;
  // ICU's range formatting costs ~16 µs, the largest part of a tree row; the same ranges recur (presets).
  const key = `${locale}\u0000${start.date}\u0000${end.date}`;
  const known = rangeTexts.get(key);
  if (known !== undefined) return known;
  const format = dateTimeFormat(locale, RANGE_FORMAT);
  const a = new Date(dayNumber(start.date) * MS_PER_DAY);
  const b = new Date(dayNumber(end.date) * MS_PER_DAY);
  const text = a <= b ? format.formatRange(a, b) : `${format.format(a)} – ${format.format(b)}`;
  remember(rangeTexts, key, text, RANGE_TEXT_LIMIT);
  return text;
}

const RANGE_TEXT_LIMIT = 512;
// A cache of pure results, not state: the text is the same with or without it.
const rangeTexts = new Map<string, string>();

/** `map.set(key, value)`, first dropping the oldest entry when the map holds `limit` already. */
function remember<V>(map: Map<string, V>, key: string, value: V, limit: number): void {
  if (map.size >= limit) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
  map.set(key, value);
}

const RANGE_FORMAT: Intl.DateTimeFormatOptions = {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
};

// ---- Cached Intl formatters ------------------------------------------------------------------------

/** Per options object: enough for every (locale, zone) a session uses, bounded so odd input cannot grow it. */
const FORMAT_CACHE_LIMIT = 32;
// A cache of immutable formatters, not state: results are the same with or without it.
const formatCache = new WeakMap<Intl.DateTimeFormatOptions, Map<string, Intl.DateTimeFormat>>();

/**
 * An `Intl.DateTimeFormat` for `locale`, `options` and (when given, overriding `options.timeZone`)
 * `timeZone`, built once and then reused: constructing one costs about 0.1 ms (ICU loads locale and zone
 * data), formatting with it a few microseconds, and the order tree formats several dates per row. Cached
 * per `options` object, so pass a module constant, not a fresh literal. A malformed or unsupported
 * `locale` falls back to en-GB (cached under the requested tag). Throws RangeError only when the options
 * or the zone are invalid; that is not cached.
 */
export function dateTimeFormat(
  locale: string,
  options: Intl.DateTimeFormatOptions,
  timeZone?: string,
): Intl.DateTimeFormat {
  let forOptions = formatCache.get(options);
  if (!forOptions) {
    forOptions = new Map();
    formatCache.set(options, forOptions);
  }
  const key = timeZone === undefined ? locale : `${locale}\u0000${timeZone}`;
  const hit = forOptions.get(key);
  if (hit) return hit;
  const effective = timeZone === undefined ? options : { ...options, timeZone };
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(locale, effective);
  } catch {
    format = new Intl.DateTimeFormat('en-GB', effective);
  }
  remember(forOptions, key, format, FORMAT_CACHE_LIMIT);
  return format;
}

// ---- Presets -------------------------------------------------------------------------------------

/**
 * Quick choices in the export wizard. "Last N days" are the N full days ending YESTERDAY: today is
 * still running in Zurich, so a range ending today gives a partial last day and numbers that change
 * when re-run. "Month to date" is the exception by name: the 1st of this month through today (on the
 * 1st, just today). "Last full month/quarter" are the complete calendar month/quarter before today's.
 */
export const PRESETS = [
  {
    id: 'yesterday',
    get label(): string {
      return l10n.t('Yesterday');
    },
  },
  {
    id: 'last7Days',
    get label(): string {
      return l10n.t('Last 7 days');
    },
  },
  {
    id: 'last30Days',
    get label(): string {
      return l10n.t('Last 30 days');
    },
  },
  {
    id: 'lastFullMonth',
    get label(): string {
      return l10n.t('Last full month');
    },
  },
  {
    id: 'monthToDate',
    get label(): string {
      return l10n.t('Month to date');
    },
  },
  {
    id: 'lastFullQuarter',
    get label(): string {
      return l10n.t('Last full quarter');
    },
  },
  {
    id: 'custom',
    get label(): string {
      return l10n.t('Custom range…');
    },
  },
] as const;
export type PresetId = (typeof PRESETS)[number]['id'];

/** The range preset `id` means on `today` (Zurich), or undefined for `custom`. Throws if `today` is malformed. */
export function presetRange(id: PresetId, today: string): DateRange | undefined {
  const t = strictDate(today);
  const year = Number(t.slice(0, 4));
  const month = Number(t.slice(5, 7));
  switch (id) {
    case 'yesterday':
      return { start: addDays(t, -1), end: addDays(t, -1) };
    case 'last7Days':
      return { start: addDays(t, -7), end: addDays(t, -1) };
    case 'last30Days':
      return { start: addDays(t, -30), end: addDays(t, -1) };
    case 'lastFullMonth': {
      const [y, m] = month === 1 ? [year - 1, 12] : [year, month - 1];
      return { start: isoDate(y, m, 1), end: isoDate(y, m, daysInMonth(y, m)) };
    }
    case 'monthToDate':
      return { start: isoDate(year, month, 1), end: t };
    case 'lastFullQuarter': {
      const thisQuarterFirstMonth = month - ((month - 1) % 3);
      const [y, first] =
        thisQuarterFirstMonth === 1 ? [year - 1, 10] : [year, thisQuarterFirstMonth - 3];
      return { start: isoDate(y, first, 1), end: isoDate(y, first + 2, daysInMonth(y, first + 2)) };
    }
    case 'custom':
      return undefined;
    default:
      return assertNever(id, 'preset');
  }
}

export interface PresetOption {
  readonly id: PresetId;
  readonly label: string;
  /** Undefined only for `custom`. */
  readonly range?: DateRange;
  /** Set when the preset is longer than this export kind allows; show it and don't offer the pick. */
  readonly disabledReason?: string;
}

/** Every preset for an export kind allowing `maxDays`, on `today` (Zurich), in display order. */
export function presetsFor(maxDays: number, today: string): PresetOption[] {
  return PRESETS.map(({ id, label }): PresetOption => {
    const range = presetRange(id, today);
    if (!range) return { id, label };
    const days = rangeDays(range);
    if (days <= maxDays) return { id, label, range };
    return {
      id,
      label,
      range,
      disabledReason:
        maxDays === 1
          ? l10n.t('Covers {0} days; this export allows at most 1 day.', count(days))
          : l10n.t(
              'Covers {0} days; this export allows at most {1} days.',
              count(days),
              count(maxDays),
            ),
    };
  });
}

// ---- Day arithmetic: whole days as UTC day numbers, so DST never shifts a date -----------------------

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `date` must be canonical (from parseDate). */
function dayNumber(date: string): number {
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) /
    MS_PER_DAY
  );
}

function fromDayNumber(n: number): string {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

function strictDate(date: string): string {
  const parsed = parseDate(date);
  if (!parsed.ok)
    throw new RangeError(
      `Not a date: ${JSON.stringify(String(date).slice(0, 40))}. ${parsed.message}`,
    );
  return parsed.date;
}

/** A count of days as people read it in the display language ("1,096" in English). */
function count(n: number): string {
  return n.toLocaleString(displayLocale());
}

const MONTH_OF_YEAR: Intl.DateTimeFormatOptions = {
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
};

/** "February 2024" in the display language. */
function monthOfYear(year: number, month: number): string {
  return dateTimeFormat(displayLocale(), MONTH_OF_YEAR).format(
    new Date(Date.UTC(year, month - 1, 1)),
  );
}
