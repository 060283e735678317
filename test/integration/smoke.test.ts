// First real-VS-Code check: the installed extension is present, activates, and registers every command
// it declares. Runs in the extension host (code-server or @vscode/test-electron), never with a mocked vscode.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds } from '../../src/core/ids';

const EXTENSION_ID = 'unique-analytics-tools.unique-analytics';

describe('smoke: the extension in a real VS Code', () => {
  it('runs inside a real VS Code extension host', () => {
    assert.match(vscode.version, /^1\.\d+\.\d+/);
    console.log(`VS Code ${vscode.version} (${vscode.env.appName}), Node ${process.versions.node}`);
  });

  it(`${EXTENSION_ID} is installed`, () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not among the installed extensions: was dist/unique-analytics.vsix installed?`);
  });

  it('activates without throwing', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    await ext.activate();
    assert.equal(ext.isActive, true, 'activate() resolved but the extension is not marked active');
  });

  it('registers every command declared in package.json after activation', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    await ext.activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = Object.values(CommandIds).filter((id) => !registered.has(id));
    assert.deepEqual(
      missing,
      [],
      `${missing.length} of ${Object.values(CommandIds).length} commands are declared but not registered after activation: ` +
        `${missing.join(', ')}. activate() must register a handler for each (src/extension.ts wires the src/vscode adapter).`,
    );
  });
});
