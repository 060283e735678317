// What the Insights webview shows and says, typed once for the extension host (src/vscode/insights/) and the
// webview (src/webview/insights/). Every number here was computed by src/core/insights/; the webview maps a
// card's data table to a chart and draws it, nothing more.

export type InsightKind = 'chat' | 'activeUsers' | 'references' | 'detailed' | 'profile';

export type CellValue = string | number | null;

export interface DataColumn {
  readonly name: string;
  /** `date` cells are "YYYY-MM-DD" Zurich days. */
  readonly type: 'text' | 'number' | 'date';
}

/** A card's data: what its chart draws and what "Show as table" and "Copy as Markdown" show. */
export interface DataTable {
  readonly columns: readonly DataColumn[];
  readonly rows: readonly (readonly CellValue[])[];
}

/** How a card's table is drawn; fields name columns of the table. */
export type ChartKind =
  | {
      readonly type: 'bar';
      readonly x: string;
      readonly y: string;
      /** Stacked by this column's values. */
      readonly color?: string;
      /** Bars along y (a ranking: names on the vertical axis). */
      readonly horizontal?: boolean;
      /** x is a day: mark Saturdays and Sundays. */
      readonly weekends?: boolean;
    }
  | {
      readonly type: 'line';
      readonly x: string;
      readonly y: string;
      readonly color?: string;
      /** y is a share 0..1, shown as a percentage. */
      readonly percent?: boolean;
    }
  | { readonly type: 'heatmap'; readonly x: string; readonly y: string; readonly value: string };

export interface Fact {
  readonly label: string;
  readonly value: string | number;
}

export interface InsightCard {
  readonly id: string;
  readonly title: string;
  /** What the card shows in one or two sentences (the chart's description for screen readers too). */
  readonly description: string;
  readonly facts?: readonly Fact[];
  readonly chart?: ChartKind;
  readonly table?: DataTable;
  /** The recipe's columns are missing: which it looked for (the profile cards follow). */
  readonly missing?: readonly string[];
  /** A remark under the card (a definition, a caveat). */
  readonly note?: string;
}

export interface InsightsReport {
  readonly kind: InsightKind;
  /** "Chat interactions", "Active users", … or "Column profile". */
  readonly kindLabel: string;
  readonly fileName: string;
  readonly fileBytes: number;
  readonly rows: number;
  /** First and last Zurich day seen in the file's date or time column. */
  readonly window?: { readonly first: string; readonly last: string; readonly days: number };
  readonly distinctUsers?: number;
  /** The file's header, and which column each recipe role was found in (for the notebook export). */
  readonly columns: readonly string[];
  readonly roles: Readonly<Record<string, string>>;
  readonly cards: readonly InsightCard[];
}

/** Users across two periods of the same kind (chat interactions). */
export interface UserMovement {
  readonly current: number;
  readonly previous: number;
  /** Active now, not before. */
  readonly fresh: number;
  /** Active in both. */
  readonly returning: number;
  /** Active before, not now. */
  readonly lapsed: number;
}

/** This report beside the previous period's. */
export interface Comparison {
  /** "Nov 1 – Nov 30, 2026" and its predecessor, as Zurich days. */
  readonly currentWindow?: InsightsReport['window'];
  readonly previousWindow?: InsightsReport['window'];
  /** Totals and their change: label, previous, current. */
  readonly totals: readonly {
    readonly label: string;
    readonly previous: number;
    readonly current: number;
  }[];
  /** Undefined when user-level compare is unavailable (see `pseudonymised`). */
  readonly users?: UserMovement;
  /**
   * The e-mails look like per-export pseudonyms (no overlap of ids while totals are alike): new / returning /
   * lapsed cannot be told, and the card says so instead of calling everyone new.
   */
  readonly pseudonymised: boolean;
  /**
   * Per assistant: previous, current interactions and the change (the card's table, top movers first). Its
   * columns, in this order: the assistant (text), previous, current, change (numbers); the webview finds them by
   * place, as their names may be translated.
   */
  readonly assistants: DataTable;
}

export type HostToInsights =
  /** Computing: bytes of the file passed so far. */
  | {
      readonly type: 'progress';
      readonly bytes: number;
      readonly total: number;
      readonly fileName: string;
    }
  | {
      readonly type: 'report';
      readonly report: InsightsReport;
      /** Served from the cache (size + mtime unchanged): no pass was made. */
      readonly cached: boolean;
      /** "Compare with previous period" is offered (a chat export with a known window). */
      readonly canCompare: boolean;
    }
  | {
      readonly type: 'compare';
      readonly previous: InsightsReport;
      readonly comparison: Comparison;
    }
  /** Computing was cancelled or failed, or the file cannot be read: one line, no cards. */
  | {
      readonly type: 'problem';
      readonly message: string;
      readonly kind: 'cancelled' | 'unreadable' | 'failed';
    }
  /** A short status line (copied, saved, ordering the previous period…). */
  | { readonly type: 'note'; readonly text: string };

export type InsightsToHost =
  | { readonly type: 'ready' }
  /** Stop computing (the progress bar's Cancel). */
  | { readonly type: 'cancel' }
  /** Compute again (after a cancel or a problem). */
  | { readonly type: 'retry' }
  | { readonly type: 'copyMarkdown'; readonly cardId: string }
  /** Save the drawn chart: the webview renders it, the host asks where and writes it. */
  | { readonly type: 'savePng'; readonly cardId: string; readonly dataUrl: string }
  | { readonly type: 'saveSvg'; readonly cardId: string; readonly svg: string }
  | { readonly type: 'exportNotebook' }
  | { readonly type: 'compare' }
  | { readonly type: 'openTable' };
