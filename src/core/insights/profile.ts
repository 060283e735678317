// The generic profile, for any export whose columns no recipe knows (the column sets are not public and
// change): per column its inferred type, how many cells are empty, how many distinct values, the most frequent
// values, min and max for numbers and dates, and a histogram. Bounded memory: distinct values are counted
// exactly up to MAX_DISTINCT (and MAX_KEY_CHARS of text) per column, then "more than"; number histograms
// come from a reservoir sample; long free text (mean length over FREE_TEXT_CHARS) is measured, never listed.

import * as l10n from '@vscode/l10n';
import type { CellValue, InsightCard } from '../../shared/insightsMessages';
import { assertNever } from '../errors';
import { columnName, formatCount, formatPercent, type Recipe, type RecipeResult } from './recipe';
import { charLength, utf8Of } from './rowStream';
import { parseLocalTime } from './zurichTime';
import { dayText } from './zurichTime';

export const MAX_DISTINCT = 10_000;
const MAX_KEY_CHARS = 4 << 20;
export const SAMPLE_SIZE = 5_000;
const FREE_TEXT_CHARS = 80;
const TOP_VALUES = 10;
const BINS = 20;
/** Columns profiled at most (a very wide export: the first ones). */
export const MAX_COLUMNS = 60;

class ColumnStats {
  empty = 0;
  numbers = 0;
  dates = 0;
  chars = 0;
  readonly counts = new Map<string, number>();
  keyChars = 0;
  capped = false;
  min = Infinity;
  max = -Infinity;
  minDay = Infinity;
  maxDay = -Infinity;
  readonly days = new Map<number, number>();
  readonly sample: number[] = [];
  seenNumbers = 0;

  constructor(private readonly random: () => number) {}

  add(text: string): void {
    if (text.trim() === '') {
      this.empty++;
      return;
    }
    this.chars += charLength(text);
    const c = this.counts.get(text);
    if (c !== undefined) this.counts.set(text, c + 1);
    else if (!this.capped) {
      if (this.counts.size >= MAX_DISTINCT || this.keyChars + text.length > MAX_KEY_CHARS)
        this.capped = true;
      else {
        this.counts.set((' ' + text).slice(1), 1);
        this.keyChars += text.length;
      }
    }
    const n = Number(text);
    if (Number.isFinite(n)) {
      this.numbers++;
      if (n < this.min) this.min = n;
      if (n > this.max) this.max = n;
      this.seenNumbers++;
      if (this.sample.length < SAMPLE_SIZE) this.sample.push(n);
      else {
        const j = Math.floor(this.random() * this.seenNumbers);
        if (j < SAMPLE_SIZE) this.sample[j] = n;
      }
      return;
    }
    const t = parseLocalTime(text);
    if (t) {
      this.dates++;
      if (t.day < this.minDay) this.minDay = t.day;
      if (t.day > this.maxDay) this.maxDay = t.day;
      if (this.days.size < 100_000 || this.days.has(t.day))
        this.days.set(t.day, (this.days.get(t.day) ?? 0) + 1);
    }
  }
}

/** A small deterministic PRNG (mulberry32): the same file gives the same sample. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type ColumnType = 'number' | 'date' | 'text' | 'empty';

/** A column type as a card says it, in the display language. */
function typeWord(type: ColumnType): string {
  switch (type) {
    case 'number':
      return l10n.t({ message: 'number', comment: ['the type of a CSV column'] });
    case 'date':
      return l10n.t({ message: 'date', comment: ['the type of a CSV column'] });
    case 'text':
      return l10n.t({ message: 'text', comment: ['the type of a CSV column'] });
    case 'empty':
      return l10n.t({ message: 'empty', comment: ['the type of a CSV column: no cell has text'] });
    default:
      return assertNever(type, 'column type');
  }
}

export class ProfileRecipe implements Recipe {
  private readonly stats: ColumnStats[];
  private rows = 0;

  constructor(private readonly header: readonly string[]) {
    const random = rng(0x5eed);
    this.stats = header.slice(0, MAX_COLUMNS).map(() => new ColumnStats(random));
  }

  add(cells: readonly string[]): void {
    this.rows++;
    for (let i = 0; i < this.stats.length; i++) this.stats[i].add(cells[i] ?? '');
  }

  /** The type most non-empty cells have (90% or more numbers or dates; else text). */
  static typeOf(s: { empty: number; numbers: number; dates: number }, rows: number): ColumnType {
    const filled = rows - s.empty;
    if (filled === 0) return 'empty';
    if (s.numbers >= 0.9 * filled) return 'number';
    if (s.dates >= 0.9 * filled) return 'date';
    return 'text';
  }

  result(): RecipeResult {
    const cards: InsightCard[] = [];
    const VALUE = columnName('value');
    const ROWS = columnName('rows');
    this.stats.forEach((s, i) => {
      const name =
        this.header[i] ||
        l10n.t({
          message: 'Column {0}',
          args: [i + 1],
          comment: ['the name shown for a CSV column that has none in the file'],
        });
      const type = ProfileRecipe.typeOf(s, this.rows);
      const filled = this.rows - s.empty;
      const distinct = s.capped
        ? l10n.t({
            message: 'more than {0}',
            args: [formatCount(s.counts.size)],
            comment: ['a number of distinct values'],
          })
        : s.counts.size;
      const empty = pct(s.empty, this.rows);
      const facts = [
        {
          label: l10n.t({ message: 'Type', comment: ['the type of a CSV column'] }),
          value: typeWord(type),
        },
        {
          label: l10n.t({
            message: 'Empty',
            comment: ['how many cells of a CSV column are empty'],
          }),
          value: l10n.t({
            message: '{0} ({1})',
            args: [empty, formatCount(s.empty)],
            comment: ['a share of the rows and their number, e.g. "10% (5)"'],
          }),
        },
        { label: l10n.t('Distinct values'), value: distinct },
      ];
      const card = {
        id: `profile-${i}`,
        title: name,
        description: l10n.t({
          message: 'Column {0} of {1}, "{2}": {3}, {4} empty, {5} distinct values.',
          args: [i + 1, this.header.length, name, typeWord(type), empty, distinct],
          comment: ["{2} is the column's name, {3} its type, {4} a percentage"],
        }),
      };
      if (type === 'number') {
        facts.push(
          { label: l10n.t({ message: 'Min', comment: ['the smallest value'] }), value: s.min },
          { label: l10n.t({ message: 'Max', comment: ['the largest value'] }), value: s.max },
        );
        cards.push({ ...card, facts, ...numberHistogram(s, filled) });
      } else if (type === 'date') {
        facts.push(
          { label: l10n.t('First day'), value: dayText(s.minDay) },
          { label: l10n.t('Last day'), value: dayText(s.maxDay) },
        );
        cards.push({ ...card, facts, ...dateHistogram(s) });
      } else if (type === 'text' && s.chars / Math.max(1, filled) > FREE_TEXT_CHARS) {
        facts.push({
          label: l10n.t('Mean length (characters)'),
          value: Math.round(s.chars / Math.max(1, filled)),
        });
        cards.push({
          ...card,
          facts,
          note: l10n.t('Free text: measured, its values not listed.'),
        });
      } else if (type === 'text') {
        const top: CellValue[][] = [...s.counts.entries()]
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .slice(0, TOP_VALUES)
          .map(([v, n]) => [utf8Of(v), n]);
        cards.push({
          ...card,
          facts,
          chart: { type: 'bar', x: ROWS, y: VALUE, horizontal: true },
          table: {
            columns: [
              { name: VALUE, type: 'text' },
              { name: ROWS, type: 'number' },
            ],
            rows: top,
          },
          ...(s.capped
            ? {
                note: l10n.t(
                  'Counted among the first {0} distinct values.',
                  formatCount(s.counts.size),
                ),
              }
            : {}),
        });
      } else cards.push({ ...card, facts });
    });
    if (this.header.length > MAX_COLUMNS)
      cards.push({
        id: 'profile-more',
        title: l10n.t('{0} more columns', this.header.length - MAX_COLUMNS),
        description: l10n.t(
          'Only the first {0} of {1} columns are profiled.',
          MAX_COLUMNS,
          this.header.length,
        ),
      });
    return { cards };
  }
}

function pct(n: number, of: number): string {
  return formatPercent(of === 0 ? 0 : Math.round((n / of) * 1000) / 10, 1);
}

function numberHistogram(
  s: ColumnStats,
  filled: number,
): Pick<InsightCard, 'chart' | 'table' | 'note'> {
  if (s.sample.length === 0 || s.min === s.max) return {};
  const width = (s.max - s.min) / BINS;
  const counts = new Array<number>(BINS).fill(0);
  for (const v of s.sample) counts[Math.min(BINS - 1, Math.floor((v - s.min) / width))]++;
  const scale = s.numbers / s.sample.length;
  const FROM = columnName('from');
  const ROWS = columnName('rows');
  return {
    chart: { type: 'bar', x: FROM, y: ROWS },
    table: {
      columns: [
        { name: FROM, type: 'number' },
        { name: columnName('to'), type: 'number' },
        { name: ROWS, type: 'number' },
      ],
      rows: counts.map((c, i) => [
        round(s.min + i * width),
        round(s.min + (i + 1) * width),
        Math.round(c * scale),
      ]),
    },
    ...(s.sample.length < s.numbers
      ? {
          note: l10n.t(
            'Histogram from a random sample of {0} of {1} values.',
            formatCount(s.sample.length),
            formatCount(filled),
          ),
        }
      : {}),
  };
}

function dateHistogram(s: ColumnStats): Pick<InsightCard, 'chart' | 'table'> {
  if (s.days.size === 0) return {};
  const rows: CellValue[][] = [...s.days.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([d, n]) => [dayText(d), n]);
  return {
    chart: { type: 'bar', x: columnName('day'), y: columnName('rows'), weekends: true },
    table: {
      columns: [
        { name: columnName('day'), type: 'date' },
        { name: columnName('rows'), type: 'number' },
      ],
      rows,
    },
  };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
