// The reference-statistics recipe (Date, Document[, Source][, References][, User Email][, Assistant]): the
// most cited documents and sources, and citations per day. A row counts its References column when there is
// one, else one citation. Document and source names are data and shown as text; memory grows with distinct
// documents, sources and days.

import type { CellValue, InsightCard } from '../../shared/insightsMessages';
import { Bitset, Interner } from './bitsets';
import type { Roles } from './headers';
import { Counts, countOf, type Recipe, type RecipeResult, TimeCache } from './recipe';
import { dayText } from './zurichTime';

export const TOP_DOCUMENTS = 15;

export class ReferencesRecipe implements Recipe {
  private readonly times = new TimeCache();
  private readonly documents = new Interner();
  private readonly sources = new Interner();
  private readonly users = new Interner();
  private readonly perDocument = new Counts();
  private readonly perSource = new Counts();
  private readonly documentUsers: Bitset[] = [];
  private readonly perDay = new Map<number, number>();
  private total = 0;
  private rows = 0;
  private readonly iDoc: number | undefined;
  private readonly iSource: number | undefined;
  private readonly iTime: number;
  private readonly iRefs: number | undefined;
  private readonly iUser: number | undefined;

  constructor(roles: Roles) {
    this.iDoc = roles.document;
    this.iSource = roles.source;
    this.iTime = (roles.date ?? roles.timestamp)!;
    this.iRefs = roles.references;
    this.iUser = roles.user;
  }

  add(cells: readonly string[]): void {
    this.rows++;
    const t = this.times.get(cells[this.iTime] ?? '');
    if (!t) return;
    const n = this.iRefs === undefined ? 1 : (countOf(cells[this.iRefs] ?? '') ?? 0);
    this.total += n;
    this.perDay.set(t.day, (this.perDay.get(t.day) ?? 0) + n);
    if (this.iDoc !== undefined) {
      const d = this.documents.id(cells[this.iDoc] ?? '');
      this.perDocument.add(d, n);
      if (this.iUser !== undefined)
        (this.documentUsers[d] ??= new Bitset()).add(this.users.id(cells[this.iUser] ?? ''));
    }
    if (this.iSource !== undefined)
      this.perSource.add(this.sources.id(cells[this.iSource] ?? ''), n);
  }

  private ranking(names: Interner, counts: Counts, users?: Bitset[]): CellValue[][] {
    return [...names.values.keys()]
      .sort((a, b) => counts.get(b) - counts.get(a) || a - b)
      .slice(0, TOP_DOCUMENTS)
      .map((i) => [
        names.values[i] === '' ? '(no name)' : names.values[i],
        counts.get(i),
        ...(users ? [users[i]?.size ?? 0] : []),
      ]);
  }

  result(): RecipeResult {
    if (this.perDay.size === 0) {
      return {
        cards: [
          {
            id: 'references-empty',
            title: 'No citations',
            description: `None of the ${this.rows.toLocaleString('en-US')} rows has a readable date.`,
          },
        ],
      };
    }
    const days = [...this.perDay.keys()];
    const first = Math.min(...days);
    const last = Math.max(...days);
    const cards: InsightCard[] = [
      {
        id: 'references-summary',
        title: 'Summary',
        description: `${this.total.toLocaleString('en-US')} citations of ${this.documents.size.toLocaleString('en-US')} documents over ${last - first + 1} days.`,
        facts: [
          { label: 'Citations', value: this.total },
          ...(this.iDoc !== undefined
            ? [{ label: 'Documents cited', value: this.documents.size }]
            : []),
          ...(this.iSource !== undefined ? [{ label: 'Sources', value: this.sources.size }] : []),
          ...(this.iUser !== undefined ? [{ label: 'Users', value: this.users.size }] : []),
        ],
        note:
          this.iRefs === undefined
            ? 'The export has no count column: each row is one citation.'
            : 'Citations are the sum of the References column.',
      },
    ];
    if (this.iDoc !== undefined) {
      const withUsers = this.iUser !== undefined;
      cards.push({
        id: 'references-documents',
        title: 'Most cited documents',
        description: `The ${Math.min(TOP_DOCUMENTS, this.documents.size)} documents cited most often${withUsers ? ', with how many users saw them cited' : ''}.`,
        chart: { type: 'bar', x: 'Citations', y: 'Document', horizontal: true },
        table: {
          columns: [
            { name: 'Document', type: 'text' },
            { name: 'Citations', type: 'number' },
            ...(withUsers ? [{ name: 'Users', type: 'number' } as const] : []),
          ],
          rows: this.ranking(
            this.documents,
            this.perDocument,
            withUsers ? this.documentUsers : undefined,
          ),
        },
      });
    }
    if (this.iSource !== undefined) {
      cards.push({
        id: 'references-sources',
        title: 'Most cited sources',
        description: `The ${Math.min(TOP_DOCUMENTS, this.sources.size)} sources cited most often.`,
        chart: { type: 'bar', x: 'Citations', y: 'Source', horizontal: true },
        table: {
          columns: [
            { name: 'Source', type: 'text' },
            { name: 'Citations', type: 'number' },
          ],
          rows: this.ranking(this.sources, this.perSource),
        },
      });
    }
    const perDay: CellValue[][] = [];
    for (let d = first; d <= last; d++) perDay.push([dayText(d), this.perDay.get(d) ?? 0]);
    cards.push({
      id: 'references-per-day',
      title: 'Citations per day',
      description: `Citations on each of the ${last - first + 1} days; Saturdays and Sundays are marked.`,
      chart: { type: 'bar', x: 'Day', y: 'Citations', weekends: true },
      table: {
        columns: [
          { name: 'Day', type: 'date' },
          { name: 'Citations', type: 'number' },
        ],
        rows: perDay,
      },
    });
    return {
      cards,
      window: { first: dayText(first), last: dayText(last), days: last - first + 1 },
      ...(this.iUser !== undefined ? { distinctUsers: this.users.size } : {}),
    };
  }
}
