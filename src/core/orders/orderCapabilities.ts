// What a person may do with an order, decided from its state and local facts, and the tree item
// `contextValue` that package.json menus match with whole-word regexes (`viewItem =~ /\bcanOpen\b/`).

import type { Surface } from '../connections/environment';
import { dateRangeFromWindow, type DateRange } from '../dateRange';
import { adjacentRange } from '../ranges/planner';
import { exportKindsFor, isFinal, isUnfinished, type ExportType, type Order } from './order';

/** Capability tokens of an order row. Menus may only test these (the manifest test checks it). */
export const CAPABILITY_TOKENS = [
  'canOpen',
  'canSave',
  'canDelete',
  'canCopyId',
  'canRetry',
  'canRepeat',
  'downloaded',
  'unfinished',
] as const;
export type CapabilityToken = (typeof CAPABILITY_TOKENS)[number];

/** First word of every order row's contextValue, so menus can tell order rows from other rows. */
export const ORDER_CONTEXT_VALUE = 'order';
/** contextValue of the "Load more…" row. */
export const loadMoreContextValue = 'loadMore';
/** First word of a batch row's contextValue (several orders, one merged CSV). */
export const BATCH_CONTEXT_VALUE = 'batch';
/** contextValue of a batch's part that has no listed order (nothing to act on but its batch). */
export const PART_CONTEXT_VALUE = 'part';
/** Capability tokens only a batch row has (its other words are order tokens with the same meaning). */
export const BATCH_TOKENS = ['canRetryParts'] as const;
/** Every word any contextValue of this view may contain. */
export const CONTEXT_VALUE_TOKENS = [
  ORDER_CONTEXT_VALUE,
  loadMoreContextValue,
  BATCH_CONTEXT_VALUE,
  PART_CONTEXT_VALUE,
  ...CAPABILITY_TOKENS,
  ...BATCH_TOKENS,
] as const;

export interface LocalOrderFacts {
  /** A complete CSV of this order is on disk (DownloadIndex.isSafelyOnDisk). */
  readonly downloaded: boolean;
  /** The surface of the order's connection (what Retry can start there); default the internal one. */
  readonly surface?: Surface;
}

export type Capabilities = Readonly<Record<CapabilityToken, boolean>>;

export function capabilitiesOf(order: Order, local: LocalOrderFacts): Capabilities {
  const done = order.state.known === 'DONE';
  const placeholder = order.optimistic !== undefined;
  return {
    // Open downloads first when needed; a file already on disk can be opened whatever the server says now.
    canOpen: done || local.downloaded,
    canSave: done,
    canDelete: !placeholder,
    canCopyId: true,
    canRetry: retryRequest(order, local.surface) !== undefined,
    canRepeat: repeatRequest(order, 'next', local.surface) !== undefined,
    downloaded: local.downloaded,
    unfinished: isUnfinished(order),
  };
}

/** `order canOpen canSave …`: the capabilities that hold, space-separated, in CAPABILITY_TOKENS order. */
export function contextValueFor(order: Order, local: LocalOrderFacts): string {
  const caps = capabilitiesOf(order, local);
  return [ORDER_CONTEXT_VALUE, ...CAPABILITY_TOKENS.filter((t) => caps[t])].join(' ');
}

export interface RetryRequest {
  readonly type: ExportType;
  /** The same calendar days as the failed order, read back from its stored window. */
  readonly range: DateRange;
  /** The failed order's assistant (space) filter, when it had one (Public API orders). */
  readonly assistantId?: string;
}

/**
 * What to start again for an order that ended without a CSV (ERROR, or an unknown final state such as
 * CANCELLED): the same export kind over the same days (for the same assistant, when it had one).
 * Undefined when retrying makes no sense or would not repeat the order: it is DONE or still running,
 * its kind cannot be started through `surface` (default: the internal one), it was for one assistant and
 * `surface` has no assistant filter, or its window is unknown (starting without dates would silently
 * export a different day).
 */
export function retryRequest(
  order: Order,
  surface: Surface = 'internal',
): RetryRequest | undefined {
  if (!isFinal(order.state) || order.state.known === 'DONE' || order.optimistic) return undefined;
  return sameOrderAgain(order, surface);
}

/**
 * The order's kind, days and assistant as a start request through `surface`; undefined when the kind cannot be
 * started there, its assistant filter is not available there, or its window is unknown.
 */
function sameOrderAgain(order: Order, surface: Surface): RetryRequest | undefined {
  const kind = exportKindsFor(surface).find((k) => k.type === order.type.known);
  if (!kind) return undefined;
  const assistant = order.configuration?.assistantId;
  const assistantId =
    typeof assistant === 'string' && assistant.trim() ? assistant.trim() : undefined;
  if (assistantId && surface !== 'public') return undefined;
  const range = dateRangeFromWindow(order.window);
  if (!range) return undefined;
  return assistantId ? { type: kind.type, range, assistantId } : { type: kind.type, range };
}

/**
 * "Repeat for the next / previous period" on a finished (DONE) order: the same kind for the adjacent window of
 * the same length (a calendar month stays a calendar month, a week a week; ranges/planner.ts), for the same
 * assistant. Undefined when the kind cannot be started through `surface`, the assistant filter is not
 * available there, or the order's window is unknown. Whether the new window is allowed (future days, the
 * kind's limit) is decided when it is started, with a message.
 */
export function repeatRequest(
  order: Order,
  direction: 'next' | 'previous',
  surface: Surface = 'internal',
): RetryRequest | undefined {
  if (order.state.known !== 'DONE' || order.optimistic) return undefined;
  const same = sameOrderAgain(order, surface);
  return same && { ...same, range: adjacentRange(same.range, direction) };
}
