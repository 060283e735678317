// Cells that a spreadsheet would run as a formula (CSV injection, OWASP): a field whose first character is
// `=`, `+`, `-`, `@`, a tab or a carriage return. Detailed exports hold what people typed, so such cells can
// come from anyone in the tenant. One byte-level pass over the CSV, chunk by chunk (memory does not grow
// with the file): `FormulaGuard` counts such cells and, for "Save As (spreadsheet-safe)", writes the file
// again with a `'` before each one (inside the quotes of a quoted field), every other byte unchanged.
// Folder `core/csv/`: never holds all rows of a file in memory.

import { Transform } from 'node:stream';

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const APOSTROPHE = Buffer.from("'");
const CR_BYTE = Buffer.from([CR]);

/** First bytes that make a spreadsheet evaluate a cell. */
export function isFormulaLead(byte: number): boolean {
  return (
    byte === 0x3d || byte === 0x2b || byte === 0x2d || byte === 0x40 || byte === 0x09 || byte === CR
  );
}

type Where =
  /** Before the first byte of a field (after a comma, a line end, or at the start of the file). */
  | 'fieldStart'
  /** Right after a field's opening quote: the next byte is the cell's first character. */
  | 'quoteOpened'
  | 'unquoted'
  | 'quoted'
  /** A quote inside a quoted field: `""` is a quote character, anything else ends the field. */
  | 'quoteInQuoted';

export interface FormulaCellReport {
  /** How many cells start like a formula. */
  readonly cells: number;
  /** 1-based record number of the first such cell (the header is record 1). */
  readonly firstRecord?: number;
}

export class FormulaGuard {
  private where: Where = 'fieldStart';
  /** A chunk ended with a CR at a field start: held back until the next byte says what it is. */
  private heldCr = false;
  private bomLeft = 3;
  private record = 1;
  private cells = 0;
  private firstRecord: number | undefined;

  /**
   * Takes the next chunk; returns it rewritten (with `'` before each formula cell) when `rewrite`, else an
   * empty buffer. Chunks may end anywhere, even inside a CRLF or a quote pair.
   */
  push(chunk: Uint8Array, rewrite: boolean): Buffer {
    const out: Uint8Array[] = [];
    let from = 0;
    let i = 0;
    const mark = (at: number): void => {
      this.count();
      if (!rewrite) return;
      out.push(chunk.subarray(from, at), APOSTROPHE);
      from = at;
    };
    // A UTF-8 byte-order mark at the very start is not part of the first cell.
    while (this.bomLeft > 0 && i < chunk.length) {
      if (chunk[i] !== [0xef, 0xbb, 0xbf][3 - this.bomLeft]) {
        this.bomLeft = 0;
        break;
      }
      this.bomLeft--;
      i++;
    }
    if (this.heldCr && chunk.length > 0) {
      this.heldCr = false;
      if (chunk[0] === LF) {
        if (rewrite) out.push(CR_BYTE);
        this.record++;
        i = 1;
      } else {
        this.count();
        if (rewrite) out.push(APOSTROPHE, CR_BYTE);
        this.where = 'unquoted';
      }
    }
    for (; i < chunk.length; i++) {
      const b = chunk[i];
      switch (this.where) {
        case 'fieldStart':
          if (b === QUOTE) this.where = 'quoteOpened';
          else if (b === COMMA) this.where = 'fieldStart';
          else if (b === LF) this.record++;
          else if (b === CR) {
            // CRLF ends the line (the field before it was empty); a CR followed by anything else begins a cell.
            if (i + 1 === chunk.length) {
              if (rewrite) out.push(chunk.subarray(from, i));
              from = i + 1;
              this.heldCr = true;
            } else if (chunk[i + 1] === LF) {
              this.record++;
              i++;
            } else {
              mark(i);
              this.where = 'unquoted';
            }
          } else {
            if (isFormulaLead(b)) mark(i);
            this.where = 'unquoted';
          }
          break;
        case 'quoteOpened':
          if (b === QUOTE) this.where = 'quoteInQuoted';
          else {
            if (isFormulaLead(b)) mark(i);
            this.where = 'quoted';
          }
          break;
        case 'unquoted':
          if (b === COMMA) this.where = 'fieldStart';
          else if (b === LF) {
            this.where = 'fieldStart';
            this.record++;
          }
          break;
        case 'quoted':
          if (b === QUOTE) this.where = 'quoteInQuoted';
          break;
        case 'quoteInQuoted':
          if (b === QUOTE) this.where = 'quoted';
          else if (b === COMMA) this.where = 'fieldStart';
          else if (b === LF) {
            this.where = 'fieldStart';
            this.record++;
          } else this.where = 'unquoted'; // CR of a CRLF, or a stray byte after the closing quote
          break;
      }
    }
    if (!rewrite) return Buffer.alloc(0);
    out.push(chunk.subarray(from));
    return Buffer.concat(out);
  }

  /** After the last chunk: a CR at a field start that nothing followed is a cell of its own. */
  end(rewrite: boolean): Buffer {
    if (!this.heldCr) return Buffer.alloc(0);
    this.heldCr = false;
    this.where = 'unquoted';
    this.count();
    return rewrite ? Buffer.concat([APOSTROPHE, CR_BYTE]) : Buffer.alloc(0);
  }

  private count(): void {
    this.cells++;
    this.firstRecord ??= this.record;
  }

  get report(): FormulaCellReport {
    return this.firstRecord === undefined
      ? { cells: this.cells }
      : { cells: this.cells, firstRecord: this.firstRecord };
  }
}

/** A Transform that writes the spreadsheet-safe version of the CSV flowing through it. */
export function spreadsheetSafeTransform(): Transform & { readonly guard: FormulaGuard } {
  const guard = new FormulaGuard();
  const t = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, guard.push(chunk, true));
    },
    flush(done) {
      const tail = guard.end(true);
      done(null, tail.length ? tail : undefined);
    },
  });
  return Object.assign(t, { guard });
}

/** Counts formula cells in a CSV read as chunks (a file stream). */
export async function countFormulaCells(
  chunks: AsyncIterable<Uint8Array>,
): Promise<FormulaCellReport> {
  const guard = new FormulaGuard();
  for await (const chunk of chunks) guard.push(chunk, false);
  guard.end(false);
  return guard.report;
}
