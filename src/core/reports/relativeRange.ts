// The period a saved report covers, relative to the day it runs (issue "Long ranges", saved reports): a small
// closed set of shapes a person can type in settings.json, turned into Zurich calendar days on a given day.
// Pure day arithmetic on `YYYY-MM-DD`; it never reads the clock (the caller passes today, or the scheduled
// day) and never yields a day after that day.

import * as l10n from '@vscode/l10n';
import { addDays, rangeDays, type DateRange } from '../dateRange';
import { assertNever } from '../errors';

/** The calendar units a report can cover: ISO weeks (Monday to Sunday), months, quarters, years. */
export const RANGE_UNITS = ['week', 'month', 'quarter', 'year'] as const;
export type RangeUnit = (typeof RANGE_UNITS)[number];

/** The longest `lastDays`: ten years; a long range is placed as several orders (the planner splits it). */
export const MAX_LAST_DAYS = 3660;

/**
 * What settings.json holds, one of:
 * - `"yesterday"`: the day before today;
 * - `{ "last": "month" }`: the last complete week, month, quarter or year before today's;
 * - `{ "toDate": "month" }`: the current week, month, quarter or year from its first day through today;
 * - `{ "lastDays": 7 }`: the 7 full days ending yesterday (today is still running in Zurich).
 */
export type RelativeRange =
  | 'yesterday'
  | { readonly last: RangeUnit }
  | { readonly toDate: RangeUnit }
  | { readonly lastDays: number };

/** The shapes as a person types them, for messages that say what to write instead. */
export function rangeShapes(): string {
  return l10n.t({
    message: '{0}, {1}, {2} or {3}',
    args: [
      '"yesterday"',
      '{ "last": "week" | "month" | "quarter" | "year" }',
      '{ "toDate": "week" | "month" | "quarter" | "year" }',
      `{ "lastDays": ${wholeNumbers(1, MAX_LAST_DAYS)} }`,
    ],
    comment: ['values a setting may have, to choose from'],
  });
}

/** "1 to 7": whole numbers from `min` to `max`, inside a settings value shown as an example. */
export function wholeNumbers(min: number, max: number): string {
  return l10n.t({
    message: '{0} to {1}',
    args: [min, max],
    comment: ['whole numbers from {0} to {1}, e.g. "1 to 7"'],
  });
}

/**
 * The concrete days `range` means on `today` (a Zurich day; for a scheduled run, the scheduled day). Never
 * ends after `today`. Throws RangeError when `today` is not a date or `lastDays` is out of bounds.
 */
export function resolveRange(range: RelativeRange, today: string): DateRange {
  const t = addDays(today, 0); // validates and canonicalises
  if (range === 'yesterday') return { start: addDays(t, -1), end: addDays(t, -1) };
  if ('lastDays' in range) {
    const n = range.lastDays;
    if (!Number.isInteger(n) || n < 1 || n > MAX_LAST_DAYS)
      throw new RangeError(`lastDays must be a whole number from 1 to ${MAX_LAST_DAYS}`);
    return { start: addDays(t, -n), end: addDays(t, -1) };
  }
  if ('toDate' in range) return { start: unitStart(range.toDate, t), end: t };
  // The last complete unit ends the day before the current one starts.
  const end = addDays(unitStart(range.last, t), -1);
  return { start: unitStart(range.last, end), end };
}

/**
 * The period as file-name text (for canonical days: only digits, `-`, `Q`, `W` and `..`): `2026-11` for a month, `2026-Q3`,
 * `2026`, `2026-W48` (ISO week-numbering year), `2026-11-30` for one day, else `2026-11-01..2026-11-07`.
 * With `relative`, a report keeps one kind of label from run to run: `{ last: unit }` is labelled by its
 * unit; `lastDays` and `toDate` always by their days, even when they happen to cover a whole month.
 * Without it, the label is read from the days alone.
 */
export function periodLabel(range: DateRange, relative?: RelativeRange): string {
  const units: readonly RangeUnit[] =
    relative === undefined
      ? ['year', 'quarter', 'month', 'week']
      : typeof relative === 'object' && 'last' in relative
        ? [relative.last]
        : [];
  const unit = units.find((u) => isWholeUnit(range, u));
  if (unit) return unitLabel(unit, range.start);
  return range.start === range.end ? range.start : `${range.start}..${range.end}`;
}

/**
 * The relative range that best repeats `range` (for "Save as report" from a finished order). A range ending
 * `today` that starts where a month, quarter, year or week starts is that unit "to date" (checked first: the
 * "last" shapes never reach today); a whole year, quarter, month or ISO week is "the last" one; one day is
 * "yesterday"; anything else is the last N days, N being its length (capped at MAX_LAST_DAYS).
 */
export function relativeRangeFor(range: DateRange, today: string): RelativeRange {
  if (range.end === today) {
    for (const unit of ['month', 'quarter', 'year', 'week'] as const) {
      if (unitStart(unit, today) === range.start) return { toDate: unit };
    }
  }
  for (const unit of ['year', 'quarter', 'month', 'week'] as const) {
    if (isWholeUnit(range, unit)) return { last: unit };
  }
  const days = Math.min(Math.max(rangeDays(range), 1), MAX_LAST_DAYS);
  return days === 1 ? 'yesterday' : { lastDays: days };
}

/** "last full month", "month to date", "last 7 days", "yesterday". */
export function describeRange(range: RelativeRange): string {
  if (range === 'yesterday')
    return l10n.t({ message: 'yesterday', comment: ['the period a saved report covers'] });
  if ('lastDays' in range)
    return range.lastDays === 1
      ? l10n.t({ message: 'last 1 day', comment: ['the period a saved report covers'] })
      : l10n.t({
          message: 'last {0} days',
          args: [range.lastDays],
          comment: ['the period a saved report covers'],
        });
  if ('toDate' in range) {
    switch (range.toDate) {
      case 'week':
        return l10n.t({ message: 'week to date', comment: ['the period a saved report covers'] });
      case 'month':
        return l10n.t({ message: 'month to date', comment: ['the period a saved report covers'] });
      case 'quarter':
        return l10n.t({
          message: 'quarter to date',
          comment: ['the period a saved report covers'],
        });
      case 'year':
        return l10n.t({ message: 'year to date', comment: ['the period a saved report covers'] });
      default:
        return assertNever(range.toDate, 'range unit');
    }
  }
  switch (range.last) {
    case 'week':
      return l10n.t({ message: 'last full week', comment: ['the period a saved report covers'] });
    case 'month':
      return l10n.t({ message: 'last full month', comment: ['the period a saved report covers'] });
    case 'quarter':
      return l10n.t({
        message: 'last full quarter',
        comment: ['the period a saved report covers'],
      });
    case 'year':
      return l10n.t({ message: 'last full year', comment: ['the period a saved report covers'] });
    default:
      return assertNever(range.last, 'range unit');
  }
}

// ---- Calendar units -------------------------------------------------------------------------------

/** The first day of the unit containing `date` (a canonical day). */
function unitStart(unit: RangeUnit, date: string): string {
  const { year, month } = ymd(date);
  switch (unit) {
    case 'week':
      return shift(date, 1 - isoWeekday(date));
    case 'month':
      return isoDate(year, month, 1);
    case 'quarter':
      return isoDate(year, month - ((month - 1) % 3), 1);
    case 'year':
      return isoDate(year, 1, 1);
    default:
      return assertNever(unit, 'range unit');
  }
}

/** True when `range` is exactly one whole unit: it starts where the unit starts and ends the day before the next. */
function isWholeUnit(range: DateRange, unit: RangeUnit): boolean {
  if (!isDay(range.start) || !isDay(range.end) || unitStart(unit, range.start) !== range.start)
    return false;
  const { year, month } = ymd(range.start);
  const next =
    unit === 'week'
      ? shift(range.start, 7)
      : unit === 'year'
        ? isoDate(year + 1, 1, 1)
        : firstOfMonthAfter(year, month, unit === 'quarter' ? 3 : 1);
  return shift(next, -1) === range.end;
}

function unitLabel(unit: RangeUnit, start: string): string {
  const { year, month } = ymd(start);
  switch (unit) {
    case 'week': {
      // ISO 8601: a week belongs to the year of its Thursday, and week 1 holds the year's first Thursday.
      const thursday = shift(start, 3);
      const weekYear = ymd(thursday).year;
      const dayOfYear = dayNumber(thursday) - dayNumber(isoDate(weekYear, 1, 1)) + 1;
      return `${weekYear}-W${String(Math.ceil(dayOfYear / 7)).padStart(2, '0')}`;
    }
    case 'month':
      return start.slice(0, 7);
    case 'quarter':
      return `${year}-Q${Math.ceil(month / 3)}`;
    case 'year':
      return String(year);
    default:
      return assertNever(unit, 'range unit');
  }
}

function firstOfMonthAfter(year: number, month: number, months: number): string {
  const index = year * 12 + (month - 1) + months;
  return isoDate(Math.floor(index / 12), (index % 12) + 1, 1);
}

/** 1 = Monday … 7 = Sunday. */
function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** A canonical, real day (`2026-02-30` is not one); any year, so labels never throw while rendering. */
function isDay(text: unknown): text is string {
  return typeof text === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(text) && shift(text, 0) === text;
}

// Day numbers since 1970 in UTC, as dateRange.ts counts them; unlike addDays, these accept any year.
const MS_PER_DAY = 86_400_000;

function dayNumber(date: string): number {
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) /
    MS_PER_DAY
  );
}

function shift(date: string, days: number): string {
  return new Date((dayNumber(date) + days) * MS_PER_DAY).toISOString().slice(0, 10);
}

function ymd(date: string): { year: number; month: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)) };
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
