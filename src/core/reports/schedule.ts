// When a saved report is due (issue "Long ranges", schedules): daily, weekly on a weekday, or monthly on a day
// of the month, in Zurich calendar days. A report missed while VS Code was closed runs once at the next start
// (the latest scheduled day), not once per missed period, unless the person asked to catch up. Pure: the
// caller gives today's Zurich day and the day of the last run.

import { addDays } from '../dateRange';

export type Schedule =
  | { readonly every: 'day' }
  /** 1 = Monday … 7 = Sunday (ISO). */
  | { readonly every: 'week'; readonly weekday: number }
  /** 1-28: every month has those days. */
  | { readonly every: 'month'; readonly day: number };

const MS_PER_DAY = 86_400_000;

function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** Whether `date` is a scheduled day. */
export function isScheduledDay(schedule: Schedule, date: string): boolean {
  switch (schedule.every) {
    case 'day':
      return true;
    case 'week':
      return isoWeekday(date) === schedule.weekday;
    case 'month':
      return Number(date.slice(8, 10)) === schedule.day;
  }
}

/** The latest scheduled day on or before `today`, within the last 62 days (always found for these schedules). */
export function latestScheduledDay(schedule: Schedule, today: string): string {
  for (let back = 0; back <= 62; back++) {
    const d = addDays(today, -back);
    if (isScheduledDay(schedule, d)) return d;
  }
  throw new RangeError('no scheduled day in the last 62 days');
}

/**
 * The scheduled days to run now: none when the last run covered the latest scheduled day; else that day alone,
 * or with `catchUp` every scheduled day after the last run (at most `maxCatchUp`, oldest first). A report that
 * never ran runs for the latest scheduled day.
 */
export function dueRuns(
  schedule: Schedule,
  today: string,
  lastRunDay: string | undefined,
  options: { readonly catchUp?: boolean; readonly maxCatchUp?: number } = {},
): string[] {
  const latest = latestScheduledDay(schedule, today);
  if (lastRunDay !== undefined && lastRunDay >= latest) return [];
  if (!options.catchUp || lastRunDay === undefined) return [latest];
  const days: string[] = [];
  const span = Math.round(
    (Date.parse(`${latest}T00:00:00Z`) - Date.parse(`${lastRunDay}T00:00:00Z`)) / MS_PER_DAY,
  );
  for (let i = 1; i <= span; i++) {
    const d = addDays(lastRunDay, i);
    if (isScheduledDay(schedule, d)) days.push(d);
  }
  return days.slice(-(options.maxCatchUp ?? 12));
}
