// The CSV table engine's facade, what the viewer's adapter (src/vscode/viewer/) calls. Pure Node, no
// vscode. Holds the file's row index (8 bytes a row) and the header; rows are read from the file by
// byte position when asked; never holds all rows or all cells of a file.
//
// API (exact):
//   static open(source: CsvSource, options?: CsvTableOptions): Promise<CsvTable>
//       sniffs, reads the header, starts indexing, and resolves once the header and the first
//       `firstRows` rows (default 200) are known or the file is indexed; column types come from those
//       rows. Bad files resolve too, with `problem` set (never a throw for empty, header-only, binary or
//       UTF-16 files); it rejects only when the first bytes cannot be read.
//   static openFile(path: string, options?: CsvTableOptions & { utf8CopyPath?: string;
//       chunkBytes?: number }): Promise<CsvTable>
//       a file on disk; a UTF-16 file (BOM) is transcoded to `utf8CopyPath` first and that copy opened
//       (`encoding` still says utf-16le/-be); without utf8CopyPath a UTF-16 file gets a problem.
//   readonly source: CsvSource; readonly encoding: CsvEncoding; readonly delimiter: CsvDelimiter
//   readonly header: readonly string[]          the first record's cells, as in the file
//   get columns(): ColumnInfo[]                 names (headerNames: "column N" for unnamed / extra ones), types
//   get rowCount(): number                      data rows indexed so far (grows until `done`)
//   get indexedBytes(): number; get done(): boolean
//   readonly indexed: Promise<void>             resolves when indexing ends (also after a failure: see problem)
//   get problem(): TableProblem | undefined     { kind: TableProblemKind, message } for a line in the view
//   get indexCapacity(): number                 slots of the row index (8 bytes each): its memory
//   rows(fileRows: ArrayLike<number>): Promise<string[][]>   padded to the header's width
//   view(sort?: SortSpec, filter?: FilterSpec, options?: PassOptions): Promise<TableView>
//       filter first, then sort the filtered rows; waits for the index. Views cost 4 bytes a row each.
//   sort(spec: SortSpec, options?: PassOptions & { within?: Uint32Array; type?: ColumnType }):
//       Promise<SortResult>                     type: compare as this (default: the column's inferred type)
//   filter(spec: FilterSpec, options?: PassOptions & { within?: Uint32Array }): Promise<Uint32Array>
//   find(query: string, from: CellPosition, backwards: boolean, view?: TableView,
//       options?: { signal?: AbortSignal }): Promise<TableFindResult>
//       next match (view row, column), wrapping once; `count` is the cells matched so far by a counting
//       pass this call starts (kept while the query and view stay the same), exact when `complete`.
//   matchCount(query, view?): { count, complete, done: Promise<void> } | undefined   the count `find` started
//   copy(rows: readonly (readonly string[])[], columns: ColumnRange, format: CopyFormat): string
//   dispose(): Promise<void>                    stops every pass, closes the source
//
// Memory (bench/csvParsers.ts measures it, bench/README.md): an opened, indexed file costs its index,
// 8 bytes a row (pre-sized from the first chunk and trimmed when done), plus a few MB of buffers; each
// view kept adds 4 bytes a row; a sort needs 8-16 bytes a row more while it runs (sortView.ts).

import * as l10n from '@vscode/l10n';
import type {
  ColumnInfo,
  ColumnType,
  CopyFormat,
  FilterSpec,
  SortSpec,
  TableProblemKind,
} from '../../shared/tableMessages';
import { inferColumnTypes } from './columnTypes';
import { formatSelection, type ColumnRange } from './copy';
import { filterView, isEmptyFilter } from './filterView';
import { countMatches, findInView, type CellPosition } from './find';
import { headerNames, readHeader, readRows } from './pages';
import { buildIndex, type CsvIndex, type IndexProgress } from './rowIndex';
import {
  sniff,
  transcodeUtf16ToFile,
  type CsvDelimiter,
  type CsvEncoding,
  type SniffResult,
} from './sniff';
import { sortView, type SortResult } from './sortView';
import { fileSource, type CsvSource } from './source';

export interface CsvTableOptions {
  readonly signal?: AbortSignal;
  /** Indexing progress: after every chunk and once at the end. */
  readonly onProgress?: (progress: IndexProgress) => void;
  /** Rows to wait for before `open` resolves, and to infer column types from (default 200). */
  readonly firstRows?: number;
}

export interface PassOptions {
  readonly signal?: AbortSignal;
  /** Rows passed so far, of how many. */
  readonly onProgress?: (rowsDone: number, rowsTotal: number) => void;
}

export interface TableProblem {
  readonly kind: TableProblemKind;
  readonly message: string;
}

/** A sorted and/or filtered view: `rows` are file rows in view order (undefined: all rows, file order). */
export interface TableView {
  readonly rows?: Uint32Array;
  /** The same rows in file order (the filter's result), for passes that count over the view. */
  readonly ascending?: Uint32Array;
  readonly sort?: SortSpec;
  readonly filter?: FilterSpec;
  /** A text sort exact only up to this many characters (too many distinct values: sortView.ts). */
  readonly prefixChars?: number;
}

export interface TableFindResult {
  readonly match?: CellPosition;
  readonly wrapped: boolean;
  /** Matching cells in the view counted so far. */
  readonly count: number;
  /** The count is exact (the counting pass ended). */
  readonly complete: boolean;
}

const DEFAULT_FIRST_ROWS = 200;

export class CsvTable {
  private widest: number;
  private types: ColumnInfo['type'][];
  private failure: TableProblem | undefined;
  private readonly stop = new AbortController();
  private counting:
    | {
        key: string;
        view?: TableView;
        count: number;
        complete: boolean;
        stop: AbortController;
        done: Promise<void>;
      }
    | undefined;

  private constructor(
    readonly source: CsvSource,
    private readonly sniffed: SniffResult,
    private readonly index: CsvIndex | undefined,
    readonly header: readonly string[],
    sample: readonly (readonly string[])[],
    readonly encoding: CsvEncoding,
    readonly indexed: Promise<void>,
  ) {
    const columns = inferColumnTypes(header, sample);
    this.widest = columns.length;
    this.types = columns.map((c) => c.type);
  }

  get delimiter(): CsvDelimiter {
    return this.sniffed.delimiter;
  }

  static async open(source: CsvSource, options: CsvTableOptions = {}): Promise<CsvTable> {
    return CsvTable.openAs(source, options, undefined);
  }

  static async openFile(
    path: string,
    options: CsvTableOptions & {
      readonly utf8CopyPath?: string;
      readonly chunkBytes?: number;
    } = {},
  ): Promise<CsvTable> {
    const chunk = options.chunkBytes ? { chunkBytes: options.chunkBytes } : {};
    const source = await fileSource(path, chunk);
    try {
      const sniffed = await sniff(source);
      if (sniffed.encoding === 'utf-8' || !options.utf8CopyPath || sniffed.kind === 'empty')
        return await CsvTable.openAs(source, options, sniffed);
      await source.close();
      await transcodeUtf16ToFile(path, options.utf8CopyPath, options.signal);
      return await CsvTable.openAs(
        await fileSource(options.utf8CopyPath, chunk),
        options,
        undefined,
        sniffed.encoding,
      );
    } catch (e) {
      await source.close().catch(() => undefined);
      throw e;
    }
  }

  private static async openAs(
    source: CsvSource,
    options: CsvTableOptions,
    known: SniffResult | undefined,
    encoding?: CsvEncoding,
  ): Promise<CsvTable> {
    const sniffed = known ?? (await sniff(source));
    const empty = (problem: TableProblem): CsvTable => {
      const t = new CsvTable(
        source,
        sniffed,
        undefined,
        [],
        [],
        encoding ?? sniffed.encoding,
        Promise.resolve(),
      );
      t.failure = problem;
      return t;
    };
    if (sniffed.encoding !== 'utf-8' && sniffed.kind !== 'empty')
      return empty({
        kind: 'unreadable',
        message: l10n.t({
          message: 'The file is {0}; it is shown from a UTF-8 copy.',
          args: [sniffed.encoding.toUpperCase()],
          comment: ['{0} is a text encoding, e.g. UTF-16LE'],
        }),
      });
    if (sniffed.kind === 'empty')
      return empty({ kind: 'empty', message: l10n.t('The file is empty.') });
    if (sniffed.kind === 'binary')
      return empty({
        kind: 'binary',
        message: l10n.t('This is not a text file (binary content).'),
      });
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    const index = buildIndex(source, {
      startAt: sniffed.bomBytes,
      delimiter: sniffed.delimiter,
      signal,
      onProgress: options.onProgress,
    });
    let failure: TableProblem | undefined;
    const indexed = index.finished.catch((e: unknown) => {
      failure = problemOf(e, signal);
    });
    const firstRows = options.firstRows ?? DEFAULT_FIRST_ROWS;
    // The header is complete once one data row has started (or the file is indexed).
    await index.whenRows(1);
    const header = await readHeader(source, index, sniffed.delimiter);
    await index.whenRows(firstRows);
    const sampleCount = Math.min(firstRows, index.rowCount);
    const sample = await readRows(source, index, rangeOf(0, sampleCount), {
      delimiter: sniffed.delimiter,
    });
    const table = new CsvTable(
      source,
      sniffed,
      index,
      header,
      sample,
      encoding ?? 'utf-8',
      indexed.then(() => {
        table.failure ??= failure;
      }),
    );
    table.stop.signal.addEventListener('abort', () => stop.abort(), { once: true });
    return table;
  }

  get columns(): ColumnInfo[] {
    return headerNames(this.header, this.widest).map((name, i) => ({
      name,
      type: this.types[i] ?? 'text',
    }));
  }

  get rowCount(): number {
    return this.index?.rowCount ?? 0;
  }

  get indexedBytes(): number {
    return this.index ? this.index.bytesIndexed : this.source.size;
  }

  get done(): boolean {
    return this.index ? this.index.done : true;
  }

  get indexCapacity(): number {
    return this.index?.capacity ?? 0;
  }

  get problem(): TableProblem | undefined {
    if (this.failure) return this.failure;
    if (this.index && this.index.done && this.index.rowCount === 0)
      return { kind: 'headerOnly', message: l10n.t('The file has a header but no rows.') };
    return undefined;
  }

  async rows(fileRows: ArrayLike<number>): Promise<string[][]> {
    if (!this.index) return [];
    const rows = await readRows(this.source, this.index, fileRows, {
      delimiter: this.delimiter,
      width: this.header.length,
    });
    for (const r of rows) if (r.length > this.widest) this.widest = r.length;
    return rows;
  }

  /**
   * The 0-based line of the text file where data row `fileRow` starts (line breaks inside quoted cells count,
   * the header's included), for "Reveal row in text editor". Reads the file up to the row: meant for files
   * small enough for the text editor.
   */
  async lineOfRow(fileRow: number): Promise<number> {
    if (!this.index) return 0;
    await this.index.whenRows(fileRow + 1);
    const end = this.index.rowStart(fileRow);
    let lines = 0;
    let position = 0;
    for await (const chunk of this.source.stream(0)) {
      const stop = Math.min(chunk.byteLength, end - position);
      for (let at = chunk.indexOf(10); at !== -1 && at < stop; at = chunk.indexOf(10, at + 1))
        lines++;
      position += chunk.byteLength;
      if (position >= end) break;
    }
    return lines;
  }

  async filter(
    spec: FilterSpec,
    options: PassOptions & { readonly within?: Uint32Array } = {},
  ): Promise<Uint32Array> {
    const index = await this.ready();
    const total = options.within?.length ?? index.rowCount;
    return filterView(this.source, index, spec, {
      delimiter: this.delimiter,
      signal: this.signalFor(options.signal),
      within: options.within,
      onProgress: (_kept, scanned) => options.onProgress?.(scanned, total),
    });
  }

  async sort(
    spec: SortSpec,
    options: PassOptions & { readonly within?: Uint32Array; readonly type?: ColumnType } = {},
  ): Promise<SortResult> {
    const index = await this.ready();
    return sortView(this.source, index, spec, {
      type: options.type ?? this.types[spec.column] ?? 'text',
      delimiter: this.delimiter,
      within: options.within,
      signal: this.signalFor(options.signal),
      onProgress: options.onProgress,
    });
  }

  /** Filter first, then sort the filtered rows. No sort and no filter: the file's order. */
  async view(sort?: SortSpec, filter?: FilterSpec, options: PassOptions = {}): Promise<TableView> {
    const filtered = isEmptyFilter(filter) ? undefined : await this.filter(filter!, options);
    if (!sort) return filtered ? { rows: filtered, ascending: filtered, filter } : {};
    const sorted = await this.sort(sort, { ...options, within: filtered });
    return {
      rows: sorted.view,
      ascending: filtered,
      sort,
      ...(filtered ? { filter } : {}),
      ...(sorted.prefixChars ? { prefixChars: sorted.prefixChars } : {}),
    };
  }

  async find(
    query: string,
    from: CellPosition,
    backwards: boolean,
    view?: TableView,
    options: { readonly signal?: AbortSignal } = {},
  ): Promise<TableFindResult> {
    const index = await this.ready();
    const found = await findInView(this.source, index, view?.rows, query, from, backwards, {
      delimiter: this.delimiter,
      signal: this.signalFor(options.signal),
    });
    const counting = this.countFor(index, query, view);
    return {
      ...(found.match ? { match: found.match } : {}),
      wrapped: found.wrapped,
      count: counting ? counting.count : 0,
      complete: counting ? counting.complete : true,
    };
  }

  copy(rows: readonly (readonly string[])[], columns: ColumnRange, format: CopyFormat): string {
    return formatSelection(
      rows,
      this.columns.map((c) => c.name),
      columns,
      format,
    );
  }

  async dispose(): Promise<void> {
    this.stop.abort();
    this.counting?.stop.abort();
    await this.indexed.catch(() => undefined);
    await this.source.close();
  }

  /** The counting pass for this query and view: kept while they stay the same, replaced otherwise. */
  private countFor(index: CsvIndex, query: string, view: TableView | undefined) {
    if (query === '') return undefined;
    const key = query.toLowerCase();
    const c = this.counting;
    if (c && c.key === key && c.view === view) return c;
    c?.stop.abort();
    const stop = new AbortController();
    const next = { key, view, count: 0, complete: false, stop, done: Promise.resolve() };
    this.counting = next;
    next.done = countMatches(this.source, index, query, {
      delimiter: this.delimiter,
      signal: AbortSignal.any([stop.signal, this.stop.signal]),
      within: view?.ascending ?? (view?.rows ? sortedCopy(view.rows) : undefined),
      onProgress: (count) => (next.count = count),
    }).then(
      (count) => {
        next.count = count;
        next.complete = true;
      },
      () => undefined,
    );
    return next;
  }

  /**
   * The counting pass `find` started for `query` over `view`: the cells matched so far, whether the count is
   * exact, and a promise that settles when the pass ends (or is replaced). Undefined when none runs for them.
   */
  matchCount(
    query: string,
    view?: TableView,
  ):
    | { readonly count: number; readonly complete: boolean; readonly done: Promise<void> }
    | undefined {
    const c = this.counting;
    return c && c.key === query.toLowerCase() && c.view === view ? c : undefined;
  }

  private async ready(): Promise<CsvIndex> {
    if (!this.index) throw new Error(this.failure?.message ?? 'no rows');
    await this.indexed;
    if (this.failure) throw new Error(this.failure.message);
    return this.index;
  }

  private signalFor(signal: AbortSignal | undefined): AbortSignal {
    return signal ? AbortSignal.any([signal, this.stop.signal]) : this.stop.signal;
  }
}

function rangeOf(start: number, count: number): Uint32Array {
  const v = new Uint32Array(count);
  for (let i = 0; i < count; i++) v[i] = start + i;
  return v;
}

function sortedCopy(rows: Uint32Array): Uint32Array {
  return rows.slice().sort();
}

function problemOf(e: unknown, signal: AbortSignal): TableProblem {
  if (signal.aborted)
    return { kind: 'unreadable', message: l10n.t('Reading the file was stopped.') };
  const code = (e as { code?: unknown }).code;
  if (code === 'ENOENT')
    return {
      kind: 'deleted',
      message: l10n.t('The file was deleted or moved while it was open.'),
    };
  return {
    kind: 'unreadable',
    message: l10n.t({
      message: 'The file could not be read: {0}',
      args: [e instanceof Error ? e.message : String(e)],
      comment: ["{0} is the system's reason"],
    }),
  };
}
