// The installed extension in a real VS Code: it is there, activates, registers a handler for every command
// it declares (the manifest's ids are checked against src/core/ids.ts both ways in test/unit/manifest.test.ts;
// only a running extension host can tell they are registered), names itself in the user agent, and before any
// set-up shows its "no base URL" welcome state without sending a single request.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, ViewIds } from '../../src/core/ids';
import type { UniqueAnalyticsTestApi } from '../../src/extension';
import { EXTENSION_ID, resetExtension } from './support/extension';

describe('activation', () => {
  let api: UniqueAnalyticsTestApi;

  it(`${EXTENSION_ID} is installed and activates without throwing`, async () => {
    const ext = vscode.extensions.getExtension<UniqueAnalyticsTestApi>(EXTENSION_ID);
    assert.ok(
      ext,
      `${EXTENSION_ID} is not among the installed extensions: was dist/unique-analytics.vsix installed?`,
    );
    api = await ext.activate();
    assert.equal(ext.isActive, true, 'activate() resolved but the extension is not marked active');
    await resetExtension(api);
  });

  it('registers every command declared in package.json', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = Object.values(CommandIds).filter((id) => !registered.has(id));
    assert.deepEqual(
      missing,
      [],
      `${missing.length} of ${Object.values(CommandIds).length} commands are declared but not registered after activation: ` +
        `${missing.join(', ')}. activate() must register a handler for each (src/extension.ts wires the src/vscode adapter).`,
    );
  });

  it('names itself and the VS Code version in the user agent', () => {
    const version = String(
      (
        vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as
          { version?: unknown } | undefined
      )?.version,
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
});
