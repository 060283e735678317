// `npm run bench:insights [-- --mb 500 --runs 2 --dir /tmp]`: the insights pass (issue 16) on a generated
// ~500 MB chat-interactions export (bench/lib/csvFixtures.ts), every baseline in the same run:
// - a plain read (the limit) and d3-dsv's bare parse of the whole file (bench/lib/baselines.ts), best of --runs;
// - the insights pass in a fresh child process (`--expose-gc`), as the extension runs it: split over the cores in
//   worker threads (`computeInsightsParallel` with bench/results/build/insightsWorker.js), and once in one
//   thread (`--parts 1`): its time (target <= 1.25x the bare parse), its peak extra memory (RSS of the whole
//   process, worker threads included, sampled every 20 ms), best of --runs.
// The file is deleted at the end, also on failure. Figures: bench/results/insights.json; README: bench/README.md.

import { spawn } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { workerRunner } from '../src/core/insights/partRunner';
import { computeInsightsParallel } from '../src/core/insights/parts';
import { d3Parse, plainRead } from './lib/baselines';
import { InsightsCache } from '../src/vscode/insights/insightsCache';
import { writeFixture } from './lib/csvFixtures';
import { Report, runMain } from './lib/report';

const MiB = 2 ** 20;

interface PassFigures {
  /** A second open of the same file: the report from a fresh cache (read from disk), ms. */
  cacheMs: number;
  ms: number;
  rows: number;
  users: number;
  cards: number;
  rssBefore: number;
  rssPeak: number;
  heapAfter: number;
  externalAfter: number;
  heapBefore: number;
  externalBefore: number;
}

async function passChild(path: string, parts: number): Promise<PassFigures> {
  const gc = (globalThis as { gc?: () => void }).gc!;
  gc();
  const before = process.memoryUsage();
  let peak = before.rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const t0 = performance.now();
  const {
    report,
    basis,
    parts: used,
  } = await computeInsightsParallel(path, {
    orderType: 'CHAT_INTERACTION',
    parts,
    runPart: workerRunner(join(__dirname, 'insightsWorker.js')),
  });
  if (used !== parts) throw new Error(`split into ${used} parts, ${parts} asked for`);
  const ms = performance.now() - t0;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  const after = process.memoryUsage();
  // Reopening: what the extension does for an unchanged file (stat, then the cached entry from disk).
  const dir = await mkdtemp(join(tmpdir(), 'bench-insights-cache-'));
  const key = (await InsightsCache.keyOf(path))!;
  await new InsightsCache(dir).set(path, key, { report, ...(basis ? { basis } : {}) });
  const t1 = performance.now();
  const fresh = new InsightsCache(dir);
  const hit = await fresh.get(path, (await InsightsCache.keyOf(path))!);
  const cacheMs = performance.now() - t1;
  await rm(dir, { recursive: true, force: true });
  if (!hit || hit.report.rows !== report.rows)
    throw new Error('the cache did not give the report back');
  return {
    cacheMs,
    ms,
    rows: report.rows,
    users: report.distinctUsers ?? 0,
    cards: report.cards.length,
    rssBefore: before.rss,
    rssPeak: peak,
    heapBefore: before.heapUsed,
    externalBefore: before.external,
    heapAfter: after.heapUsed,
    externalAfter: after.external,
  };
}

function child(path: string, parts: number): Promise<PassFigures> {
  return new Promise((resolve, reject) => {
    const args = ['--expose-gc', __filename, '--child', '--path', path, '--parts', String(parts)];
    const p = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.once('error', reject);
    p.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !line) reject(new Error(`child exited ${code}: ${out}`));
      else resolve(JSON.parse(line) as PassFigures);
    });
  });
}

runMain(async () => {
  const { values } = parseArgs({
    options: {
      mb: { type: 'string', default: '500' },
      runs: { type: 'string', default: '2' },
      dir: { type: 'string', default: '/tmp' },
      child: { type: 'boolean', default: false },
      path: { type: 'string' },
      parts: { type: 'string', default: String(Math.min(4, availableParallelism())) },
    },
  });
  if (values.child) {
    console.log(JSON.stringify(await passChild(values.path!, Number(values.parts))));
    return;
  }
  const report = new Report('insights');
  const path = join(values.dir, `bench-insights-${process.pid}.csv`);
  const mb = Number(values.mb);
  try {
    const written = await writeFixture(path, 'chat', mb * MiB);
    const mib = statSync(path).size / MiB;
    console.log(`wrote ${path}: ${written} rows, ${mib.toFixed(0)} MiB`);
    const parts = Number(values.parts);
    const best = { read: Infinity, parse: Infinity };
    let pass: PassFigures | undefined;
    let single: PassFigures | undefined;
    for (let run = 0; run < Number(values.runs); run++) {
      best.read = Math.min(best.read, await plainRead(path));
      best.parse = Math.min(best.parse, (await d3Parse(path)).ms);
      const p = await child(path, parts);
      const one = await child(path, 1);
      for (const x of [p, one])
        if (x.rows !== written) throw new Error(`insights saw ${x.rows} rows, ${written} written`);
      if (!pass || p.ms < pass.ms) pass = p;
      if (!single || one.ms < single.ms) single = one;
    }
    const p = pass!;
    const s1 = single!;
    report.info('plain createReadStream read', mib / (best.read / 1000), ' MiB/s', 0);
    report.info(
      'd3-dsv bare parse of the whole file (parse only, ~1 MiB strings)',
      best.parse,
      ' ms',
      0,
      `${(mib / (best.parse / 1000)).toFixed(0)} MiB/s`,
    );
    report.info(
      `insights pass in one thread (read, decode, cut, parse, aggregate)`,
      s1.ms,
      ' ms',
      0,
      `${(mib / (s1.ms / 1000)).toFixed(0)} MiB/s; ${(s1.ms / best.parse).toFixed(2)}x the bare parse`,
    );
    report.info(
      `insights pass split over ${parts} worker threads, as the extension runs it`,
      p.ms,
      ' ms',
      0,
      `${(mib / (p.ms / 1000)).toFixed(0)} MiB/s; ${p.rows} rows, ${p.users} users, ${p.cards} cards`,
    );
    report.check('insights pass ÷ d3-dsv bare parse (time)', p.ms / best.parse, 'x', '<=', 1.25, 2);
    report.info(
      'peak extra memory, one thread (RSS, sampled every 20 ms)',
      (s1.rssPeak - s1.rssBefore) / MiB,
      ' MB',
      1,
    );
    report.info(
      `peak extra memory, ${parts} worker threads (RSS of the process, sampled every 20 ms)`,
      (p.rssPeak - p.rssBefore) / MiB,
      ' MB',
      1,
      `RSS ${(p.rssBefore / MiB).toFixed(0)} → peak ${(p.rssPeak / MiB).toFixed(0)} MB`,
    );
    report.check(
      'second open of the unchanged file: the report from the cache on disk (stat + read + parse)',
      p.cacheMs,
      ' ms',
      '<=',
      100,
      1,
    );
    report.info(
      'kept after the pass (JS heap + external, before GC)',
      (p.heapAfter + p.externalAfter - p.heapBefore - p.externalBefore) / MiB,
      ' MB',
      1,
    );
    report.save({ mib, rows: written });
  } finally {
    rmSync(path, { force: true });
  }
});
