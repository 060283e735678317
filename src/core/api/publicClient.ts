// The documented Public API surface (Unique's SDK `AnalyticsOrder`): all nine export kinds over REST with a
// personal API key and the identity headers `x-app-id`, `x-user-id`, `x-company-id`, `x-api-version`.
// Same transport, download and order mapping as the internal client; what differs is routes and shapes.

import type { DateRange } from '../dateRange';
import { ApiError, assertNever, isCancellation } from '../errors';
import {
  findExportKind,
  orderFromWire,
  preview,
  type ExportType,
  type Order,
} from '../orders/order';
import { silentLogger, systemClock } from '../ports';
import type { Clock, FetchFn, Logger, TokenGetter } from '../ports';
import { parseBaseUrl } from '../setup/baseUrl';
import {
  DEFAULT_DOWNLOAD_IDLE_TIMEOUT_MS,
  DEFAULT_TIMEOUT_MS,
  maybeStarted,
  refuseNonCsv,
  requireOrderId,
} from './client';
import { saveBody } from './download';
import { HttpTransport, isSendableToken, type HttpRequest } from './http';
import { nodeFetch } from './nodeFetch';
import type {
  ConnectionChecker,
  ConnectionCheck,
  ConnectionReport,
  DownloadOptions,
  DownloadResult,
  ListOrdersPage,
  StartExportOptions,
  UniqueAnalyticsApi,
} from './types';

export interface PublicClientOptions {
  /** e.g. `https://gateway.unique.app/public/chat-gen2`. */
  readonly baseUrl: string;
  /** The personal API key (`ukey_…`), sent as the bearer. */
  readonly getApiKey: TokenGetter;
  readonly appId: string;
  readonly userId: string;
  readonly companyId: string;
  readonly apiVersion: string;
  readonly userAgent: string;
  readonly fetch?: FetchFn;
  readonly logger?: Logger;
  readonly timeoutMs?: number;
  readonly downloadIdleTimeoutMs?: number;
  readonly clock?: Clock;
}

export interface StartOrderOptions {
  /** A space (assistant) id: the export covers that assistant only. */
  readonly assistantId?: string;
  readonly signal?: AbortSignal;
}

const OP = {
  start: 'Starting the export',
  list: 'Listing orders',
  get: 'Reading the order',
  download: 'Downloading the CSV',
  delete: 'Deleting the order',
} as const;

/** The Public API's prefix, as the docs show it (the SDK's default base ends in `/public/chat-gen2`). */
export const PUBLIC_BASE_EXAMPLE = 'https://gateway.<cluster>.unique.app/public/chat';

const NOT_FOUND_HINT = `Check the base URL: it should end in the Public API's prefix, e.g. ${PUBLIC_BASE_EXAMPLE} (the SDK's default is https://gateway.unique.app/public/chat-gen2).`;

export class PublicAnalyticsClient implements UniqueAnalyticsApi, ConnectionChecker {
  /** The documented Public API: all nine kinds, an optional assistant filter. */
  readonly surface = 'public' as const;
  private readonly transport: HttpTransport;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly base: string | undefined;
  private readonly baseProblem: string | undefined;

  constructor(private readonly opts: PublicClientOptions) {
    this.logger = opts.logger ?? silentLogger;
    this.clock = opts.clock ?? systemClock;
    this.transport = new HttpTransport({
      getToken: opts.getApiKey,
      fetch: opts.fetch ?? nodeFetch,
      userAgent: opts.userAgent,
      logger: this.logger,
      timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      clock: this.clock,
    });
    const url = parseBaseUrl(opts.baseUrl);
    if (url.ok) this.base = url.url.replace(/\/+$/, '');
    else this.baseProblem = url.message;
  }

  /**
   * Starts one of the nine kinds (optionally for one assistant) and resolves to the new order's id. A
   * start that may have reached the server before failing says so (refresh before starting it again).
   */
  async startExport(
    type: ExportType,
    range: DateRange | undefined,
    signal?: AbortSignal,
    options: StartExportOptions = {},
  ): Promise<string> {
    if (!findExportKind(type))
      throw new ApiError(
        'badConfiguration',
        `${OP.start} failed: ${preview(type)} is not an export kind. Nothing was sent.`,
        { operation: OP.start, field: 'type' },
      );
    if (!range)
      throw new ApiError(
        'badConfiguration',
        `${OP.start} failed: the Public API needs the first and last day of the export. Nothing was sent.`,
        { operation: OP.start, field: 'range' },
      );
    try {
      return (await this.startOrder(type, range, { assistantId: options.assistantId, signal })).id;
    } catch (e) {
      throw maybeStarted(e);
    }
  }

  /** Places an order of any kind the Public API knows (all nine, or one a newer server adds). */
  async startOrder(
    type: string,
    range: DateRange,
    options: StartOrderOptions = {},
  ): Promise<Order> {
    const body: Record<string, string> = { type, startDate: range.start, endDate: range.end };
    if (options.assistantId?.trim()) body.assistantId = options.assistantId.trim();
    const answer = await this.json(OP.start, '/analytics/orders', {
      method: 'POST',
      body: JSON.stringify(body),
      signal: options.signal,
    });
    const order = this.orderOf(OP.start, answer);
    this.logger.info(`Started ${type} export ${range.start}..${range.end}: order ${order.id}`);
    return order;
  }

  /** One page, newest first. Accepts `{ items: [...] }` and, from older servers, a bare list. */
  async listOrders(skip: number, take: number, signal?: AbortSignal): Promise<ListOrdersPage> {
    const query = new URLSearchParams({
      skip: String(Math.max(0, Math.floor(skip))),
      take: String(Math.min(100, Math.max(1, Math.floor(take)))),
    });
    const answer = await this.json(OP.list, `/analytics/orders?${query.toString()}`, {
      signal,
      notFoundHint: NOT_FOUND_HINT,
    });
    const list: unknown = Array.isArray(answer)
      ? answer
      : (answer as { items?: unknown } | null)?.items;
    if (!Array.isArray(list)) {
      throw new ApiError(
        'protocol',
        `${OP.list} failed: the answer has no "items" list (got ${preview(answer)}). The API may have changed; please report it with the log.`,
        {
          operation: OP.list,
          field: 'items',
        },
      );
    }
    const orders: Order[] = [];
    let skipped = 0;
    for (const item of list) {
      try {
        orders.push(orderFromWire(item, 'public analytics orders'));
      } catch (e) {
        skipped++;
        this.logger.warn(
          `${OP.list}: skipped an entry: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    }
    return { orders, mayHaveMore: list.length >= Number(query.get('take')), skipped };
  }

  async getOrder(orderId: string, signal?: AbortSignal): Promise<Order> {
    requireOrderId(OP.get, orderId);
    return this.orderOf(
      OP.get,
      await this.json(OP.get, `/analytics/orders/${encodeURIComponent(orderId)}`, { signal }),
    );
  }

  async downloadCsv(
    orderId: string,
    targetPath: string,
    options: DownloadOptions = {},
  ): Promise<DownloadResult> {
    requireOrderId(OP.download, orderId);
    const exchange = await this.transport.send(
      this.request(OP.download, `/analytics/orders/${encodeURIComponent(orderId)}/download`, {
        headers: { accept: 'text/csv' },
        signal: options.signal,
        notFoundHint: 'The order may have been deleted or not be finished yet: refresh the list.',
      }),
    );
    try {
      await refuseNonCsv(exchange, OP.download);
      const result = await saveBody(exchange, {
        operation: OP.download,
        targetPath,
        idleTimeoutMs: this.opts.downloadIdleTimeoutMs ?? DEFAULT_DOWNLOAD_IDLE_TIMEOUT_MS,
        clock: this.clock,
        onProgress: options.onProgress,
        onChunk: options.onChunk,
      });
      this.logger.info(`Downloaded order ${orderId}: ${result.bytes} bytes to ${result.path}`);
      return result;
    } finally {
      exchange.release();
    }
  }

  async deleteOrder(orderId: string, signal?: AbortSignal): Promise<Order | undefined> {
    requireOrderId(OP.delete, orderId);
    const answer = await this.json(OP.delete, `/analytics/orders/${encodeURIComponent(orderId)}`, {
      method: 'DELETE',
      signal,
    });
    this.logger.info(`Deleted order ${orderId}`);
    try {
      return answer === undefined ? undefined : orderFromWire(answer, 'public analytics orders');
    } catch {
      return undefined; // deleted; the answer's shape does not matter any more
    }
  }

  /**
   * Configuration, API key, reachability/TLS, the key accepted, the identity headers accepted and the
   * order list, with one `GET /analytics/orders?skip=0&take=1`; never starts an export.
   */
  async checkConnection(signal?: AbortSignal): Promise<ConnectionReport> {
    return checkPublicConnection(
      {
        base: this.base,
        baseProblem: this.baseProblem,
        identity: this.opts,
        getApiKey: this.opts.getApiKey,
        listFirst: (s) => this.listOrders(0, 1, s),
        redact: (t) => this.transport.redact(t),
      },
      signal,
    );
  }

  private request(operation: string, path: string, extra: Partial<HttpRequest>): HttpRequest {
    if (!this.base) {
      throw new ApiError(
        'badConfiguration',
        `${operation} failed: ${this.baseProblem ?? 'no base URL is set'}`,
        { operation },
      );
    }
    const { appId, userId, companyId, apiVersion } = this.opts;
    return {
      operation,
      url: `${this.base}${path}`,
      ...extra,
      headers: {
        'x-app-id': appId,
        'x-user-id': userId,
        'x-company-id': companyId,
        'x-api-version': apiVersion,
        accept: 'application/json',
        ...(extra.method === 'POST' ? { 'content-type': 'application/json' } : {}),
        ...extra.headers,
      },
    };
  }

  /** Sends and parses a JSON answer (any 2xx; an empty body is `undefined`). */
  private async json(
    operation: string,
    path: string,
    extra: Partial<HttpRequest>,
  ): Promise<unknown> {
    const exchange = await this.transport.send(this.request(operation, path, extra));
    try {
      const text = await exchange.readText();
      if (!text.trim()) return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new ApiError(
          'protocol',
          `${operation} failed: the answer is not JSON («${preview(text)}»).`,
          {
            operation,
            endpoint: exchange.url,
          },
        );
      }
    } finally {
      exchange.release();
    }
  }

  private orderOf(operation: string, answer: unknown): Order {
    try {
      return orderFromWire(answer, 'public analytics orders');
    } catch (e) {
      if (e instanceof ApiError)
        throw new ApiError(e.kind, `${operation} failed: ${e.message}`, {
          ...e.details,
          operation,
        });
      throw e;
    }
  }
}

/** The lines of a Public API connection check. */
export const PUBLIC_CHECKS = {
  settings: 'Environment (base URL, app id, user id, company id, API version)',
  key: 'API key set',
  reach: 'Server reachable (network, proxy, TLS)',
  auth: 'API key accepted',
  identity: 'Identity headers accepted (app id, user id, company id, API version)',
  list: 'Order list (Public API)',
} as const;

/** Each identity header, what it is called for a person, and where it is set. */
const IDENTITY = [
  { header: 'x-app-id', key: 'appId', name: 'app id', setting: '"auth.appId"' },
  { header: 'x-user-id', key: 'userId', name: 'user id', setting: '"auth.userId"' },
  { header: 'x-company-id', key: 'companyId', name: 'company id', setting: '"auth.companyId"' },
  {
    header: 'x-api-version',
    key: 'apiVersion',
    name: 'API version',
    setting: '"auth.apiVersion" (usually 2023-12-06)',
  },
] as const;
type Identity = Pick<PublicClientOptions, 'appId' | 'userId' | 'companyId' | 'apiVersion'>;

export interface PublicConnectionCheckDeps {
  readonly base: string | undefined;
  readonly baseProblem: string | undefined;
  readonly identity: Identity;
  readonly getApiKey: TokenGetter;
  readonly listFirst: (signal?: AbortSignal) => Promise<ListOrdersPage>;
  readonly redact: (text: string) => string;
}

/** The identity headers a 400 answer names (`x-app-id`, or `appId` / "app id"), in table order. */
export function identityNamedIn(text: string): Array<(typeof IDENTITY)[number]> {
  return IDENTITY.filter((i) => {
    const words = [i.header, i.key, i.name].map((w) => w.replace(/[-\s]/g, '[-_\\s]?'));
    return new RegExp(`(^|[^a-z])(${words.join('|')})([^a-z]|$)`, 'i').test(text);
  });
}

export async function checkPublicConnection(
  deps: PublicConnectionCheckDeps,
  signal?: AbortSignal,
): Promise<ConnectionReport> {
  const checks: ConnectionCheck[] = [];
  const add = (check: string, ok: boolean, detail: string) =>
    checks.push({ check, ok, detail: deps.redact(detail) });
  const done = (): ConnectionReport => ({ ok: checks.every((c) => c.ok), checks });

  if (!deps.base) {
    add(
      PUBLIC_CHECKS.settings,
      false,
      `${deps.baseProblem ?? 'No base URL is set'}. It should end in the Public API's prefix, e.g. ${PUBLIC_BASE_EXAMPLE}.`,
    );
    return done();
  }
  const empty = IDENTITY.filter((i) => !deps.identity[i.key]?.trim());
  if (empty.length) {
    add(
      PUBLIC_CHECKS.settings,
      false,
      `The ${list(empty.map((i) => i.name))} ${empty.length === 1 ? 'is' : 'are'} empty: set ${list(empty.map((i) => i.setting))} in this environment. Nothing was sent.`,
    );
    return done();
  }
  add(
    PUBLIC_CHECKS.settings,
    true,
    `Public API at ${deps.base}; app id, user id and company id set; API version ${deps.identity.apiVersion}.`,
  );

  let key: string | undefined;
  try {
    key = (await deps.getApiKey())?.trim() || undefined;
  } catch {
    key = undefined;
  }
  if (!key) {
    add(
      PUBLIC_CHECKS.key,
      false,
      'No API key is set: nothing was sent. Set a personal API key (ukey_…).',
    );
    return done();
  }
  if (!isSendableToken(key)) {
    add(
      PUBLIC_CHECKS.key,
      false,
      'The API key contains spaces, line breaks or other characters a key cannot have: nothing was sent. Set it again.',
    );
    return done();
  }
  add(PUBLIC_CHECKS.key, true, 'An API key is set (not shown).');

  const host = new URL(deps.base).host;
  try {
    const page = await deps.listFirst(signal);
    add(PUBLIC_CHECKS.reach, true, `${host} answered.`);
    add(PUBLIC_CHECKS.auth, true, 'The API accepted the key.');
    add(
      PUBLIC_CHECKS.identity,
      true,
      'The API accepted the app id, user id, company id and API version.',
    );
    add(
      PUBLIC_CHECKS.list,
      true,
      `The order list can be read (${page.orders.length} order(s) on the first page${page.skipped ? `, ${page.skipped} unreadable` : ''}).`,
    );
    return done();
  } catch (e) {
    if (isCancellation(e)) throw e;
    const err =
      e instanceof ApiError
        ? e
        : new ApiError(
            'protocol',
            `Unexpected error: ${e instanceof Error ? e.message : String(e)}`,
          );
    const answered = () => add(PUBLIC_CHECKS.reach, true, `${host} answered.`);
    switch (err.kind) {
      case 'network':
        add(PUBLIC_CHECKS.reach, false, err.message);
        return done();
      case 'notConfigured':
      case 'badConfiguration':
        add(PUBLIC_CHECKS.settings, false, err.message);
        return done();
      case 'unauthorized':
        answered();
        add(
          PUBLIC_CHECKS.auth,
          false,
          `The API key was rejected (HTTP ${err.details.status ?? 401}): set a new one (a personal API key, ukey_…). It may have expired or been revoked.`,
        );
        return done();
      case 'forbidden':
        answered();
        add(PUBLIC_CHECKS.auth, true, 'The API accepted the key.');
        add(PUBLIC_CHECKS.list, false, err.message);
        return done();
      case 'notFound':
        answered();
        add(PUBLIC_CHECKS.list, false, err.message);
        return done();
      case 'protocol': {
        answered();
        const named = err.details.status === 400 ? identityNamedIn(err.message) : [];
        const said = serverSaid(err.message);
        if (named.length) {
          add(
            PUBLIC_CHECKS.identity,
            false,
            `The API refused the ${list(named.map((i) => i.name))} (HTTP 400${said}): check ${list(named.map((i) => i.setting))} in this environment.`,
          );
        } else if (err.details.status === 400 && /header/i.test(err.message)) {
          add(
            PUBLIC_CHECKS.identity,
            false,
            `The API refused a header (HTTP 400${said}): check the app id, user id, company id and API version of this environment.`,
          );
        } else add(PUBLIC_CHECKS.list, false, err.message);
        return done();
      }
      case 'rateLimited':
      case 'server':
        answered();
        add(PUBLIC_CHECKS.list, false, err.message);
        return done();
      case 'cancelled':
        throw err;
      default:
        return assertNever(err.kind, 'error kind');
    }
  }
}

/** `: the server's words` quoted from an errorFromStatus message, or nothing. */
function serverSaid(message: string): string {
  const m = /The server said (.+?)\. The API may have changed/.exec(message);
  return m ? `: ${m[1]}` : '';
}

/** "a", "a and b", "a, b and c". */
function list(words: readonly string[]): string {
  return words.length <= 1
    ? (words[0] ?? '')
    : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
