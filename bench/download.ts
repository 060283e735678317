// `npm run bench:download [-- --links loopback:500:5,100:500:3,12:120:3 --dir bench/results/tmp]`: the CSV
// download, curl against the extension's download path, over each link in one run. A link is
// `<rate>:<file MB>:<pairs>`, rate `loopback` (unshaped) or MB/s; the fake server (its own process, one per
// link) paces the CSV body to that rate (test/fakeServer/throttle.ts), so curl and the client read the same
// shaped stream. Each pair runs `curl -s -o <file>` with the same auth header and a fresh client process
// (bench/downloadClient: `UniqueClient.downloadCsv` over nodeFetch into a file), in alternating order, and the
// rounds of pairs interleave the links. Reported per link: wall time client ÷ curl (median of the pairs' ratios),
// CPU time (user + sys) of each per 500 MB and their ratio, and for the client the extra RSS of the first
// download in the fresh process and of a second download in the same process. Also `BENCH_DOWNLOAD_LINKS`.

import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { downloadUrl } from '../src/core/api/client';
import { MB, RssSampler, cpuMsOf, machineCpuMs } from './lib/procStatus';
import { Report, median, runMain } from './lib/report';
import { startServerProcess, type ServedCsv } from './lib/serverProcess';

const DEFAULT_LINKS = 'loopback:500:5,100:500:3,12:120:3';
/** CPU and memory are stated per this much CSV (files of another size are scaled, and say so). */
const PER_MB = 500;
/** On a shaped link: the client's wall time at most this × curl's in the same run, its CPU at most 2×. */
const WALL_TARGET = 1.03;
const CPU_TARGET = 2;
const FIRST_RSS_TARGET_MB = 48;
const SECOND_RSS_TARGET_MB = 8;
const CURL_START_RUNS = 5;

interface Link {
  /** MB/s (MB = 2^20 bytes); 0 = unshaped loopback. */
  readonly rateMBps: number;
  readonly mb: number;
  readonly pairs: number;
  readonly name: string;
}

interface Run {
  readonly ms: number;
  /** User + system CPU time of the downloading process for the download, ms (curl: less its start-up). */
  readonly cpuMs: number;
  /** curl: its whole life's CPU time, start-up included. */
  readonly wholeCpuMs?: number;
  /** Share of all cores busy (any process, and the kernel) during the download: 1 = saturated. */
  readonly machineBusy?: number;
  /** CPU time the fake server spent meanwhile (10 ms ticks). */
  serverCpuMs?: number;
}

interface ClientRun extends Run {
  /** Peak RSS during the first download minus the RSS just before it (fresh process, after one list call). */
  readonly extraRss: number;
  /** Cross-check from the parent sampling /proc/<pid>/status every 10 ms. */
  readonly sampledExtraRss: number;
  /** The same process's second download. */
  readonly second: { readonly ms: number; readonly cpuMs: number; readonly extraRss: number };
}

interface LinkResult {
  readonly link: Link;
  readonly server: ServedCsv;
  readonly curl: Run[];
  readonly client: ClientRun[];
}

/** The lines bench/downloadClient prints. */
type ClientLine =
  | { phase: 'start'; baselineRss: number }
  | {
      phase: 'done';
      ms: number;
      cpuMs: number;
      bytes: number;
      baselineRss: number;
      peakRss: number;
      peakReset: boolean;
      machineBusyMs?: number;
      machineTotalMs?: number;
    }
  | { phase: 'again'; ms: number; cpuMs: number; bytes: number; extraRss: number };

function parseLinks(spec: string): Link[] {
  return spec.split(',').map((part) => {
    const m = /^\s*(loopback|\d+(?:\.\d+)?):(\d+(?:\.\d+)?):(\d+)\s*$/.exec(part);
    if (!m) throw new Error(`a link is <loopback|MB/s>:<file MB>:<pairs>, got "${part}"`);
    const rateMBps = m[1] === 'loopback' ? 0 : Number(m[1]);
    const mb = Number(m[2]);
    const pairs = Number(m[3]);
    if (!(mb > 0) || pairs < 1 || (m[1] !== 'loopback' && !(rateMBps > 0)))
      throw new Error(`bad link "${part}"`);
    return {
      rateMBps,
      mb,
      pairs,
      name: rateMBps === 0 ? 'loopback, unshaped' : `${rateMBps} MB/s`,
    };
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      links: { type: 'string', default: process.env.BENCH_DOWNLOAD_LINKS || DEFAULT_LINKS },
      dir: { type: 'string', default: join('bench', 'results', 'tmp') },
      // Another build of bench/downloadClient (e.g. bundled from an older tree) to compare against curl.
      'client-js': { type: 'string', default: join(__dirname, 'downloadClient.js') },
    },
  });
  const clientJs = resolve(values['client-js']);
  const links = parseLinks(values.links);
  const curlVersion = spawnSync('curl', ['--version'], { encoding: 'utf8' });
  if (curlVersion.status !== 0)
    throw new Error('curl is needed as the baseline: apt-get install -y curl');

  const report = new Report('download');
  const dir = resolve(values.dir);
  mkdirSync(dir, { recursive: true });
  const results: LinkResult[] = [];
  let curlStartMs = NaN;
  try {
    for (const link of links) {
      const server = await startServerProcess(
        __dirname,
        Math.round(link.mb * MB),
        Math.round(link.rateMBps * MB),
      );
      results.push({ link, server, curl: [], client: [] });
      const eta = link.rateMBps
        ? `, ~${((link.mb / link.rateMBps) * 3 * link.pairs).toFixed(0)} s`
        : '';
      console.log(
        `link ${link.name}: CSV of ${(server.bytes / MB).toFixed(1)} MB, ${link.pairs} pairs (server pid ${server.pid}${eta})`,
      );
    }
    // What curl spends to start, connect, ask and exit without a body (exec, libcurl and TLS library set-up):
    // taken off its figures, as the client's are without Node's start.
    const starts: number[] = [];
    for (let i = 0; i < CURL_START_RUNS; i++)
      starts.push(
        (await runCurl(results[0].server, join(dir, 'start.json'), 0, '/__fake/faults')).cpuMs,
      );
    rmSync(join(dir, 'start.json'), { force: true });
    curlStartMs = median(starts);
    console.log(
      `curl's start-up: ${curlStartMs.toFixed(1)} ms of CPU (median of ${CURL_START_RUNS} body-less requests), taken off curl's CPU figures`,
    );
    if (clientJs !== join(__dirname, 'downloadClient.js')) console.log(`client: ${clientJs}`);
    console.log(
      `MB = 2^20 bytes; a pair is curl and a fresh client process, alternating which goes first`,
    );
    const rounds = Math.max(...links.map((l) => l.pairs));
    for (let round = 0; round < rounds; round++) {
      for (const [k, r] of results.entries()) {
        if (round >= r.link.pairs) continue;
        const file = join(dir, `link${k}-${round}.csv`);
        const clientFirst = (round + k) % 2 === 1;
        for (const who of clientFirst
          ? (['client', 'curl'] as const)
          : (['curl', 'client'] as const)) {
          if (who === 'curl') r.curl.push(await runCurl(r.server, file, curlStartMs));
          else r.client.push(await runClient(clientJs, r.server, file));
          rmSync(file, { force: true });
        }
        const c = r.curl[round];
        const u = r.client[round];
        const per = PER_MB / (r.server.bytes / MB);
        console.log(
          `${r.link.name} pair ${round + 1}${clientFirst ? ' (client first)' : ''}: curl ${mbps(r.server.bytes, c.ms).toFixed(1)} MB/s, ` +
            `client ${mbps(r.server.bytes, u.ms).toFixed(1)} MB/s, client/curl time ${(u.ms / c.ms).toFixed(3)}; ` +
            `CPU per ${PER_MB} MB curl ${(c.cpuMs * per).toFixed(0)} ms, client ${(u.cpuMs * per).toFixed(0)} ms ` +
            `(${(u.cpuMs / c.cpuMs).toFixed(2)}x); client extra RSS ${(u.extraRss / MB).toFixed(1)} MB ` +
            `(sampled ${(u.sampledExtraRss / MB).toFixed(1)}), second download ${(u.second.extraRss / MB).toFixed(1)} MB ` +
            `in ${(u.second.ms / c.ms).toFixed(3)}x curl's time; load ${loadavg()[0].toFixed(2)}`,
        );
      }
    }
  } finally {
    await Promise.all(results.map((r) => r.server.stop()));
  }

  const table: string[] = [];
  const notes: string[] = [];
  for (const r of results) summarise(report, r, table, notes);
  report.info(
    `curl start-up CPU time (median of ${CURL_START_RUNS} body-less requests, user + sys; taken off every curl CPU figure above)`,
    curlStartMs,
    ' ms',
    1,
  );
  console.log(
    `\n| link | file | pairs | wall client ÷ curl | CPU per ${PER_MB} MB curl / client (ratio) | client extra RSS first / second |`,
  );
  console.log('| --- | --: | --: | --: | --: | --: |');
  for (const row of table) console.log(row);
  for (const note of notes) console.log(note);
  report.save({
    curlStartMs,
    links: results.map((r) => ({
      link: r.link,
      bytes: r.server.bytes,
      curl: r.curl,
      client: r.client,
    })),
  });
}

function summarise(report: Report, r: LinkResult, table: string[], notes: string[]): void {
  const { link, server, curl, client } = r;
  const shaped = link.rateMBps > 0;
  const fileMb = server.bytes / MB;
  const per = PER_MB / fileMb;
  const scaled = Math.abs(fileMb - PER_MB) < 0.5 ? '' : ` (scaled from a ${fmtMb(fileMb)} MB file)`;
  const tag = `[${link.name}, ${fmtMb(fileMb)} MB, ${curl.length} pairs]`;
  const wall = median(curl.map((c, i) => client[i].ms / c.ms));
  const cpuRatio = median(curl.map((c, i) => client[i].cpuMs / c.cpuMs));
  const curlCpu = median(curl.map((c) => c.cpuMs)) * per;
  const clientCpu = median(client.map((c) => c.cpuMs)) * per;
  const first = median(client.map((c) => c.extraRss)) / MB;
  const second = median(client.map((c) => c.second.extraRss)) / MB;
  const maxFirst = Math.max(...client.map((c) => c.extraRss)) / MB;
  const maxSecond = Math.max(...client.map((c) => c.second.extraRss)) / MB;
  const speeds = `curl ${mbps(server.bytes, median(curl.map((c) => c.ms))).toFixed(1)} MB/s, client ${mbps(server.bytes, median(client.map((c) => c.ms))).toFixed(1)} MB/s`;
  if (shaped)
    report.check(
      `${tag} wall time client ÷ curl (median of pairs)`,
      wall,
      'x',
      '<=',
      WALL_TARGET,
      3,
      speeds,
    );
  else
    report.info(
      `${tag} wall time client ÷ curl (median of pairs; no target)`,
      wall,
      'x',
      3,
      speeds,
    );
  const cpuNote = `per ${PER_MB} MB${scaled}: curl ${curlCpu.toFixed(0)} ms, client ${clientCpu.toFixed(0)} ms`;
  if (shaped)
    report.check(
      `${tag} CPU time client ÷ curl (median of pairs)`,
      cpuRatio,
      'x',
      '<=',
      CPU_TARGET,
      2,
      cpuNote,
    );
  else
    report.info(
      `${tag} CPU time client ÷ curl (median of pairs; no target)`,
      cpuRatio,
      'x',
      2,
      cpuNote,
    );
  report.info(
    `${tag} curl CPU time per ${PER_MB} MB${scaled} (median, user + sys, less its start-up)`,
    curlCpu,
    ' ms',
    0,
  );
  report.info(
    `${tag} client CPU time per ${PER_MB} MB${scaled} (median, user + sys)`,
    clientCpu,
    ' ms',
    0,
  );
  report.check(
    `${tag} client extra RSS, first download in a fresh process (median)`,
    first,
    ' MB',
    '<=',
    FIRST_RSS_TARGET_MB,
    1,
    `max ${maxFirst.toFixed(1)} MB; sampled every 10 ms: median ${(median(client.map((c) => c.sampledExtraRss)) / MB).toFixed(1)} MB`,
  );
  report.check(
    `${tag} client extra RSS, second download in the same process (median)`,
    second,
    ' MB',
    '<=',
    SECOND_RSS_TARGET_MB,
    1,
    `max ${maxSecond.toFixed(1)} MB; its time ${median(curl.map((c, i) => client[i].second.ms / c.ms)).toFixed(3)}x curl's, CPU per ${PER_MB} MB ${(median(client.map((c) => c.second.cpuMs)) * per).toFixed(0)} ms`,
  );
  const busy = (rs: Run[]): string =>
    (median(rs.map((x) => x.machineBusy ?? NaN)) * 100).toFixed(0);
  report.info(
    `${tag} fake server CPU per ${PER_MB} MB${scaled} (median, while serving curl / the client)`,
    median(curl.map((c) => c.serverCpuMs ?? NaN)) * per,
    ' ms',
    0,
    `with the client ${(median(client.map((c) => c.serverCpuMs ?? NaN)) * per).toFixed(0)} ms; both cores busy ${busy(curl)} % (curl) / ${busy(client)} % (client)`,
  );
  table.push(
    `| ${link.name} | ${fmtMb(fileMb)} MB | ${curl.length} | ${wall.toFixed(3)}${shaped ? ` ${wall <= WALL_TARGET ? 'OK' : 'MISSED'}` : ''} | ` +
      `${curlCpu.toFixed(0)} / ${clientCpu.toFixed(0)} ms${scaled ? '*' : ''} (${cpuRatio.toFixed(2)}x${shaped ? ` ${cpuRatio <= CPU_TARGET ? 'OK' : 'MISSED'}` : ''}) | ` +
      `${first.toFixed(1)} ${first <= FIRST_RSS_TARGET_MB ? 'OK' : 'MISSED'} / ${second.toFixed(1)} MB ${second <= SECOND_RSS_TARGET_MB ? 'OK' : 'MISSED'} |`,
  );
  if (scaled)
    notes.push(
      `\\* ${link.name}: CPU measured on a ${fmtMb(fileMb)} MB file and scaled to ${PER_MB} MB`,
    );
}

function fmtMb(mb: number): string {
  return Number.isInteger(mb) ? String(mb) : mb.toFixed(1);
}

function mbps(bytes: number, ms: number): number {
  return bytes / MB / (ms / 1000);
}

/**
 * `curl -s -o <file>` with the same auth header, started by bash so that bash's `times` (getrusage of its
 * children: curl's whole life, to the ms) gives its CPU time, less `startMs`; the wall time is curl's own
 * `time_total`. With `path`, a body-less request to that path instead (for curl's start-up).
 */
async function runCurl(
  server: ServedCsv,
  file: string,
  startMs: number,
  path?: string,
): Promise<Run> {
  const url = path ? new URL(path, server.url).toString() : downloadUrl(server.url, server.orderId);
  const args = [
    '-s',
    '-S',
    '-f',
    '-o',
    file,
    '-H',
    `Authorization: Bearer ${server.token}`,
    '-H',
    'Accept: text/csv',
  ];
  const machineBefore = machineCpuMs();
  const serverBefore = cpuMsOf(server.pid) ?? NaN;
  const child = spawn(
    'bash',
    [
      '-c',
      'curl "$@"; rc=$?; times; exit $rc',
      'bash',
      ...args,
      '-w',
      '%{time_total} %{size_download}\\n',
      url,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  const serverCpuMs = (cpuMsOf(server.pid) ?? NaN) - serverBefore;
  const machineAfter = machineCpuMs();
  if (code !== 0) throw new Error(`curl failed with exit code ${code}`);
  // curl's line, then `times`: the shell's own user/sys, then its children's.
  const lines = out.trim().split('\n');
  const [seconds, size] = lines[0].trim().split(/\s+/).map(Number);
  const children = [...lines[2].matchAll(/(\d+)m([\d.]+)s/g)].map(
    (m) => (Number(m[1]) * 60 + Number(m[2])) * 1000,
  );
  if (children.length !== 2)
    throw new Error(`unexpected output of bash's times: ${lines.slice(1).join(' / ')}`);
  if (!path && (size !== server.bytes || statSync(file).size !== server.bytes)) {
    throw new Error(`curl got ${size} of ${server.bytes} bytes`);
  }
  return {
    ms: seconds * 1000,
    cpuMs: children[0] + children[1] - startMs,
    wholeCpuMs: children[0] + children[1],
    // Includes curl's start and exit (a few ms).
    machineBusy: busyShare(machineBefore, machineAfter),
    serverCpuMs,
  };
}

/** A fresh bench/downloadClient process: one timed download, then a second one in the same process. */
async function runClient(clientJs: string, server: ServedCsv, file: string): Promise<ClientRun> {
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      clientJs,
      '--url',
      server.url,
      '--order',
      server.orderId,
      '--target',
      file,
      '--again',
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BENCH_FAKE_TOKEN: server.token },
    },
  );
  const sampler = new RssSampler(child.pid ?? 0, 10);
  let baseline: number | undefined;
  let serverBefore = NaN;
  let serverCpuMs = NaN;
  let sampledPeak = NaN;
  let done: Extract<ClientLine, { phase: 'done' }> | undefined;
  let again: Extract<ClientLine, { phase: 'again' }> | undefined;
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    const msg = JSON.parse(line) as ClientLine;
    if (msg.phase === 'start') {
      baseline = msg.baselineRss;
      serverBefore = cpuMsOf(server.pid) ?? NaN;
      sampler.peakRss = 0; // from here on, the download's own samples
    } else if (msg.phase === 'done') {
      serverCpuMs = (cpuMsOf(server.pid) ?? NaN) - serverBefore;
      sampler.sample();
      sampledPeak = sampler.peakRss;
      sampler.stop(); // the second download is measured by the client itself
      done = msg;
    } else {
      again = msg;
    }
  });
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  sampler.stop();
  if (code !== 0 || !done || !again || baseline === undefined)
    throw new Error(`download client failed (exit code ${code})`);
  if (
    done.bytes !== server.bytes ||
    again.bytes !== server.bytes ||
    statSync(file).size !== server.bytes
  ) {
    throw new Error(`client saved ${done.bytes} / ${again.bytes} of ${server.bytes} bytes`);
  }
  if (!done.peakReset)
    console.log('(kernel refused to reset VmHWM: extra RSS includes start-up, an upper bound)');
  return {
    ms: done.ms,
    cpuMs: done.cpuMs,
    extraRss: done.peakRss - baseline,
    sampledExtraRss: sampledPeak - baseline,
    second: { ms: again.ms, cpuMs: again.cpuMs, extraRss: again.extraRss },
    machineBusy:
      done.machineBusyMs !== undefined && done.machineTotalMs
        ? done.machineBusyMs / done.machineTotalMs
        : undefined,
    serverCpuMs,
  };
}

function busyShare(
  before: { busy: number; total: number } | undefined,
  after: { busy: number; total: number } | undefined,
): number | undefined {
  return before && after && after.total > before.total
    ? (after.busy - before.busy) / (after.total - before.total)
    : undefined;
}

runMain(main);
