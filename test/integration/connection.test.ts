// "Check Connection" reports each check with a reason: settings missing, token missing, token refused,
// all good; and a good report clears a stale "token rejected" state.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, SettingKeys } from '../../src/core/ids';
import { connect, setSetting, waitFor } from './support/extension';
import { useFakeServer } from './support/fixtures';

interface Report {
  ok: boolean;
  checks: { check: string; ok: boolean; detail: string }[];
}

const check = (): Thenable<Report> =>
  vscode.commands.executeCommand<Report>(CommandIds.checkConnection);

describe('checkConnection', function () {
  this.timeout(60_000);
  const fx = useFakeServer({ seed: 'demo' });

  it('without a base URL: one failing settings check that says what to set, and nothing sent', async () => {
    const report = await check();
    assert.equal(report.ok, false);
    assert.equal(report.checks.length, 1);
    assert.match(report.checks[0].detail, /base URL/i);
    assert.equal(fx.server.requests.length, 0);
    assert.match(fx.api.messages().at(-1)?.text ?? '', /0 of 1 passed/);
  });

  it('without a token: settings pass, the token check fails, nothing sent', async () => {
    await setSetting(SettingKeys.baseUrl, fx.server.url);
    await waitFor('noToken', async () => (await fx.api.recheckSetup()) === 'noToken');
    const report = await check();
    assert.deepEqual(
      report.checks.map((c) => c.ok),
      [true, false],
    );
    assert.match(report.checks[1].detail, /token/i);
    assert.equal(fx.server.requests.length, 0);
  });

  it('with a working token every check passes, each request naming the extension', async () => {
    await connect(fx.api, fx.server);
    fx.server.clearRequests();
    const report = await check();
    assert.equal(report.ok, true, JSON.stringify(report.checks));
    assert.ok(report.checks.length >= 5);
    assert.ok(fx.server.requests.length >= 2, 'the check really called the server');
    for (const r of fx.server.requests) assert.equal(r.userAgent, fx.api.userAgent);
    assert.match(fx.api.messages().at(-1)?.text ?? '', /all \d+ checks passed/);
  });

  it('with a refused token the report says which check failed and why, without the token', async () => {
    const old = fx.server.token;
    fx.server.token = `rotated-${Date.now()}`;
    const report = await check();
    assert.equal(report.ok, false);
    const failed = report.checks.find((c) => !c.ok);
    assert.ok(failed, 'one check failed');
    assert.match(failed.detail, /token/i);
    assert.ok(!JSON.stringify(report).includes(old), 'the token is not in the report');
    fx.server.token = old;
  });
});
