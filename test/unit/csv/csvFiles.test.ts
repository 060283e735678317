// The CSV table engine (src/core/csv/) on real files with the edge cases Unique's exports and hand-edited
// CSVs bring: BOM, CRLF, quoted line breaks and quotes, ragged rows, invalid UTF-8, semicolons, a last
// row without a line end, empty / header-only / binary files, UTF-16 LE and BE.
import * as assert from 'node:assert/strict';
import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { CsvTable } from '../../../src/core/csv/csvTable';
import { sniff, transcodeUtf16ToFile } from '../../../src/core/csv/sniff';
import { fileSource } from '../../../src/core/csv/source';
import { TempDir } from './csvTestFiles';

const BOM = '\ufeff';

describe('CSV table on real files', () => {
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

  /** Opens with a stream chunk size of `chunkBytes` and waits for the whole index. */
  async function open(content: string | Uint8Array, chunkBytes?: number): Promise<CsvTable> {
    const path = await dir.file(content);
    const t = await CsvTable.openFile(path, chunkBytes ? { chunkBytes } : {});
    tables.push(t);
    await t.indexed;
    return t;
  }

  async function all(t: CsvTable): Promise<string[][]> {
    return t.rows(Array.from({ length: t.rowCount }, (_, i) => i));
  }

  it('skips a UTF-8 BOM and reads CRLF rows', async () => {
    for (const chunk of [1, 2, 5, undefined]) {
      const t = await open(`${BOM}Email,Date\r\na@x.ch,2024-05-03\r\nb@x.ch,2024-05-04\r\n`, chunk);
      assert.deepEqual(t.header, ['Email', 'Date']);
      assert.equal(t.rowCount, 2);
      assert.deepEqual(await all(t), [
        ['a@x.ch', '2024-05-03'],
        ['b@x.ch', '2024-05-04'],
      ]);
      assert.equal(t.problem, undefined);
      assert.equal(t.encoding, 'utf-8');
    }
  });

  it('keeps line breaks, commas and doubled quotes inside quoted fields', async () => {
    const csv =
      'Prompt,Answer\r\n"Wie hoch ist\r\nder Zins?","1,85 %, gemäss ""Konditionen"""\r\n' +
      '"one\nLF only","x"\r\n"""","a,b"\r\n';
    for (const chunk of [1, 3, 7, undefined]) {
      const t = await open(csv, chunk);
      assert.equal(t.rowCount, 3);
      assert.deepEqual(await all(t), [
        ['Wie hoch ist\r\nder Zins?', '1,85 %, gemäss "Konditionen"'],
        ['one\nLF only', 'x'],
        ['"', 'a,b'],
      ]);
    }
  });

  it('pads short rows, keeps long rows and names their extra columns', async () => {
    const t = await open('a,b,c\n1\n1,2,3,4,5\n\n1,2\n');
    assert.equal(t.rowCount, 4);
    assert.deepEqual(await all(t), [
      ['1', '', ''],
      ['1', '2', '3', '4', '5'],
      ['', '', ''],
      ['1', '2', ''],
    ]);
    assert.deepEqual(
      t.columns.map((c) => c.name),
      ['a', 'b', 'c', 'column 4', 'column 5'],
    );
  });

  it('shows invalid UTF-8 as replacement characters, never throws', async () => {
    const bytes = Buffer.concat([
      Buffer.from('name,city\n'),
      Buffer.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72]), // Latin-1 "Müller"
      Buffer.from(',Z\xc3\xbcrich\n', 'latin1'), // UTF-8 "Zürich"
      Buffer.from([0xe2, 0x82]), // a cut-off sequence
      Buffer.from(',x\n'),
    ]);
    const t = await open(bytes, 2);
    assert.deepEqual(await all(t), [
      ['M\ufffdller', 'Zürich'],
      ['\ufffd', 'x'],
    ]);
  });

  it('reads semicolon-separated files (a header without commas)', async () => {
    const t = await open('Name;Betrag;Notiz\r\nMüller;1,5;"a;b"\r\n');
    assert.equal(t.delimiter, ';');
    assert.deepEqual(t.header, ['Name', 'Betrag', 'Notiz']);
    assert.deepEqual(await all(t), [['Müller', '1,5', 'a;b']]);
  });

  it('keeps a comma-separated file with semicolons in its header as comma', async () => {
    const t = await open('a;x,b\n1,2\n');
    assert.equal(t.delimiter, ',');
    assert.deepEqual(t.header, ['a;x', 'b']);
  });

  it('reads a last row without a line end', async () => {
    for (const chunk of [1, 4, undefined]) {
      const t = await open('a,b\r\n1,2\r\n3,"4\r\nfour"', chunk);
      assert.equal(t.rowCount, 2);
      assert.deepEqual(await all(t), [
        ['1', '2'],
        ['3', '4\r\nfour'],
      ]);
    }
  });

  it('says an empty file is empty (nothing, a BOM only, blank lines)', async () => {
    for (const content of ['', BOM, '\r\n\r\n']) {
      const t = await open(content);
      assert.equal(t.problem?.kind, 'empty', JSON.stringify(content));
      assert.equal(t.rowCount, 0);
    }
  });

  it('says a file with a header only has no rows', async () => {
    for (const content of ['a,b,c', 'a,b,c\r\n', `${BOM}a,b\n`]) {
      const t = await open(content);
      assert.equal(t.problem?.kind, 'headerOnly', JSON.stringify(content));
      assert.equal(t.rowCount, 0);
      assert.ok(t.header.length >= 2);
    }
  });

  it('says a binary file is binary', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 32));
    for (const content of [png, noise]) {
      const t = await open(content);
      assert.equal(t.problem?.kind, 'binary');
      assert.equal(t.rowCount, 0);
    }
  });

  for (const encoding of ['utf-16le', 'utf-16be'] as const) {
    it(`reads ${encoding.toUpperCase()} with a BOM through a UTF-8 copy`, async () => {
      const text = 'Name,Stadt\r\n"Müller, A",Zürich\r\nZoë,Genève 😀\r\n';
      const le = Buffer.from(text, 'utf16le');
      const body = encoding === 'utf-16le' ? le : swapPairs(le);
      const bom = encoding === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff];
      const path = await dir.file(Buffer.concat([Buffer.from(bom), body]));
      const source = await fileSource(path);
      assert.equal((await sniff(source)).encoding, encoding);
      await source.close();
      // Without a place for the copy: a clear problem, no rows.
      const refused = await CsvTable.openFile(path);
      tables.push(refused);
      assert.equal(refused.problem?.kind, 'unreadable');
      assert.match(refused.problem.message, /UTF-16/);
      const copy = join(dir.path, `${encoding}-copy.csv`);
      const t = await CsvTable.openFile(path, { utf8CopyPath: copy });
      tables.push(t);
      await t.indexed;
      assert.equal(t.encoding, encoding);
      assert.deepEqual(t.header, ['Name', 'Stadt']);
      assert.deepEqual(await all(t), [
        ['Müller, A', 'Zürich'],
        ['Zoë', 'Genève 😀'],
      ]);
      assert.equal(await readFile(copy, 'utf8'), text);
    });
  }

  it('transcodes UTF-16 whatever the chunk boundaries (odd bytes, split surrogate pairs)', async () => {
    // Over 1 MiB so the stream cuts it; 😀 is a surrogate pair, '€' a single unit.
    const text = 'a,b\n' + '😀€x,"y\n"\n'.repeat(120_000);
    const path = await dir.file(
      Buffer.concat([Buffer.from([0xff, 0xfe, 0x41]), Buffer.from(text, 'utf16le')]),
    );
    const copy = join(dir.path, 'odd-copy.csv');
    await transcodeUtf16ToFile(path, copy);
    const out = await readFile(copy, 'utf8');
    // The odd byte 0x41 shifts every unit: the point is no throw and a complete copy.
    assert.ok(out.length > 0);
    const aligned = await dir.file(
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    );
    await transcodeUtf16ToFile(aligned, copy);
    assert.equal(await readFile(copy, 'utf8'), text);
  });

  it('stops a transcode on abort and leaves no partial copy', async () => {
    const path = await dir.file(
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('x,y\n'.repeat(400_000), 'utf16le')]),
    );
    const copy = join(dir.path, 'aborted.csv');
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(transcodeUtf16ToFile(path, copy, ac.signal));
    await assert.rejects(readFile(copy));
  });

  it('reports a file deleted before indexing could read it', async () => {
    const path = await dir.file('a,b\n1,2\n');
    const source = await fileSource(path);
    await unlink(path);
    const t = await CsvTable.open(source);
    tables.push(t);
    await t.indexed;
    assert.equal(t.problem?.kind, 'deleted');
  });

  it('offers rows before indexing ends', async () => {
    const path = await dir.file('a,b\n' + '1,2\n'.repeat(50_000));
    const seen: number[] = [];
    const t = await CsvTable.openFile(path, {
      chunkBytes: 4096,
      firstRows: 10,
      onProgress: (p) => seen.push(p.rows),
    });
    tables.push(t);
    assert.ok(t.rowCount >= 10);
    assert.ok(!t.done || t.rowCount === 50_000);
    assert.deepEqual(await t.rows([0, 9]), [
      ['1', '2'],
      ['1', '2'],
    ]);
    await t.indexed;
    assert.equal(t.rowCount, 50_000);
    assert.ok(seen.length > 10);
    assert.ok(seen.every((r, i) => i === 0 || r >= seen[i - 1]));
    assert.ok(t.indexCapacity >= t.rowCount + 1 && t.indexCapacity < t.rowCount * 1.1 + 1100);
  });

  it('stops indexing when disposed', async () => {
    const path = await dir.file('a,b\n' + '1,2\n'.repeat(100_000));
    const t = await CsvTable.openFile(path, { chunkBytes: 1024, firstRows: 1 });
    await t.dispose();
    await t.indexed;
    assert.ok(t.rowCount < 100_000);
    assert.equal(t.problem?.kind, 'unreadable');
  });
});

function swapPairs(b: Buffer): Buffer {
  const out = Buffer.from(b);
  out.swap16();
  return out;
}
