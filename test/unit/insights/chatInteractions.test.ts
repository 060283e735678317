// The chat-interactions recipe end to end (computeInsights on real files) against a naive reference computed
// with plain Maps and Sets of strings, on random exports (fast-check) written with a BOM, CRLF or LF, quoted
// assistant names with commas, quotes and line breaks, rows in any order; and the stream under tiny chunks.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { computeInsights } from '../../../src/core/insights/insights';
import { PER_USER_BUCKETS } from '../../../src/core/insights/chatInteractions';
import type { InsightsReport } from '../../../src/shared/insightsMessages';
import { TempDir, toCsv } from '../csv/csvTestFiles';

interface Row {
  user: string;
  day: string;
  assistant: string;
  n: number;
}

const DAYS = ['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30', '2026-04-02', '2026-04-06'];
const row = fc.record({
  user: fc.constantFrom(
    'anna@bank.ch',
    'ben@bank.ch',
    'u_7f3a@pseudo.invalid',
    'zoë@bank.ch',
    'eve@x',
  ),
  day: fc.constantFrom(...DAYS),
  assistant: fc.constantFrom(
    'Default',
    'Research, Zürich',
    'Legal "Contract"',
    'FAQ\nline 2',
    '<img src=x>',
  ),
  n: fc.integer({ min: 0, max: 40 }),
});

function card(report: InsightsReport, id: string) {
  const c = report.cards.find((x) => x.id === id);
  assert.ok(c, `card ${id}`);
  return c;
}

/** The naive reference: everything from the rows as strings. */
function reference(rows: Row[]) {
  const active = new Set(rows.filter((r) => r.n > 0).map((r) => r.user));
  const total = rows.reduce((s, r) => s + r.n, 0);
  const dau = new Map<string, Set<string>>();
  const perAssistant = new Map<string, { n: number; users: Set<string> }>();
  const perUser = new Map<string, number>();
  const perDayAssistant = new Map<string, number>();
  for (const r of rows) {
    const a = perAssistant.get(r.assistant) ?? { n: 0, users: new Set() };
    a.n += r.n;
    if (r.n > 0) a.users.add(r.user);
    perAssistant.set(r.assistant, a);
    perUser.set(r.user, (perUser.get(r.user) ?? 0) + r.n);
    if (r.n > 0) {
      if (!dau.has(r.day)) dau.set(r.day, new Set());
      dau.get(r.day)!.add(r.user);
    }
    const k = `${r.day}|${r.assistant}`;
    perDayAssistant.set(k, (perDayAssistant.get(k) ?? 0) + r.n);
  }
  return { active, total, dau, perAssistant, perUser, perDayAssistant };
}

describe('insights: chat interactions recipe', () => {
  let dir: TempDir;
  before(async () => {
    dir = await TempDir.create();
  });
  after(() => dir.remove());

  it('every figure matches a naive reference on random exports', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 60 }),
        fc.constantFrom('\r\n', '\n'),
        fc.boolean(),
        async (rows, eol, bom) => {
          const text = toCsv(
            [
              ['User Email', 'Date', 'Assistant', 'Interactions'],
              ...rows.map((r) => [r.user, r.day, r.assistant, String(r.n)]),
            ],
            eol,
            true,
          );
          const file = await dir.file((bom ? '\uFEFF' : '') + text);
          const report = await computeInsights(file, { orderType: 'CHAT_INTERACTION' });
          const ref = reference(rows);
          assert.equal(report.kind, 'chat');
          assert.equal(report.rows, rows.length);
          assert.equal(report.distinctUsers, ref.active.size);
          const facts = Object.fromEntries(
            card(report, 'chat-summary').facts!.map((f) => [f.label, f.value]),
          );
          assert.equal(facts.Interactions, ref.total);
          assert.equal(facts['Active users'], ref.active.size);
          // Stacked bars: every (day, assistant) with interactions, exactly (at most 8 assistants: none is "Other").
          const bars = card(report, 'chat-per-day').table!.rows;
          const got = new Map(bars.map((b) => [`${b[0]}|${b[1]}`, b[2]]));
          for (const [k, n] of ref.perDayAssistant) if (n > 0) assert.equal(got.get(k), n, k);
          assert.equal(got.size, [...ref.perDayAssistant.values()].filter((n) => n > 0).length);
          // Daily active users on every day of the window (0 on days without).
          const daily = card(report, 'chat-active-users')
            .table!.rows.filter((r) => r[1] === 'Daily active users')
            .map((r) => [r[0], r[2]]);
          for (const [day, users] of daily)
            assert.equal(users, ref.dau.get(String(day))?.size ?? 0, String(day));
          // Rankings.
          const top = card(report, 'chat-top-assistants-interactions').table!.rows;
          for (const [name, n, users] of top) {
            assert.equal(n, ref.perAssistant.get(String(name))!.n);
            assert.equal(users, ref.perAssistant.get(String(name))!.users.size);
          }
          // Interactions per active user: each bucket's count.
          const buckets = card(report, 'chat-per-user').table!.rows.map((r) => r[1]);
          const want = PER_USER_BUCKETS.map(() => 0);
          for (const u of ref.active)
            want[PER_USER_BUCKETS.findIndex((b) => ref.perUser.get(u)! <= b)]++;
          assert.deepEqual(buckets, want);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('weekly active users are calendar weeks (Monday–Sunday) in Zurich days', async () => {
    const file = await dir.file(
      toCsv(
        [
          ['User Email', 'Date', 'Assistant', 'Interactions'],
          ['a', '2026-03-28', 'X', '1'], // Saturday
          ['b', '2026-03-29', 'X', '1'], // Sunday (summer time starts)
          ['a', '2026-03-30', 'X', '1'], // Monday: a new week
          ['c', '2026-04-05', 'X', '1'], // Sunday
        ],
        '\r\n',
        true,
      ),
    );
    const report = await computeInsights(file);
    const weekly = card(report, 'chat-active-users')
      .table!.rows.filter((r) => r[1] === 'Weekly active users')
      .map((r) => [r[0], r[2]]);
    assert.deepEqual(weekly, [
      ['2026-03-28', 2],
      ['2026-03-30', 2],
    ]);
    assert.deepEqual(report.window, { first: '2026-03-28', last: '2026-04-05', days: 9 });
  });

  it('more than 8 assistants: the rest are one "Other assistants" band with their sum', async () => {
    const rows = [['User Email', 'Date', 'Assistant', 'Interactions']];
    for (let a = 0; a < 11; a++) rows.push([`u${a}`, '2026-01-05', `A${a}`, String(100 - a)]);
    const report = await computeInsights(await dir.file(toCsv(rows, '\n', true)));
    const bars = card(report, 'chat-per-day').table!.rows;
    assert.equal(bars.length, 9);
    assert.deepEqual(bars.at(-1), ['2026-01-05', 'Other assistants', 92 + 91 + 90]);
  });

  it('unreadable dates and counts are left out and said', async () => {
    const report = await computeInsights(
      await dir.file(
        'User Email,Date,Assistant,Interactions\na,2026-01-05,X,3\nb,someday,X,2\nc,2026-01-05,X,many\n',
      ),
    );
    const summary = card(report, 'chat-summary');
    assert.equal(summary.facts!.find((f) => f.label === 'Interactions')!.value, 3);
    assert.match(summary.note!, /2 rows had no readable date or count/);
  });
});
