// Saved reports' schedules and the cross-window lease (src/core/reports/): due days in Zurich calendar days, a
// missed run once (or every missed period when catching up), and exactly one holder of a lease until it expires.
import * as assert from 'node:assert/strict';
import { LEASE_MS, parseLease, release, tryAcquire } from '../../../src/core/reports/lease';
import { dueRuns, latestScheduledDay } from '../../../src/core/reports/schedule';

describe('reports: schedules and the lease', () => {
  it('the latest scheduled day: daily, weekly (ISO weekday), monthly', () => {
    assert.equal(latestScheduledDay({ every: 'day' }, '2026-12-07'), '2026-12-07');
    assert.equal(latestScheduledDay({ every: 'week', weekday: 1 }, '2026-12-07'), '2026-12-07'); // a Monday
    assert.equal(latestScheduledDay({ every: 'week', weekday: 5 }, '2026-12-07'), '2026-12-04');
    assert.equal(latestScheduledDay({ every: 'month', day: 28 }, '2026-03-01'), '2026-02-28');
    assert.equal(latestScheduledDay({ every: 'month', day: 1 }, '2026-12-07'), '2026-12-01');
  });

  it('due once for a missed period, every missed one only when catching up', () => {
    const monthly = { every: 'month', day: 1 } as const;
    assert.deepEqual(dueRuns(monthly, '2026-12-07', '2026-12-01'), []);
    assert.deepEqual(dueRuns(monthly, '2026-12-07', undefined), ['2026-12-01']);
    // Closed since September: once, for December.
    assert.deepEqual(dueRuns(monthly, '2026-12-07', '2026-09-01'), ['2026-12-01']);
    assert.deepEqual(dueRuns(monthly, '2026-12-07', '2026-09-01', { catchUp: true }), [
      '2026-10-01',
      '2026-11-01',
      '2026-12-01',
    ]);
    assert.deepEqual(
      dueRuns({ every: 'day' }, '2026-12-07', '2026-12-01', { catchUp: true, maxCatchUp: 2 }),
      ['2026-12-06', '2026-12-07'],
    );
  });

  it('one holder at a time; the holder renews; an expired lease can be taken; only the holder releases', () => {
    const a = tryAcquire(undefined, 'A', 1_000);
    assert.equal(a.granted, true);
    const b = tryAcquire(a.lease, 'B', 2_000);
    assert.equal(b.granted, false);
    assert.equal(b.lease, a.lease);
    const renewed = tryAcquire(a.lease, 'A', 3_000);
    assert.deepEqual(renewed, {
      granted: true,
      lease: { holder: 'A', expiresAt: 3_000 + LEASE_MS },
    });
    assert.equal(tryAcquire(renewed.lease, 'B', 3_000 + LEASE_MS + 1).granted, true);
    assert.equal(release(renewed.lease, 'B'), renewed.lease);
    assert.equal(release(renewed.lease, 'A'), undefined);
    assert.equal(parseLease({ holder: 'A', expiresAt: 'soon' }), undefined);
    assert.deepEqual(parseLease(JSON.parse(JSON.stringify(renewed.lease))), renewed.lease);
  });
});
