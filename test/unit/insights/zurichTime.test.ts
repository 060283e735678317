// Zurich days and hours of the insights (src/core/insights/zurichTime.ts) against Intl's Europe/Zurich on random
// instants, and at the summer-time changes of 2026 (29 March, 25 October) by hand.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  dayOf,
  dayText,
  monthStart,
  parseLocalTime,
  weekStart,
  weekday,
} from '../../../src/core/insights/zurichTime';

const zurich = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Zurich',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23',
});

function intlLocal(ms: number): { date: string; hour: number } {
  const parts = Object.fromEntries(
    zurich.formatToParts(new Date(ms)).map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

describe('insights: Zurich days and hours', () => {
  it('a UTC timestamp lands on the day and hour Intl gives for Europe/Zurich (2000–2099)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }), (ms) => {
        const iso = new Date(ms).toISOString();
        const t = parseLocalTime(iso)!;
        const want = intlLocal(ms);
        assert.equal(dayText(t.day), want.date, iso);
        assert.equal(t.hour, want.hour, iso);
      }),
      { numRuns: 3000 },
    );
  });

  it('at the summer-time changes of 2026', () => {
    const at = (iso: string) => {
      const t = parseLocalTime(iso)!;
      return `${dayText(t.day)} ${t.hour}`;
    };
    assert.equal(at('2026-03-29T00:59:59Z'), '2026-03-29 1');
    assert.equal(at('2026-03-29T01:00:00Z'), '2026-03-29 3');
    assert.equal(at('2026-10-25T00:59:59Z'), '2026-10-25 2');
    assert.equal(at('2026-10-25T01:00:00Z'), '2026-10-25 2');
    assert.equal(at('2026-10-24T22:30:00Z'), '2026-10-25 0');
    assert.equal(at('2026-12-31T23:30:00Z'), '2027-01-01 0');
    assert.equal(at('2026-06-30T22:00:00+00:00'), '2026-07-01 0');
    assert.equal(at('2026-06-30T23:00:00+02:00'), '2026-06-30 23');
    assert.equal(at('2026-06-30T23:00:00+01:00'), '2026-07-01 0');
  });

  it('dates without a time are Zurich days as written; Swiss dates too; nonsense is undefined', () => {
    assert.deepEqual(parseLocalTime('2024-02-29'), { day: dayOf(2024, 2, 29), hour: -1 });
    assert.deepEqual(parseLocalTime('29.02.2024'), { day: dayOf(2024, 2, 29), hour: -1 });
    assert.deepEqual(parseLocalTime('2026-03-29 14:05:00'), { day: dayOf(2026, 3, 29), hour: 14 });
    for (const bad of ['', 'yesterday', '2023-02-29', '2026-13-01', '2026-01-01T25:00', '12345'])
      assert.equal(parseLocalTime(bad), undefined, bad);
  });

  it('weeks start on Monday, months on the 1st', () => {
    const d = dayOf(2026, 12, 7); // a Monday
    assert.equal(weekday(d), 0);
    assert.equal(weekStart(d + 6), d);
    assert.equal(weekStart(d + 7), d + 7);
    assert.equal(dayText(monthStart(dayOf(2024, 2, 29))), '2024-02-01');
  });
});
