// The domain `Order`: wire data from the analytics API mapped once, at the boundary. Unknown states
// and types are kept verbatim (the API has no compatibility promise) and shown as they come.

import * as l10n from '@vscode/l10n';
import { ApiError, assertNever } from '../errors';
import type { Surface } from '../connections/environment';
import { dateRangeFromWindow, type DateRange } from '../dateRange';

export const KNOWN_STATES = ['PENDING', 'RUNNING', 'DONE', 'ERROR'] as const;
export type KnownState = (typeof KNOWN_STATES)[number];

export const KNOWN_TYPES = [
  'CHAT_INTERACTION',
  'ACTIVE_USER',
  'REFERENCE_STAT',
  'CHAT_INTERACTION_DETAILED',
  'INGESTION_STAT',
  'MODEL_USAGE',
  'NPS',
  'PRODUCT_METRICS',
  'USER_CHAT_EXPORT',
] as const;
export type KnownType = (typeof KNOWN_TYPES)[number];

/** A state as the UI reasons about it: a known one, or the raw string the server sent. */
export type OrderState =
  | { readonly known: KnownState; readonly raw: string }
  | { readonly known: undefined; readonly raw: string };
export type OrderType =
  | { readonly known: KnownType; readonly raw: string }
  | { readonly known: undefined; readonly raw: string };

export interface Order {
  readonly id: string;
  readonly type: OrderType;
  readonly state: OrderState;
  /** ISO strings as sent; `undefined` when missing or not a date. */
  readonly createdAt?: string;
  readonly updatedAt?: string;
  readonly stateUpdatedAt?: string;
  readonly createdBy?: string;
  readonly companyId?: string;
  /** The window the server stored (ISO instants), when present. */
  readonly window?: { readonly start?: string; readonly end?: string };
  /** Any other configuration fields, kept for the tooltip. */
  readonly configuration?: Readonly<Record<string, unknown>>;
  /**
   * Set only on a just-started order shown before the server lists it (OrderStore.addOptimistic);
   * never from the wire. Such a placeholder cannot be deleted and shows the range that was asked for.
   */
  readonly optimistic?: { readonly requestedRange?: DateRange };
}

/** One export kind: what it is called, its longest range, and which API surfaces can start it. */
export interface ExportKind {
  readonly type: KnownType;
  /** Its English name, the same in every language: for file names and log lines. */
  readonly name: string;
  /** Its name in the display language, translated each time it is read (for what people see). */
  readonly label: string;
  /** `label` as it reads inside a sentence ("chat interactions"), in the display language. */
  readonly labelInSentence: string;
  /** The longest range one order may cover, in days. */
  readonly maxDays: number;
  /** The surfaces that can start it (every surface lists every kind it finds). */
  readonly surfaces: readonly Surface[];
  /** The internal surface's REST route that starts it (`GET <base><path>?startDate&endDate`). */
  readonly path?: string;
}

/**
 * A kind whose `label` and `labelInSentence` are translated when read: this table is made when the module
 * loads, before the adapter has configured the translations.
 */
function kind(
  type: KnownType,
  name: string,
  maxDays: number,
  surfaces: readonly Surface[],
  path?: string,
): ExportKind {
  return {
    type,
    name,
    get label() {
      return kindLabel(type);
    },
    get labelInSentence() {
      return kindLabelInSentence(type);
    },
    maxDays,
    surfaces,
    ...(path ? { path } : {}),
  };
}

/**
 * Every kind an order can have, in the order the wizard offers them. The internal surface starts four
 * over REST (their `path`); the Public API starts all nine with `POST /analytics/orders`.
 */
export const EXPORT_KINDS: readonly ExportKind[] = [
  kind(
    'CHAT_INTERACTION',
    'Chat interactions',
    365,
    ['internal', 'public'],
    '/analytics/chat-interactions',
  ),
  kind('ACTIVE_USER', 'Active users', 365, ['internal', 'public'], '/analytics/active-users'),
  kind(
    'REFERENCE_STAT',
    'Reference statistics',
    365,
    ['internal', 'public'],
    '/analytics/reference-stat-export',
  ),
  kind(
    'CHAT_INTERACTION_DETAILED',
    'Detailed user interactions',
    14,
    ['internal', 'public'],
    '/analytics/chat-interactions-detailed',
  ),
  kind('INGESTION_STAT', 'Ingestion statistics', 365, ['public']),
  kind('MODEL_USAGE', 'Model usage', 365, ['public']),
  kind('NPS', 'Net promoter score', 365, ['public']),
  kind('PRODUCT_METRICS', 'Product metrics', 365, ['public']),
  kind('USER_CHAT_EXPORT', 'User chat export', 365, ['public']),
];

/** A kind's name in the display language ("Chat interactions"). */
function kindLabel(type: KnownType): string {
  switch (type) {
    case 'CHAT_INTERACTION':
      return l10n.t('Chat interactions');
    case 'ACTIVE_USER':
      return l10n.t('Active users');
    case 'REFERENCE_STAT':
      return l10n.t('Reference statistics');
    case 'CHAT_INTERACTION_DETAILED':
      return l10n.t('Detailed user interactions');
    case 'INGESTION_STAT':
      return l10n.t('Ingestion statistics');
    case 'MODEL_USAGE':
      return l10n.t('Model usage');
    case 'NPS':
      return l10n.t('Net promoter score');
    case 'PRODUCT_METRICS':
      return l10n.t('Product metrics');
    case 'USER_CHAT_EXPORT':
      return l10n.t('User chat export');
    default:
      return assertNever(type, 'export type');
  }
}

/** A kind's name inside a sentence ("… days of chat interactions from …"), in the display language. */
function kindLabelInSentence(type: KnownType): string {
  switch (type) {
    case 'CHAT_INTERACTION':
      return l10n.t({
        message: 'chat interactions',
        comment: ['an export kind inside a sentence, e.g. "days of chat interactions"'],
      });
    case 'ACTIVE_USER':
      return l10n.t({
        message: 'active users',
        comment: ['an export kind inside a sentence, e.g. "days of chat interactions"'],
      });
    case 'REFERENCE_STAT':
      return l10n.t({
        message: 'reference statistics',
        comment: ['an export kind inside a sentence, e.g. "days of chat interactions"'],
      });
    case 'CHAT_INTERACTION_DETAILED':
      return l10n.t({
        message: 'detailed user interactions',
        comment: ['an export kind inside a sentence, e.g. "days of chat interactions"'],
      });
    case 'INGESTION_STAT':
      return l10n.t({
        message: 'ingestion statistics',
        comment: ['an export kind inside a sentence, e.g. "days of chat interactions"'],
      });
    case 'MODEL_USAGE':
      return l10n.t({
        message: 'model usage',
        comment: ['an export kind inside a sentence, e.g. "days of chat interactions"'],
      });
    case 'NPS':
      return l10n.t({
        message: 'net promoter score',
        comment: ['an export kind inside a sentence, e.g. "days of chat interactions"'],
      });
    case 'PRODUCT_METRICS':
      return l10n.t({
        message: 'product metrics',
        comment: ['an export kind inside a sentence, e.g. "days of chat interactions"'],
      });
    case 'USER_CHAT_EXPORT':
      return l10n.t({
        message: 'user chat export',
        comment: ['an export kind inside a sentence, e.g. "days of chat interactions"'],
      });
    default:
      return assertNever(type, 'export type');
  }
}

/** Every kind an export can be started for (on some surface): all nine known types. */
export type ExportType = KnownType;

export function exportKind(type: ExportType): ExportKind {
  const k = EXPORT_KINDS.find((x) => x.type === type);
  if (!k) throw new Error(`unknown export type ${type}`);
  return k;
}

/** The kind of `type` when it is one of the nine, else undefined (any input; never throws). */
export function findExportKind(type: unknown): ExportKind | undefined {
  return EXPORT_KINDS.find((x) => x.type === type);
}

/** The kinds `surface` can start, in the table's order. */
export function exportKindsFor(surface: Surface): readonly ExportKind[] {
  return EXPORT_KINDS.filter((k) => k.surfaces.includes(surface));
}

/** True when `surface` can start `type`. */
export function canStart(surface: Surface, type: ExportType): boolean {
  return exportKindsFor(surface).some((k) => k.type === type);
}

/** What a row calls the order's kind, in the display language; an unknown type as the server sent it. */
export function typeLabel(t: OrderType): string {
  return t.known ? kindLabel(t.known) : t.raw || l10n.t('Unknown export');
}

/** `typeLabel` inside a sentence ("the chat interactions export"). */
export function typeLabelInSentence(t: OrderType): string {
  return t.known ? kindLabelInSentence(t.known) : t.raw || l10n.t('unknown export');
}

/** The kind's English name, the same in every language: for file names and log lines. */
export function typeName(t: OrderType): string {
  return (t.known && findExportKind(t.known)?.name) || t.raw || 'Unknown export';
}

/** The state in the display language; a state this version doesn't know as the server sent it. */
export function stateLabel(s: OrderState): string {
  const known = s.known;
  if (!known) return s.raw || l10n.t({ message: 'Unknown', comment: ['an order state'] });
  switch (known) {
    case 'PENDING':
      return l10n.t({ message: 'Queued', comment: ['an order state'] });
    case 'RUNNING':
      return l10n.t({ message: 'Running', comment: ['an order state'] });
    case 'DONE':
      return l10n.t({ message: 'Done', comment: ['an order state'] });
    case 'ERROR':
      return l10n.t({ message: 'Failed', comment: ['an order state'] });
    default:
      return assertNever(known, 'order state');
  }
}

export function toState(raw: string): OrderState {
  const up = raw.toUpperCase();
  const known = (KNOWN_STATES as readonly string[]).includes(up) ? (up as KnownState) : undefined;
  return known ? { known, raw } : { known: undefined, raw };
}

export function toType(raw: string): OrderType {
  const up = raw.toUpperCase();
  const known = (KNOWN_TYPES as readonly string[]).includes(up) ? (up as KnownType) : undefined;
  return known ? { known, raw } : { known: undefined, raw };
}

/**
 * DONE and ERROR are final. An unknown state is treated as unfinished (keep watching it) unless its
 * name says it ended: an unknown state must never stop us polling an order that may still finish.
 */
export function isFinal(s: OrderState): boolean {
  if (s.known) return s.known === 'DONE' || s.known === 'ERROR';
  return /^(CANCEL+ED|FAILED|EXPIRED|DELETED|ABORTED|COMPLETED)$/i.test(s.raw);
}

export function isUnfinished(o: Order): boolean {
  return !isFinal(o.state);
}

function optString(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : undefined;
}

function optDate(v: unknown): string | undefined {
  const s = optString(v);
  return s && !Number.isNaN(Date.parse(s)) ? s : undefined;
}

/**
 * Maps one wire object of `analyticsOrders` to an `Order`. Only `id` is required (without it we can
 * neither download nor delete); everything else degrades gracefully. `configuration` may arrive as an
 * object or as a JSON string.
 */
export function orderFromWire(wire: unknown, endpoint = 'analyticsOrders'): Order {
  if (typeof wire !== 'object' || wire === null || Array.isArray(wire)) {
    throw new ApiError(
      'protocol',
      l10n.t(
        'The Unique API ({0}) sent an order that is not an object: {1}.',
        endpoint,
        preview(wire),
      ),
      {
        endpoint,
        field: 'order',
      },
    );
  }
  const w = wire as Record<string, unknown>;
  const id = optString(w.id);
  if (!id) {
    throw new ApiError(
      'protocol',
      l10n.t(
        'The Unique API ({0}) sent an order without an "id" (got {1}).',
        endpoint,
        preview(w.id),
      ),
      {
        endpoint,
        field: 'id',
      },
    );
  }
  let configuration: Record<string, unknown> | undefined;
  if (
    typeof w.configuration === 'object' &&
    w.configuration !== null &&
    !Array.isArray(w.configuration)
  ) {
    configuration = w.configuration as Record<string, unknown>;
  } else if (typeof w.configuration === 'string') {
    // Anything that is not a JSON object (garbage, `42`, `[…]`) is kept verbatim for the tooltip.
    let parsed: unknown;
    try {
      parsed = JSON.parse(w.configuration);
    } catch {
      parsed = undefined;
    }
    configuration =
      typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : { raw: w.configuration };
  }
  const start = optDate(configuration?.startDate);
  const end = optDate(configuration?.endDate);
  return {
    id,
    type: toType(optString(w.type) ?? ''),
    state: toState(optString(w.state) ?? ''),
    createdAt: optDate(w.createdAt),
    updatedAt: optDate(w.updatedAt),
    stateUpdatedAt: optDate(w.stateUpdatedAt),
    createdBy: optString(w.createdBy),
    companyId: optString(w.companyId),
    window: start || end ? { start, end } : undefined,
    configuration,
  };
}

/** Short, single-line rendering of an unexpected value for error messages. */
export function preview(v: unknown, max = 120): string {
  let s: string;
  try {
    // JSON.stringify returns undefined (no throw) for functions and symbols.
    s =
      v === undefined
        ? l10n.t({ message: 'nothing', comment: ['a missing value, as in "got nothing"'] })
        : typeof v === 'symbol' || typeof v === 'function'
          ? v.toString()
          : JSON.stringify(v);
  } catch {
    s = String(v);
  }
  s = s.replace(/\s+/g, ' ');
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/**
 * The calendar days an order covers: for a placeholder the range that was requested, otherwise its
 * stored window read back in Zurich time (where the server turned days into instants).
 */
export function orderDateRange(order: Order): DateRange | undefined {
  return order.optimistic ? order.optimistic.requestedRange : dateRangeFromWindow(order.window);
}
