// `npm run bench:bigcsv [-- --mb 200 --runs 3]`: a 200 MB CSV is downloaded with UniqueClient.downloadCsv
// (fake server in its own process), then timed from "download complete" to the preview text being ready:
// the size check and readHeadLines that csvOpen.ts does before VS Code shows the preview. The event loop's
// longest stall during download and preview says whether the extension host (and so the tree, other
// extensions) stays responsive.

import { mkdirSync, rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { UniqueClient } from '../src/core/api/client';
import { LARGE_FILE_BYTES, readHeadLines } from '../src/core/downloads/csvFiles';
import { PREVIEW_MAX_BYTES, PREVIEW_MAX_LINES } from '../src/core/downloads/downloadMessages';
import { MB } from './lib/procStatus';
import { Report, median, runMain } from './lib/report';
import { startServerProcess } from './lib/serverProcess';

const PREVIEW_TARGET_MS = 1000;
/** Our reading of "the editor never frozen": no event-loop stall longer than this in the extension host. */
const STALL_TARGET_MS = 50;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mb: { type: 'string', default: '200' },
      runs: { type: 'string', default: '3' },
      dir: { type: 'string', default: join('bench', 'results', 'tmp') },
    },
  });
  const mb = Number(values.mb);
  const runs = Number(values.runs);
  if (!(mb > 0) || !Number.isInteger(runs) || runs < 1)
    throw new Error('--mb must be > 0 and --runs a positive integer');
  const report = new Report('bigCsv');
  const dir = resolve(values.dir);
  mkdirSync(dir, { recursive: true });
  const server = await startServerProcess(__dirname, Math.round(mb * MB));
  console.log(`CSV of ${(server.bytes / MB).toFixed(1)} MB, ${runs} runs`);
  const client = new UniqueClient({
    baseUrl: server.url,
    graphqlPath: '/graphql',
    getToken: () => Promise.resolve(server.token),
    userAgent: 'unique-analytics-bench',
  });
  const previews: number[] = [];
  const downloads: number[] = [];
  const downloadStalls: number[] = [];
  const previewStalls: number[] = [];
  /** Previews whose text ends inside a quoted field (an odd number of `"`): a CSV viewer misreads the rest. */
  let openQuoteEnds = 0;
  try {
    for (let i = 0; i < runs; i++) {
      const file = join(dir, `big-${i}.csv`);
      const loop = monitorEventLoopDelay({ resolution: 5 });
      loop.enable();
      const started = performance.now();
      await client.downloadCsv(server.orderId, file);
      const complete = performance.now();
      loop.disable();
      downloadStalls.push(loop.max / 1e6);

      const previewLoop = monitorEventLoopDelay({ resolution: 1 });
      previewLoop.enable();
      const previewStarted = performance.now();
      const size = (await stat(file)).size;
      if (size <= LARGE_FILE_BYTES)
        console.log(
          `(${size} bytes is below LARGE_FILE_BYTES: the editor would open the file itself)`,
        );
      const head = await readHeadLines(file, PREVIEW_MAX_BYTES, PREVIEW_MAX_LINES);
      const text = head.text.replace(/^\uFEFF/, '');
      const ready = performance.now();
      previewLoop.disable();
      previewStalls.push(previewLoop.max / 1e6);
      if (text.length === 0 || head.lineCount < 2) throw new Error('the preview is empty');
      const quotes = text.split('"').length - 1;
      if (quotes % 2 === 1) openQuoteEnds++;
      previews.push(ready - previewStarted);
      downloads.push(complete - started);
      console.log(
        `run ${i + 1}: download ${(complete - started).toFixed(0)} ms, preview ready ${(ready - previewStarted).toFixed(2)} ms ` +
          `(${head.lineCount} lines, ${(text.length / 1024).toFixed(0)} K chars, ${quotes} quote characters${quotes % 2 ? ': ENDS INSIDE A QUOTED FIELD' : ''})`,
      );
      rmSync(file, { force: true });
    }
  } finally {
    await server.stop();
  }
  report.check(
    'download complete -> preview text ready (median)',
    median(previews),
    ' ms',
    '<=',
    PREVIEW_TARGET_MS,
    2,
  );
  report.info('download time (median)', median(downloads), ' ms', 0);
  report.check(
    'longest event-loop stall while downloading (median of runs)',
    median(downloadStalls),
    ' ms',
    '<=',
    STALL_TARGET_MS,
  );
  report.check(
    'longest event-loop stall while previewing (median of runs)',
    median(previewStalls),
    ' ms',
    '<=',
    STALL_TARGET_MS,
  );
  report.check(
    'previews ending inside a quoted field',
    openQuoteEnds,
    '',
    '==',
    0,
    0,
    `of ${runs}`,
  );
  report.save({ mb, runs, previews, downloads, downloadStalls, previewStalls, openQuoteEnds });
}

runMain(main);
