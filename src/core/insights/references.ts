// The reference-statistics recipe (Date, Document[, Source][, References][, User Email][, Assistant]): the
// most cited documents and sources, and citations per day. A row counts its References column when there is
// one, else one citation. Document and source names are data and shown as text; memory grows with distinct
// documents, sources and days.

import * as l10n from '@vscode/l10n';
import type { CellValue, InsightCard } from '../../shared/insightsMessages';
import { Bitset, Interner } from './bitsets';
import type { Roles } from './headers';
import {
  columnName,
  Counts,
  countOf,
  formatCount,
  type Recipe,
  type RecipeResult,
  summaryTitle,
  TimeCache,
} from './recipe';
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
        names.values[i] === ''
          ? l10n.t({ message: '(no name)', comment: ['a document or source whose name is empty'] })
          : names.values[i],
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
            title: l10n.t('No citations'),
            description: l10n.t(
              'None of the {0} rows has a readable date.',
              formatCount(this.rows),
            ),
          },
        ],
      };
    }
    const days = [...this.perDay.keys()];
    const first = Math.min(...days);
    const last = Math.max(...days);
    const DAY = columnName('day');
    const CITATIONS = columnName('citations');
    const USERS = columnName('users');
    const cards: InsightCard[] = [
      {
        id: 'references-summary',
        title: summaryTitle(),
        description: l10n.t(
          '{0} citations of {1} documents over {2} days.',
          formatCount(this.total),
          formatCount(this.documents.size),
          last - first + 1,
        ),
        facts: [
          { label: l10n.t('Citations'), value: this.total },
          ...(this.iDoc !== undefined
            ? [{ label: l10n.t('Documents cited'), value: this.documents.size }]
            : []),
          ...(this.iSource !== undefined
            ? [{ label: l10n.t('Sources'), value: this.sources.size }]
            : []),
          ...(this.iUser !== undefined ? [{ label: l10n.t('Users'), value: this.users.size }] : []),
        ],
        note:
          this.iRefs === undefined
            ? l10n.t('The export has no count column: each row is one citation.')
            : l10n.t({
                message: 'Citations are the sum of the References column.',
                comment: ['keep References: the name of a CSV column'],
              }),
      },
    ];
    if (this.iDoc !== undefined) {
      const withUsers = this.iUser !== undefined;
      cards.push({
        id: 'references-documents',
        title: l10n.t('Most cited documents'),
        description: withUsers
          ? l10n.t(
              'The {0} documents cited most often, with how many users saw them cited.',
              Math.min(TOP_DOCUMENTS, this.documents.size),
            )
          : l10n.t(
              'The {0} documents cited most often.',
              Math.min(TOP_DOCUMENTS, this.documents.size),
            ),
        chart: { type: 'bar', x: CITATIONS, y: columnName('document'), horizontal: true },
        table: {
          columns: [
            { name: columnName('document'), type: 'text' },
            { name: CITATIONS, type: 'number' },
            ...(withUsers ? [{ name: USERS, type: 'number' } as const] : []),
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
        title: l10n.t('Most cited sources'),
        description: l10n.t(
          'The {0} sources cited most often.',
          Math.min(TOP_DOCUMENTS, this.sources.size),
        ),
        chart: { type: 'bar', x: CITATIONS, y: columnName('source'), horizontal: true },
        table: {
          columns: [
            { name: columnName('source'), type: 'text' },
            { name: CITATIONS, type: 'number' },
          ],
          rows: this.ranking(this.sources, this.perSource),
        },
      });
    }
    const perDay: CellValue[][] = [];
    for (let d = first; d <= last; d++) perDay.push([dayText(d), this.perDay.get(d) ?? 0]);
    cards.push({
      id: 'references-per-day',
      title: l10n.t('Citations per day'),
      description: l10n.t(
        'Citations on each of the {0} days; Saturdays and Sundays are marked.',
        last - first + 1,
      ),
      chart: { type: 'bar', x: DAY, y: CITATIONS, weekends: true },
      table: {
        columns: [
          { name: DAY, type: 'date' },
          { name: CITATIONS, type: 'number' },
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
