// csvFiles: safe names from server data, the folder guard, and head-only reads of real temp files.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  mkdtempSync,
  rmSync,
  writeFileSync,
  openSync,
  closeSync,
  ftruncateSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { orderFromWire, type Order } from '../../../src/core/orders/order';
import {
  LARGE_FILE_BYTES,
  csvFileName,
  readHeadLines,
  resolveInside,
} from '../../../src/core/downloads/csvFiles';

const WINDOW = { startDate: '2024-05-02T22:00:00.000Z', endDate: '2024-06-02T21:59:59.999Z' };

function order(id: string, type = 'CHAT_INTERACTION', configuration: unknown = WINDOW): Order {
  return orderFromWire({ id, type, state: 'DONE', configuration });
}

const SAFE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.csv$/;

describe('csvFileName', () => {
  it('kind, Zurich days and id', () => {
    assert.equal(
      csvFileName(order('analyticOrder_ltz4rirt5ej8v0yeu0owa5sg')),
      'chat-interactions_2024-05-03_2024-06-02_analyticOrder_ltz4rirt5ej8v0yeu0owa5sg.csv',
    );
    assert.equal(
      csvFileName(order('x1', 'CHAT_INTERACTION_DETAILED')),
      'detailed-user-interactions_2024-05-03_2024-06-02_x1.csv',
    );
    assert.equal(csvFileName(order('x1', 'ACTIVE_USER', null)), 'active-users_x1.csv');
  });

  it('a placeholder uses its requested range', () => {
    const p: Order = {
      ...order('p1', 'NPS', null),
      optimistic: { requestedRange: { start: '2024-01-01', end: '2024-01-31' } },
    };
    assert.equal(csvFileName(p), 'net-promoter-score_2024-01-01_2024-01-31_p1.csv');
  });

  const hostile = [
    '../../etc/passwd',
    'a/b\\c',
    '..',
    '.',
    '.hidden',
    '-rf',
    'x'.repeat(5000),
    'ünïcødé_订单_🙂',
    '日本語',
    'C:\\Windows\\x',
    'con',
    'a\u0000b',
    ' ',
    '/',
  ];
  for (const id of hostile) {
    it(`stays a plain file name for id ${JSON.stringify(id.length > 30 ? `${id.slice(0, 30)}…` : id)}`, () => {
      const name = csvFileName(order(id, 'We/ird..TYPE<>'));
      assert.match(name, SAFE);
      assert.ok(!name.includes('..'), name);
      assert.ok(!name.includes('/') && !name.includes('\\'), name);
      assert.ok(name.length <= 160, `${name.length} chars`);
      assert.equal(resolveInside('/data/exports', name), join('/data/exports', name));
    });
  }

  it('different ids never share a file, even when sanitizing makes them look alike', () => {
    const ids = [
      'a/b',
      'a_b',
      'a\\b',
      'a b',
      'x'.repeat(200),
      `${'x'.repeat(199)}y`,
      '日本',
      '中国',
      '..',
      '...',
    ];
    const names = ids.map((id) => csvFileName(order(id)));
    assert.equal(new Set(names).size, ids.length, names.join('\n'));
  });

  it('keeps accented letters readable', () => {
    assert.match(csvFileName(order('café')), /_cafe-[0-9a-f]{12}\.csv$/);
  });

  it('an unknown type with nothing usable still gives a name', () => {
    assert.match(csvFileName(order('abc', '🙂🙂', null)), /^export_abc\.csv$/);
  });
});

describe('resolveInside', () => {
  it('accepts names inside the folder and refuses escapes', () => {
    assert.equal(resolveInside('/data/exports', 'a.csv'), join('/data/exports', 'a.csv'));
    assert.equal(resolveInside('/data/exports/', '..a.csv'), join('/data/exports', '..a.csv'));
    for (const bad of [
      '../a.csv',
      '..',
      '',
      '.',
      '/etc/passwd',
      `sub${sep}..${sep}..${sep}x`,
      '../exports2/a.csv',
    ]) {
      assert.throws(() => resolveInside('/data/exports', bad), /outside the folder/, bad);
    }
  });
});

describe('readHeadLines', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ua-csv-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function file(name: string, content: string | Buffer): string {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  }

  it('a small file comes back whole, including a last line without a line break', async () => {
    const p = file('small.csv', 'a,b\n1,2\n3,4');
    assert.deepEqual(await readHeadLines(p, 1024, 100), {
      text: 'a,b\n1,2\n3,4',
      lineCount: 3,
      truncated: false,
    });
  });

  it('cuts at the last complete line within maxBytes', async () => {
    const p = file('cut.csv', 'head\r\nline1\r\nline2\r\n');
    // 15 bytes reach into "line2": only the first two lines are complete.
    assert.deepEqual(await readHeadLines(p, 15, 100), {
      text: 'head\r\nline1\r\n',
      lineCount: 2,
      truncated: true,
    });
    // Exactly at a line end.
    assert.deepEqual(await readHeadLines(p, 13, 100), {
      text: 'head\r\nline1\r\n',
      lineCount: 2,
      truncated: true,
    });
    assert.deepEqual(await readHeadLines(p, 20, 100), {
      text: 'head\r\nline1\r\nline2\r\n',
      lineCount: 3,
      truncated: false,
    });
  });

  it('stops after maxLines', async () => {
    const p = file('lines.csv', 'a\nb\nc\nd\n');
    assert.deepEqual(await readHeadLines(p, 1024, 2), {
      text: 'a\nb\n',
      lineCount: 2,
      truncated: true,
    });
    assert.deepEqual(await readHeadLines(p, 1024, 4), {
      text: 'a\nb\nc\nd\n',
      lineCount: 4,
      truncated: false,
    });
  });

  it('a first line longer than maxBytes gives nothing, truncated', async () => {
    const p = file('long.csv', `${'x'.repeat(100)}\nshort\n`);
    assert.deepEqual(await readHeadLines(p, 50, 10), { text: '', lineCount: 0, truncated: true });
  });

  it('keeps the byte-order mark and never splits a multi-byte character', async () => {
    const p = file(
      'bom.csv',
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('Zürich,€\nGenève,€€€\n', 'utf8'),
      ]),
    );
    const all = await readHeadLines(p, 1024, 10);
    assert.equal(all.text, '\uFEFFZürich,€\nGenève,€€€\n');
    const head = await readHeadLines(p, 25, 10);
    assert.equal(head.text, '\uFEFFZürich,€\n');
    assert.ok(!head.text.includes('\uFFFD'));
  });

  it('an empty file', async () => {
    assert.deepEqual(await readHeadLines(file('empty.csv', ''), 10, 10), {
      text: '',
      lineCount: 0,
      truncated: false,
    });
  });

  it('reads only the head of a file too large to read whole', async function () {
    // A sparse 3 GiB file: beyond fs.readFile's 2 GiB limit, so reading it whole would fail.
    const p = join(dir, 'huge.csv');
    const fd = openSync(p, 'w');
    try {
      writeSync(fd, 'col1,col2\nv1,v2\n');
      ftruncateSync(fd, 3 * 1024 ** 3);
    } finally {
      closeSync(fd);
    }
    const head = await readHeadLines(p, 64 * 1024, 1000);
    assert.equal(head.text, 'col1,col2\nv1,v2\n');
    assert.equal(head.truncated, true);
    assert.ok(LARGE_FILE_BYTES < 3 * 1024 ** 3);
  });

  describe('quoted fields spanning lines (RFC 4180 quoting)', () => {
    const header = 'id,prompt,answer\n';
    const multi = '1,"first line\nsecond line","ok"\n'; // one record, two lines
    const tricky = '2,"she said ""stop""\nand left","a, b"\r\n'; // doubled quotes and a comma inside
    const plainRow = '3,short,row\n';

    it('keeps a multi-line record whole when it fits, and counts its lines', async () => {
      const p = file('multi.csv', header + multi + tricky + plainRow);
      assert.deepEqual(await readHeadLines(p, 1024, 100), {
        text: header + multi + tricky + plainRow,
        lineCount: 6,
        truncated: false,
      });
    });

    it('a byte limit inside a quoted field cuts before that record, not at the line break inside it', async () => {
      const p = file('cut-bytes.csv', header + multi + tricky + plainRow);
      // Ends just after "first line\n": the old cut would have left the quote open.
      const limit = header.length + multi.indexOf('\n') + 1;
      assert.deepEqual(await readHeadLines(p, limit, 100), {
        text: header,
        lineCount: 1,
        truncated: true,
      });
      // Inside the doubled-quote record: the first two records survive.
      const limit2 = header.length + multi.length + tricky.indexOf('\n') + 3;
      assert.deepEqual(await readHeadLines(p, limit2, 100), {
        text: header + multi,
        lineCount: 3,
        truncated: true,
      });
    });

    it('a line limit inside a quoted field cuts before that record', async () => {
      const p = file('cut-lines.csv', header + multi + tricky + plainRow);
      assert.deepEqual(await readHeadLines(p, 1024, 2), {
        text: header,
        lineCount: 1,
        truncated: true,
      });
      assert.deepEqual(await readHeadLines(p, 1024, 3), {
        text: header + multi,
        lineCount: 3,
        truncated: true,
      });
      assert.deepEqual(await readHeadLines(p, 1024, 4), {
        text: header + multi,
        lineCount: 3,
        truncated: true,
      });
      assert.deepEqual(await readHeadLines(p, 1024, 5), {
        text: header + multi + tricky,
        lineCount: 5,
        truncated: true,
      });
    });

    it('a first record with a quoted field longer than the limit gives nothing, truncated', async () => {
      const p = file('long-field.csv', `"${'line\n'.repeat(50)}",x\nnext,row\n`);
      assert.deepEqual(await readHeadLines(p, 100, 1000), {
        text: '',
        lineCount: 0,
        truncated: true,
      });
      assert.deepEqual(await readHeadLines(p, 10_000, 20), {
        text: '',
        lineCount: 0,
        truncated: true,
      });
    });

    it('a quote in the byte-order-marked header does not confuse the count', async () => {
      const p = file('bom.csv', Buffer.from(`\uFEFF"a","b\nc"\n1,2\n3,4\n`, 'utf8'));
      const head = await readHeadLines(p, 20, 100);
      assert.equal(head.text, '\uFEFF"a","b\nc"\n1,2\n');
      assert.equal(head.lineCount, 3);
    });

    // Fields drawn from what breaks naive cutting: quotes, commas, both line breaks, non-ASCII.
    const field = fc
      .array(fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r\n', 'é', '€', '😀'), {
        maxLength: 8,
      })
      .map((parts) => parts.join(''));
    const csvField = (f: string): string => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
    const records = fc.array(
      fc
        .array(field, { minLength: 1, maxLength: 4 })
        .map((fields) => `${fields.map(csvField).join(',')}\n`),
      { minLength: 1, maxLength: 12 },
    );

    it('property: the text is the longest run of whole records within both limits', async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          records,
          fc.integer({ min: 1, max: 400 }),
          fc.integer({ min: 1, max: 30 }),
          async (recs, maxBytes, maxLines) => {
            const content = recs.join('');
            const p = file(`prop-${n++}.csv`, content);
            const head = await readHeadLines(p, maxBytes, maxLines);
            const lineBreaks = (s: string): number => s.split('\n').length - 1;
            // The expected cut: as many leading records as fit in both limits.
            let k = 0;
            let prefix = '';
            while (k < recs.length) {
              const next = prefix + recs[k];
              if (Buffer.byteLength(next) > maxBytes || lineBreaks(next) > maxLines) break;
              prefix = next;
              k++;
            }
            assert.equal(head.text, prefix);
            assert.equal(head.lineCount, lineBreaks(prefix));
            assert.equal(head.truncated, k < recs.length);
            assert.equal((head.text.match(/"/g) ?? []).length % 2, 0, 'ends inside a quoted field');
          },
        ),
        { numRuns: 300 },
      );
    });
  });

  it('refuses nonsense limits and missing files', async () => {
    const p = file('x.csv', 'a\n');
    await assert.rejects(readHeadLines(p, 0, 1), RangeError);
    await assert.rejects(readHeadLines(p, 10, 0), RangeError);
    await assert.rejects(readHeadLines(join(dir, 'missing.csv'), 10, 1), { code: 'ENOENT' });
  });

  it('LARGE_FILE_BYTES is 50 MiB', () => {
    assert.equal(LARGE_FILE_BYTES, 52_428_800);
  });
});
