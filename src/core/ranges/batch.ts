// A batch: one export for the user, several orders for the server (issue "Long ranges"). Pure state and the
// decisions on it: which part to place next and when (at least 10 s after the last), what the server's order
// states mean for each part, "4 of 7 done", when the parts can be merged, and which parts a retry places again
// (only the failed ones). A batch is plain data, kept in the extension's storage so that it survives a reload;
// `parseBatch` reads it back and drops what it cannot trust.

import * as l10n from '@vscode/l10n';
import { type DateRange, rangeDays } from '../dateRange';
import { BATCH_CONTEXT_VALUE } from '../orders/orderCapabilities';
import { PLACE_EVERY_MS, planWindows } from './planner';

export type PartState = 'planned' | 'placed' | 'done' | 'failed';

export interface BatchPart {
  readonly window: DateRange;
  readonly state: PartState;
  /** The server's order, once placed. */
  readonly orderId?: string;
  /**
   * When a start request for this part was sent and its answer not seen (kept across a reload): the order may
   * exist anyway, so the list is searched for it before the part is placed again.
   */
  readonly attemptedAt?: number;
  /** Why the server refused it or why it failed, for the row's tooltip. */
  readonly problem?: string;
}

/** The merged CSV, once complete on disk. */
export interface MergedFile {
  readonly path: string;
  readonly bytes: number;
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
  /** When the person asked for it (ms since epoch): the tree lists newer batches first. */
  readonly createdAt?: number;
  readonly merged?: MergedFile;
  /** Why the last download or merge did not finish (the parts stay; "Retry" tries again). */
  readonly problem?: string;
}

export function newBatch(
  id: string,
  type: string,
  range: DateRange,
  maxDays: number,
  assistantId?: string,
  createdAt?: number,
): Batch {
  return {
    id,
    type,
    range,
    ...(assistantId ? { assistantId } : {}),
    parts: planWindows(range, maxDays).map((window) => ({ window, state: 'planned' as const })),
    ...(createdAt !== undefined ? { createdAt } : {}),
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

function withPart(batch: Batch, index: number, part: BatchPart): Batch {
  return { ...batch, parts: batch.parts.map((p, i) => (i === index ? part : p)) };
}

/** A start request for the part is on its way (persisted first, so a reload knows it may exist). */
export function attempting(batch: Batch, index: number, now: number): Batch {
  return withPart(batch, index, {
    window: batch.parts[index].window,
    state: 'planned',
    attemptedAt: now,
  });
}

export function placed(batch: Batch, index: number, orderId: string, now: number): Batch {
  return {
    ...withPart(batch, index, { window: batch.parts[index].window, state: 'placed', orderId }),
    lastPlacedAt: now,
  };
}

/** The server refused the part (it was not placed): failed, with the server's reason. */
export function refused(batch: Batch, index: number, problem: string, now: number): Batch {
  return {
    ...withPart(batch, index, { window: batch.parts[index].window, state: 'failed', problem }),
    lastPlacedAt: now,
  };
}

/** The merged file is complete on disk; any earlier problem is over. */
export function mergedInto(batch: Batch, file: MergedFile): Batch {
  const { problem: _gone, ...rest } = batch;
  return { ...rest, merged: file };
}

export function withProblem(batch: Batch, problem: string | undefined): Batch {
  const { problem: _old, ...rest } = batch;
  return problem ? { ...rest, problem } : rest;
}

/** Where a batch stands, for its row's icon and words. */
export type BatchStage = 'placing' | 'running' | 'failed' | 'merging' | 'merged';

export function batchStage(batch: Batch): BatchStage {
  if (batch.merged) return 'merged';
  if (batch.parts.some((p) => p.state === 'failed')) return 'failed';
  if (batch.parts.some((p) => p.state === 'planned')) return 'placing';
  return readyToMerge(batch) ? 'merging' : 'running';
}

/**
 * The batch row's contextValue: open, save, insights once merged; retry when a part failed or the merge did
 * not finish; delete (every part) and repeat always. `canSave` here means the merged file.
 */
export function batchContextValue(batch: Batch): string {
  const stage = batchStage(batch);
  const words = [BATCH_CONTEXT_VALUE];
  if (stage === 'merged') words.push('canOpen', 'canSave');
  words.push('canDelete');
  if (stage === 'failed' || (batch.problem && stage === 'merging')) words.push('canRetryParts');
  words.push('canRepeat');
  return words.join(' ');
}

/**
 * How many orders the poll's first page must hold so that every running part is on it: parts are the newest
 * orders, so up to the oldest running part (in `listed`, newest first), plus one; at least one per running part
 * (a part not listed yet, e.g. after a reload, counts as one). 0 when no part is running.
 */
export function firstPageNeeded(batches: readonly Batch[], listed: readonly string[]): number {
  const running = batches.flatMap((b) =>
    b.parts.filter((p) => p.state === 'placed' && p.orderId).map((p) => p.orderId!),
  );
  if (!running.length) return 0;
  const deepest = Math.max(...running.map((id) => listed.indexOf(id)));
  return Math.max(running.length, deepest + 1) + 1;
}

/** The part that placed `orderId`, if any. */
export function partOf(batch: Batch, orderId: string): number {
  return batch.parts.findIndex((p) => p.orderId === orderId);
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
    label: failed
      ? l10n.t({
          message: '{0} of {1} done, {2} failed',
          args: [done, total, failed],
          comment: ['the orders of a batch'],
        })
      : l10n.t({
          message: '{0} of {1} done',
          args: [done, total],
          comment: ['the orders of a batch'],
        }),
  };
}

/** Every part finished: the parts can be downloaded and merged. */
export function readyToMerge(batch: Batch): boolean {
  return batch.parts.length > 0 && batch.parts.every((p) => p.state === 'done');
}

/**
 * Failed parts planned again (their old orders forgotten); parts that succeeded are kept as they are. A part
 * whose start answer was never seen keeps `attemptedAt`, so its order is looked for before placing again.
 */
export function retryFailed(batch: Batch): Batch {
  return withProblem(
    {
      ...batch,
      parts: batch.parts.map((p) =>
        p.state === 'failed'
          ? {
              window: p.window,
              state: 'planned',
              ...(p.attemptedAt ? { attemptedAt: p.attemptedAt } : {}),
            }
          : p,
      ),
    },
    undefined,
  );
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
    // A refused part failed without an order; every other non-planned part has one.
    if ((state === 'placed' || state === 'done') && !orderId) return undefined;
    parts.push({
      window,
      state,
      ...(orderId && state !== 'planned' ? { orderId } : {}),
      ...(finite(p?.attemptedAt) ? { attemptedAt: p?.attemptedAt as number } : {}),
      ...(typeof p?.problem === 'string' && p.problem ? { problem: p.problem } : {}),
    });
  }
  const merged = b.merged as Record<string, unknown> | undefined;
  return {
    id: b.id,
    type: b.type,
    range,
    ...(typeof b.assistantId === 'string' && b.assistantId ? { assistantId: b.assistantId } : {}),
    parts,
    ...(finite(b.lastPlacedAt) ? { lastPlacedAt: b.lastPlacedAt as number } : {}),
    ...(finite(b.createdAt) ? { createdAt: b.createdAt as number } : {}),
    ...(merged && typeof merged.path === 'string' && finite(merged.bytes)
      ? { merged: { path: merged.path, bytes: merged.bytes as number } }
      : {}),
    ...(typeof b.problem === 'string' && b.problem ? { problem: b.problem } : {}),
  };
}

function finite(v: unknown): boolean {
  return typeof v === 'number' && Number.isFinite(v);
}
