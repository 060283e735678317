// The table's saved state (TableViewState) read back from `getState()` or the host's `init.state`: what it may
// hold is checked field by field, so a state saved by an older version (or damaged) never breaks the view.
import type { FilterSpec, SortSpec, TableViewState } from '../../shared/tableMessages';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

export function readSort(v: unknown): SortSpec | undefined {
  if (!isObject(v) || !isCount(v.column)) return undefined;
  return v.direction === 'asc' || v.direction === 'desc'
    ? { column: v.column, direction: v.direction }
    : undefined;
}

/** The filter without empty strings; undefined when nothing is left. */
export function readFilter(v: unknown): FilterSpec | undefined {
  if (!isObject(v)) return undefined;
  const all = typeof v.all === 'string' && v.all !== '' ? v.all : undefined;
  const columns: Record<number, string> = {};
  if (isObject(v.columns))
    for (const [k, text] of Object.entries(v.columns)) {
      const c = Number(k);
      if (isCount(c) && typeof text === 'string' && text !== '') columns[c] = text;
    }
  const hasColumns = Object.keys(columns).length > 0;
  if (all === undefined && !hasColumns) return undefined;
  return { ...(all !== undefined ? { all } : {}), ...(hasColumns ? { columns } : {}) };
}

export function readState(v: unknown): TableViewState | undefined {
  if (!isObject(v)) return undefined;
  const widths =
    Array.isArray(v.columnWidths) &&
    v.columnWidths.every((w) => typeof w === 'number' && Number.isFinite(w))
      ? (v.columnWidths as number[])
      : undefined;
  const sort = readSort(v.sort);
  const filter = readFilter(v.filter);
  return {
    scrollRow: isCount(v.scrollRow) ? v.scrollRow : 0,
    ...(widths ? { columnWidths: widths } : {}),
    ...(sort ? { sort } : {}),
    ...(filter ? { filter } : {}),
  };
}

export const sameSort = (a: SortSpec | undefined, b: SortSpec | undefined): boolean =>
  a?.column === b?.column && a?.direction === b?.direction;

export function sameFilter(a: FilterSpec | undefined, b: FilterSpec | undefined): boolean {
  const x = readFilter(a);
  const y = readFilter(b);
  if (x?.all !== y?.all) return false;
  const xc = x?.columns ?? {};
  const yc = y?.columns ?? {};
  const keys = new Set([...Object.keys(xc), ...Object.keys(yc)]);
  for (const k of keys) if (xc[Number(k)] !== yc[Number(k)]) return false;
  return true;
}

/** The sort a header click asks for: ascending, then descending, then file order. */
export function nextSort(current: SortSpec | undefined, column: number): SortSpec | undefined {
  if (current?.column !== column) return { column, direction: 'asc' };
  return current.direction === 'asc' ? { column, direction: 'desc' } : undefined;
}
