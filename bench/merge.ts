// `node bench/build.mjs && node bench/results/build/merge.js [--total-mib 2048 --parts 8 --runs 3 --dir <tmpdir>]`:
// the streamed merge of a batch's parts (`mergeParts`, src/core/ranges/merge.ts; issue "Long ranges": memory does
// not grow with the file size, a 2 GB merged result uses no more extra memory than one download does). In one run:
// - writes a detailed chat-interactions export of --total-mib MiB (bench/lib/csvFixtures.ts: UTF-8 BOM, CRLF,
//   quoted multi-line prompts and answers with commas and doubled quotes) and cuts it at record ends (a quote-aware
//   scan) into --parts part files, each with the BOM and the header, as Unique's batch parts are; the original
//   itself is then deleted, only its size, SHA-256 and record count are kept;
// - per run (parts in the page cache, `sync` before each timed step, the order of the first three rotating):
//   `cat part1 … partN > out` (spawned; GNU cat copies in the kernel with copy_file_range: the raw copy limit);
//   the same bytes through Node streams (`pipeline` of each part into one write stream, fresh child process: what
//   any streamed copy through user space costs); `mergeParts` in a fresh child process (its time, and its peak
//   extra RSS: VmHWM after resetting it, minus VmRSS just before; the parent also samples /proc/<pid>/status
//   every 20 ms), then a second merge in the same process; last, one download of a file of the merged size
//   through the extension's download path (bench/downloadClient: `UniqueClient.downloadCsv` over nodeFetch against
//   the fake server in its own process, bench/downloadServer), measured the same way, first and second;
// - checks every merged file: its size (the parts' sizes less N-1 BOMs and headers), its SHA-256 (the original's:
//   the merge must give back exactly the file that was cut), one BOM (at the start) and one header line, and its
//   records by a quote-aware count (the generated rows + the header). A wrong output exits 1; timing never fails.
// Everything is written into a temporary folder under --dir and removed at the end, also on failure or Ctrl-C.
// Figures: bench/results/merge.json; README: bench/README.md ("Merging parts (long ranges)").

import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  openSync,
  rmSync,
  statSync,
} from 'node:fs';
import { mkdtemp, statfs } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { mergeParts } from '../src/core/ranges/merge';
import { detailedHeader, writeFixture } from './lib/csvFixtures';
import { residentOf, resetOwnPeak } from './lib/procStatus';
import { Report, median, runMain } from './lib/report';
import { startServerProcess, type ServedCsv } from './lib/serverProcess';

const MiB = 2 ** 20;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const HEADER = Buffer.from(detailedHeader(), 'utf8');
const QUOTE = 0x22;
const LF = 0x0a;
const SAMPLE_MS = 20;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// --- a quote-aware scan of a CSV file ------------------------------------------------------------------------------

interface Scan {
  readonly bytes: number;
  readonly sha256: string;
  /** Line feeds outside quoted fields: the header and every row (each ends with CRLF). */
  readonly records: number;
  readonly boms: number;
  readonly headers: number;
  readonly startsWithBom: boolean;
  /** The last byte is a line feed outside quotes (no record left open). */
  readonly endsClosed: boolean;
}

/** Counts a needle's occurrences in a stream of chunks, also those across two chunks. */
class Occurrences {
  count = 0;
  private tail = Buffer.alloc(0);

  constructor(private readonly needle: Buffer) {}

  feed(chunk: Buffer): void {
    const keep = this.needle.length - 1;
    // Only an occurrence that spans the two chunks fits in (tail + the chunk's first keep bytes).
    this.count += countIn(Buffer.concat([this.tail, chunk.subarray(0, keep)]), this.needle);
    this.count += countIn(chunk, this.needle);
    const joined = chunk.length >= keep ? chunk : Buffer.concat([this.tail, chunk]);
    this.tail = Buffer.from(joined.subarray(Math.max(0, joined.length - keep)));
  }
}

function countIn(haystack: Buffer, needle: Buffer): number {
  let n = 0;
  for (let p = haystack.indexOf(needle); p >= 0; p = haystack.indexOf(needle, p + 1)) n++;
  return n;
}

/**
 * Reads `path` once: size, SHA-256, BOMs and header lines anywhere, and record ends (line feeds outside quoted
 * fields; a doubled quote toggles twice). `onRecordEnd` gets the offset just after each record's line feed.
 */
async function scan(path: string, onRecordEnd?: (end: number) => void): Promise<Scan> {
  const hash = createHash('sha256');
  const boms = new Occurrences(BOM);
  const headers = new Occurrences(HEADER);
  let inQuote = false;
  let records = 0;
  let offset = 0;
  let first: Buffer | undefined;
  let last = -1;
  for await (const chunk of createReadStream(path, {
    highWaterMark: MiB,
  }) as AsyncIterable<Buffer>) {
    first ??= Buffer.from(chunk.subarray(0, 3));
    hash.update(chunk);
    boms.feed(chunk);
    headers.feed(chunk);
    let i = 0;
    while (i < chunk.length) {
      let q = chunk.indexOf(QUOTE, i);
      if (q < 0) q = chunk.length;
      if (!inQuote) {
        const plain = chunk.subarray(i, q);
        for (let lf = plain.indexOf(LF); lf >= 0; lf = plain.indexOf(LF, lf + 1)) {
          records++;
          onRecordEnd?.(offset + i + lf + 1);
        }
      }
      if (q < chunk.length) inQuote = !inQuote;
      i = q + 1;
    }
    offset += chunk.length;
    last = chunk[chunk.length - 1];
  }
  return {
    bytes: offset,
    sha256: hash.digest('hex'),
    records,
    boms: boms.count,
    headers: headers.count,
    startsWithBom: !!first && first.equals(BOM),
    endsClosed: last === LF && !inQuote,
  };
}

// --- the parts --------------------------------------------------------------------------------------------------

interface Fixture {
  readonly parts: string[];
  readonly partBytes: number[];
  readonly partRows: number[];
  /** What the merged file must be: the original export, byte for byte. */
  readonly merged: { readonly bytes: number; readonly sha256: string; readonly rows: number };
}

/** Writes the export, cuts it into `count` parts at record ends near equal sizes, deletes the original. */
async function makeParts(dir: string, totalBytes: number, count: number): Promise<Fixture> {
  const original = join(dir, 'original.csv');
  const t0 = performance.now();
  const rows = await writeFixture(original, 'detailed', totalBytes);
  const size = statSync(original).size;
  const prefix = Buffer.concat([BOM, HEADER]);
  const body = size - prefix.length;
  // Record ends at or after k/count of the body, k = 1 … count-1; the header's own end is the first one.
  const cuts: number[] = [];
  const rowsBefore: number[] = [];
  let seen = 0;
  const whole = await scan(original, (end) => {
    seen++;
    const k = cuts.length + 1;
    if (k < count && end >= prefix.length + (body * k) / count && end < size) {
      cuts.push(end);
      rowsBefore.push(seen - 1); // less the header
    }
  });
  if (!whole.startsWithBom || whole.headers !== 1 || !whole.endsClosed)
    throw new Error(
      'the generated export is not as expected (BOM, one header, closed last record)',
    );
  if (whole.records !== rows + 1)
    throw new Error(`the generated export has ${whole.records - 1} records, ${rows} were written`);
  if (cuts.length !== count - 1) throw new Error(`the export is too small for ${count} parts`);
  const starts = [prefix.length, ...cuts];
  const ends = [...cuts, size];
  const counts = [0, ...rowsBefore, rows];
  const parts: string[] = [];
  const partBytes: number[] = [];
  const partRows: number[] = [];
  for (let k = 0; k < count; k++) {
    const path = join(dir, `part-${String(k + 1).padStart(2, '0')}.csv`);
    const out = createWriteStream(path);
    out.write(prefix);
    await pipeline(createReadStream(original, { start: starts[k], end: ends[k] - 1 }), out);
    parts.push(path);
    partBytes.push(statSync(path).size);
    partRows.push(counts[k + 1] - counts[k]);
  }
  rmSync(original);
  console.log(
    `wrote ${count} parts of ${(size / count / MiB).toFixed(1)} MiB on average (${rows.toLocaleString('en-US')} rows, ` +
      `${(size / MiB).toFixed(1)} MiB merged) in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
      `rows per part ${partRows.join(', ')}`,
  );
  return { parts, partBytes, partRows, merged: { bytes: size, sha256: whole.sha256, rows } };
}

/** Throws unless `path` is exactly the merged export the parts were cut from. */
async function verify(path: string, fx: Fixture, reported: number, what: string): Promise<void> {
  const s = await scan(path);
  const expected =
    fx.partBytes.reduce((a, b) => a + b, 0) - (fx.parts.length - 1) * (BOM.length + HEADER.length);
  const rows = fx.partRows.reduce((a, b) => a + b, 0);
  const wrong: string[] = [];
  if (s.bytes !== expected || expected !== fx.merged.bytes)
    wrong.push(
      `${s.bytes} bytes, ${expected} expected (parts less ${fx.parts.length - 1} BOMs and headers)`,
    );
  if (reported !== s.bytes)
    wrong.push(`mergeParts reported ${reported} bytes, the file has ${s.bytes}`);
  if (!s.startsWithBom || s.boms !== 1)
    wrong.push(`${s.boms} BOMs (exactly one, at the start, expected)`);
  if (s.headers !== 1) wrong.push(`${s.headers} header lines (one expected)`);
  if (s.records - 1 !== rows || rows !== fx.merged.rows)
    wrong.push(`${s.records - 1} rows (quote-aware count), ${rows} in the parts`);
  if (!s.endsClosed) wrong.push('the last record is not closed');
  if (s.sha256 !== fx.merged.sha256)
    wrong.push('its bytes differ from the export the parts were cut from');
  if (wrong.length) throw new Error(`${what}: the merged file is wrong: ${wrong.join('; ')}`);
}

// --- child: the merge, or the plain stream copy ---------------------------------------------------------------------------------------------

/** The lines the child prints, one JSON object each. */
type ChildLine =
  | { phase: 'start'; baselineRss: number }
  | {
      phase: 'done';
      ms: number;
      cpuMs: number;
      bytes: number;
      baselineRss: number;
      peakRss: number;
      peakReset: boolean;
    };

async function settle(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await sleep(50);
  gc?.();
}

/**
 * The parts' bytes as they are (headers and all) through Node streams into one file, no header handling: what
 * any streamed copy through user space costs (each part `pipeline`d into one `createWriteStream`, 1 MiB reads).
 */
async function copyParts(parts: readonly string[], target: string): Promise<number> {
  const out = createWriteStream(target, { flags: 'wx' });
  // Each `pipeline(…, { end: false })` leaves its listeners on the shared write stream (a handful per part).
  out.setMaxListeners(10 + 4 * parts.length);
  for (const p of parts)
    await pipeline(createReadStream(p, { highWaterMark: MiB }), out, { end: false });
  await new Promise<void>((resolve, reject) =>
    out.end((e?: Error | null) => (e ? reject(e) : resolve())),
  );
  return out.bytesWritten;
}

/**
 * Merges (or copies, `mode` copy), prints `start` and `done`; then waits for a line on stdin (the parent has
 * checked and removed the file) and does it once more in the same process.
 */
async function child(mode: 'merge' | 'copy', parts: string[], target: string): Promise<void> {
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  for (let round = 0; round < 2; round++) {
    if (round > 0 && (await lines.next()).done) return;
    await settle();
    const baselineRss = residentOf('self')?.rss ?? process.memoryUsage.rss();
    const peakReset = resetOwnPeak();
    process.stdout.write(JSON.stringify({ phase: 'start', baselineRss }) + '\n');
    let progress = 0;
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const bytes =
      mode === 'merge'
        ? (await mergeParts(parts, target, { onProgress: (b) => (progress = b) })).bytes
        : await copyParts(parts, target);
    const ms = performance.now() - t0;
    const used = process.cpuUsage(cpu);
    const peakRss = residentOf('self')?.hwm ?? NaN;
    if (mode === 'merge' && progress === 0) throw new Error('no progress was reported');
    process.stdout.write(
      JSON.stringify({
        phase: 'done',
        ms,
        cpuMs: (used.user + used.system) / 1000,
        bytes,
        baselineRss,
        peakRss,
        peakReset,
      }) + '\n',
    );
  }
}

// --- the measured steps (parent) ------------------------------------------------------------------------------------

interface Measured {
  readonly ms: number;
  /** Peak RSS minus RSS just before (VmHWM after a reset; the sampled peak where the kernel refuses the reset). */
  readonly extraRss: number;
  /** Cross-check: the parent's samples of /proc/<pid>/status every 20 ms. */
  readonly sampledExtraRss: number;
  /**
   * The sampled peak above the baseline in the first and in the second half of the step's time: a streamed
   * step's memory must not grow with the bytes it has handled, so the second half's peak is no higher.
   */
  readonly halves: readonly [number, number];
}

/** VmRSS of a child every 20 ms, from `restart()` on (the parent's view; the child's VmHWM is the exact peak). */
class RssTrace {
  private readonly timer: NodeJS.Timeout;
  private samples: { at: number; rss: number }[] = [];

  constructor(private readonly pid: number) {
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
  }

  sample(): void {
    const r = residentOf(this.pid);
    if (r) this.samples.push({ at: performance.now(), rss: r.rss });
  }

  restart(): void {
    this.samples = [];
    this.sample();
  }

  /** The peak over everything since `restart()`, and over each half of that time. */
  peaks(): { all: number; halves: [number, number] } {
    this.sample();
    const s = this.samples;
    const mid = s.length ? (s[0].at + s[s.length - 1].at) / 2 : 0;
    const top = (xs: typeof s): number => (xs.length ? Math.max(...xs.map((x) => x.rss)) : NaN);
    return {
      all: top(s),
      halves: [top(s.filter((x) => x.at <= mid)), top(s.filter((x) => x.at > mid))],
    };
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

interface TwoRounds {
  readonly first: Measured;
  readonly second: Measured;
}

const live = new Set<ChildProcess>();

function track(child: ChildProcess): ChildProcess {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

async function runSync(): Promise<void> {
  const child = track(spawn('sync', [], { stdio: 'inherit' }));
  await new Promise((r) => child.once('exit', r));
}

/** `cat parts… > out`: wall time from spawn to exit. */
async function runCat(parts: string[], out: string, bytes: number): Promise<number> {
  const fd = openSync(out, 'w');
  const t0 = performance.now();
  let code: number | null;
  try {
    const child = track(spawn('cat', parts, { stdio: ['ignore', fd, 'inherit'] }));
    code = await new Promise<number | null>((r) => child.once('exit', r));
  } finally {
    closeSync(fd);
  }
  const ms = performance.now() - t0;
  if (code !== 0 || statSync(out).size !== bytes) throw new Error(`cat failed (exit code ${code})`);
  rmSync(out);
  return ms;
}

/** Peak extra RSS of a measured round: from the child's VmHWM if it could reset it, else from the samples. */
function measured(
  done: { ms: number; baselineRss: number; peakRss: number; peakReset: boolean },
  trace: RssTrace,
): Measured {
  const { all, halves } = trace.peaks();
  const sampledExtraRss = all - done.baselineRss;
  return {
    ms: done.ms,
    extraRss: done.peakReset ? done.peakRss - done.baselineRss : sampledExtraRss,
    sampledExtraRss,
    halves: [halves[0] - done.baselineRss, halves[1] - done.baselineRss],
  };
}

/**
 * A fresh child of this bundle (`merge` or `copy`): two rounds, each output checked (`check`) and removed
 * before the next.
 */
async function runChild(
  mode: 'merge' | 'copy',
  parts: readonly string[],
  target: string,
  check: (bytes: number, round: number) => Promise<void>,
): Promise<TwoRounds & { cpuMs: number }> {
  const p = track(
    spawn(
      process.execPath,
      [
        '--expose-gc',
        __filename,
        '--child',
        mode,
        '--target',
        target,
        '--paths',
        JSON.stringify(parts),
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    ),
  );
  const exited = new Promise<number | null>((r) => p.once('exit', r));
  const trace = new RssTrace(p.pid ?? 0);
  const rounds: Measured[] = [];
  let cpuMs = NaN;
  try {
    for await (const line of createInterface({ input: p.stdout! })) {
      const msg = JSON.parse(line) as ChildLine;
      if (msg.phase === 'start') {
        trace.restart(); // from here on, this round's own samples
        continue;
      }
      rounds.push(measured(msg, trace));
      if (rounds.length === 1) cpuMs = msg.cpuMs;
      await check(msg.bytes, rounds.length);
      rmSync(target);
      if (rounds.length === 1) p.stdin!.write('next\n');
      else p.stdin!.end();
    }
  } finally {
    trace.stop();
    p.stdin!.destroy();
  }
  const code = await exited;
  if (code !== 0 || rounds.length !== 2)
    throw new Error(`${mode} child failed (exit code ${code})`);
  return { first: rounds[0], second: rounds[1], cpuMs };
}

/** The lines bench/downloadClient prints (those read here). */
type ClientLine =
  | { phase: 'start'; baselineRss: number }
  | {
      phase: 'done';
      ms: number;
      bytes: number;
      baselineRss: number;
      peakRss: number;
      peakReset: boolean;
    }
  | { phase: 'again'; ms: number; bytes: number; extraRss: number };

/** A fresh bench/downloadClient process: a download, then a second one in the same process (`--again`). */
async function runDownload(server: ServedCsv, target: string): Promise<TwoRounds> {
  const child = track(
    spawn(
      process.execPath,
      [
        '--expose-gc',
        join(__dirname, 'downloadClient.js'),
        '--url',
        server.url,
        '--order',
        server.orderId,
        '--target',
        target,
        '--again',
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, BENCH_FAKE_TOKEN: server.token },
      },
    ),
  );
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  const trace = new RssTrace(child.pid ?? 0);
  let first: Measured | undefined;
  let second: Measured | undefined;
  let bytes: number[] = [];
  try {
    for await (const line of createInterface({ input: child.stdout! })) {
      const msg = JSON.parse(line) as ClientLine;
      if (msg.phase === 'start') trace.restart();
      else if (msg.phase === 'done') {
        first = measured(msg, trace);
        // The client removes the file and takes its own baseline for the second download: no parent samples.
        trace.stop();
        bytes = [msg.bytes];
      } else {
        second = { ms: msg.ms, extraRss: msg.extraRss, sampledExtraRss: NaN, halves: [NaN, NaN] };
        bytes.push(msg.bytes);
      }
    }
  } finally {
    trace.stop();
  }
  const code = await exited;
  if (code !== 0 || !first || !second)
    throw new Error(`download client failed (exit code ${code})`);
  if (bytes.some((b) => b !== server.bytes) || statSync(target).size !== server.bytes)
    throw new Error(`the client saved ${bytes.join(' / ')} of ${server.bytes} bytes`);
  rmSync(target);
  return { first, second };
}

// --- main ---------------------------------------------------------------------------------------------------------

interface Run {
  readonly catMs: number;
  readonly copy: TwoRounds & { cpuMs: number };
  readonly merge: TwoRounds & { cpuMs: number };
  readonly download: TwoRounds;
}

const STEPS = ['cat', 'copy', 'merge'] as const;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'total-mib': { type: 'string', default: '2048' },
      parts: { type: 'string', default: '8' },
      runs: { type: 'string', default: '3' },
      dir: { type: 'string', default: tmpdir() },
      child: { type: 'string' },
      target: { type: 'string' },
      paths: { type: 'string' },
    },
  });
  if (values.child === 'merge' || values.child === 'copy') {
    await child(values.child, JSON.parse(values.paths ?? '[]') as string[], values.target!);
    return;
  }
  const totalMib = Number(values['total-mib']);
  const count = Number(values.parts);
  const runs = Number(values.runs);
  if (
    !(totalMib > 0) ||
    !Number.isInteger(count) ||
    count < 2 ||
    !Number.isInteger(runs) ||
    runs < 1
  )
    throw new Error('--total-mib must be > 0, --parts an integer >= 2, --runs an integer >= 1');
  // At most two files of the total size at once: the export and its parts, then the parts and one output.
  const free = await statfs(values.dir);
  const need = 2 * totalMib * MiB + 256 * MiB;
  if (free.bavail * free.bsize < need)
    throw new Error(
      `${values.dir} has ${((free.bavail * free.bsize) / MiB).toFixed(0)} MiB free, ${(need / MiB).toFixed(0)} MiB ` +
        `needed: choose a smaller --total-mib or another --dir`,
    );

  const report = new Report('merge');
  const dir = await mkdtemp(join(values.dir, 'bench-merge-'));
  const cleanUp = (): void => {
    for (const c of live) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    console.error(`${signal}: removing ${dir}`);
    cleanUp();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let server: ServedCsv | undefined;
  try {
    console.log(`temporary folder ${dir}`);
    const fx = await makeParts(dir, totalMib * MiB, count);
    const partsTotal = fx.partBytes.reduce((a, b) => a + b, 0);
    const bytes = fx.merged.bytes;
    server = await startServerProcess(__dirname, bytes);
    console.log(
      `fake server (pid ${server.pid}) serves a ${(server.bytes / MiB).toFixed(1)} MiB CSV, unshaped loopback; ` +
        `each timed step starts after \`sync\`; MiB = 2^20 bytes`,
    );
    const results: Run[] = [];
    for (let run = 0; run < runs; run++) {
      let catMs = NaN;
      let copy: Run['copy'] | undefined;
      let merge: Run['merge'] | undefined;
      // The order of the three rotates from run to run (the page cache, dirty pages, the load).
      const order = STEPS.map((_, k) => STEPS[(k + run) % STEPS.length]);
      for (const step of order) {
        await runSync();
        if (step === 'cat') catMs = await runCat(fx.parts, join(dir, 'cat.csv'), partsTotal);
        else if (step === 'copy')
          copy = await runChild('copy', fx.parts, join(dir, 'copy.csv'), (b) => {
            if (b !== partsTotal)
              throw new Error(`the stream copy wrote ${b} of ${partsTotal} bytes`);
            return Promise.resolve();
          });
        else
          merge = await runChild('merge', fx.parts, join(dir, 'merged.csv'), (b, round) =>
            verify(join(dir, 'merged.csv'), fx, b, `merge ${round} of run ${run + 1}`),
          );
      }
      await runSync();
      const download = await runDownload(server, join(dir, 'downloaded.csv'));
      const m = merge!;
      const c = copy!;
      results.push({ catMs, copy: c, merge: m, download });
      console.log(
        `run ${run + 1} (${order.join(', ')}): cat ${catMs.toFixed(0)} ms, stream copy ${c.first.ms.toFixed(0)} ms, ` +
          `merge ${m.first.ms.toFixed(0)} ms (${(m.first.ms / catMs).toFixed(2)}x cat, ${(m.first.ms / c.first.ms).toFixed(2)}x copy, ` +
          `${mibps(bytes, m.first.ms)} MiB/s; second ${m.second.ms.toFixed(0)} ms); extra RSS [first / second in the process]: ` +
          `merge ${mb(m.first.extraRss)} / ${mb(m.second.extraRss)} MiB (sampled ${mb(m.first.sampledExtraRss)}; ` +
          `first / second half of the merge ${mb(m.first.halves[0])} / ${mb(m.first.halves[1])}), ` +
          `copy ${mb(c.first.extraRss)} / ${mb(c.second.extraRss)} MiB, ` +
          `download ${mb(download.first.extraRss)} / ${mb(download.second.extraRss)} MiB ` +
          `(sampled ${mb(download.first.sampledExtraRss)}; ${download.first.ms.toFixed(0)} ms); both merged files checked; ` +
          `load ${loadavg()[0].toFixed(2)}`,
      );
    }

    const med = (f: (r: Run) => number): number => median(results.map(f));
    const maxOf = (f: (r: Run) => number): string => mb(Math.max(...results.map(f)));
    const mergeMs = med((r) => r.merge.first.ms);
    const copyMs = med((r) => r.copy.first.ms);
    const catMs = med((r) => r.catMs);
    const vsCat = med((r) => r.merge.first.ms / r.catMs);
    const vsCopy = med((r) => r.merge.first.ms / r.copy.first.ms);
    const mergeRss = med((r) => r.merge.first.extraRss);
    const mergeRss2 = med((r) => r.merge.second.extraRss);
    const dlRss = med((r) => r.download.first.extraRss);
    const dlRss2 = med((r) => r.download.second.extraRss);
    const rssRatio = med((r) => r.merge.first.extraRss / r.download.first.extraRss);
    const rssRatio2 = med((r) => r.merge.second.extraRss / r.download.second.extraRss);
    const tag = `[${count} parts, ${mb(bytes)} MiB merged, ${runs} runs, medians]`;
    report.info(`${tag} parts on disk (${count} files)`, partsTotal / MiB, ' MiB', 1);
    report.info(
      `${tag} cat parts > file (spawned; GNU cat copies in the kernel, copy_file_range)`,
      catMs,
      ' ms',
      0,
      `${mibps(partsTotal, catMs)} MiB/s`,
    );
    report.info(
      `${tag} Node stream copy of the parts into one file (pipeline, 1 MiB reads), fresh process`,
      copyMs,
      ' ms',
      0,
      `${mibps(partsTotal, copyMs)} MiB/s; CPU ${med((r) => r.copy.cpuMs).toFixed(0)} ms; ` +
        `extra RSS ${mb(med((r) => r.copy.first.extraRss))} / second ${mb(med((r) => r.copy.second.extraRss))} MiB`,
    );
    report.info(
      `${tag} mergeParts, first merge in a fresh process`,
      mergeMs,
      ' ms',
      0,
      `${mibps(bytes, mergeMs)} MiB/s; CPU ${med((r) => r.merge.cpuMs).toFixed(0)} ms; ` +
        `second merge in the same process ${med((r) => r.merge.second.ms).toFixed(0)} ms`,
    );
    report.info(`${tag} merge time ÷ cat time (median of the runs' ratios)`, vsCat, 'x', 2);
    report.info(
      `${tag} merge time ÷ stream copy time (median of the runs' ratios)`,
      vsCopy,
      'x',
      2,
    );
    report.info(
      `${tag} merge peak extra RSS, first merge in a fresh process`,
      mergeRss / MiB,
      ' MiB',
      1,
      `max ${maxOf((r) => r.merge.first.extraRss)}; sampled every ${SAMPLE_MS} ms: ${mb(med((r) => r.merge.first.sampledExtraRss))}; ` +
        `second merge ${mb(mergeRss2)} (max ${maxOf((r) => r.merge.second.extraRss)})`,
    );
    report.info(
      `${tag} merge peak extra RSS in the first / second half of its time (sampled, first merge)`,
      med((r) => r.merge.first.halves[1]) / MiB,
      ' MiB',
      1,
      `second half; first half ${mb(med((r) => r.merge.first.halves[0]))} MiB; second merge in the process: ` +
        `${mb(med((r) => r.merge.second.halves[0]))} / ${mb(med((r) => r.merge.second.halves[1]))} MiB; ` +
        `download (first): ${mb(med((r) => r.download.first.halves[0]))} / ${mb(med((r) => r.download.first.halves[1]))} MiB`,
    );
    report.info(
      `${tag} download peak extra RSS (UniqueClient.downloadCsv, same size), first in a fresh process`,
      dlRss / MiB,
      ' MiB',
      1,
      `max ${maxOf((r) => r.download.first.extraRss)}; sampled: ${mb(med((r) => r.download.first.sampledExtraRss))}; ` +
        `second download ${mb(dlRss2)} (max ${maxOf((r) => r.download.second.extraRss)}); ` +
        `download time ${med((r) => r.download.first.ms).toFixed(0)} ms`,
    );
    report.check(
      `${tag} merge peak extra RSS ÷ download peak extra RSS (first in a fresh process each; median of the runs' ratios)`,
      rssRatio,
      'x',
      '<=',
      1,
      2,
      `second in the same process: ${rssRatio2.toFixed(2)}x`,
    );
    console.log(
      '\n| merged | parts | merge time | cat time | stream copy time | merge ÷ cat / ÷ copy | merge peak extra RSS (first / second) | download peak extra RSS (first / second) | merge ÷ download RSS (first / second) |',
    );
    console.log('| --: | --: | --: | --: | --: | --: | --: | --: | --: |');
    console.log(
      `| ${mb(bytes)} MiB | ${count} | ${(mergeMs / 1000).toFixed(2)} s (${mibps(bytes, mergeMs)} MiB/s) | ` +
        `${(catMs / 1000).toFixed(2)} s (${mibps(partsTotal, catMs)} MiB/s) | ` +
        `${(copyMs / 1000).toFixed(2)} s (${mibps(partsTotal, copyMs)} MiB/s) | ${vsCat.toFixed(2)}x / ${vsCopy.toFixed(2)}x | ` +
        `${mb(mergeRss)} / ${mb(mergeRss2)} MiB | ${mb(dlRss)} / ${mb(dlRss2)} MiB | ` +
        `${rssRatio.toFixed(2)}x / ${rssRatio2.toFixed(2)}x |`,
    );
    console.log(
      `every merged file (${2 * runs}) checked: size, SHA-256, one BOM, one header, quote-aware row count`,
    );
    report.save({
      totalMib,
      parts: count,
      partBytes: fx.partBytes,
      partRows: fx.partRows,
      mergedBytes: bytes,
      rows: fx.merged.rows,
      runs: results,
    });
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await server?.stop();
    cleanUp();
  }
}

function mb(bytes: number): string {
  return (bytes / MiB).toFixed(1);
}

function mibps(bytes: number, ms: number): string {
  return (bytes / MiB / (ms / 1000)).toFixed(0);
}

runMain(main);
