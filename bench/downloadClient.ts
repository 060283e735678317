// Child process for bench/download: one UniqueClient.downloadCsv of the fake server's CSV, alone in its
// process so its resident memory can be read. Warms up with one list call first (the extension always
// lists before it downloads, and Node loads its fetch implementation lazily), takes the baseline, resets
// the kernel's peak counter, downloads, and prints `{ms, cpuMs, bytes, baselineRss, peakRss}` as JSON.

import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { UniqueClient } from '../src/core/api/client';
import { residentOf, resetOwnPeak } from './lib/procStatus';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { url: { type: 'string' }, order: { type: 'string' }, target: { type: 'string' } },
  });
  const { url, order, target } = values;
  const token = process.env.BENCH_FAKE_TOKEN;
  if (!url || !order || !target || !token) throw new Error('needs --url, --order, --target and BENCH_FAKE_TOKEN');
  const client = new UniqueClient({
    baseUrl: url,
    graphqlPath: '/graphql',
    getToken: () => Promise.resolve(token),
    fetch: (input, init) => globalThis.fetch(input, init),
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
  const started = performance.now();
  const result = await client.downloadCsv(order, target);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const after = residentOf('self');
  process.stdout.write(
    JSON.stringify({
      phase: 'done',
      ms,
      cpuMs: (used.user + used.system) / 1000,
      bytes: result.bytes,
      baselineRss: before?.rss,
      // With the reset, VmHWM is the peak since the download started; without it, the whole life's peak.
      peakRss: after?.hwm,
      peakReset,
    }) + '\n',
  );
}

main().catch((e: unknown) => {
  console.error(`download client: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
