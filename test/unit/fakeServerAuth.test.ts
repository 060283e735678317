// The fake server's three ways in, over real HTTP with global fetch: its built-in Zitadel token endpoint
// (`POST /oauth/v2/token`, client-credentials grant) answering as Zitadel does, the JWTs it issues as bearers on
// the internal and the public routes until they end by the fake's clock (and never in its logs), a personal API
// key on the public routes only, the control routes for the token lifetime and revocation, faults on the token
// route, the harness's canaries from the environment, and what `npm run fake-server` prints.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ClientCredentialsToken } from '../../src/core/auth/clientCredentials';
import { nodeFetch } from '../../src/core/api/nodeFetch';
import { LIST_QUERY } from '../fakeServer/rawClient';
import {
  CANARY_APIKEY_ENV,
  CANARY_SECRET_ENV,
  startFakeServer,
  type FakeServer,
} from '../fakeServer/server';
import { FakeClock } from './support/fakeClock';

const T0 = Date.parse('2024-06-02T19:18:57.753Z');
const SCOPE = (project: string) =>
  `openid profile email urn:zitadel:iam:org:projects:roles urn:zitadel:iam:org:project:id:${project}:aud`;

interface TokenAnswer {
  access_token?: string;
  token_type?: string;
  expires_in?: number;
  error?: string;
}

function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

describe('fake Unique server: token endpoint, issued JWTs, API key', () => {
  let server: FakeServer;
  let clock: number;
  const lines: string[] = [];

  const basic = (id: string, secret: string) =>
    `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  const tokenRequest = async (
    over: { id?: string; secret?: string; project?: string; grant?: string; auth?: string } = {},
  ): Promise<{ status: number; body: TokenAnswer }> => {
    const u = server.serviceUser;
    const res = await fetch(server.tokenUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: over.auth ?? basic(over.id ?? u.clientId, over.secret ?? u.secret),
      },
      body: new URLSearchParams({
        grant_type: over.grant ?? 'client_credentials',
        scope: SCOPE(over.project ?? u.projectId),
      }).toString(),
    });
    return { status: res.status, body: (await res.json()) as TokenAnswer };
  };
  const issue = async (): Promise<string> => {
    const { status, body } = await tokenRequest();
    assert.equal(status, 200);
    return body.access_token!;
  };
  const identity = {
    'x-app-id': 'app_1',
    'x-user-id': 'user_1',
    'x-company-id': 'company_1',
    'x-api-version': '2023-12-06',
  };
  const publicList = (bearer: string, headers: Record<string, string> = identity) =>
    fetch(`${server.publicUrl}/analytics/orders`, {
      headers: { authorization: `Bearer ${bearer}`, ...headers },
    });
  const internalList = (bearer: string) =>
    fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: LIST_QUERY, variables: { skip: 0, take: 5 } }),
    });
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.origin}/__fake${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  };

  beforeEach(async () => {
    clock = T0;
    lines.length = 0;
    server = await startFakeServer({
      seed: 'demo',
      now: () => clock,
      log: (l) => lines.push(l),
    });
  });
  afterEach(() => server.stop());

  it('issues a JWT with exp for the right client id, secret and project, as Zitadel answers', async () => {
    assert.equal(server.tokenUrl, `${server.origin}/oauth/v2/token`);
    assert.equal(server.serviceUser.clientId, 'analytics-bot@unique');
    assert.equal(server.serviceUser.projectId, '268834226248417287');
    assert.match(server.serviceUser.secret, /^fake-secret-[0-9a-f]{32}$/);
    const { status, body } = await tokenRequest();
    assert.equal(status, 200);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 3600);
    const c = claims(body.access_token!);
    assert.equal(c.exp, Math.floor(T0 / 1000) + 3600);
    assert.equal(c.sub, 'analytics-bot@unique');
    // client_secret_post works too, as on Zitadel.
    const post = await fetch(server.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: server.serviceUser.clientId,
        client_secret: server.serviceUser.secret,
        scope: SCOPE(server.serviceUser.projectId),
      }).toString(),
    });
    assert.equal(post.status, 200);
    assert.equal(server.serviceUser.issuedCount, 2);
  });

  it('refuses a wrong secret or client id (401 invalid_client), another project (400 invalid_scope), another grant', async () => {
    const wrongSecret = await tokenRequest({ secret: 'nope' });
    assert.deepEqual([wrongSecret.status, wrongSecret.body.error], [401, 'invalid_client']);
    const wrongId = await tokenRequest({ id: 'someone@else' });
    assert.deepEqual([wrongId.status, wrongId.body.error], [401, 'invalid_client']);
    const none = await tokenRequest({ auth: '' });
    assert.deepEqual([none.status, none.body.error], [401, 'invalid_client']);
    const project = await tokenRequest({ project: '1' });
    assert.deepEqual([project.status, project.body.error], [400, 'invalid_scope']);
    const grant = await tokenRequest({ grant: 'password' });
    assert.deepEqual([grant.status, grant.body.error], [400, 'unsupported_grant_type']);
    const get = await fetch(server.tokenUrl);
    assert.equal(get.status, 405);
    assert.equal(server.serviceUser.issuedCount, 0);
    // Recorded as the token route, with whether the client authenticated; never the secret.
    assert.deepEqual(
      server.requests.map((r) => `${r.route}:${r.authorization}`),
      [
        'token:invalid',
        'token:invalid',
        'token:missing',
        'token:valid',
        'token:valid',
        'token:missing',
      ],
    );
    const everything = JSON.stringify(server.requests) + lines.join('\n');
    assert.ok(!everything.includes(server.serviceUser.secret), 'secret in the request log');
    assert.ok(!everything.includes('nope'));
  });

  it('accepts an issued JWT on the internal GraphQL list and a public route until it ends by its clock, then 401', async () => {
    const jwt = await issue();
    assert.equal((await internalList(jwt)).status, 200);
    assert.equal((await publicList(jwt)).status, 200);
    clock = T0 + 3_599_000 - (T0 % 1000); // a second before exp
    assert.equal((await internalList(jwt)).status, 200);
    clock = T0 + 3_600_000 - (T0 % 1000); // exp
    const after = await internalList(jwt);
    assert.equal(after.status, 401);
    assert.equal(((await after.json()) as { message: string }).message, 'Unauthorized');
    assert.equal((await publicList(jwt)).status, 401);
    assert.deepEqual(
      server.requests.map((r) => `${r.route}:${r.authorization}`),
      ['token:valid', 'list:valid', 'list:valid', 'list:valid', 'list:expired', 'list:expired'],
    );
    // A fresh one works again; a JWT the fake did not issue never does.
    assert.equal((await internalList(await issue())).status, 200);
    const forged = jwt.replace(/\.[^.]+$/, '.forged');
    assert.equal((await internalList(forged)).status, 401);
    // Issued tokens never reach the request log or the log lines.
    const everything = JSON.stringify(server.requests) + lines.join('\n');
    assert.ok(!everything.includes(jwt.split('.')[2]), 'issued token in a log');
  });

  it('the core client signs in against it, and a short lifetime makes it fetch again before the end', async () => {
    const fake = new FakeClock(T0);
    clock = fake.now();
    server.serviceUser.lifetimeSeconds = 120;
    const source = new ClientCredentialsToken({
      tokenUrl: server.tokenUrl,
      clientId: server.serviceUser.clientId,
      projectId: server.serviceUser.projectId,
      getSecret: () => Promise.resolve(server.serviceUser.secret),
      fetch: nodeFetch,
      clock: fake,
      marginMs: 60_000,
    });
    const first = await source.get();
    assert.equal((await internalList(first)).status, 200);
    await fake.advance(65_000);
    clock = fake.now();
    const second = await source.get();
    assert.notEqual(second, first, '55 s left: fetched again');
    assert.equal((await internalList(second)).status, 200);
    await fake.advance(60_000);
    clock = fake.now();
    assert.equal((await internalList(first)).status, 401, 'the first one has ended');
    assert.equal((await internalList(second)).status, 200);
  });

  it('takes a personal API key on the public routes only; the token stays good there; identity headers still required', async () => {
    assert.match(server.apiKey, /^ukey_fake[0-9a-f]{32}$/);
    assert.equal(server.publicUrl, `${server.origin}/public/chat`);
    const pub = await publicList(server.apiKey);
    assert.equal(pub.status, 200);
    assert.ok(((await pub.json()) as { items: unknown[] }).items.length > 0);
    assert.equal((await publicList(server.token)).status, 200);
    assert.equal((await internalList(server.apiKey)).status, 401, 'not on the internal routes');
    assert.equal((await publicList('ukey_wrong')).status, 401);
    const { 'x-company-id': _, ...noCompany } = identity;
    const missing = await publicList(server.apiKey, noCompany);
    assert.equal(missing.status, 400);
    assert.match(((await missing.json()) as { message: string }).message, /x-company-id/);
    // Rotated over the control route.
    const old = server.apiKey;
    assert.equal((await control('POST', '/api-key', { apiKey: 'ukey_rotated' })).status, 200);
    assert.equal((await publicList(old)).status, 401);
    assert.equal((await publicList('ukey_rotated')).status, 200);
    assert.equal(server.tokenUses('ukey_rotated'), 1);
    assert.ok(!JSON.stringify(server.requests).includes('ukey_rotated'));
  });

  it('control routes read and set the lifetime (never showing the secret) and revoke every issued token', async () => {
    const before = await control('GET', '/service-user');
    assert.equal(before.status, 200);
    assert.deepEqual(JSON.parse(before.text), {
      tokenUrl: server.tokenUrl,
      clientId: 'analytics-bot@unique',
      projectId: '268834226248417287',
      lifetimeSeconds: 3600,
      issued: 0,
    });
    const set = await control('POST', '/service-user', { lifetimeSeconds: 5 });
    assert.equal((JSON.parse(set.text) as { lifetimeSeconds: number }).lifetimeSeconds, 5);
    assert.equal((await control('POST', '/service-user', { lifetimeSeconds: 0 })).status, 400);
    assert.equal((await control('POST', '/service-user', { lifetimeSeconds: 'x' })).status, 400);
    const { body } = await tokenRequest();
    assert.equal(body.expires_in, 5);
    const a = body.access_token!;
    const b = await issue();
    assert.equal((await internalList(a)).status, 200);
    const revoked = await control('POST', '/service-user/revoke');
    assert.deepEqual(JSON.parse(revoked.text), { revoked: 2 });
    assert.equal((await internalList(a)).status, 401);
    assert.equal((await publicList(b)).status, 401);
    assert.equal((await internalList(await issue())).status, 200, 'new ones work');
    // A rotated secret: the old one is refused.
    const old = server.serviceUser.secret;
    await control('POST', '/service-user', { secret: 'rotated-secret' });
    assert.equal((await tokenRequest({ secret: old })).status, 401);
    assert.equal((await tokenRequest({ secret: 'rotated-secret' })).status, 200);
    const shown = (await control('GET', '/service-user')).text;
    assert.ok(!shown.includes('rotated-secret') && !shown.includes(old));
    server.reset();
    assert.equal(server.serviceUser.lifetimeSeconds, 3600, 'reset restores the lifetime');
  });

  it('applies faults to the token route (kind "token", and "any")', async () => {
    await control('POST', '/faults', {
      on: 'token',
      times: 1,
      fault: { kind: 'status', status: 503 },
    });
    assert.equal((await tokenRequest()).status, 503);
    assert.equal((await tokenRequest()).status, 200);
    server.addFault({ on: 'token', times: 1, fault: { kind: 'delay', ms: 300 } });
    const t = Date.now();
    assert.equal((await tokenRequest()).status, 200);
    assert.ok(Date.now() - t >= 280, 'delayed');
    server.addFault({ on: 'list', fault: { kind: 'status', status: 500 } });
    assert.equal((await tokenRequest()).status, 200, 'a list fault leaves the token route alone');
    server.clearFaults();
    server.addFault({ on: 'any', times: 1, fault: { kind: 'rateLimit', retryAfterSeconds: 3 } });
    const limited = await fetch(server.tokenUrl, { method: 'POST' });
    assert.equal(limited.status, 429);
    assert.throws(
      () => server.addFault({ on: 'tokens' as 'token', fault: { kind: 'badGateway' } }),
      /start\|list\|delete\|download\|token\|any/,
    );
  });

  it("takes the harness's canary secret and API key from the environment, canary-shaped values only", async () => {
    const secret = `canary-secret-${'ab'.repeat(16)}`;
    const apiKey = `ukey_canary${'cd'.repeat(16)}`;
    const saved = [process.env[CANARY_SECRET_ENV], process.env[CANARY_APIKEY_ENV]];
    const put = (s: string | undefined, k: string | undefined) => {
      if (s === undefined) delete process.env[CANARY_SECRET_ENV];
      else process.env[CANARY_SECRET_ENV] = s;
      if (k === undefined) delete process.env[CANARY_APIKEY_ENV];
      else process.env[CANARY_APIKEY_ENV] = k;
    };
    let other: FakeServer | undefined;
    try {
      put(secret, apiKey);
      other = await startFakeServer();
      assert.equal(other.serviceUser.secret, secret);
      assert.equal(other.apiKey, apiKey);
      await other.stop();
      put('a-real-secret', 'ukey_real');
      other = await startFakeServer({ serviceUser: { clientId: 'me', lifetimeSeconds: 9 } });
      assert.match(other.serviceUser.secret, /^fake-secret-/);
      assert.match(other.apiKey, /^ukey_fake/);
      assert.deepEqual(
        [
          other.serviceUser.clientId,
          other.serviceUser.projectId,
          other.serviceUser.lifetimeSeconds,
        ],
        ['me', '268834226248417287', 9],
      );
    } finally {
      put(saved[0], saved[1]);
      await other?.stop();
    }
  });

  it('`npm run fake-server` prints the token URL, service user, Public API and key; --token-lifetime', async function () {
    this.timeout(20_000);
    const main = join(__dirname, '..', 'fakeServer', 'main.js');
    assert.ok(existsSync(main), `${main} is built by \`node esbuild.mjs --tests\``);
    const run = async (env: NodeJS.ProcessEnv, args: string[]): Promise<string> => {
      const child = spawn(process.execPath, [main, '--seed', 'empty', ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env,
      });
      let out = '';
      try {
        await new Promise<void>((resolve, reject) => {
          child.stderr.on('data', (d: Buffer) => (out += d.toString()));
          child.stdout.on('data', (d: Buffer) => {
            out += d.toString();
            if (/^Control: /m.test(out)) resolve();
          });
          child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
        });
      } finally {
        child.kill('SIGTERM');
      }
      return out;
    };
    const env = { ...process.env };
    for (const k of ['UNIQUE_ANALYTICS_TOKEN', CANARY_SECRET_ENV, CANARY_APIKEY_ENV]) delete env[k];
    const out = await run(env, ['--token-lifetime', '120']);
    const base = /^Fake Unique server: (http:\/\/127\.0\.0\.1:\d+)\/chat$/m.exec(out)?.[1];
    assert.ok(base, out);
    assert.match(out, new RegExp(`^Token URL: ${base}/oauth/v2/token$`, 'm'));
    assert.match(out, /^Client id: analytics-bot@unique$/m);
    assert.match(out, /^Project id: 268834226248417287$/m);
    assert.match(out, /^Client secret: fake-secret-[0-9a-f]{32}$/m);
    assert.match(out, /^Token lifetime: 120 s$/m);
    assert.match(out, new RegExp(`^Public API: ${base}/public/chat$`, 'm'));
    assert.match(
      out,
      /^Public API identity: app id \S+, user id \d+, company id \d+, API version /m,
    );
    assert.match(out, /^API key: ukey_fake[0-9a-f]{32}$/m);
    // The harness's canaries are used, never echoed.
    const secret = `canary-secret-${'ef'.repeat(16)}`;
    const key = `ukey_canary${'01'.repeat(16)}`;
    const quiet = await run({ ...env, [CANARY_SECRET_ENV]: secret, [CANARY_APIKEY_ENV]: key }, []);
    assert.ok(!quiet.includes(secret) && !quiet.includes(key), quiet);
    assert.match(quiet, /^Client secret: taken from UA_TEST_CANARY_SECRET \(not shown\)$/m);
    assert.match(quiet, /^API key: taken from UA_TEST_CANARY_APIKEY \(not shown\)$/m);
    await assert.rejects(
      run(env, ['--token-lifetime', '0']),
      /exited 2: fake-server: --token-lifetime needs a number of seconds > 0/,
    );
  });
});
