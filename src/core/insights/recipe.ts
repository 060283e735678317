// What every recipe is: fed the rows of one pass, it answers with cards. Shared helpers for the recipes:
// the day cache (a date cell's text → Zurich day, parsed once per distinct text), number cells, tables.

import * as l10n from '@vscode/l10n';
import type { DataTable, InsightCard } from '../../shared/insightsMessages';
import { assertNever } from '../errors';
import { displayLocale } from '../l10n/locale';
import { parseLocalTime, type LocalTime } from './zurichTime';

/**
 * What a later compare needs of a chat export (kept beside the report, never sent to the webview): the active
 * users as short hashes (never the e-mails themselves), totals and each assistant's interactions.
 */
export interface CompareBasis {
  readonly userHashes: readonly string[];
  readonly interactions: number;
  readonly assistants: readonly (readonly [name: string, interactions: number])[];
}

export interface RecipeResult {
  readonly cards: InsightCard[];
  readonly basis?: CompareBasis;
  readonly window?: { readonly first: string; readonly last: string; readonly days: number };
  readonly distinctUsers?: number;
}

export interface Recipe {
  add(cells: readonly string[]): void;
  result(): RecipeResult;
}

/**
 * A recipe whose work can be split over parts of the file (parts.ts): each part's recipe gives its `state()`
 * (plain data: strings, numbers, typed arrays), and one recipe `merge`s them all in file order.
 */
export interface MergeableRecipe extends Recipe {
  state(): unknown;
  merge(state: unknown): void;
}

export function isMergeable(r: Recipe): r is MergeableRecipe {
  return typeof (r as Partial<MergeableRecipe>).merge === 'function';
}

/** Date or time cells to Zurich local times, each distinct text parsed once (an export repeats its dates). */
export class TimeCache {
  private readonly cache = new Map<string, LocalTime | null>();
  /** Cells that were neither a date nor a time (another part's are added on merge). */
  unreadable = 0;

  get(text: string): LocalTime | undefined {
    let t = this.cache.get(text);
    if (t === undefined) {
      t = parseLocalTime(text) ?? null;
      // Timestamps are mostly distinct: keep the cache for the dates that repeat.
      if (this.cache.size < 100_000) this.cache.set(text, t);
    }
    if (t === null) {
      this.unreadable++;
      return undefined;
    }
    return t;
  }
}

/** A count cell: a non-negative number ("1'234", "1 234" and "1,234" tolerated), else undefined. */
export function countOf(text: string): number | undefined {
  let n = Number(text);
  if (Number.isNaN(n) || text.trim() === '') {
    n = Number(text.replace(/[\s'’,]/g, ''));
    if (Number.isNaN(n) || text.trim() === '') return undefined;
  }
  return n >= 0 && Number.isFinite(n) ? n : undefined;
}

export function table(columns: DataTable['columns'], rows: DataTable['rows']): DataTable {
  return { columns, rows };
}

/** A growable array of numbers indexed by a dense id. */
export class Counts {
  private values = new Float64Array(64);
  private used = 0;

  add(id: number, n: number): void {
    if (id >= this.values.length) {
      const next = new Float64Array(Math.max(id + 1, this.values.length * 2));
      next.set(this.values);
      this.values = next;
    }
    this.values[id] += n;
    if (id >= this.used) this.used = id + 1;
  }

  get(id: number): number {
    return id < this.used ? this.values[id] : 0;
  }

  get length(): number {
    return this.used;
  }

  /** Adds another part's counts, each id mapped through `map`. */
  addMapped(values: Float64Array, map: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) if (values[i] !== 0) this.add(map[i], values[i]);
  }

  toArray(): Float64Array {
    return this.values.subarray(0, this.used);
  }
}

/** "2,345": a number for a card's text, in the display language (the webview formats table numbers itself). */
export function formatCount(n: number): string {
  return n.toLocaleString(displayLocale());
}

/** "42%" for `percent` (a number from 0 to 100, already rounded to `digits` decimals), in the display language. */
export function formatPercent(percent: number, digits = 0): string {
  return new Intl.NumberFormat(displayLocale(), {
    style: 'percent',
    maximumFractionDigits: digits,
  }).format(percent / 100);
}

/** The columns a card's table may have. */
export type ColumnKey =
  | 'day'
  | 'date'
  | 'month'
  | 'assistant'
  | 'interactions'
  | 'users'
  | 'measure'
  | 'activeUsers'
  | 'newUsers'
  | 'stickiness'
  | 'interactionsPerUser'
  | 'daysActive'
  | 'document'
  | 'source'
  | 'citations'
  | 'messages'
  | 'weekday'
  | 'hour'
  | 'characters'
  | 'value'
  | 'rows'
  | 'from'
  | 'to'
  | 'previous'
  | 'current'
  | 'change';

/**
 * A table column's name in the display language; it is also the field and axis title of the card's chart,
 * so a card takes each name from here once and uses it for both.
 */
export function columnName(key: ColumnKey): string {
  switch (key) {
    case 'day':
      return l10n.t({ message: 'Day', comment: ['a column of a table and an axis of its chart'] });
    case 'date':
      return l10n.t({ message: 'Date', comment: ['a column of a table and an axis of its chart'] });
    case 'month':
      return l10n.t({
        message: 'Month',
        comment: ['a column of a table and an axis of its chart'],
      });
    case 'assistant':
      return l10n.t({
        message: 'Assistant',
        comment: ['a column of a table and an axis of its chart'],
      });
    case 'interactions':
      return l10n.t({
        message: 'Interactions',
        comment: ['a column of a table and an axis of its chart'],
      });
    case 'users':
      return l10n.t({
        message: 'Users',
        comment: ['a column of a table and an axis of its chart'],
      });
    case 'measure':
      return l10n.t({
        message: 'Measure',
        comment: ['a column of a table and an axis of its chart: which line a value belongs to'],
      });
    case 'activeUsers':
      return l10n.t({
        message: 'Active users',
        comment: ['a column of a table and an axis of its chart'],
      });
    case 'newUsers':
      return l10n.t({
        message: 'New users',
        comment: ['a column of a table and an axis of its chart'],
      });
    case 'stickiness':
      return l10n.t({
        message: 'Stickiness',
        comment: ['a column of a table and an axis of its chart: daily ÷ monthly active users'],
      });
    case 'interactionsPerUser':
      return l10n.t({
        message: 'Interactions per user',
        comment: ['a column of a table and an axis of its chart'],
      });
    case 'daysActive':
      return l10n.t({
        message: 'Days active',
        comment: ['a column of a table and an axis of its chart'],
      });
    case 'document':
      return l10n.t({
        message: 'Document',
        comment: ['a column of a table and an axis of its chart'],
      });
    case 'source':
      return l10n.t({
        message: 'Source',
        comment: [
          'a column of a table and an axis of its chart: where a cited document comes from',
        ],
      });
    case 'citations':
      return l10n.t({
        message: 'Citations',
        comment: ['a column of a table and an axis of its chart'],
      });
    case 'messages':
      return l10n.t({
        message: 'Messages',
        comment: ['a column of a table and an axis of its chart'],
      });
    case 'weekday':
      return l10n.t({
        message: 'Weekday',
        comment: ['a column of a table and an axis of its chart'],
      });
    case 'hour':
      return l10n.t({ message: 'Hour', comment: ['a column of a table and an axis of its chart'] });
    case 'characters':
      return l10n.t({
        message: 'Characters',
        comment: ['a column of a table and an axis of its chart: the length of a text'],
      });
    case 'value':
      return l10n.t({
        message: 'Value',
        comment: ['a column of a table and an axis of its chart: a value found in a CSV column'],
      });
    case 'rows':
      return l10n.t({
        message: 'Rows',
        comment: ['a column of a table and an axis of its chart: a number of CSV rows'],
      });
    case 'from':
      return l10n.t({
        message: 'From',
        comment: ['a column of a table and an axis of its chart: the lower end of a range'],
      });
    case 'to':
      return l10n.t({
        message: 'To',
        comment: ['a column of a table and an axis of its chart: the upper end of a range'],
      });
    case 'previous':
      return l10n.t({
        message: 'Previous',
        comment: ['a column of a table: the figure of the previous period'],
      });
    case 'current':
      return l10n.t({
        message: 'Current',
        comment: ['a column of a table: the figure of this period'],
      });
    case 'change':
      return l10n.t({
        message: 'Change',
        comment: ['a column of a table and an axis of its chart: current minus previous'],
      });
    default:
      return assertNever(key, 'column');
  }
}

/** "Other assistants": the assistants a chart does not draw by name, together. */
export function otherAssistants(): string {
  return l10n.t({
    message: 'Other assistants',
    comment: ['a chart series: the assistants not drawn by name, together'],
  });
}

/** A card's "Summary" title. */
export function summaryTitle(): string {
  return l10n.t({ message: 'Summary', comment: ['the title of an insights card'] });
}
