// The Insights cards' Vega-Lite specs (src/webview/insights/specs.ts) and the page's words and numbers
// (format.ts, state.ts): every chart kind, the weekend bands only when asked, rankings sorted, percentages,
// UTC days, and no field that is not a column of the card's table. That the specs compile and draw under the
// webview's CSP is bench/chartsCsp.mjs's part (a browser).
import * as assert from 'node:assert/strict';
import type { ChartKind, DataTable, InsightCard } from '../../../src/shared/insightsMessages';
import {
  cardSpec,
  changeSpec,
  chartSpec,
  HEIGHT,
  isWide,
  ref,
  WEEKEND_STYLE,
  weekendDays,
} from '../../../src/webview/insights/specs';
import { cellText, change, formatBytes, windowText } from '../../../src/webview/insights/format';
import { readState } from '../../../src/webview/insights/state';

type Json = Record<string, unknown>;

/** 2025-06-02 (a Monday) and the 13 days after it. */
const DAYS = Array.from({ length: 14 }, (_, i) =>
  new Date(Date.UTC(2025, 5, 2 + i)).toISOString().slice(0, 10),
);

const perDay: DataTable = {
  columns: [
    { name: 'Day', type: 'date' },
    { name: 'Assistant', type: 'text' },
    { name: 'Interactions', type: 'number' },
  ],
  rows: DAYS.flatMap((d, i) => [
    [d, 'Research', 10 + i],
    [d, 'Default', 5],
  ]),
};

const ranking: DataTable = {
  columns: [
    { name: 'Assistant', type: 'text' },
    { name: 'Interactions', type: 'number' },
    { name: 'Users', type: 'number' },
  ],
  rows: [
    ['Default', 900, 40],
    ['Research', 1200, 12],
    ['<img src=x onerror=window.pwned=1>', 300, 3],
  ],
};

const sticky: DataTable = {
  columns: [
    { name: 'Month', type: 'date' },
    { name: 'Measure', type: 'text' },
    { name: 'Stickiness', type: 'number' },
  ],
  rows: [
    ['2025-04-01', 'DAU ÷ MAU', 0.21],
    ['2025-05-01', 'DAU ÷ MAU', 0.245],
  ],
};

const hours: DataTable = {
  columns: [
    { name: 'Weekday', type: 'text' },
    { name: 'Hour', type: 'text' },
    { name: 'Messages', type: 'number' },
  ],
  rows: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].flatMap((w, i) =>
    Array.from({ length: 24 }, (_, h) => [w, String(h).padStart(2, '0'), i * h]),
  ),
};

const buckets: DataTable = {
  columns: [
    { name: 'Interactions per user', type: 'text' },
    { name: 'Users', type: 'number' },
  ],
  rows: [
    ['1', 12],
    ['2–5', 30],
    ['6–10', 8],
    ['more than 500', 1],
  ],
};

function spec(chart: ChartKind, table: DataTable, description = 'What it shows.'): Json {
  const s = chartSpec(chart, table, description);
  assert.ok(s, 'a spec');
  return s as unknown as Json;
}

/** Every object in the spec, depth first. */
function objects(v: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(v)) for (const x of v) objects(x, out);
  else if (typeof v === 'object' && v !== null) {
    out.push(v as Json);
    for (const x of Object.values(v)) objects(x, out);
  }
  return out;
}

/** The field names the spec reads (escapes undone), and the fields its own transforms make. */
function fields(s: Json): { read: string[]; made: string[] } {
  const all = objects(s);
  const read = all
    .map((o) => o.field)
    .filter((f): f is string => typeof f === 'string')
    .map((f) => f.replace(/\\(.)/g, '$1'));
  const made = all.map((o) => o.as).filter((a): a is string => typeof a === 'string');
  return { read, made };
}

const encoding = (s: Json): Json => s.encoding as Json;
const layers = (s: Json): Json[] => (s.layer as Json[] | undefined) ?? [];
const markOf = (s: Json): Json => (typeof s.mark === 'string' ? { type: s.mark } : s.mark) as Json;

describe('Insights chart specs', () => {
  it('every spec has the card description, the container width and a height', () => {
    const all = [
      spec(
        { type: 'bar', x: 'Day', y: 'Interactions', color: 'Assistant', weekends: true },
        perDay,
      ),
      spec({ type: 'bar', x: 'Interactions', y: 'Assistant', horizontal: true }, ranking),
      spec({ type: 'line', x: 'Month', y: 'Stickiness', color: 'Measure', percent: true }, sticky),
      spec({ type: 'heatmap', x: 'Hour', y: 'Weekday', value: 'Messages' }, hours),
      spec({ type: 'bar', x: 'Interactions per user', y: 'Users' }, buckets),
    ];
    for (const s of all) {
      assert.equal(s.description, 'What it shows.');
      assert.equal(s.width, 'container');
      assert.ok(typeof s.height === 'number' && s.height > 0);
    }
  });

  it('vertical bars over days: UTC days on a band axis, stacked by the colour column with a legend', () => {
    const s = spec({ type: 'bar', x: 'Day', y: 'Interactions', color: 'Assistant' }, perDay);
    assert.equal(s.layer, undefined, 'no weekend layer unless asked');
    assert.equal(markOf(s).type, 'bar');
    const { x, y, color, order } = encoding(s) as Record<string, Json>;
    assert.equal(x.field, 'Day');
    assert.equal(x.timeUnit, 'utcyearmonthdate');
    assert.equal(x.type, 'ordinal');
    assert.equal(y.type, 'quantitative');
    assert.equal(y.stack, 'zero');
    assert.equal(color.field, 'Assistant');
    assert.deepEqual(color.sort, ['Research', 'Default'], 'the legend in table order');
    assert.ok(color.legend, 'a legend');
    assert.ok(order, 'stacked in the legend order');
    assert.equal(s.height, HEIGHT.bar);
    assert.deepEqual(s.data, {
      values: perDay.rows.map(([Day, Assistant, Interactions]) => ({
        Day,
        Assistant,
        Interactions,
      })),
    });
  });

  it('marks Saturdays and Sundays behind the bars only when asked, from the days in the data', () => {
    const s = spec(
      { type: 'bar', x: 'Day', y: 'Interactions', color: 'Assistant', weekends: true },
      perDay,
    );
    const [band, bars] = layers(s);
    assert.ok(band && bars, 'two layers: the bands, then the bars');
    assert.equal(markOf(band).type, 'rect');
    assert.equal(markOf(band).style, WEEKEND_STYLE);
    assert.deepEqual(band.data, {
      values: ['2025-06-07', '2025-06-08', '2025-06-14', '2025-06-15'].map((Day) => ({ Day })),
    });
    assert.equal(markOf(bars).type, 'bar');
    assert.equal(((band.encoding as Json).x as Json).timeUnit, 'utcyearmonthdate');

    // Not asked, or x is not a day: no band.
    assert.equal(spec({ type: 'bar', x: 'Day', y: 'Interactions' }, perDay).layer, undefined);
    assert.equal(
      spec({ type: 'bar', x: 'Interactions per user', y: 'Users', weekends: true }, buckets).layer,
      undefined,
    );
    // Weekdays only: nothing to mark, no layer.
    const weekdays = {
      ...perDay,
      rows: perDay.rows.filter((r) => !/-0[78]$|-1[45]$/.test(String(r[0]))),
    };
    assert.equal(
      spec({ type: 'bar', x: 'Day', y: 'Interactions', weekends: true }, weekdays).layer,
      undefined,
    );
  });

  it('weekend days are UTC calendar days, each once', () => {
    assert.deepEqual(
      weekendDays(['2025-06-06', '2025-06-07', '2025-06-07', '2025-06-08', '2025-06-09']),
      ['2025-06-07', '2025-06-08'],
    );
    assert.deepEqual(weekendDays([null, 3, 'Saturday', '2024-12-28']), ['2024-12-28']);
  });

  it('vertical bars over text: the table order, not sorted', () => {
    const s = spec({ type: 'bar', x: 'Interactions per user', y: 'Users' }, buckets);
    const { x } = encoding(s) as Record<string, Json>;
    assert.equal(x.type, 'nominal');
    assert.deepEqual(x.sort, ['1', '2–5', '6–10', 'more than 500']);
    assert.equal(encoding(s).color, undefined);
  });

  it('horizontal bars: names on y sorted by x descending, long names cut', () => {
    const s = spec({ type: 'bar', x: 'Interactions', y: 'Assistant', horizontal: true }, ranking);
    const { x, y } = encoding(s) as Record<string, Json>;
    assert.equal(y.field, 'Assistant');
    assert.equal(y.type, 'nominal');
    assert.equal(y.sort, '-x');
    assert.ok(typeof (y.axis as Json).labelLimit === 'number');
    assert.equal(x.field, 'Interactions');
    assert.equal(x.type, 'quantitative');
    assert.equal(s.height, 3 * HEIGHT.rankStep, 'as tall as its rows');
    assert.ok(
      !isWide({
        id: 'r',
        title: 't',
        description: 'd',
        table: ranking,
        chart: { type: 'bar', x: 'Interactions', y: 'Assistant', horizontal: true },
      }),
    );
  });

  it('lines: temporal UTC x for days, a series per colour, percentages when asked', () => {
    const s = spec(
      { type: 'line', x: 'Month', y: 'Stickiness', color: 'Measure', percent: true },
      sticky,
    );
    assert.equal(markOf(s).type, 'line');
    const { x, y, color, tooltip } = encoding(s) as Record<string, Json>;
    assert.equal(x.type, 'temporal');
    assert.equal(x.timeUnit, 'utcyearmonthdate');
    assert.deepEqual(x.scale, { type: 'utc' });
    assert.equal((y.axis as Json).format, '.0%');
    assert.equal(color.field, 'Measure');
    assert.ok(
      (tooltip as unknown as Json[]).some((t) => t.field === 'Stickiness' && t.format === '.1%'),
    );

    assert.equal((x.axis as Json).format, '%b %Y', 'months: labelled as months');
    assert.deepEqual((x.axis as Json).tickCount, { interval: 'month', step: 1 });
    const days = spec({ type: 'line', x: 'Day', y: 'Interactions', color: 'Assistant' }, perDay);
    const dayAxis = (encoding(days).x as Json).axis as Json;
    assert.equal(dayAxis.format, '%b %d', 'days: labelled as days');
    assert.equal(dayAxis.tickCount, undefined);

    const plain = spec({ type: 'line', x: 'Month', y: 'Stickiness', color: 'Measure' }, sticky);
    assert.equal((encoding(plain).y as Json).axis, undefined, 'no percent format unless asked');
  });

  it('heat map: both axes in table order, colour from the value', () => {
    const s = spec({ type: 'heatmap', x: 'Hour', y: 'Weekday', value: 'Messages' }, hours);
    assert.equal(markOf(s).type, 'rect');
    const { x, y, color } = encoding(s) as Record<string, Json>;
    assert.deepEqual(y.sort, ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    assert.deepEqual(
      x.sort,
      Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')),
    );
    assert.equal(color.field, 'Messages');
    assert.equal(color.type, 'quantitative');
    assert.equal(s.height, 7 * HEIGHT.heatmapStep, 'a row per weekday');
  });

  it('reads no field that is not a column of the table', () => {
    const cases: [ChartKind, DataTable][] = [
      [{ type: 'bar', x: 'Day', y: 'Interactions', color: 'Assistant', weekends: true }, perDay],
      [{ type: 'bar', x: 'Day', y: 'Interactions', weekends: true }, perDay],
      [{ type: 'bar', x: 'Interactions', y: 'Assistant', horizontal: true }, ranking],
      [{ type: 'bar', x: 'Interactions per user', y: 'Users' }, buckets],
      [{ type: 'line', x: 'Month', y: 'Stickiness', color: 'Measure', percent: true }, sticky],
      [{ type: 'heatmap', x: 'Hour', y: 'Weekday', value: 'Messages' }, hours],
    ];
    for (const [chart, table] of cases) {
      const { read, made } = fields(spec(chart, table));
      const columns = new Set(table.columns.map((c) => c.name));
      assert.ok(read.length > 0);
      for (const f of read) {
        assert.ok(columns.has(f) || made.includes(f), `${chart.type}: field ${f} is no column`);
      }
      // What a transform makes is named apart from every column.
      for (const m of made) assert.ok(!columns.has(m), `${m} shadows a column`);
    }
  });

  it('no chart when a field is missing from the table or the table is empty', () => {
    assert.equal(chartSpec({ type: 'bar', x: 'Day', y: 'Nope' }, perDay, 'd'), undefined);
    assert.equal(
      chartSpec({ type: 'heatmap', x: 'Hour', y: 'Weekday', value: 'Count' }, hours, 'd'),
      undefined,
    );
    const card: InsightCard = {
      id: 'c',
      title: 'T',
      description: 'D',
      chart: { type: 'bar', x: 'Day', y: 'Interactions' },
      table: { columns: perDay.columns, rows: [] },
    };
    assert.equal(cardSpec(card), undefined);
    assert.equal(cardSpec({ ...card, table: undefined }), undefined);
    assert.equal(cardSpec({ ...card, chart: undefined, table: perDay }), undefined);
    assert.ok(cardSpec({ ...card, table: perDay }));
  });

  it('column names with dots and brackets are escaped as fields, kept as keys of the data', () => {
    const table: DataTable = {
      columns: [
        { name: 'v1.2 [beta]', type: 'text' },
        { name: 'n', type: 'number' },
      ],
      rows: [['a', 1]],
    };
    const s = spec({ type: 'bar', x: 'n', y: 'v1.2 [beta]', horizontal: true }, table);
    assert.equal((encoding(s).y as Json).field, 'v1\\.2 \\[beta\\]');
    assert.equal(ref('a\\b'), 'a\\\\b');
    assert.deepEqual(s.data, { values: [{ 'v1.2 [beta]': 'a', n: 1 }] });
  });

  it('the charts over days and the heat map are wide', () => {
    const base = { id: 'x', title: 't', description: 'd' };
    assert.ok(
      isWide({ ...base, table: perDay, chart: { type: 'bar', x: 'Day', y: 'Interactions' } }),
    );
    assert.ok(
      isWide({ ...base, table: sticky, chart: { type: 'line', x: 'Month', y: 'Stickiness' } }),
    );
    assert.ok(
      isWide({
        ...base,
        table: hours,
        chart: { type: 'heatmap', x: 'Hour', y: 'Weekday', value: 'Messages' },
      }),
    );
    assert.ok(
      !isWide({
        ...base,
        table: buckets,
        chart: { type: 'bar', x: 'Interactions per user', y: 'Users' },
      }),
    );
    assert.ok(!isWide(base));
    const facts = [1, 2, 3, 4].map((n) => ({ label: `F${n}`, value: n }));
    assert.ok(isWide({ ...base, facts }), 'a summary: four facts, no chart');
    assert.ok(!isWide({ ...base, facts: facts.slice(0, 3) }));
  });

  it("the comparison's change bars: only with a Change column, biggest rise on top", () => {
    const assistants: DataTable = {
      columns: [
        { name: 'Assistant', type: 'text' },
        { name: 'Previous', type: 'number' },
        { name: 'Current', type: 'number' },
        { name: 'Change', type: 'number' },
      ],
      rows: [
        ['Research', 100, 180, 80],
        ['Default', 300, 240, -60],
      ],
    };
    const s = changeSpec(assistants, 'Change per assistant.') as unknown as Json;
    assert.ok(s);
    assert.equal(s.description, 'Change per assistant.');
    const { x, y } = encoding(s) as Record<string, Json>;
    assert.equal(x.field, 'Change');
    assert.equal(y.field, 'Assistant');
    assert.equal(y.sort, '-x');
    const color = encoding(s).color as Json;
    assert.equal(color.field, 'Change');
    assert.deepEqual(color.scale, { type: 'threshold', domain: [0], range: 'diverging' });
    assert.equal(
      changeSpec({ ...assistants, columns: assistants.columns.slice(0, 3) }, 'd'),
      undefined,
    );
    assert.equal(changeSpec({ ...assistants, rows: [] }, 'd'), undefined);
  });
});

describe('Insights page words and numbers', () => {
  it('writes the window in UTC days, in the locale', () => {
    assert.equal(
      windowText({ first: '2025-06-01', last: '2025-06-30', days: 30 }, 'en-US'),
      'Jun 1, 2025 – Jun 30, 2025 (30 days)',
    );
    assert.equal(
      windowText({ first: '2025-06-01', last: '2025-06-01', days: 1 }, 'de-CH'),
      '01.06.2025 – 01.06.2025 (1 day)',
    );
  });

  it('sizes, cells and changes', () => {
    assert.equal(formatBytes(1536, 'en-US'), '1.5 KB');
    assert.equal(formatBytes(412 * 1024 * 1024, 'de-CH'), '412 MB');
    assert.equal(cellText(1234567, 'number', 'en-US'), '1,234,567');
    assert.equal(cellText(1234567, 'number', 'de-DE'), '1.234.567');
    assert.equal(cellText('2025-06-07', 'date', 'en-US'), '2025-06-07');
    assert.equal(cellText(null, 'number', 'en-US'), '');
    assert.deepEqual(change(200, 250, 'en-US'), { direction: 'up', text: '25%' });
    assert.deepEqual(change(200, 150, 'en-US'), { direction: 'down', text: '25%' });
    assert.deepEqual(change(3, 3, 'en-US'), { direction: 'same', text: '0%' });
    assert.deepEqual(change(0, 5, 'en-US'), { direction: 'up', text: 'new' });
  });

  it('reads a saved state field by field', () => {
    assert.deepEqual(readState({ scrollY: 420, shownTables: ['a', 3, 'b'] }), {
      scrollY: 420,
      shownTables: ['a', 'b'],
    });
    assert.deepEqual(readState('junk'), { scrollY: 0, shownTables: [] });
    assert.deepEqual(readState({ scrollY: -1, shownTables: 'a' }), { scrollY: 0, shownTables: [] });
  });
});
