// Europe/Zurich calendar days and hours for the insights, without Intl in the hot path: a day is a number (days
// since 1970-01-01 of the local calendar), parsed once per distinct date text by the callers' caches.
// Date-only cells ("2026-03-29", "29.03.2026") are Zurich days already (the server stores local-day bounds);
// timestamps with a zone ("…Z", "+01:00") are moved to Zurich time by the EU summer-time rule (last Sunday of
// March 01:00 UTC to last Sunday of October 01:00 UTC: +2 h, else +1 h), exact since 1996; timestamps without a
// zone are taken as Zurich local time.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Days since 1970-01-01 of a calendar date (proleptic Gregorian, UTC arithmetic). */
export function dayOf(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** "YYYY-MM-DD" of a day number. */
export function dayText(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday. */
export function weekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** The Monday of the day's ISO week. */
export function weekStart(day: number): number {
  return day - weekday(day);
}

/** The first day of the day's calendar month. */
export function monthStart(day: number): number {
  const d = new Date(day * DAY_MS);
  return dayOf(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

function lastSundayUtc(year: number, month: number): number {
  const last = dayOf(year, month + 1, 0);
  return last - ((weekday(last) + 1) % 7);
}

/** Zurich's offset from UTC (ms) at a UTC instant. */
export function zurichOffsetMs(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  const start = lastSundayUtc(year, 3) * DAY_MS + HOUR_MS;
  const end = lastSundayUtc(year, 10) * DAY_MS + HOUR_MS;
  return utcMs >= start && utcMs < end ? 2 * HOUR_MS : HOUR_MS;
}

/** A Zurich local time: its day number and hour (0-23). */
export interface LocalTime {
  readonly day: number;
  readonly hour: number;
}

const DATE_ISO = /^\s*(\d{4})-(\d{2})-(\d{2})/;
const DATE_SWISS = /^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})/;
const TIME = /^[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$/i;

function valid(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  const back = new Date(Date.UTC(y, m - 1, d));
  return back.getUTCMonth() === m - 1 && back.getUTCDate() === d;
}

/**
 * The Zurich local day and hour of a date or timestamp cell; undefined when it is neither. A date without a
 * time has hour -1.
 */
export function parseLocalTime(text: string): LocalTime | undefined {
  let y: number;
  let m: number;
  let d: number;
  let rest: string;
  const iso = DATE_ISO.exec(text);
  if (iso) {
    y = Number(iso[1]);
    m = Number(iso[2]);
    d = Number(iso[3]);
    rest = text.slice(iso[0].length);
  } else {
    const ch = DATE_SWISS.exec(text);
    if (!ch) return undefined;
    d = Number(ch[1]);
    m = Number(ch[2]);
    y = Number(ch[3]);
    rest = text.slice(ch[0].length);
  }
  if (!valid(y, m, d)) return undefined;
  const day = dayOf(y, m, d);
  if (rest.trim() === '') return { day, hour: -1 };
  const t = TIME.exec(rest);
  if (!t) return undefined;
  const hour = Number(t[1]);
  const minute = Number(t[2]);
  const second = Number(t[3] ?? 0);
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const zone = t[4];
  if (!zone) return { day, hour };
  let offsetMs = 0;
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMs = sign * (Number(digits.slice(0, 2)) * HOUR_MS + Number(digits.slice(2)) * 60_000);
  }
  const utc = day * DAY_MS + hour * HOUR_MS + minute * 60_000 + second * 1000 - offsetMs;
  const local = utc + zurichOffsetMs(utc);
  return { day: Math.floor(local / DAY_MS), hour: Math.floor((local % DAY_MS) / HOUR_MS) };
}
