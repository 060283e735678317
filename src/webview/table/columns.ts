// Column widths and horizontal geometry of the table: pure, no DOM. Widths are CSS px of the data columns;
// the row-number column comes first and, with data column 0, stays in place while scrolling sideways.
import type { ColumnInfo, ColumnType } from '../../shared/tableMessages';

export const MIN_COLUMN_WIDTH = 40;
export const MAX_COLUMN_WIDTH = 1200;
/** A new column is never wider than this before the person widens it. */
export const MAX_INITIAL_WIDTH = 360;
/** Room for the padding and the sort indicator beside a header's name. */
const CHROME_PX = 28;

export function clampWidth(w: number): number {
  if (!Number.isFinite(w)) return MIN_COLUMN_WIDTH;
  return Math.round(Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, w)));
}

/** Characters a value of this type usually takes (a guess until rows arrive: 2024-05-01T12:00:00 is 19). */
const TYPICAL_CHARS: Record<ColumnType, number> = { number: 10, date: 19, text: 24, empty: 6 };

/** Widths to start with: the header's name or a typical value, whichever is longer, within bounds. */
export function initialWidths(columns: readonly ColumnInfo[], charWidth: number): number[] {
  return columns.map((c) =>
    Math.min(
      MAX_INITIAL_WIDTH,
      clampWidth(Math.max(c.name.length, TYPICAL_CHARS[c.type] ?? 12) * charWidth + CHROME_PX),
    ),
  );
}

/** Saved widths where they fit this file (same number of columns), clamped; otherwise the defaults. */
export function restoreWidths(saved: readonly unknown[] | undefined, defaults: number[]): number[] {
  if (!saved || saved.length !== defaults.length) return defaults;
  return defaults.map((d, i) => {
    const w = saved[i];
    return typeof w === 'number' && Number.isFinite(w) ? clampWidth(w) : d;
  });
}

/** The width that shows `chars` characters of a monospace font (double-click on a column's edge). */
export const widthForChars = (chars: number, charWidth: number): number =>
  clampWidth(Math.ceil(chars * charWidth) + CHROME_PX);

/** Width of the row-number column for numbers up to `maxRowNumber`. */
export const rowNumberWidth = (maxRowNumber: number, charWidth: number): number =>
  Math.ceil(Math.max(3, String(Math.max(1, Math.floor(maxRowNumber))).length) * charWidth + 16);

/** Left edge of each data column, measured from the right edge of the row-number column. */
export function columnLefts(widths: readonly number[]): number[] {
  const lefts: number[] = [];
  let x = 0;
  for (const w of widths) {
    lefts.push(x);
    x += w;
  }
  return lefts;
}

/** `grid-template-columns` of every row: row numbers, then each column. */
export const gridTemplate = (rowNumWidth: number, widths: readonly number[]): string =>
  [rowNumWidth, ...widths].map((w) => `${w}px`).join(' ');

/**
 * The scrollLeft that shows data column `col` whole beside the frozen part (the row numbers and column 0),
 * moving as little as possible; column 0 is always shown.
 */
export function scrollLeftToReveal(
  widths: readonly number[],
  rowNumWidth: number,
  col: number,
  scrollLeft: number,
  viewportWidth: number,
): number {
  if (col <= 0 || col >= widths.length) return scrollLeft;
  const frozen = rowNumWidth + widths[0];
  const left = rowNumWidth + columnLefts(widths)[col];
  const right = left + widths[col];
  if (left < scrollLeft + frozen) return Math.max(0, left - frozen);
  if (right > scrollLeft + viewportWidth)
    return Math.max(0, Math.min(left - frozen, right - viewportWidth));
  return scrollLeft;
}
