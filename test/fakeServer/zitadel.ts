// A fake of Zitadel's token endpoint (client-credentials grant), as Unique's identity provider answers:
// 400 unsupported_grant_type for another grant, 401 invalid_client for a wrong id or secret, 400 invalid_scope
// without the project's audience, else a JWT with `exp` and `expires_in`. Short lifetimes prove that the
// extension refreshes in time. `TokenIssuer` is the logic (a request in, a `Reply` out, and which bearer tokens
// it issued are still good); the main fake server mounts it at `POST /oauth/v2/token` (server.ts), and
// `startFakeZitadel` serves it alone on its own port (test/unit/auth).
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jsonReply, sendReply, type Reply } from './httpIo';

export const TOKEN_PATH = '/oauth/v2/token';
export const SERVICE_USER_DEFAULTS = {
  clientId: 'analytics-bot@unique',
  projectId: '268834226248417287',
  lifetimeSeconds: 3600,
} as const;

export interface ServiceUserOptions {
  readonly clientId?: string;
  readonly secret?: string;
  readonly projectId?: string;
  /** Seconds a token lasts (default 3600). */
  readonly lifetimeSeconds?: number;
}

export interface FakeZitadelOptions extends ServiceUserOptions {
  /** Answer each token request after this many ms (to make concurrent callers overlap). */
  readonly delayMs?: number;
  /** The issuer's clock (ms), for `exp`; default Date.now (tests on a fake clock pass theirs). */
  readonly now?: () => number;
}

/** What a token request's client authentication was (never the secret itself). */
export type ClientSeen = 'valid' | 'invalid' | 'missing';
/** What the issuer knows of a bearer token. */
export type IssuedCheck = 'valid' | 'expired' | 'unknown';

export function fakeJwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.${randomBytes(16).toString('base64url')}`;
}

function isLifetime(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0;
}

/** The service user and the tokens issued to it; answers token requests as Zitadel does. */
export class TokenIssuer {
  readonly clientId: string;
  secret: string;
  readonly projectId: string;
  private lifetime: number;
  /** Every token issued and still remembered, with its end (ms since epoch); forgotten on revokeAll(). */
  private readonly live = new Map<string, number>();
  private count = 0;

  constructor(
    opts: ServiceUserOptions & { secret: string },
    private readonly now: () => number,
  ) {
    this.clientId = opts.clientId ?? SERVICE_USER_DEFAULTS.clientId;
    this.secret = opts.secret;
    this.projectId = opts.projectId ?? SERVICE_USER_DEFAULTS.projectId;
    this.lifetime = SERVICE_USER_DEFAULTS.lifetimeSeconds;
    if (opts.lifetimeSeconds !== undefined) this.lifetimeSeconds = opts.lifetimeSeconds;
  }

  /** Seconds each new token lasts (tokens already issued keep theirs). */
  get lifetimeSeconds(): number {
    return this.lifetime;
  }
  set lifetimeSeconds(v: number) {
    if (!isLifetime(v))
      throw new RangeError(`lifetimeSeconds must be a number > 0, got ${String(v)}`);
    this.lifetime = v;
  }

  /** Tokens issued since the start (revoked ones included). */
  get issuedCount(): number {
    return this.count;
  }

  /** The client's credentials, from HTTP Basic (client_secret_basic) or the form (client_secret_post). */
  clientSeen(authorization: string | undefined, body: string): ClientSeen {
    const { id, secret } = credentials(authorization, new URLSearchParams(body));
    if (id === undefined && secret === undefined) return 'missing';
    return id === this.clientId && secret === this.secret ? 'valid' : 'invalid';
  }

  /**
   * One token request. Zitadel (zitadel/oidc) looks at the grant type first, then authenticates the client,
   * then checks the scope.
   */
  answer(method: string, authorization: string | undefined, body: string): Reply {
    if (method !== 'POST')
      return jsonReply(405, { error: 'invalid_request', error_description: 'method not allowed' });
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'client_credentials')
      return jsonReply(400, {
        error: 'unsupported_grant_type',
        error_description: `${form.get('grant_type') ?? '(none)'} not supported`,
      });
    if (this.clientSeen(authorization, body) !== 'valid')
      return jsonReply(401, {
        error: 'invalid_client',
        error_description: 'client not found or wrong secret',
      });
    const scope = (form.get('scope') ?? '').split(/\s+/);
    if (!scope.includes(`urn:zitadel:iam:org:project:id:${this.projectId}:aud`))
      return jsonReply(400, { error: 'invalid_scope', error_description: 'project not found' });
    const lifetime = this.lifetime;
    const iat = Math.floor(this.now() / 1000);
    const exp = iat + lifetime;
    const token = fakeJwt({ sub: this.clientId, aud: [this.projectId], exp, iat, n: this.count });
    this.count++;
    this.forgetEnded();
    this.live.set(token, exp * 1000);
    return jsonReply(200, { access_token: token, token_type: 'Bearer', expires_in: lifetime });
  }

  /** Whether `token` is one this issuer handed out, and if so whether it has ended by the clock. */
  check(token: string): IssuedCheck {
    const end = this.live.get(token);
    if (end === undefined) return 'unknown';
    return this.now() < end ? 'valid' : 'expired';
  }

  /** Forgets every token issued so far (they answer 401 from now on); how many were still good. */
  revokeAll(): number {
    const good = [...this.live.values()].filter((end) => this.now() < end).length;
    this.live.clear();
    return good;
  }

  /** Tokens ended more than a day ago need not be told from never-issued ones. */
  private forgetEnded(): void {
    if (this.live.size < 1000) return;
    const horizon = this.now() - 86_400_000;
    for (const [t, end] of this.live) if (end < horizon) this.live.delete(t);
  }
}

function credentials(
  authorization: string | undefined,
  form: URLSearchParams,
): { id?: string; secret?: string } {
  const basic = /^Basic\s+(.+)$/i.exec(authorization ?? '')?.[1];
  if (basic) {
    const text = Buffer.from(basic, 'base64').toString('utf8');
    const i = text.indexOf(':');
    const decode = (s: string): string => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s;
      }
    };
    return i < 0
      ? { id: decode(text) }
      : { id: decode(text.slice(0, i)), secret: decode(text.slice(i + 1)) };
  }
  const id = form.get('client_id') ?? undefined;
  const secret = form.get('client_secret') ?? undefined;
  return { id, secret };
}

export interface FakeZitadel {
  readonly url: string;
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly secret: string;
  readonly projectId: string;
  /** Every token request, in order. */
  readonly requests: { authorization?: string; body: string }[];
  /** Tokens handed out so far. */
  readonly issued: string[];
  lifetimeSeconds: number;
  stop(): Promise<void>;
}

/** The token endpoint alone, on its own port (its own origin, as Zitadel's `id.<domain>` is). */
export async function startFakeZitadel(opts: FakeZitadelOptions = {}): Promise<FakeZitadel> {
  const issuer = new TokenIssuer(
    { ...opts, secret: opts.secret ?? `secret-${randomBytes(8).toString('hex')}` },
    opts.now ?? Date.now,
  );
  const requests: FakeZitadel['requests'] = [];
  const issued: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ authorization: req.headers.authorization, body });
      const path = new URL(req.url ?? '/', 'http://fake.invalid').pathname;
      const reply =
        path === TOKEN_PATH
          ? issuer.answer(req.method ?? 'GET', req.headers.authorization, body)
          : jsonReply(404, { error: 'not_found' });
      if (reply.status === 200 && typeof reply.body === 'string')
        issued.push((JSON.parse(reply.body) as { access_token: string }).access_token);
      const send = () => void sendReply(res, reply).catch(() => res.destroy());
      if (opts.delayMs) setTimeout(send, opts.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    tokenUrl: `${url}${TOKEN_PATH}`,
    clientId: issuer.clientId,
    secret: issuer.secret,
    projectId: issuer.projectId,
    requests,
    issued,
    get lifetimeSeconds() {
      return issuer.lifetimeSeconds;
    },
    set lifetimeSeconds(v: number) {
      issuer.lifetimeSeconds = v;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
