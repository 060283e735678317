// Cell positions and the selected rectangle of the table: pure, no DOM. Rows are rows of the current view
// (0-based; -1 is the header row), columns 0-based.
import type { Selection } from '../../shared/tableMessages';

export interface CellPos {
  readonly row: number;
  readonly col: number;
}

/** The rectangle spanned by the anchor (where a click or Shift-selection began) and the focus cell. */
export function normalise(anchor: CellPos, focus: CellPos): Selection {
  return {
    rowStart: Math.min(anchor.row, focus.row),
    rowEnd: Math.max(anchor.row, focus.row),
    colStart: Math.min(anchor.col, focus.col),
    colEnd: Math.max(anchor.col, focus.col),
  };
}

/** The part of `sel` inside a view of `rowCount` × `colCount` data cells (header excluded), or none. */
export function clampSelection(
  sel: Selection,
  rowCount: number,
  colCount: number,
): Selection | undefined {
  const rowStart = Math.max(0, sel.rowStart);
  const rowEnd = Math.min(rowCount - 1, sel.rowEnd);
  const colStart = Math.max(0, sel.colStart);
  const colEnd = Math.min(colCount - 1, sel.colEnd);
  if (rowStart > rowEnd || colStart > colEnd) return undefined;
  return { rowStart, rowEnd, colStart, colEnd };
}

export const contains = (sel: Selection | undefined, row: number, col: number): boolean =>
  sel !== undefined &&
  row >= sel.rowStart &&
  row <= sel.rowEnd &&
  col >= sel.colStart &&
  col <= sel.colEnd;

export const cellCount = (sel: Selection): number =>
  (sel.rowEnd - sel.rowStart + 1) * (sel.colEnd - sel.colStart + 1);

export interface NavKey {
  readonly key: string;
  /** Ctrl on Windows/Linux, Cmd on macOS. */
  readonly mod: boolean;
  readonly shift: boolean;
}

export interface NavBounds {
  readonly rowCount: number;
  readonly colCount: number;
  /** Rows one Page Up / Page Down moves. */
  readonly pageRows: number;
}

/**
 * Where a navigation key moves the focus cell, or undefined when the key is not a navigation key or (Tab at the
 * last cell, Shift+Tab at the first) it should leave the grid. Row -1 is the header: ArrowUp from the first row
 * reaches it (Enter there sorts), Page Up / Ctrl+Home stop at row 0.
 */
export function moveFocus(pos: CellPos, k: NavKey, b: NavBounds): CellPos | undefined {
  if (b.colCount <= 0) return undefined;
  const lastRow = b.rowCount - 1;
  const lastCol = b.colCount - 1;
  const row = (r: number) => Math.max(-1, Math.min(lastRow, r));
  const dataRow = (r: number) => (lastRow < 0 ? -1 : Math.max(0, Math.min(lastRow, r)));
  const col = (c: number) => Math.max(0, Math.min(lastCol, c));
  const at = (r: number, c: number): CellPos => ({ row: r, col: col(c) });
  switch (k.key) {
    case 'ArrowUp':
      return at(row(pos.row - 1), pos.col);
    case 'ArrowDown':
      return at(row(pos.row + 1), pos.col);
    case 'ArrowLeft':
      return at(pos.row, pos.col - 1);
    case 'ArrowRight':
      return at(pos.row, pos.col + 1);
    case 'PageUp':
      return at(pos.row < 0 ? -1 : dataRow(pos.row - b.pageRows), pos.col);
    case 'PageDown':
      return at(dataRow(pos.row + b.pageRows), pos.col);
    case 'Home':
      return k.mod ? at(dataRow(0), 0) : at(pos.row, 0);
    case 'End':
      return k.mod ? at(dataRow(lastRow), lastCol) : at(pos.row, lastCol);
    case 'Tab':
      if (k.shift) {
        if (pos.col > 0) return at(pos.row, pos.col - 1);
        return pos.row > -1 ? at(pos.row - 1, lastCol) : undefined;
      }
      if (pos.col < lastCol) return at(pos.row, pos.col + 1);
      return pos.row < lastRow ? at(pos.row + 1, 0) : undefined;
    default:
      return undefined;
  }
}
