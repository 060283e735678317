// The fault switchboard: tests queue misbehaviour per route (errors, throttling, resets, odd bodies)
// and the server asks it, per request, what to do instead of (or on top of) the normal answer.

import { errorReply, jsonReply, type Reply } from './httpIo';
import type { Fault, FaultSpec, RouteKind } from './types';

const FAULT_KINDS = new Set([
  'status',
  'rateLimit',
  'badGateway',
  'delay',
  'reset',
  'malformedJson',
  'graphqlErrors',
  'unknownValues',
  'emptyBody',
  'redirect',
]);
const TARGETS = new Set(['start', 'list', 'delete', 'download', 'token', 'any']);

/** Throws a readable error for a spec that cannot work (a typo in a test should fail loudly). */
export function checkFaultSpec(spec: unknown): FaultSpec {
  const s = spec as Partial<FaultSpec> | null;
  if (!s || typeof s !== 'object')
    throw new Error('fault spec must be an object { on, times?, fault }');
  if (!TARGETS.has(String(s.on)))
    throw new Error(`fault "on" must be start|list|delete|download|token|any, got ${String(s.on)}`);
  if (!s.fault || !FAULT_KINDS.has(String(s.fault.kind)))
    throw new Error(`unknown fault kind ${String(s.fault?.kind)}`);
  if (s.times !== undefined && s.times !== null && !(typeof s.times === 'number' && s.times > 0)) {
    throw new Error('fault "times" must be a positive number');
  }
  return { on: s.on!, times: s.times ?? Infinity, fault: s.fault };
}

export class FaultBoard {
  private entries: Array<{ spec: FaultSpec; left: number }> = [];

  add(spec: FaultSpec): void {
    const checked = checkFaultSpec(spec);
    this.entries.push({ spec: checked, left: checked.times ?? Infinity });
  }

  clear(): void {
    this.entries = [];
  }

  /** The faults still armed, with how many uses each has left. */
  pending(): Array<FaultSpec & { left: number }> {
    return this.entries.map((e) => ({ ...e.spec, left: e.left }));
  }

  /**
   * Consumes the faults for one request: every armed delay adds up, plus the first other fault
   * (first added wins). Control routes never reach here.
   */
  take(route: RouteKind): { delayMs: number; fault?: Fault } {
    let delayMs = 0;
    let fault: Fault | undefined;
    for (const e of this.entries) {
      if (e.left <= 0 || (e.spec.on !== 'any' && e.spec.on !== route)) continue;
      if (e.spec.fault.kind === 'delay') delayMs += e.spec.fault.ms;
      else if (fault) continue;
      else fault = e.spec.fault;
      e.left--;
    }
    this.entries = this.entries.filter((e) => e.left > 0);
    return { delayMs, fault };
  }
}

const BAD_GATEWAY_HTML =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/** What a fault turns into: a finished reply, or "run the route, then alter/cut its answer". */
export type FaultOutcome =
  | { do: 'reply'; reply: Reply }
  | { do: 'destroy' }
  | { do: 'normal'; cutAfter?: number; alter?: (reply: Reply) => Reply }
  | { do: 'redirect'; to: 'other-origin' | 'same-origin' };

export function faultOutcome(fault: Fault, route: RouteKind): FaultOutcome {
  switch (fault.kind) {
    case 'status':
      return { do: 'reply', reply: errorReply(fault.status) };
    case 'rateLimit':
      return {
        do: 'reply',
        reply: errorReply(429, 'Too Many Requests', {
          'retry-after': String(fault.retryAfterSeconds),
        }),
      };
    case 'badGateway':
      return {
        do: 'reply',
        reply: { status: 502, headers: { 'content-type': 'text/html' }, body: BAD_GATEWAY_HTML },
      };
    case 'delay':
      return { do: 'normal' };
    case 'reset':
      return fault.afterBytes === undefined
        ? { do: 'destroy' }
        : { do: 'normal', cutAfter: fault.afterBytes };
    case 'malformedJson':
      return {
        do: 'reply',
        reply: {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: '{"data":{"analyticsOrders":[{"id":"analyticOrder_',
        },
      };
    case 'graphqlErrors':
      return {
        do: 'reply',
        reply: jsonReply(200, {
          errors: [
            { message: fault.message, ...(fault.code ? { extensions: { code: fault.code } } : {}) },
          ],
          data: null,
        }),
      };
    case 'unknownValues':
      return { do: 'normal', alter: withUnknownValues };
    case 'emptyBody':
      return {
        do: 'reply',
        reply: {
          status: 200,
          headers: {
            'content-type': route === 'download' ? 'text/csv; charset=utf-8' : 'application/json',
          },
        },
      };
    case 'redirect':
      return { do: 'redirect', to: fault.to };
    default:
      return assertNever(fault);
  }
}

function assertNever(x: never): never {
  throw new Error(`unhandled fault ${JSON.stringify(x)}`);
}

const EXTRA_FIELDS = {
  priority: 'HIGH',
  retentionDays: 30,
  _links: { self: '/analytics/orders/x' },
};

/** Adds unknown fields to every returned order, and (for lists) one order of unknown state and type. */
function withUnknownValues(reply: Reply): Reply {
  if (typeof reply.body !== 'string' || reply.status !== 200) return reply;
  const parsed = JSON.parse(reply.body) as { data?: Record<string, unknown> | null };
  const data = parsed.data;
  if (!data) return reply;
  const list = data.analyticsOrders;
  if (Array.isArray(list)) {
    const first = (list[0] ?? {}) as Record<string, unknown>;
    const now = new Date().toISOString();
    const mystery = {
      ...first,
      id: 'analyticOrder_mystery00000000000000000',
      type: 'MYSTERY_EXPORT',
      state: 'QUANTUM',
      createdAt: first.createdAt ?? now,
      updatedAt: first.updatedAt ?? now,
      stateUpdatedAt: first.stateUpdatedAt ?? now,
      configuration: { startDate: now, endDate: now, dimensions: ['space', 'time'] },
      ...EXTRA_FIELDS,
    };
    data.analyticsOrders = [mystery, ...list.map((o) => ({ ...(o as object), ...EXTRA_FIELDS }))];
  } else if (data.analyticsOrderDelete && typeof data.analyticsOrderDelete === 'object') {
    data.analyticsOrderDelete = { ...data.analyticsOrderDelete, ...EXTRA_FIELDS };
  }
  return { ...reply, body: JSON.stringify(parsed) };
}
