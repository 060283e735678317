// The range planner (src/core/ranges/planner.ts): windows back to back with no gap and no overlap, each within
// the limit, covering exactly the range (fast-check over 2000–2099, the years dateRange.ts accepts), across summer-time changes, leap days,
// month ends and 1-day remainders; the adjacent period for Repeat.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays, rangeDays } from '../../../src/core/dateRange';
import {
  adjacentRange,
  describePlan,
  placingTime,
  planWindows,
  wholeMonths,
} from '../../../src/core/ranges/planner';

const day = fc
  .integer({ min: 0, max: 35_500 }) // 2000 to 2097: a range of up to 900 days stays before 2101
  .map((n) => new Date(Date.UTC(2000, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));

describe('ranges: planner', () => {
  it('windows cover the range exactly, back to back, each at most the limit', () => {
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 1, max: 900 }),
        fc.constantFrom(1, 14, 31, 365),
        (start, len, max) => {
          const range = { start, end: addDays(start, len - 1) };
          const w = planWindows(range, max);
          assert.equal(w[0].start, range.start);
          assert.equal(w.at(-1)!.end, range.end);
          for (let i = 0; i < w.length; i++) {
            const days = rangeDays(w[i]);
            assert.ok(days >= 1 && days <= max, `${w[i].start}..${w[i].end}: ${days} days`);
            if (i > 0) assert.equal(w[i].start, addDays(w[i - 1].end, 1), 'no gap, no overlap');
          }
          assert.equal(w.length, Math.ceil(len / max));
          assert.equal(
            w.reduce((s, x) => s + rangeDays(x), 0),
            len,
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('across the summer-time change, a leap day and a month end; a 1-day remainder', () => {
    assert.deepEqual(planWindows({ start: '2024-03-20', end: '2024-04-03' }, 14), [
      { start: '2024-03-20', end: '2024-04-02' },
      { start: '2024-04-03', end: '2024-04-03' },
    ]);
    assert.deepEqual(planWindows({ start: '2024-02-20', end: '2024-03-10' }, 10), [
      { start: '2024-02-20', end: '2024-02-29' },
      { start: '2024-03-01', end: '2024-03-10' },
    ]);
    // Last quarter of detailed interactions: 92 days = 6 × 14 + 8.
    const q = planWindows({ start: '2026-07-01', end: '2026-09-30' }, 14);
    assert.equal(q.length, 7);
    assert.deepEqual(q.at(-1), { start: '2026-09-23', end: '2026-09-30' });
    assert.equal(
      describePlan(q, 14),
      '7 orders of up to 14 days, placed 10 s apart (about 1 min in all), then merged into one CSV.',
    );
    assert.equal(placingTime(3), '20 s');
    assert.equal(placingTime(53), 'about 9 min');
    assert.equal(placingTime(400), 'about 1 h 7 min');
    assert.throws(() => planWindows({ start: '2026-01-02', end: '2026-01-01' }, 14), RangeError);
  });

  it('repeat: a month stays a calendar month, a quarter a quarter, a week a week', () => {
    assert.equal(wholeMonths({ start: '2026-02-01', end: '2026-02-28' }), 1);
    assert.deepEqual(adjacentRange({ start: '2026-02-01', end: '2026-02-28' }, 'next'), {
      start: '2026-03-01',
      end: '2026-03-31',
    });
    assert.deepEqual(adjacentRange({ start: '2024-03-01', end: '2024-03-31' }, 'previous'), {
      start: '2024-02-01',
      end: '2024-02-29',
    });
    assert.deepEqual(adjacentRange({ start: '2026-10-01', end: '2026-12-31' }, 'next'), {
      start: '2027-01-01',
      end: '2027-03-31',
    });
    assert.deepEqual(adjacentRange({ start: '2026-11-30', end: '2026-12-06' }, 'next'), {
      start: '2026-12-07',
      end: '2026-12-13',
    });
    assert.deepEqual(adjacentRange({ start: '2026-01-15', end: '2026-02-14' }, 'previous'), {
      start: '2025-12-15',
      end: '2026-01-14',
    });
  });
});
