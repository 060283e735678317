// A sample Insights report for bench/chartsCsp.mjs: what the host would send for a chat-interactions export of
// March 2026 (Zurich days, across the switch to summer time on Sunday the 29th), with every kind of card the
// page draws: stacked bars over days with weekends marked, lines (one in percent), rankings, buckets, an
// hour-of-week heat map, a card whose columns are missing, cards of facts only. Assistant names and a document
// name carry XSS canaries (the page must show them as text; the bench fails if `window.pwned` is set). The
// numbers are made up by a fixed pseudo-random sequence: the same report every run.

/** Text that runs script if it is ever parsed as HTML. */
export const CANARIES = [
  '<img src=x onerror=window.pwned=1>',
  '<script>window.pwned=2</script>',
  '"><svg onload=window.pwned=3>',
];

const FIRST = Date.UTC(2026, 2, 2); // Monday, March 2, 2026
const DAYS = 30;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const ASSISTANTS = [
  'Default',
  'Research Assistant (Zürich)',
  `Legal ${CANARIES[0]}`,
  'Investment Memo Writer',
  CANARIES[1],
  'HR Policies',
  'Translation DE/FR/IT/EN',
  'Credit Risk Q&A',
];

function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const day = (i) => new Date(FIRST + i * 86_400_000).toISOString().slice(0, 10);
const isWeekend = (i) => i % 7 >= 5;

/** The report of a period of `DAYS` days starting `shift` days after March 2 (negative: before). */
export function sampleReport({ shift = 0, seed = 1, scale = 1 } = {}) {
  const r = random(seed);
  const days = Array.from({ length: DAYS }, (_, i) => day(i + shift));
  const perDay = [];
  const perAssistant = new Map(ASSISTANTS.map((a) => [a, 0]));
  let total = 0;
  days.forEach((d, i) => {
    const w = isWeekend(i + shift) ? 0.15 : 1;
    ASSISTANTS.forEach((a, k) => {
      const n = Math.round((scale * w * (420 / (k + 1.2)) * (0.7 + r() * 0.6)) / 1);
      if (n === 0) return;
      perDay.push([d, a, n]);
      perAssistant.set(a, perAssistant.get(a) + n);
      total += n;
    });
    const other = Math.round(scale * w * 60 * r());
    if (other > 0) perDay.push([d, 'Other assistants', other]);
    total += other;
  });
  const dau = days.map((d, i) => [
    d,
    'Daily active users',
    Math.round(scale * (isWeekend(i + shift) ? 40 : 310) * (0.85 + r() * 0.3)),
  ]);
  const wau = days
    .map((d, i) => [d, i])
    .filter(([, i]) => (i + shift) % 7 === 0 || i === 0)
    .map(([d]) => [d, 'Weekly active users', Math.round(scale * (820 + r() * 90))]);
  const users = Math.round(scale * 1240);
  const ranked = [...perAssistant.entries()].sort((a, b) => b[1] - a[1]);
  const byUsers = ranked.map(([a, n], k) => [
    a,
    n,
    Math.round((users / (k + 1.5)) * (0.8 + r() * 0.4)),
  ]);
  const hours = [];
  WEEKDAYS.forEach((w, k) => {
    for (let h = 0; h < 24; h++) {
      const office = k < 5 && h >= 8 && h <= 18 ? (h === 12 ? 0.6 : 1) : 0.06;
      hours.push([w, String(h).padStart(2, '0'), Math.round(office * (380 + r() * 220))]);
    }
  });
  const fmt = (n) => n.toLocaleString('en-US');
  return {
    kind: 'chat',
    kindLabel: 'Chat interactions',
    fileName: `chat-interactions-2026-03 ${CANARIES[2]}.csv`,
    fileBytes: 48_213_771,
    rows: 412_377,
    window: { first: days[0], last: days.at(-1), days: DAYS },
    distinctUsers: users,
    cards: [
      {
        id: 'chat-summary',
        title: 'Summary',
        description: `${fmt(total)} interactions by ${fmt(users)} active users with ${ASSISTANTS.length + 6} assistants over ${DAYS} days.`,
        facts: [
          { label: 'Interactions', value: total },
          { label: 'Active users', value: users },
          { label: 'Assistants', value: ASSISTANTS.length + 6 },
          { label: 'Interactions per active user', value: Math.round((total / users) * 10) / 10 },
          { label: 'Days with interactions', value: DAYS },
          { label: 'Of them weekdays', value: 22 },
          { label: 'Busiest day', value: `${days[9]} (${fmt(3917)})` },
        ],
        note: 'An active user has at least one interaction in the period. Days are Zurich calendar days. 12 rows had no readable date or count and are not counted.',
      },
      {
        id: 'chat-per-day',
        title: 'Interactions per day, by assistant',
        description: `Interactions on each of the ${DAYS} days, stacked by assistant (the 8 busiest by name, the others together); Saturdays and Sundays are marked.`,
        chart: { type: 'bar', x: 'Day', y: 'Interactions', color: 'Assistant', weekends: true },
        table: {
          columns: [
            { name: 'Day', type: 'date' },
            { name: 'Assistant', type: 'text' },
            { name: 'Interactions', type: 'number' },
          ],
          rows: perDay,
        },
      },
      {
        id: 'chat-active-users',
        title: 'Active users per day and per week',
        description:
          "Distinct users with at least one interaction on each day, and in each calendar week (Monday to Sunday; a week cut by the file's first or last day counts only its days in the file).",
        chart: { type: 'line', x: 'Day', y: 'Users', color: 'Measure' },
        table: {
          columns: [
            { name: 'Day', type: 'date' },
            { name: 'Measure', type: 'text' },
            { name: 'Users', type: 'number' },
          ],
          rows: [...dau, ...wau],
        },
      },
      {
        id: 'chat-top-assistants-interactions',
        title: 'Top assistants by interactions',
        description: `The ${ranked.length} assistants with the most interactions, with their distinct users.`,
        chart: { type: 'bar', x: 'Interactions', y: 'Assistant', horizontal: true },
        table: {
          columns: [
            { name: 'Assistant', type: 'text' },
            { name: 'Interactions', type: 'number' },
            { name: 'Users', type: 'number' },
          ],
          rows: byUsers,
        },
      },
      {
        id: 'references-documents',
        title: 'Most cited documents',
        description: 'The 6 documents cited most often, with how many users saw them cited.',
        chart: { type: 'bar', x: 'Citations', y: 'Document', horizontal: true },
        table: {
          columns: [
            { name: 'Document', type: 'text' },
            { name: 'Citations', type: 'number' },
            { name: 'Users', type: 'number' },
          ],
          rows: [
            ['Employee Handbook 2026 – Switzerland (final, approved by HR).pdf', 1204, 388],
            [`Q4 results ${CANARIES[0]}.pptx`, 877, 201],
            ['Credit Policy v7.docx', 650, 119],
            [CANARIES[1], 402, 77],
            ['Travel expenses.xlsx', 215, 96],
            ['Onboarding checklist.md', 98, 54],
          ],
        },
        note: 'Citations are the sum of the References column.',
      },
      {
        id: 'chat-per-user',
        title: 'Interactions per user',
        description:
          'How many users had how many interactions in the period: occasional users on the left, power users on the right. The most active tenth of users (124) had 47% of all interactions.',
        facts: [
          { label: 'Median per active user', value: 38 },
          { label: 'Most by one user', value: 1742 },
          { label: 'Share of the top 10% of users', value: '47%' },
        ],
        chart: { type: 'bar', x: 'Interactions per user', y: 'Users' },
        table: {
          columns: [
            { name: 'Interactions per user', type: 'text' },
            { name: 'Users', type: 'number' },
          ],
          rows: [
            ['1', 96],
            ['2–5', 188],
            ['6–10', 141],
            ['11–25', 232],
            ['26–50', 219],
            ['51–100', 181],
            ['101–250', 122],
            ['251–500', 46],
            ['more than 500', 15],
          ],
        },
      },
      {
        id: 'chat-days-active',
        title: 'Share of days active',
        description: `For each active user, on how many of the ${DAYS} days of the period they had an interaction.`,
        chart: { type: 'bar', x: 'Days active', y: 'Users' },
        table: {
          columns: [
            { name: 'Days active', type: 'text' },
            { name: 'Users', type: 'number' },
          ],
          rows: [
            ['1 day', 181],
            ['under 10% of days', 164],
            ['10–25%', 322],
            ['25–50%', 301],
            ['50–75%', 189],
            ['75% or more', 83],
          ],
        },
      },
      {
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
          rows: hours,
        },
      },
      {
        id: 'active-stickiness',
        title: 'Stickiness (DAU ÷ MAU)',
        description:
          'For each calendar month, the average daily active users divided by the monthly active users: the share of the month’s users who come back on a typical day.',
        chart: { type: 'line', x: 'Month', y: 'Stickiness', color: 'Measure', percent: true },
        table: {
          columns: [
            { name: 'Month', type: 'date' },
            { name: 'Measure', type: 'text' },
            { name: 'Stickiness', type: 'number' },
          ],
          rows: [
            ['2025-10-01', 'DAU ÷ MAU', 0.182],
            ['2025-11-01', 'DAU ÷ MAU', 0.197],
            ['2025-12-01', 'DAU ÷ MAU', 0.164],
            ['2026-01-01', 'DAU ÷ MAU', 0.211],
            ['2026-02-01', 'DAU ÷ MAU', 0.229],
            ['2026-03-01', 'DAU ÷ MAU', 0.243],
          ],
        },
      },
      {
        id: 'missing-columns',
        title: 'Reference statistics: columns missing',
        description:
          'This export should have columns like "Document", "References", and has none; the profile of each column follows instead.',
        missing: ['Document', 'References'],
      },
      {
        id: 'profile-empty',
        title: `Column “Comment ${CANARIES[2]}”`,
        description: 'Every cell of this column is empty.',
        facts: [
          { label: 'Empty cells', value: 412_377 },
          { label: 'Distinct values', value: 0 },
        ],
      },
    ],
  };
}

/** The previous period (the 30 days before) and the comparison the host would send with it. */
export function sampleCompare({ pseudonymised = false } = {}) {
  const current = sampleReport();
  const previous = sampleReport({ shift: -30, seed: 7, scale: 0.85 });
  const perAssistant = (report) =>
    new Map(
      report.cards
        .find((c) => c.id === 'chat-top-assistants-interactions')
        .table.rows.map((row) => [row[0], row[1]]),
    );
  // Last period's figures: some assistants grew, some shrank, one is new.
  const factors = [0.92, 1.35, 0.78, 1.12, 0.55, 1.6, 0.97, 1.25];
  const assistants = [...perAssistant(current).entries()]
    .map(([a, now], i) => {
      const before = i === 6 ? 0 : Math.round(now * factors[i]);
      return [a, before, now, now - before];
    })
    .sort((x, y) => Math.abs(y[3]) - Math.abs(x[3]));
  const before = assistants.reduce((s, row) => s + row[1], 0);
  const now = assistants.reduce((s, row) => s + row[2], 0);
  return {
    type: 'compare',
    previous,
    comparison: {
      currentWindow: current.window,
      previousWindow: previous.window,
      totals: [
        { label: 'Interactions', previous: before, current: now },
        { label: 'Active users', previous: previous.distinctUsers, current: current.distinctUsers },
        { label: 'Assistants', previous: 14, current: 14 },
        { label: 'Documents cited', previous: 0, current: 6 },
      ],
      ...(pseudonymised
        ? {}
        : { users: { current: 1240, previous: 1054, fresh: 301, returning: 939, lapsed: 115 } }),
      pseudonymised,
      assistants: {
        columns: [
          { name: 'Assistant', type: 'text' },
          { name: 'Previous', type: 'number' },
          { name: 'Current', type: 'number' },
          { name: 'Change', type: 'number' },
        ],
        rows: assistants,
      },
    },
  };
}
