// The active-users recipe (Period, Date, Active Users[, New Users][, a segment column]): DAU, WAU and MAU as
// the export states them, and stickiness (average DAU of a calendar month ÷ that month's MAU). The export's
// numbers are taken as they are: a user active in two segments cannot be told apart from two users, so when
// the rows are split by a segment (an assistant) without a total row, the sums are marked as such.

import * as l10n from '@vscode/l10n';
import type { CellValue, InsightCard } from '../../shared/insightsMessages';
import { assertNever } from '../errors';
import { normaliseHeader, type Roles } from './headers';
import {
  columnName,
  countOf,
  formatCount,
  type Recipe,
  type RecipeResult,
  summaryTitle,
  TimeCache,
} from './recipe';
import { utf8Of } from './rowStream';
import { dayText, monthStart } from './zurichTime';

type Period = 'day' | 'week' | 'month';

const PERIODS: Record<string, Period> = {
  day: 'day',
  daily: 'day',
  dau: 'day',
  tag: 'day',
  taglich: 'day',
  jour: 'day',
  quotidien: 'day',
  week: 'week',
  weekly: 'week',
  wau: 'week',
  woche: 'week',
  wochentlich: 'week',
  semaine: 'week',
  hebdomadaire: 'week',
  month: 'month',
  monthly: 'month',
  mau: 'month',
  monat: 'month',
  monatlich: 'month',
  mois: 'month',
  mensuel: 'month',
};

const TOTAL_SEGMENTS = new Set(['', 'all', 'total', 'alle', 'gesamt', 'tous', 'tout', 'overall']);

/** A period's measure, in the display language. */
function measure(period: Period): string {
  switch (period) {
    case 'day':
      return l10n.t('Daily active users (DAU)');
    case 'week':
      return l10n.t('Weekly active users (WAU)');
    case 'month':
      return l10n.t('Monthly active users (MAU)');
    default:
      return assertNever(period, 'period');
  }
}

export class ActiveUsersRecipe implements Recipe {
  private readonly times = new TimeCache();
  /** (period, day) → summed active users and new users, per "total" or split rows. */
  private readonly values = new Map<string, { users: number; fresh: number; split: boolean }>();
  private readonly segments = new Set<string>();
  private sawTotal = false;
  private unknownPeriods = 0;
  private rows = 0;
  private readonly iPeriod: number;
  private readonly iTime: number;
  private readonly iUsers: number;
  private readonly iNew: number | undefined;
  private readonly iSegment: number | undefined;

  constructor(roles: Roles) {
    this.iPeriod = roles.period!;
    this.iTime = (roles.date ?? roles.timestamp)!;
    this.iUsers = roles.activeUsers!;
    this.iNew = roles.newUsers;
    this.iSegment = roles.assistant;
  }

  add(cells: readonly string[]): void {
    this.rows++;
    const period = PERIODS[normaliseHeader(utf8Of(cells[this.iPeriod] ?? ''))];
    if (!period) {
      this.unknownPeriods++;
      return;
    }
    const t = this.times.get(cells[this.iTime] ?? '');
    const users = countOf(cells[this.iUsers] ?? '');
    if (!t || users === undefined) return;
    const fresh = this.iNew === undefined ? 0 : (countOf(cells[this.iNew] ?? '') ?? 0);
    const segment = this.iSegment === undefined ? '' : utf8Of(cells[this.iSegment] ?? '');
    const total = TOTAL_SEGMENTS.has(normaliseHeader(segment));
    if (total) this.sawTotal = true;
    else if (this.segments.size < 10_000) this.segments.add(segment);
    const key = `${period}|${t.day}|${total ? 'T' : 'S'}`;
    const v = this.values.get(key);
    if (v) {
      v.users += users;
      v.fresh += fresh;
    } else this.values.set(key, { users, fresh, split: !total });
  }

  result(): RecipeResult {
    // Total rows when there are any, else the sums over segments (marked).
    const want = this.sawTotal ? 'T' : 'S';
    const series: { period: Period; day: number; users: number; fresh: number }[] = [];
    for (const [key, v] of this.values) {
      const [period, day, kind] = key.split('|');
      if (kind === want) series.push({ period: period as Period, day: Number(day), ...v });
    }
    series.sort((a, b) => a.day - b.day || a.period.localeCompare(b.period));
    const summed = !this.sawTotal && this.segments.size > 1;
    const caveat = summed
      ? l10n.t(
          'The rows are split by {0} segments with no total row: the lines are sums over segments, so a user active in two segments counts twice.',
          formatCount(this.segments.size),
        )
      : undefined;
    if (series.length === 0) {
      return {
        cards: [
          {
            id: 'active-empty',
            title: l10n.t('No active-user figures'),
            description: l10n.t(
              'None of the {0} rows has a known period (day, week, month), a readable date and a count.',
              formatCount(this.rows),
            ),
          },
        ],
      };
    }
    const LABEL: Record<Period, string> = {
      day: measure('day'),
      week: measure('week'),
      month: measure('month'),
    };
    const DATE = columnName('date');
    const MEASURE = columnName('measure');
    const lines: CellValue[][] = series.map((s) => [dayText(s.day), LABEL[s.period], s.users]);
    const cards: InsightCard[] = [];
    const last = (p: Period) => [...series].reverse().find((s) => s.period === p);
    cards.push({
      id: 'active-summary',
      title: summaryTitle(),
      description: l10n.t('The latest figure of each period in the export.'),
      facts: (['day', 'week', 'month'] as const)
        .map((p) => ({ p, s: last(p) }))
        .filter((x) => x.s)
        .map((x) => ({
          label: l10n.t({
            message: '{0}, {1}',
            args: [LABEL[x.p], dayText(x.s!.day)],
            comment: [
              'a measure, e.g. "Daily active users (DAU)", and the day of its latest figure',
            ],
          }),
          value: x.s!.users,
        })),
      note: [
        l10n.t(
          'An active user has at least one interaction in the period (Unique’s definition); the figures are the export’s own.',
        ),
        ...(caveat ? [caveat] : []),
        ...(this.unknownPeriods > 0
          ? [l10n.t('{0} rows with another period are left out.', formatCount(this.unknownPeriods))]
          : []),
      ].join(' '),
    });
    cards.push({
      id: 'active-dau-wau-mau',
      title: l10n.t('DAU, WAU and MAU'),
      description: [
        l10n.t(
          'Active users per day, week and month, as the export counts them, over {0} figures.',
          formatCount(series.length),
        ),
        ...(caveat ? [caveat] : []),
      ].join(' '),
      chart: { type: 'line', x: DATE, y: columnName('activeUsers'), color: MEASURE },
      table: {
        columns: [
          { name: DATE, type: 'date' },
          { name: MEASURE, type: 'text' },
          { name: columnName('activeUsers'), type: 'number' },
        ],
        rows: lines,
      },
    });
    // Stickiness: the month's average DAU ÷ its MAU.
    const dauByMonth = new Map<number, { sum: number; n: number }>();
    const mau = new Map<number, number>();
    for (const s of series) {
      const m = monthStart(s.day);
      if (s.period === 'day') {
        const a = dauByMonth.get(m) ?? { sum: 0, n: 0 };
        a.sum += s.users;
        a.n++;
        dauByMonth.set(m, a);
      } else if (s.period === 'month') mau.set(m, (mau.get(m) ?? 0) + s.users);
    }
    const STICKINESS = columnName('stickiness');
    const MONTH = columnName('month');
    const sticky: CellValue[][] = [...dauByMonth.entries()]
      .filter(([m]) => (mau.get(m) ?? 0) > 0)
      .sort((a, b) => a[0] - b[0])
      .map(([m, a]) => [
        dayText(m),
        l10n.t({ message: 'DAU ÷ MAU', comment: ['a line of a chart'] }),
        Math.round((a.sum / a.n / mau.get(m)!) * 1000) / 1000,
      ]);
    cards.push(
      sticky.length > 0
        ? {
            id: 'active-stickiness',
            title: l10n.t('Stickiness (DAU ÷ MAU)'),
            description: l10n.t(
              'For each calendar month, the average daily active users divided by the monthly active users: the share of the month’s users who come back on a typical day.',
            ),
            chart: { type: 'line', x: MONTH, y: STICKINESS, color: MEASURE, percent: true },
            table: {
              columns: [
                { name: MONTH, type: 'date' },
                { name: MEASURE, type: 'text' },
                { name: STICKINESS, type: 'number' },
              ],
              rows: sticky,
            },
          }
        : {
            id: 'active-stickiness',
            title: l10n.t('Stickiness (DAU ÷ MAU)'),
            description: l10n.t(
              'Needs daily and monthly figures of the same calendar month; this export does not have both.',
            ),
          },
    );
    if (this.iNew !== undefined) {
      cards.push({
        id: 'active-new-users',
        title: l10n.t({ message: 'New users', comment: ['the title of an insights card'] }),
        description: l10n.t('New users per figure, as the export counts them.'),
        // A line per period: new users of a day, a week and a month are not to be added up.
        chart: { type: 'line', x: DATE, y: columnName('newUsers'), color: MEASURE },
        table: {
          columns: [
            { name: DATE, type: 'date' },
            { name: MEASURE, type: 'text' },
            { name: columnName('newUsers'), type: 'number' },
          ],
          rows: series.map((s) => [dayText(s.day), LABEL[s.period], s.fresh]),
        },
      });
    }
    const days = series.map((s) => s.day);
    const first = Math.min(...days);
    const lastDay = Math.max(...days);
    return {
      cards,
      window: { first: dayText(first), last: dayText(lastDay), days: lastDay - first + 1 },
    };
  }
}
