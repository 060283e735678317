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
  /** `ms`: the test's own time (mocha's duration; hooks are not in it). */
  results: { title: string; state: 'passed' | 'failed'; ms?: number; error?: string }[];
  /** Wall time of each top-level suite, hooks included: where the tier's time goes. */
  suites?: { title: string; ms: number }[];
  /** Epoch ms when mocha started and ended (the harness tells workbench start-up from the tests). */
  startedAt?: number;
  endedAt?: number;
}

/**
 * Suites run in this order, the rest after them by name. The extension polls at most once per 10 s (Unique's
 * rule), also across suites, so a suite that signs in right after another one polled waits out the floor:
 * suites that never poll (the wizard, the flows) sit between those that do, and the floor runs out while they
 * work. The canary suite signs in first, before any poll.
 */
const ORDER = [
  'activation',
  'canary',
  'exportWizard',
  'auth',
  'csvDownload',
  'deleteFlow',
  'connection',
  'faultMatrix',
  'poller',
  'settings',
  'tree',
];

function rank(file: string): number {
  const i = ORDER.indexOf(path.basename(file, '.test.js'));
  return i < 0 ? ORDER.length : i;
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
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  const out =
    process.env.VSCODE_TEST_RESULTS || path.join(os.tmpdir(), 'vscode-integration-results.json');
  // A restarted extension host (e.g. after a test turned the single-folder window into a multi-root workspace)
  // activates the runner again, which would start every suite a second time in the same VS Code, with the
  // first round's state. Say so and stop instead.
  const started = `${out}.started`;
  if (process.env.VSCODE_TEST_RESULTS && fs.existsSync(started)) {
    const error =
      `the extension host restarted while the tests ran (first run started ${fs.readFileSync(started, 'utf8')}): ` +
      'a test changed what makes VS Code restart it (e.g. vscode.workspace.updateWorkspaceFolders on a single-folder window)';
    fs.writeFileSync(
      out,
      JSON.stringify(
        { passed: 0, failed: 1, results: [{ title: 'run', state: 'failed', error }] },
        null,
        2,
      ),
    );
    return Promise.reject(new Error(error));
  }
  if (process.env.VSCODE_TEST_RESULTS) fs.writeFileSync(started, new Date().toISOString());
  const results: IntegrationResults['results'] = [];
  const suites: NonNullable<IntegrationResults['suites']> = [];
  const suiteStarts = new Map<Mocha.Suite, number>();
  const startedAt = Date.now();
  return new Promise((resolve, reject) => {
    const runner = mocha.run(() => {
      const passed = results.filter((r) => r.state === 'passed').length;
      const failed = results.length - passed;
      const summary: IntegrationResults = {
        passed,
        failed,
        results,
        suites,
        startedAt,
        endedAt: Date.now(),
      };
      fs.writeFileSync(out, JSON.stringify(summary, null, 2));
      console.log(`integration: ${passed} passed, ${failed} failed`);
      if (failed > 0) reject(new Error(`${failed} integration test(s) failed`));
      else if (passed === 0) reject(new Error('no integration tests ran'));
      else resolve();
    });
    runner.on('suite', (s) => {
      if (s.parent?.root) suiteStarts.set(s, Date.now());
    });
    runner.on('suite end', (s) => {
      const t0 = suiteStarts.get(s);
      if (t0 !== undefined) suites.push({ title: s.title, ms: Date.now() - t0 });
    });
    runner.on('pass', (t) =>
      results.push({ title: t.fullTitle(), state: 'passed', ms: t.duration }),
    );
    // Hook failures arrive here too (title "... before all hook ..."), so a broken setup is counted.
    runner.on('fail', (t, err: unknown) =>
      results.push({
        title: t.fullTitle(),
        state: 'failed',
        ms: t.duration,
        error: String(err instanceof Error ? (err.stack ?? err) : err),
      }),
    );
  });
}
