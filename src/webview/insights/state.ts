// What the Insights page keeps across being hidden and shown (VS Code's getState/setState): where it was
// scrolled and which cards show their data table. Read field by field, so an older or damaged state never
// breaks the page.

export interface InsightsViewState {
  readonly scrollY: number;
  /** Ids of the cards whose "Show data" is pressed. */
  readonly shownTables: readonly string[];
}

export const EMPTY_STATE: InsightsViewState = { scrollY: 0, shownTables: [] };

export function readState(v: unknown): InsightsViewState {
  if (typeof v !== 'object' || v === null) return EMPTY_STATE;
  const o = v as Record<string, unknown>;
  const scrollY =
    typeof o.scrollY === 'number' && Number.isFinite(o.scrollY) && o.scrollY > 0 ? o.scrollY : 0;
  const shownTables = Array.isArray(o.shownTables)
    ? o.shownTables.filter((x): x is string => typeof x === 'string')
    : [];
  return { scrollY, shownTables };
}
