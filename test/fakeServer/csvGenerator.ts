// Realistic CSV bodies of any size without holding them in memory: a block of fixed-length rows is
// built once per (type, range) and sent repeatedly, so the exact Content-Length is known up front.

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const BLOCK_TARGET_BYTES = 1 << 20;
const BASE_ROWS = 240;
const DAY_MS = 86_400_000;

type RowMaker = (i: number, day: string) => string[];

const EMAILS = [
  'anna.mueller@bank-zuerich.example',
  'jonas.mueller@example.ch',
  'lea.duerr@example.com',
  'u_7f3a9c21@pseudonymised.invalid',
  'marc.oberli@example.ch',
  'zoe.kaelin@bank-zuerich.example',
];
const ASSISTANTS = [
  'Research Assistant, Zürich',
  'Legal "Contract" Helper',
  "Müller's FAQ\nsecond line",
  'Default',
  'KYC Check – Genève',
];
const DOCUMENTS = [
  'Jahresbericht "Zürich" 2023.pdf',
  'Richtlinie, Version 2.docx',
  'Müller Memo\nEntwurf.pdf',
  'Product sheet.pdf',
];
const PROMPTS = [
  'Wie hoch ist der Zinssatz\nfür Hypotheken in Zürich?',
  'Summarise "Q2, 2024" for Mr. Müller',
  'List the risks, please',
  'Was sagt die Richtlinie über Spesen?',
];
const ANSWERS = [
  'Der Zinssatz beträgt 1,85 %, gemäss "Konditionen" vom Mai.',
  'Q2 summary:\n- revenue up\n- costs, flat',
  'Market, credit and "operational" risk.',
  'Spesen über CHF 500 brauchen eine Freigabe.',
];

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length];

const COLUMNS: Record<string, { header: string[]; row: RowMaker }> = {
  CHAT_INTERACTION: {
    header: ['User Email', 'Date', 'Interactions', 'Assistant'],
    row: (i, day) => [pick(EMAILS, i), day, String((i * 7) % 53), pick(ASSISTANTS, i)],
  },
  ACTIVE_USER: {
    header: ['Period', 'Date', 'Active Users', 'New Users', 'Segment'],
    row: (i, day) => [
      pick(['day', 'week', 'month'], i),
      day,
      String(20 + ((i * 13) % 90)),
      String(i % 6),
      pick(ASSISTANTS, i + 1),
    ],
  },
  REFERENCE_STAT: {
    header: ['Date', 'User Email', 'Assistant', 'References', 'Document'],
    row: (i, day) => [
      day,
      pick(EMAILS, i + 2),
      pick(ASSISTANTS, i),
      String(1 + (i % 9)),
      pick(DOCUMENTS, i),
    ],
  },
  CHAT_INTERACTION_DETAILED: {
    header: ['Timestamp', 'User Email', 'Assistant', 'Prompt', 'Answer'],
    row: (i, day) => [
      `${day}T${String(8 + (i % 10)).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}:00.000Z`,
      pick(EMAILS, i),
      pick(ASSISTANTS, i + 3),
      pick(PROMPTS, i),
      pick(ANSWERS, i + 1),
    ],
  },
};
const OTHER_COLUMNS = {
  header: ['Date', 'User Email', 'Metric', 'Value', 'Note'],
  row: ((i, day) => [
    day,
    pick(EMAILS, i),
    pick(['tokens', 'sessions', 'score'], i),
    String(i % 97),
    pick(DOCUMENTS, i + 1),
  ]) as RowMaker,
};

const quote = (field: string): string => `"${field.replace(/"/g, '""')}"`;

/** One CSV shape: the prefix (BOM + header), a repeatable block of rows, and how to pad the last row. */
export interface CsvLayout {
  readonly prefix: Buffer;
  readonly rowBytes: number;
  readonly block: Buffer;
  readonly baseRows: number;
  /** Row `i` of the cycle, padded to `rowBytes + extra` bytes. */
  paddedRow(i: number, extra: number): Buffer;
}

function buildLayout(type: string, firstDay: number, days: number): CsvLayout {
  const cols = COLUMNS[type] ?? OTHER_COLUMNS;
  const dayText = (i: number): string =>
    new Date(firstDay + (i % Math.max(1, days)) * DAY_MS).toISOString().slice(0, 10);
  // Rows end inside their quoted last field; padding is spaces before its closing quote.
  const open = Array.from({ length: BASE_ROWS }, (_, i) => {
    const q = cols.row(i, dayText(i)).map(quote).join(',');
    return q.slice(0, -1);
  });
  const rowBytes = Math.max(...open.map((r) => Buffer.byteLength(r))) + 2;
  const paddedRow = (i: number, extra: number): Buffer => {
    const r = open[i % BASE_ROWS];
    return Buffer.from(r + ' '.repeat(rowBytes + extra - Buffer.byteLength(r) - 2) + '"\n');
  };
  const base = Buffer.concat(open.map((_, i) => paddedRow(i, 0)));
  const copies = Math.max(1, Math.ceil(BLOCK_TARGET_BYTES / base.length));
  const block = Buffer.concat(Array.from({ length: copies }, () => base));
  const prefix = Buffer.concat([BOM, Buffer.from(cols.header.map(quote).join(',') + '\n')]);
  return { prefix, rowBytes, block, baseRows: BASE_ROWS, paddedRow };
}

const cache = new Map<string, CsvLayout>();

/** The layout for an order's type and configured window (cached; a handful of keys in practice). */
export function csvLayout(type: string, startIso?: unknown, endIso?: unknown): CsvLayout {
  const start = typeof startIso === 'string' ? Date.parse(startIso) : NaN;
  const end = typeof endIso === 'string' ? Date.parse(endIso) : NaN;
  // Shift by two hours so a Zurich midnight bound lands on its own calendar day.
  const firstDay = Number.isNaN(start)
    ? Date.UTC(2024, 4, 3)
    : Math.floor((start + 7_200_000) / DAY_MS) * DAY_MS;
  const days =
    Number.isNaN(end) || Number.isNaN(start)
      ? 31
      : Math.min(366, Math.max(1, Math.round((end - start) / DAY_MS)));
  const key = `${type}|${firstDay}|${days}`;
  let layout = cache.get(key);
  if (!layout) {
    if (cache.size > 32) cache.clear();
    layout = buildLayout(type, firstDay, days);
    cache.set(key, layout);
  }
  return layout;
}

/** The exact body size for a requested size: at least the prefix and one row. */
export function csvLength(layout: CsvLayout, requested: number): number {
  return Math.max(Math.floor(requested), layout.prefix.length + layout.rowBytes);
}

/** The body as a sequence of chunks that share the layout's buffers (nothing is copied per chunk). */
export function* csvChunks(layout: CsvLayout, requested: number): Generator<Buffer> {
  const total = csvLength(layout, requested);
  yield layout.prefix;
  const rowsBytes = total - layout.prefix.length;
  const rows = Math.floor(rowsBytes / layout.rowBytes);
  const extra = rowsBytes - rows * layout.rowBytes;
  const blockRows = layout.block.length / layout.rowBytes;
  let remaining = rows - 1;
  while (remaining >= blockRows) {
    yield layout.block;
    remaining -= blockRows;
  }
  if (remaining > 0) yield layout.block.subarray(0, remaining * layout.rowBytes);
  yield layout.paddedRow(rows - 1, extra);
}
