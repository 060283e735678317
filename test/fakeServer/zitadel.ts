// A fake of Zitadel's token endpoint (client-credentials grant) over real HTTP, as Unique's identity
// provider answers: 401 invalid_client for a wrong id or secret, 400 invalid_scope for another project,
// else a JWT with `exp` and `expires_in`. Short lifetimes prove that the extension refreshes in time.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeZitadelOptions {
  readonly clientId?: string;
  readonly secret?: string;
  readonly projectId?: string;
  /** Seconds a token lasts (default 3600). */
  readonly lifetimeSeconds?: number;
  /** Answer each token request after this many ms (to make concurrent callers overlap). */
  readonly delayMs?: number;
  /** The issuer's clock (ms), for `exp`; default Date.now (tests on a fake clock pass theirs). */
  readonly now?: () => number;
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

export function fakeJwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.${randomBytes(16).toString('base64url')}`;
}

export async function startFakeZitadel(opts: FakeZitadelOptions = {}): Promise<FakeZitadel> {
  const clientId = opts.clientId ?? 'analytics-bot@unique';
  const secret = opts.secret ?? `secret-${randomBytes(8).toString('hex')}`;
  const projectId = opts.projectId ?? '268834226248417287';
  const requests: FakeZitadel['requests'] = [];
  const issued: string[] = [];
  const state = { lifetimeSeconds: opts.lifetimeSeconds ?? 3600 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ authorization: req.headers.authorization, body });
      const answer = (status: number, json: unknown) => {
        const send = () => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(json));
        };
        if (opts.delayMs) setTimeout(send, opts.delayMs);
        else send();
      };
      if (req.method !== 'POST' || req.url !== '/oauth/v2/token')
        return answer(404, { error: 'not_found' });
      const form = new URLSearchParams(body);
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const [id, pw] = basic
        ? Buffer.from(basic, 'base64').toString('utf8').split(':').map(decodeURIComponent)
        : [];
      if (id !== clientId || pw !== secret)
        return answer(401, {
          error: 'invalid_client',
          error_description: 'client not found or wrong secret',
        });
      if (form.get('grant_type') !== 'client_credentials')
        return answer(400, { error: 'unsupported_grant_type' });
      const scope = (form.get('scope') ?? '').split(' ');
      if (!scope.includes(`urn:zitadel:iam:org:project:id:${projectId}:aud`)) {
        return answer(400, { error: 'invalid_scope', error_description: 'project not found' });
      }
      const exp = Math.floor((opts.now ?? Date.now)() / 1000) + state.lifetimeSeconds;
      const token = fakeJwt({
        sub: clientId,
        exp,
        iat: exp - state.lifetimeSeconds,
        n: issued.length,
      });
      issued.push(token);
      answer(200, { access_token: token, token_type: 'Bearer', expires_in: state.lifetimeSeconds });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    tokenUrl: `${url}/oauth/v2/token`,
    clientId,
    secret,
    projectId,
    requests,
    issued,
    get lifetimeSeconds() {
      return state.lifetimeSeconds;
    },
    set lifetimeSeconds(v: number) {
      state.lifetimeSeconds = v;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
