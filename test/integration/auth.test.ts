// Signing in against the fake server over real HTTP: no token, a wrong token (the exact reason), the
// right one, an expired one (polling pauses, the view turns to "token rejected", one message only),
// a new one (polling resumes), and clearing it. The token never appears in a message.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, SettingKeys } from '../../src/core/ids';
import type { UniqueAnalyticsTestApi } from '../../src/extension';
import { startFakeServer, type FakeServer } from '../fakeServer/server';
import { activateExtension, kindOf, resetExtension, setSetting, waitFor } from './support/extension';

interface SetTokenResult {
  accepted: boolean | undefined;
  state: string;
}

describe('auth: access token', function () {
  this.timeout(60_000);
  let api: UniqueAnalyticsTestApi;
  let server: FakeServer;
  const tokenMessages = (): string[] =>
    api
      .messages()
      .map((m) => m.text)
      .filter((t) => /token/i.test(t) && /accept|expired|rejected/i.test(t));

  before(async () => {
    api = await activateExtension();
    await resetExtension(api);
    server = await startFakeServer({ seed: 'demo' });
  });

  after(async () => {
    await resetExtension(api);
    await server.stop();
  });

  it('with a base URL but no token: "noToken", an empty view, nothing sent', async () => {
    await setSetting(SettingKeys.baseUrl, server.url);
    await waitFor('noToken', async () => (await api.recheckSetup()) === 'noToken');
    assert.deepEqual(await api.treeItems(), []);
    assert.equal(server.requests.length, 0, 'no request without a token');
  });

  it('a wrong token is stored but refused, with the exact reason, and the view says "tokenRejected"', async () => {
    const wrong = 'wrong-token-0123456789';
    const r = await vscode.commands.executeCommand<SetTokenResult>(CommandIds.setToken, `Bearer ${wrong}`);
    assert.deepEqual(r, { accepted: false, state: 'tokenRejected' });
    const last = api.messages().at(-1);
    assert.equal(last?.severity, 'error');
    assert.match(last?.text ?? '', /did not accept the access token/);
    assert.ok(last?.actions.includes('Set Token'), 'offers Set Token');
    assert.ok(!api.messages().some((m) => m.text.includes(wrong)), 'the token never appears in a message');
    assert.ok(
      server.requests.some((q) => q.route === 'list' && q.authorization === 'invalid'),
      'the token was really sent and refused',
    );
    assert.deepEqual(await api.treeItems(), []);
  });

  it('the right token is accepted and the orders are listed', async () => {
    const r = await vscode.commands.executeCommand<SetTokenResult>(CommandIds.setToken, server.token);
    assert.deepEqual(r, { accepted: true, state: 'ready' });
    assert.match(api.messages().at(-1)?.text ?? '', /accepted/);
    assert.equal(api.orders().length, server.orders().length);
    assert.ok((await api.treeItems()).length >= server.orders().length);
  });

  it('an expired token pauses polling and shows "tokenRejected", saying so once however often it recurs', async () => {
    const before = tokenMessages().length;
    server.token = `rotated-${Date.now()}`; // the old token now answers 401, like an expired JWT
    const first = await api.refreshAndWait();
    assert.equal(first.ok, false);
    assert.equal(kindOf(first.error), 'unauthorized');
    await waitFor('tokenRejected', () => api.setupState() === 'tokenRejected');
    assert.equal(api.pollStatus().state, 'paused', 'polling is paused, not retried in a loop');
    assert.deepEqual(await api.treeItems(), [], 'the view shows its welcome content');
    assert.equal(tokenMessages().length, before + 1, 'one message about the rejected token');
    assert.ok(api.messages().at(-1)?.actions.includes('Set Token'));

    const again = await vscode.commands.executeCommand<{ ok: boolean }>(CommandIds.refresh);
    assert.equal(again?.ok, false);
    assert.equal(api.pollStatus().state, 'paused');
    assert.equal(tokenMessages().length, before + 1, 'no second message for the same problem');
  });

  it('setting the new token resumes polling and lists the orders again', async () => {
    const r = await vscode.commands.executeCommand<SetTokenResult>(CommandIds.setToken, server.token);
    assert.deepEqual(r, { accepted: true, state: 'ready' });
    assert.notEqual(api.pollStatus().state, 'paused');
    assert.ok((await api.treeItems()).length > 0);
  });

  it('Clear Access Token forgets it: the view asks for a token again', async () => {
    const state = await vscode.commands.executeCommand<string>(CommandIds.clearToken);
    assert.equal(state, 'noToken');
    assert.deepEqual(await api.treeItems(), []);
  });
});
