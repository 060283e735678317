// The row index: where each record of a CSV starts, in bytes, found by ONE forward pass over the file.
// Decides record boundaries for every other part of csv/ (pages, sort, filter, find cut rows by it):
// a record ends at a LF outside quotes; a quote opens a quoted field only at a field's start (RFC 4180),
// `""` inside one is a quote character; CRLF and LF both end a record; a last record without a line end
// counts. Keeps 8 bytes per record (a Float64Array, pre-sized from the first chunk's rows and doubled
// when full, trimmed when done); never keeps a row's text.
//
// Fast path (perf-anchors.md): `indexOf` for `"` and LF per chunk (memchr), with the quote state carried
// across chunk boundaries (a chunk may end inside a quoted field, between the two quotes of `""`, or
// between CR and LF).

import type { CsvSource } from './source';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export interface IndexProgress {
  /** Data rows complete so far (the header is not a row). */
  readonly rows: number;
  /** Bytes of the file scanned so far. */
  readonly bytes: number;
  readonly done: boolean;
}

export interface BuildIndexOptions {
  /** Where the header starts (after a BOM); default 0. */
  readonly startAt?: number;
  /** The field delimiter (a quote after it opens a quoted field); default comma. */
  readonly delimiter?: string;
  readonly signal?: AbortSignal;
  /** After every stream chunk, and once with `done`. */
  readonly onProgress?: (progress: IndexProgress) => void;
}

const INITIAL_CAPACITY = 1024;

export class CsvIndex {
  private starts = new Float64Array(INITIAL_CAPACITY);
  /** Record starts found so far (the header's included). */
  private records = 0;
  private scanned = 0;
  private complete = false;
  /** The pass ended (complete, aborted or failed): nobody waits any more. */
  private settled = false;
  private waiters: { rows: number; resolve: () => void }[] = [];
  /** Resolves when the whole file is indexed; rejects on abort or a read error. */
  readonly finished: Promise<void>;

  /** @internal use `buildIndex` */
  constructor(
    /** End of the indexed bytes: the source's size. */
    readonly end: number,
    run: (index: CsvIndex) => Promise<void>,
  ) {
    this.finished = run(this).finally(() => {
      this.settled = true;
      this.wake(true);
    });
  }

  /** Data rows whose bytes are known (grows while indexing goes on). */
  get rowCount(): number {
    return Math.max(0, this.complete ? this.records - 1 : this.records - 2);
  }

  get done(): boolean {
    return this.complete;
  }

  get bytesIndexed(): number {
    return this.scanned;
  }

  /** Slots allocated (8 bytes each): what the index costs in memory. */
  get capacity(): number {
    return this.starts.length;
  }

  /** Byte range of the header record (with its line end). */
  headerRange(): { start: number; end: number } {
    return { start: this.records > 0 ? this.starts[0] : 0, end: this.recordEnd(0) };
  }

  /** First byte of data row `row` (0-based; must be < rowCount). */
  rowStart(row: number): number {
    return this.starts[row + 1];
  }

  /** One past the last byte of data row `row` (its line end included). */
  rowEnd(row: number): number {
    return this.recordEnd(row + 1);
  }

  /** Resolves once `rows` data rows are known or the index is complete (or failed). */
  whenRows(rows: number): Promise<void> {
    if (this.settled || this.complete || this.rowCount >= rows) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ rows, resolve }));
  }

  private recordEnd(record: number): number {
    return record + 1 < this.records ? this.starts[record + 1] : this.end;
  }

  /** @internal */
  push(start: number): void {
    if (this.records === this.starts.length) this.resize(this.starts.length * 2);
    this.starts[this.records++] = start;
  }

  /** @internal pre-size to an estimate of all records (never shrinks below what is held). */
  reserve(records: number): void {
    if (records > this.starts.length) this.resize(records);
  }

  /** @internal */
  progress(scanned: number): void {
    this.scanned = scanned;
    this.wake(false);
  }

  /** @internal the whole file is scanned */
  finish(): void {
    // A start at the very end is the line end of the last record, not a record.
    if (this.records > 1 && this.starts[this.records - 1] >= this.end) this.records--;
    this.complete = true;
    this.scanned = this.end;
    // Give back what the estimate or the last doubling over-allocated (a copy, once).
    if (this.starts.length > this.records * 1.05 + INITIAL_CAPACITY) this.resize(this.records);
    this.wake(true);
  }

  private resize(capacity: number): void {
    const next = new Float64Array(Math.max(capacity, this.records, 1));
    next.set(this.starts.subarray(0, this.records));
    this.starts = next;
  }

  private wake(all: boolean): void {
    if (this.waiters.length === 0) return;
    const rows = this.rowCount;
    const keep = [];
    for (const w of this.waiters) {
      if (all || w.rows <= rows) w.resolve();
      else keep.push(w);
    }
    this.waiters = keep;
  }
}

/** Starts indexing; the returned index grows while the pass goes on (`finished` says when it ends). */
export function buildIndex(source: CsvSource, options: BuildIndexOptions = {}): CsvIndex {
  return new CsvIndex(source.size, (index) => scan(source, index, options));
}

async function scan(source: CsvSource, index: CsvIndex, options: BuildIndexOptions): Promise<void> {
  const { signal, onProgress } = options;
  const startAt = options.startAt ?? 0;
  const delimiter = (options.delimiter ?? ',').charCodeAt(0);
  signal?.throwIfAborted();
  if (startAt >= source.size) {
    index.finish();
    onProgress?.({ rows: 0, bytes: source.size, done: true });
    return;
  }
  index.push(startAt);
  let inQuote = false;
  /** In a quoted field, the last chunk ended right after a `"`: a quote pair or the field's end. */
  let pendingQuote = false;
  /** The byte before the current chunk (a LF at the start: the header's first field starts there). */
  let prevByte = LF;
  let base = startAt;
  let estimated = false;
  for await (const buf of source.stream(startAt)) {
    signal?.throwIfAborted();
    const len = buf.length;
    let pos = 0;
    if (pendingQuote) {
      pendingQuote = false;
      if (buf[0] === QUOTE) pos = 1;
      else inQuote = false;
    }
    /** Position of the next `"` at or after pos, when known; `len` when there is none. */
    let nextQuote = -1;
    while (pos < len) {
      if (inQuote) {
        const q = buf.indexOf(QUOTE, pos);
        if (q === -1) break;
        if (q + 1 === len) {
          pendingQuote = true;
          break;
        }
        if (buf[q + 1] === QUOTE) {
          pos = q + 2;
          continue;
        }
        inQuote = false;
        pos = q + 1;
        continue;
      }
      if (nextQuote < pos) {
        nextQuote = buf.indexOf(QUOTE, pos);
        if (nextQuote === -1) nextQuote = len;
      }
      const nl = buf.indexOf(LF, pos);
      if (nextQuote < len && (nl === -1 || nextQuote < nl)) {
        const prev = nextQuote === 0 ? prevByte : buf[nextQuote - 1];
        if (prev === delimiter || prev === LF || prev === CR) inQuote = true;
        pos = nextQuote + 1;
        continue;
      }
      if (nl === -1) break;
      index.push(base + nl + 1);
      pos = nl + 1;
    }
    prevByte = buf[len - 1];
    base += len;
    if (!estimated && index.rowCount > 0) {
      // Rows of an export are alike: size the array for the whole file from the first chunk (+10%).
      estimated = true;
      const perRow = (base - startAt) / (index.rowCount + 1);
      index.reserve(Math.ceil(((source.size - startAt) / perRow) * 1.1) + 16);
    }
    index.progress(base);
    onProgress?.({ rows: index.rowCount, bytes: base, done: false });
  }
  signal?.throwIfAborted();
  index.finish();
  onProgress?.({ rows: index.rowCount, bytes: source.size, done: true });
}
