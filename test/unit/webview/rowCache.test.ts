// The table webview's page cache (src/webview/table/rowCache.ts): what it asks the host for, what it keeps,
// and which answers it drops.
import * as assert from 'node:assert/strict';
import { MAX_ROWS_PER_REQUEST } from '../../../src/shared/tableMessages';
import {
  MAX_IN_FLIGHT,
  PAGE_SIZE,
  type PageRequest,
  REQUEST_TIMEOUT_MS,
  RowCache,
} from '../../../src/webview/table/rowCache';

function cache(maxPages?: number) {
  let id = 0;
  return new RowCache(() => ++id, PAGE_SIZE, maxPages);
}

/** The host's answer to a request: rows `start`… of a file of `available` rows, cell text "r<fileRow>". */
function answer(req: PageRequest, available = Infinity, viewId = req.viewId) {
  const n = Math.max(0, Math.min(req.count, available - req.start));
  const fileRows = Array.from({ length: n }, (_, i) => req.start + i);
  return {
    requestId: req.requestId,
    viewId,
    start: req.start,
    rows: fileRows.map((r) => [`r${r}`, 'x']),
    fileRows,
  };
}

describe('table row cache', () => {
  it('asks for the pages of the window once, never more rows than allowed', () => {
    const c = cache();
    c.setView(1, 10_000);
    const reqs = c.requestsFor(150, 260, 0);
    assert.deepEqual(
      reqs.map((r) => [r.start, r.count]),
      [
        [100, 100],
        [200, 100],
      ],
    );
    assert.ok(reqs.every((r) => r.count <= MAX_ROWS_PER_REQUEST && r.viewId === 1));
    assert.deepEqual(c.requestsFor(150, 260, 10), [], 'not again while on the way');
    for (const r of reqs) assert.ok(c.accept(answer(r)));
    assert.deepEqual(c.requestsFor(150, 260, 20), [], 'not again once here');
    assert.deepEqual(c.get(150), { cells: ['r150', 'x'], fileRow: 150 });
    assert.equal(c.get(50), undefined);
  });

  it("a view's first page, sent with it (request id 0), is kept: nothing is asked for it; a partial one is completed once the view grows", () => {
    const c = cache();
    c.setView(1, 10_000);
    assert.ok(c.accept(answer({ requestId: 0, viewId: 1, start: 0, count: PAGE_SIZE })));
    assert.deepEqual(c.requestsFor(0, 40, 0), [], 'the first screen is here');
    assert.deepEqual(c.get(99), { cells: ['r99', 'x'], fileRow: 99 });
    // Sent while indexing had reached 30 rows: complete for a 30-row view, asked for again once it grows.
    const d = cache();
    d.setView(1, 30);
    d.accept(answer({ requestId: 0, viewId: 1, start: 0, count: PAGE_SIZE }, 30));
    assert.deepEqual(d.requestsFor(0, 40, 0), []);
    d.setView(1, 500);
    assert.deepEqual(
      d.requestsFor(0, 40, 0).map((r) => [r.start, r.count]),
      [[0, 100]],
    );
  });

  it('the last page asks only for the rows there are', () => {
    const c = cache();
    c.setView(1, 250);
    assert.deepEqual(
      c.requestsFor(180, 400, 0).map((r) => [r.start, r.count]),
      [
        [100, 100],
        [200, 50],
      ],
    );
  });

  it('drops answers for an older view, and a new view starts empty', () => {
    const c = cache();
    c.setView(1, 1000);
    const [old] = c.requestsFor(0, 50, 0);
    assert.equal(c.setView(2, 1000), true);
    assert.equal(c.accept(answer(old)), false);
    assert.equal(c.get(0), undefined);
    const [req] = c.requestsFor(0, 50, 0);
    assert.equal(req.viewId, 2);
    c.accept(answer(req));
    assert.equal(c.setView(2, 1200), false, 'same view, more rows');
    assert.deepEqual(c.get(0)?.fileRow, 0);
  });

  it('a short answer waits for progress or a larger view, then asks again', () => {
    const c = cache();
    c.setView(1, 150); // the host has indexed 150 rows so far, says it has 150
    const reqs = c.requestsFor(0, 200, 0);
    assert.equal(reqs.length, 2);
    c.accept(answer(reqs[0]));
    c.accept(answer(reqs[1], 120)); // only 20 of 50 came
    assert.deepEqual(c.requestsFor(0, 200, 1), [], 'no tight loop on a short page');
    c.progressed();
    const again = c.requestsFor(0, 200, 2);
    assert.deepEqual(
      again.map((r) => [r.start, r.count]),
      [[100, 50]],
    );
    c.accept(answer(again[0]));
    c.setView(1, 400); // indexing went on: the page holds 100 now
    assert.deepEqual(
      c.requestsFor(0, 200, 3).map((r) => [r.start, r.count]),
      [[100, 100]],
    );
  });

  it('gives up on an answer that never comes', () => {
    const c = cache();
    c.setView(1, 1000);
    assert.equal(c.requestsFor(0, 10, 0).length, 1);
    assert.equal(c.requestsFor(0, 10, REQUEST_TIMEOUT_MS - 1).length, 0);
    assert.equal(c.requestsFor(0, 10, REQUEST_TIMEOUT_MS + 1).length, 1);
  });

  it('keeps few requests on the way and few pages in memory', () => {
    const c = cache(5);
    c.setView(1, 16_000_000);
    const reqs = c.requestsFor(0, 2000, 0);
    assert.equal(reqs.length, MAX_IN_FLIGHT);
    for (const r of reqs) c.accept(answer(r));
    // A scrollbar drag across the file: each window a different place.
    for (let i = 1; i <= 50; i++) {
      const first = i * 300_000;
      for (const r of c.requestsFor(first, first + 60, i)) c.accept(answer(r));
      assert.ok(c.get(first) !== undefined, `window ${i} filled`);
    }
    assert.ok(c.pageCount <= 6, `pages kept: ${c.pageCount}`);
    assert.equal(c.requestsOnTheWay, 0);
  });
});
