// The charts' words and numbers in the display language: Vega formats axis dates ("%b %d") and numbers (",")
// with d3's English locale unless its config carries another. This builds that locale, and the date patterns
// in the language's own order ("Dec 07" / "07. Dez." / "07 déc."), from Intl, so no language needs a table
// of its own. English keeps the patterns the charts always had.
import type { Config } from 'vega-lite';
import { canonicalLocale } from '../shared/l10n';

type VegaLocale = NonNullable<Config['locale']>;

const ENGLISH = {
  dayAxis: '%b %d',
  monthAxis: '%b %Y',
  dayTooltip: '%a %b %d, %Y',
};

let current = 'en';
const FULL_DATE: Intl.DateTimeFormatOptions = { day: '2-digit', month: 'short', year: 'numeric' };

/** Sets the language the next charts speak (a BCP 47 tag; an unknown one falls back to English). */
export function setChartLocale(locale: string): void {
  current = canonicalLocale(locale) ?? 'en';
}

const isEnglish = (): boolean => /^en\b/i.test(current);

/** The d3 time-format pattern that writes a date as Intl writes it with `options` in the current language. */
function pattern(options: Intl.DateTimeFormatOptions): string {
  const parts = new Intl.DateTimeFormat(current, { ...options, timeZone: 'UTC' }).formatToParts(
    Date.UTC(2024, 11, 7),
  );
  return parts
    .map((p) => {
      switch (p.type) {
        case 'day':
          return options.day === 'numeric' ? '%-d' : '%d';
        case 'month':
          return options.month === 'long' ? '%B' : options.month === 'short' ? '%b' : '%m';
        case 'year':
          return '%Y';
        case 'weekday':
          return options.weekday === 'long' ? '%A' : '%a';
        default:
          return p.value.replace(/%/g, '%%');
      }
    })
    .join('');
}

/** Month labels of an axis of days ("Dec 07"), of months ("Dec 2024"), and a day in a tooltip. */
export function dayAxisFormat(): string {
  return isEnglish() ? ENGLISH.dayAxis : pattern({ day: '2-digit', month: 'short' });
}
export function monthAxisFormat(): string {
  return isEnglish() ? ENGLISH.monthAxis : pattern({ month: 'short', year: 'numeric' });
}
export function dayTooltipFormat(): string {
  return isEnglish()
    ? ENGLISH.dayTooltip
    : pattern({ weekday: 'short', day: '2-digit', month: 'short', year: 'numeric' });
}

/** A part of Intl's output for `date` with `options` (the month as it reads inside a date, e.g. "Dez."). */
function partOf(
  date: number,
  options: Intl.DateTimeFormatOptions,
  type: Intl.DateTimeFormatPartTypes,
): string {
  return (
    new Intl.DateTimeFormat(current, { ...options, timeZone: 'UTC' })
      .formatToParts(date)
      .find((p) => p.type === type)?.value ?? ''
  );
}

/** Vega's `config.locale` for the current language: undefined in English (d3's own). */
export function vegaLocale(): VegaLocale | undefined {
  if (isEnglish()) return undefined;
  const months = Array.from({ length: 12 }, (_, m) => Date.UTC(2024, m, 15));
  // 7 January 2024 was a Sunday: d3 lists days from Sunday.
  const days = Array.from({ length: 7 }, (_, d) => Date.UTC(2024, 0, 7 + d));
  const numberParts = new Intl.NumberFormat(current).formatToParts(1234567.5);
  const time = {
    dateTime: pattern({ day: '2-digit', month: 'short', year: 'numeric' }),
    date: pattern({ day: '2-digit', month: '2-digit', year: 'numeric' }),
    time: '%H:%M:%S',
    periods: ['AM', 'PM'] as [string, string],
    // Names as they read inside a date ("Sa." in German, where the weekday alone is "Sa").
    days: days.map((d) => partOf(d, { weekday: 'long', ...FULL_DATE }, 'weekday')),
    shortDays: days.map((d) => partOf(d, { weekday: 'short', ...FULL_DATE }, 'weekday')),
    months: months.map((d) => partOf(d, { day: 'numeric', month: 'long' }, 'month')),
    shortMonths: months.map((d) => partOf(d, { day: 'numeric', month: 'short' }, 'month')),
  };
  const number = {
    decimal: numberParts.find((p) => p.type === 'decimal')?.value ?? '.',
    thousands: numberParts.find((p) => p.type === 'group')?.value ?? ',',
    grouping: [3],
    currency: ['', ''] as [string, string],
  };
  return { time, number } as VegaLocale;
}
