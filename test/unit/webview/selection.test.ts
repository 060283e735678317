// The table's selection rectangle and keyboard moves (src/webview/table/selection.ts).
import * as assert from 'node:assert/strict';
import {
  cellCount,
  clampSelection,
  contains,
  moveFocus,
  normalise,
} from '../../../src/webview/table/selection';

const bounds = { rowCount: 100, colCount: 5, pageRows: 10 };
const key = (k: string, mod = false, shift = false) => ({ key: k, mod, shift });

describe('table selection', () => {
  it('normalises an anchor and focus dragged in any direction', () => {
    const expected = { rowStart: 2, rowEnd: 7, colStart: 1, colEnd: 3 };
    assert.deepEqual(normalise({ row: 7, col: 3 }, { row: 2, col: 1 }), expected);
    assert.deepEqual(normalise({ row: 2, col: 3 }, { row: 7, col: 1 }), expected);
    assert.deepEqual(normalise({ row: 7, col: 1 }, { row: 2, col: 3 }), expected);
    assert.equal(cellCount(expected), 18);
  });

  it('clamps to the view and drops what lies outside', () => {
    const sel = { rowStart: -1, rowEnd: 500, colStart: 2, colEnd: 9 };
    assert.deepEqual(clampSelection(sel, 100, 5), {
      rowStart: 0,
      rowEnd: 99,
      colStart: 2,
      colEnd: 4,
    });
    assert.equal(clampSelection(sel, 0, 5), undefined);
    assert.equal(
      clampSelection({ rowStart: 3, rowEnd: 4, colStart: 6, colEnd: 7 }, 100, 5),
      undefined,
    );
    assert.ok(contains(sel, 0, 2));
    assert.ok(!contains(sel, 0, 1));
    assert.ok(!contains(undefined, 0, 0));
  });

  it('arrows move within bounds; up from row 0 reaches the header (-1)', () => {
    assert.deepEqual(moveFocus({ row: 0, col: 0 }, key('ArrowUp'), bounds), { row: -1, col: 0 });
    assert.deepEqual(moveFocus({ row: -1, col: 0 }, key('ArrowUp'), bounds), { row: -1, col: 0 });
    assert.deepEqual(moveFocus({ row: 99, col: 4 }, key('ArrowDown'), bounds), { row: 99, col: 4 });
    assert.deepEqual(moveFocus({ row: 5, col: 4 }, key('ArrowRight'), bounds), { row: 5, col: 4 });
    assert.deepEqual(moveFocus({ row: 5, col: 0 }, key('ArrowLeft'), bounds), { row: 5, col: 0 });
  });

  it('Page Up/Down by a screen, Home/End by row, Ctrl+Home/End to the corners', () => {
    assert.deepEqual(moveFocus({ row: 5, col: 2 }, key('PageDown'), bounds), { row: 15, col: 2 });
    assert.deepEqual(moveFocus({ row: 95, col: 2 }, key('PageDown'), bounds), { row: 99, col: 2 });
    assert.deepEqual(moveFocus({ row: 5, col: 2 }, key('PageUp'), bounds), { row: 0, col: 2 });
    assert.deepEqual(moveFocus({ row: 5, col: 2 }, key('Home'), bounds), { row: 5, col: 0 });
    assert.deepEqual(moveFocus({ row: 5, col: 2 }, key('End'), bounds), { row: 5, col: 4 });
    assert.deepEqual(moveFocus({ row: 5, col: 2 }, key('Home', true), bounds), { row: 0, col: 0 });
    assert.deepEqual(moveFocus({ row: 5, col: 2 }, key('End', true), bounds), { row: 99, col: 4 });
  });

  it('Tab walks across cells and rows, and leaves the grid at either end', () => {
    assert.deepEqual(moveFocus({ row: 5, col: 3 }, key('Tab'), bounds), { row: 5, col: 4 });
    assert.deepEqual(moveFocus({ row: 5, col: 4 }, key('Tab'), bounds), { row: 6, col: 0 });
    assert.deepEqual(moveFocus({ row: 6, col: 0 }, key('Tab', false, true), bounds), {
      row: 5,
      col: 4,
    });
    assert.equal(moveFocus({ row: 99, col: 4 }, key('Tab'), bounds), undefined);
    assert.equal(moveFocus({ row: -1, col: 0 }, key('Tab', false, true), bounds), undefined);
    assert.equal(moveFocus({ row: 5, col: 3 }, key('x'), bounds), undefined);
  });

  it('an empty view keeps the focus on the header', () => {
    const empty = { rowCount: 0, colCount: 3, pageRows: 10 };
    assert.deepEqual(moveFocus({ row: -1, col: 1 }, key('ArrowDown'), empty), { row: -1, col: 1 });
    assert.deepEqual(moveFocus({ row: -1, col: 1 }, key('End', true), empty), { row: -1, col: 2 });
    assert.deepEqual(moveFocus({ row: -1, col: 1 }, key('PageDown'), empty), { row: -1, col: 1 });
  });
});
