// Helpers for the CSV engine's tests: real files in a temp dir, a CSV writer from cells, and a naive
// reference parser (character by character, RFC 4180 with the engine's leniency) to compare against.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class TempDir {
  private constructor(readonly path: string) {}
  private n = 0;

  static async create(): Promise<TempDir> {
    return new TempDir(await mkdtemp(join(tmpdir(), 'ua-csv-')));
  }

  async file(content: string | Uint8Array, name = `f${this.n++}.csv`): Promise<string> {
    const p = join(this.path, name);
    await writeFile(p, content);
    return p;
  }

  async remove(): Promise<void> {
    await rm(this.path, { recursive: true, force: true });
  }
}

/** One field as CSV: quoted when it must be (or when `always`), quotes doubled. */
export function field(text: string, always = false): string {
  return always || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV from rows of cells; a row that is one empty cell is written `""` so it is not a blank line. */
export function toCsv(
  rows: readonly (readonly string[])[],
  eol: string,
  finalEol: boolean,
): string {
  return (
    rows
      .map((r) => (r.length === 1 && r[0] === '' ? '""' : r.map((c) => field(c)).join(',')))
      .join(eol) + (finalEol ? eol : '')
  );
}

/** The naive reference: records and cells of a whole CSV text (no BOM), LF or CRLF line ends. */
export function naiveParse(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let atFieldStart = true;
  /** Something of the current record was read (a `""` field leaves no cell text behind). */
  let started = false;
  let i = 0;
  const endRecord = (): void => {
    row.push(cell);
    rows.push(row);
    row = [];
    cell = '';
    atFieldStart = true;
    started = false;
  };
  while (i < text.length) {
    const ch = text[i];
    started = true;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && atFieldStart) {
      quoted = true;
      atFieldStart = false;
      i++;
      continue;
    }
    if (ch === delimiter) {
      row.push(cell);
      cell = '';
      atFieldStart = true;
      i++;
      continue;
    }
    if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
      i += ch === '\r' ? 2 : 1;
      endRecord();
      continue;
    }
    cell += ch;
    atFieldStart = false;
    i++;
  }
  if (started) endRecord();
  return rows;
}
