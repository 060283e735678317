// What a column holds (number, date, text, empty), inferred from a sample of rows, and how its cells
// compare: numbers as numbers, dates as instants, text with a numeric-aware, case- and accent-blind
// collator. Empty cells sort last in both directions (sortView). Pure functions over strings; never
// reads the file.

import type { ColumnInfo, ColumnType } from '../../shared/tableMessages';
import { headerNames } from './pages';

/** -12, 3.5, 0.25, 1e-3, 6.02E23; not ids with leading zeros ("007"), not "+1", ".5", "1,000". */
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
/** 2024-05-03, 2024-05-03T08:15, 2024-05-03T08:15:00.000Z, 2024-05-03 08:15:00, with an offset. */
const DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The cell as a number, or NaN when it is not one by NUMBER's rule. */
export function numberKey(cell: string): number {
  const t = cell.trim();
  return NUMBER.test(t) ? Number(t) : NaN;
}

/** The cell as milliseconds since 1970 (UTC where no offset is given), or NaN. */
export function dateKey(cell: string): number {
  const m = DATE.exec(cell.trim());
  if (!m) return NaN;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  const month = +mo;
  const day = +d;
  // 2024-02-30 is not a date (Date.UTC would roll it over to March).
  if (month < 1 || month > 12 || day < 1 || day > daysIn(+y, month)) return NaN;
  if ((h && +h > 23) || (mi && +mi > 59) || (s && +s > 60)) return NaN;
  const utc = Date.UTC(+y, month - 1, day, h ? +h : 0, mi ? +mi : 0, s ? +s : 0, ms);
  if (!zone || zone === 'Z') return utc;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return utc - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

function daysIn(year: number, month: number): number {
  if (month !== 2) return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

export const textCollator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * Each column's type from sample rows: 'number' / 'date' when every non-empty sample cell is one,
 * 'empty' when none has text, else 'text'. Columns past the header (ragged rows) are included.
 */
export function inferColumnTypes(
  header: readonly string[],
  sampleRows: readonly (readonly string[])[],
): ColumnInfo[] {
  const widest = sampleRows.reduce((w, r) => Math.max(w, r.length), header.length);
  const names = headerNames(header, widest);
  return names.map((name, c) => ({ name, type: columnType(sampleRows, c) }));
}

function columnType(rows: readonly (readonly string[])[], c: number): ColumnType {
  let numbers = 0;
  let dates = 0;
  let filled = 0;
  for (const row of rows) {
    const cell = row[c] ?? '';
    if (cell.trim() === '') continue;
    filled++;
    if (!Number.isNaN(numberKey(cell))) numbers++;
    else if (!Number.isNaN(dateKey(cell))) dates++;
  }
  if (filled === 0) return 'empty';
  if (numbers === filled) return 'number';
  if (dates === filled) return 'date';
  return 'text';
}
