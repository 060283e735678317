// Which saved reports are due (src/core/reports/reportRuns.ts): scheduled ones only, once per scheduled day,
// the latest missed day alone unless the report asks to catch up; and runs in progress read back from storage.
import * as assert from 'node:assert/strict';
import { parseReports } from '../../../src/core/reports/report';
import { dueReports, parseRuns } from '../../../src/core/reports/reportRuns';

const { reports } = parseReports([
  {
    name: 'Monthly',
    type: 'CHAT_INTERACTION',
    range: { last: 'month' },
    schedule: { every: 'month', day: 1 },
  },
  {
    name: 'Daily',
    type: 'ACTIVE_USER',
    range: 'yesterday',
    schedule: { every: 'day' },
    catchUp: true,
  },
  { name: 'By hand', type: 'REFERENCE_STAT', range: { lastDays: 7 } },
]);

describe('reports: what is due', () => {
  it('a report never run runs for its latest scheduled day; one run by hand only is never due', () => {
    const due = dueReports(reports, '2026-12-07', {});
    assert.deepEqual(
      due.map((d) => [d.def.name, d.day]),
      [
        ['Monthly', '2026-12-01'],
        ['Daily', '2026-12-07'],
      ],
    );
  });

  it('nothing is due again on the day it ran; a missed monthly run comes once', () => {
    assert.deepEqual(
      dueReports(reports, '2026-12-07', { monthly: '2026-12-01', daily: '2026-12-07' }),
      [],
    );
    // Closed from 1 October to 7 December: the monthly report runs once, for 1 December.
    const due = dueReports(reports, '2026-12-07', { monthly: '2026-10-01', daily: '2026-12-07' });
    assert.deepEqual(
      due.map((d) => d.day),
      ['2026-12-01'],
    );
  });

  it('with catchUp, every missed day runs, oldest first', () => {
    const due = dueReports(reports, '2026-12-07', { monthly: '2026-12-01', daily: '2026-12-04' });
    assert.deepEqual(
      due.map((d) => d.day),
      ['2026-12-05', '2026-12-06', '2026-12-07'],
    );
  });

  it('reads runs back, dropping what it cannot use', () => {
    const run = {
      report: 'Monthly',
      connection: 'default',
      day: '2026-12-01',
      range: { start: '2026-11-01', end: '2026-11-30' },
      target: '/tmp/Monthly 2026-11.csv',
      orderId: 'o1',
    };
    assert.deepEqual(
      parseRuns(JSON.parse(JSON.stringify([run, { ...run, orderId: undefined }, 7]))),
      [run],
    );
    assert.deepEqual(parseRuns('nope'), []);
  });
});
