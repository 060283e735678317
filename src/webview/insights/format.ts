// Words and numbers of the Insights page: pure, no DOM. Every figure was computed by the host; this only writes it
// in the page's language: words through l10n.t, numbers and dates with Intl in the locale the caller passes (the
// display language the page carries, ../shared/l10n.ts).
import * as l10n from '@vscode/l10n';
import type { CellValue, DataColumn, InsightsReport } from '../../shared/insightsMessages';
import { formatBytes } from '../shared/bytes';

export { formatBytes };

/** "12,345", "0.35", in the locale's digits and separators. */
export function formatNumber(n: number, locale?: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(n);
}

/**
 * A "YYYY-MM-DD" day as the locale writes it ("Jun 7, 2025"); read and written in UTC, so it is the day the
 * host wrote whatever the machine's time zone. Anything else is returned as it is.
 */
export function formatDay(day: string, locale?: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return day;
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/** "Jun 2, 2025 – Jun 30, 2025 (29 days)". */
export function windowText(w: NonNullable<InsightsReport['window']>, locale?: string): string {
  const first = formatDay(w.first, locale);
  const last = formatDay(w.last, locale);
  return w.days === 1
    ? l10n.t({
        message: '{0} – {1} (1 day)',
        args: [first, last],
        comment: ['first day – last day of a period'],
      })
    : l10n.t({
        message: '{0} – {1} ({2} days)',
        args: [first, last, formatNumber(w.days, locale)],
        comment: ['first day – last day of a period, and how many days it has'],
      });
}

/** A table cell as text: numbers in the locale, days as written (ISO sorts and reads the same everywhere). */
export function cellText(value: CellValue, type: DataColumn['type'], locale?: string): string {
  if (value === null) return '';
  if (typeof value === 'number' && type === 'number') return formatNumber(value, locale);
  return String(value);
}

export type Direction = 'up' | 'down' | 'same';

export interface Change {
  readonly direction: Direction;
  /** The size of the change without its sign (the arrow and the words "up"/"down" carry it): "12.5%", "new". */
  readonly text: string;
}

/** The change from `previous` to `current` in percent of `previous`; "new" when there was nothing before. */
export function change(previous: number, current: number, locale?: string): Change {
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  if (current === previous) return { direction: 'same', text: percent.format(0) };
  const direction: Direction = current > previous ? 'up' : 'down';
  if (previous === 0)
    return {
      direction,
      text: l10n.t({ message: 'new', comment: ['a change from nothing in the previous period'] }),
    };
  return { direction, text: percent.format(Math.abs(current - previous) / Math.abs(previous)) };
}
