// Child process for bench/download: the extension's download path (`UniqueClient.downloadCsv` over `nodeFetch`,
// as the extension passes it) saving the fake server's CSV into a file, alone in its process so its CPU time
// and resident memory are its own. Warms up with one list call first (the extension always lists before it
// downloads, and Node loads its HTTP code lazily), runs a GC, takes the baseline RSS, resets the kernel's
// peak counter, downloads, and prints one JSON line per phase:
//   {phase:'start', baselineRss}
//   {phase:'done', ms, cpuMs, bytes, baselineRss, peakRss, peakReset, machineBusyMs, machineTotalMs}
//   {phase:'again', ms, cpuMs, bytes, extraRss}   (with --again: a second download in the same process)
// The extension host is long-lived: the second download shows what one costs once the allocator's arenas have
// grown (the first download's figure includes that one-time growth).

import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { UniqueClient } from '../src/core/api/client';
import { nodeFetch } from '../src/core/api/nodeFetch';
import { machineCpuMs, residentOf, resetOwnPeak } from './lib/procStatus';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      order: { type: 'string' },
      target: { type: 'string' },
      again: { type: 'boolean', default: false },
    },
  });
  const { url, order, target, again } = values;
  const token = process.env.BENCH_FAKE_TOKEN;
  if (!url || !order || !target || !token)
    throw new Error('needs --url, --order, --target and BENCH_FAKE_TOKEN');
  const client = new UniqueClient({
    baseUrl: url,
    graphqlPath: '/graphql',
    getToken: () => Promise.resolve(token),
    fetch: nodeFetch,
    userAgent: 'unique-analytics-bench',
  });
  await client.listOrders(0, 1);
  const settle = async (): Promise<void> => {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((r) => setTimeout(r, 50));
  };
  await settle();
  const before = residentOf('self');
  const peakReset = resetOwnPeak();
  process.stdout.write(JSON.stringify({ phase: 'start', baselineRss: before?.rss }) + '\n');
  const cpu = process.cpuUsage();
  const machineBefore = machineCpuMs();
  const started = performance.now();
  const result = await client.downloadCsv(order, target);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const machineAfter = machineCpuMs();
  const after = residentOf('self');
  process.stdout.write(
    JSON.stringify({
      phase: 'done',
      ms,
      // User + system, every thread of the process (libuv's pool does the file writes).
      cpuMs: (used.user + used.system) / 1000,
      // Every process on the machine meanwhile (ours, the server, the kernel's network and disk work, others).
      machineBusyMs:
        machineBefore && machineAfter ? machineAfter.busy - machineBefore.busy : undefined,
      machineTotalMs:
        machineBefore && machineAfter ? machineAfter.total - machineBefore.total : undefined,
      bytes: result.bytes,
      baselineRss: before?.rss,
      // With the reset, VmHWM is the peak since the download started; without it, the whole life's peak.
      peakRss: after?.hwm,
      peakReset,
    }) + '\n',
  );
  if (!again) return;
  await rm(target, { force: true });
  await settle();
  const before2 = residentOf('self');
  resetOwnPeak();
  const cpu2 = process.cpuUsage();
  const started2 = performance.now();
  const second = await client.downloadCsv(order, target);
  const ms2 = performance.now() - started2;
  const used2 = process.cpuUsage(cpu2);
  const peak = residentOf('self');
  process.stdout.write(
    JSON.stringify({
      phase: 'again',
      ms: ms2,
      cpuMs: (used2.user + used2.system) / 1000,
      bytes: second.bytes,
      extraRss: (peak?.hwm ?? NaN) - (before2?.rss ?? NaN),
    }) + '\n',
  );
}

main().catch((e: unknown) => {
  console.error(`download client: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
