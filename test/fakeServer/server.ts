// A fake Unique analytics server over real HTTP (node:http + graphql only, so it also runs inside the
// extension host): routes under `/chat` and the Public API under `/public/chat`, Bearer auth (the fake's
// token, JWTs of its built-in Zitadel token endpoint `POST /oauth/v2/token`, a personal API key on the public
// routes), lazy order progression, faults, a request log.

import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { handleControl } from './controlRoutes';
import { FaultBoard, faultOutcome, type FaultOutcome } from './faults';
import { BodyTooLarge, errorReply, readBody, sendReply, type Reply } from './httpIo';
import { OrderStore } from './orderStore';
import { answerPublic, classifyPublic, PUBLIC_IDENTITY, PUBLIC_PREFIX } from './publicRoutes';
import { answer, classify, type RouteContext } from './restRoutes';
import { isRate } from './throttle';
import { transportFromEnv, type Transport } from './transport';
import {
  DEFAULTS,
  type AuthorizationSeen,
  type FakeOrderInput,
  type FakeServerOptions,
  type FaultSpec,
  type RequestRecord,
  type SeedName,
  type StartAnswerShape,
  type WireOrder,
} from './types';
import { TOKEN_PATH, TokenIssuer } from './zitadel';

export type * from './types';

const REDIRECT_MARK = '__fakeRedirected';
const MAX_BODY = 1 << 20;
/** Set by test/harness/integration.mjs (canaryScan.mjs): the run's canary, THE token of every fake by default. */
export const CANARY_ENV = 'UA_TEST_CANARY_TOKEN';
/** The run's canary client secret: the default secret of the built-in service user. */
export const CANARY_SECRET_ENV = 'UA_TEST_CANARY_SECRET';
/** The run's canary personal API key: the default API key of the public routes. */
export const CANARY_APIKEY_ENV = 'UA_TEST_CANARY_APIKEY';

/**
 * The harness's canary in `name` when it set one; only a canary-shaped value (canaryScan.mjs makes them), so a
 * real credential put there is never used.
 */
function canaryFromEnv(name: string, shape: RegExp): string | undefined {
  const t = process.env[name];
  return t && shape.test(t) ? t : undefined;
}

export class FakeServer implements RouteContext {
  /** Base URL as the extension's `baseUrl` setting: `http://127.0.0.1:<port>/chat` (transport.ts: or https). */
  url = '';
  /** `http://127.0.0.1:<port>` (control routes live at `<origin>/__fake/...`). */
  origin = '';
  port = 0;
  /** A second listener (another origin) that redirects can point to; origin only. */
  otherOrigin = '';
  token: string;
  forbiddenToken: string | undefined;
  /** A personal API key, good as the bearer on the public routes only. */
  apiKey: string;
  /** The Zitadel service user of `POST <origin>/oauth/v2/token` and the JWTs issued to it. */
  readonly serviceUser: TokenIssuer;
  startAnswerShape: StartAnswerShape = 'json-string';
  failEvery: number;
  defaultCsvBytes: number;
  /** Pace of CSV download bodies, bytes per second (0: unshaped); applies to downloads that start afterwards. */
  downloadBytesPerSecond: number;
  readonly graphqlPath: string;
  readonly requests: RequestRecord[] = [];
  readonly otherOriginRequests: RequestRecord[] = [];
  /** True once any request reached the other origin carrying an Authorization header. */
  otherOriginSawAuthorization = false;
  readonly store: OrderStore;
  readonly now: () => number;

  private readonly board = new FaultBoard();
  private readonly seedName: SeedName;
  private readonly log: (line: string) => void;
  private startedCount = 0;
  private readonly main: Server;
  private readonly other: Server;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Requests that carried each Bearer token, whatever the outcome; kept across reset() as evidence. */
  private readonly bearerUses = new Map<string, number>();
  private readonly transport: Transport = transportFromEnv();
  private readonly initialLifetime: number;

  constructor(opts: FakeServerOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.token =
      opts.token ??
      canaryFromEnv(CANARY_ENV, /^canary-[0-9a-f]{32}$/) ??
      `fake-${randomBytes(12).toString('hex')}`;
    this.forbiddenToken = opts.forbiddenToken;
    this.apiKey =
      opts.apiKey ??
      canaryFromEnv(CANARY_APIKEY_ENV, /^ukey_canary[0-9a-f]{32}$/) ??
      `ukey_fake${randomBytes(16).toString('hex')}`;
    this.serviceUser = new TokenIssuer(
      {
        ...opts.serviceUser,
        secret:
          opts.serviceUser?.secret ??
          canaryFromEnv(CANARY_SECRET_ENV, /^canary-secret-[0-9a-f]{32}$/) ??
          `fake-secret-${randomBytes(16).toString('hex')}`,
      },
      () => this.now(),
    );
    this.initialLifetime = this.serviceUser.lifetimeSeconds;
    this.failEvery = opts.failEvery ?? 0;
    this.defaultCsvBytes = opts.csvBytes ?? DEFAULTS.csvBytes;
    if (opts.downloadBytesPerSecond !== undefined && !isRate(opts.downloadBytesPerSecond)) {
      throw new RangeError(
        `downloadBytesPerSecond must be a number >= 0, got ${String(opts.downloadBytesPerSecond)}`,
      );
    }
    this.downloadBytesPerSecond = opts.downloadBytesPerSecond ?? 0;
    this.graphqlPath = normalisePath(opts.graphqlPath ?? DEFAULTS.graphqlPath);
    this.seedName = opts.seed ?? 'empty';
    this.log = opts.log ?? (() => undefined);
    this.store = new OrderStore(this.now, {
      pendingMs: opts.pendingMs ?? DEFAULTS.pendingMs,
      runningMs: opts.runningMs ?? DEFAULTS.runningMs,
    });
    this.store.seed(this.seedName);
    this.main = this.transport.create((req, res) => void this.handle(req, res, 'main'));
    this.other = this.transport.create((req, res) => void this.handle(req, res, 'other'));
  }

  /** Time new orders spend PENDING / RUNNING (existing orders keep theirs). */
  get pendingMs(): number {
    return this.store.timing.pendingMs;
  }
  set pendingMs(ms: number) {
    this.store.timing.pendingMs = ms;
  }
  get runningMs(): number {
    return this.store.timing.runningMs;
  }
  set runningMs(ms: number) {
    this.store.timing.runningMs = ms;
  }

  get graphqlUrl(): string {
    return this.url + this.graphqlPath;
  }

  /** The built-in Zitadel token endpoint: `<origin>/oauth/v2/token`. */
  get tokenUrl(): string {
    return this.origin + TOKEN_PATH;
  }

  /** Base URL of the Public API: `<origin>/public/chat`. */
  get publicUrl(): string {
    return this.origin + PUBLIC_PREFIX;
  }

  /** Identity headers a Public API caller may send (any non-empty values pass). */
  get publicIdentity(): typeof PUBLIC_IDENTITY {
    return PUBLIC_IDENTITY;
  }

  async listen(port: number): Promise<void> {
    const bind = (s: Server, p: number): Promise<number> =>
      new Promise((resolve, reject) => {
        s.once('error', reject);
        s.listen(p, this.transport.bind, () => resolve((s.address() as AddressInfo).port));
      });
    this.port = await bind(this.main, port);
    const origin = (p: number) => `${this.transport.scheme}://${this.transport.host}:${p}`;
    this.origin = origin(this.port);
    this.url = this.origin + DEFAULTS.prefix;
    this.otherOrigin = origin(await bind(this.other, 0));
  }

  /** How many requests (main listener) carried `Bearer <token>` since the start; the harness's canary proof. */
  tokenUses(token: string): number {
    return this.bearerUses.get(token) ?? 0;
  }

  nextStartFails(): boolean {
    this.startedCount++;
    return this.failEvery > 0 && this.startedCount % this.failEvery === 0;
  }

  addFault(spec: FaultSpec): void {
    this.board.add(spec);
  }
  clearFaults(): void {
    this.board.clear();
  }
  faults(): Array<FaultSpec & { left: number }> {
    return this.board.pending();
  }
  clearRequests(): void {
    this.requests.length = 0;
    this.otherOriginRequests.length = 0;
    this.otherOriginSawAuthorization = false;
  }
  /**
   * Orders back to the seed, faults and logs cleared, start counter, answer shape and the service user's token
   * lifetime back to their start values. Issued tokens stay good (revokeIssuedTokens() ends them).
   */
  reset(): void {
    this.store.clear();
    this.store.seed(this.seedName);
    this.clearFaults();
    this.clearRequests();
    this.startedCount = 0;
    this.startAnswerShape = 'json-string';
    this.serviceUser.lifetimeSeconds = this.initialLifetime;
  }
  /** Every JWT issued so far answers 401 from now on; how many were still good. */
  revokeIssuedTokens(): number {
    return this.serviceUser.revokeAll();
  }
  addOrder(partial: FakeOrderInput = {}): WireOrder {
    return this.store.add(partial);
  }
  setState(id: string, state: string): WireOrder {
    return this.store.setState(id, state);
  }
  setCsvBytes(id: string, bytes: number): void {
    this.store.setCsvBytes(id, bytes);
  }
  order(id: string): WireOrder | undefined {
    return this.store.get(id);
  }
  /** A snapshot of every order as the API would show it now, in insertion order. */
  orders(): WireOrder[] {
    return this.store.all();
  }
  /** Adds `n` final orders (DONE, every 25th ERROR, or all `state`), one minute apart, newest now. */
  seedMany(n: number, state?: string): void {
    this.store.seedMany(n, state);
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const close = (s: Server): Promise<void> =>
      new Promise((resolve) => {
        if (!s.listening) return resolve();
        s.close(() => resolve());
        s.closeAllConnections();
      });
    await Promise.all([close(this.main), close(this.other)]);
  }

  /** The bearer's standing: the fake's token, an issued JWT (until it ends), the API key on public routes. */
  private authorization(req: IncomingMessage, publicRoute: boolean): AuthorizationSeen {
    const header = req.headers.authorization;
    if (header === undefined || header === '') return 'missing';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (!m) return 'invalid';
    const bearer = m[1];
    if (bearer === this.token) return 'valid';
    if (publicRoute && bearer === this.apiKey) return 'valid';
    const issued = this.serviceUser.check(bearer);
    if (issued !== 'unknown') return issued;
    return this.forbiddenToken !== undefined && bearer === this.forbiddenToken
      ? 'forbidden'
      : 'invalid';
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private async handle(
    req: IncomingMessage,
    res: ServerResponse,
    side: 'main' | 'other',
  ): Promise<void> {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const method = req.method ?? 'GET';
    let note = '';
    try {
      if (side === 'main' && /^(\/chat)?\/__fake\//.test(url.pathname)) {
        const body = method === 'GET' || method === 'DELETE' ? '' : await readBody(req, MAX_BODY);
        return await sendReply(
          res,
          handleControl(this, method, url.pathname.replace(/^(\/chat)?\/__fake/, ''), body),
        );
      }
      // The token endpoint (zitadel.ts: client id and secret, no bearer), the Public API surface
      // (publicRoutes.ts) or the internal one (restRoutes.ts); faults alike.
      const tokenRoute = side === 'main' && url.pathname === TOKEN_PATH;
      const tokenBody = tokenRoute ? await readBody(req, MAX_BODY) : '';
      const pub = tokenRoute
        ? undefined
        : url.pathname.startsWith(`${PUBLIC_PREFIX}/`)
          ? classifyPublic(
              method,
              url,
              req.headers,
              method === 'POST' ? await readBody(req, MAX_BODY) : undefined,
            )
          : undefined;
      const r =
        pub || tokenRoute
          ? undefined
          : await classify(
              method,
              url,
              String(req.headers['content-type'] ?? ''),
              this.graphqlPath,
              () => readBody(req, MAX_BODY),
            );
      const route = tokenRoute ? 'token' : (pub?.route ?? r?.route ?? 'other');
      const authorization = tokenRoute
        ? this.serviceUser.clientSeen(req.headers.authorization, tokenBody)
        : this.authorization(req, pub !== undefined);
      const record: RequestRecord = {
        time: this.now(),
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        route,
        ...(r?.gql?.operationName ? { operationName: r.gql.operationName } : {}),
        authorization,
        ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
      };
      const normal = (): Promise<Reply> =>
        tokenRoute
          ? Promise.resolve(this.serviceUser.answer(method, req.headers.authorization, tokenBody))
          : pub
            ? Promise.resolve(answerPublic(this, pub))
            : answer(this, r!);
      if (side === 'other') {
        this.otherOriginRequests.push(record);
        if (authorization !== 'missing') this.otherOriginSawAuthorization = true;
        return await sendReply(res, await normal());
      }
      this.requests.push(record);
      const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (bearer !== undefined) this.bearerUses.set(bearer, (this.bearerUses.get(bearer) ?? 0) + 1);
      // The token route authenticates the client itself (Zitadel's own 401 invalid_client).
      if (
        !tokenRoute &&
        (authorization === 'missing' || authorization === 'invalid' || authorization === 'expired')
      )
        return await sendReply(res, errorReply(401, 'Unauthorized'));
      if (authorization === 'forbidden')
        return await sendReply(res, errorReply(403, 'Forbidden resource'));
      if (url.searchParams.has(REDIRECT_MARK)) return await sendReply(res, await normal());
      const { delayMs, fault } = this.board.take(route);
      if (delayMs > 0) await this.sleep(delayMs);
      if (res.destroyed) return;
      const outcome: FaultOutcome = fault ? faultOutcome(fault, route) : { do: 'normal' };
      note = fault ? ` [fault ${fault.kind}]` : delayMs > 0 ? ` [delayed ${delayMs} ms]` : '';
      switch (outcome.do) {
        case 'reply':
          return await sendReply(res, outcome.reply);
        case 'destroy':
          req.socket.destroy();
          return;
        case 'redirect': {
          const target = new URL(
            url.pathname + url.search,
            outcome.to === 'other-origin' ? this.otherOrigin : this.origin,
          );
          if (outcome.to === 'same-origin') target.searchParams.set(REDIRECT_MARK, '1');
          return await sendReply(res, { status: 307, headers: { location: target.toString() } });
        }
        case 'normal': {
          const reply = await normal();
          return await sendReply(
            res,
            outcome.alter ? outcome.alter(reply) : reply,
            outcome.cutAfter,
          );
        }
        default:
          return assertNever(outcome);
      }
    } catch (e) {
      const reply =
        e instanceof BodyTooLarge
          ? errorReply(413)
          : errorReply(500, `fake server error: ${String(e)}`);
      if (!res.headersSent) await sendReply(res, reply).catch(() => undefined);
      else res.destroy();
    } finally {
      const path =
        url.pathname.startsWith('/__fake/') || url.pathname === TOKEN_PATH
          ? url.pathname
          : url.pathname + url.search;
      this.log(
        `${side === 'other' ? '[other origin] ' : ''}${method} ${path} -> ${res.statusCode} (${Date.now() - started} ms)${note}`,
      );
    }
  }
}

function normalisePath(p: string): string {
  return '/' + p.replace(/^\/+/, '');
}

function assertNever(x: never): never {
  throw new Error(`unhandled ${JSON.stringify(x)}`);
}

/** Starts the fake on 127.0.0.1, or as FAKE_SERVER_* say (transport.ts); main plus other-origin listener. */
export async function startFakeServer(opts: FakeServerOptions = {}): Promise<FakeServer> {
  const server = new FakeServer(opts);
  await server.listen(opts.port ?? 0);
  return server;
}
