// Words and numbers of the Insights page: pure, no DOM. Every figure was computed by the host; this only writes it
// in the page's language (the caller passes the locale: `document.documentElement.lang`, else the browser's).
import type { CellValue, DataColumn, InsightsReport } from '../../shared/insightsMessages';

/** "12,345", "0.35", in the locale's digits and separators. */
export function formatNumber(n: number, locale?: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(n);
}

/** "412 MB", "1.5 KB", "300 bytes" (units of 1024, like VS Code). */
export function formatBytes(bytes: number, locale?: string): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = Math.max(0, bytes);
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const digits = u === 0 || v >= 100 ? 0 : 1;
  const n = new Intl.NumberFormat(locale, {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(v);
  return `${n} ${units[u]}`;
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
  const days = `${formatNumber(w.days, locale)} ${w.days === 1 ? 'day' : 'days'}`;
  return `${formatDay(w.first, locale)} – ${formatDay(w.last, locale)} (${days})`;
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
  if (current === previous) return { direction: 'same', text: '0%' };
  const direction: Direction = current > previous ? 'up' : 'down';
  if (previous === 0) return { direction, text: 'new' };
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(
    Math.abs(current - previous) / Math.abs(previous),
  );
  return { direction, text: pct };
}
