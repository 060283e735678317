// The detailed-interactions recipe (Timestamp, User Email, Assistant, Prompt, Answer — any of the last four
// may be missing): messages per day by assistant, the assistants ranked, an hour-of-week heat map in Zurich
// time, and how long questions and answers are. User text is only ever measured (its length in characters),
// never kept or shown. Memory: per day and per assistant, a 7×24 grid, two length histograms.

import * as l10n from '@vscode/l10n';
import type { CellValue, InsightCard } from '../../shared/insightsMessages';
import { displayLocale } from '../l10n/locale';
import { Bitset, Interner } from './bitsets';
import { TOP_ASSISTANTS_DRAWN, RANKING_ROWS } from './chatInteractions';
import type { Roles } from './headers';
import {
  columnName,
  Counts,
  formatCount,
  otherAssistants,
  type Recipe,
  type RecipeResult,
  summaryTitle,
  TimeCache,
} from './recipe';
import { charLength } from './rowStream';
import { dayText, weekday } from './zurichTime';

const WEEKDAY_FORMAT: Intl.DateTimeFormatOptions = { weekday: 'short', timeZone: 'UTC' };

/** "Mon" … "Sun" in the display language (Intl's short weekday names), Monday first. */
export function weekdayNames(): string[] {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(displayLocale(), WEEKDAY_FORMAT);
  } catch {
    format = new Intl.DateTimeFormat('en', WEEKDAY_FORMAT);
  }
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, w) => format.format(Date.UTC(2024, 0, 1 + w)));
}
/** Length buckets in characters (upper bounds, inclusive). */
export const LENGTH_BUCKETS = [0, 50, 100, 200, 500, 1000, 2000, 5000, Infinity] as const;

export class DetailedRecipe implements Recipe {
  private readonly times = new TimeCache();
  private readonly users = new Interner();
  private readonly assistants = new Interner();
  private readonly perDay = new Map<number, Counts>();
  private readonly dayUsers = new Map<number, Bitset>();
  private readonly perAssistant = new Counts();
  private readonly assistantUsers: Bitset[] = [];
  private readonly hourOfWeek = new Float64Array(7 * 24);
  private withHour = 0;
  private readonly promptLengths = LENGTH_BUCKETS.map(() => 0);
  private readonly answerLengths = LENGTH_BUCKETS.map(() => 0);
  private messages = 0;
  private rows = 0;
  private readonly iTime: number;
  private readonly iUser: number | undefined;
  private readonly iAssistant: number | undefined;
  private readonly iPrompt: number | undefined;
  private readonly iAnswer: number | undefined;

  constructor(roles: Roles) {
    this.iTime = (roles.timestamp ?? roles.date)!;
    this.iUser = roles.user;
    this.iAssistant = roles.assistant;
    this.iPrompt = roles.prompt;
    this.iAnswer = roles.answer;
  }

  add(cells: readonly string[]): void {
    this.rows++;
    const t = this.times.get(cells[this.iTime] ?? '');
    if (!t) return;
    this.messages++;
    const a = this.iAssistant === undefined ? 0 : this.assistants.id(cells[this.iAssistant] ?? '');
    let day = this.perDay.get(t.day);
    if (!day) this.perDay.set(t.day, (day = new Counts()));
    day.add(a, 1);
    this.perAssistant.add(a, 1);
    if (this.iUser !== undefined) {
      const u = this.users.id(cells[this.iUser] ?? '');
      let du = this.dayUsers.get(t.day);
      if (!du) this.dayUsers.set(t.day, (du = new Bitset()));
      du.add(u);
      (this.assistantUsers[a] ??= new Bitset()).add(u);
    }
    if (t.hour >= 0) {
      this.withHour++;
      this.hourOfWeek[weekday(t.day) * 24 + t.hour]++;
    }
    if (this.iPrompt !== undefined)
      bucket(this.promptLengths, charLength(cells[this.iPrompt] ?? ''));
    if (this.iAnswer !== undefined)
      bucket(this.answerLengths, charLength(cells[this.iAnswer] ?? ''));
  }

  result(): RecipeResult {
    if (this.perDay.size === 0) {
      return {
        cards: [
          {
            id: 'detailed-empty',
            title: l10n.t('No messages'),
            description: l10n.t(
              'None of the {0} rows has a readable time.',
              formatCount(this.rows),
            ),
          },
        ],
      };
    }
    const days = [...this.perDay.keys()];
    const first = Math.min(...days);
    const last = Math.max(...days);
    const named = this.iAssistant !== undefined;
    const order = [...this.assistants.values.keys()].sort(
      (x, y) => this.perAssistant.get(y) - this.perAssistant.get(x) || x - y,
    );
    const drawn = new Set(order.slice(0, TOP_ASSISTANTS_DRAWN));
    const DAY = columnName('day');
    const ASSISTANT = columnName('assistant');
    const MESSAGES = columnName('messages');
    const USERS = columnName('users');
    const ALL = l10n.t({
      message: 'All',
      comment: ['a chart series: all messages, when the export names no assistant'],
    });
    const OTHER = otherAssistants();
    const perDay: CellValue[][] = [];
    for (let d = first; d <= last; d++) {
      const c = this.perDay.get(d);
      if (!c) continue;
      let other = 0;
      for (const a of named ? order : [0]) {
        const n = c.get(a);
        if (n === 0) continue;
        if (!named) perDay.push([dayText(d), ALL, n]);
        else if (drawn.has(a)) perDay.push([dayText(d), this.assistants.values[a], n]);
        else other += n;
      }
      if (other > 0) perDay.push([dayText(d), OTHER, other]);
    }
    const allUsers = new Bitset();
    for (const b of this.dayUsers.values()) allUsers.or(b);
    const cards: InsightCard[] = [
      {
        id: 'detailed-summary',
        title: summaryTitle(),
        description: l10n.t(
          '{0} messages over {1} days.',
          formatCount(this.messages),
          last - first + 1,
        ),
        facts: [
          { label: l10n.t('Messages'), value: this.messages },
          ...(this.iUser !== undefined ? [{ label: l10n.t('Users'), value: allUsers.size }] : []),
          ...(named ? [{ label: l10n.t('Assistants'), value: this.assistants.size }] : []),
          {
            label: l10n.t('Messages per day (average over days with messages)'),
            value: Math.round((this.messages / this.perDay.size) * 10) / 10,
          },
        ],
        note: l10n.t(
          'Times are shown in Zurich time. Prompts and answers are only measured, never shown.',
        ),
      },
      {
        id: 'detailed-per-day',
        title: named ? l10n.t('Messages per day, by assistant') : l10n.t('Messages per day'),
        description: named
          ? l10n.t('Messages on each day, stacked by assistant; Saturdays and Sundays are marked.')
          : l10n.t('Messages on each day; Saturdays and Sundays are marked.'),
        chart: { type: 'bar', x: DAY, y: MESSAGES, color: ASSISTANT, weekends: true },
        table: {
          columns: [
            { name: DAY, type: 'date' },
            { name: ASSISTANT, type: 'text' },
            { name: MESSAGES, type: 'number' },
          ],
          rows: perDay,
        },
      },
    ];
    if (named) {
      cards.push({
        id: 'detailed-assistants',
        title: l10n.t('Messages per assistant'),
        description: l10n.t(
          'The {0} assistants with the most messages.',
          Math.min(RANKING_ROWS, this.assistants.size),
        ),
        chart: { type: 'bar', x: MESSAGES, y: ASSISTANT, horizontal: true },
        table: {
          columns: [
            { name: ASSISTANT, type: 'text' },
            { name: MESSAGES, type: 'number' },
            ...(this.iUser !== undefined ? [{ name: USERS, type: 'number' } as const] : []),
          ],
          rows: order
            .slice(0, RANKING_ROWS)
            .map((a) => [
              this.assistants.values[a],
              this.perAssistant.get(a),
              ...(this.iUser !== undefined ? [this.assistantUsers[a]?.size ?? 0] : []),
            ]),
        },
      });
    }
    if (this.withHour > 0) {
      const weekdays = weekdayNames();
      const WEEKDAY = columnName('weekday');
      const HOUR = columnName('hour');
      const cells: CellValue[][] = [];
      for (let w = 0; w < 7; w++)
        for (let h = 0; h < 24; h++)
          cells.push([weekdays[w], String(h).padStart(2, '0'), this.hourOfWeek[w * 24 + h]]);
      cards.push({
        id: 'detailed-hour-of-week',
        title: l10n.t('Messages by hour of the week'),
        description: l10n.t(
          'Messages per weekday and hour of the day, in Zurich time, summed over the period.',
        ),
        chart: { type: 'heatmap', x: HOUR, y: WEEKDAY, value: MESSAGES },
        table: {
          columns: [
            { name: WEEKDAY, type: 'text' },
            { name: HOUR, type: 'text' },
            { name: MESSAGES, type: 'number' },
          ],
          rows: cells,
        },
      });
    }
    const CHARACTERS = columnName('characters');
    for (const [id, title, description, counts, present] of [
      [
        'detailed-prompt-length',
        l10n.t('Question length'),
        l10n.t('How many questions had how many characters.'),
        this.promptLengths,
        this.iPrompt !== undefined,
      ],
      [
        'detailed-answer-length',
        l10n.t('Answer length'),
        l10n.t('How many answers had how many characters.'),
        this.answerLengths,
        this.iAnswer !== undefined,
      ],
    ] as const) {
      if (!present) continue;
      cards.push({
        id,
        title,
        description,
        chart: { type: 'bar', x: CHARACTERS, y: MESSAGES },
        table: {
          columns: [
            { name: CHARACTERS, type: 'text' },
            { name: MESSAGES, type: 'number' },
          ],
          rows: LENGTH_BUCKETS.map((_, i) => [lengthLabel(i), counts[i]]),
        },
      });
    }
    return {
      cards,
      window: { first: dayText(first), last: dayText(last), days: last - first + 1 },
      ...(this.iUser !== undefined ? { distinctUsers: allUsers.size } : {}),
    };
  }
}

function bucket(counts: number[], length: number): void {
  counts[LENGTH_BUCKETS.findIndex((b) => length <= b)]++;
}

function lengthLabel(i: number): string {
  const hi = LENGTH_BUCKETS[i];
  if (i === 0) return l10n.t({ message: 'empty', comment: ['a text of no characters'] });
  if (hi === Infinity)
    return l10n.t({
      message: 'over {0}',
      args: [LENGTH_BUCKETS[i - 1]],
      comment: ['more than {0} characters'],
    });
  return `${LENGTH_BUCKETS[i - 1] + 1}–${hi}`;
}
