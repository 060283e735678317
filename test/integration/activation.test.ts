// The adapter in a real VS Code: activation wires everything, every command is registered, and before
// any set-up the view shows its "no base URL" welcome state without sending a single request.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, ViewIds } from '../../src/core/ids';
import type { UniqueAnalyticsTestApi } from '../../src/extension';
import { EXTENSION_ID, activateExtension, resetExtension } from './support/extension';

describe('activation', () => {
  let api: UniqueAnalyticsTestApi;

  before(async () => {
    api = await activateExtension();
    await resetExtension(api);
  });

  it('returns the test API', () => {
    for (const fn of [
      'orders',
      'treeItems',
      'treeNodes',
      'setupState',
      'pollStatus',
      'settings',
      'messages',
      'refreshAndWait',
      'recheckSetup',
    ]) {
      assert.equal(typeof (api as unknown as Record<string, unknown>)[fn], 'function', `test API lacks ${fn}()`);
    }
    assert.ok(api.downloadIndex, 'test API exposes the download index');
  });

  it('registers every command id of src/core/ids.ts', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      Object.values(CommandIds).filter((id) => !registered.has(id)),
      [],
    );
  });

  it('names itself and the VS Code version in the user agent', () => {
    const version = String(
      (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { version?: unknown } | undefined)?.version,
    );
    assert.equal(api.userAgent, `unique-analytics-vscode/${version} VSCode/${vscode.version}`);
  });

  it('without a base URL: "noBaseUrl" welcome state, an empty view and no polling', async () => {
    assert.equal(api.setupState(), 'noBaseUrl');
    assert.deepEqual(await api.treeItems(), []);
    assert.notEqual(api.pollStatus().state, 'polling');
    assert.notEqual(api.pollStatus().state, 'scheduled');
  });

  it('the Orders view opens, and Refresh without set-up sends nothing and does not fail', async () => {
    await vscode.commands.executeCommand(`${ViewIds.orders}.focus`);
    const outcome = await vscode.commands.executeCommand(CommandIds.refresh);
    assert.equal(outcome, undefined, 'refresh is skipped while set-up is incomplete');
    assert.equal(api.setupState(), 'noBaseUrl');
  });

  it('Show Log runs', async () => {
    await vscode.commands.executeCommand(CommandIds.showLog);
  });
});
