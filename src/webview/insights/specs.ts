// A card's chart as a Vega-Lite spec: pure (no DOM, no theme), so it is unit-tested in Node. The host decided
// what the numbers are (src/core/insights/); this only decides how they are laid out: which axis, which order,
// how tall, where the weekends are. Colours are the theme's (charts.ts `vegaConfig`, its `weekend` style).
//
// Dates are "YYYY-MM-DD" Zurich days. Vega parses them with Date.parse, which reads a date-only ISO text as UTC
// midnight; every date encoding therefore uses a UTC time unit and a UTC scale, so the day drawn is the day
// written, whatever the time zone of the machine.
import type { ChartKind, DataColumn, DataTable, InsightCard } from '../../shared/insightsMessages';
import { dayAxisFormat, dayTooltipFormat, monthAxisFormat } from './chartLocale';
import type { ChartSpec } from './charts';

/** The mark style of the weekend bands (charts.ts gives it the theme's colour). */
export const WEEKEND_STYLE = 'weekend';

/** Chart heights in CSS pixels; horizontal bars and heat-map rows grow with the number of rows. */
export const HEIGHT = { bar: 240, line: 240, rankStep: 22, heatmapStep: 22 } as const;

/** A y label of a ranking longer than this (CSS pixels) ends in "…": the bars keep most of the width. */
const RANK_LABEL_LIMIT = 200;

/** Date axes label days as "Jun 07"; tooltips add the weekday and year. */

type Row = Record<string, string | number | null>;

/**
 * The spec of a card's chart, or undefined when there is none to draw: no chart, no table, no rows, or a
 * chart field that is not a column of the table (the card then shows its table instead).
 */
export function cardSpec(card: InsightCard): ChartSpec | undefined {
  if (!card.chart || !card.table || card.table.rows.length === 0) return undefined;
  return chartSpec(card.chart, card.table, card.description);
}

/**
 * Whether the card is laid out across the whole page: a chart over days, the hour-of-week heat map, and a
 * summary (facts without a chart, four or more: they line up in one row instead of a tall narrow card).
 */
export function isWide(card: InsightCard): boolean {
  const chart = card.chart;
  if (!chart || !card.table) return (card.facts?.length ?? 0) >= 4;
  if (chart.type === 'heatmap') return true;
  return (
    !('horizontal' in chart && chart.horizontal) && column(card.table, chart.x)?.type === 'date'
  );
}

export function chartSpec(
  chart: ChartKind,
  table: DataTable,
  description: string,
): ChartSpec | undefined {
  if (!fieldsOf(chart).every((f) => column(table, f))) return undefined;
  switch (chart.type) {
    case 'bar':
      return chart.horizontal
        ? rankingSpec(chart, table, description)
        : barSpec(chart, table, description);
    case 'line':
      return lineSpec(chart, table, description);
    case 'heatmap':
      return heatmapSpec(chart, table, description);
  }
}

/** The columns a chart names. */
export function fieldsOf(chart: ChartKind): string[] {
  if (chart.type === 'heatmap') return [chart.x, chart.y, chart.value];
  return [chart.x, chart.y, ...(chart.color !== undefined ? [chart.color] : [])];
}

/** Saturdays and Sundays among `days` ("YYYY-MM-DD"), each once, in the order first seen. */
export function weekendDays(days: readonly unknown[]): string[] {
  const out = new Set<string>();
  for (const d of days) {
    if (typeof d !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d)) continue;
    const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) out.add(d);
  }
  return [...out];
}

/**
 * The change column of the comparison's assistants table as horizontal bars (biggest rise on top), or undefined
 * when the table has no change column or no rows. The columns are found by place, not by name (names are
 * translated; insightsMessages.ts `Comparison.assistants`): the change is the third number column, the names
 * the first text column.
 */
export function changeSpec(table: DataTable, description: string): ChartSpec | undefined {
  const change = table.columns.filter((c) => c.type === 'number')[2];
  const name = table.columns.find((c) => c.type === 'text');
  if (!change || !name || table.rows.length === 0) return undefined;
  return rankingSpec(
    { type: 'bar', x: change.name, y: name.name, horizontal: true },
    table,
    description,
    // A fall in the theme's red, a rise in its green (charts.ts puts them in the `diverging` range).
    {
      field: ref(change.name),
      type: 'quantitative',
      scale: { type: 'threshold', domain: [0], range: 'diverging' },
      legend: null,
    },
  );
}

// --- the kinds ------------------------------------------------------------------------------------------------

type Bar = Extract<ChartKind, { type: 'bar' }>;
type Line = Extract<ChartKind, { type: 'line' }>;
type Heatmap = Extract<ChartKind, { type: 'heatmap' }>;

function barSpec(chart: Bar, table: DataTable, description: string): ChartSpec {
  const values = rowsOf(table);
  const isDay = column(table, chart.x)?.type === 'date';
  // Days on a band scale without padding, so a weekend band covers its whole day; the bars keep a gap by
  // their own width instead.
  const x = isDay
    ? {
        field: ref(chart.x),
        type: 'ordinal' as const,
        timeUnit: 'utcyearmonthdate' as const,
        title: null,
        scale: { paddingInner: 0, paddingOuter: 0.05 },
        axis: { format: dayFormat(table, chart.x), labelAngle: 0 },
      }
    : {
        field: ref(chart.x),
        type: 'nominal' as const,
        title: chart.x,
        sort: distinct(table, chart.x),
        axis: slanted(distinct(table, chart.x)),
      };
  const tooltip = [
    tooltipOf(table, chart.x),
    ...(chart.color !== undefined ? [tooltipOf(table, chart.color)] : []),
    tooltipOf(table, chart.y),
  ];
  // Stacked in the legend's order (the table's: the host puts the busiest first), the first at the bottom; left
  // alone, Vega-Lite would stack by name.
  const order = chart.color !== undefined ? orderField(table) : undefined;
  const bars = {
    ...(chart.color !== undefined && order !== undefined
      ? {
          transform: [
            {
              calculate: `indexof(${JSON.stringify(distinct(table, chart.color))}, datum[${JSON.stringify(chart.color)}])`,
              as: order,
            },
          ],
        }
      : {}),
    mark: { type: 'bar' as const, ...(isDay ? { width: { band: 0.8 } } : {}) },
    encoding: {
      x,
      y: {
        field: ref(chart.y),
        type: 'quantitative' as const,
        title: chart.y,
        stack: 'zero' as const,
      },
      ...(chart.color !== undefined
        ? {
            color: {
              field: ref(chart.color),
              type: 'nominal' as const,
              title: chart.color,
              sort: distinct(table, chart.color),
              legend: { orient: 'bottom' as const, columns: 4, labelLimit: 220 },
            },
          }
        : {}),
      ...(order !== undefined ? { order: { field: order, type: 'quantitative' as const } } : {}),
      tooltip,
    },
  };
  const weekends = chart.weekends && isDay ? weekendDays(values.map((v) => v[chart.x])) : [];
  if (weekends.length === 0) {
    return { ...frame(description, HEIGHT.bar), data: { values }, ...bars };
  }
  return {
    ...frame(description, HEIGHT.bar),
    layer: [
      {
        // Behind the bars: one band per Saturday and Sunday of the data, over the whole height.
        data: { values: weekends.map((d) => ({ [chart.x]: d })) },
        mark: { type: 'rect', style: WEEKEND_STYLE, aria: false, tooltip: false },
        encoding: { x },
      },
      { data: { values }, ...bars },
    ],
  };
}

function rankingSpec(
  chart: Bar,
  table: DataTable,
  description: string,
  colorBy?: {
    field: string;
    type: 'quantitative';
    scale: { type: 'threshold'; domain: number[]; range: 'diverging' };
    legend: null;
  },
): ChartSpec {
  return {
    ...frame(description, rowsHigh(table, chart.y, HEIGHT.rankStep)),
    data: { values: rowsOf(table) },
    mark: { type: 'bar' },
    encoding: {
      y: {
        field: ref(chart.y),
        type: 'nominal',
        title: null,
        sort: '-x',
        axis: { labelLimit: RANK_LABEL_LIMIT },
      },
      x: { field: ref(chart.x), type: 'quantitative', title: chart.x },
      ...(colorBy
        ? { color: colorBy }
        : chart.color !== undefined
          ? { color: { field: ref(chart.color), type: 'nominal', title: chart.color } }
          : {}),
      tooltip: table.columns.map((c) => tooltipOf(table, c.name)),
    },
  };
}

function lineSpec(chart: Line, table: DataTable, description: string): ChartSpec {
  const values = rowsOf(table);
  const isDay = column(table, chart.x)?.type === 'date';
  const yFormat = chart.percent ? '.0%' : undefined;
  return {
    ...frame(description, HEIGHT.line),
    data: { values },
    // Points on the line while there are few enough to tell apart.
    mark: { type: 'line', point: values.length <= 120 },
    encoding: {
      x: isDay
        ? {
            field: ref(chart.x),
            type: 'temporal',
            timeUnit: 'utcyearmonthdate',
            title: null,
            scale: { type: 'utc' },
            axis: {
              format: dayFormat(table, chart.x),
              labelAngle: 0,
              // Months: one tick a month (left alone, Vega ticks weeks between them).
              ...(monthly(table, chart.x) ? { tickCount: { interval: 'month', step: 1 } } : {}),
            },
          }
        : {
            field: ref(chart.x),
            type: 'ordinal',
            title: chart.x,
            sort: distinct(table, chart.x),
          },
      y: {
        field: ref(chart.y),
        type: 'quantitative',
        title: chart.y,
        ...(yFormat ? { axis: { format: yFormat } } : {}),
      },
      ...(chart.color !== undefined
        ? {
            color: {
              field: ref(chart.color),
              type: 'nominal',
              title: null,
              sort: distinct(table, chart.color),
              legend: { orient: 'top', labelLimit: 220 },
            },
          }
        : {}),
      tooltip: [
        tooltipOf(table, chart.x),
        ...(chart.color !== undefined ? [tooltipOf(table, chart.color)] : []),
        tooltipOf(table, chart.y, chart.percent ? '.1%' : undefined),
      ],
    },
  };
}

function heatmapSpec(chart: Heatmap, table: DataTable, description: string): ChartSpec {
  return {
    ...frame(description, rowsHigh(table, chart.y, HEIGHT.heatmapStep)),
    data: { values: rowsOf(table) },
    mark: { type: 'rect' },
    encoding: {
      // Both axes in the order the host wrote them (Monday first, hours 00–23), not sorted as text.
      x: {
        field: ref(chart.x),
        type: 'ordinal',
        title: chart.x,
        sort: distinct(table, chart.x),
        axis: { labelAngle: 0 },
      },
      y: { field: ref(chart.y), type: 'ordinal', title: null, sort: distinct(table, chart.y) },
      color: {
        field: ref(chart.value),
        type: 'quantitative',
        title: chart.value,
        legend: { orient: 'right' },
      },
      tooltip: [
        tooltipOf(table, chart.y),
        tooltipOf(table, chart.x),
        tooltipOf(table, chart.value),
      ],
    },
  };
}

// --- helpers --------------------------------------------------------------------------------------------------

/** What every spec has: the screen reader's description (Vega sets it as the SVG's aria-label), the size. */
function frame(description: string, height: number) {
  return { description, width: 'container' as const, height };
}

/**
 * A fixed height of `step` pixels per distinct value of the y column. (Vega-Lite's own `{ step }` height does
 * the same, but warns on every compile that a 'container' width makes it drop "fit-y".)
 */
function rowsHigh(table: DataTable, y: string, step: number): number {
  return Math.max(1, distinct(table, y).length) * step;
}

/** Every day is the first of its month: the column is a series of months. */
function monthly(table: DataTable, name: string): boolean {
  const days = distinct(table, name);
  return days.length > 1 && days.every((d) => /^\d{4}-\d{2}-01$/.test(d));
}

function dayFormat(table: DataTable, name: string): string {
  return monthly(table, name) ? monthAxisFormat() : dayAxisFormat();
}

/** A field name for the stacking order that no column has. */
function orderField(table: DataTable): string {
  let name = 'stack order';
  while (column(table, name)) name = `_${name}`;
  return name;
}

function column(table: DataTable, name: string): DataColumn | undefined {
  return table.columns.find((c) => c.name === name);
}

/** The rows as objects keyed by column name (Vega's data), cells as they are. */
function rowsOf(table: DataTable): Row[] {
  return table.rows.map((row) => {
    const o: Row = {};
    table.columns.forEach((c, i) => (o[c.name] = row[i] ?? null));
    return o;
  });
}

/** The column's values as text, each once, in table order: the order of a nominal axis. */
function distinct(table: DataTable, name: string): string[] {
  const i = table.columns.findIndex((c) => c.name === name);
  const seen = new Set<string>();
  for (const row of table.rows) {
    const v = row[i];
    if (v !== null && v !== undefined) seen.add(String(v));
  }
  return [...seen];
}

/**
 * Upright labels while they are short (hours, small buckets), slanted when longer; slanted ones all shown while
 * there are few (Vega's overlap test takes a slanted label's whole bounding box, and would drop every other).
 */
function slanted(labels: readonly string[]) {
  const longest = Math.max(0, ...labels.map((l) => l.length));
  if (longest * labels.length <= 60 || longest <= 3) return { labelAngle: 0, labelLimit: 120 };
  return { labelAngle: -35, labelLimit: 120, labelOverlap: labels.length > 16 };
}

function tooltipOf(table: DataTable, name: string, format?: string) {
  const type = column(table, name)?.type;
  if (type === 'date') {
    return {
      field: ref(name),
      type: 'temporal' as const,
      timeUnit: 'utcyearmonthdate' as const,
      title: name,
      format: dayTooltipFormat(),
    };
  }
  if (type === 'number') {
    return { field: ref(name), type: 'quantitative' as const, title: name, format: format ?? ',' };
  }
  return { field: ref(name), type: 'nominal' as const, title: name };
}

/**
 * A column name as a Vega-Lite field: dots and brackets would be read as nested access ("a.b" is b of a), so
 * they, and the backslash itself, are escaped.
 */
export function ref(name: string): string {
  return name.replace(/[.[\]\\]/g, '\\$&');
}
