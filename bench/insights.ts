// `npm run bench:insights [-- --mb 500 --runs 2 --dir /tmp]`: the insights pass (issue 16) on a generated
// ~500 MB chat-interactions export (bench/lib/csvFixtures.ts), every baseline in the same run:
// - a plain read (the limit) and d3-dsv's bare parse of the whole file (bench/lib/baselines.ts), best of --runs;
// - `computeInsights` in a fresh child process (`--expose-gc`): its time (target <= 1.25x the bare parse), its
//   peak extra memory (RSS sampled every 20 ms, and the JS heap + external after the pass), best of --runs.
// The file is deleted at the end, also on failure. Figures: bench/results/insights.json; README: bench/README.md.

import { spawn } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { computeInsights } from '../src/core/insights/insights';
import { d3Parse, plainRead } from './lib/baselines';
import { writeFixture } from './lib/csvFixtures';
import { Report, runMain } from './lib/report';

const MiB = 2 ** 20;

interface PassFigures {
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

async function passChild(path: string): Promise<PassFigures> {
  const gc = (globalThis as { gc?: () => void }).gc!;
  gc();
  const before = process.memoryUsage();
  let peak = before.rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const t0 = performance.now();
  const report = await computeInsights(path, { orderType: 'CHAT_INTERACTION' });
  const ms = performance.now() - t0;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  const after = process.memoryUsage();
  return {
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

function child(path: string): Promise<PassFigures> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--expose-gc', __filename, '--child', '--path', path], {
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
    },
  });
  if (values.child) {
    console.log(JSON.stringify(await passChild(values.path!)));
    return;
  }
  const report = new Report('insights');
  const path = join(values.dir, `bench-insights-${process.pid}.csv`);
  const mb = Number(values.mb);
  try {
    const written = await writeFixture(path, 'chat', mb * MiB);
    const mib = statSync(path).size / MiB;
    console.log(`wrote ${path}: ${written} rows, ${mib.toFixed(0)} MiB`);
    const best = { read: Infinity, parse: Infinity };
    let pass: PassFigures | undefined;
    for (let run = 0; run < Number(values.runs); run++) {
      best.read = Math.min(best.read, await plainRead(path));
      best.parse = Math.min(best.parse, (await d3Parse(path)).ms);
      const p = await child(path);
      if (p.rows !== written) throw new Error(`insights saw ${p.rows} rows, ${written} written`);
      if (!pass || p.ms < pass.ms) pass = p;
    }
    const p = pass!;
    report.info('plain createReadStream read', mib / (best.read / 1000), ' MiB/s', 0);
    report.info(
      'd3-dsv bare parse of the whole file (parse only, ~1 MiB strings)',
      best.parse,
      ' ms',
      0,
      `${(mib / (best.parse / 1000)).toFixed(0)} MiB/s`,
    );
    report.info(
      'insights pass (computeInsights: read, decode, cut, parse, aggregate)',
      p.ms,
      ' ms',
      0,
      `${(mib / (p.ms / 1000)).toFixed(0)} MiB/s; ${p.rows} rows, ${p.users} users, ${p.cards} cards`,
    );
    report.check('insights pass ÷ d3-dsv bare parse (time)', p.ms / best.parse, 'x', '<=', 1.25, 2);
    report.info(
      'peak extra memory during the pass (RSS, sampled every 20 ms)',
      (p.rssPeak - p.rssBefore) / MiB,
      ' MB',
      1,
      `RSS ${(p.rssBefore / MiB).toFixed(0)} → peak ${(p.rssPeak / MiB).toFixed(0)} MB`,
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
