// The row index, pages and the streaming row pass against the cells a random CSV was written from and a
// naive reference parser, with tiny stream chunks so chunk boundaries fall inside quoted fields, between
// the two quotes of `""`, between CR and LF and inside multi-byte characters.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { readRows } from '../../../src/core/csv/pages';
import { buildIndex } from '../../../src/core/csv/rowIndex';
import { scanRows } from '../../../src/core/csv/rowScan';
import { fileSource } from '../../../src/core/csv/source';
import { naiveParse, TempDir, toCsv } from './csvTestFiles';

const cellChars = fc.constantFrom(
  'a',
  'b',
  'Z',
  ' ',
  ',',
  '"',
  '\n',
  '\r\n',
  'ü',
  '😀',
  '1',
  '-',
  ';',
);
const cell = fc.array(cellChars, { maxLength: 6 }).map((parts) => parts.join(''));
const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), {
  minLength: 1,
  maxLength: 25,
});

describe('CSV row index and pages (property tests)', () => {
  let dir: TempDir;
  before(async () => {
    dir = await TempDir.create();
  });
  after(async () => {
    await dir.remove();
  });

  it('finds every record and reads each row as written, whatever the chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(
        table,
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 1, max: 9 }),
        async (records, eol, finalEol, bom, chunkBytes) => {
          const text = toCsv(records, eol, finalEol);
          assert.deepEqual(
            naiveParse(text),
            records,
            'the reference parser reads what was written',
          );
          const path = await dir.file((bom ? '\ufeff' : '') + text);
          const source = await fileSource(path, { chunkBytes });
          try {
            const index = buildIndex(source, { startAt: bom ? 3 : 0 });
            await index.finished;
            assert.equal(index.rowCount, records.length - 1);
            const wanted = Array.from({ length: index.rowCount }, (_, i) => i);
            assert.deepEqual(await readRows(source, index, wanted), records.slice(1));
            // Scattered and repeated rows, in any order.
            const shuffled = wanted.filter((i) => i % 3 !== 1).reverse();
            assert.deepEqual(
              await readRows(source, index, shuffled),
              shuffled.map((i) => records[i + 1]),
            );
            // The streaming pass sees the same rows in file order.
            const streamed: string[][] = [];
            await scanRows(source, index, (first, rows) => {
              assert.equal(first, streamed.length);
              streamed.push(...rows);
            });
            assert.deepEqual(streamed, records.slice(1));
            // ... and only the wanted ones when given a subset.
            const only = Uint32Array.from(wanted.filter((i) => i % 2 === 0));
            const picked: string[][] = [];
            await scanRows(source, index, (_first, rows) => void picked.push(...rows), { only });
            assert.deepEqual(
              picked,
              [...only].map((i) => records[i + 1]),
            );
          } finally {
            await source.close();
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('grows rowCount monotonically while indexing and never offers an unfinished row', async () => {
    await fc.assert(
      fc.asyncProperty(table, fc.integer({ min: 1, max: 5 }), async (records, chunkBytes) => {
        const path = await dir.file(toCsv(records, '\r\n', true));
        const source = await fileSource(path, { chunkBytes });
        try {
          let last = 0;
          const index = buildIndex(source, {
            onProgress: ({ rows, done }) => {
              assert.ok(rows >= last);
              last = rows;
              if (!done && rows > 0) {
                // Every offered row's bytes end where the next record starts (complete records only).
                const end = index.rowEnd(rows - 1);
                assert.ok(end <= index.bytesIndexed);
              }
            },
          });
          await index.finished;
          assert.equal(index.rowCount, records.length - 1);
        } finally {
          await source.close();
        }
      }),
      { numRuns: 80 },
    );
  });

  it('cancels on abort', async () => {
    const path = await dir.file('a\n' + 'x\n'.repeat(10_000));
    const source = await fileSource(path, { chunkBytes: 64 });
    const ac = new AbortController();
    const index = buildIndex(source, {
      signal: ac.signal,
      onProgress: ({ rows }) => {
        if (rows > 100) ac.abort();
      },
    });
    await assert.rejects(index.finished, { name: 'AbortError' });
    assert.ok(index.rowCount < 10_000);
    await source.close();
  });
});
