// core/auth over real HTTP against the fake Zitadel: the grant as Zitadel wants it, one shared fetch for
// concurrent callers, refresh before the end (on a fake clock), a rejected token dropped, and one clear
// message per wrong input (client id or secret, project id, URL) that never quotes the secret.
import * as assert from 'node:assert/strict';
import { ClientCredentialsToken, zitadelScope } from '../../../src/core/auth/clientCredentials';
import { describeExpiry, expiryDuration, jwtExpiry } from '../../../src/core/auth/jwt';
import { nodeFetch } from '../../../src/core/api/nodeFetch';
import { UniqueClient } from '../../../src/core/api/client';
import { ApiError } from '../../../src/core/errors';
import { startFakeServer, type FakeServer } from '../../fakeServer/server';
import { fakeJwt, startFakeZitadel, type FakeZitadel } from '../../fakeServer/zitadel';
import { FakeClock } from '../support/fakeClock';

describe('auth: JWT expiry', () => {
  it('reads exp of a JWT and nothing else', () => {
    assert.equal(jwtExpiry(fakeJwt({ exp: 1_700_000_000 })), 1_700_000_000_000);
    for (const t of [
      '',
      'abc',
      'a.b.c',
      fakeJwt({}),
      fakeJwt({ exp: 'soon' }),
      `x.${Buffer.from('[1]').toString('base64url')}.y`,
    ]) {
      assert.equal(jwtExpiry(t), undefined, t);
    }
  });

  it('says how long a token lasts', () => {
    assert.equal(describeExpiry(10_000 + 3 * 3_600_000 + 12 * 60_000, 10_000), 'in 3 h 12 min');
    assert.equal(describeExpiry(45 * 60_000, 0), 'in 45 min');
    assert.equal(describeExpiry(0, 5 * 60_000), 'ended 5 min ago');
    assert.equal(describeExpiry(20_000, 0), 'in 20 s');
    // The duration alone, for sentences of their own about a token that ended ("ended 5 min ago (…)").
    assert.equal(expiryDuration(0, 5 * 60_000), '5 min');
    assert.equal(expiryDuration(3_600_000, 0), '1 h 0 min');
  });
});

describe('auth: client credentials (real HTTP, fake Zitadel)', () => {
  let z: FakeZitadel;
  let clock: FakeClock;
  const source = (over: Partial<ConstructorParameters<typeof ClientCredentialsToken>[0]> = {}) =>
    new ClientCredentialsToken({
      tokenUrl: z.tokenUrl,
      clientId: z.clientId,
      projectId: z.projectId,
      getSecret: () => Promise.resolve(z.secret),
      fetch: nodeFetch,
      clock,
      ...over,
    });
  beforeEach(async () => {
    clock = new FakeClock(Date.now());
    z = await startFakeZitadel({ delayMs: 30, now: () => clock.now() });
  });
  afterEach(() => z.stop());

  it('sends the grant with Basic auth and the project scope, and caches the token', async () => {
    const s = source();
    const token = await s.get();
    assert.equal(token, z.issued[0]);
    assert.equal(await s.get(), token, 'cached');
    assert.equal(z.requests.length, 1);
    const form = new URLSearchParams(z.requests[0].body);
    assert.equal(form.get('grant_type'), 'client_credentials');
    assert.equal(form.get('scope'), zitadelScope(z.projectId));
    assert.match(form.get('scope') ?? '', /urn:zitadel:iam:org:project:id:268834226248417287:aud$/);
    assert.match(z.requests[0].authorization ?? '', /^Basic /);
    assert.equal(s.expiresAt, jwtExpiry(token));
  });

  it('one fetch for many concurrent callers', async () => {
    const s = source();
    const tokens = await Promise.all(Array.from({ length: 20 }, () => s.get()));
    assert.equal(new Set(tokens).size, 1);
    assert.equal(z.requests.length, 1);
  });

  it('refreshes shortly before the end, and after a rejection', async () => {
    z.lifetimeSeconds = 120;
    const s = source({ marginMs: 60_000 });
    const first = await s.get();
    await clock.advance(50_000);
    assert.equal(await s.get(), first, '70 s left: still good');
    await clock.advance(15_000);
    const second = await s.get();
    assert.notEqual(second, first, '55 s left: refreshed');
    s.rejected('some other token');
    assert.equal(await s.get(), second, 'a rejection of another token changes nothing');
    s.rejected(second);
    assert.notEqual(await s.get(), second);
    assert.equal(z.requests.length, 3);
  });

  const refusal = async (s: ClientCredentialsToken): Promise<ApiError> => {
    const e = await s.get().then(
      () => undefined,
      (x: unknown) => x,
    );
    assert.ok(e instanceof ApiError, String(e));
    assert.ok(!e.message.includes(z.secret), 'the secret is never quoted');
    return e;
  };

  it('names what to fix: client id or secret, project id, token URL, a missing secret', async () => {
    const wrongSecret = await refusal(source({ getSecret: () => Promise.resolve('nope') }));
    assert.equal(wrongSecret.kind, 'unauthorized');
    assert.match(wrongSecret.message, /did not accept the client id or secret/);
    assert.match(
      (await refusal(source({ clientId: 'someone-else' }))).message,
      /client id or secret/,
    );
    const project = await refusal(source({ projectId: '1' }));
    assert.equal(project.kind, 'badConfiguration');
    assert.match(project.message, /Check the project id/);
    const url = await refusal(source({ tokenUrl: `${z.url}/oauth/token` }));
    assert.match(url.message, /no token endpoint at this address \(HTTP 404\)/);
    const none = await refusal(source({ getSecret: () => Promise.resolve(undefined) }));
    assert.equal(none.kind, 'notConfigured');
    const closed = await refusal(source({ tokenUrl: 'http://127.0.0.1:9/oauth/v2/token' }));
    assert.equal(closed.kind, 'network');
  });
});

describe('auth: a service user through the internal client (real HTTP, the fake server)', () => {
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ seed: 'demo' });
  });
  after(() => server.stop());

  const clientWith = (secret: string): { client: UniqueClient; signIn: ClientCredentialsToken } => {
    const signIn = new ClientCredentialsToken({
      tokenUrl: server.tokenUrl,
      clientId: server.serviceUser.clientId,
      projectId: server.serviceUser.projectId,
      getSecret: () => Promise.resolve(secret),
      fetch: nodeFetch,
      clock: { now: () => Date.now(), setTimeout, clearTimeout },
    });
    const client = new UniqueClient({
      baseUrl: server.url,
      graphqlPath: '/graphql',
      getToken: () => signIn.get(),
      onTokenRejected: (t) => {
        signIn.rejected(t);
        return true;
      },
      userAgent: 'test',
    });
    return { client, signIn };
  };

  it('a wrong secret: listing and Check Connection say what to fix, and nothing reaches the API', async () => {
    server.requests.length = 0;
    const { client } = clientWith('wrong-secret');
    await assert.rejects(client.listOrders(0, 5), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.kind, 'unauthorized');
      assert.match(e.message, /did not accept the client id or secret/);
      assert.doesNotMatch(e.message, /wrong-secret/);
      return true;
    });
    const report = await client.checkConnection();
    const failed = report.checks.find((c) => !c.ok);
    assert.match(failed?.detail ?? '', /did not accept the client id or secret.*Nothing was sent/);
    assert.deepEqual(
      server.requests.filter((r) => r.route !== 'token').map((r) => r.route),
      [],
      'the API heard nothing',
    );
  });

  it('the right secret lists; a token revoked by the server is replaced once and the call succeeds', async () => {
    const { client } = clientWith(server.serviceUser.secret);
    const first = await client.listOrders(0, 5);
    assert.ok(first.orders.length > 0);
    const issued = server.serviceUser.issuedCount;
    server.revokeIssuedTokens();
    const again = await client.listOrders(0, 5);
    assert.equal(again.orders.length, first.orders.length);
    assert.equal(server.serviceUser.issuedCount, issued + 1);
  });
});
