// The detailed-interactions recipe (Timestamp, User Email, Assistant, Prompt, Answer — any of the last four
// may be missing): messages per day by assistant, the assistants ranked, an hour-of-week heat map in Zurich
// time, and how long questions and answers are. User text is only ever measured (its length in characters),
// never kept or shown. Memory: per day and per assistant, a 7×24 grid, two length histograms.

import type { CellValue, InsightCard } from '../../shared/insightsMessages';
import { Bitset, Interner } from './bitsets';
import { TOP_ASSISTANTS_DRAWN, RANKING_ROWS } from './chatInteractions';
import type { Roles } from './headers';
import { Counts, type Recipe, type RecipeResult, TimeCache } from './recipe';
import { charLength } from './rowStream';
import { dayText, weekday } from './zurichTime';

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
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
            title: 'No messages',
            description: `None of the ${this.rows.toLocaleString('en-US')} rows has a readable time.`,
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
    const perDay: CellValue[][] = [];
    for (let d = first; d <= last; d++) {
      const c = this.perDay.get(d);
      if (!c) continue;
      let other = 0;
      for (const a of named ? order : [0]) {
        const n = c.get(a);
        if (n === 0) continue;
        if (!named) perDay.push([dayText(d), 'All', n]);
        else if (drawn.has(a)) perDay.push([dayText(d), this.assistants.values[a], n]);
        else other += n;
      }
      if (other > 0) perDay.push([dayText(d), 'Other assistants', other]);
    }
    const allUsers = new Bitset();
    for (const b of this.dayUsers.values()) allUsers.or(b);
    const cards: InsightCard[] = [
      {
        id: 'detailed-summary',
        title: 'Summary',
        description: `${this.messages.toLocaleString('en-US')} messages over ${last - first + 1} days.`,
        facts: [
          { label: 'Messages', value: this.messages },
          ...(this.iUser !== undefined ? [{ label: 'Users', value: allUsers.size }] : []),
          ...(named ? [{ label: 'Assistants', value: this.assistants.size }] : []),
          {
            label: 'Messages per day (average over days with messages)',
            value: Math.round((this.messages / this.perDay.size) * 10) / 10,
          },
        ],
        note: 'Times are shown in Zurich time. Prompts and answers are only measured, never shown.',
      },
      {
        id: 'detailed-per-day',
        title: named ? 'Messages per day, by assistant' : 'Messages per day',
        description: `Messages on each day${named ? ', stacked by assistant' : ''}; Saturdays and Sundays are marked.`,
        chart: { type: 'bar', x: 'Day', y: 'Messages', color: 'Assistant', weekends: true },
        table: {
          columns: [
            { name: 'Day', type: 'date' },
            { name: 'Assistant', type: 'text' },
            { name: 'Messages', type: 'number' },
          ],
          rows: perDay,
        },
      },
    ];
    if (named) {
      cards.push({
        id: 'detailed-assistants',
        title: 'Messages per assistant',
        description: `The ${Math.min(RANKING_ROWS, this.assistants.size)} assistants with the most messages.`,
        chart: { type: 'bar', x: 'Messages', y: 'Assistant', horizontal: true },
        table: {
          columns: [
            { name: 'Assistant', type: 'text' },
            { name: 'Messages', type: 'number' },
            ...(this.iUser !== undefined ? [{ name: 'Users', type: 'number' } as const] : []),
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
      const cells: CellValue[][] = [];
      for (let w = 0; w < 7; w++)
        for (let h = 0; h < 24; h++)
          cells.push([WEEKDAYS[w], String(h).padStart(2, '0'), this.hourOfWeek[w * 24 + h]]);
      cards.push({
        id: 'detailed-hour-of-week',
        title: 'Messages by hour of the week',
        description:
          'Messages per weekday and hour of the day, in Zurich time, summed over the period.',
        chart: { type: 'heatmap', x: 'Hour', y: 'Weekday', value: 'Messages' },
        table: {
          columns: [
            { name: 'Weekday', type: 'text' },
            { name: 'Hour', type: 'text' },
            { name: 'Messages', type: 'number' },
          ],
          rows: cells,
        },
      });
    }
    for (const [id, title, counts, present] of [
      ['detailed-prompt-length', 'Question length', this.promptLengths, this.iPrompt !== undefined],
      ['detailed-answer-length', 'Answer length', this.answerLengths, this.iAnswer !== undefined],
    ] as const) {
      if (!present) continue;
      cards.push({
        id,
        title,
        description: `How many ${title === 'Question length' ? 'questions' : 'answers'} had how many characters.`,
        chart: { type: 'bar', x: 'Characters', y: 'Messages' },
        table: {
          columns: [
            { name: 'Characters', type: 'text' },
            { name: 'Messages', type: 'number' },
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
  if (i === 0) return 'empty';
  if (hi === Infinity) return `over ${LENGTH_BUCKETS[i - 1]}`;
  return `${LENGTH_BUCKETS[i - 1] + 1}–${hi}`;
}
