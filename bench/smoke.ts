// `npm run bench:smoke` (CI): every benchmark once with tiny sizes and short spans, so none can rot.
// Fails only when a benchmark crashes or hangs; a missed target (MISSED) is not a failure here.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runMain } from './lib/report';

const TIMEOUT_MS = 60_000;

const RUNS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['download', ['--mb', '2', '--runs', '1']],
  ['polling', ['--hours', '0.05']],
  ['bundle', []],
  ['orders', ['--orders', '300', '--runs', '1']],
  ['bigCsv', ['--mb', '2', '--runs', '1']],
];

function run(name: string, args: readonly string[]): Promise<{ ok: boolean; ms: number; why?: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(__dirname, `${name}.js`), ...args], {
      stdio: 'inherit',
      // Smoke figures must not overwrite the real ones the README is filled from.
      env: { ...process.env, BENCH_RESULTS_DIR: join('bench', 'results', 'smoke') },
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      if (code === 0) resolve({ ok: true, ms });
      else resolve({ ok: false, ms, why: signal ? `killed after ${TIMEOUT_MS / 1000} s (${signal})` : `exit code ${code}` });
    });
  });
}

async function main(): Promise<void> {
  const failed: string[] = [];
  for (const [name, args] of RUNS) {
    console.log(`\n=== smoke: ${name} ${args.join(' ')}`);
    const r = await run(name, args);
    console.log(`=== smoke: ${name} ${r.ok ? 'ran' : `CRASHED (${r.why})`} in ${(r.ms / 1000).toFixed(1)} s`);
    if (!r.ok) failed.push(name);
  }
  if (failed.length) throw new Error(`benchmarks crashed: ${failed.join(', ')}`);
  console.log('\nsmoke: every benchmark ran (targets are judged by the full runs, not here)');
}

runMain(main);
