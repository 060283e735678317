// A saved report's runs: which reports are due now (across all of them, from each one's last run day), and a
// run in progress as plain data kept in global state (placed, waiting for its order or batch to finish, then
// saved under the report's file name), so that a run survives a reload like a batch does.

import type { DateRange } from '../dateRange';
import type { ReportDefinition } from './report';
import { dueRuns } from './schedule';

/** A report to run now for one scheduled day. */
export interface DueRun {
  readonly def: ReportDefinition;
  readonly day: string;
}

/**
 * The scheduled reports due on `today`, oldest day first per report. `lastRunDays` holds each report's last
 * run day by name (lower case); a report never run runs for its latest scheduled day only.
 */
export function dueReports(
  reports: readonly ReportDefinition[],
  today: string,
  lastRunDays: Readonly<Record<string, string>>,
): DueRun[] {
  const due: DueRun[] = [];
  for (const def of reports) {
    if (!def.schedule) continue;
    const last = lastRunDays[def.name.toLowerCase()];
    for (const day of dueRuns(def.schedule, today, last, { catchUp: def.catchUp === true }))
      due.push({ def, day });
  }
  return due;
}

export interface ReportRun {
  readonly report: string;
  readonly connection: string;
  /** The day it ran for (the scheduled day, or the day it was run by hand). */
  readonly day: string;
  readonly range: DateRange;
  /** Where the CSV is saved once the export is finished. */
  readonly target: string;
  /** The one order, or the batch, that makes it. */
  readonly orderId?: string;
  readonly batchId?: string;
}

/** Runs read back from storage; malformed entries are dropped. */
export function parseRuns(value: unknown): ReportRun[] {
  if (!Array.isArray(value)) return [];
  const runs: ReportRun[] = [];
  for (const v of value as unknown[]) {
    const r = v as Partial<Record<keyof ReportRun, unknown>> | null;
    if (typeof r !== 'object' || r === null) continue;
    const range = r.range as Partial<DateRange> | undefined;
    if (
      typeof r.report !== 'string' ||
      typeof r.connection !== 'string' ||
      typeof r.day !== 'string' ||
      typeof r.target !== 'string' ||
      typeof range?.start !== 'string' ||
      typeof range.end !== 'string' ||
      (typeof r.orderId !== 'string' && typeof r.batchId !== 'string')
    )
      continue;
    runs.push({
      report: r.report,
      connection: r.connection,
      day: r.day,
      range: { start: range.start, end: range.end },
      target: r.target,
      ...(typeof r.orderId === 'string' ? { orderId: r.orderId } : {}),
      ...(typeof r.batchId === 'string' ? { batchId: r.batchId } : {}),
    });
  }
  return runs;
}
