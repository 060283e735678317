// Mocha entry loaded by VS Code's extension host (`extensionTestsPath`, the @vscode/test-electron contract:
// export `run(): Promise<void>`). Runs every *.test.js beside it (BDD ui) and writes a JSON result to
// $VSCODE_TEST_RESULTS for test/harness/integration.mjs. Must not assume code-server or Electron.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Mocha from 'mocha';

/** What test/harness/integration.mjs reads back. */
export interface IntegrationResults {
  passed: number;
  failed: number;
  results: { title: string; state: 'passed' | 'failed'; error?: string }[];
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    reporter: 'spec',
    timeout: Number(process.env.INTEGRATION_TEST_TIMEOUT_MS ?? 30_000),
    // `forbidOnly`/`forbidPending`: a focused or skipped test must fail the tier, not shrink it quietly.
    forbidOnly: true,
    forbidPending: true,
    ...(process.env.MOCHA_GREP ? { grep: process.env.MOCHA_GREP } : {}),
  });
  const files = fs
    .readdirSync(__dirname, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  const out = process.env.VSCODE_TEST_RESULTS || path.join(os.tmpdir(), 'vscode-integration-results.json');
  const results: IntegrationResults['results'] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run(() => {
      const passed = results.filter((r) => r.state === 'passed').length;
      const failed = results.length - passed;
      const summary: IntegrationResults = { passed, failed, results };
      fs.writeFileSync(out, JSON.stringify(summary, null, 2));
      console.log(`integration: ${passed} passed, ${failed} failed`);
      if (failed > 0) reject(new Error(`${failed} integration test(s) failed`));
      else if (passed === 0) reject(new Error('no integration tests ran'));
      else resolve();
    });
    runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed' }));
    // Hook failures arrive here too (title "... before all hook ..."), so a broken setup is counted.
    runner.on('fail', (t, err: unknown) =>
      results.push({ title: t.fullTitle(), state: 'failed', error: String(err instanceof Error ? (err.stack ?? err) : err) }),
    );
  });
}
