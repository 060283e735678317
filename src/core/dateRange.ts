// Calendar date ranges for exports: `YYYY-MM-DD` days, end day included (the server widens them to
// whole Europe/Zurich days). Presets and validation live here.

export interface DateRange {
  /** First day, `YYYY-MM-DD`. */
  readonly start: string;
  /** Last day (included), `YYYY-MM-DD`. */
  readonly end: string;
}
