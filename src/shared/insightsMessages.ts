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
  readonly cards: readonly InsightCard[];
}
