// FormulaGuard (src/core/csv/formulaCells.ts): which cells a spreadsheet would run as formulas, and the
// spreadsheet-safe rewrite, checked against CSVs built field by field (so the expected bytes are known),
// cut into random chunks, and on real files through the Transform.
import * as assert from 'node:assert/strict';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import {
  FormulaGuard,
  countFormulaCells,
  spreadsheetSafeTransform,
} from '../../../src/core/csv/formulaCells';

interface Field {
  readonly text: string;
  readonly quoted: boolean;
}

const LEADS = ['=', '+', '-', '@', '\t', '\r'];

/** The CSV of `records`, and the same with `'` before every formula cell, and how many there are. */
function build(records: readonly (readonly Field[])[], eol: string, bom: boolean) {
  let plain = bom ? '\uFEFF' : '';
  let safe = plain;
  let cells = 0;
  records.forEach((fields, r) => {
    const line = (guarded: boolean) =>
      fields
        .map(({ text, quoted }) => {
          const risky = text.length > 0 && LEADS.includes(text[0]);
          const body = guarded && risky ? `'${text}` : text;
          return quoted ? `"${body.replace(/"/g, '""')}"` : body;
        })
        .join(',');
    cells += fields.filter((f) => f.text.length > 0 && LEADS.includes(f.text[0])).length;
    plain += line(false) + (r < records.length - 1 ? eol : '');
    safe += line(true) + (r < records.length - 1 ? eol : '');
  });
  return { plain: Buffer.from(plain), safe: Buffer.from(safe), cells };
}

/** Fields as a writer would emit them: quoted when they must be (comma, quote, CR, LF), else as chosen. */
const field = fc
  .tuple(
    fc.string({
      unit: fc.constantFrom(
        'a',
        'b',
        '1',
        ' ',
        '=',
        '+',
        '-',
        '@',
        '\t',
        '\r',
        '\n',
        ',',
        '"',
        'ü',
      ),
    }),
    fc.boolean(),
  )
  .map(([text, wantQuotes]): Field => ({ text, quoted: wantQuotes || /[",\r\n]/.test(text) }));
// A record of one empty unquoted field would be an empty line; keep at least one visible byte per record.
const record = fc
  .array(field, { minLength: 1, maxLength: 6 })
  .filter((fs) => fs.some((f) => f.quoted || f.text !== ''));
const csv = fc.record({
  records: fc.array(record, { minLength: 1, maxLength: 12 }),
  eol: fc.constantFrom('\n', '\r\n'),
  bom: fc.boolean(),
});

/** Runs the guard over `bytes` cut at `cuts`. */
function runChunked(bytes: Buffer, cuts: readonly number[], rewrite: boolean) {
  const guard = new FormulaGuard();
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let at = 0;
  for (const p of [...points, bytes.length]) {
    parts.push(guard.push(bytes.subarray(at, p), rewrite));
    at = p;
  }
  parts.push(guard.end(rewrite));
  return { out: Buffer.concat(parts), report: guard.report };
}

describe('FormulaGuard', () => {
  it('counts formula cells and rewrites exactly them, however the file is cut into chunks', () => {
    fc.assert(
      fc.property(csv, fc.array(fc.nat(), { maxLength: 8 }), ({ records, eol, bom }, cuts) => {
        const { plain, safe, cells } = build(records, eol, bom);
        const rewritten = runChunked(plain, cuts, true);
        assert.equal(rewritten.report.cells, cells);
        assert.ok(
          rewritten.out.equals(safe),
          `${JSON.stringify(plain.toString())}\n→ ${JSON.stringify(rewritten.out.toString())}`,
        );
        assert.equal(runChunked(plain, cuts, false).report.cells, cells);
      }),
      { numRuns: 600 },
    );
  });

  it('names the first record holding one (the header is record 1)', () => {
    const guard = new FormulaGuard();
    guard.push(
      Buffer.from('Email,Question\r\na@b.ch,"hello\nworld"\r\nc@d.ch,"=HYPERLINK(""x"")"\r\n'),
      false,
    );
    assert.deepEqual(guard.report, { cells: 1, firstRecord: 3 });
  });

  it('a CRLF after an empty last field is a line end, a bare CR at a field start is a cell, also across chunks', () => {
    assert.deepEqual(runChunked(Buffer.from('a,\r\nb,c'), [], true).report, { cells: 0 });
    for (const cut of [0, 1, 2, 3, 4]) {
      const r = runChunked(Buffer.from('a,\rx\n'), [cut], true);
      assert.equal(r.out.toString(), "a,'\rx\n", `cut at ${cut}`);
      assert.equal(r.report.cells, 1);
      const crlf = runChunked(Buffer.from('a,\r\nb'), [cut], true);
      assert.equal(crlf.out.toString(), 'a,\r\nb', `cut at ${cut}`);
    }
    const trailing = runChunked(Buffer.from('a,\r'), [], true);
    assert.equal(trailing.out.toString(), "a,'\r");
  });

  it('leaves a file without formula cells byte-identical, BOM and all', () => {
    const bytes = Buffer.from(
      '\uFEFFEmail,Date,Assistant,Count\r\nj@bank.ch,2024-05-01,"Ask, Policy",3\r\n',
    );
    assert.ok(runChunked(bytes, [1, 2, 5], true).out.equals(bytes));
  });

  it('rewrites a real file through the Transform and counts from a file stream', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ua-formula-'));
    try {
      const src = join(dir, 'in.csv');
      const dst = join(dir, 'out.csv');
      const rows = ['Email,Question,Answer'];
      for (let i = 0; i < 20_000; i++)
        rows.push(`u${i}@bank.ch,"${i % 1000 === 0 ? '=1+1' : 'why?'}",-${i}`);
      await writeFile(src, rows.join('\r\n'));
      await pipeline(
        createReadStream(src, { highWaterMark: 1021 }),
        spreadsheetSafeTransform(),
        createWriteStream(dst),
      );
      const out = await readFile(dst, 'utf8');
      assert.equal(out.split('"\'=1+1"').length - 1, 20);
      assert.ok(out.includes(",'-19999"));
      assert.deepEqual(await countFormulaCells(createReadStream(src, { highWaterMark: 977 })), {
        cells: 20_020,
        firstRecord: 2,
      });
      assert.deepEqual(await countFormulaCells(createReadStream(dst)), { cells: 0 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
