// Scaled scrolling of the table webview (src/webview/table/scrollMap.ts): plain arithmetic under Node.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  MAX_SCROLL_HEIGHT,
  type ScrollGeometry,
  isScaled,
  maxScrollTop,
  maxVirtualTop,
  pageRows,
  scrollTopToVirtual,
  spacerHeight,
  topRow,
  virtualToScrollTop,
  virtualTopToReveal,
  visibleWindow,
} from '../../../src/webview/table/scrollMap';

const geo = (rowCount: number, viewportHeight = 600, rowHeight = 22): ScrollGeometry => ({
  rowCount,
  rowHeight,
  viewportHeight,
});

const geometries = fc.record({
  rowCount: fc.integer({ min: 0, max: 50_000_000 }),
  rowHeight: fc.integer({ min: 16, max: 40 }),
  viewportHeight: fc.integer({ min: 20, max: 3000 }),
});

describe('table scrolling (scrollMap)', () => {
  it('a small file scrolls natively: spacer = rows × height, scrollTop = virtual position', () => {
    const g = geo(1000);
    assert.equal(spacerHeight(g), 22_000);
    assert.equal(isScaled(g), false);
    assert.equal(scrollTopToVirtual(g, 1234.5), 1234.5);
    assert.equal(virtualToScrollTop(g, 1234.5), 1234.5);
    assert.equal(maxScrollTop(g), maxVirtualTop(g));
  });

  it('16 M rows × 22 px are capped under the browser limit and map proportionally', () => {
    const g = geo(16_000_000);
    assert.equal(spacerHeight(g), MAX_SCROLL_HEIGHT);
    assert.ok(isScaled(g));
    const half = maxScrollTop(g) / 2;
    assert.equal(scrollTopToVirtual(g, half), maxVirtualTop(g) / 2);
    assert.equal(scrollTopToVirtual(g, maxScrollTop(g)), maxVirtualTop(g));
    assert.equal(scrollTopToVirtual(g, 0), 0);
    // The last row can be reached: at the bottom the last row is the last one drawn.
    const win = visibleWindow(g, scrollTopToVirtual(g, maxScrollTop(g)), 0);
    assert.equal(win.end, 16_000_000);
  });

  it('jump to row N puts N exactly at the top (unless N is on the last screen)', () => {
    for (const rowCount of [10, 5000, 1_500_000, 16_000_000, 40_000_000]) {
      const g = geo(rowCount);
      for (const n of [0, 1, 7, Math.floor(rowCount / 3), rowCount - pageRows(g) - 1]) {
        if (n < 0) continue;
        const v = virtualTopToReveal(g, 0, n, 'start');
        const win = visibleWindow(g, v, 0);
        if (n * g.rowHeight <= maxVirtualTop(g)) {
          assert.equal(topRow(g, v), n, `row ${n} of ${rowCount}`);
          assert.equal(win.offset, 0);
        } else
          assert.ok(win.first <= n && n < win.end, `row ${n} of ${rowCount} on the last screen`);
      }
      const last = virtualTopToReveal(g, 0, rowCount - 1, 'start');
      const win = visibleWindow(g, last, 0);
      assert.ok(win.first <= rowCount - 1 && win.end === rowCount, `last row of ${rowCount}`);
    }
  });

  it('the mapping is monotonic and round-trips for any size', () => {
    fc.assert(
      fc.property(geometries, fc.double({ min: 0, max: 1, noNaN: true }), (g, f) => {
        const st = f * maxScrollTop(g);
        const v = scrollTopToVirtual(g, st);
        assert.ok(v >= 0 && v <= maxVirtualTop(g));
        assert.ok(Math.abs(virtualToScrollTop(g, v) - st) < 1e-6 * Math.max(1, st));
        assert.ok(spacerHeight(g) <= MAX_SCROLL_HEIGHT);
        assert.ok(scrollTopToVirtual(g, st + 1) >= v);
      }),
    );
  });

  it('draws only the visible rows and the overscan', () => {
    fc.assert(
      fc.property(geometries, fc.double({ min: 0, max: 1, noNaN: true }), (g, f) => {
        const v = f * maxVirtualTop(g);
        const win = visibleWindow(g, v, 10);
        if (g.rowCount === 0) return assert.deepEqual(win, { first: 0, end: 0, offset: 0 });
        assert.ok(win.end - win.first <= Math.ceil(g.viewportHeight / g.rowHeight) + 1 + 20);
        assert.ok(win.first >= 0 && win.end <= g.rowCount && win.first < win.end);
        // The window covers the viewport: its first row starts at or above the top edge.
        assert.ok(win.offset <= 0);
        assert.ok(
          win.offset + (win.end - win.first) * g.rowHeight >=
            Math.min(g.viewportHeight, virtualHeightOf(g) - v) - 1e-6,
        );
      }),
    );
  });

  it('reveal moves as little as possible (nearest) and centres when asked', () => {
    const g = geo(10_000, 220, 22); // 10 rows on screen
    assert.equal(virtualTopToReveal(g, 0, 5, 'nearest'), 0);
    assert.equal(virtualTopToReveal(g, 0, 10, 'nearest'), 22);
    assert.equal(virtualTopToReveal(g, 2200, 50, 'nearest'), 1100);
    assert.equal(virtualTopToReveal(g, 0, 1000, 'center'), 1000 * 22 - 99);
    assert.equal(virtualTopToReveal(g, 0, 3, 'center'), 0);
    assert.equal(virtualTopToReveal(geo(0), 50, 3, 'start'), 0);
  });
});

function virtualHeightOf(g: ScrollGeometry): number {
  return g.rowCount * g.rowHeight;
}
