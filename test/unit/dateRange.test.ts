// Unit tests for src/core/dateRange.ts: parsing, validation, Zurich "today", display and presets,
// with table tests for calendar edges and property tests (fast-check) for never-throw and round-trip.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  MAX_YEAR,
  MIN_YEAR,
  PRESETS,
  addDays,
  dateRangeFromWindow,
  formatRange,
  parseDate,
  presetRange,
  presetsFor,
  rangeDays,
  todayInZurich,
  validateRange,
  type DateRange,
  type PresetId,
} from '../../src/core/dateRange';

const FORMAT_HINT = 'Use the form YYYY-MM-DD, e.g. 2024-05-03.';
/** ICU puts thin spaces around the dash; compare with plain spaces. */
const plain = (s: string): string => s.replace(/\s/g, ' ');
const range = (start: string, end: string): DateRange => ({ start, end });
/** Independent oracle: what JavaScript's own UTC calendar says about a canonical date. */
const isRealDate = (d: string): boolean => {
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
};

describe('dateRange', () => {
  describe('todayInZurich', () => {
    const cases: [string, string, string][] = [
      ['2024-06-01T21:59:59.999Z', '2024-06-01', 'summer (UTC+2), 23:59 in Zurich'],
      ['2024-06-01T22:30:00Z', '2024-06-02', 'summer 22:30Z is already tomorrow in Zurich'],
      ['2024-06-01T22:00:00Z', '2024-06-02', 'summer, exactly Zurich midnight'],
      ['2024-01-15T22:30:00Z', '2024-01-15', 'winter (UTC+1), 23:30 in Zurich'],
      ['2024-01-15T23:00:00Z', '2024-01-16', 'winter, exactly Zurich midnight'],
      ['2024-03-30T22:59:59Z', '2024-03-30', 'night before spring-forward, 23:59 CET'],
      ['2024-03-30T23:00:00Z', '2024-03-31', 'spring-forward day starts at 23:00Z (still CET)'],
      ['2024-03-31T21:59:59Z', '2024-03-31', 'spring-forward day ends at 22:00Z (now CEST)'],
      ['2024-03-31T22:00:00Z', '2024-04-01', 'day after spring-forward'],
      ['2024-10-26T22:00:00Z', '2024-10-27', 'fall-back day starts at 22:00Z (CEST)'],
      ['2024-10-27T01:30:00Z', '2024-10-27', 'inside the repeated hour'],
      ['2024-10-27T22:59:59Z', '2024-10-27', 'fall-back day ends at 23:00Z (now CET)'],
      ['2024-10-27T23:00:00Z', '2024-10-28', 'day after fall-back'],
      ['2024-12-31T23:00:00Z', '2025-01-01', 'new year in Zurich before UTC'],
      ['2024-02-29T12:00:00Z', '2024-02-29', 'leap day'],
    ];
    for (const [instant, expected, why] of cases) {
      it(`${instant} -> ${expected} (${why})`, () =>
        assert.equal(todayInZurich(new Date(instant)), expected));
    }
  });

  describe('dateRangeFromWindow', () => {
    it('reads the server window back as the Zurich days that were ordered', () => {
      assert.deepEqual(
        dateRangeFromWindow({ start: '2024-05-02T22:00:00.000Z', end: '2024-06-02T21:59:59.999Z' }),
        range('2024-05-03', '2024-06-02'),
      );
      assert.deepEqual(
        dateRangeFromWindow({ start: '2024-01-01T23:00:00.000Z', end: '2024-01-03T22:59:59.999Z' }),
        range('2024-01-02', '2024-01-03'),
      );
    });
    it('is undefined for a missing or unreadable bound', () => {
      assert.equal(dateRangeFromWindow(undefined), undefined);
      assert.equal(dateRangeFromWindow({ start: '2024-05-02T22:00:00.000Z' }), undefined);
      assert.equal(
        dateRangeFromWindow({ start: 'yesterday', end: '2024-06-02T21:59:59.999Z' }),
        undefined,
      );
    });
  });

  describe('parseDate', () => {
    const accepted: [string, string][] = [
      ['2024-05-03', '2024-05-03'],
      ['  2024-05-03\t', '2024-05-03'],
      ['2024/05/03', '2024-05-03'],
      ['2024-5-3', '2024-05-03'],
      ['2024/12/31', '2024-12-31'],
      ['2024-02-29', '2024-02-29'],
      ['2000-02-29', '2000-02-29'],
      ['2100-12-31', '2100-12-31'],
      ['2000-01-01', '2000-01-01'],
      ['2025-04-30', '2025-04-30'],
    ];
    for (const [input, date] of accepted) {
      it(`accepts ${JSON.stringify(input)} as ${date}`, () =>
        assert.deepEqual(parseDate(input), { ok: true, date }));
    }

    const rejected: [string, string][] = [
      ['', 'Enter a date. ' + FORMAT_HINT],
      ['   ', 'Enter a date. ' + FORMAT_HINT],
      ['03.05.2024', FORMAT_HINT],
      ['05/03/2024', FORMAT_HINT],
      ['2024-05/03', FORMAT_HINT],
      ['20240503', FORMAT_HINT],
      ['2024-05-03T00:00:00Z', FORMAT_HINT],
      ['2024-005-03', FORMAT_HINT],
      ['+2024-05-03', FORMAT_HINT],
      ['2024-05-3x', FORMAT_HINT],
      ['٢٠٢٤-٠٥-٠٣', FORMAT_HINT],
      ['2024-02-30', 'February 2024 has 29 days; use a day from 01 to 29.'],
      ['2023-02-29', 'February 2023 has 28 days; use a day from 01 to 28.'],
      ['2100-02-29', 'February 2100 has 28 days; use a day from 01 to 28.'],
      ['2024-04-31', 'April 2024 has 30 days; use a day from 01 to 30.'],
      ['2024-01-32', 'January 2024 has 31 days; use a day from 01 to 31.'],
      ['2024-01-00', 'January 2024 has 31 days; use a day from 01 to 31.'],
      ['2024-13-01', 'There is no month 13. Use 01 to 12 for the month.'],
      ['2024-00-10', 'There is no month 00. Use 01 to 12 for the month.'],
      ['1999-12-31', `Choose a year from ${MIN_YEAR} to ${MAX_YEAR}; 1999 is out of range.`],
      ['2101-01-01', `Choose a year from ${MIN_YEAR} to ${MAX_YEAR}; 2101 is out of range.`],
      ['0000-01-01', `Choose a year from ${MIN_YEAR} to ${MAX_YEAR}; 0000 is out of range.`],
    ];
    for (const [input, message] of rejected) {
      it(`rejects ${JSON.stringify(input)}`, () =>
        assert.deepEqual(parseDate(input), { ok: false, message }));
    }

    it('never throws on non-strings that slip through untyped callers', () => {
      const values: unknown[] = [undefined, null, 42, {}];
      for (const v of values) {
        const r = parseDate(v as string);
        assert.equal(r.ok, false);
      }
    });

    it('property: never throws, rejections explain, acceptances round-trip (>= 10,000 strings)', () => {
      const digits = (min: number, max: number) => fc.integer({ min, max }).map(String);
      const pad = (n: number, w: number) => String(n).padStart(w, '0');
      const dateLike = fc
        .tuple(
          fc.oneof(
            digits(0, 9999).map((y) => y.padStart(4, '0')),
            digits(1990, 2110),
          ),
          fc.constantFrom('-', '/', '.', ' ', '-'),
          fc.oneof(
            fc.integer({ min: 0, max: 14 }).map((m) => pad(m, 2)),
            digits(0, 99),
          ),
          fc.constantFrom('-', '/', '-'),
          fc.oneof(
            fc.integer({ min: 0, max: 33 }).map((d) => pad(d, 2)),
            digits(0, 999),
          ),
          fc.constantFrom('', ' ', '\t', '\n', 'x', 'Z'),
        )
        .map(
          ([y, s1, m, s2, d, tail]) => `${tail === 'x' ? '' : tail}${y}${s1}${m}${s2}${d}${tail}`,
        );
      // Near-valid typing: sane-ish years, one separator used twice, months/days just around their limits.
      const nearValid = fc
        .tuple(
          fc.constantFrom('', ' ', '\t'),
          fc.integer({ min: 1995, max: 2105 }),
          fc.constantFrom('-', '/'),
          fc.integer({ min: 0, max: 13 }),
          fc.integer({ min: 0, max: 32 }),
          fc.boolean(),
        )
        .map(
          ([ws, y, sep, m, d, padded]) =>
            `${ws}${y}${sep}${padded ? pad(m, 2) : m}${sep}${padded ? pad(d, 2) : d}${ws}`,
        );
      const anything = fc.oneof(
        { weight: 4, arbitrary: nearValid },
        { weight: 3, arbitrary: dateLike },
        { weight: 2, arbitrary: fc.string() },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
        {
          weight: 1,
          arbitrary: fc.string({ unit: fc.constantFrom(...'0123456789-/ '), maxLength: 14 }),
        },
      );
      let accepted = 0;
      fc.assert(
        fc.property(anything, (input) => {
          const r = parseDate(input);
          if (r.ok) {
            accepted++;
            assert.match(r.date, /^\d{4}-\d{2}-\d{2}$/);
            assert.ok(
              isRealDate(r.date),
              `accepted an impossible date ${r.date} from ${JSON.stringify(input)}`,
            );
            assert.deepEqual(parseDate(r.date), r, 'canonical form parses to itself');
            const y = Number(r.date.slice(0, 4));
            assert.ok(y >= MIN_YEAR && y <= MAX_YEAR);
          } else {
            assert.ok(r.message.trim().length > 0, `empty message for ${JSON.stringify(input)}`);
          }
        }),
        { numRuns: 12_000 },
      );
      assert.ok(accepted > 2_000, `generator should produce many valid dates, got ${accepted}`);
    });

    it('property: every real date in range is accepted, in both separators (>= 10,000 dates)', () => {
      const day = fc.integer({
        min: Date.UTC(MIN_YEAR, 0, 1) / 86_400_000,
        max: Date.UTC(MAX_YEAR, 11, 31) / 86_400_000,
      });
      fc.assert(
        fc.property(day, fc.boolean(), (n, slash) => {
          const iso = new Date(n * 86_400_000).toISOString().slice(0, 10);
          const typed = slash ? iso.replace(/-/g, '/') : iso;
          assert.deepEqual(parseDate(typed), { ok: true, date: iso });
        }),
        { numRuns: 10_000 },
      );
    });
  });

  describe('validateRange', () => {
    const general = { today: '2024-06-02', maxDays: 365, kindLabel: 'Chat interactions' };
    const detailed = { today: '2024-06-02', maxDays: 14, kindLabel: 'Detailed user interactions' };

    it('accepts a valid range, including a single day and one ending today', () => {
      assert.equal(validateRange(range('2024-05-03', '2024-06-02'), general), undefined);
      assert.equal(validateRange(range('2024-06-02', '2024-06-02'), general), undefined);
      assert.equal(
        validateRange(range('2024-05-20', '2024-06-02'), detailed),
        undefined,
        '14 days inclusive is allowed',
      );
    });
    it('counts days inclusively at the limit', () => {
      assert.equal(
        validateRange(range('2023-06-04', '2024-06-02'), general),
        undefined,
        '365 days (leap year 2024 inside)',
      );
      assert.equal(
        validateRange(range('2023-06-03', '2024-06-02'), general),
        'Chat interactions can cover at most 365 days per export; you chose 366. Split it into several exports.',
      );
      assert.equal(
        validateRange(range('2024-05-19', '2024-06-02'), detailed),
        'Detailed user interactions can cover at most 14 days per export; you chose 15. Split it into several exports.',
      );
    });
    it('says exactly what the brief asks for a 31-day detailed export', () => {
      assert.equal(
        validateRange(range('2024-05-01', '2024-05-31'), detailed),
        'Detailed user interactions can cover at most 14 days per export; you chose 31. Split it into several exports.',
      );
    });
    it('rejects start after end', () => {
      assert.equal(
        validateRange(range('2024-06-02', '2024-05-03'), general),
        'The start date 2024-06-02 is after the end date 2024-05-03. Swap them or choose another start.',
      );
    });
    it('rejects an end after today in Zurich, and names today', () => {
      assert.equal(
        validateRange(range('2024-06-01', '2024-06-03'), general),
        'The end date 2024-06-03 is in the future. The latest possible end date is today, 2024-06-02 (Europe/Zurich).',
      );
      // 22:30Z in summer is already the next day in Zurich, so that end date becomes valid.
      const today = todayInZurich(new Date('2024-06-02T22:30:00Z'));
      assert.equal(
        validateRange(range('2024-06-01', '2024-06-03'), { ...general, today }),
        undefined,
      );
    });
    it('prefixes malformed bounds with which one is wrong', () => {
      assert.equal(
        validateRange(range('2024-02-30', '2024-03-01'), general),
        'Start date: February 2024 has 29 days; use a day from 01 to 29.',
      );
      assert.equal(validateRange(range('2024-02-01', 'soon'), general), `End date: ${FORMAT_HINT}`);
    });
    it('normalises tolerated input before comparing', () => {
      assert.equal(validateRange(range(' 2024/5/3 ', '2024-05-10'), general), undefined);
    });
    it('uses singular wording for a 1-day limit', () => {
      assert.equal(
        validateRange(range('2024-05-01', '2024-05-02'), {
          today: '2024-06-02',
          maxDays: 1,
          kindLabel: 'X',
        }),
        'X can cover at most 1 day per export; you chose 2. Split it into several exports.',
      );
    });

    it('property: never throws, a rejection always explains, acceptance means really valid (>= 10,000 ranges)', () => {
      const toIso = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);
      const lo = Date.UTC(1998, 0, 1) / 86_400_000;
      const hi = Date.UTC(2102, 11, 31) / 86_400_000;
      const validDay = fc.integer({ min: lo, max: hi }).map(toIso);
      const someDay = fc.oneof(
        { weight: 8, arbitrary: validDay },
        { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
      );
      const limits = fc.record({
        today: fc.oneof(
          { weight: 8, arbitrary: validDay },
          { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
        ),
        maxDays: fc.oneof(
          fc.constantFrom(1, 14, 31, 365),
          fc.integer({ min: -5, max: 2000 }),
          fc.constant(Number.NaN),
        ),
        kindLabel: fc.constantFrom('Chat interactions', 'Detailed user interactions'),
      });
      let accepted = 0;
      fc.assert(
        fc.property(someDay, someDay, limits, (start, end, lim) => {
          const message = validateRange(range(start, end), lim);
          if (message !== undefined) {
            assert.ok(message.trim().length > 0);
            return;
          }
          accepted++;
          const s = parseDate(start);
          const e = parseDate(end);
          assert.ok(s.ok && e.ok, 'accepted bounds parse');
          assert.ok(s.date <= e.date, 'accepted start <= end');
          const t = parseDate(lim.today);
          if (t.ok) assert.ok(e.date <= t.date, 'accepted end <= today');
          const days = rangeDays(range(s.date, e.date));
          assert.ok(days >= 1);
          if (Number.isFinite(lim.maxDays))
            assert.ok(days <= lim.maxDays, 'accepted length <= maxDays');
        }),
        { numRuns: 12_000 },
      );
      assert.ok(accepted > 100, `generator should produce some valid ranges, got ${accepted}`);
    });
  });

  describe('rangeDays and addDays', () => {
    const cases: [string, string, number][] = [
      ['2024-05-03', '2024-05-03', 1],
      ['2024-05-03', '2024-06-02', 31],
      ['2024-02-01', '2024-02-29', 29],
      ['2023-02-01', '2023-02-28', 28],
      ['2024-01-01', '2024-12-31', 366],
      ['2025-01-01', '2025-12-31', 365],
      ['2024-03-31', '2024-03-31', 1], // 23-hour DST day in Zurich is still one day
      ['2024-10-27', '2024-10-27', 1], // 25-hour DST day
      ['2024-03-25', '2024-04-01', 8],
      ['2024-10-21', '2024-10-31', 11],
    ];
    for (const [start, end, days] of cases) {
      it(`${start}..${end} is ${days} day(s)`, () =>
        assert.equal(rangeDays(range(start, end)), days));
    }
    it('addDays crosses month, year, leap day and DST boundaries', () => {
      assert.equal(addDays('2024-02-28', 1), '2024-02-29');
      assert.equal(addDays('2024-02-29', 1), '2024-03-01');
      assert.equal(addDays('2023-02-28', 1), '2023-03-01');
      assert.equal(addDays('2024-12-31', 1), '2025-01-01');
      assert.equal(addDays('2025-01-01', -1), '2024-12-31');
      assert.equal(addDays('2024-03-30', 2), '2024-04-01');
      assert.equal(addDays('2024-10-26', 2), '2024-10-28');
      assert.equal(addDays('2024-05-03', 0), '2024-05-03');
    });
    it('throws a RangeError on malformed dates (callers validate first)', () => {
      assert.throws(() => rangeDays(range('2024-02-30', '2024-03-01')), RangeError);
      assert.throws(() => addDays('nope', 1), RangeError);
    });
  });

  describe('formatRange', () => {
    const cases: [string, string, string][] = [
      ['2024-05-03', '2024-06-02', '3 May – 2 Jun 2024'],
      ['2024-05-03', '2024-05-09', '3 – 9 May 2024'],
      ['2024-12-03', '2025-01-02', '3 Dec 2024 – 2 Jan 2025'],
      ['2024-05-03', '2024-05-03', '3 May 2024'],
    ];
    for (const [start, end, text] of cases) {
      it(`${start}..${end} -> ${text}`, () =>
        assert.equal(plain(formatRange(range(start, end))), text));
    }
    it('follows the given locale and falls back on a bad tag', () => {
      assert.equal(
        plain(formatRange(range('2024-05-03', '2024-06-02'), 'de-CH')),
        '3. Mai – 2. Juni 2024',
      );
      assert.equal(
        plain(formatRange(range('2024-05-03', '2024-06-02'), 'not a locale!')),
        '3 May – 2 Jun 2024',
      );
    });
    it('shows malformed or reversed ranges without throwing', () => {
      assert.equal(formatRange(range('2024-02-30', 'x')), '2024-02-30 – x');
      assert.equal(
        plain(formatRange(range('2024-06-02', '2024-05-03'))),
        '2 Jun 2024 – 3 May 2024',
      );
    });
  });

  describe('presets', () => {
    const table: [string, PresetId, DateRange | undefined][] = [
      ['2024-06-02', 'yesterday', range('2024-06-01', '2024-06-01')],
      ['2024-03-01', 'yesterday', range('2024-02-29', '2024-02-29')],
      ['2025-01-01', 'yesterday', range('2024-12-31', '2024-12-31')],
      ['2024-06-02', 'last7Days', range('2024-05-26', '2024-06-01')],
      ['2024-03-03', 'last7Days', range('2024-02-25', '2024-03-02')],
      ['2024-06-02', 'last30Days', range('2024-05-03', '2024-06-01')],
      ['2024-03-01', 'last30Days', range('2024-01-31', '2024-02-29')],
      ['2024-06-02', 'lastFullMonth', range('2024-05-01', '2024-05-31')],
      ['2024-03-15', 'lastFullMonth', range('2024-02-01', '2024-02-29')],
      ['2023-03-15', 'lastFullMonth', range('2023-02-01', '2023-02-28')],
      ['2026-01-15', 'lastFullMonth', range('2025-12-01', '2025-12-31')],
      ['2024-06-02', 'monthToDate', range('2024-06-01', '2024-06-02')],
      ['2024-06-01', 'monthToDate', range('2024-06-01', '2024-06-01')],
      ['2024-12-31', 'monthToDate', range('2024-12-01', '2024-12-31')],
      ['2026-01-15', 'lastFullQuarter', range('2025-10-01', '2025-12-31')],
      ['2024-04-01', 'lastFullQuarter', range('2024-01-01', '2024-03-31')],
      ['2024-03-31', 'lastFullQuarter', range('2023-10-01', '2023-12-31')],
      ['2024-07-01', 'lastFullQuarter', range('2024-04-01', '2024-06-30')],
      ['2024-09-30', 'lastFullQuarter', range('2024-04-01', '2024-06-30')],
      ['2024-10-01', 'lastFullQuarter', range('2024-07-01', '2024-09-30')],
      ['2024-12-31', 'lastFullQuarter', range('2024-07-01', '2024-09-30')],
      ['2024-06-02', 'custom', undefined],
    ];
    for (const [today, id, expected] of table) {
      it(`${id} on ${today}`, () => assert.deepEqual(presetRange(id, today), expected));
    }

    it('property: every preset range is valid for a 365-day export on any day (never ends after today)', () => {
      const day = fc.integer({
        min: Date.UTC(2001, 0, 1) / 86_400_000,
        max: Date.UTC(2099, 11, 31) / 86_400_000,
      });
      fc.assert(
        fc.property(day, (n) => {
          const today = new Date(n * 86_400_000).toISOString().slice(0, 10);
          for (const { id } of PRESETS) {
            const r = presetRange(id, today);
            if (id === 'custom') assert.equal(r, undefined);
            else
              assert.equal(
                validateRange(r!, { today, maxDays: 365, kindLabel: 'X' }),
                undefined,
                `${id} on ${today}`,
              );
          }
        }),
        { numRuns: 2_000 },
      );
    });

    it('presetsFor lists every preset in order and disables the ones longer than maxDays', () => {
      const options = presetsFor(14, '2024-06-20');
      assert.deepEqual(
        options.map((o) => o.id),
        PRESETS.map((p) => p.id),
      );
      const disabled = Object.fromEntries(options.map((o) => [o.id, o.disabledReason]));
      assert.deepEqual(disabled, {
        yesterday: undefined,
        last7Days: undefined,
        last30Days: 'Covers 30 days; this export allows at most 14 days.',
        lastFullMonth: 'Covers 31 days; this export allows at most 14 days.',
        monthToDate: 'Covers 20 days; this export allows at most 14 days.',
        lastFullQuarter: 'Covers 91 days; this export allows at most 14 days.',
        custom: undefined,
      });
      assert.deepEqual(
        options.find((o) => o.id === 'monthToDate')?.range,
        range('2024-06-01', '2024-06-20'),
      );
      assert.equal(options.find((o) => o.id === 'custom')?.range, undefined);
    });
    it('presetsFor enables everything for 365 days and month-to-date early in a month for 14', () => {
      assert.ok(presetsFor(365, '2024-06-20').every((o) => o.disabledReason === undefined));
      assert.equal(
        presetsFor(14, '2024-06-14').find((o) => o.id === 'monthToDate')?.disabledReason,
        undefined,
      );
      assert.equal(
        presetsFor(14, '2024-06-14').find((o) => o.id === 'monthToDate')?.range?.end,
        '2024-06-14',
      );
    });
  });
});
