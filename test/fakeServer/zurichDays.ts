// Turns `startDate`/`endDate` query values into Europe/Zurich whole-day bounds, as the real server
// stores them (start of the first day .. last millisecond of the last day). Intl only, no tz library.

const ZONE = 'Europe/Zurich';
const DAY_MS = 86_400_000;

const partsFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function zurichParts(instant: number): {
  y: number;
  m: number;
  d: number;
  h: number;
  min: number;
  s: number;
} {
  const p: Record<string, number> = {};
  for (const part of partsFormat.formatToParts(new Date(instant))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return { y: p.year, m: p.month, d: p.day, h: p.hour, min: p.minute, s: p.second };
}

/** Zurich's offset from UTC at `instant`, in ms (+3600000 in winter, +7200000 in summer). */
export function zurichOffsetMs(instant: number): number {
  const p = zurichParts(instant);
  const asUtc = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s);
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

/** The instant of 00:00 in Zurich on the given calendar day (UTC fields of `dayUtc`). */
function zurichMidnight(dayUtc: number): number {
  // Midnight never falls into a DST gap in Zurich (switches happen at 02:00/03:00), so two rounds settle.
  let guess = dayUtc - zurichOffsetMs(dayUtc);
  guess = dayUtc - zurichOffsetMs(guess);
  return guess;
}

/** `YYYY-MM-DD` of `instant` in Zurich. */
export function zurichToday(instant: number): string {
  const p = zurichParts(instant);
  return `${p.y}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

/** Parses a strict `YYYY-MM-DD` calendar day to its UTC midnight, or undefined when invalid. */
export function parseDay(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d
    ? t
    : undefined;
}

export interface DayBounds {
  startDate: string;
  endDate: string;
  /** Calendar days covered, both ends included. */
  days: number;
}

export type BoundsResult = { ok: true; bounds: DayBounds } | { ok: false; message: string };

/**
 * Validates the query's days and widens them to Zurich bounds. A missing day takes the other's value;
 * both missing means today in Zurich. `maxDays` counts both ends.
 */
export function zurichBounds(
  startText: string | undefined,
  endText: string | undefined,
  now: number,
  maxDays: number,
): BoundsResult {
  const today = zurichToday(now);
  const startRaw = startText ?? endText ?? today;
  const endRaw = endText ?? startText ?? today;
  const start = parseDay(startRaw);
  if (start === undefined)
    return {
      ok: false,
      message: `startDate must be a calendar day as YYYY-MM-DD (got "${startRaw}").`,
    };
  const end = parseDay(endRaw);
  if (end === undefined)
    return {
      ok: false,
      message: `endDate must be a calendar day as YYYY-MM-DD (got "${endRaw}").`,
    };
  if (end < start)
    return {
      ok: false,
      message: `endDate (${endRaw}) must not be before startDate (${startRaw}).`,
    };
  const days = Math.round((end - start) / DAY_MS) + 1;
  if (days > maxDays) {
    return {
      ok: false,
      message: `The date range covers ${days} days; this export allows at most ${maxDays} days per order.`,
    };
  }
  const first = zurichMidnight(start);
  const afterLast = zurichMidnight(end + DAY_MS);
  return {
    ok: true,
    bounds: {
      startDate: new Date(first).toISOString(),
      endDate: new Date(afterLast - 1).toISOString(),
      days,
    },
  };
}
