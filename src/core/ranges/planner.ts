// Any range as allowed orders (issue "Long ranges"): the planner cuts a range of Zurich calendar days into
// windows of at most the kind's limit (365 days; 14 for detailed interactions), back to back, with no gap and
// no overlap, in time order. Days are `YYYY-MM-DD` calendar days (the server widens them to whole Zurich days),
// so summer-time changes, leap days and month ends need no special case: the arithmetic is on day numbers.
// Also the adjacent period of a range for "Repeat": a calendar month stays a calendar month (or a run of
// whole months stays as many months), anything else moves by its own length.

import * as l10n from '@vscode/l10n';
import { addDays, type DateRange, rangeDays } from '../dateRange';

/** How far apart the orders of one plan are placed (Unique's rule: at most one call per 10 s). */
export const PLACE_EVERY_MS = 10_000;

/** The windows of `range`, each at most `maxDays` long, from its start; one window when it fits. */
export function planWindows(range: DateRange, maxDays: number): DateRange[] {
  if (!Number.isInteger(maxDays) || maxDays < 1)
    throw new RangeError(`maxDays must be a whole number ≥ 1`);
  const days = rangeDays(range);
  if (days < 1) throw new RangeError(`${range.start}..${range.end} ends before it starts`);
  const windows: DateRange[] = [];
  for (let offset = 0; offset < days; offset += maxDays) {
    const start = addDays(range.start, offset);
    const end = addDays(range.start, Math.min(days, offset + maxDays) - 1);
    windows.push({ start, end });
  }
  return windows;
}

/**
 * What a person is told before a split is placed: "3 orders of up to 14 days, placed 10 s apart (20 s in all),
 * then merged into one CSV."
 */
export function describePlan(windows: readonly DateRange[], maxDays: number): string {
  const n = windows.length;
  if (n === 1) return l10n.t('One order.');
  return l10n.t({
    message:
      '{0} orders of up to {1} days, placed {2} s apart ({3} in all), then merged into one CSV.',
    args: [n, maxDays, PLACE_EVERY_MS / 1000, placingTime(n)],
    comment: ['{3} is a duration, e.g. "20 s" or "about 2 min"'],
  });
}

/** How long placing `n` orders takes: "20 s", "about 2 min", "about 1 h 5 min". */
export function placingTime(n: number): string {
  const seconds = ((n - 1) * PLACE_EVERY_MS) / 1000;
  if (seconds < 60) return l10n.t('{0} s', seconds);
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return l10n.t('about {0} min', minutes);
  const hours = Math.floor(minutes / 60);
  return minutes % 60
    ? l10n.t('about {0} h {1} min', hours, minutes % 60)
    : l10n.t('about {0} h', hours);
}

function isFirstOfMonth(date: string): boolean {
  return date.endsWith('-01');
}

function isLastOfMonth(date: string): boolean {
  return isFirstOfMonth(addDays(date, 1));
}

/** Whole calendar months in `range` when it starts on a 1st and ends on a month's last day; else 0. */
export function wholeMonths(range: DateRange): number {
  if (!isFirstOfMonth(range.start) || !isLastOfMonth(range.end)) return 0;
  const [y1, m1] = range.start.split('-').map(Number);
  const [y2, m2] = range.end.split('-').map(Number);
  return (y2 - y1) * 12 + (m2 - m1) + 1;
}

function shiftMonths(date: string, months: number): string {
  const [y, m] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  return `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}-01`;
}

/** The range of the same length right after (`next`) or before (`previous`) `range`. */
export function adjacentRange(range: DateRange, direction: 'next' | 'previous'): DateRange {
  const months = wholeMonths(range);
  if (months > 0) {
    const start = shiftMonths(range.start, direction === 'next' ? months : -months);
    return { start, end: addDays(shiftMonths(start, months), -1) };
  }
  const days = rangeDays(range);
  const by = direction === 'next' ? days : -days;
  return { start: addDays(range.start, by), end: addDays(range.end, by) };
}
