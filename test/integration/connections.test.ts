// The three ways to connect, in real VS Code against the fake server over real HTTP: a service user
// (Zitadel client credentials at the fake's /oauth/v2/token), a personal API key on the Public API, and
// the pasted token of the older settings; several named environments, each with its own orders and poller;
// importing a unique.env file; bad input with one message that names what to fix. No secret is ever shown.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CommandIds, SettingKeys } from '../../src/core/ids';
import { setSetting, waitFor } from './support/extension';
import { startFakeServer, type FakeServer } from '../fakeServer/server';
import { useFakeServer, wireOrder, yesterdayRange } from './support/fixtures';

interface SetTokenResult {
  accepted: boolean | undefined;
  state: string;
}

describe('connections: service user, API key, environments', function () {
  this.timeout(120_000);
  const fx = useFakeServer({ seed: 'empty' });
  /** The Public API environment lives on a server of its own, so "its own orders" is really another list. */
  let pub: FakeServer;
  before(async () => {
    pub = await startFakeServer({ seed: 'empty' });
    pub.addOrder(wireOrder({ type: 'NPS' }));
  });
  after(async () => pub?.stop());
  const secretsShown = (...secrets: string[]): string[] =>
    fx.api
      .messages()
      .map((m) => `${m.text} ${m.actions.join(' ')}`)
      .filter((t) => secrets.some((s) => t.includes(s)));
  const serviceUser = () => ({
    name: 'svc',
    baseUrl: fx.server.url,
    auth: {
      kind: 'serviceUser',
      tokenUrl: fx.server.tokenUrl,
      clientId: fx.server.serviceUser.clientId,
      projectId: fx.server.serviceUser.projectId,
    },
  });
  const publicApi = () => ({
    name: 'public',
    surface: 'public',
    baseUrl: pub.publicUrl,
    auth: { kind: 'apiKey', ...pub.publicIdentity },
  });

  it("signs in with the run's canary client secret and API key (the harness's scan proves they leak nowhere)", function () {
    const secret = process.env.UA_TEST_CANARY_SECRET;
    const key = process.env.UA_TEST_CANARY_APIKEY;
    if (!secret || !key) this.skip(); // outside test/harness/integration.mjs there is no scan to feed
    assert.equal(fx.server.serviceUser.secret, secret);
    assert.equal(pub.apiKey, key);
  });

  it('a service user with a wrong client secret: one message naming the client id or secret, nothing listed', async () => {
    fx.server.addOrder(wireOrder());
    await vscode.commands.executeCommand(CommandIds.addEnvironment, {
      environment: serviceUser(),
      secret: 'not-the-secret',
    });
    assert.equal(fx.api.connection(), 'svc');
    await waitFor('tokenRejected', () => fx.api.setupState() === 'tokenRejected');
    const last = fx.api.messages().at(-1);
    assert.match(last?.text ?? '', /did not accept the client id or secret/);
    assert.ok(last?.actions.includes('Set Client Secret'), last?.actions.join());
    assert.equal(
      fx.server.requests.filter((r) => r.route === 'list').length,
      0,
      'no list without a token',
    );
    assert.deepEqual(await fx.api.treeItems(), []);
    assert.deepEqual(secretsShown('not-the-secret'), []);
  });

  it('the right client secret signs in, lists, and a revoked token is renewed once, transparently', async () => {
    const r = await vscode.commands.executeCommand<SetTokenResult>(
      CommandIds.setToken,
      fx.server.serviceUser.secret,
    );
    assert.deepEqual(r, { accepted: true, state: 'ready' });
    assert.match(
      fx.api.messages().at(-1)?.text ?? '',
      /Client secret saved\. Unique accepted it\. Signed in/,
    );
    assert.equal(fx.api.orders().length, 1);
    const issued = fx.server.serviceUser.issuedCount;
    assert.ok(issued >= 1);
    fx.server.revokeIssuedTokens(); // like a token that ended early: the next call answers 401
    const outcome = await fx.api.refreshAndWait();
    assert.ok(outcome.ok, 'the poll succeeded after signing in again');
    assert.equal(fx.server.serviceUser.issuedCount, issued + 1, 'exactly one new token');
    assert.equal(fx.api.setupState(), 'ready');
    assert.deepEqual(secretsShown(fx.server.serviceUser.secret), []);
  });

  it('a Public API environment with an API key lists and starts any of the nine kinds, with an assistant', async () => {
    await vscode.commands.executeCommand(CommandIds.addEnvironment, {
      environment: publicApi(),
      secret: pub.apiKey,
    });
    assert.equal(fx.api.connection(), 'public');
    await waitFor('ready', () => fx.api.setupState() === 'ready');
    const id = await vscode.commands.executeCommand<string>(CommandIds.startExport, {
      type: 'MODEL_USAGE',
      range: yesterdayRange(),
      assistantId: 'space_42',
    });
    assert.ok(id);
    const start = pub.requests.filter((q) => q.route === 'start').at(-1);
    assert.equal(start?.path, '/public/chat/analytics/orders');
    const order = pub.orders().find((o) => o.id === id);
    assert.equal(order?.type, 'MODEL_USAGE');
    assert.ok(fx.api.orders().some((o) => o.id === id));
    assert.deepEqual(secretsShown(pub.apiKey), []);
  });

  it('each environment keeps its own orders; one not shown keeps polling only while it has unfinished ones', async () => {
    pub.pendingMs = 2_000;
    pub.runningMs = 2_000;
    const id = await vscode.commands.executeCommand<string>(CommandIds.startExport, {
      type: 'CHAT_INTERACTION',
      range: yesterdayRange(),
    });
    const publicOrders = fx.api.orders().map((o) => o.id);
    const finished = new Promise<void>((resolve) => {
      const sub = fx.api.onDidFinish((t) => {
        if (t.order.id !== id) return;
        sub.dispose();
        resolve();
      });
    });
    await fx.api.switchConnection('svc');
    assert.equal(fx.api.connection(), 'svc');
    await waitFor('svc listed', () => fx.api.orders().length > 0);
    const svcOrders = fx.api.orders().map((o) => o.id);
    assert.deepEqual(
      [...svcOrders].sort(),
      fx.server
        .orders()
        .map((o) => o.id)
        .sort(),
      "the view shows exactly the orders of svc's server",
    );
    assert.ok(!svcOrders.some((id) => publicOrders.includes(id)), "none of public's");
    await finished; // announced although "public" is not shown: its poller kept going
    await waitFor('announcement', () =>
      fx.api.messages().some((m) => /of "public" is ready/.test(m.text)),
    );
    const listsBefore = pub.requests.length;
    await new Promise((r) => setTimeout(r, 25_000)); // two poll intervals and more
    const listsAfter = pub.requests.length;
    assert.ok(
      listsAfter - listsBefore <= 1,
      `the idle environment stopped polling (${listsAfter - listsBefore} calls)`,
    );
    await fx.api.switchConnection('public');
    await waitFor('public shown again with its orders', () =>
      fx.api.orders().some((o) => o.id === id),
    );
  });

  it("imports a unique.env file with Unique's variable names; the key goes to secret storage only", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ua-env-'));
    const file = join(dir, 'unique.env');
    const id = pub.publicIdentity;
    writeFileSync(
      file,
      [
        `UNIQUE_API_BASE_URL=${pub.publicUrl}`,
        `UNIQUE_APP_ID=${id.appId}`,
        `UNIQUE_AUTH_USER_ID=${id.userId}`,
        `UNIQUE_AUTH_COMPANY_ID=${id.companyId}`,
        `UNIQUE_APP_KEY=${pub.apiKey}`,
      ].join('\n'),
    );
    const name = await vscode.commands.executeCommand<string>(CommandIds.importEnvFile, {
      file,
      name: 'imported',
    });
    assert.equal(name, 'imported');
    rmSync(dir, { recursive: true, force: true }); // the person's file, not the extension's: gone after import
    assert.equal(fx.api.connection(), 'imported');
    await waitFor('ready', () => fx.api.setupState() === 'ready');
    const written = JSON.stringify(
      vscode.workspace.getConfiguration('uniqueAnalytics').inspect('environments')?.globalValue,
    );
    assert.ok(written.includes('"imported"'));
    assert.ok(!written.includes(pub.apiKey), 'no key in settings');
    assert.deepEqual(secretsShown(pub.apiKey), []);
  });

  it('a .env file that lacks variables says which to add and changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ua-env-'));
    const file = join(dir, '.env');
    writeFileSync(file, `UNIQUE_API_BASE_URL=${pub.publicUrl}\n`);
    const before = fx.api.connection();
    const name = await vscode.commands.executeCommand<string>(CommandIds.importEnvFile, {
      file,
      name: 'partial',
    });
    assert.equal(name, undefined);
    assert.equal(fx.api.connection(), before);
    assert.match(fx.api.messages().at(-1)?.text ?? '', /add UNIQUE_APP_ID, UNIQUE_AUTH_USER_ID/);
  });

  it('the older settings stay a connection of their own beside the environments', async () => {
    await setSetting(SettingKeys.baseUrl, fx.server.url);
    assert.equal(fx.api.connection(), 'imported', 'a new base URL does not switch by itself');
    await fx.api.switchConnection('default');
    const r = await vscode.commands.executeCommand<SetTokenResult>(
      CommandIds.setToken,
      fx.server.token,
    );
    assert.deepEqual(r, { accepted: true, state: 'ready' });
    assert.ok(fx.api.orders().length > 0);
    await setSetting(SettingKeys.environments, undefined);
    await waitFor('environments gone', () => fx.api.connection() === 'default');
    assert.equal(fx.api.setupState(), 'ready', 'still signed in with the pasted token');
  });
});
