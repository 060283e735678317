// The insights' row pass (src/core/insights/rowStream.ts) against the cells a random CSV was written from, with
// tiny stream chunks so cuts fall inside quoted fields, between the quotes of `""`, between CR and LF and inside
// multi-byte characters; UTF-16 files; bad files. (No ';' in cells: a file could then sniff as semicolon-separated,
// which the CSV engine's own tests cover.)
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { fileSource } from '../../../src/core/csv/source';
import {
  lastRecordEnd,
  streamRows,
  streamSource,
  UnreadableCsvError,
} from '../../../src/core/insights/rowStream';
import { TempDir, toCsv } from '../csv/csvTestFiles';

const cellChars = fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r\n', 'ü', '😀', '1');
const cell = fc.array(cellChars, { maxLength: 6 }).map((parts) => parts.join(''));
const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), {
  minLength: 1,
  maxLength: 25,
});

describe('insights: row stream', () => {
  let dir: TempDir;
  before(async () => {
    dir = await TempDir.create();
  });
  after(() => dir.remove());

  it('gives the header and every row as written, whatever the chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          cell.map((c) => `h${c}`),
          { minLength: 1, maxLength: 5 },
        ),
        table,
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 1, max: 9 }),
        async (header, records, eol, finalEol, bom, chunkBytes) => {
          const text = toCsv([header, ...records], eol, finalEol);
          const source = await fileSource(await dir.file((bom ? '\uFEFF' : '') + text), {
            chunkBytes,
          });
          const rows: string[][] = [];
          let got: string[] | undefined;
          try {
            const summary = await streamSource(
              source,
              (h) => (got = h),
              (r) => rows.push([...r]),
            );
            // A record that is one empty cell carries nothing for the insights: it is skipped as a blank line.
            const want = records.filter((r) => !(r.length === 1 && r[0] === ''));
            assert.deepEqual(got, header);
            assert.deepEqual(rows, want);
            assert.equal(summary.rows, want.length);
          } catch (e) {
            if (
              e instanceof UnreadableCsvError &&
              e.kind === 'headerOnly' &&
              records.every((r) => r.length === 1 && r[0] === '')
            )
              return;
            throw e;
          } finally {
            await source.close();
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('cuts after the last record end outside quotes', () => {
    assert.equal(lastRecordEnd(Buffer.from('a,b\nc,"d\ne')), 4);
    assert.equal(lastRecordEnd(Buffer.from('a,"x\ny"\nc')), 8);
    assert.equal(lastRecordEnd(Buffer.from('"only\nquoted')), 0);
    assert.equal(lastRecordEnd(Buffer.from('no line end')), 0);
  });

  it('decodes UTF-16 (by its BOM), both byte orders', async () => {
    const text = 'Name,Zähler\r\nZürich,1\r\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    for (const bytes of [le, be]) {
      const rows: string[][] = [];
      let header: string[] = [];
      await streamRows(
        await dir.file(bytes),
        (h) => (header = h),
        (r) => rows.push([...r]),
      );
      assert.deepEqual(header, ['Name', 'Zähler']);
      assert.deepEqual(rows, [['Zürich', '1']]);
    }
  });

  it('an empty file, a header only, a binary file: a clear error of its kind', async () => {
    const cases: [string | Buffer, string][] = [
      ['', 'empty'],
      ['a,b\r\n', 'headerOnly'],
      [Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0xff, 0x00, 0x13, 0, 0, 0]), 'binary'],
    ];
    for (const [content, kind] of cases) {
      await assert.rejects(
        streamRows(
          await dir.file(content),
          () => undefined,
          () => undefined,
        ),
        (e: unknown) => e instanceof UnreadableCsvError && e.kind === kind,
        kind,
      );
    }
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      streamRows(
        await dir.file('a\n1\n'),
        () => undefined,
        () => undefined,
        {
          signal: controller.signal,
        },
      ),
      { name: 'AbortError' },
    );
  });
});
