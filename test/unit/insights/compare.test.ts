// Compare with the previous period (src/core/insights/compare.ts) on real files: totals, new / returning /
// lapsed users, the assistants' movers; per-export pseudonyms detected instead of calling everyone new; the
// previous window; and the notebook export names the file's own columns.
import * as assert from 'node:assert/strict';
import {
  compareChat,
  looksPseudonymised,
  previousWindow,
} from '../../../src/core/insights/compare';
import { computeInsightsWithBasis } from '../../../src/core/insights/insights';
import { insightsNotebook } from '../../../src/core/insights/notebook';
import { TempDir, toCsv } from '../csv/csvTestFiles';

function chatCsv(users: string[], day: string, assistant: (i: number) => string): string {
  return toCsv(
    [
      ['User Email', 'Date', 'Assistant', 'Interactions'],
      ...users.map((u, i) => [u, day, assistant(i), String(1 + (i % 3))]),
    ],
    '\r\n',
    true,
  );
}

describe('insights: compare with the previous period', () => {
  let dir: TempDir;
  before(async () => {
    dir = await TempDir.create();
  });
  after(() => dir.remove());

  it('new, returning and lapsed users; totals; assistants by change', async () => {
    const before = Array.from({ length: 30 }, (_, i) => `user${i}@bank.ch`);
    const after = [...before.slice(10), ...Array.from({ length: 5 }, (_, i) => `new${i}@bank.ch`)];
    const prev = await computeInsightsWithBasis(
      await dir.file(chatCsv(before, '2026-10-15', () => 'Default')),
    );
    const cur = await computeInsightsWithBasis(
      await dir.file(chatCsv(after, '2026-11-15', (i) => (i < 10 ? 'Research' : 'Default'))),
    );
    const c = compareChat(cur.basis!, prev.basis!);
    assert.equal(c.pseudonymised, false);
    assert.deepEqual(c.users, { current: 25, previous: 30, fresh: 5, returning: 20, lapsed: 10 });
    assert.deepEqual(c.totals[1], { label: 'Active users', previous: 30, current: 25 });
    assert.deepEqual(c.assistants.rows[0][0], 'Default');
    assert.ok(c.assistants.rows.some((r) => r[0] === 'Research' && r[1] === 0));
  });

  it('per-export pseudonyms: no overlap while the totals are alike → user-level compare unavailable', async () => {
    const a = Array.from({ length: 40 }, (_, i) => `u_${(i * 7919).toString(16)}@pseudo.invalid`);
    const b = Array.from(
      { length: 42 },
      (_, i) => `u_${(i * 104729 + 3).toString(16)}x@pseudo.invalid`,
    );
    const prev = await computeInsightsWithBasis(
      await dir.file(chatCsv(a, '2026-10-15', () => 'A')),
    );
    const cur = await computeInsightsWithBasis(await dir.file(chatCsv(b, '2026-11-15', () => 'A')));
    const c = compareChat(cur.basis!, prev.basis!);
    assert.equal(c.pseudonymised, true);
    assert.equal(c.users, undefined);
    // Real growth with new people is not mistaken for pseudonyms: a small old group inside a large new one.
    assert.equal(looksPseudonymised(b, a.slice(0, 3)), false);
    assert.equal(looksPseudonymised([...b, ...a.slice(0, 5)], a), false);
  });

  it('the compare basis keeps no e-mail, only short hashes', async () => {
    const r = await computeInsightsWithBasis(
      await dir.file(chatCsv(['anna.mueller@bank.ch'], '2026-11-01', () => 'A')),
    );
    assert.ok(!JSON.stringify(r.basis).includes('anna'));
    assert.match(r.basis!.userHashes[0], /^[0-9a-f]{12}$/);
  });

  it('the previous window has the same length and ends the day before', () => {
    assert.deepEqual(previousWindow('2026-11-01', '2026-11-30'), {
      first: '2026-10-02',
      last: '2026-10-31',
      days: 30,
    });
    assert.deepEqual(previousWindow('2024-03-01', '2024-03-01'), {
      first: '2024-02-29',
      last: '2024-02-29',
      days: 1,
    });
  });

  it('the notebook is valid nbformat 4 and reads the file with its own column names', async () => {
    const file = await dir.file(
      toCsv(
        [
          ['E-Mail', 'Datum', 'Assistent', 'Anzahl'],
          ['a', '2026-11-01', 'X "Y"', '2'],
        ],
        '\n',
        true,
      ),
    );
    const { report } = await computeInsightsWithBasis(file);
    const nb = JSON.parse(insightsNotebook(report, file)) as {
      nbformat: number;
      cells: { cell_type: string; source: string[] }[];
    };
    assert.equal(nb.nbformat, 4);
    const source = nb.cells.map((c) => c.source.join('')).join('\n');
    assert.ok(source.includes('USER, ASSISTANT, COUNT = "E-Mail", "Assistent", "Anzahl"'));
    assert.ok(source.includes(JSON.stringify(file)));
  });
});
