// Merging a batch's parts (src/core/ranges/merge.ts) on real files: one BOM and one header, every row of every
// part in order with nothing lost or doubled at the boundaries (checked against the naive parser), a part
// without a final line end, a header-only part, quoted line breaks across the seam; a part with other columns is
// refused and leaves no file; the result never exists half-written.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { MergeHeaderError, mergeParts } from '../../../src/core/ranges/merge';
import { naiveParse, TempDir, toCsv } from '../csv/csvTestFiles';

const BOM = '\uFEFF';

describe('ranges: merging parts', () => {
  let dir: TempDir;
  before(async () => {
    dir = await TempDir.create();
  });
  after(() => dir.remove());

  it('one BOM, one header, every row in order; quoted line breaks and a missing final line end', async () => {
    const header = ['User Email', 'Date', 'Assistant', 'Interactions'];
    const a = [['a@x', '2026-07-01', 'Legal "Contract"\nHelper', '1']];
    const b = [
      ['b@x', '2026-07-15', 'Default', '2'],
      ['c@x', '2026-07-16', 'Zürich, FAQ', '3'],
    ];
    const c = [['d@x', '2026-07-29', 'KYC', '4']];
    const files = [
      await dir.file(BOM + toCsv([header, ...a], '\r\n', true)),
      await dir.file(BOM + toCsv([header, ...b], '\r\n', false)),
      await dir.file(BOM + toCsv([header], '\r\n', true)),
      await dir.file(BOM + toCsv([header, ...c], '\r\n', true)),
    ];
    const target = join(dir.path, 'merged.csv');
    const r = await mergeParts(files, target);
    const text = readFileSync(target, 'utf8');
    assert.ok(text.startsWith(BOM) && !text.slice(1).includes(BOM), 'one BOM');
    assert.deepEqual(naiveParse(text.slice(1)), [header, ...a, ...b, ...c]);
    assert.equal(r.emptyParts, 1);
    assert.equal(r.bytes, Buffer.byteLength(text));
  });

  it('random parts: the merge is the concatenation of their rows (fast-check)', async () => {
    const cell = fc
      .array(fc.constantFrom('a', ',', '"', '\n', 'ü', '1'), { maxLength: 4 })
      .map((p) => p.join(''));
    const rows = fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { maxLength: 6 });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(rows, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        async (parts, bom) => {
          const header = ['x', 'y'];
          const files = [];
          for (const p of parts)
            files.push(await dir.file((bom ? BOM : '') + toCsv([header, ...p], '\n', true)));
          const target = join(dir.path, `m${n++}.csv`);
          await mergeParts(files, target);
          const text = readFileSync(target, 'utf8');
          const body = bom ? text.slice(1) : text;
          const want = [header, ...parts.flat()].filter((r) => !(r.length === 1 && r[0] === ''));
          assert.deepEqual(naiveParse(body), want);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a part with other columns is refused, naming both headers; no file is left', async () => {
    const files = [
      await dir.file('Date,Users\n2026-07-01,3\n'),
      await dir.file('Date,Active Users\n2026-07-15,4\n'),
    ];
    const target = join(dir.path, 'refused.csv');
    await assert.rejects(mergeParts(files, target), (e: unknown) => {
      assert.ok(e instanceof MergeHeaderError);
      assert.equal(e.part, 1);
      assert.match(e.message, /"Date,Active Users" instead of "Date,Users"/);
      return true;
    });
    assert.equal(existsSync(target), false);
    assert.deepEqual(
      readdirSync(dir.path).filter((f) => f.startsWith('refused')),
      [],
      'no temporary file either',
    );
  });

  it('cancelled: no file under the final name, no temporary file', async () => {
    const files = [await dir.file('a,b\n' + '1,2\n'.repeat(100_000))];
    const target = join(dir.path, 'cancelled.csv');
    const c = new AbortController();
    c.abort();
    await assert.rejects(mergeParts(files, target, { signal: c.signal }));
    assert.deepEqual(
      readdirSync(dir.path).filter((f) => f.startsWith('cancelled')),
      [],
    );
  });
});
