// Sort (stable, type-aware, empty cells last both ways), filter (case-insensitive, per column and across
// all, AND), the combined view, find forwards / backwards with wrap, counts, copy formats and column
// types, through CsvTable on real files.
import * as assert from 'node:assert/strict';
import { dateKey, inferColumnTypes, numberKey } from '../../../src/core/csv/columnTypes';
import { formatSelection } from '../../../src/core/csv/copy';
import { CsvTable } from '../../../src/core/csv/csvTable';
import { sortView } from '../../../src/core/csv/sortView';
import { TempDir, toCsv } from './csvTestFiles';

describe('CSV views, find and copy', () => {
  let dir: TempDir;
  const tables: CsvTable[] = [];
  before(async () => {
    dir = await TempDir.create();
  });
  afterEach(async () => {
    for (const t of tables.splice(0)) await t.dispose();
  });
  after(async () => {
    await dir.remove();
  });

  async function open(rows: string[][], chunkBytes = 7): Promise<CsvTable> {
    const t = await CsvTable.openFile(await dir.file(toCsv(rows, '\r\n', true)), { chunkBytes });
    tables.push(t);
    await t.indexed;
    return t;
  }

  /** The given column of the view's rows. */
  async function columnOf(t: CsvTable, view: Uint32Array, c: number): Promise<string[]> {
    return (await t.rows(view)).map((r) => r[c]);
  }

  const people = [
    ['Name', 'Amount', 'When', 'Tag'],
    ['anna', '10', '2024-05-03', 'b'],
    ['Bert', '-2.5', '2024-05-03 08:00:00', 'a'],
    ['cara', '', '2023-12-31T23:59:59Z', 'B'],
    ['Anna', '1e3', '', 'a'],
    ['dora', '10', '2024-05-03T10:00:00+02:00', ''],
    ['emil', '2', '2024-01-01', 'A'],
  ];

  it('infers column types from the first rows', async () => {
    const t = await open(people);
    assert.deepEqual(
      t.columns.map((c) => c.type),
      ['text', 'number', 'date', 'text'],
    );
  });

  it('sorts numbers as numbers, stable, empty cells last in both directions', async () => {
    const t = await open(people);
    const asc = (await t.sort({ column: 1, direction: 'asc' })).view;
    assert.deepEqual([...asc], [1, 5, 0, 4, 3, 2]);
    const desc = (await t.sort({ column: 1, direction: 'desc' })).view;
    // Equal keys (10: anna, dora) keep file order in both directions.
    assert.deepEqual([...desc], [3, 0, 4, 5, 1, 2]);
  });

  it('sorts dates as instants', async () => {
    const t = await open(people);
    const asc = (await t.sort({ column: 2, direction: 'asc' })).view;
    // 2023-12-31T23:59:59Z, 2024-01-01, 2024-05-03 (00:00), 2024-05-03 08:00, 2024-05-03T10:00+02:00 = 08:00Z.
    assert.deepEqual(await columnOf(t, asc, 0), ['cara', 'emil', 'anna', 'Bert', 'dora', 'Anna']);
  });

  it('sorts text by the collator (case-blind, numeric), ties in file order', async () => {
    const t = await open([
      ['Name'],
      ['item 10'],
      ['Item 2'],
      ['apple'],
      ['Äpfel'],
      ['item 2'],
      [''],
      ['APPLE'],
    ]);
    const asc = (await t.sort({ column: 0, direction: 'asc' })).view;
    // Base sensitivity: Ä is A, so "Äpfel" < "apple" ("f" < "p").
    assert.deepEqual(await columnOf(t, asc, 0), [
      'Äpfel',
      'apple',
      'APPLE',
      'Item 2',
      'item 2',
      'item 10',
      '',
    ]);
    const desc = (await t.sort({ column: 0, direction: 'desc' })).view;
    assert.deepEqual(await columnOf(t, desc, 0), [
      'item 10',
      'Item 2',
      'item 2',
      'apple',
      'APPLE',
      'Äpfel',
      '',
    ]);
  });

  it('puts cells a number column cannot read after the numbers, before the empty ones', async () => {
    const t = await open([['n'], ['5'], [''], ['n/a'], ['-1'], ['007']]);
    assert.equal(t.columns[0].type, 'text'); // the sample has text: sorted as a number column on request
    const v = (await t.sort({ column: 0, direction: 'asc' }, { type: 'number' })).view;
    // "007" is an id, not a number: unreadable as a number, like "n/a" (file order among them).
    assert.deepEqual(await columnOf(t, v, 0), ['-1', '5', 'n/a', '007', '']);
  });

  it('is a stable sort on many rows with few keys (file order within each key)', async () => {
    const rows = [['k', 'i']];
    for (let i = 0; i < 3000; i++) rows.push([String((i * 7) % 5), String(i)]);
    const t = await open(rows, 4096);
    for (const direction of ['asc', 'desc'] as const) {
      const v = (await t.sort({ column: 0, direction })).view;
      const got = await t.rows(v);
      for (let i = 1; i < got.length; i++) {
        const [k0, i0] = got[i - 1].map(Number);
        const [k1, i1] = got[i].map(Number);
        assert.ok(direction === 'asc' ? k0 <= k1 : k0 >= k1);
        if (k0 === k1) assert.ok(i0 < i1, `row ${i}: ties keep file order`);
      }
    }
  });

  it('falls back to a prefix of text keys above the distinct-value limit, still stable', async () => {
    const rows = [['v']];
    for (let i = 0; i < 200; i++) rows.push([`${String.fromCharCode(97 + (i % 3))}-${199 - i}`]);
    const t = await open(rows, 512);
    const index = (t as unknown as { index: Parameters<typeof sortView>[1] }).index;
    const r = await sortView(
      t.source,
      index,
      { column: 0, direction: 'asc' },
      {
        type: 'text',
        limits: { texts: 50, chars: 1_000_000 },
      },
    );
    assert.ok(r.prefixChars !== undefined && r.prefixChars < 64);
    const got = await columnOf(t, r.view, 0);
    // a-…, then b-…, then c-…; within a prefix, file order.
    assert.deepEqual(got.slice(0, 3), ['a-199', 'a-196', 'a-193']);
    assert.equal(got[67], 'b-198');
  });

  it('filters case-insensitively per column and across all columns, AND between them', async () => {
    const t = await open(people);
    assert.deepEqual([...(await t.filter({ columns: { 0: 'ANN' } }))], [0, 3]);
    assert.deepEqual([...(await t.filter({ all: '2024-05' }))], [0, 1, 4]);
    assert.deepEqual([...(await t.filter({ all: '10', columns: { 3: 'b' } }))], [0]);
    assert.deepEqual([...(await t.filter({ columns: { 0: 'a', 3: 'a' } }))], [3]);
    assert.deepEqual([...(await t.filter({ all: 'no such text' }))], []);
    // A match never spans two cells.
    assert.deepEqual([...(await t.filter({ all: 'anna10' }))], []);
    assert.equal((await t.filter({})).length, 6);
  });

  it('hands out the growing filter result while it scans', async () => {
    const rows = [['x']];
    for (let i = 0; i < 5000; i++) rows.push([i % 2 ? 'odd' : 'even']);
    const t = await open(rows, 1024);
    const seen: number[] = [];
    const v = await t.filter({ all: 'odd' }, { onProgress: (done) => seen.push(done) });
    assert.equal(v.length, 2500);
    assert.ok(seen.length > 3);
  });

  it('filters first, then sorts the filtered rows', async () => {
    const t = await open(people);
    const view = await t.view({ column: 1, direction: 'desc' }, { columns: { 0: 'a' } });
    // Names with an "a": anna(10), Bert? no; cara(''), Anna(1e3), dora(10).
    assert.deepEqual([...view.rows!], [3, 0, 4, 2]);
    assert.deepEqual([...view.ascending!], [0, 2, 3, 4]);
    assert.deepEqual(await t.view(), {});
  });

  it('finds forwards and backwards, wrapping once, and counts all matches', async () => {
    const t = await open(people);
    const f1 = await t.find('ANNA', { row: 0, column: -1 }, false);
    assert.deepEqual(f1.match, { row: 0, column: 0 });
    const f2 = await t.find('anna', f1.match, false);
    assert.deepEqual(f2.match, { row: 3, column: 0 });
    const f3 = await t.find('anna', f2.match, false);
    assert.deepEqual(f3.match, { row: 0, column: 0 });
    assert.equal(f3.wrapped, true);
    const b1 = await t.find('anna', { row: 0, column: 0 }, true);
    assert.deepEqual(b1.match, { row: 3, column: 0 });
    assert.equal(b1.wrapped, true);
    const b2 = await t.find('2024', { row: 5, column: 3 }, true);
    assert.deepEqual(b2.match, { row: 5, column: 2 });
    assert.equal((await t.find('zzz', { row: 0, column: -1 }, false)).match, undefined);
    // The count pass started by the first call for a query completes.
    let r = await t.find('a', { row: 0, column: -1 }, false);
    for (let i = 0; i < 50 && !r.complete; i++) {
      await new Promise((res) => setTimeout(res, 10));
      r = await t.find('a', { row: 0, column: -1 }, false);
    }
    assert.equal(r.complete, true);
    // Cells with an "a" (any case): anna, Bert? no… count by hand from the data.
    const expected = people
      .slice(1)
      .flat()
      .filter((c) => c.toLowerCase().includes('a')).length;
    assert.equal(r.count, expected);
  });

  it('finds in a sorted view by view rows', async () => {
    const t = await open(people);
    const view = await t.view({ column: 0, direction: 'desc' });
    // Desc by name: emil, dora, cara, Bert, anna, Anna (anna/Anna tie keeps file order).
    const f = await t.find('ann', { row: 0, column: -1 }, false, view);
    assert.deepEqual(f.match, { row: 4, column: 0 });
    const b = await t.find('ann', { row: 0, column: -1 }, true, view);
    assert.deepEqual(b.match, { row: 5, column: 0 });
  });

  it('copies as CSV, TSV and Markdown', () => {
    const header = ['Name', 'Note', 'Formula'];
    const rows = [
      ['Müller, A', 'says "hi"\r\nthen\tleaves', '=SUM(A1)'],
      ['b|c', '', '@x'],
    ];
    assert.equal(
      formatSelection(rows, header, { start: 0, end: 2 }, 'csv'),
      'Name,Note,Formula\r\n"Müller, A","says ""hi""\r\nthen\tleaves",=SUM(A1)\r\nb|c,,@x',
    );
    assert.equal(
      formatSelection(rows, header, { start: 1, end: 2 }, 'tsv'),
      'Note\tFormula\nsays "hi" then leaves\t=SUM(A1)\n\t@x',
    );
    assert.equal(
      formatSelection(rows, header, { start: 0, end: 1 }, 'markdown'),
      '| Name | Note |\n| --- | --- |\n| Müller, A | says "hi" then\tleaves |\n| b\\|c |  |',
    );
    assert.equal(
      formatSelection(rows, header, { start: 2, end: 2 }, 'csv', { includeHeader: false }),
      '=SUM(A1)\r\n@x',
    );
  });

  it('reads numbers and dates by their rules', () => {
    assert.equal(numberKey('-12.5e2'), -1250);
    assert.equal(numberKey('0.25'), 0.25);
    assert.ok(Number.isNaN(numberKey('007')));
    assert.ok(Number.isNaN(numberKey('1,000')));
    assert.ok(Number.isNaN(numberKey('')));
    assert.equal(dateKey('2024-05-03'), Date.UTC(2024, 4, 3));
    assert.equal(dateKey('2024-05-03 08:15:00'), Date.UTC(2024, 4, 3, 8, 15));
    assert.equal(dateKey('2024-05-03T08:15:00.5+01:00'), Date.UTC(2024, 4, 3, 7, 15, 0, 500));
    assert.ok(Number.isNaN(dateKey('2024-02-30')));
    assert.ok(Number.isNaN(dateKey('03.05.2024')));
    assert.deepEqual(
      inferColumnTypes(
        ['a', 'b', 'c', 'd'],
        [
          ['1', '2024-01-01', 'x', ''],
          ['-2', '2024-01-02 10:00:00', '3', ''],
          ['007', '', '', ''],
        ],
      ).map((c) => c.type),
      ['text', 'date', 'text', 'empty'],
    );
  });
});
