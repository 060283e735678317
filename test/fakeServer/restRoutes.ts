// The fake's normal answers: start an export, download a CSV, run GraphQL. Faults and auth are decided
// before these run (server.ts); these only know the order store.

import { csvChunks, csvLayout, csvLength } from './csvGenerator';
import { readGraphqlRequest, runGraphql, type GraphqlRequest } from './graphqlSchema';
import { errorReply, jsonReply, type Reply } from './httpIo';
import type { OrderStore } from './orderStore';
import { DEFAULTS, type RouteKind, type StartAnswerShape } from './types';
import { zurichBounds } from './zurichDays';

/** Start routes below the prefix, with the order type they create and their range limit in days. */
export const START_ROUTES: Readonly<Record<string, { type: string; maxDays: number }>> = {
  '/analytics/chat-interactions': { type: 'CHAT_INTERACTION', maxDays: 365 },
  '/analytics/active-users': { type: 'ACTIVE_USER', maxDays: 365 },
  '/analytics/reference-stat-export': { type: 'REFERENCE_STAT', maxDays: 365 },
  '/analytics/chat-interactions-detailed': { type: 'CHAT_INTERACTION_DETAILED', maxDays: 14 },
};

export const DOWNLOAD_PREFIX = '/analytics/analytics-scheduler/download/';
const PREFIX = DEFAULTS.prefix;

export interface RouteContext {
  readonly store: OrderStore;
  now(): number;
  readonly startAnswerShape: StartAnswerShape;
  readonly defaultCsvBytes: number;
  /** Pace of CSV download bodies in bytes per second (throttle.ts); 0: unshaped. */
  readonly downloadBytesPerSecond: number;
  /** Counts a new started order; true when it is the one that should end in ERROR. */
  nextStartFails(): boolean;
}

export function startExport(
  ctx: RouteContext,
  route: string,
  query: Record<string, string>,
): Reply {
  const spec = START_ROUTES[route];
  const result = zurichBounds(query.startDate, query.endDate, ctx.now(), spec.maxDays);
  if (!result.ok) return errorReply(400, result.message);
  const order = ctx.store.add({
    type: spec.type,
    configuration: { startDate: result.bounds.startDate, endDate: result.bounds.endDate },
    fails: ctx.nextStartFails(),
  });
  switch (ctx.startAnswerShape) {
    case 'json-string':
      return jsonReply(200, order.id);
    case 'json-object':
      return jsonReply(200, { id: order.id });
    case 'bare':
      return {
        status: 200,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: order.id,
      };
    default:
      return assertNever(ctx.startAnswerShape);
  }
}

function assertNever(x: never): never {
  throw new Error(`unhandled start answer shape ${String(x)}`);
}

/** `encodedId` is the raw path segment after the download prefix. */
export function download(ctx: RouteContext, encodedId: string): Reply {
  let id: string;
  try {
    id = decodeURIComponent(encodedId);
  } catch {
    return errorReply(400, `The order id in the path is not valid URL encoding.`);
  }
  const order = ctx.store.get(id);
  if (!order) return errorReply(404, `Analytics order ${id} not found`);
  if (order.state !== 'DONE') {
    return errorReply(
      409,
      `Analytics order ${id} is ${order.state}; it can be downloaded once it is DONE.`,
    );
  }
  const layout = csvLayout(order.type, order.configuration.startDate, order.configuration.endDate);
  const bytes = ctx.store.csvBytes(id) ?? ctx.defaultCsvBytes;
  return {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-length': csvLength(layout, bytes),
      // Header values must be ASCII: odd ids (tests use them) are reduced to a safe file name.
      'content-disposition': `attachment; filename="${`${order.type}_${id}`.toLowerCase().replace(/[^a-z0-9_.-]/g, '_')}.csv"`,
    },
    chunks: () => csvChunks(layout, bytes),
    ...(ctx.downloadBytesPerSecond > 0 ? { bytesPerSecond: ctx.downloadBytesPerSecond } : {}),
  };
}

/** A request as the routes see it: which route it is, and the parsed GraphQL body when it is one. */
export interface RoutedRequest {
  method: string;
  path: string;
  /** The path below the `/chat` prefix; undefined outside it. */
  sub?: string;
  query: Record<string, string>;
  contentType: string;
  route: RouteKind;
  gql?: GraphqlRequest;
}

/** Decides the route (reading the body only for GraphQL, whose operation decides list vs delete). */
export async function classify(
  method: string,
  url: URL,
  contentType: string,
  graphqlPath: string,
  body: () => Promise<string>,
): Promise<RoutedRequest> {
  const sub = url.pathname.startsWith(PREFIX + '/') ? url.pathname.slice(PREFIX.length) : undefined;
  const base = {
    method,
    path: url.pathname,
    sub,
    query: Object.fromEntries(url.searchParams),
    contentType,
  };
  if (sub === undefined) return { ...base, route: 'other' };
  if (method === 'GET' && START_ROUTES[sub]) return { ...base, route: 'start' };
  if (method === 'GET' && sub.startsWith(DOWNLOAD_PREFIX) && sub.length > DOWNLOAD_PREFIX.length)
    return { ...base, route: 'download' };
  if (method === 'POST' && sub === graphqlPath) {
    const gql = readGraphqlRequest(await body());
    return { ...base, route: gql.route, gql };
  }
  return { ...base, route: 'other' };
}

/** The normal answer to a classified request. */
export async function answer(ctx: RouteContext, r: RoutedRequest): Promise<Reply> {
  if (r.route === 'start' && r.sub) return startExport(ctx, r.sub, r.query);
  if (r.route === 'download' && r.sub) return download(ctx, r.sub.slice(DOWNLOAD_PREFIX.length));
  if (r.gql) {
    // Like Apollo's CSRF guard: a GraphQL POST must say it carries JSON.
    if (!r.contentType.toLowerCase().startsWith('application/json')) {
      return errorReply(
        400,
        'POST body missing, invalid Content-Type, or JSON object has no keys.',
      );
    }
    const { status, body } = await runGraphql(r.gql, ctx.store);
    return jsonReply(status, body);
  }
  return errorReply(404, `Cannot ${r.method} ${r.path}`);
}
