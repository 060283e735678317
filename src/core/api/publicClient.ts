// The documented Public API surface (Unique's SDK `AnalyticsOrder`): all nine export kinds over REST with a
// personal API key and the identity headers `x-app-id`, `x-user-id`, `x-company-id`, `x-api-version`.
// Same transport, download and order mapping as the internal client; what differs is routes and shapes.

import type { DateRange } from '../dateRange';
import { ApiError } from '../errors';
import { orderFromWire, preview, type Order } from '../orders/order';
import { silentLogger, systemClock } from '../ports';
import type { Clock, FetchFn, Logger, TokenGetter } from '../ports';
import { parseBaseUrl } from '../setup/baseUrl';
import { refuseNonCsv, requireOrderId } from './client';
import { saveBody } from './download';
import { HttpTransport, type HttpRequest } from './http';
import { nodeFetch } from './nodeFetch';
import type { DownloadOptions, DownloadResult, ListOrdersPage } from './types';

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

export class PublicAnalyticsClient {
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
      timeoutMs: opts.timeoutMs ?? 30_000,
      clock: this.clock,
    });
    const url = parseBaseUrl(opts.baseUrl);
    if (url.ok) this.base = url.url.replace(/\/+$/, '');
    else this.baseProblem = url.message;
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
    const answer = await this.json(OP.list, `/analytics/orders?${query.toString()}`, { signal });
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
        idleTimeoutMs: this.opts.downloadIdleTimeoutMs ?? 60_000,
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
