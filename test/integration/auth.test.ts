// Signing in against the fake server over real HTTP: no token, a wrong token (the exact reason), the
// right one, an expired one (polling pauses, the view turns to "token rejected", one message only),
// a new one (polling resumes), and clearing it. The token never appears in a message.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, SettingKeys } from '../../src/core/ids';
import { kindOf, setSetting, waitFor } from './support/extension';
import { fakeJwt } from '../fakeServer/zitadel';
import { useFakeServer } from './support/fixtures';

interface SetTokenResult {
  accepted: boolean | undefined;
  state: string;
}

describe('auth: access token', function () {
  this.timeout(60_000);
  const fx = useFakeServer({ seed: 'demo' });
  const tokenMessages = (): string[] =>
    fx.api
      .messages()
      .map((m) => m.text)
      .filter((t) => /token/i.test(t) && /accept|expired|rejected/i.test(t));

  it('with a base URL but no token: "noToken", an empty view, nothing sent', async () => {
    await setSetting(SettingKeys.baseUrl, fx.server.url);
    await waitFor('noToken', async () => (await fx.api.recheckSetup()) === 'noToken');
    assert.deepEqual(await fx.api.treeItems(), []);
    assert.equal(fx.server.requests.length, 0, 'no request without a token');
  });

  it('a wrong token is stored but refused, with the exact reason, and the view says "tokenRejected"', async () => {
    const wrong = 'wrong-token-0123456789';
    const r = await vscode.commands.executeCommand<SetTokenResult>(
      CommandIds.setToken,
      `Bearer ${wrong}`,
    );
    assert.deepEqual(r, { accepted: false, state: 'tokenRejected' });
    const last = fx.api.messages().at(-1);
    assert.equal(last?.severity, 'error');
    assert.match(last?.text ?? '', /did not accept the access token/);
    assert.ok(last?.actions.includes('Set Token'), 'offers Set Token');
    assert.ok(
      !fx.api.messages().some((m) => m.text.includes(wrong)),
      'the token never appears in a message',
    );
    assert.ok(
      fx.server.requests.some((q) => q.route === 'list' && q.authorization === 'invalid'),
      'the token was really sent and refused',
    );
    assert.deepEqual(await fx.api.treeItems(), []);
  });

  it('the right token is accepted and the orders are listed', async () => {
    const r = await vscode.commands.executeCommand<SetTokenResult>(
      CommandIds.setToken,
      fx.server.token,
    );
    assert.deepEqual(r, { accepted: true, state: 'ready' });
    assert.match(fx.api.messages().at(-1)?.text ?? '', /accepted/);
    assert.equal(fx.api.orders().length, fx.server.orders().length);
    assert.ok((await fx.api.treeItems()).length >= fx.server.orders().length);
  });

  it('an expired token pauses polling and shows "tokenRejected", saying so once however often it recurs', async () => {
    const before = tokenMessages().length;
    fx.server.token = `rotated-${Date.now()}`; // the old token now answers 401, like an expired JWT
    const first = await fx.api.refreshAndWait();
    assert.equal(first.ok, false);
    assert.equal(kindOf(first.error), 'unauthorized');
    await waitFor('tokenRejected', () => fx.api.setupState() === 'tokenRejected');
    assert.equal(fx.api.pollStatus().state, 'paused', 'polling is paused, not retried in a loop');
    assert.deepEqual(await fx.api.treeItems(), [], 'the view shows its welcome content');
    // The announcement is the set-up's effect after the state (it follows the context key): wait for it.
    await waitFor('the message about the rejected token', () => tokenMessages().length > before);
    assert.equal(
      tokenMessages().length,
      before + 1,
      `one message about the rejected token: ${tokenMessages().join(' | ')}`,
    );
    assert.ok(fx.api.messages().at(-1)?.actions.includes('Set Token'));

    const again = await vscode.commands.executeCommand<{ ok: boolean }>(CommandIds.refresh);
    assert.equal(again?.ok, false);
    assert.equal(fx.api.pollStatus().state, 'paused');
    assert.equal(tokenMessages().length, before + 1, 'no second message for the same problem');
  });

  it('setting the new token resumes polling and lists the orders again', async () => {
    const r = await vscode.commands.executeCommand<SetTokenResult>(
      CommandIds.setToken,
      fx.server.token,
    );
    assert.deepEqual(r, { accepted: true, state: 'ready' });
    assert.notEqual(fx.api.pollStatus().state, 'paused');
    assert.ok((await fx.api.treeItems()).length > 0);
  });

  it('a pasted JWT: its end is said, a warning comes 10 minutes before, one already ended is refused', async () => {
    const jwt = fakeJwt({ exp: Math.floor(Date.now() / 1000) + 5 * 60 });
    fx.server.token = jwt; // the server accepts it, as Unique would until it ends
    const r = await vscode.commands.executeCommand<SetTokenResult>(CommandIds.setToken, jwt);
    assert.deepEqual(r, { accepted: true, state: 'ready' });
    const said = fx.api.messages().map((m) => m.text);
    assert.ok(
      said.some((t) =>
        /Unique accepted it\. The token ends in [45] min; you will be warned/.test(t),
      ),
      said.join(' | '),
    );
    await waitFor('the warning before the token ends', () =>
      fx.api
        .messages()
        .some((m) => /^The access token ends in [45] min \(.+\)\. Set a new one/.test(m.text)),
    );
    const warning = fx.api.messages().find((m) => /^The access token ends in/.test(m.text));
    assert.deepEqual(warning?.actions, ['Set Token']);
    const ended = fakeJwt({ exp: Math.floor(Date.now() / 1000) - 120 });
    const refused = await vscode.commands.executeCommand<SetTokenResult>(
      CommandIds.setToken,
      ended,
    );
    assert.equal(refused, undefined, 'not stored');
    assert.match(
      fx.api.messages().at(-1)?.text ?? '',
      /^This token ended 2 min ago: paste a fresh one\./,
    );
    assert.ok(!fx.api.messages().some((m) => m.text.includes(jwt) || m.text.includes(ended)));
  });

  it('Clear Access Token forgets it: the view asks for a token again', async () => {
    const state = await vscode.commands.executeCommand<string>(CommandIds.clearToken);
    assert.equal(state, 'noToken');
    assert.deepEqual(await fx.api.treeItems(), []);
  });
});
