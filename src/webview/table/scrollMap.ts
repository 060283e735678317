// Scaled ("stretched") vertical scrolling for the table: pure arithmetic, no DOM.
//
// The grid keeps a VIRTUAL position (`virtualTop`, px from row 0 at `rowCount × rowHeight` px in all) and draws
// only the rows around it. The scroller's spacer is as tall as the virtual height while that fits; above
// MAX_SCROLL_HEIGHT (browsers lay out at most ~33.5 M px: Chromium's LayoutUnit) it is capped and the scrollbar
// maps PROPORTIONALLY onto the virtual range (AG Grid's "stretching"): scrollbar at 40 % shows the rows at 40 %.
// Below the cap both are the same number, so native scrolling moves rows pixel for pixel.

/** Tallest spacer the grid makes: well under Chromium's ~33.5 M px (and Firefox's ~17.9 M px). */
export const MAX_SCROLL_HEIGHT = 15_000_000;

export interface ScrollGeometry {
  readonly rowCount: number;
  readonly rowHeight: number;
  /** Height of the area rows are drawn in (the scroller's client height minus the sticky header). */
  readonly viewportHeight: number;
  /** Cap of the spacer (default MAX_SCROLL_HEIGHT; tests use small caps). */
  readonly maxScrollHeight?: number;
}

/** The first drawn row, how many rows from there, and where `first` sits relative to the viewport's top. */
export interface RowWindow {
  readonly first: number;
  /** Exclusive. */
  readonly end: number;
  /** px from the top of the rows area to the top of row `first` (≤ 0 when it is partly above). */
  readonly offset: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export const virtualHeight = (g: ScrollGeometry): number => Math.max(0, g.rowCount) * g.rowHeight;

/** Height of the spacer inside the scroller (the scrollable extent below the header). */
export const spacerHeight = (g: ScrollGeometry): number =>
  Math.min(virtualHeight(g), g.maxScrollHeight ?? MAX_SCROLL_HEIGHT);

export const isScaled = (g: ScrollGeometry): boolean => virtualHeight(g) > spacerHeight(g);

export const maxVirtualTop = (g: ScrollGeometry): number =>
  Math.max(0, virtualHeight(g) - g.viewportHeight);

export const maxScrollTop = (g: ScrollGeometry): number =>
  Math.max(0, spacerHeight(g) - g.viewportHeight);

export const clampVirtualTop = (g: ScrollGeometry, v: number): number =>
  Number.isFinite(v) ? clamp(v, 0, maxVirtualTop(g)) : 0;

/** The virtual position a scrollbar position shows. */
export function scrollTopToVirtual(g: ScrollGeometry, scrollTop: number): number {
  const ms = maxScrollTop(g);
  if (ms <= 0 || !Number.isFinite(scrollTop)) return 0;
  if (!isScaled(g)) return clampVirtualTop(g, scrollTop);
  return clamp(scrollTop / ms, 0, 1) * maxVirtualTop(g);
}

/** The scrollbar position for a virtual position (the inverse of scrollTopToVirtual). */
export function virtualToScrollTop(g: ScrollGeometry, virtualTop: number): number {
  const v = clampVirtualTop(g, virtualTop);
  if (!isScaled(g)) return v;
  const mv = maxVirtualTop(g);
  return mv <= 0 ? 0 : (v / mv) * maxScrollTop(g);
}

/** The row at the top edge of the viewport. */
export function topRow(g: ScrollGeometry, virtualTop: number): number {
  if (g.rowCount <= 0) return 0;
  return clamp(Math.floor(clampVirtualTop(g, virtualTop) / g.rowHeight), 0, g.rowCount - 1);
}

/** How many whole rows the viewport shows (at least 1): the step of Page Up / Page Down. */
export const pageRows = (g: ScrollGeometry): number =>
  Math.max(1, Math.floor(g.viewportHeight / g.rowHeight));

/** Rows to draw for a virtual position: the visible ones plus `overscan` on each side. */
export function visibleWindow(g: ScrollGeometry, virtualTop: number, overscan: number): RowWindow {
  if (g.rowCount <= 0) return { first: 0, end: 0, offset: 0 };
  const v = clampVirtualTop(g, virtualTop);
  const firstVisible = Math.floor(v / g.rowHeight);
  const endVisible = Math.ceil((v + g.viewportHeight) / g.rowHeight);
  const first = clamp(firstVisible - overscan, 0, g.rowCount - 1);
  const end = clamp(endVisible + overscan, first + 1, g.rowCount);
  return { first, end, offset: first * g.rowHeight - v };
}

export type RevealAlign = 'nearest' | 'start' | 'center';

/**
 * The virtual position that shows `row` whole: unchanged when it already is (`nearest`), else the smallest move;
 * `start` puts it at the top (jump to row N lands exactly on N unless N is within the last screen), `center`
 * in the middle (find).
 */
export function virtualTopToReveal(
  g: ScrollGeometry,
  virtualTop: number,
  row: number,
  align: RevealAlign,
): number {
  if (g.rowCount <= 0) return 0;
  const r = clamp(Math.floor(row), 0, g.rowCount - 1);
  const top = r * g.rowHeight;
  const bottom = top + g.rowHeight;
  const v = clampVirtualTop(g, virtualTop);
  if (align === 'start') return clampVirtualTop(g, top);
  if (align === 'center') {
    if (top >= v && bottom <= v + g.viewportHeight) return v;
    return clampVirtualTop(g, top - (g.viewportHeight - g.rowHeight) / 2);
  }
  if (top < v) return clampVirtualTop(g, top);
  if (bottom > v + g.viewportHeight) return clampVirtualTop(g, bottom - g.viewportHeight);
  return v;
}
