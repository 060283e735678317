// A batch: one export for the user, several orders for the server (issue "Long ranges"). Pure state and the
// decisions on it: which part to place next and when (at least 10 s after the last), what the server's order
// states mean for each part, "4 of 7 done", when the parts can be merged, and which parts a retry places again
// (only the failed ones). A batch is plain data, kept in the extension's storage so that it survives a reload;
// `parseBatch` reads it back and drops what it cannot trust.

import { type DateRange, rangeDays } from '../dateRange';
import { PLACE_EVERY_MS, planWindows } from './planner';

export type PartState = 'planned' | 'placed' | 'done' | 'failed';

export interface BatchPart {
  readonly window: DateRange;
  readonly state: PartState;
  /** The server's order, once placed. */
  readonly orderId?: string;
}

export interface Batch {
  readonly id: string;
  /** The order type, as the API names it. */
  readonly type: string;
  readonly range: DateRange;
  readonly assistantId?: string;
  readonly parts: readonly BatchPart[];
  /** When the last part was placed (ms since epoch), for the 10 s rule. */
  readonly lastPlacedAt?: number;
}

export function newBatch(
  id: string,
  type: string,
  range: DateRange,
  maxDays: number,
  assistantId?: string,
): Batch {
  return {
    id,
    type,
    range,
    ...(assistantId ? { assistantId } : {}),
    parts: planWindows(range, maxDays).map((window) => ({ window, state: 'planned' as const })),
  };
}

/** The next part to place and how long to wait first; undefined when nothing is left to place. */
export function nextToPlace(
  batch: Batch,
  now: number,
): { index: number; waitMs: number } | undefined {
  const index = batch.parts.findIndex((p) => p.state === 'planned');
  if (index < 0) return undefined;
  const since = batch.lastPlacedAt === undefined ? Infinity : now - batch.lastPlacedAt;
  return { index, waitMs: Math.max(0, PLACE_EVERY_MS - since) };
}

export function placed(batch: Batch, index: number, orderId: string, now: number): Batch {
  return {
    ...batch,
    lastPlacedAt: now,
    parts: batch.parts.map((p, i) => (i === index ? { ...p, state: 'placed', orderId } : p)),
  };
}

/**
 * The parts as the server's orders say: DONE → done, ERROR → failed; a placed part whose order is not listed
 * stays placed (the list may be paged), and any other state is still running.
 */
export function withOrderStates(batch: Batch, states: ReadonlyMap<string, string>): Batch {
  let changed = false;
  const parts = batch.parts.map((p): BatchPart => {
    if (!p.orderId || p.state === 'planned') return p;
    const s = states.get(p.orderId);
    const next: PartState =
      s === 'DONE'
        ? 'done'
        : s === 'ERROR'
          ? 'failed'
          : p.state === 'failed'
            ? 'failed'
            : s
              ? 'placed'
              : p.state;
    if (next === p.state) return p;
    changed = true;
    return { ...p, state: next };
  });
  return changed ? { ...batch, parts } : batch;
}

export interface BatchProgress {
  readonly done: number;
  readonly failed: number;
  readonly total: number;
  /** "4 of 7 done", "2 of 7 done, 1 failed". */
  readonly label: string;
}

export function batchProgress(batch: Batch): BatchProgress {
  const done = batch.parts.filter((p) => p.state === 'done').length;
  const failed = batch.parts.filter((p) => p.state === 'failed').length;
  const total = batch.parts.length;
  return {
    done,
    failed,
    total,
    label: `${done} of ${total} done${failed ? `, ${failed} failed` : ''}`,
  };
}

/** Every part finished: the parts can be downloaded and merged. */
export function readyToMerge(batch: Batch): boolean {
  return batch.parts.length > 0 && batch.parts.every((p) => p.state === 'done');
}

/** Failed parts planned again (their old orders forgotten); parts that succeeded are kept as they are. */
export function retryFailed(batch: Batch): Batch {
  return {
    ...batch,
    parts: batch.parts.map((p) =>
      p.state === 'failed' ? { window: p.window, state: 'planned' } : p,
    ),
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const STATES: readonly PartState[] = ['planned', 'placed', 'done', 'failed'];

function parseWindow(v: unknown): DateRange | undefined {
  const w = v as { start?: unknown; end?: unknown } | null;
  if (typeof w !== 'object' || w === null) return undefined;
  if (typeof w.start !== 'string' || typeof w.end !== 'string') return undefined;
  if (!DAY.test(w.start) || !DAY.test(w.end)) return undefined;
  try {
    return rangeDays({ start: w.start, end: w.end }) >= 1
      ? { start: w.start, end: w.end }
      : undefined;
  } catch {
    return undefined;
  }
}

/** A batch read back from storage; undefined when anything needed is missing or malformed. */
export function parseBatch(value: unknown): Batch | undefined {
  const b = value as Record<string, unknown> | null;
  if (typeof b !== 'object' || b === null) return undefined;
  if (typeof b.id !== 'string' || typeof b.type !== 'string' || !Array.isArray(b.parts))
    return undefined;
  const range = parseWindow(b.range);
  if (!range || b.parts.length === 0) return undefined;
  const parts: BatchPart[] = [];
  for (const raw of b.parts as unknown[]) {
    const p = raw as Record<string, unknown> | null;
    const window = parseWindow(p?.window);
    const state = STATES.find((s) => s === p?.state);
    if (!window || !state) return undefined;
    const orderId = typeof p?.orderId === 'string' ? p.orderId : undefined;
    if (state !== 'planned' && !orderId) return undefined;
    parts.push({ window, state, ...(orderId && state !== 'planned' ? { orderId } : {}) });
  }
  return {
    id: b.id,
    type: b.type,
    range,
    ...(typeof b.assistantId === 'string' && b.assistantId ? { assistantId: b.assistantId } : {}),
    parts,
    ...(typeof b.lastPlacedAt === 'number' && Number.isFinite(b.lastPlacedAt)
      ? { lastPlacedAt: b.lastPlacedAt }
      : {}),
  };
}
