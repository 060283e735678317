// `npm run bench:download [-- --mb 500 --runs 5]`: the CSV download against `curl -o` of the same URL in
// the same run. The fake server runs in its own process; each run starts curl and a fresh client process
// (bench/downloadClient) in alternating order, so throughput is compared pairwise and the client's extra
// resident memory (peak minus its baseline just before the download) is its own. A third process only
// reads the same body with fetch and writes nothing (`--mode read`): the ceiling for any fetch-based client
// on this machine, to tell what our saving costs from what fetch itself costs.

import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { downloadUrl } from '../src/core/api/client';
import { MB, RssSampler, cpuMsOf, machineCpuMs } from './lib/procStatus';
import { Report, median, runMain } from './lib/report';
import { startServerProcess, type ServedCsv } from './lib/serverProcess';

interface Run {
  readonly ms: number;
  /** CPU time (user + system, all threads) of the downloading process during the download. */
  readonly cpuMs: number;
  /** Peak RSS during the download minus the RSS just before it (client); the whole peak (curl). */
  readonly extraRss: number;
  /** Client only: the same process's second download (the allocator's arenas already grown). */
  readonly secondExtraRss?: number;
  /** Cross-check from the parent sampling /proc/<pid>/status every 10 ms. */
  readonly sampledExtraRss: number;
  /** CPU time the fake server spent meanwhile: with 2 cores, server + downloader CPU bound the wall time. */
  serverCpuMs?: number;
  /** Share of all cores busy (any process, and the kernel) during the download: 1 = saturated. */
  readonly machineBusy?: number;
}

/** The lines bench/downloadClient prints. */
interface ClientStart {
  readonly phase: 'start';
  readonly baselineRss: number;
}
interface ClientAgain {
  readonly phase: 'again';
  readonly extraRss: number;
}

interface ClientDone {
  readonly phase: 'done';
  readonly ms: number;
  readonly cpuMs: number;
  readonly bytes: number;
  readonly baselineRss: number;
  readonly peakRss: number;
  readonly peakReset: boolean;
  readonly machineBusyMs?: number;
  readonly machineTotalMs?: number;
}

const THROUGHPUT_TARGET = 0.95;
const EXTRA_RSS_TARGET_MB = 32;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mb: { type: 'string', default: '500' },
      runs: { type: 'string', default: '5' },
      dir: { type: 'string', default: join('bench', 'results', 'tmp') },
    },
  });
  const mb = Number(values.mb);
  const runs = Number(values.runs);
  if (!(mb > 0) || !Number.isInteger(runs) || runs < 1) throw new Error('--mb must be > 0 and --runs a positive integer');
  const curl = spawnSync('curl', ['--version'], { encoding: 'utf8' });
  if (curl.status !== 0) throw new Error('curl is needed as the baseline: apt-get install -y curl');

  const report = new Report('download');
  const dir = resolve(values.dir);
  mkdirSync(dir, { recursive: true });
  const server = await startServerProcess(__dirname, Math.round(mb * MB));
  console.log(`CSV of ${(server.bytes / MB).toFixed(1)} MB from ${server.url} (server pid ${server.pid}), ${runs} runs`);
  const curlRuns: Run[] = [];
  const clientRuns: Run[] = [];
  const readRuns: Run[] = [];
  const fetchClientRuns: Run[] = [];
  const secondClient: number[] = [];
  const secondFetchClient: number[] = [];
  // client: the extension's transport (nodeFetch); fetchClient: the same client over the global fetch.
  const contenders = ['curl', 'client', 'fetchClient', 'read'] as const;
  try {
    for (let i = 0; i < runs; i++) {
      // Rotated, so no contender always runs first (page cache, CPU frequency, the server's warm-up).
      const order = contenders.map((_, k) => contenders[(i + k) % contenders.length]);
      for (const who of order) {
        const file = join(dir, `${who}-${i}.csv`);
        const serverCpuBefore = cpuMsOf(server.pid) ?? NaN;
        const run =
          who === 'curl'
            ? await runCurl(server, file)
            : await runClient(server, file, who === 'read' ? 'read' : 'save', who === 'fetchClient' ? 'fetch' : 'node');
        run.serverCpuMs = (cpuMsOf(server.pid) ?? NaN) - serverCpuBefore;
        rmSync(file, { force: true });
        ({ curl: curlRuns, client: clientRuns, fetchClient: fetchClientRuns, read: readRuns })[who].push(run);
      }
      const c = curlRuns[i];
      const u = clientRuns[i];
      const r = readRuns[i];
      const f = fetchClientRuns[i];
      console.log(
        `run ${i + 1}: curl ${mbps(server.bytes, c.ms).toFixed(0)} MB/s, client ${mbps(server.bytes, u.ms).toFixed(0)} MB/s ` +
          `(ratio ${(c.ms / u.ms).toFixed(3)}), client over global fetch ${mbps(server.bytes, f.ms).toFixed(0)} MB/s (ratio ${(c.ms / f.ms).toFixed(3)}, ` +
          `extra RSS ${(f.extraRss / MB).toFixed(1)} MB), fetch read only ${mbps(server.bytes, r.ms).toFixed(0)} MB/s (ratio ${(c.ms / r.ms).toFixed(3)}), ` +
          `CPU curl ${c.cpuMs.toFixed(0)} ms client ${u.cpuMs.toFixed(0)} ms read only ${r.cpuMs.toFixed(0)} ms, client extra RSS ${(u.extraRss / MB).toFixed(1)} MB ` +
          `(sampled ${(u.sampledExtraRss / MB).toFixed(1)} MB), read only ${(r.extraRss / MB).toFixed(1)} MB, curl peak RSS ${(c.extraRss / MB).toFixed(1)} MB, ` +
          `server CPU with curl ${c.serverCpuMs?.toFixed(0)} ms, with client ${u.serverCpuMs?.toFixed(0)} ms`,
      );
    }
    // Apart from the timed runs (it would add to their server CPU): a second download in the same process.
    for (let i = 0; i < Math.min(runs, 3); i++) {
      for (const [transport, into] of [
        ['node', secondClient],
        ['fetch', secondFetchClient],
      ] as const) {
        const file = join(dir, `again-${transport}-${i}.csv`);
        into.push((await runClient(server, file, 'save', transport, true)).secondExtraRss ?? NaN);
        rmSync(file, { force: true });
      }
    }
  } finally {
    await server.stop();
  }

  const ratios = curlRuns.map((c, i) => c.ms / clientRuns[i].ms);
  report.info('curl throughput (median)', mbps(server.bytes, median(curlRuns.map((r) => r.ms))), ' MB/s', 0);
  report.info('client throughput (median)', mbps(server.bytes, median(clientRuns.map((r) => r.ms))), ' MB/s', 0);
  report.check('download throughput client/curl (median of paired runs)', median(ratios), 'x', '>=', THROUGHPUT_TARGET, 3);
  report.check(
    'extra resident memory of the downloading process (median)',
    median(clientRuns.map((r) => r.extraRss)) / MB,
    ' MB',
    '<=',
    EXTRA_RSS_TARGET_MB,
    1,
    `max of ${runs} runs ${(Math.max(...clientRuns.map((r) => r.extraRss)) / MB).toFixed(1)} MB`,
  );
  report.info(
    'extra resident memory of a second download in the same client process (median)',
    median(secondClient) / MB,
    ' MB',
    1,
    `max of ${secondClient.length} runs ${(Math.max(...secondClient) / MB).toFixed(1)} MB; over the global fetch ${(median(secondFetchClient) / MB).toFixed(1)} MB`,
  );
  report.info(
    'the same client over the global fetch / curl (median of paired runs; the transport before nodeFetch)',
    median(curlRuns.map((c, i) => c.ms / fetchClientRuns[i].ms)),
    'x',
    3,
    `extra RSS median ${(median(fetchClientRuns.map((r) => r.extraRss)) / MB).toFixed(1)} MB, max ${(Math.max(...fetchClientRuns.map((r) => r.extraRss)) / MB).toFixed(1)} MB, CPU ${median(fetchClientRuns.map((r) => r.cpuMs)).toFixed(0)} ms`,
  );
  report.info(
    'fetch body read alone, no disk / curl (median of paired runs; the ceiling for a fetch-based client)',
    median(curlRuns.map((c, i) => c.ms / readRuns[i].ms)),
    'x',
    3,
    `${mbps(server.bytes, median(readRuns.map((r) => r.ms))).toFixed(0)} MB/s, CPU ${median(readRuns.map((r) => r.cpuMs)).toFixed(0)} ms`,
  );
  // The same figure for fetch alone: what its own 64 KiB chunks cost until V8 collects them.
  report.info(
    'extra resident memory of fetch reading alone, no disk (median)',
    median(readRuns.map((r) => r.extraRss)) / MB,
    ' MB',
    1,
    `max of ${runs} runs ${(Math.max(...readRuns.map((r) => r.extraRss)) / MB).toFixed(1)} MB`,
  );
  report.info('curl CPU time per download (median, user + system)', median(curlRuns.map((r) => r.cpuMs)), ' ms', 0);
  report.info('client CPU time per download (median, user + system)', median(clientRuns.map((r) => r.cpuMs)), ' ms', 0);
  report.info(
    'fake server CPU time per download (median, while serving curl / the client)',
    median(curlRuns.map((r) => r.serverCpuMs ?? NaN)),
    ' ms',
    0,
    `with the client ${median(clientRuns.map((r) => r.serverCpuMs ?? NaN)).toFixed(0)} ms`,
  );
  const busy = (rs: Run[]): number => median(rs.map((r) => r.machineBusy ?? NaN)) * 100;
  report.info(
    'machine CPU busy during the download (median, % of both cores, every process and the kernel)',
    busy(clientRuns),
    ' %',
    0,
    `client; with curl ${busy(curlRuns).toFixed(0)} %, fetch read only ${busy(readRuns).toFixed(0)} %`,
  );
  report.info('curl peak resident memory (median, whole process)', median(curlRuns.map((r) => r.extraRss)) / MB, ' MB');
  report.save({
    mb,
    runs,
    ratios,
    curlMs: curlRuns.map((r) => r.ms),
    clientMs: clientRuns.map((r) => r.ms),
    readOnlyMs: readRuns.map((r) => r.ms),
    fetchClientMs: fetchClientRuns.map((r) => r.ms),
    fetchClientExtraRss: fetchClientRuns.map((r) => r.extraRss),
    readOnlyExtraRss: readRuns.map((r) => r.extraRss),
    clientExtraRss: clientRuns.map((r) => r.extraRss),
    clientSecondExtraRss: secondClient,
    fetchClientSecondExtraRss: secondFetchClient,
    clientCpuMs: clientRuns.map((r) => r.cpuMs),
    curlCpuMs: curlRuns.map((r) => r.cpuMs),
    machineBusy: {
      curl: curlRuns.map((r) => r.machineBusy),
      client: clientRuns.map((r) => r.machineBusy),
      read: readRuns.map((r) => r.machineBusy),
    },
    serverCpuMs: { curl: curlRuns.map((r) => r.serverCpuMs), client: clientRuns.map((r) => r.serverCpuMs) },
  });
}

function mbps(bytes: number, ms: number): number {
  return bytes / MB / (ms / 1000);
}

function url(server: ServedCsv): string {
  return downloadUrl(server.url, server.orderId);
}

async function runCurl(server: ServedCsv, file: string): Promise<Run> {
  const args = ['-s', '-S', '-f', '-o', file, '-H', `Authorization: Bearer ${server.token}`, '-H', 'Accept: text/csv'];
  const machineBefore = machineCpuMs();
  const child = spawn('curl', [...args, '-w', '%{time_total} %{size_download}', url(server)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const sampler = new RssSampler(child.pid ?? 0, 10);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  sampler.stop();
  const machineAfter = machineCpuMs();
  if (code !== 0) throw new Error(`curl failed with exit code ${code}`);
  const [seconds, size] = out.trim().split(/\s+/).map(Number);
  if (size !== server.bytes || statSync(file).size !== server.bytes) throw new Error(`curl got ${size} of ${server.bytes} bytes`);
  const peak = Math.max(sampler.peakRss, sampler.lastHwm);
  // curl's whole life is the download; its last sample is at most 10 ms before it exits.
  return {
    ms: seconds * 1000,
    cpuMs: sampler.lastCpuMs,
    extraRss: peak,
    sampledExtraRss: peak,
    // Includes curl's start and exit (a few ms).
    machineBusy: busyShare(machineBefore, machineAfter),
  };
}

async function runClient(
  server: ServedCsv,
  file: string,
  mode: 'save' | 'read',
  transport: 'node' | 'fetch',
  again = false,
): Promise<Run> {
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      join(__dirname, 'downloadClient.js'),
      '--url',
      server.url,
      '--order',
      server.orderId,
      '--target',
      file,
      '--mode',
      mode,
      '--transport',
      transport,
      ...(again ? ['--again'] : []),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BENCH_FAKE_TOKEN: server.token } },
  );
  const sampler = new RssSampler(child.pid ?? 0, 10);
  let baseline: number | undefined;
  let done: ClientDone | undefined;
  let secondExtraRss: number | undefined;
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    const msg = JSON.parse(line) as ClientStart | ClientDone | ClientAgain;
    if (msg.phase === 'start') {
      baseline = msg.baselineRss;
      sampler.peakRss = 0; // from here on, the download's own samples
    } else if (msg.phase === 'again') {
      secondExtraRss = msg.extraRss;
    } else if (!done) {
      sampler.sample();
      done = msg;
    }
  });
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  sampler.stop();
  if (code !== 0 || !done || baseline === undefined) throw new Error(`download client failed (exit code ${code})`);
  if (done.bytes !== server.bytes || (mode === 'save' && statSync(file).size !== server.bytes)) {
    throw new Error(`client saved ${done.bytes} of ${server.bytes} bytes`);
  }
  if (!done.peakReset) console.log('(kernel refused to reset VmHWM: extra RSS includes start-up, an upper bound)');
  return {
    ms: done.ms,
    cpuMs: done.cpuMs,
    extraRss: done.peakRss - baseline,
    sampledExtraRss: sampler.peakRss - baseline,
    secondExtraRss,
    machineBusy: done.machineBusyMs !== undefined && done.machineTotalMs ? done.machineBusyMs / done.machineTotalMs : undefined,
  };
}

function busyShare(
  before: { busy: number; total: number } | undefined,
  after: { busy: number; total: number } | undefined,
): number | undefined {
  return before && after && after.total > before.total ? (after.busy - before.busy) / (after.total - before.total) : undefined;
}

runMain(main);
