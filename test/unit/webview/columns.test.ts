// Column widths and horizontal geometry of the table (src/webview/table/columns.ts).
import * as assert from 'node:assert/strict';
import {
  MAX_COLUMN_WIDTH,
  MAX_INITIAL_WIDTH,
  MIN_COLUMN_WIDTH,
  clampWidth,
  columnLefts,
  gridTemplate,
  initialWidths,
  restoreWidths,
  rowNumberWidth,
  scrollLeftToReveal,
  widthForChars,
} from '../../../src/webview/table/columns';

describe('table columns', () => {
  it('clamps widths to whole pixels within bounds', () => {
    assert.equal(clampWidth(5), MIN_COLUMN_WIDTH);
    assert.equal(clampWidth(1e9), MAX_COLUMN_WIDTH);
    assert.equal(clampWidth(123.6), 124);
    assert.equal(clampWidth(Number.NaN), MIN_COLUMN_WIDTH);
    assert.equal(clampWidth(-Infinity), MIN_COLUMN_WIDTH);
  });

  it('starts from the longer of name and typical value, never too wide', () => {
    const w = initialWidths(
      [
        { name: 'id', type: 'number' },
        { name: 'createdAt', type: 'date' },
        { name: 'x'.repeat(200), type: 'text' },
      ],
      8,
    );
    assert.equal(w[0], 10 * 8 + 28);
    assert.equal(w[1], 19 * 8 + 28);
    assert.equal(w[2], MAX_INITIAL_WIDTH);
  });

  it('restores saved widths only for the same number of columns', () => {
    assert.deepEqual(restoreWidths([100, 5000, 'x', 60], [80, 80, 80, 80]), [
      100,
      MAX_COLUMN_WIDTH,
      80,
      60,
    ]);
    assert.deepEqual(restoreWidths([100], [80, 80]), [80, 80]);
    assert.deepEqual(restoreWidths(undefined, [80]), [80]);
  });

  it('lays out the grid template and left edges', () => {
    assert.equal(gridTemplate(48, [100, 60]), '48px 100px 60px');
    assert.deepEqual(columnLefts([100, 60, 30]), [0, 100, 160]);
    assert.equal(widthForChars(10, 8), 108);
    assert.ok(rowNumberWidth(16_000_000, 8) > rowNumberWidth(999, 8));
  });

  it('scrolls sideways just enough to show a column beside the frozen part', () => {
    const widths = [100, 200, 200, 200, 200];
    // frozen = 50 (row numbers) + 100 (column 0); viewport 500 px
    assert.equal(scrollLeftToReveal(widths, 50, 0, 300, 500), 300);
    assert.equal(scrollLeftToReveal(widths, 50, 1, 0, 500), 0);
    assert.equal(scrollLeftToReveal(widths, 50, 3, 0, 500), 250); // right edge 750 - 500
    assert.equal(scrollLeftToReveal(widths, 50, 1, 300, 500), 0); // left edge 150 - frozen 150
    assert.equal(scrollLeftToReveal(widths, 50, 2, 200, 500), 200); // already whole
    // Wider than the viewport: its left edge wins.
    assert.equal(scrollLeftToReveal([100, 900, 900], 50, 2, 0, 500), 900);
  });
});
