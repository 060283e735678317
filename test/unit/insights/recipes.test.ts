// The other recipes on fixture files (the fake server's column sets, with a BOM, CRLF, quoted names with commas,
// quotes and line breaks): active users (DAU/WAU/MAU, stickiness, segments), reference statistics, detailed
// interactions (hour of week in Zurich time across a DST change, lengths, never the text), the generic profile,
// and the fall-back when a recipe's columns are missing.
import * as assert from 'node:assert/strict';
import { computeInsights } from '../../../src/core/insights/insights';
import type { InsightsReport } from '../../../src/shared/insightsMessages';
import { TempDir, toCsv } from '../csv/csvTestFiles';

const card = (report: InsightsReport, id: string) => {
  const c = report.cards.find((x) => x.id === id);
  assert.ok(c, `card ${id} in ${report.cards.map((x) => x.id).join(', ')}`);
  return c;
};
const csv = (rows: string[][]) => '\uFEFF' + toCsv(rows, '\r\n', true);

describe('insights: recipes', () => {
  let dir: TempDir;
  before(async () => {
    dir = await TempDir.create();
  });
  after(() => dir.remove());

  it('active users: the lines as exported, stickiness = mean DAU of the month ÷ its MAU', async () => {
    const rows = [['Period', 'Date', 'Active Users', 'New Users']];
    for (let d = 1; d <= 30; d++)
      rows.push(['day', `2026-11-${String(d).padStart(2, '0')}`, String(d % 2 ? 10 : 20), '1']);
    rows.push(['week', '2026-11-02', '40', '3'], ['month', '2026-11-01', '60', '9']);
    const report = await computeInsights(await dir.file(csv(rows)), { orderType: 'ACTIVE_USER' });
    assert.equal(report.kind, 'activeUsers');
    const lines = card(report, 'active-dau-wau-mau').table!.rows;
    assert.equal(lines.filter((r) => r[1] === 'Daily active users (DAU)').length, 30);
    assert.deepEqual(
      lines.find((r) => r[1] === 'Monthly active users (MAU)'),
      ['2026-11-01', 'Monthly active users (MAU)', 60],
    );
    assert.deepEqual(card(report, 'active-stickiness').table!.rows, [
      ['2026-11-01', 'DAU ÷ MAU', 0.25],
    ]);
    assert.ok(card(report, 'active-new-users').table!.rows.length === 32);
  });

  it('active users split by segment without a total: summed, and said so; a total row wins', async () => {
    const split = [
      ['Period', 'Date', 'Active Users', 'Segment'],
      ['day', '2026-11-02', '5', 'Research, Zürich'],
      ['day', '2026-11-02', '7', 'Default'],
    ];
    const summed = await computeInsights(await dir.file(csv(split)));
    assert.deepEqual(card(summed, 'active-dau-wau-mau').table!.rows, [
      ['2026-11-02', 'Daily active users (DAU)', 12],
    ]);
    assert.match(card(summed, 'active-dau-wau-mau').description, /counts twice/);
    const withTotal = await computeInsights(
      await dir.file(csv([...split, ['day', '2026-11-02', '10', 'All']])),
    );
    assert.deepEqual(card(withTotal, 'active-dau-wau-mau').table!.rows, [
      ['2026-11-02', 'Daily active users (DAU)', 10],
    ]);
  });

  it('reference statistics: documents by citations (the References column), per day', async () => {
    const doc = 'Jahresbericht "Zürich"\n2023.pdf';
    const report = await computeInsights(
      await dir.file(
        csv([
          ['Date', 'User Email', 'Assistant', 'References', 'Document'],
          ['2026-11-02', 'a@x', 'A', '3', doc],
          ['2026-11-02', 'b@x', 'A', '1', 'Richtlinie, Version 2.docx'],
          ['2026-11-04', 'b@x', 'A', '2', doc],
          ['2026-11-04', 'c@x', 'A', '1', '<img src=x onerror=alert(1)>'],
        ]),
      ),
      { orderType: 'REFERENCE_STAT' },
    );
    assert.deepEqual(card(report, 'references-documents').table!.rows, [
      [doc, 5, 2],
      ['Richtlinie, Version 2.docx', 1, 1],
      ['<img src=x onerror=alert(1)>', 1, 1],
    ]);
    assert.deepEqual(card(report, 'references-per-day').table!.rows, [
      ['2026-11-02', 4],
      ['2026-11-03', 0],
      ['2026-11-04', 3],
    ]);
  });

  it('detailed interactions: hour of week in Zurich time (across the October change), lengths only', async () => {
    const report = await computeInsights(
      await dir.file(
        csv([
          ['Timestamp', 'User Email', 'Assistant', 'Prompt', 'Answer'],
          ['2026-10-24T06:30:00.000Z', 'a', 'A', 'Wie hoch ist\nder Zins?', 'x'.repeat(120)], // Sat 08 CEST
          ['2026-10-26T07:30:00.000Z', 'b', 'B', 'secret prompt text', ''], // Mon 08 CET
          ['2026-10-26T07:45:00.000Z', 'b', 'B', 'q', 'y'], // Mon 08 CET
        ]),
      ),
      { orderType: 'CHAT_INTERACTION_DETAILED' },
    );
    const heat = card(report, 'detailed-hour-of-week').table!.rows;
    assert.equal(heat.length, 7 * 24);
    assert.deepEqual(
      heat.filter((r) => Number(r[2]) > 0),
      [
        ['Mon', '08', 2],
        ['Sat', '08', 1],
      ],
    );
    const json = JSON.stringify(report);
    assert.ok(!json.includes('secret prompt text') && !json.includes('Zins'), 'no user text');
    const answers = card(report, 'detailed-answer-length').table!.rows;
    assert.deepEqual(
      answers.find((r) => r[0] === 'empty'),
      ['empty', 1],
    );
    assert.deepEqual(
      answers.find((r) => r[0] === '101–200'),
      ['101–200', 1],
    );
  });

  it('the generic profile: types, empties, distinct values, top values, min/max, no free text', async () => {
    const rows = [['Date', 'User Email', 'Metric', 'Value', 'Note']];
    for (let i = 0; i < 50; i++)
      rows.push([
        `2026-11-${String((i % 28) + 1).padStart(2, '0')}`,
        `u${i % 5}@x`,
        ['tokens', 'sessions'][i % 2],
        String(i),
        i % 10 === 0 ? '' : 'a long free text note '.repeat(6) + i,
      ]);
    const report = await computeInsights(await dir.file(csv(rows)), { orderType: 'NPS' });
    assert.equal(report.kind, 'profile');
    const facts = (id: string) =>
      Object.fromEntries(card(report, id).facts!.map((f) => [f.label, f.value]));
    assert.equal(facts('profile-0').Type, 'date');
    assert.equal(facts('profile-0')['First day'], '2026-11-01');
    assert.equal(facts('profile-1')['Distinct values'], 5);
    assert.deepEqual(card(report, 'profile-2').table!.rows, [
      ['sessions', 25],
      ['tokens', 25],
    ]);
    assert.equal(facts('profile-3').Type, 'number');
    assert.equal(facts('profile-3').Min, 0);
    assert.equal(facts('profile-3').Max, 49);
    assert.equal(
      card(report, 'profile-3').table!.rows.reduce((s, r) => s + Number(r[2]), 0),
      50,
    );
    assert.equal(facts('profile-4').Empty, '10% (5)');
    assert.equal(card(report, 'profile-4').table, undefined, 'free text is not listed');
  });

  it('names padded with spaces (some exports pad their last field) are one name', async () => {
    const report = await computeInsights(
      await dir.file(
        csv([
          ['User Email', 'Date', 'Interactions', 'Assistant'],
          ['a@x', '2026-11-02', '2', 'Default'],
          [' a@x ', '2026-11-02', '3', 'Default      '],
        ]),
      ),
    );
    assert.equal(report.distinctUsers, 1);
    assert.deepEqual(card(report, 'chat-top-assistants-interactions').table!.rows, [
      ['Default', 5, 1],
    ]);
  });

  it('cells are read as bytes and kept names are real text: umlauts, emoji, a final "à", invalid UTF-8', async () => {
    const bytes = Buffer.concat([
      Buffer.from('\uFEFFBenutzer,Datum,Assistent,Anzahl\r\n', 'utf8'),
      Buffer.from('zoë@bank.ch,2026-11-02,Recherche à,2\r\n', 'utf8'),
      Buffer.from('zoë@bank.ch,2026-11-02,😀 Zürich,3\r\n', 'utf8'),
      Buffer.from('x@y,2026-11-03,Bad ', 'utf8'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(',4\r\n', 'utf8'),
    ]);
    const report = await computeInsights(await dir.file(bytes));
    assert.equal(report.kind, 'chat');
    assert.deepEqual(report.columns, ['Benutzer', 'Datum', 'Assistent', 'Anzahl']);
    const names = card(report, 'chat-top-assistants-interactions').table!.rows.map((r) => r[0]);
    assert.deepEqual(names, ['Bad \uFFFD\uFFFD', '😀 Zürich', 'Recherche à']);
    assert.equal(report.distinctUsers, 2);
    // The same cells under a header no recipe knows: the profile lists them as text.
    const unknown = Buffer.concat([
      Buffer.from('Who,When,What,How many', 'utf8'),
      bytes.subarray(bytes.indexOf(0x0d)),
    ]);
    const profile = await computeInsights(await dir.file(unknown));
    assert.deepEqual(card(profile, 'profile-0').table!.rows, [
      ['zoë@bank.ch', 2],
      ['x@y', 1],
    ]);
  });

  it("a recipe's columns missing: a card names what it looked for, the profile follows", async () => {
    const report = await computeInsights(
      await dir.file(
        csv([
          ['Email', 'When', 'Assistant', 'Interactions'],
          ['a', 'x', 'A', '1'],
        ]),
      ),
      { orderType: 'CHAT_INTERACTION' },
    );
    assert.equal(report.kind, 'profile');
    assert.deepEqual(card(report, 'missing-columns').missing, ['Date']);
    assert.ok(report.cards.some((c) => c.id === 'profile-0'));
  });
});
