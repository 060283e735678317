// Saved reports (src/core/reports/report.ts, relativeRange.ts, fileName.ts): relative ranges on a given Zurich
// day (year ends, leap days, summer-time changes, ISO weeks 53; fast-check over 2011–2099), period labels, file
// names that stay inside their folder, the tolerant reading of `uniqueAnalytics.reports`, and the tree row.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays, rangeDays, type DateRange } from '../../../src/core/dateRange';
import { resolveInside } from '../../../src/core/downloads/csvFiles';
import { wholeMonths } from '../../../src/core/ranges/planner';
import {
  describeReport,
  parseReports,
  periodLabel,
  relativeRangeFor,
  reportFileName,
  resolveRange,
  safeFileName,
  type RelativeRange,
  type ReportDefinition,
} from '../../../src/core/reports/report';

// 2011-01-01 to 2099-12-31: dateRange.ts accepts 2000–2100, and the longest lastDays (3660) reaches back 10 years.
const day = fc
  .integer({ min: 4018, max: 36_524 })
  .map((n) => new Date(Date.UTC(2000, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
const unit = fc.constantFrom('week', 'month', 'quarter', 'year' as const);
const relative: fc.Arbitrary<RelativeRange> = fc.oneof(
  fc.constant('yesterday' as const),
  unit.map((u) => ({ last: u })),
  unit.map((u) => ({ toDate: u })),
  fc.integer({ min: 1, max: 3660 }).map((n) => ({ lastDays: n })),
);
const r = (start: string, end: string): DateRange => ({ start, end });
const weekday = (d: string): number => new Date(`${d}T00:00:00Z`).getUTCDay() || 7;

const monthly: ReportDefinition = {
  name: 'Monthly chat',
  type: 'CHAT_INTERACTION',
  range: { last: 'month' },
  schedule: { every: 'month', day: 1 },
};

describe('reports: definitions', () => {
  describe('resolveRange', () => {
    it('every shape on a Monday (2026-12-07)', () => {
      const t = '2026-12-07';
      const cases: [RelativeRange, DateRange][] = [
        ['yesterday', r('2026-12-06', '2026-12-06')],
        [{ lastDays: 7 }, r('2026-11-30', '2026-12-06')],
        [{ last: 'week' }, r('2026-11-30', '2026-12-06')],
        [{ last: 'month' }, r('2026-11-01', '2026-11-30')],
        [{ last: 'quarter' }, r('2026-07-01', '2026-09-30')],
        [{ last: 'year' }, r('2025-01-01', '2025-12-31')],
        [{ toDate: 'week' }, r('2026-12-07', '2026-12-07')],
        [{ toDate: 'month' }, r('2026-12-01', '2026-12-07')],
        [{ toDate: 'quarter' }, r('2026-10-01', '2026-12-07')],
        [{ toDate: 'year' }, r('2026-01-01', '2026-12-07')],
      ];
      for (const [rel, want] of cases)
        assert.deepEqual(resolveRange(rel, t), want, JSON.stringify(rel));
    });

    it('across a year end, a leap day and both summer-time changes', () => {
      // 2027-01-01 is a Friday: last week is the one before 2026-12-28.
      assert.deepEqual(resolveRange({ last: 'week' }, '2027-01-01'), r('2026-12-21', '2026-12-27'));
      assert.deepEqual(
        resolveRange({ toDate: 'week' }, '2027-01-01'),
        r('2026-12-28', '2027-01-01'),
      );
      assert.deepEqual(
        resolveRange({ last: 'month' }, '2027-01-01'),
        r('2026-12-01', '2026-12-31'),
      );
      assert.deepEqual(
        resolveRange({ last: 'quarter' }, '2027-01-01'),
        r('2026-10-01', '2026-12-31'),
      );
      assert.deepEqual(resolveRange('yesterday', '2027-01-01'), r('2026-12-31', '2026-12-31'));
      assert.deepEqual(
        resolveRange({ last: 'month' }, '2024-03-01'),
        r('2024-02-01', '2024-02-29'),
      );
      assert.deepEqual(resolveRange('yesterday', '2024-03-01'), r('2024-02-29', '2024-02-29'));
      assert.deepEqual(
        resolveRange({ lastDays: 365 }, '2024-02-29'),
        r('2023-03-01', '2024-02-28'),
      );
      assert.deepEqual(resolveRange({ last: 'year' }, '2025-02-28'), r('2024-01-01', '2024-12-31'));
      // Zurich springs forward on 2026-03-29 and falls back on 2026-10-25: days stay whole days.
      assert.deepEqual(resolveRange({ lastDays: 2 }, '2026-03-30'), r('2026-03-28', '2026-03-29'));
      assert.deepEqual(resolveRange({ last: 'week' }, '2026-10-26'), r('2026-10-19', '2026-10-25'));
      // A scheduled run for day D resolves on D, whenever it actually runs.
      assert.deepEqual(
        resolveRange({ last: 'month' }, '2026-12-01'),
        r('2026-11-01', '2026-11-30'),
      );
      assert.deepEqual(resolveRange({ lastDays: 1 }, '2024/3/1'), r('2024-02-29', '2024-02-29'));
    });

    it('refuses a malformed day or a lastDays out of bounds', () => {
      assert.throws(() => resolveRange('yesterday', '01.03.2024'), RangeError);
      assert.throws(() => resolveRange({ lastDays: 0 }, '2026-12-07'), RangeError);
      assert.throws(() => resolveRange({ lastDays: 3661 }, '2026-12-07'), RangeError);
      assert.throws(() => resolveRange({ lastDays: 1.5 }, '2026-12-07'), RangeError);
    });

    it('property: lastDays N is N days ending yesterday; last units are whole and just before today', () => {
      fc.assert(
        fc.property(day, fc.integer({ min: 1, max: 3660 }), (today, n) => {
          const got = resolveRange({ lastDays: n }, today);
          assert.equal(rangeDays(got), n);
          assert.equal(got.end, addDays(today, -1));
        }),
        { numRuns: 1000 },
      );
      fc.assert(
        fc.property(day, (today) => {
          const month = resolveRange({ last: 'month' }, today);
          assert.equal(wholeMonths(month), 1);
          assert.equal(addDays(month.end, 1), `${today.slice(0, 7)}-01`);
          const quarter = resolveRange({ last: 'quarter' }, today);
          assert.equal(wholeMonths(quarter), 3);
          assert.match(quarter.start, /-(01|04|07|10)-01$/);
          assert.ok(quarter.end < today && rangeDays(r(quarter.end, today)) <= 93);
          const year = resolveRange({ last: 'year' }, today);
          assert.deepEqual(
            year,
            r(`${Number(today.slice(0, 4)) - 1}-01-01`, `${Number(today.slice(0, 4)) - 1}-12-31`),
          );
          const week = resolveRange({ last: 'week' }, today);
          assert.equal(weekday(week.start), 1);
          assert.equal(rangeDays(week), 7);
          assert.equal(addDays(week.end, weekday(today)), today);
        }),
        { numRuns: 1000 },
      );
    });

    it('property: never a day after today; "Save as report" reproduces the same days', () => {
      fc.assert(
        fc.property(day, relative, (today, rel) => {
          const got = resolveRange(rel, today);
          assert.ok(got.start <= got.end && got.end <= today, `${got.start}..${got.end}`);
          if (typeof rel === 'object' && 'toDate' in rel) assert.equal(got.end, today);
          else assert.ok(got.end < today);
          assert.deepEqual(resolveRange(relativeRangeFor(got, today), today), got);
        }),
        { numRuns: 3000 },
      );
    });
  });

  describe('periodLabel', () => {
    it('a month, quarter, year, ISO week, one day, or first..last', () => {
      assert.equal(periodLabel(r('2026-11-01', '2026-11-30')), '2026-11');
      assert.equal(periodLabel(r('2024-02-01', '2024-02-29')), '2024-02');
      assert.equal(periodLabel(r('2026-07-01', '2026-09-30')), '2026-Q3');
      assert.equal(periodLabel(r('2026-01-01', '2026-12-31')), '2026');
      assert.equal(periodLabel(r('2026-11-23', '2026-11-29')), '2026-W48');
      assert.equal(periodLabel(r('2026-12-28', '2027-01-03')), '2026-W53');
      assert.equal(periodLabel(r('2020-12-28', '2021-01-03')), '2020-W53');
      assert.equal(periodLabel(r('2024-12-30', '2025-01-05')), '2025-W01');
      assert.equal(periodLabel(r('2026-11-30', '2026-11-30')), '2026-11-30');
      assert.equal(periodLabel(r('2026-11-01', '2026-11-07')), '2026-11-01..2026-11-07');
      assert.equal(periodLabel(r('2026-11-24', '2026-11-30')), '2026-11-24..2026-11-30');
    });

    it('a report keeps one kind of label: lastDays and toDate by days even on a whole month', () => {
      const nov = r('2026-11-01', '2026-11-30');
      assert.equal(periodLabel(nov, { last: 'month' }), '2026-11');
      assert.equal(periodLabel(nov, { lastDays: 30 }), '2026-11-01..2026-11-30');
      assert.equal(periodLabel(nov, { toDate: 'month' }), '2026-11-01..2026-11-30');
      assert.equal(periodLabel(r('2026-07-01', '2026-09-30'), { last: 'quarter' }), '2026-Q3');
      assert.equal(
        periodLabel(r('2026-11-23', '2026-11-29'), { lastDays: 7 }),
        '2026-11-23..2026-11-29',
      );
      assert.equal(periodLabel(r('2026-11-30', '2026-11-30'), 'yesterday'), '2026-11-30');
      assert.equal(periodLabel(r('garbage', 'x')), 'garbage..x', 'never throws while rendering');
    });
  });

  describe('reportFileName', () => {
    const nov = r('2026-11-01', '2026-11-30');

    it('"<name> <period>.csv" by default; every placeholder; .csv exactly once', () => {
      assert.equal(reportFileName(monthly, nov), 'Monthly chat 2026-11.csv');
      assert.equal(
        reportFileName({ ...monthly, fileName: '${kind} ${start} to ${end} (${name})' }, nov),
        'Chat interactions 2026-11-01 to 2026-11-30 (Monthly chat).csv',
      );
      assert.equal(reportFileName({ ...monthly, fileName: 'latest.CSV' }, nov), 'latest.csv');
      assert.equal(reportFileName({ ...monthly, fileName: '  ' }, nov), 'Monthly chat 2026-11.csv');
      assert.equal(
        reportFileName({ ...monthly, range: { lastDays: 7 } }, r('2026-11-24', '2026-11-30')),
        'Monthly chat 2026-11-24..2026-11-30.csv',
      );
      assert.equal(
        reportFileName({ ...monthly, fileName: '${nope} ${period}' }, nov),
        '${nope} 2026-11.csv',
      );
    });

    it('never a path, a hidden file, a device name or an over-long name', () => {
      assert.equal(
        reportFileName({ ...monthly, name: '../../etc/passwd' }, nov),
        '_.._etc_passwd 2026-11.csv',
      );
      assert.equal(
        reportFileName({ ...monthly, name: 'C:\\Users\\x', fileName: '${name}' }, nov),
        'C__Users_x.csv',
      );
      assert.equal(
        reportFileName({ ...monthly, name: '.hidden', fileName: '${name}' }, nov),
        'hidden.csv',
      );
      assert.equal(
        reportFileName({ ...monthly, name: 'CON', fileName: '${name}' }, nov),
        '_CON.csv',
      );
      assert.equal(safeFileName('a\u202egpj.csv', 'csv'), 'a_gpj.csv');
      assert.equal(safeFileName('..', 'csv'), 'report.csv');
      assert.equal(safeFileName('Zürich  Q3 \t Bericht.', 'csv'), 'Zürich Q3 _ Bericht.csv');
      const long = safeFileName('ü'.repeat(300), 'csv');
      assert.equal(long, `${'ü'.repeat(100)}.csv`);
    });

    it('property: any name and pattern give one .csv file inside the folder', () => {
      // What breaks names (separators, dots, controls, direction marks, half surrogates, device names), or any
      // code point; not fast-check's 'binary' unit, whose set-up alone takes a second.
      const char = fc.oneof(
        fc.constantFrom(
          '/',
          '\\',
          ':',
          '.',
          ' ',
          '\t',
          '\u0000',
          '\u202e',
          '\ufeff',
          'CON',
          '${name}',
        ),
        fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
      );
      const text = fc.string({ unit: char, maxLength: 150 });
      fc.assert(
        fc.property(text, fc.option(text, { nil: undefined }), (name, fileName) => {
          const got = reportFileName({ ...monthly, name, fileName }, nov);
          assert.ok(got.endsWith('.csv') && got.length > 4, got);
          // eslint-disable-next-line no-control-regex
          assert.doesNotMatch(got, /[/\\:*?"<>|\u0000-\u001f]|^[.\s]/);
          assert.ok(Buffer.byteLength(got) <= 204);
          assert.equal(resolveInside('/reports', got), `/reports/${got}`);
        }),
        { numRuns: 2000 },
      );
    });
  });

  describe('parseReports', () => {
    it('reads good entries, trimmed, the type in capitals; ignores unknown fields; nothing set is no report', () => {
      assert.deepEqual(parseReports(undefined), { reports: [], problems: [] });
      assert.deepEqual(parseReports([]), { reports: [], problems: [] });
      const got = parseReports([
        {
          name: ' Monthly chat ',
          type: 'chat_interaction',
          range: { last: 'month' },
          schedule: { every: 'month', day: 1 },
          assistantId: '',
          folder: ' /home/me/reports ',
          catchUp: false,
          comment: 'a field from a newer version',
        },
        {
          name: 'Weekly detail',
          type: 'CHAT_INTERACTION_DETAILED',
          range: { lastDays: 7 },
          assistantId: 'space_123',
          fileName: '${kind} ${period}',
          schedule: { every: 'week', weekday: 1 },
          catchUp: true,
        },
        { name: 'Today so far', type: 'ACTIVE_USER', range: { toDate: 'month' } },
        { name: 'Yesterday', type: 'NPS', range: 'yesterday', schedule: null, catchUp: null },
      ]);
      assert.deepEqual(got.problems, []);
      assert.deepEqual(got.reports, [
        { ...monthly, folder: '/home/me/reports' },
        {
          name: 'Weekly detail',
          type: 'CHAT_INTERACTION_DETAILED',
          range: { lastDays: 7 },
          assistantId: 'space_123',
          fileName: '${kind} ${period}',
          schedule: { every: 'week', weekday: 1 },
          catchUp: true,
        },
        { name: 'Today so far', type: 'ACTIVE_USER', range: { toDate: 'month' } },
        { name: 'Yesterday', type: 'NPS', range: 'yesterday' },
      ]);
    });

    it('one message per bad entry, naming it and what to write; the good ones still work', () => {
      const good = { name: 'Good', type: 'NPS', range: { last: 'year' } };
      const { reports, problems } = parseReports([
        good,
        'monthly',
        { type: 'NPS', range: 'yesterday' },
        {
          name: 'Monthly',
          type: 'CHAT',
          range: { last: 'fortnight' },
          schedule: { every: 'month', day: 31 },
        },
        { name: 'Range', type: 'NPS' },
        { name: 'Two', type: 'NPS', range: { last: 'month', lastDays: 7 } },
        { name: 'Days', type: 'NPS', range: { lastDays: 0 } },
        { name: 'Text', type: 'NPS', range: 'last month' },
        { name: 'good', type: 'NPS', range: 'yesterday' },
        { name: 'Week', type: 'NPS', range: 'yesterday', schedule: { every: 'week', weekday: 0 } },
        { name: 'Every', type: 'NPS', range: 'yesterday', schedule: { every: 'hour' } },
        { name: 'File', type: 'NPS', range: 'yesterday', fileName: 'sub/${name} ${month}' },
        {
          name: 'Assistant',
          type: 'NPS',
          range: 'yesterday',
          assistantId: 'space 1',
          catchUp: 'yes',
        },
        { name: 'Folder', type: 'NPS', range: 'yesterday', folder: 42 },
        { name: 'x'.repeat(81), type: 'NPS', range: 'yesterday' },
      ]);
      assert.deepEqual(reports, [good]);
      assert.equal(problems.length, 14);
      const expected = [
        /^reports\[1\]: each report must be an object such as \{ "name": "Monthly", .* not "monthly"\.$/,
        /^reports\[2\]: name is missing: give the report a name/,
        /^reports\[3\] "Monthly": type "CHAT" is not an export kind: use one of CHAT_INTERACTION, .*USER_CHAT_EXPORT; range\.last must be "week", "month", "quarter" or "year", not "fortnight"; schedule\.day must be a whole number from 1 to 28 .*not 31\.$/,
        /^reports\[4\] "Range": range is missing: use "yesterday", \{ "last": "week" \| "month"/,
        /^reports\[5\] "Two": range must have just one of "last", "lastDays"/,
        /^reports\[6\] "Days": range\.lastDays must be a whole number of days from 1 to 3660, not 0\.$/,
        /^reports\[7\] "Text": range "last month" is not known: use "yesterday", /,
        /^reports\[8\] "good": reports\[0\] has this name already; give this one another name\.$/,
        /^reports\[9\] "Week": schedule\.weekday must be a whole number from 1 \(Monday\) to 7 \(Sunday\), not 0\.$/,
        /^reports\[10\] "Every": schedule \{"every":"hour"\} is not known: use \{ "every": "day" \}/,
        /^reports\[11\] "File": fileName must not contain "\/" or "\\": .*; fileName uses \$\{month\}: use only \$\{name\}, \$\{period\}, \$\{start\}, \$\{end\}, \$\{kind\}\.$/,
        /^reports\[12\] "Assistant": assistantId must be one assistant \(space\) id .*; catchUp must be true or false, not "yes"\.$/,
        /^reports\[13\] "Folder": folder must be text \(a folder path\) or left out, not 42\.$/,
        /^reports\[14\] "x{40}…": name must be at most 80 characters; this one has 81\.$/,
      ];
      expected.forEach((re, i) => assert.match(problems[i], re));
    });

    it('a setting that is not a list: one message, no report; never throws on anything', () => {
      const got = parseReports({ name: 'Monthly' });
      assert.deepEqual(got.reports, []);
      assert.deepEqual(got.problems, [
        'reports must be a list: [ { "name": …, "type": …, "range": … } ], not {"name":"Monthly"}. No report can be read until it is.',
      ]);
      fc.assert(
        fc.property(fc.jsonValue(), fc.array(fc.anything()), (a, b) => {
          for (const value of [a, b]) {
            const { reports, problems } = parseReports(value);
            const n = Array.isArray(value) ? value.length : 1;
            assert.ok(reports.length + problems.length <= Math.max(n, 1));
          }
        }),
        { numRuns: 500 },
      );
    });
  });

  describe('Save as report and the tree row', () => {
    it('relativeRangeFor: the last unit, a unit to date, yesterday, or the last N days', () => {
      const t = '2026-12-07';
      assert.deepEqual(relativeRangeFor(r('2026-11-01', '2026-11-30'), t), { last: 'month' });
      assert.deepEqual(relativeRangeFor(r('2024-02-01', '2024-02-29'), t), { last: 'month' });
      assert.deepEqual(relativeRangeFor(r('2026-11-23', '2026-11-29'), t), { last: 'week' });
      assert.deepEqual(relativeRangeFor(r('2026-07-01', '2026-09-30'), t), { last: 'quarter' });
      assert.deepEqual(relativeRangeFor(r('2025-01-01', '2025-12-31'), t), { last: 'year' });
      assert.deepEqual(relativeRangeFor(r('2026-12-01', t), t), { toDate: 'month' });
      assert.deepEqual(relativeRangeFor(r('2026-10-01', t), t), { toDate: 'quarter' });
      assert.deepEqual(relativeRangeFor(r('2026-11-30', '2026-11-30'), t), 'yesterday');
      assert.deepEqual(relativeRangeFor(r('2026-10-01', '2026-11-30'), t), { lastDays: 61 });
      assert.deepEqual(relativeRangeFor(r('2026-11-01', '2026-11-07'), t), { lastDays: 7 });
      // Month to date on the month's last day is still "to date", not last month.
      assert.deepEqual(relativeRangeFor(r('2026-11-01', '2026-11-30'), '2026-11-30'), {
        toDate: 'month',
      });
    });

    it('describeReport: kind · range · schedule', () => {
      assert.equal(
        describeReport(monthly),
        'Chat interactions · last full month · monthly on day 1',
      );
      assert.equal(
        describeReport({
          ...monthly,
          type: 'NPS',
          range: { lastDays: 7 },
          schedule: { every: 'week', weekday: 1 },
        }),
        'Net promoter score · last 7 days · weekly on Monday',
      );
      assert.equal(
        describeReport({ ...monthly, range: { toDate: 'month' }, schedule: { every: 'day' } }),
        'Chat interactions · month to date · daily',
      );
      assert.equal(
        describeReport({ name: 'x', type: 'ACTIVE_USER', range: 'yesterday' }),
        'Active users · yesterday',
      );
    });
  });
});
