// The loop that places a batch's parts (src/core/ranges/batchBook.ts), on a fake clock: one start request at a
// time, at least 10 s apart across batches; a 429 places the same part again later; a 400 fails only that
// part; an answer that never came makes the part unsure, and it is found in the list instead of placed twice;
// every change is saved, and a saved batch placed again after a "reload" continues where it was.
import * as assert from 'node:assert/strict';
import { ApiError } from '../../../src/core/errors';
import type { DateRange } from '../../../src/core/dateRange';
import { type Batch, batchProgress, newBatch, parseBatch } from '../../../src/core/ranges/batch';
import { BatchBook } from '../../../src/core/ranges/batchBook';
import { silentLogger } from '../../../src/core/ports';
import { FakeClock } from '../support/fakeClock';

interface Placement {
  readonly at: number;
  readonly window: DateRange;
}

function harness(
  answer: (n: number, window: DateRange) => Promise<string> = (n) => Promise.resolve(`o${n}`),
  initial: readonly Batch[] = [],
) {
  const clock = new FakeClock(Date.UTC(2026, 11, 7, 9));
  const placements: Placement[] = [];
  const saved: Batch[][] = [];
  let listed: { id: string; type: string; window: DateRange; createdAt: number }[] | undefined;
  const book = new BatchBook(
    {
      clock,
      log: silentLogger,
      place: (_type, window) => {
        placements.push({ at: clock.now(), window });
        return answer(placements.length - 1, window);
      },
      save: (b) => saved.push(JSON.parse(JSON.stringify(b)) as Batch[]),
      findPlaced: (type, window, since) => {
        if (!listed) return { listed: false };
        const id = listed.find(
          (o) =>
            o.type === type &&
            o.window.start === window.start &&
            o.window.end === window.end &&
            o.createdAt >= since,
        )?.id;
        return { listed: true, ...(id ? { id } : {}) };
      },
    },
    initial,
  );
  return {
    clock,
    book,
    placements,
    saved,
    list: (orders: typeof listed) => (listed = orders),
  };
}

const quarter = (id = 'b1') =>
  newBatch(id, 'CHAT_INTERACTION_DETAILED', { start: '2026-07-01', end: '2026-09-30' }, 14);

describe('ranges: the batch book places parts', () => {
  it('one at a time, 10 s apart, in time order; two batches share the pace', async () => {
    const h = harness();
    h.book.add(quarter('b1'));
    h.book.add(newBatch('b2', 'CHAT_INTERACTION', { start: '2024-01-01', end: '2025-12-31' }, 365));
    await h.clock.advance(150_000);
    assert.equal(h.placements.length, 10); // 7 + 3 (2024 has 366 days: 365 + 365 + 1)
    const gaps = h.placements.slice(1).map((p, i) => p.at - h.placements[i].at);
    assert.ok(
      gaps.every((g) => g >= 10_000),
      `gaps ${gaps.join(',')}`,
    );
    assert.deepEqual(
      h.placements.slice(0, 7).map((p) => p.window.start),
      [
        '2026-07-01',
        '2026-07-15',
        '2026-07-29',
        '2026-08-12',
        '2026-08-26',
        '2026-09-09',
        '2026-09-23',
      ],
    );
    const b1 = h.book.get('b1')!;
    assert.deepEqual(
      b1.parts.map((p) => p.orderId),
      ['o0', 'o1', 'o2', 'o3', 'o4', 'o5', 'o6'],
    );
    assert.equal(h.book.get('b2')!.parts.length, 3);
    // Saved after every change, readable as it was.
    assert.deepEqual(parseBatch(h.saved.at(-1)![0]), b1);
    h.book.dispose();
  });

  it('a 429 places the same part again after Retry-After; nothing is placed twice', async () => {
    const h = harness((n) =>
      n === 1
        ? Promise.reject(
            new ApiError('rateLimited', 'too many', { status: 429, retryAfterMs: 25_000 }),
          )
        : Promise.resolve(`o${n}`),
    );
    h.book.add(quarter());
    await h.clock.advance(200_000);
    const starts = h.placements.map((p) => p.window.start);
    assert.deepEqual(starts.slice(0, 3), ['2026-07-01', '2026-07-15', '2026-07-15']);
    assert.equal(h.placements[2].at - h.placements[1].at, 25_000);
    const b = h.book.get('b1')!;
    assert.equal(new Set(b.parts.map((p) => p.orderId)).size, 7);
    assert.ok(b.parts.every((p) => p.state === 'placed'));
    h.book.dispose();
  });

  it('a 400 fails only that part, with the reason; retry places only it', async () => {
    const h = harness((n) =>
      n === 2
        ? Promise.reject(
            new ApiError('protocol', 'start failed: HTTP 400 Bad Request', { status: 400 }),
          )
        : Promise.resolve(`o${n}`),
    );
    h.book.add(quarter());
    await h.clock.advance(200_000);
    let b = h.book.get('b1')!;
    assert.equal(b.parts[2].state, 'failed');
    assert.match(b.parts[2].problem ?? '', /HTTP 400/);
    assert.equal(batchProgress(b).label, '0 of 7 done, 1 failed');
    assert.equal(h.placements.length, 7);
    h.book.retryFailed('b1');
    await h.clock.advance(30_000);
    assert.equal(h.placements.length, 8);
    assert.equal(h.placements[7].window.start, '2026-07-29');
    b = h.book.get('b1')!;
    assert.equal(b.parts[2].orderId, 'o7');
    assert.equal(b.parts[0].orderId, 'o0');
    h.book.dispose();
  });

  it('an answer that never came: the part is unsure; retry finds its order instead of placing it twice', async () => {
    const h = harness((n, window) =>
      n === 0
        ? Promise.reject(new ApiError('network', `reset while starting ${window.start}`))
        : Promise.resolve(`o${n}`),
    );
    h.book.add(quarter());
    await h.clock.advance(200_000);
    assert.equal(h.book.get('b1')!.parts[0].state, 'failed');
    assert.ok(h.book.get('b1')!.parts[0].attemptedAt);
    h.list([
      {
        id: 'made-anyway',
        type: 'CHAT_INTERACTION_DETAILED',
        window: { start: '2026-07-01', end: '2026-07-14' },
        createdAt: Date.UTC(2026, 11, 7, 9),
      },
    ]);
    const before = h.placements.length;
    h.book.retryFailed('b1');
    await h.clock.advance(30_000);
    assert.equal(h.placements.length, before, 'no second start request');
    assert.equal(h.book.get('b1')!.parts[0].orderId, 'made-anyway');
    h.book.dispose();
  });

  it('after a reload mid-placement it waits for the list, then continues where it was', async () => {
    const first = harness((n) =>
      // VS Code closes while the fourth start request is in flight.
      n === 3 ? new Promise<string>(() => undefined) : Promise.resolve(`o${n}`),
    );
    first.book.add(quarter());
    await first.clock.advance(60_000);
    assert.equal(first.placements.length, 4);
    first.book.dispose();
    const stored = (first.saved.at(-1) ?? []).map((b) => parseBatch(b)!);
    assert.ok(stored[0].parts[3].attemptedAt, 'the part in flight was saved as attempted');

    const again = harness((n) => Promise.resolve(`p${n}`), stored);
    await again.clock.advance(30_000);
    assert.equal(again.placements.length, 0, 'nothing placed before the list was read');
    again.list([]); // listed: the order in flight was never made
    await again.clock.advance(120_000);
    const b = again.book.get('b1')!;
    assert.deepEqual(
      b.parts.map((p) => p.orderId),
      ['o0', 'o1', 'o2', 'p0', 'p1', 'p2', 'p3'],
    );
    again.book.dispose();
  });

  it('maps listed states onto parts and says which batch owns an order', async () => {
    const h = harness();
    h.book.add(quarter());
    await h.clock.advance(70_000);
    h.book.applyOrderStates(
      new Map([
        ['o0', 'DONE'],
        ['o4', 'ERROR'],
      ]),
    );
    const b = h.book.get('b1')!;
    assert.equal(batchProgress(b).label, '1 of 7 done, 1 failed');
    assert.deepEqual(h.book.ownerOf('o4'), { batch: b, index: 4 });
    assert.equal(h.book.ownerOf('elsewhere'), undefined);
    assert.equal(h.book.ownedOrderIds().size, 7);
    h.book.dispose();
  });
});
