// What every recipe is: fed the rows of one pass, it answers with cards. Shared helpers for the recipes:
// the day cache (a date cell's text → Zurich day, parsed once per distinct text), number cells, tables.

import type { DataTable, InsightCard } from '../../shared/insightsMessages';
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

/** "2,345" style for notes (the webview formats table numbers in the user's locale itself). */
export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
