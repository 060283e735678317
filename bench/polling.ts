// `npm run bench:polling [-- --hours 1]`: how often the real PollScheduler + UniqueClient ask the fake
// server for the order list, counted from the server's own request log. Time is a WarpClock: real while a
// request is in flight, skipped while idle, so an hour of polling takes seconds (see bench/README.md).
// The poll is the one OrderWatcher (src/vscode) runs: list page 1, apply it to the OrderStore, report
// the unfinished count; with the default settings (10 s interval, 20 orders per page, window focused).

import { parseArgs } from 'node:util';
import { UniqueClient } from '../src/core/api/client';
import { OrderStore } from '../src/core/orders/orderStore';
import { PollScheduler } from '../src/core/orders/pollScheduler';
import { startFakeServer, type FakeServer } from '../test/fakeServer/server';
import { Report, runMain } from './lib/report';
import { WarpClock } from './lib/warpClock';

const T0 = Date.UTC(2024, 5, 3, 8, 0, 0);
const SECOND = 1000;
const WINDOW_MS = 10 * SECOND;
const FLOOR_MS = 10 * SECOND;
const PAGE_SIZE = 20;

interface Rig {
  readonly clock: WarpClock;
  readonly server: FakeServer;
  readonly scheduler: PollScheduler;
  /** Times (clock ms) the scheduler started a poll. */
  readonly starts: number[];
  /** Times (clock ms) the server logged a list request. */
  listTimes(): number[];
  /** Runs the clock to `end`, waiting for polls in flight. */
  runUntil(end: number): Promise<void>;
  dispose(): Promise<void>;
}

async function rig(unfinished: number): Promise<Rig> {
  const clock = new WarpClock(T0);
  const server = await startFakeServer({ now: () => clock.now() });
  server.seedMany(30);
  for (let i = 0; i < unfinished; i++) {
    // Fixed states: these orders stay unfinished however long the benchmark runs.
    server.addOrder({
      state: i % 2 ? 'RUNNING' : 'PENDING',
      createdAt: new Date(T0 - i * SECOND).toISOString(),
    });
  }
  const client = new UniqueClient({
    baseUrl: server.url,
    graphqlPath: '/graphql',
    getToken: () => Promise.resolve(server.token),
    userAgent: 'unique-analytics-bench',
  });
  const store = new OrderStore(clock);
  const starts: number[] = [];
  const scheduler = new PollScheduler({
    clock,
    intervalMs: 10 * SECOND,
    poll: async (signal) => {
      starts.push(clock.now());
      const page = await client.listOrders(0, PAGE_SIZE, signal);
      store.applyFirstPage(page, PAGE_SIZE);
      return { unfinished: store.unfinishedCount };
    },
  });
  return {
    clock,
    server,
    scheduler,
    starts,
    listTimes: () => server.requests.filter((r) => r.route === 'list').map((r) => r.time),
    runUntil: (end) => clock.runUntil(end, () => scheduler.state === 'polling'),
    dispose: async () => {
      scheduler.dispose();
      await server.stop();
    },
  };
}

function countIn(times: readonly number[], from: number, to: number): number {
  return times.filter((t) => t >= from && t < to).length;
}

function minGap(times: readonly number[]): number {
  let gap = Infinity;
  for (let i = 1; i < times.length; i++) gap = Math.min(gap, times[i] - times[i - 1]);
  return gap;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { hours: { type: 'string', default: '1' } } });
  const hours = Number(values.hours);
  if (!(hours > 0)) throw new Error('--hours must be > 0');
  const span = Math.round(hours * 3_600_000);
  const report = new Report('polling');
  const realStart = Date.now();

  // 1. Fifty unfinished orders: one list request in every 10 s window.
  {
    const r = await rig(50);
    r.scheduler.refresh(); // the first load, as at activation
    await r.runUntil(T0 + span);
    const times = r.listTimes();
    const windows = Math.floor(span / WINDOW_MS);
    const counts = Array.from({ length: windows }, (_, k) =>
      countIn(times, T0 + k * WINDOW_MS, T0 + (k + 1) * WINDOW_MS),
    );
    const note = `${windows} windows over ${hours} h, ${times.length} requests`;
    report.check(
      'list requests per 10 s window with 50 unfinished (fewest)',
      Math.min(...counts),
      '',
      '==',
      1,
      0,
      note,
    );
    report.check(
      'list requests per 10 s window with 50 unfinished (most)',
      Math.max(...counts),
      '',
      '==',
      1,
      0,
      note,
    );
    await r.dispose();
  }

  // 2. Nothing unfinished: the first load, then silence.
  {
    const r = await rig(0);
    r.scheduler.refresh();
    await r.runUntil(T0 + span);
    const times = r.listTimes();
    const after = times.length - 1;
    const perHour = after / hours;
    report.check(
      'list requests per hour with no unfinished order (after the first load)',
      perHour,
      '',
      '==',
      0,
      0,
    );
    await r.dispose();
  }

  // 3. Twenty presses of Refresh within 5 s, mid-interval, while the server takes 0.4 s per answer (so
  //    presses also land while a poll is in flight). Counted over the minute from the first press.
  for (const unfinished of [0, 50]) {
    const r = await rig(unfinished);
    r.scheduler.refresh();
    const settled = T0 + Math.min(span, 30 * 60 * SECOND) + 3_300;
    await r.runUntil(settled);
    r.server.addFault({ on: 'list', fault: { kind: 'delay', ms: 400 } });
    const first = r.clock.now();
    for (let k = 0; k < 20; k++) r.clock.setTimeout(() => r.scheduler.refresh(), k * 250);
    await r.runUntil(first + 60 * SECOND);
    const times = r.listTimes();
    const inMinute = countIn(times, first, first + 60 * SECOND);
    const allowed = Math.ceil((60 * SECOND) / FLOOR_MS);
    const label = `list requests in the minute after 20 refreshes in 5 s, ${unfinished} unfinished`;
    report.check(label, inMinute, '', '<=', allowed, 0, 'the 10 s floor allows 6');
    // The floor holds for poll starts; arrivals at the server also carry a few ms of client/network jitter.
    report.check(
      `shortest gap between poll starts, ${unfinished} unfinished`,
      minGap(r.starts) / SECOND,
      ' s',
      '>=',
      10,
      3,
    );
    report.info(
      `shortest gap between list requests as the server saw them, ${unfinished} unfinished`,
      minGap(times) / SECOND,
      ' s',
      3,
    );
    await r.dispose();
  }
  report.info('real time taken', (Date.now() - realStart) / SECOND, ' s');
  report.save({ hours });
}

runMain(main);
