// The split insights pass (src/core/insights/parts.ts): record boundaries found by quote parity against the
// naive parser's records, under tiny chunks; and a file split into 2-4 parts (run in process here; worker
// threads in the extension and the benchmark) gives exactly the report of one pass.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { fileSource } from '../../../src/core/csv/source';
import { computeInsightsWithBasis } from '../../../src/core/insights/insights';
import {
  boundariesAfter,
  computeInsightsParallel,
  computePart,
  planParts,
} from '../../../src/core/insights/parts';
import { TempDir, toCsv } from '../csv/csvTestFiles';

const cellChars = fc.constantFrom('a', 'Z', ',', '"', '\n', '\r\n', 'ü', '1');
const cell = fc.array(cellChars, { maxLength: 5 }).map((p) => p.join(''));
const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), {
  minLength: 1,
  maxLength: 20,
});

/** Byte offsets where each record starts, from the cells written (toCsv's own record ends). */
function recordStarts(records: string[][], eol: string): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const r of records) {
    starts.push(at);
    at += Buffer.byteLength(toCsv([r], eol, true));
  }
  starts.push(at);
  return starts;
}

describe('insights: split pass', () => {
  let dir: TempDir;
  before(async () => {
    dir = await TempDir.create();
  });
  after(() => dir.remove());

  it('a boundary after any target is the first record start at or after it', async () => {
    await fc.assert(
      fc.asyncProperty(
        table.filter((t) => !t.some((r) => r.length === 1 && r[0] === '')),
        fc.constantFrom('\n', '\r\n'),
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        async (records, eol, chunkBytes, picks) => {
          const text = toCsv(records, eol, true);
          const size = Buffer.byteLength(text);
          const starts = recordStarts(records, eol);
          const targets = picks.map((p) => p % size).sort((a, b) => a - b);
          const source = await fileSource(await dir.file(text), { chunkBytes });
          try {
            const got = await boundariesAfter(source, 0, targets);
            // Byte 0 starts a record: a target there is "inside" the first one, its boundary is its end.
            const want = targets.map((t) => starts.find((s) => s > t) ?? size);
            assert.deepEqual(got, want);
          } finally {
            await source.close();
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('2-4 parts give exactly the one-pass report (chat, random exports, quoted names)', async () => {
    const names = ['Default', 'Research, Zürich', 'Legal "Contract"', 'FAQ\nline 2', 'KYC'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            u: fc.integer({ min: 0, max: 30 }),
            d: fc.integer({ min: 1, max: 28 }),
            a: fc.integer({ min: 0, max: names.length - 1 }),
            n: fc.integer({ min: 0, max: 9 }),
          }),
          { minLength: 20, maxLength: 200 },
        ),
        fc.integer({ min: 2, max: 4 }),
        async (rows, parts) => {
          const file = await dir.file(
            '\uFEFF' +
              toCsv(
                [
                  ['User Email', 'Date', 'Assistant', 'Interactions'],
                  ...rows.map((r) => [
                    `user${r.u}@bank.ch`,
                    `2026-02-${String(r.d).padStart(2, '0')}`,
                    names[r.a],
                    String(r.n),
                  ]),
                ],
                '\r\n',
                true,
              ),
          );
          const one = await computeInsightsWithBasis(file, { orderType: 'CHAT_INTERACTION' });
          const split = await computeInsightsParallel(file, {
            orderType: 'CHAT_INTERACTION',
            parts,
            minPartBytes: 64,
            runPart: (spec, onProgress) => computePart(spec, onProgress),
          });
          assert.ok(split.parts >= 2, `split into ${split.parts}`);
          assert.deepEqual(split.report, one.report);
          assert.deepEqual(split.basis, one.basis);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('not split: UTF-16, small files, kinds that cannot merge', async () => {
    const utf16 = await dir.file(
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from('a,b\r\n1,2\r\n'.repeat(50), 'utf16le'),
      ]),
    );
    const source = await fileSource(utf16);
    assert.equal(await planParts(source, 2, 16), undefined);
    await source.close();
    const profile = await dir.file('x,y\n' + '1,2\n'.repeat(500));
    const r = await computeInsightsParallel(profile, {
      parts: 2,
      minPartBytes: 64,
      runPart: () => Promise.reject(new Error('must not run')),
    });
    assert.equal(r.parts, 1);
    assert.equal(r.report.kind, 'profile');
  });
});
