// The chat-interactions recipe (User Email, Date, Assistant, Interactions): interactions per day stacked by
// assistant, daily and weekly active users, the assistants ranked by interactions and by users, how
// interactions spread over users (power users vs occasional), and the share of days each user was active.
// An active user has at least one interaction in the period (Unique's definition); weeks are calendar weeks,
// Monday to Sunday, in Zurich days. Memory: one bitset of users per day and per assistant, one number per
// user and per (day, assistant): bounded by distinct users, days and assistants, never by rows.

import { createHash } from 'node:crypto';
import * as l10n from '@vscode/l10n';
import type { CellValue, InsightCard } from '../../shared/insightsMessages';
import { Bitset, Interner } from './bitsets';
import type { Roles } from './headers';
import {
  columnName,
  Counts,
  countOf,
  formatCount,
  formatPercent,
  type MergeableRecipe,
  otherAssistants,
  type RecipeResult,
  summaryTitle,
  TimeCache,
} from './recipe';
import { dayText, weekStart, weekday } from './zurichTime';

/** Assistants drawn by name in the stacked chart; the rest are one "Other" band. */
export const TOP_ASSISTANTS_DRAWN = 8;
/** Rows of a ranking card. */
export const RANKING_ROWS = 15;
/** Buckets of interactions per user (upper bounds, inclusive). */
export const PER_USER_BUCKETS = [1, 5, 10, 25, 50, 100, 250, 500, Infinity] as const;

interface DayAgg {
  readonly users: Bitset;
  readonly byAssistant: Counts;
}

/** A part's work, as it travels from a worker thread (see MergeableRecipe). */
interface ChatState {
  readonly users: string[];
  readonly assistants: string[];
  readonly days: [day: number, users: Uint32Array, byAssistant: Float64Array][];
  readonly perUser: Float64Array;
  readonly perAssistant: Float64Array;
  readonly assistantUsers: (Uint32Array | null)[];
  readonly badCounts: number;
  readonly unreadable: number;
  readonly rows: number;
}

export class ChatInteractionsRecipe implements MergeableRecipe {
  readonly users = new Interner();
  readonly assistants = new Interner();
  private readonly times = new TimeCache();
  private readonly days = new Map<number, DayAgg>();
  readonly perUser = new Counts();
  private readonly perAssistant = new Counts();
  private readonly assistantUsers: Bitset[] = [];
  private badCounts = 0;
  private rows = 0;

  private readonly iUser: number;
  private readonly iTime: number;
  private readonly iAssistant: number;
  private readonly iCount: number;

  constructor(roles: Roles) {
    this.iUser = roles.user!;
    this.iTime = (roles.date ?? roles.timestamp)!;
    this.iAssistant = roles.assistant!;
    this.iCount = roles.count!;
  }

  add(cells: readonly string[]): void {
    this.rows++;
    const t = this.times.get(cells[this.iTime] ?? '');
    if (!t) return;
    const n = countOf(cells[this.iCount] ?? '');
    if (n === undefined) {
      this.badCounts++;
      return;
    }
    const u = this.users.id(cells[this.iUser] ?? '');
    const a = this.assistants.id(cells[this.iAssistant] ?? '');
    let day = this.days.get(t.day);
    if (!day) {
      day = { users: new Bitset(), byAssistant: new Counts() };
      this.days.set(t.day, day);
    }
    day.byAssistant.add(a, n);
    this.perUser.add(u, n);
    this.perAssistant.add(a, n);
    // A row with 0 interactions does not make its user active.
    if (n > 0) {
      day.users.add(u);
      (this.assistantUsers[a] ??= new Bitset()).add(u);
    }
  }

  state(): ChatState {
    return {
      users: this.users.keys,
      assistants: this.assistants.keys,
      days: [...this.days].map(([d, agg]) => [d, agg.users.toWords(), agg.byAssistant.toArray()]),
      perUser: this.perUser.toArray(),
      perAssistant: this.perAssistant.toArray(),
      assistantUsers: Array.from(
        this.assistants.values,
        (_, a) => this.assistantUsers[a]?.toWords() ?? null,
      ),
      badCounts: this.badCounts,
      unreadable: this.times.unreadable,
      rows: this.rows,
    };
  }

  merge(state: unknown): void {
    const s = state as ChatState;
    const u = this.users.mapAll(s.users);
    const a = this.assistants.mapAll(s.assistants);
    for (const [d, users, byAssistant] of s.days) {
      let day = this.days.get(d);
      if (!day) {
        day = { users: new Bitset(this.users.size), byAssistant: new Counts() };
        this.days.set(d, day);
      }
      day.users.addMapped(users, u);
      day.byAssistant.addMapped(byAssistant, a);
    }
    this.perUser.addMapped(s.perUser, u);
    this.perAssistant.addMapped(s.perAssistant, a);
    s.assistantUsers.forEach((words, i) => {
      if (words) (this.assistantUsers[a[i]] ??= new Bitset()).addMapped(words, u);
    });
    this.badCounts += s.badCounts;
    this.times.unreadable += s.unreadable;
    this.rows += s.rows;
  }

  /** Days in file order of time, first to last (every day between, with or without rows). */
  private span(): { first: number; last: number } | undefined {
    if (this.days.size === 0) return undefined;
    let first = Infinity;
    let last = -Infinity;
    for (const d of this.days.keys()) {
      if (d < first) first = d;
      if (d > last) last = d;
    }
    return { first, last };
  }

  /** Users with at least one interaction in the file. */
  activeUsers(): Bitset {
    const all = new Bitset(this.users.size);
    for (const d of this.days.values()) all.or(d.users);
    return all;
  }

  result(): RecipeResult {
    const span = this.span();
    if (!span) {
      return {
        cards: [
          {
            id: 'chat-empty',
            title: l10n.t('No interactions'),
            description: l10n.t(
              'None of the {0} rows has a readable date and count.',
              formatCount(this.rows),
            ),
          },
        ],
      };
    }
    const nDays = span.last - span.first + 1;
    const active = this.activeUsers();
    const totals = this.perUser.toArray();
    let total = 0;
    for (const v of totals) total += v;

    // Assistants by interactions; the top ones by name in the stacked chart.
    const byInteractions = [...this.assistants.values.keys()].sort(
      (a, b) => this.perAssistant.get(b) - this.perAssistant.get(a) || a - b,
    );
    const drawn = new Set(byInteractions.slice(0, TOP_ASSISTANTS_DRAWN));
    const other = byInteractions.length > TOP_ASSISTANTS_DRAWN;

    const DAY = columnName('day');
    const ASSISTANT = columnName('assistant');
    const INTERACTIONS = columnName('interactions');
    const USERS = columnName('users');
    const MEASURE = columnName('measure');
    const OTHER = otherAssistants();
    const DAILY = l10n.t({ message: 'Daily active users', comment: ['a line of a chart'] });
    const WEEKLY = l10n.t({ message: 'Weekly active users', comment: ['a line of a chart'] });
    const perDay: CellValue[][] = [];
    const dailyUsers: CellValue[][] = [];
    const weekUsers = new Map<number, Bitset>();
    let busiest = { day: span.first, n: -1 };
    for (let d = span.first; d <= span.last; d++) {
      const agg = this.days.get(d);
      const date = dayText(d);
      let dayTotal = 0;
      let otherN = 0;
      if (agg) {
        for (const a of byInteractions) {
          const n = agg.byAssistant.get(a);
          if (n === 0) continue;
          dayTotal += n;
          if (drawn.has(a)) perDay.push([date, this.assistants.values[a], n]);
          else otherN += n;
        }
        if (otherN > 0) perDay.push([date, OTHER, otherN]);
        const w = weekStart(d);
        let wu = weekUsers.get(w);
        if (!wu) weekUsers.set(w, (wu = new Bitset(this.users.size)));
        wu.or(agg.users);
      }
      if (dayTotal > busiest.n) busiest = { day: d, n: dayTotal };
      dailyUsers.push([date, DAILY, agg ? agg.users.size : 0]);
    }
    const weekly: CellValue[][] = [...weekUsers.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([w, users]) => [dayText(Math.max(w, span.first)), WEEKLY, users.size]);

    // Days active per user (from the day bitsets).
    const daysActive = new Counts();
    for (const agg of this.days.values()) for (const u of agg.users) daysActive.add(u, 1);

    const cards: InsightCard[] = [];
    const skipped = this.times.unreadable + this.badCounts;
    const weekdaysOnly = [...this.days.keys()].filter((d) => weekday(d) < 5).length;
    cards.push({
      id: 'chat-summary',
      title: summaryTitle(),
      description: l10n.t(
        '{0} interactions by {1} active users with {2} assistants over {3} days.',
        formatCount(total),
        formatCount(active.size),
        this.assistants.size,
        nDays,
      ),
      facts: [
        { label: l10n.t('Interactions'), value: total },
        { label: l10n.t('Active users'), value: active.size },
        { label: l10n.t('Assistants'), value: this.assistants.size },
        {
          label: l10n.t('Interactions per active user'),
          value: round(total / Math.max(1, active.size), 1),
        },
        { label: l10n.t('Days with interactions'), value: this.days.size },
        { label: l10n.t('Of them weekdays'), value: weekdaysOnly },
        {
          label: l10n.t('Busiest day'),
          value: l10n.t({
            message: '{0} ({1})',
            args: [dayText(busiest.day), formatCount(busiest.n)],
            comment: ['a day and how many interactions it had'],
          }),
        },
      ],
      note: [
        l10n.t(
          'An active user has at least one interaction in the period. Days are Zurich calendar days.',
        ),
        ...(skipped > 0
          ? [
              l10n.t(
                '{0} rows had no readable date or count and are not counted.',
                formatCount(skipped),
              ),
            ]
          : []),
      ].join(' '),
    });
    cards.push({
      id: 'chat-per-day',
      title: l10n.t('Interactions per day, by assistant'),
      description: other
        ? l10n.t(
            'Interactions on each of the {0} days, stacked by assistant (the {1} busiest by name, the others together); Saturdays and Sundays are marked.',
            nDays,
            TOP_ASSISTANTS_DRAWN,
          )
        : l10n.t(
            'Interactions on each of the {0} days, stacked by assistant; Saturdays and Sundays are marked.',
            nDays,
          ),
      chart: { type: 'bar', x: DAY, y: INTERACTIONS, color: ASSISTANT, weekends: true },
      table: {
        columns: [
          { name: DAY, type: 'date' },
          { name: ASSISTANT, type: 'text' },
          { name: INTERACTIONS, type: 'number' },
        ],
        rows: perDay,
      },
    });
    cards.push({
      id: 'chat-active-users',
      title: l10n.t('Active users per day and per week'),
      description: l10n.t(
        "Distinct users with at least one interaction on each day, and in each calendar week (Monday to Sunday; a week cut by the file's first or last day counts only its days in the file).",
      ),
      chart: { type: 'line', x: DAY, y: USERS, color: MEASURE },
      table: {
        columns: [
          { name: DAY, type: 'date' },
          { name: MEASURE, type: 'text' },
          { name: USERS, type: 'number' },
        ],
        rows: [...dailyUsers, ...weekly],
      },
    });
    const ranking = (by: 'interactions' | 'users'): CellValue[][] =>
      [...this.assistants.values.keys()]
        .map((a) => ({
          a,
          n: this.perAssistant.get(a),
          u: this.assistantUsers[a]?.size ?? 0,
        }))
        .sort(
          (x, y) =>
            (by === 'interactions' ? y.n - x.n || y.u - x.u : y.u - x.u || y.n - x.n) || x.a - y.a,
        )
        .slice(0, RANKING_ROWS)
        .map((r) => [this.assistants.values[r.a], r.n, r.u]);
    const rankingColumns = [
      { name: ASSISTANT, type: 'text' },
      { name: INTERACTIONS, type: 'number' },
      { name: USERS, type: 'number' },
    ] as const;
    cards.push({
      id: 'chat-top-assistants-interactions',
      title: l10n.t('Top assistants by interactions'),
      description: l10n.t(
        'The {0} assistants with the most interactions, with their distinct users.',
        Math.min(RANKING_ROWS, this.assistants.size),
      ),
      chart: { type: 'bar', x: INTERACTIONS, y: ASSISTANT, horizontal: true },
      table: { columns: rankingColumns, rows: ranking('interactions') },
    });
    cards.push({
      id: 'chat-top-assistants-users',
      title: l10n.t('Top assistants by users'),
      description: l10n.t(
        'The {0} assistants with the most distinct active users, with their interactions.',
        Math.min(RANKING_ROWS, this.assistants.size),
      ),
      chart: { type: 'bar', x: USERS, y: ASSISTANT, horizontal: true },
      table: { columns: rankingColumns, rows: ranking('users') },
    });

    // Interactions per active user: buckets, median, the top tenth's share.
    const perActive: number[] = [];
    for (const u of active) perActive.push(totals[u]);
    perActive.sort((a, b) => a - b);
    const buckets = PER_USER_BUCKETS.map(() => 0);
    for (const v of perActive) buckets[PER_USER_BUCKETS.findIndex((b) => v <= b)]++;
    const topTenth = perActive.slice(Math.floor(perActive.length * 0.9));
    const topShare = topTenth.reduce((s, v) => s + v, 0) / Math.max(1, total);
    const PER_USER = columnName('interactionsPerUser');
    const share = formatPercent(Math.round(topShare * 100));
    cards.push({
      id: 'chat-per-user',
      title: l10n.t('Interactions per user'),
      description: l10n.t({
        message:
          'How many users had how many interactions in the period: occasional users on the left, power users on the right. The most active tenth of users ({0}) had {1} of all interactions.',
        args: [formatCount(topTenth.length), share],
        comment: ['{0} is a number of users, {1} a percentage'],
      }),
      facts: [
        { label: l10n.t('Median per active user'), value: median(perActive) },
        { label: l10n.t('Most by one user'), value: perActive.at(-1) ?? 0 },
        { label: l10n.t('Share of the top 10% of users'), value: share },
      ],
      chart: { type: 'bar', x: PER_USER, y: USERS },
      table: {
        columns: [
          { name: PER_USER, type: 'text' },
          { name: USERS, type: 'number' },
        ],
        rows: PER_USER_BUCKETS.map((_, i) => [bucketLabel(i), buckets[i]]),
      },
    });

    // Share of days active.
    const shareBuckets = [
      [
        l10n.t({ message: '1 day', comment: ['on how many days a user was active'] }),
        (d: number) => d === 1,
      ],
      [
        l10n.t({
          message: 'under 10% of days',
          comment: ['on how many days a user was active'],
        }),
        (d: number, s: number) => d > 1 && s < 0.1,
      ],
      [
        l10n.t({ message: '10–25%', comment: ['on how many days a user was active'] }),
        (_: number, s: number) => s >= 0.1 && s < 0.25,
      ],
      [
        l10n.t({ message: '25–50%', comment: ['on how many days a user was active'] }),
        (_: number, s: number) => s >= 0.25 && s < 0.5,
      ],
      [
        l10n.t({ message: '50–75%', comment: ['on how many days a user was active'] }),
        (_: number, s: number) => s >= 0.5 && s < 0.75,
      ],
      [
        l10n.t({ message: '75% or more', comment: ['on how many days a user was active'] }),
        (d: number, s: number) => d > 1 && s >= 0.75,
      ],
    ] as const;
    const DAYS_ACTIVE = columnName('daysActive');
    const shareCounts = shareBuckets.map(() => 0);
    for (const u of active) {
      const d = daysActive.get(u);
      const s = d / nDays;
      const i = shareBuckets.findIndex(([, test]) => test(d, s));
      if (i >= 0) shareCounts[i]++;
    }
    cards.push({
      id: 'chat-days-active',
      title: l10n.t('Share of days active'),
      description: l10n.t(
        'For each active user, on how many of the {0} days of the period they had an interaction.',
        nDays,
      ),
      chart: { type: 'bar', x: DAYS_ACTIVE, y: USERS },
      table: {
        columns: [
          { name: DAYS_ACTIVE, type: 'text' },
          { name: USERS, type: 'number' },
        ],
        rows: shareBuckets.map(([label], i) => [label, shareCounts[i]]),
      },
    });

    return {
      cards,
      window: { first: dayText(span.first), last: dayText(span.last), days: nDays },
      distinctUsers: active.size,
      basis: {
        userHashes: [...active].map((u) => userHash(this.users.values[u])),
        interactions: total,
        assistants: byInteractions.map((a) => [
          this.assistants.values[a],
          this.perAssistant.get(a),
        ]),
      },
    };
  }
}

function bucketLabel(i: number): string {
  const hi = PER_USER_BUCKETS[i];
  const lo = i === 0 ? 1 : PER_USER_BUCKETS[i - 1] + 1;
  if (hi === Infinity)
    return l10n.t({
      message: 'more than {0}',
      args: [PER_USER_BUCKETS[i - 1]],
      comment: ['a number of interactions per user'],
    });
  return lo === hi ? String(hi) : `${lo}–${hi}`;
}

export function median(sorted: readonly number[]): number {
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** A user as the compare keeps them: 12 hex digits of SHA-256 of the trimmed, lower-cased cell. */
export function userHash(user: string): string {
  return createHash('sha256').update(user.trim().toLowerCase()).digest('hex').slice(0, 12);
}
