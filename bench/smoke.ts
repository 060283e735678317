// `npm run bench:smoke` (CI): every benchmark once with tiny sizes and short spans, so none can rot (activation:
// one run in code-server 4.139.1).
// Fails only when a benchmark crashes or hangs; a missed target (MISSED) is not a failure here.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runMain } from './lib/report';

const TIMEOUT_MS = 60_000;
/** activation.mjs starts code-server and a browser (about 30 s idle, more under load); it runs unbundled. */
const ACTIVATION_TIMEOUT_MS = 240_000;

const RUNS: ReadonlyArray<readonly [string, readonly string[]]> = [
  // Every link of the full run (unshaped, 100 MB/s, 12 MB/s), tiny files: well under a second each.
  ['download', ['--links', 'loopback:2:1,100:2:1,12:1:1']],
  ['polling', ['--hours', '0.05']],
  ['bundle', []],
  ['orders', ['--orders', '300', '--runs', '1']],
  ['bigCsv', ['--mb', '2', '--runs', '1']],
  ['table', ['--mb', '4', '--runs', '1', '--jumps', '5']],
  ['merge', ['--total-mib', '16', '--runs', '1']],
  // Builds the .vsix and the fake server only when missing (`npm test` has built them by the bench stage).
  ['activation', ['--runs', '1', '--build-if-missing']],
];

function run(
  name: string,
  args: readonly string[],
): Promise<{ ok: boolean; ms: number; why?: string }> {
  const started = performance.now();
  const script =
    name === 'activation' ? join('bench', 'activation.mjs') : join(__dirname, `${name}.js`);
  const timeoutMs = name === 'activation' ? ACTIVATION_TIMEOUT_MS : TIMEOUT_MS;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], {
      stdio: 'inherit',
      // Smoke figures must not overwrite the real ones the README is filled from.
      env: { ...process.env, BENCH_RESULTS_DIR: join('bench', 'results', 'smoke') },
    });
    // SIGTERM first: activation.mjs then ends the code-server and browser it started (test/harness/codeserver.mjs).
    let killer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(killer);
      const ms = performance.now() - started;
      if (code === 0) resolve({ ok: true, ms });
      else
        resolve({
          ok: false,
          ms,
          why: timedOut
            ? `killed after ${timeoutMs / 1000} s (${signal ?? `exit code ${code}`})`
            : `exit code ${code}`,
        });
    });
  });
}

async function main(): Promise<void> {
  const failed: string[] = [];
  for (const [name, args] of RUNS) {
    console.log(`\n=== smoke: ${name} ${args.join(' ')}`);
    const r = await run(name, args);
    console.log(
      `=== smoke: ${name} ${r.ok ? 'ran' : `CRASHED (${r.why})`} in ${(r.ms / 1000).toFixed(1)} s`,
    );
    if (!r.ok) failed.push(name);
  }
  if (failed.length) throw new Error(`benchmarks crashed: ${failed.join(', ')}`);
  console.log('\nsmoke: every benchmark ran (targets are judged by the full runs, not here)');
}

runMain(main);
