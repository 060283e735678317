// The documented Public API surface of the fake (Unique's SDK `AnalyticsOrder`): below `/public/chat`,
// `POST|GET /analytics/orders`, `GET /analytics/orders/{id}`, `GET .../{id}/download`, `DELETE .../{id}`,
// with the identity headers every call must carry. Same order store and fault switchboard as the internal
// routes; orders come back in the Public API's shape (`object: "analytics-order"`, no companyId/createdBy).
import { errorReply, jsonReply, type Reply } from './httpIo';
import { COMPANY_ID, CREATED_BY } from './orderStore';
import { download, type RouteContext } from './restRoutes';
import type { RouteKind } from './types';
import { zurichBounds } from './zurichDays';

export const PUBLIC_PREFIX = '/public/chat';
const ORDERS = '/analytics/orders';
export const PUBLIC_TYPES: Readonly<Record<string, number>> = {
  ACTIVE_USER: 365,
  CHAT_INTERACTION: 365,
  CHAT_INTERACTION_DETAILED: 14,
  INGESTION_STAT: 365,
  MODEL_USAGE: 365,
  NPS: 365,
  PRODUCT_METRICS: 365,
  REFERENCE_STAT: 365,
  USER_CHAT_EXPORT: 365,
};
const REQUIRED_HEADERS = ['x-app-id', 'x-user-id', 'x-company-id', 'x-api-version'];
/**
 * Identity a caller of the fake's Public API may send (`npm run fake-server` prints it). The fake only insists
 * that each header is there; user and company are those of the fake's orders.
 */
export const PUBLIC_IDENTITY = {
  appId: 'app_fakeanalytics00000000',
  userId: CREATED_BY,
  companyId: COMPANY_ID,
  apiVersion: '2023-12-06',
} as const;

export interface PublicRequest {
  readonly route: RouteKind;
  readonly op: 'create' | 'list' | 'get' | 'download' | 'delete' | 'other';
  readonly id?: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body?: string;
}

/** Undefined when the path is not below the public prefix. */
export function classifyPublic(
  method: string,
  url: URL,
  headers: PublicRequest['headers'],
  body: string | undefined,
): PublicRequest | undefined {
  if (!url.pathname.startsWith(PUBLIC_PREFIX + '/')) return undefined;
  const sub = url.pathname.slice(PUBLIC_PREFIX.length);
  const base = { query: Object.fromEntries(url.searchParams), headers, body };
  if (sub === ORDERS) {
    if (method === 'POST') return { ...base, route: 'start', op: 'create' };
    if (method === 'GET') return { ...base, route: 'list', op: 'list' };
  }
  const m = /^\/analytics\/orders\/([^/]+)(\/download)?$/.exec(sub);
  if (m) {
    const id = m[1];
    if (method === 'GET' && m[2]) return { ...base, route: 'download', op: 'download', id };
    if (method === 'GET') return { ...base, route: 'list', op: 'get', id };
    if (method === 'DELETE') return { ...base, route: 'delete', op: 'delete', id };
  }
  return { ...base, route: 'other', op: 'other' };
}

type Wire = Record<string, unknown>;

/** An order as the Public API shows it. */
function publicShape(o: Wire): Wire {
  const { companyId: _c, createdBy: _b, ...rest } = o;
  return { ...rest, object: 'analytics-order' };
}

export function answerPublic(ctx: RouteContext, r: PublicRequest): Reply {
  const missing = REQUIRED_HEADERS.filter((h) => !r.headers[h]);
  if (missing.length) return errorReply(400, `Missing required header(s): ${missing.join(', ')}`);
  const decoded = (): string | undefined => {
    try {
      return r.id === undefined ? undefined : decodeURIComponent(r.id);
    } catch {
      return undefined;
    }
  };
  switch (r.op) {
    case 'create': {
      let input: Wire;
      try {
        input = JSON.parse(r.body ?? '') as Wire;
      } catch {
        return errorReply(
          400,
          'The body must be JSON: { type, startDate, endDate, assistantId? }.',
        );
      }
      const type = typeof input.type === 'string' ? input.type : '';
      const maxDays = PUBLIC_TYPES[type];
      if (maxDays === undefined)
        return errorReply(400, `type must be one of ${Object.keys(PUBLIC_TYPES).join(', ')}`);
      const day = (v: unknown): string => (typeof v === 'string' ? v : '');
      const result = zurichBounds(day(input.startDate), day(input.endDate), ctx.now(), maxDays);
      if (!result.ok) return errorReply(400, result.message);
      const configuration: Wire = {
        startDate: result.bounds.startDate,
        endDate: result.bounds.endDate,
      };
      if (typeof input.assistantId === 'string' && input.assistantId)
        configuration.assistantId = input.assistantId;
      const order = ctx.store.add({
        type,
        configuration: configuration,
        fails: ctx.nextStartFails(),
      });
      return jsonReply(201, publicShape(order as unknown as Wire));
    }
    case 'list': {
      const skip = Number(r.query.skip ?? 0);
      const take = Number(r.query.take ?? 20);
      if (
        !Number.isInteger(skip) ||
        skip < 0 ||
        !Number.isInteger(take) ||
        take < 1 ||
        take > 100
      ) {
        return errorReply(400, 'skip must be >= 0 and take 1-100.');
      }
      const items = ctx.store
        .page([{ createdAt: 'desc' }], skip, take)
        .map((o) => publicShape(o as unknown as Wire));
      return jsonReply(200, { items });
    }
    case 'get':
    case 'delete': {
      const id = decoded();
      if (id === undefined) return errorReply(404, 'Analytics order not found');
      const order = r.op === 'get' ? ctx.store.get(id) : ctx.store.delete(id);
      return order
        ? jsonReply(200, publicShape(order as unknown as Wire))
        : errorReply(404, `Analytics order ${id} not found`);
    }
    case 'download':
      return r.id === undefined ? errorReply(404) : download(ctx, r.id);

    default:
      return errorReply(404, 'Cannot find this route');
  }
}
