// Child process for bench/download: one UniqueClient.downloadCsv of the fake server's CSV, alone in its
// process so its resident memory can be read. Warms up with one list call first (the extension always
// lists before it downloads, and Node loads its fetch implementation lazily), takes the baseline, resets
// the kernel's peak counter, downloads, and prints `{ms, cpuMs, bytes, baselineRss, peakRss}` as JSON.
// `--transport node` (default) is what the extension passes (api/nodeFetch.ts: Node's http/https);
// `--transport fetch` runs the same client over the global fetch, as the extension did before. `--again`
// then downloads once more in the same process and prints that download's extra memory.
// With `--mode read`, it only reads the same body with the global fetch and writes nothing: the ceiling
// any fetch-based download can reach here, whatever it does with the bytes.

import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { UniqueClient, downloadUrl } from '../src/core/api/client';
import { nodeFetch } from '../src/core/api/nodeFetch';
import { machineCpuMs, residentOf, resetOwnPeak } from './lib/procStatus';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      order: { type: 'string' },
      target: { type: 'string' },
      mode: { type: 'string', default: 'save' },
      transport: { type: 'string', default: 'node' },
      again: { type: 'boolean', default: false },
    },
  });
  const { url, order, target, mode, transport, again } = values;
  const token = process.env.BENCH_FAKE_TOKEN;
  if (!url || !order || !target || !token) throw new Error('needs --url, --order, --target and BENCH_FAKE_TOKEN');
  if (mode !== 'save' && mode !== 'read') throw new Error(`--mode must be save or read, got ${mode}`);
  if (transport !== 'node' && transport !== 'fetch') throw new Error(`--transport must be node or fetch, got ${transport}`);
  const client = new UniqueClient({
    baseUrl: url,
    graphqlPath: '/graphql',
    getToken: () => Promise.resolve(token),
    fetch: transport === 'node' ? nodeFetch : (input, init) => globalThis.fetch(input, init),
    userAgent: 'unique-analytics-bench',
  });
  await client.listOrders(0, 1);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await new Promise((r) => setTimeout(r, 50));
  const before = residentOf('self');
  const peakReset = resetOwnPeak();
  process.stdout.write(JSON.stringify({ phase: 'start', baselineRss: before?.rss }) + '\n');
  const cpu = process.cpuUsage();
  const machineBefore = machineCpuMs();
  const started = performance.now();
  const result =
    mode === 'save' ? await client.downloadCsv(order, target) : { bytes: await readOnly(downloadUrl(url, order), token) };
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const machineAfter = machineCpuMs();
  const after = residentOf('self');
  process.stdout.write(
    JSON.stringify({
      phase: 'done',
      ms,
      cpuMs: (used.user + used.system) / 1000,
      // Every process on the machine meanwhile (ours, the server, the kernel's network and disk work, others).
      machineBusyMs: machineBefore && machineAfter ? machineAfter.busy - machineBefore.busy : undefined,
      machineTotalMs: machineBefore && machineAfter ? machineAfter.total - machineBefore.total : undefined,
      bytes: result.bytes,
      baselineRss: before?.rss,
      // With the reset, VmHWM is the peak since the download started; without it, the whole life's peak.
      peakRss: after?.hwm,
      peakReset,
    }) + '\n',
  );
  if (mode !== 'save' || !again) return;
  // The extension host lives long: a second download in the same process shows what one costs once the
  // allocator's arenas have grown (the first download's figure above includes that one-time growth).
  gc?.();
  await new Promise((r) => setTimeout(r, 50));
  const before2 = residentOf('self');
  resetOwnPeak();
  await client.downloadCsv(order, `${target}.again`);
  const peak = residentOf('self');
  await rm(`${target}.again`, { force: true });
  process.stdout.write(JSON.stringify({ phase: 'again', extraRss: (peak?.hwm ?? NaN) - (before2?.rss ?? NaN) }) + '\n');
}

/** The body through the global fetch, counted and dropped. */
async function readOnly(url: string, token: string): Promise<number> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/csv' } });
  if (!res.ok || !res.body) throw new Error(`read-only fetch got HTTP ${res.status}`);
  const reader = res.body.getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return bytes;
    bytes += value.byteLength;
  }
}

main().catch((e: unknown) => {
  console.error(`download client: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
