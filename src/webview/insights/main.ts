// The Insights webview (bundled by esbuild into dist/webview/insights.js). For now only a demo: three charts from
// hard-coded sample data into #root, for bench/chartsCsp.mjs (the page's CSP, render time, PNG/SVG export).
import { type ChartHandle, type ChartSpec, renderChart, themeFromCss } from './charts';

/** What the demo leaves for bench/chartsCsp.mjs to read. */
export interface InsightsDemo {
  charts: ChartHandle[];
  /** performance.now() when main started and when the three charts were drawn. */
  startedAt: number;
  drawnAt: number;
}

declare global {
  interface Window {
    insightsDemo?: Promise<InsightsDemo>;
  }
}

const CATEGORIES = ['Chat', 'Search', 'Upload', 'Agent'];
const DAYS = 14;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** A fixed pseudo-random sequence (the same sample data every time). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function day(i: number): string {
  return new Date(Date.UTC(2025, 5, 2 + i)).toISOString().slice(0, 10);
}

function byDayAndCategory(): ChartSpec {
  const r = random(1);
  const values = [];
  for (let i = 0; i < DAYS; i++) {
    const weekend = i % 7 >= 5;
    for (const [c, category] of CATEGORIES.entries()) {
      const base = (weekend ? 20 : 80) / (c + 1);
      values.push({ day: day(i), category, interactions: Math.round(base + r() * base) });
    }
  }
  return {
    title: 'Interactions by day and category',
    description: 'Stacked bars: interactions per day, split by category.',
    width: 'container',
    height: 220,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: {
        field: 'day',
        timeUnit: 'utcyearmonthdate',
        type: 'ordinal',
        title: null,
        axis: { format: '%b %d', labelAngle: 0 },
      },
      y: { aggregate: 'sum', field: 'interactions', type: 'quantitative', title: 'Interactions' },
      color: { field: 'category', type: 'nominal', title: 'Category', sort: CATEGORIES },
      order: { field: 'category', sort: 'ascending' },
      tooltip: [
        { field: 'day', type: 'temporal', timeUnit: 'utcyearmonthdate', title: 'Day' },
        { field: 'category', type: 'nominal', title: 'Category' },
        { field: 'interactions', type: 'quantitative', title: 'Interactions' },
      ],
    },
  };
}

function twoSeries(): ChartSpec {
  const r = random(2);
  const values = [];
  for (let i = 0; i < 30; i++) {
    const weekend = i % 7 >= 5;
    const users = Math.round((weekend ? 40 : 120) + i * 2 + r() * 25);
    values.push({ day: day(i), series: 'Active users', value: users });
    values.push({ day: day(i), series: 'Sessions', value: Math.round(users * (1.6 + r() * 0.4)) });
  }
  return {
    title: 'Active users and sessions',
    description: 'Two lines: active users and sessions per day over 30 days.',
    width: 'container',
    height: 220,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: {
        field: 'day',
        type: 'temporal',
        timeUnit: 'utcyearmonthdate',
        title: null,
        axis: { format: '%b %d' },
      },
      y: { field: 'value', type: 'quantitative', title: 'Per day' },
      color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'top' } },
      tooltip: [
        { field: 'day', type: 'temporal', timeUnit: 'utcyearmonthdate', title: 'Day' },
        { field: 'series', type: 'nominal', title: 'Series' },
        { field: 'value', type: 'quantitative', title: 'Count' },
      ],
    },
  };
}

function weekHeatMap(): ChartSpec {
  const r = random(3);
  const values = [];
  for (const [d, weekday] of WEEKDAYS.entries()) {
    for (let hour = 0; hour < 24; hour++) {
      const office = d < 5 && hour >= 8 && hour <= 18 ? 1 : 0.15;
      values.push({ weekday, hour, interactions: Math.round(office * (30 + r() * 70)) });
    }
  }
  return {
    title: 'Interactions by weekday and hour',
    description: 'Heat map: interactions per weekday (rows) and hour of day (columns).',
    width: 'container',
    height: 200,
    data: { values },
    mark: { type: 'rect' },
    encoding: {
      x: { field: 'hour', type: 'ordinal', title: 'Hour', axis: { labelAngle: 0 } },
      y: { field: 'weekday', type: 'ordinal', sort: WEEKDAYS, title: null },
      color: { field: 'interactions', type: 'quantitative', title: 'Interactions' },
      tooltip: [
        { field: 'weekday', type: 'ordinal', title: 'Weekday' },
        { field: 'hour', type: 'ordinal', title: 'Hour' },
        { field: 'interactions', type: 'quantitative', title: 'Interactions' },
      ],
    },
  };
}

async function main(): Promise<InsightsDemo> {
  const startedAt = performance.now();
  const root = document.getElementById('root');
  if (!root) throw new Error('#root is missing');
  const theme = themeFromCss(document.documentElement);
  const specs = [byDayAndCategory(), twoSeries(), weekHeatMap()];
  const charts = await Promise.all(
    specs.map((spec) => {
      const host = document.createElement('div');
      host.className = 'chart';
      root.append(host);
      return renderChart(host, spec, theme);
    }),
  );
  return { charts, startedAt, drawnAt: performance.now() };
}

window.insightsDemo = main();
window.insightsDemo.catch((e: unknown) => console.error('Insights demo failed:', e));
