// Unique-like CSV exports of any size for the CSV benchmarks and the viewer's tests, written straight to a
// file in 1 MiB blocks (never held whole): UTF-8 with a BOM and CRLF, as Unique's exports are.
// chat: `User Email,Date,Assistant,Interactions`, ~66 bytes a row, few quotes (assistant names with a
// comma). detailed: `Timestamp,User Email,Assistant,Prompt,Answer`, quoted multi-line question and answer
// text with commas and doubled quotes, ~1.2 KB a row. Deterministic for a given size.

import { open } from 'node:fs/promises';

export type FixtureKind = 'chat' | 'detailed';

const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2024, 0, 1);

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ASSISTANTS = [
  'Default',
  'Research Assistant',
  '"Zürich, Legal"',
  'KYC Check',
  'Credit Memo Writer',
  'Translator DE-EN',
  '"Spesen, FAQ"',
  'Investment Insights',
];
const WORDS = (
  'the rate of interest for mortgages in Zürich according to policy client risk report quarter ' +
  'summary revenue costs flat please list Müller portfolio compliance approval Genève exposure ' +
  'limit market credit operational liquidity capital requirement Basel memo draft'
).split(' ');

function sentence(r: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(r() * WORDS.length)]);
  return out.join(' ');
}

/** A quoted field: text with commas, line breaks and a "quoted" word (quotes doubled). */
function prose(r: () => number, lines: number, wordsPerLine: number): string {
  const parts: string[] = [];
  for (let i = 0; i < lines; i++) {
    let line = sentence(r, wordsPerLine);
    if (r() < 0.5) line += `, "${WORDS[Math.floor(r() * WORDS.length)]}"`;
    parts.push(line);
  }
  return `"${parts.join('\r\n').replace(/"/g, '""')}"`;
}

export function chatHeader(): string {
  return 'User Email,Date,Assistant,Interactions\r\n';
}

export function detailedHeader(): string {
  return 'Timestamp,User Email,Assistant,Prompt,Answer\r\n';
}

function chatRow(r: () => number, i: number): string {
  const user = Math.floor(r() * 5000);
  const day = new Date(FIRST_DAY + Math.floor((i / 9000) % 365) * DAY_MS)
    .toISOString()
    .slice(0, 10);
  const assistant = ASSISTANTS[Math.floor(r() * ASSISTANTS.length)];
  return `user${user}@bank-zuerich.example,${day},${assistant},${1 + Math.floor(r() * 40)}\r\n`;
}

function detailedRow(r: () => number, i: number): string {
  const t = new Date(FIRST_DAY + i * 37_000 + Math.floor(r() * 30_000)).toISOString();
  const user = Math.floor(r() * 5000);
  const assistant = ASSISTANTS[Math.floor(r() * ASSISTANTS.length)];
  const prompt = prose(r, 1 + Math.floor(r() * 3), 8 + Math.floor(r() * 10));
  const answer = prose(r, 3 + Math.floor(r() * 6), 14 + Math.floor(r() * 8));
  return `${t},user${user}@bank-zuerich.example,${assistant},${prompt},${answer}\r\n`;
}

/** Writes a fixture of about `bytes` bytes (whole rows; the last one ends with CRLF); returns rows written. */
export async function writeFixture(
  path: string,
  kind: FixtureKind,
  bytes: number,
): Promise<number> {
  const r = rng(kind === 'chat' ? 42 : 4242);
  const file = await open(path, 'w');
  try {
    let block = '\ufeff' + (kind === 'chat' ? chatHeader() : detailedHeader());
    let written = 0;
    let rows = 0;
    const make = kind === 'chat' ? chatRow : detailedRow;
    while (written + block.length < bytes) {
      block += make(r, rows++);
      if (block.length >= 1 << 20) {
        const buf = Buffer.from(block, 'utf8');
        await file.write(buf);
        written += buf.length;
        block = '';
      }
    }
    if (block) await file.write(Buffer.from(block, 'utf8'));
    return rows;
  } finally {
    await file.close();
  }
}
