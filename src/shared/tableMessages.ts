// The messages between the CSV table's webview (src/webview/table/) and the extension host
// (src/vscode/viewer/), declared once and imported by both sides. Plain data only: no logic, no vscode, no DOM.
// Rows travel as text cells; the webview sets them as text (textContent), never as HTML.
//
// Row numbers: `row` is a 0-based data row of the current VIEW (after sort and filter); `fileRow` is the 0-based
// data row in the file (the header is not a data row). A view is identified by `viewId`; a sort or filter makes
// a new one, and answers for an older view are dropped by the webview.

export type CopyFormat = 'csv' | 'tsv' | 'markdown';
export type SortDirection = 'asc' | 'desc';
export type ColumnType = 'number' | 'date' | 'text' | 'empty';

export interface ColumnInfo {
  readonly name: string;
  /** Inferred from a sample of rows (numbers, dates and text are sorted as such). */
  readonly type: ColumnType;
}

export interface SortSpec {
  readonly column: number;
  readonly direction: SortDirection;
}

/** Per-column text filters (case-insensitive substring) and one across all columns; empty strings are absent. */
export interface FilterSpec {
  readonly all?: string;
  readonly columns?: Readonly<Record<number, string>>;
}

/** A rectangle of the current view, inclusive bounds. */
export interface Selection {
  readonly rowStart: number;
  readonly rowEnd: number;
  readonly colStart: number;
  readonly colEnd: number;
}

/** What the webview keeps with `setState` so a hidden/reloaded view comes back where it was. */
export interface TableViewState {
  readonly scrollRow: number;
  readonly columnWidths?: readonly number[];
  readonly sort?: SortSpec;
  readonly filter?: FilterSpec;
}

/**
 * Messages the page carries in its HTML (a JSON data block, never executed): init, progress and the first view
 * with its first page, so the first rows are drawn without a round trip to the extension host.
 */
export type TableBoot = readonly HostToWebview[];

/** Id of the page's JSON data block holding the `TableBoot`. */
export const BOOT_ELEMENT_ID = 'ua-boot';

/** Why the table cannot show rows (a line in the view, never a blank page). */
export type TableProblemKind =
  'empty' | 'headerOnly' | 'binary' | 'deleted' | 'unreadable' | 'tooLarge';

export type HostToWebview =
  /** The file was opened (or reloaded after a change on disk); rows follow on request. */
  | {
      readonly type: 'init';
      readonly fileName: string;
      readonly fileBytes: number;
      readonly encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
      readonly columns: readonly ColumnInfo[];
      /** Restore this (the webview's own state, or the host's when the webview had none). */
      readonly state?: TableViewState;
      /** True when the text editor can show the file (small enough): "Reveal row in text editor" is offered. */
      readonly canReveal: boolean;
    }
  /** Indexing goes on; rows already indexed can be asked for. */
  | {
      readonly type: 'progress';
      readonly indexedRows: number;
      readonly indexedBytes: number;
      readonly fileBytes: number;
      readonly done: boolean;
    }
  /** The current view: its id and how many rows it has (grows while indexing or filtering goes on). */
  | {
      readonly type: 'view';
      readonly viewId: number;
      readonly rowCount: number;
      readonly sort?: SortSpec;
      readonly filter?: FilterSpec;
      /** False while a filter is still scanning the file (rowCount grows). */
      readonly complete: boolean;
      /**
       * A new view's first rows (at its top, or at the row a restored state scrolls to), sent with it so the
       * webview draws without first asking: one round trip less before the first rows show.
       */
      readonly first?: {
        readonly start: number;
        readonly rows: readonly (readonly string[])[];
        readonly fileRows: readonly number[];
      };
    }
  /** Rows `start`… of view `viewId`, in answer to `getRows`. */
  | {
      readonly type: 'rows';
      readonly requestId: number;
      readonly viewId: number;
      readonly start: number;
      readonly rows: readonly (readonly string[])[];
      /** The file row of each (for row numbers and Reveal). */
      readonly fileRows: readonly number[];
    }
  /** Find: the match after/before the given position, or none. */
  | {
      readonly type: 'found';
      readonly requestId: number;
      readonly query: string;
      readonly match?: { readonly row: number; readonly column: number };
      /** Matches counted so far in the view (exact once `complete`). */
      readonly count: number;
      readonly complete: boolean;
    }
  | { readonly type: 'problem'; readonly kind: TableProblemKind; readonly message: string }
  /** A one-line note (e.g. "Copied 12 rows as Markdown"), shown in the status line. */
  | { readonly type: 'note'; readonly text: string };

export type WebviewToHost =
  /** The script runs; `state` is what it had saved (undefined on first open). */
  | {
      readonly type: 'ready';
      readonly state?: TableViewState;
      /** The view id of the boot messages the page came with and applied (see `TableBoot`). */
      readonly booted?: number;
    }
  | {
      readonly type: 'getRows';
      readonly requestId: number;
      readonly viewId: number;
      readonly start: number;
      readonly count: number;
    }
  | { readonly type: 'sort'; readonly sort?: SortSpec }
  | { readonly type: 'filter'; readonly filter: FilterSpec }
  | {
      readonly type: 'find';
      readonly requestId: number;
      readonly query: string;
      readonly from: { readonly row: number; readonly column: number };
      readonly backwards: boolean;
    }
  | { readonly type: 'copy'; readonly format: CopyFormat; readonly selection: Selection }
  | { readonly type: 'revealRow'; readonly fileRow: number }
  /** Saved state changed (scroll, widths); the host keeps a copy for a reopened editor. */
  | { readonly type: 'state'; readonly state: TableViewState };

/** Most rows one `getRows` may ask for (the DOM holds a few hundred at most). */
export const MAX_ROWS_PER_REQUEST = 500;
/** Rows of a page in the webview's cache; a new view's first page comes with it (`view.first`). */
export const PAGE_ROWS = 100;
