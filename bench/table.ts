// `npm run bench:table [-- --mb 1024 --runs 2 --jumps 50 --dir /tmp]`: the CSV table engine (issue 15) on a
// ~1 GiB Unique-like chat-interactions export (bench/lib/csvFixtures.ts), every baseline in the same run:
// - a plain read (the limit) and d3-dsv's bare parse of the whole file (record-aligned ~1 MiB strings, only
//   `csvParseRows` timed, as bench/csvParsers.ts's "parse alone"), best of --runs; the engine's row index
//   alone (`buildIndex`) the same way;
// - in a fresh child process (`--expose-gc`, nothing else allocated before): `CsvTable.openFile` to `open`
//   resolved, to the first 100 rows answered, to fully indexed (index MiB/s ÷ d3-dsv's parse: >= 0.8); RSS and
//   heap growth after open+index (target <= 8 bytes a row + 64 MB); 100 consecutive rows at --jumps random
//   places (target <= 100 ms); one filter and one sort pass over the file;
// - the same file "as text", in another fresh child: what can be measured of reading it the way a text editor
//   must (`fs.readFile`, then UTF-8 decoding; a JS string cannot hold more than ~512 Mi characters).
// The file is deleted at the end, also on failure. Figures: bench/results/table.json; README: bench/README.md.

import { spawn } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { constants as bufferConstants } from 'node:buffer';
import { CsvTable } from '../src/core/csv/csvTable';
import { buildIndex } from '../src/core/csv/rowIndex';
import { fileSource } from '../src/core/csv/source';
import { d3Parse, plainRead } from './lib/baselines';
import { writeFixture } from './lib/csvFixtures';
import { Report, median, runMain } from './lib/report';

const MiB = 2 ** 20;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) g();
}

async function settle(): Promise<void> {
  gc();
  await sleep(50);
  gc();
}

// --- passes in the parent (throughput; best of --runs) -----------------------------------------------------------

async function indexAlone(path: string): Promise<{ ms: number; rows: number }> {
  const t0 = performance.now();
  const source = await fileSource(path);
  const index = buildIndex(source, { startAt: 3 });
  await index.finished;
  const ms = performance.now() - t0;
  await source.close();
  return { ms, rows: index.rowCount };
}

// --- child: CsvTable --------------------------------------------------------------------------------------------

interface TableFigures {
  openMs: number;
  firstRowsMs: number;
  indexedMs: number;
  rows: number;
  capacity: number;
  rssBefore: number;
  rssGrowth: number;
  heapGrowth: number;
  arrayBuffersGrowth: number;
  externalGrowth: number;
  jumps: number[];
  filterMs: number;
  filterRows: number;
  sortMs: number;
  sortRows: number;
}

async function tableChild(path: string, jumpCount: number): Promise<TableFigures> {
  await settle();
  const before = process.memoryUsage();
  const t0 = performance.now();
  const table = await CsvTable.openFile(path);
  const openMs = performance.now() - t0;
  const first = await table.rows(Uint32Array.from({ length: 100 }, (_, k) => k));
  const firstRowsMs = performance.now() - t0;
  if (first.length !== 100) throw new Error(`first rows: ${first.length}`);
  await table.indexed;
  const indexedMs = performance.now() - t0;
  if (table.problem) throw new Error(`problem: ${table.problem.message}`);
  await settle();
  const after = process.memoryUsage();
  const rows = table.rowCount;
  const jumps: number[] = [];
  for (let i = 0; i < jumpCount; i++) {
    const start = Math.floor(Math.random() * (rows - 100));
    const want = Uint32Array.from({ length: 100 }, (_, k) => start + k);
    const t = performance.now();
    const got = await table.rows(want);
    jumps.push(performance.now() - t);
    if (got.length !== 100) throw new Error(`jump to ${start}: ${got.length} rows`);
  }
  let t = performance.now();
  const filtered = await table.filter({ columns: { 2: 'legal' } });
  const filterMs = performance.now() - t;
  t = performance.now();
  const sorted = await table.sort({ column: 1, direction: 'desc' });
  const sortMs = performance.now() - t;
  const figures: TableFigures = {
    openMs,
    firstRowsMs,
    indexedMs,
    rows,
    capacity: table.indexCapacity,
    rssBefore: before.rss,
    rssGrowth: after.rss - before.rss,
    heapGrowth: after.heapUsed - before.heapUsed,
    arrayBuffersGrowth: after.arrayBuffers - before.arrayBuffers,
    externalGrowth: after.external - before.external,
    jumps,
    filterMs,
    filterRows: filtered.length,
    sortMs,
    sortRows: sorted.view.length,
  };
  await table.dispose();
  return figures;
}

// --- child: the file as text ---------------------------------------------------------------------------------------

interface TextFigures {
  readFileMs: number;
  readFileRssGrowth: number;
  wholeStringError: string;
  decodeBytes: number;
  decodeMs: number;
  decodeChars: number;
  decodeRssGrowth: number;
}

async function textChild(path: string): Promise<TextFigures> {
  await settle();
  const before = process.memoryUsage().rss;
  let t = performance.now();
  const buf = await readFile(path);
  const readFileMs = performance.now() - t;
  const readFileRssGrowth = process.memoryUsage().rss - before;
  let wholeStringError = 'none: the whole file became one string';
  try {
    buf.toString('utf8');
  } catch (e) {
    wholeStringError = e instanceof Error ? e.message : String(e);
  }
  // The longest prefix V8 can hold as one string (decoding never yields more characters than bytes), cut at
  // a whole MiB below it.
  const decodeBytes = Math.min(
    buf.length,
    Math.floor(bufferConstants.MAX_STRING_LENGTH / MiB) * MiB - MiB,
  );
  const rssBeforeDecode = process.memoryUsage().rss;
  t = performance.now();
  const text = new TextDecoder().decode(buf.subarray(0, decodeBytes));
  const decodeMs = performance.now() - t;
  const decodeRssGrowth = process.memoryUsage().rss - rssBeforeDecode;
  return {
    readFileMs,
    readFileRssGrowth,
    wholeStringError,
    decodeBytes,
    decodeMs,
    decodeChars: text.length,
    decodeRssGrowth,
  };
}

/** Runs this bundle again as a child with `--expose-gc`; the child prints its figures as one JSON line. */
function child<T>(mode: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      ['--expose-gc', '--max-old-space-size=4096', __filename, '--child', mode, ...args],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.once('error', reject);
    p.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !line) reject(new Error(`child ${mode} exited ${code}: ${out}`));
      else resolve(JSON.parse(line) as T);
    });
  });
}

// --- main -------------------------------------------------------------------------------------------------------

runMain(async () => {
  const { values } = parseArgs({
    options: {
      mb: { type: 'string', default: '1024' },
      runs: { type: 'string', default: '2' },
      jumps: { type: 'string', default: '50' },
      dir: { type: 'string', default: '/tmp' },
      child: { type: 'string' },
      path: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  if (values.child) {
    const path = values.path!;
    const result =
      values.child === 'table'
        ? await tableChild(path, Number(values.jumps))
        : await textChild(path);
    console.log(JSON.stringify(result));
    return;
  }

  const report = new Report('table');
  const runs = Number(values.runs);
  const path = join(values.dir, `bench-table-${process.pid}.csv`);
  const mb = Number(values.mb);
  try {
    const t = performance.now();
    const written = await writeFixture(path, 'chat', mb * MiB);
    const size = statSync(path).size;
    const mib = size / MiB;
    console.log(
      `wrote ${path}: ${written} rows, ${size} bytes (${mib.toFixed(0)} MiB) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    // Throughput, interleaved, best of `runs` (the page cache holds the file: it was just written).
    const best = { read: Infinity, parse: Infinity, index: Infinity };
    for (let run = 0; run < runs; run++) {
      gc();
      best.read = Math.min(best.read, await plainRead(path));
      const parsed = await d3Parse(path);
      best.parse = Math.min(best.parse, parsed.ms);
      const indexed = await indexAlone(path);
      best.index = Math.min(best.index, indexed.ms);
      if (indexed.rows !== written)
        throw new Error(`index: ${indexed.rows} rows, ${written} written`);
    }
    const readMiBs = mib / (best.read / 1000);
    const parseMiBs = mib / (best.parse / 1000);
    const indexMiBs = mib / (best.index / 1000);
    console.log(`\n## throughput, ${mib.toFixed(0)} MiB, ${written} rows, best of ${runs}`);
    report.info('plain createReadStream read (1 MiB chunks)', readMiBs, ' MiB/s', 0);
    report.info(
      'd3-dsv csvParseRows, bare parse of the whole file (~1 MiB record-aligned strings)',
      parseMiBs,
      ' MiB/s',
      0,
      `${(best.parse / 1000).toFixed(2)} s of parse; ${(readMiBs / parseMiBs).toFixed(1)}x the plain read's time`,
    );
    report.info(
      'row index alone (buildIndex, reading included)',
      indexMiBs,
      ' MiB/s',
      0,
      `${(best.index / 1000).toFixed(2)} s; ${(readMiBs / indexMiBs).toFixed(1)}x the plain read's time`,
    );

    console.log('\n## CsvTable.openFile in a fresh process (--expose-gc)');
    const tf = await child<TableFigures>('table', ['--path', path, '--jumps', values.jumps]);
    const tableMiBs = mib / (tf.indexedMs / 1000);
    report.check('open → open() resolved', tf.openMs, ' ms', '<=', 300, 1);
    report.check(
      'open → first 100 rows answered (rows([0..99]))',
      tf.firstRowsMs,
      ' ms',
      '<=',
      300,
      1,
    );
    report.info(
      'open → fully indexed',
      tf.indexedMs,
      ' ms',
      0,
      `${tf.rows} rows; ${tableMiBs.toFixed(0)} MiB/s`,
    );
    report.check(
      'index throughput (CsvTable, open → indexed) ÷ d3-dsv bare parse',
      tableMiBs / parseMiBs,
      'x',
      '>=',
      0.8,
      2,
      `${tableMiBs.toFixed(0)} vs ${parseMiBs.toFixed(0)} MiB/s`,
    );
    report.info(
      'row index alone (buildIndex) ÷ d3-dsv bare parse',
      indexMiBs / parseMiBs,
      'x',
      2,
      `${indexMiBs.toFixed(0)} vs ${parseMiBs.toFixed(0)} MiB/s`,
    );
    const budget = 8 * tf.rows + 64 * MiB;
    report.check(
      'host memory: RSS growth, opened and indexed',
      tf.rssGrowth / MiB,
      ' MB',
      '<=',
      budget / MiB,
      1,
      `${(tf.rssGrowth / tf.rows).toFixed(2)} bytes/row; budget 8 bytes/row + 64 MB; RSS before ${(tf.rssBefore / MiB).toFixed(0)} MB`,
    );
    report.info('host memory: JS heap growth', tf.heapGrowth / MiB, ' MB', 1);
    report.info(
      'host memory: arrayBuffers growth',
      tf.arrayBuffersGrowth / MiB,
      ' MB',
      1,
      `${(tf.arrayBuffersGrowth / tf.rows).toFixed(2)} bytes/row; index ${tf.capacity} slots for ${tf.rows} rows`,
    );
    report.info(
      `read 100 consecutive rows anywhere, median of ${tf.jumps.length}`,
      median(tf.jumps),
      ' ms',
      2,
    );
    report.check(
      `read 100 consecutive rows anywhere, max of ${tf.jumps.length}`,
      Math.max(...tf.jumps),
      ' ms',
      '<=',
      100,
      2,
    );
    report.info(
      'filter Assistant contains "legal" (one pass)',
      tf.filterMs,
      ' ms',
      0,
      `${(mib / (tf.filterMs / 1000)).toFixed(0)} MiB/s; ${tf.filterRows} rows kept`,
    );
    report.info(
      'sort by Date, descending (one pass)',
      tf.sortMs,
      ' ms',
      0,
      `${(mib / (tf.sortMs / 1000)).toFixed(0)} MiB/s; ${tf.sortRows} rows`,
    );

    console.log('\n## the same file as text, in a fresh process');
    const xf = await child<TextFigures>('text', ['--path', path]);
    report.info(
      'fs.readFile of the whole file into one Buffer',
      xf.readFileMs,
      ' ms',
      0,
      `${(mib / (xf.readFileMs / 1000)).toFixed(0)} MiB/s; RSS +${(xf.readFileRssGrowth / MiB).toFixed(0)} MB; ${(xf.readFileMs / tf.firstRowsMs).toFixed(0)}x the table's first rows`,
    );
    console.log(`  the whole Buffer as one string: ${xf.wholeStringError}`);
    report.info(
      `TextDecoder.decode of the first ${(xf.decodeBytes / MiB).toFixed(0)} MiB (the most one string holds)`,
      xf.decodeMs,
      ' ms',
      0,
      `${xf.decodeChars} characters; ${(xf.decodeBytes / MiB / (xf.decodeMs / 1000)).toFixed(0)} MiB/s; RSS +${(xf.decodeRssGrowth / MiB).toFixed(0)} MB`,
    );
    report.info(
      `as text: readFile + decoding ${(xf.decodeBytes / MiB).toFixed(0)} MiB ÷ the table's first rows`,
      (xf.readFileMs + xf.decodeMs) / tf.firstRowsMs,
      'x',
      1,
    );
    const extra: Record<string, unknown> = {
      file: { bytes: size, rows: written },
      jumps: tf.jumps,
    };
    report.save(extra);
  } finally {
    if (!values.keep) rmSync(path, { force: true });
  }
});
