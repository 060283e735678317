// The Unique analytics API client: start exports (REST), list and delete orders (GraphQL), stream CSVs to
// disk. Pure core: fetch, token, logger and clock are injected; every failure is a user-safe ApiError.

import * as l10n from '@vscode/l10n';
import { parseBaseUrl, parseGraphqlPath } from '../setup/baseUrl';
import type { DateRange } from '../dateRange';
import { ApiError } from '../errors';
import {
  findExportKind,
  orderFromWire,
  preview,
  type ExportKind,
  type ExportType,
  type Order,
} from '../orders/order';
import {
  silentLogger,
  systemClock,
  type Clock,
  type FetchFn,
  type Logger,
  type TokenGetter,
} from '../ports';
import { checkConnection } from './connectionCheck';
import { saveBody } from './download';
import { nodeFetch } from './nodeFetch';
import {
  ANALYTICS_ORDER_DELETE_MUTATION,
  ANALYTICS_ORDERS_QUERY,
  type AnalyticsOrdersVariables,
} from './graphqlDocuments';
import { runGraphql } from './graphql';
import { HttpTransport, discard, type HttpExchange } from './http';
import { errorCode, summarizeBody } from './httpErrors';
import { cancelledMessage, Operation, operationLabel } from './operations';
import { parseStartAnswer } from './startAnswer';
import type {
  ConnectionChecker,
  ConnectionReport,
  DownloadOptions,
  DownloadResult,
  ListOrdersPage,
  StartExportOptions,
  UniqueAnalyticsApi,
} from './types';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_DOWNLOAD_IDLE_TIMEOUT_MS = 60_000;
export const DOWNLOAD_PATH = '/analytics/analytics-scheduler/download/';

export interface UniqueClientOptions {
  /** The `uniqueAnalytics.baseUrl` setting as typed; validated here. */
  readonly baseUrl: string;
  /** The `uniqueAnalytics.graphqlPath` setting; empty means `/graphql`. */
  readonly graphqlPath: string;
  readonly getToken: TokenGetter;
  /** A 401 to this token: true when a new one can be had (a service user), for one retry. */
  readonly onTokenRejected?: (token: string) => boolean;
  /** How requests are sent; default `nodeFetch` (api/nodeFetch.ts), the one HTTP path. Tests wrap it. */
  readonly fetch?: FetchFn;
  readonly userAgent: string;
  readonly logger?: Logger;
  /** Per request, until the answer is read (downloads: until the headers arrive). Default 30 s. */
  readonly timeoutMs?: number;
  /** A download fails when no data arrives for this long. Default 60 s. */
  readonly downloadIdleTimeoutMs?: number;
  readonly clock?: Clock;
}

export type ClientEndpoints =
  | { readonly ok: true; readonly base: string; readonly graphql: string }
  | { readonly ok: false; readonly error: ApiError };

const OP = Operation;

export class UniqueClient implements UniqueAnalyticsApi, ConnectionChecker {
  /** REST start (four kinds) + GraphQL list/delete. */
  readonly surface = 'internal' as const;
  private readonly transport: HttpTransport;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly endpoints: ClientEndpoints;
  private readonly idleTimeoutMs: number;

  constructor(private readonly opts: UniqueClientOptions) {
    this.logger = opts.logger ?? silentLogger;
    this.clock = opts.clock ?? systemClock;
    this.idleTimeoutMs = opts.downloadIdleTimeoutMs ?? DEFAULT_DOWNLOAD_IDLE_TIMEOUT_MS;
    this.transport = new HttpTransport({
      getToken: opts.getToken,
      onTokenRejected: opts.onTokenRejected,
      fetch: opts.fetch ?? nodeFetch,
      userAgent: opts.userAgent,
      logger: this.logger,
      timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      clock: this.clock,
    });
    this.endpoints = resolveEndpoints(opts.baseUrl, opts.graphqlPath);
  }

  /** The validated base URL and GraphQL URL, or the configuration error every call would fail with. */
  get configuration(): ClientEndpoints {
    return this.endpoints;
  }

  async startExport(
    type: ExportType,
    range: DateRange | undefined,
    signal?: AbortSignal,
    options: StartExportOptions = {},
  ): Promise<string> {
    return this.guard(OP.start, signal, async () => {
      // Decided before anything is sent: what this surface cannot do is not tried.
      const kind = internalKind(type, options);
      try {
        return await this.startOnce(kind, range, signal);
      } catch (e) {
        throw maybeStarted(e);
      }
    });
  }

  private async startOnce(
    kind: ExportKind & { readonly path: string },
    range: DateRange | undefined,
    signal?: AbortSignal,
  ): Promise<string> {
    const { base } = this.requireEndpoints();
    const { type } = kind;
    const query = range
      ? `?${new URLSearchParams({ startDate: range.start, endDate: range.end }).toString()}`
      : '';
    const exchange = await this.transport.send({
      operation: OP.start,
      url: `${base}${kind.path}${query}`,
      method: 'GET',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/plain;q=0.9, */*;q=0.5',
      },
      signal,
    });
    try {
      const text = await exchange.readText();
      // Its errors already say "Starting the export failed: …".
      const id = parseStartAnswer(text, exchange.response.headers.get('content-type') ?? undefined);
      this.logger.info(
        `Started ${type} export${range ? ` ${range.start}..${range.end}` : ''}: order ${id}`,
      );
      return id;
    } finally {
      exchange.release();
    }
  }

  async listOrders(skip: number, take: number, signal?: AbortSignal): Promise<ListOrdersPage> {
    return this.guard(OP.list, signal, async () => {
      const { graphql } = this.requireEndpoints();
      const variables: AnalyticsOrdersVariables = {
        orderBy: [{ createdAt: 'desc' }],
        skip: Math.max(0, Math.floor(skip)),
        take: Math.max(1, Math.floor(take)),
      };
      const data = await runGraphql(
        this.transport,
        this.logger,
        { operation: OP.list, url: graphql, document: ANALYTICS_ORDERS_QUERY, variables, signal },
        (d) => Array.isArray(d.analyticsOrders),
      );
      const list: unknown = data.analyticsOrders;
      if (!Array.isArray(list)) {
        throw new ApiError(
          'protocol',
          l10n.t({
            message:
              '{0} failed: the answer has no list at data.analyticsOrders (got {1}). The API may have changed; please report it with the log.',
            args: [operationLabel(OP.list), preview(list ?? data)],
            comment: ['{0} is what was being done, e.g. "Listing orders"; {1} is what came'],
          }),
          { operation: OP.list, endpoint: graphql, field: 'data.analyticsOrders' },
        );
      }
      const orders: Order[] = [];
      let skipped = 0;
      for (const item of list) {
        try {
          orders.push(orderFromWire(item));
        } catch (e) {
          skipped++;
          this.logger.warn(
            this.transport.redact(
              `${OP.list}: skipped an entry: ${e instanceof Error ? e.message : String(e)}`,
            ),
          );
        }
      }
      return { orders, mayHaveMore: list.length >= variables.take, skipped };
    });
  }

  async downloadCsv(
    orderId: string,
    targetPath: string,
    options: DownloadOptions = {},
  ): Promise<DownloadResult> {
    const { signal, onProgress, onChunk } = options;
    return this.guard(OP.download, signal, async () => {
      const { base } = this.requireEndpoints();
      requireOrderId(OP.download, orderId);
      const exchange = await this.transport.send({
        operation: OP.download,
        url: downloadUrl(base, orderId),
        method: 'GET',
        headers: { accept: 'text/csv' },
        signal,
        notFoundHint: l10n.t(
          'The order may have been deleted or not be finished yet: refresh the list. If no download works, check uniqueAnalytics.baseUrl.',
        ),
      });
      try {
        await refuseNonCsv(exchange, OP.download);
        const result = await saveBody(exchange, {
          operation: OP.download,
          targetPath,
          idleTimeoutMs: this.idleTimeoutMs,
          clock: this.clock,
          onProgress,
          onChunk,
        });
        this.logger.info(`Downloaded order ${orderId}: ${result.bytes} bytes to ${result.path}`);
        return result;
      } finally {
        exchange.release();
      }
    });
  }

  async deleteOrder(orderId: string, signal?: AbortSignal): Promise<Order | undefined> {
    return this.guard(OP.delete, signal, async () => {
      const { graphql } = this.requireEndpoints();
      requireOrderId(OP.delete, orderId);
      const data = await runGraphql(
        this.transport,
        this.logger,
        {
          operation: OP.delete,
          url: graphql,
          document: ANALYTICS_ORDER_DELETE_MUTATION,
          variables: { orderId },
          signal,
        },
        (d) => typeof d.analyticsOrderDelete === 'object' && d.analyticsOrderDelete !== null,
      );
      const deleted: unknown = data.analyticsOrderDelete;
      this.logger.info(`Deleted order ${orderId}`);
      if (deleted === undefined || deleted === null) return undefined;
      try {
        return orderFromWire(deleted, 'analyticsOrderDelete');
      } catch (e) {
        this.logger.warn(
          this.transport.redact(
            `${OP.delete}: the server's copy of the deleted order was unreadable: ${String(e)}`,
          ),
        );
        return undefined;
      }
    });
  }

  async checkConnection(signal?: AbortSignal): Promise<ConnectionReport> {
    return checkConnection(
      {
        endpoints: this.endpoints,
        getToken: this.opts.getToken,
        listFirst: (s) => this.listOrders(0, 1, s),
        probeDownload: (id, s) => this.probeDownload(id, s),
        redact: (t) => this.transport.redact(t),
      },
      signal,
    );
  }

  /** GETs the download route for `orderId`, returning the status without reading the body. */
  private async probeDownload(orderId: string, signal?: AbortSignal): Promise<number> {
    return this.guard(OP.probeDownload, signal, async () => {
      const { base } = this.requireEndpoints();
      let exchange: HttpExchange | undefined;
      try {
        exchange = await this.transport.send({
          operation: OP.probeDownload,
          url: downloadUrl(base, orderId),
          method: 'GET',
          headers: { accept: 'text/csv' },
          signal,
          acceptStatus: [404],
        });
        return exchange.response.status;
      } finally {
        if (exchange) discard(exchange.response);
        exchange?.release();
      }
    });
  }

  private requireEndpoints(): { base: string; graphql: string } {
    if (!this.endpoints.ok) throw this.endpoints.error;
    return this.endpoints;
  }

  /** Every public call ends here: errors leave as ApiError with the token scrubbed from the message. */
  private async guard<T>(
    operation: string,
    signal: AbortSignal | undefined,
    fn: () => Promise<T>,
  ): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof ApiError) throw this.transport.redactError(e);
      if (signal?.aborted)
        throw new ApiError('cancelled', cancelledMessage(operation), { operation });
      const text = this.transport.redact(e instanceof Error ? e.message : String(e));
      this.logger.error(`${operation}: unexpected error: ${text}`);
      throw new ApiError(
        'protocol',
        l10n.t({
          message: '{0} failed unexpectedly: {1}. See the log for details.',
          args: [operationLabel(operation), text],
          comment: [
            '{0} is what was being done, e.g. "Listing orders"; {1} is the error\'s own text',
          ],
        }),
        { operation, cause: e },
      );
    }
  }
}

/**
 * The internal surface's route for `type`, or the ApiError that says why it cannot be started here: a
 * Public API-only kind, or an assistant filter (the internal REST routes have none).
 */
function internalKind(
  type: ExportType,
  options: StartExportOptions,
): ExportKind & { readonly path: string } {
  const kind = findExportKind(type);
  const details = { operation: OP.start, field: 'type' };
  const op = operationLabel(OP.start);
  if (!kind) throw notAnExportKind(type);
  if (!kind.path || !kind.surfaces.includes('internal'))
    throw new ApiError(
      'badConfiguration',
      l10n.t({
        message:
          '{0} failed: {1} ({2}) can be ordered only through the Public API (an environment with "surface": "public"). Nothing was sent.',
        args: [op, kind.label, kind.type],
        comment: [
          '{0} is what was being done: "Starting the export"; {1} is an export kind, e.g. "Model usage"; {2} its code',
        ],
      }),
      details,
    );
  if (options.assistantId?.trim())
    throw new ApiError(
      'badConfiguration',
      l10n.t({
        message:
          '{0} failed: an assistant (space) id can be given only through the Public API (an environment with "surface": "public"); the internal API always exports all assistants. Nothing was sent.',
        args: [op],
        comment: ['{0} is what was being done: "Starting the export"'],
      }),
      { operation: OP.start, field: 'assistantId' },
    );
  return { ...kind, path: kind.path };
}

/** Failures that happen before the request can have reached the server (nothing was started). */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * A start that timed out, lost its connection or met a gateway/server error may still have created the
 * order: say so, so nobody places the same export twice by retrying blindly.
 */
export function maybeStarted(e: unknown): unknown {
  if (!(e instanceof ApiError)) return e;
  const { status, cause } = e.details;
  const code = errorCode(cause);
  const ambiguous =
    (e.kind === 'server' && (status === 500 || status === 502 || status === 504)) ||
    (e.kind === 'network' &&
      status === undefined &&
      !(code && (NOT_SENT_CODES.has(code) || /CERT|TLS|SSL/.test(code))));
  if (!ambiguous) return e;
  return new ApiError(
    e.kind,
    `${e.message} ${l10n.t('The export may have started anyway: refresh the list before starting it again.')}`,
    e.details,
  );
}

/**
 * A sign-in page, a proxy's notice or a JSON error sent with HTTP 200 is not the export: saved under the
 * CSV's name it would look complete, and "delete after download" would then delete the real export.
 */
export async function refuseNonCsv(exchange: HttpExchange, operation: string): Promise<void> {
  const contentType = exchange.response.headers.get('content-type') ?? '';
  const html = /\bhtml\b/i.test(contentType);
  if (!html && !/\bjson\b/i.test(contentType)) return;
  const summary = summarizeBody(await exchange.readText(), contentType);
  const op = operationLabel(operation);
  // What came: the page's title, or the JSON's message (an HTML body labelled JSON: its title).
  const words = summary?.kind === 'html' ? summary.title : summary?.text;
  let what: string;
  if (html)
    what =
      words === undefined
        ? l10n.t({
            message: '{0} failed: the server sent an HTML page instead of the CSV.',
            args: [op],
            comment: ['{0} is what was being done, e.g. "Downloading the CSV"'],
          })
        : l10n.t({
            message: '{0} failed: the server sent an HTML page: "{1}" instead of the CSV.',
            args: [op, words],
            comment: [
              '{0} is what was being done, e.g. "Downloading the CSV"; {1} is the page\'s title',
            ],
          });
  else
    what =
      words === undefined
        ? l10n.t({
            message: '{0} failed: the server sent JSON instead of the CSV.',
            args: [op],
            comment: ['{0} is what was being done, e.g. "Downloading the CSV"'],
          })
        : l10n.t({
            message: '{0} failed: the server sent JSON ("{1}") instead of the CSV.',
            args: [op, words],
            comment: [
              '{0} is what was being done, e.g. "Downloading the CSV"; {1} is the message the JSON carried',
            ],
          });
  const fix = html
    ? l10n.t(
        'Nothing was saved. A sign-in page or a proxy may be in the way: check uniqueAnalytics.baseUrl and VS Code\'s "http.proxy" setting, then try again.',
      )
    : l10n.t(
        'Nothing was saved. Refresh the list and try again; if it keeps happening, the API may have changed: please report it with the log.',
      );
  throw new ApiError('protocol', `${what} ${fix}`, { operation, endpoint: exchange.url });
}

/** The refusal of a start for something that is no export kind (nothing was sent). */
export function notAnExportKind(type: unknown): ApiError {
  return new ApiError(
    'badConfiguration',
    l10n.t({
      message: '{0} failed: {1} is not an export kind. Nothing was sent.',
      args: [operationLabel(OP.start), preview(type)],
      comment: ['{0} is what was being done: "Starting the export"; {1} is what was asked for'],
    }),
    { operation: OP.start, field: 'type' },
  );
}

export function downloadUrl(base: string, orderId: string): string {
  return `${base}${DOWNLOAD_PATH}${encodeURIComponent(orderId)}`;
}

export function requireOrderId(operation: string, orderId: string): void {
  // "." and ".." would be folded away by URL normalisation and address another route.
  if (typeof orderId !== 'string' || !orderId.trim() || orderId === '.' || orderId === '..') {
    throw new ApiError(
      'protocol',
      l10n.t({
        message: '{0} failed: "{1}" is not an order id.',
        args: [operationLabel(operation), String(orderId)],
        comment: ['{0} is what was being done, e.g. "Downloading the CSV"'],
      }),
      { operation, field: 'orderId' },
    );
  }
}

function resolveEndpoints(baseUrl: string, graphqlPath: string): ClientEndpoints {
  const base = parseBaseUrl(baseUrl);
  if (!base.ok) {
    const kind = (baseUrl ?? '').trim() ? 'badConfiguration' : 'notConfigured';
    return {
      ok: false,
      error: new ApiError(kind, base.message, { field: 'uniqueAnalytics.baseUrl' }),
    };
  }
  const path = parseGraphqlPath(graphqlPath);
  if (!path.ok)
    return {
      ok: false,
      error: new ApiError('badConfiguration', path.message, {
        field: 'uniqueAnalytics.graphqlPath',
      }),
    };
  return { ok: true, base: base.url, graphql: `${base.url}${path.path}` };
}
