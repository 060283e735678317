// The documented Public API surface (Unique's SDK `AnalyticsOrder`): all nine export kinds over REST with a
// personal API key and the identity headers `x-app-id`, `x-user-id`, `x-company-id`, `x-api-version`.
// Same transport, download and order mapping as the internal client; what differs is routes and shapes.

import * as l10n from '@vscode/l10n';
import type { DateRange } from '../dateRange';
import { ApiError, assertNever, isCancellation } from '../errors';
import {
  findExportKind,
  orderFromWire,
  preview,
  type ExportType,
  type Order,
} from '../orders/order';
import { displayLocale } from '../l10n/locale';
import { silentLogger, systemClock } from '../ports';
import type { Clock, FetchFn, Logger, TokenGetter } from '../ports';
import { PUBLIC_API_VERSION } from '../connections/environment';
import { parseBaseUrl } from '../setup/baseUrl';
import {
  DEFAULT_DOWNLOAD_IDLE_TIMEOUT_MS,
  DEFAULT_TIMEOUT_MS,
  maybeStarted,
  notAnExportKind,
  refuseNonCsv,
  requireOrderId,
} from './client';
import { answeredText, orderListReadable } from './connectionCheck';
import { saveBody } from './download';
import { HttpTransport, isSendableToken, type HttpRequest } from './http';
import { nodeFetch } from './nodeFetch';
import { Operation, operationLabel } from './operations';
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

const OP = Operation;

/** The Public API's prefix, as the docs show it (the SDK's default base ends in `/public/chat-gen2`). */
export const PUBLIC_BASE_EXAMPLE = 'https://gateway.<cluster>.unique.app/public/chat';

function notFoundHint(): string {
  return l10n.t(
    "Check the base URL: it should end in the Public API's prefix, e.g. {0} (the SDK's default is https://gateway.unique.app/public/chat-gen2).",
    PUBLIC_BASE_EXAMPLE,
  );
}

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
    if (!findExportKind(type)) throw notAnExportKind(type);
    if (!range)
      throw new ApiError(
        'badConfiguration',
        l10n.t({
          message:
            '{0} failed: the Public API needs the first and last day of the export. Nothing was sent.',
          args: [operationLabel(OP.start)],
          comment: ['{0} is what was being done: "Starting the export"'],
        }),
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
      notFoundHint: notFoundHint(),
    });
    const list: unknown = Array.isArray(answer)
      ? answer
      : (answer as { items?: unknown } | null)?.items;
    if (!Array.isArray(list)) {
      throw new ApiError(
        'protocol',
        l10n.t({
          message:
            '{0} failed: the answer has no "items" list (got {1}). The API may have changed; please report it with the log.',
          args: [operationLabel(OP.list), preview(answer)],
          comment: ['{0} is what was being done, e.g. "Listing orders"; {1} is what came'],
        }),
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
        notFoundHint: l10n.t(
          'The order may have been deleted or not be finished yet: refresh the list.',
        ),
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
        failedBecause(operation, this.baseProblem ?? l10n.t('No base URL is set.')),
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
          l10n.t({
            message: '{0} failed: the answer is not JSON («{1}»).',
            args: [operationLabel(operation), preview(text)],
            comment: [
              '{0} is what was being done, e.g. "Listing orders"; {1} is what came, quoted',
            ],
          }),
          { operation, endpoint: exchange.url },
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
        throw new ApiError(e.kind, failedBecause(operation, e.message), {
          ...e.details,
          operation,
        });
      throw e;
    }
  }
}

/** "Listing orders failed: <a whole sentence made elsewhere>". */
function failedBecause(operation: string, why: string): string {
  return l10n.t({
    message: '{0} failed: {1}',
    args: [operationLabel(operation), why],
    comment: [
      '{0} is what was being done, e.g. "Listing orders"; {1} is a whole sentence saying why',
    ],
  });
}

/** The lines of a Public API connection check, in the display language (read each time). */
export const PUBLIC_CHECKS = {
  get settings(): string {
    return l10n.t('Environment (base URL, app id, user id, company id, API version)');
  },
  get key(): string {
    return l10n.t('API key set');
  },
  get reach(): string {
    return l10n.t('Server reachable (network, proxy, TLS)');
  },
  get auth(): string {
    return l10n.t('API key accepted');
  },
  get identity(): string {
    return l10n.t('Identity headers accepted (app id, user id, company id, API version)');
  },
  get list(): string {
    return l10n.t('Order list (Public API)');
  },
};

/**
 * Each identity header, its English `name` (matched in a server's words), what it is called for a person
 * (`label`, translated), and where it is set.
 */
const IDENTITY = [
  {
    header: 'x-app-id',
    key: 'appId',
    name: 'app id',
    get label(): string {
      return l10n.t('app id');
    },
    setting: '"auth.appId"',
  },
  {
    header: 'x-user-id',
    key: 'userId',
    name: 'user id',
    get label(): string {
      return l10n.t('user id');
    },
    setting: '"auth.userId"',
  },
  {
    header: 'x-company-id',
    key: 'companyId',
    name: 'company id',
    get label(): string {
      return l10n.t('company id');
    },
    setting: '"auth.companyId"',
  },
  {
    header: 'x-api-version',
    key: 'apiVersion',
    name: 'API version',
    get label(): string {
      return l10n.t('API version');
    },
    get setting(): string {
      return l10n.t('"auth.apiVersion" (usually {0})', PUBLIC_API_VERSION);
    },
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
      l10n.t({
        message: "{0}. It should end in the Public API's prefix, e.g. {1}.",
        args: [deps.baseProblem ?? l10n.t('No base URL is set'), PUBLIC_BASE_EXAMPLE],
        comment: ['{0} says what is wrong with the base URL'],
      }),
    );
    return done();
  }
  const empty = IDENTITY.filter((i) => !deps.identity[i.key]?.trim());
  if (empty.length) {
    const names = list(empty.map((i) => i.label));
    const settings = list(empty.map((i) => i.setting));
    add(
      PUBLIC_CHECKS.settings,
      false,
      empty.length === 1
        ? l10n.t({
            message: 'The {0} is empty: set {1} in this environment. Nothing was sent.',
            args: [names, settings],
            comment: ['{0} is a field such as "app id"; {1} the setting, e.g. "auth.appId"'],
          })
        : l10n.t({
            message: 'The {0} are empty: set {1} in this environment. Nothing was sent.',
            args: [names, settings],
            comment: [
              '{0} lists fields such as "app id and user id"; {1} the settings, e.g. "auth.appId" and "auth.userId"',
            ],
          }),
    );
    return done();
  }
  add(
    PUBLIC_CHECKS.settings,
    true,
    l10n.t(
      'Public API at {0}; app id, user id and company id set; API version {1}.',
      deps.base,
      deps.identity.apiVersion,
    ),
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
      l10n.t('No API key is set: nothing was sent. Set a personal API key (ukey_…).'),
    );
    return done();
  }
  if (!isSendableToken(key)) {
    add(
      PUBLIC_CHECKS.key,
      false,
      l10n.t(
        'The API key contains spaces, line breaks or other characters a key cannot have: nothing was sent. Set it again.',
      ),
    );
    return done();
  }
  add(PUBLIC_CHECKS.key, true, l10n.t('An API key is set (not shown).'));

  const host = new URL(deps.base).host;
  try {
    const page = await deps.listFirst(signal);
    add(PUBLIC_CHECKS.reach, true, answeredText(host));
    add(PUBLIC_CHECKS.auth, true, l10n.t('The API accepted the key.'));
    add(
      PUBLIC_CHECKS.identity,
      true,
      l10n.t('The API accepted the app id, user id, company id and API version.'),
    );
    add(PUBLIC_CHECKS.list, true, orderListReadable(page));
    return done();
  } catch (e) {
    if (isCancellation(e)) throw e;
    const err =
      e instanceof ApiError
        ? e
        : new ApiError(
            'protocol',
            l10n.t('Unexpected error: {0}', e instanceof Error ? e.message : String(e)),
          );
    const answered = () => add(PUBLIC_CHECKS.reach, true, answeredText(host));
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
          l10n.t(
            'The API key was rejected (HTTP {0}): set a new one (a personal API key, ukey_…). It may have expired or been revoked.',
            err.details.status ?? 401,
          ),
        );
        return done();
      case 'forbidden':
        answered();
        add(PUBLIC_CHECKS.auth, true, l10n.t('The API accepted the key.'));
        add(PUBLIC_CHECKS.list, false, err.message);
        return done();
      case 'notFound':
        answered();
        add(PUBLIC_CHECKS.list, false, err.message);
        return done();
      case 'protocol': {
        answered();
        // What the server said decides, not our own (translated) words around it.
        const { said } = err.details;
        const words = said ?? err.message;
        const named = err.details.status === 400 ? identityNamedIn(words) : [];
        if (named.length) {
          const names = list(named.map((i) => i.label));
          const settings = list(named.map((i) => i.setting));
          add(
            PUBLIC_CHECKS.identity,
            false,
            said === undefined
              ? l10n.t({
                  message: 'The API refused the {0} (HTTP 400): check {1} in this environment.',
                  args: [names, settings],
                  comment: [
                    '{0} lists fields such as "app id"; {1} the settings, e.g. "auth.appId"',
                  ],
                })
              : l10n.t({
                  message:
                    'The API refused the {0} (HTTP 400: {1}): check {2} in this environment.',
                  args: [names, said, settings],
                  comment: [
                    '{0} lists fields such as "app id"; {1} is what the server said; {2} the settings, e.g. "auth.appId"',
                  ],
                }),
          );
        } else if (err.details.status === 400 && /header/i.test(words)) {
          add(
            PUBLIC_CHECKS.identity,
            false,
            said === undefined
              ? l10n.t(
                  'The API refused a header (HTTP 400): check the app id, user id, company id and API version of this environment.',
                )
              : l10n.t({
                  message:
                    'The API refused a header (HTTP 400: {0}): check the app id, user id, company id and API version of this environment.',
                  args: [said],
                  comment: ['{0} is what the server said'],
                }),
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

/** "a", "a and b", "a, b and c", in the display language. */
function list(words: readonly string[]): string {
  const locale = displayLocale();
  // English keeps its own form (Intl's English adds a comma before "and").
  if (locale === 'en' || locale.startsWith('en-') || words.length <= 1)
    return words.length <= 1
      ? (words[0] ?? '')
      : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
  try {
    return new Intl.ListFormat(locale, { type: 'conjunction' }).format(words);
  } catch {
    return words.join(', ');
  }
}
