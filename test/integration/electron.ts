// Runs the integration suites in VS Code desktop through @vscode/test-electron, for contributors with
// internet (it downloads VS Code). Offline machines and CI use test/harness/integration.mjs (code-server)
// with the same `run()` entry. Usage: npm run test:electron   (VSCODE_VERSION=1.100.3 for our minimum).
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  // Bundled to out-test/integration/electron.js, next to index.js; the repository root is two levels up.
  const extensionDevelopmentPath = path.resolve(__dirname, '..', '..');
  const extensionTestsPath = path.resolve(__dirname, 'index.js');
  const scratch = mkdtempSync(path.join(tmpdir(), 'unique-analytics-electron-'));
  const workspace = path.join(scratch, 'workspace');
  mkdirSync(workspace);
  await runTests({
    version: process.env.VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath,
    extensionTestsPath,
    extensionTestsEnv: { VSCODE_TEST_RESULTS: path.join(scratch, 'results.json') },
    // A fresh profile without the contributor's own extensions, opened on an empty folder.
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--user-data-dir',
      path.join(scratch, 'user-data'),
      '--disable-workspace-trust',
    ],
  });
}

main().catch((err: unknown) => {
  console.error(
    `integration (electron): failed: ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(1);
});
