// Integration tier: runs the mocha suites (out-test/integration/index.js) INSIDE code-server's real extension
// host. Default "installed" mode tests what users get: dist/unique-analytics.vsix plus runner-ext/ installed,
// the runner calls run() on startup. `--dev` loads the repository folder in extension-development mode instead.
// Chromium only hosts the workbench, which makes the server start an extension host.
//
//   node test/harness/integration.mjs --version 4.139.1 [--vsix dist/unique-analytics.vsix]
//        [--tests out-test/integration/index.js] [--dev] [--grep <mocha grep>]
//        [--env NAME=value]... [--setting key=<json>]... [--workspace <dir to copy>]
//        [--subset all|version-sensitive|proxy]   which suites (SUBSETS below; default all, with --proxy: proxy)
//        [--proxy]   through a real proxy (tinyproxy) set as `http.proxy`, proven from its log (proxyRun.mjs)
// Canary: a fresh token (canaryScan.mjs) is THE token of every fake server; test/integration/canary.test.ts
// proves it was used, and afterwards everything the run left is searched for it (one check of the tier), and
// for the run's canary client secret and API key (the fakes' service user secret and Public API key).
// Env: INTEGRATION_TIMEOUT_MS (default 900000; the whole suite takes ~7 min on 2 busy cores), CS_VERBOSE=1 (code-server + workbench log), KEEP_SCRATCH=1.
// Each run prints every test's time and each suite's (hooks included): where the tier's time goes.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format, parseArgs } from 'node:util';
import {
  REPO_ROOT,
  VSIX,
  describeCodeServer,
  extensionHostErrors,
  findCodeServer,
  installVsix,
  launchBrowser,
  removeScratch,
  scratchDir,
  sleep,
  startCodeServer,
} from './codeserver.mjs';
import { PROXY_SUBSET, startProxyRun } from './proxyRun.mjs';
import {
  EVIDENCE_ENV,
  canaryEnv,
  canaryVerdict,
  captureOutput,
  newCanaries,
} from './canaryScan.mjs';
import { dumpBrowserStorage } from './browserStorage.mjs';
import { watchScreenText } from './screenText.mjs';

const { values: opt } = parseArgs({
  options: {
    version: { type: 'string', default: process.env.CODE_SERVER_VERSION },
    vsix: { type: 'string', default: VSIX },
    tests: { type: 'string', default: join(REPO_ROOT, 'out-test', 'integration', 'index.js') },
    dev: { type: 'boolean', default: false },
    grep: { type: 'string' },
    env: { type: 'string', multiple: true, default: [] },
    setting: { type: 'string', multiple: true, default: [] },
    workspace: { type: 'string' },
    proxy: { type: 'boolean', default: false },
    subset: { type: 'string' },
  },
});

/**
 * Which suites a run takes: a mocha grep on the tests' full titles (suite title first; the canary suite always
 * runs) and environment for the fault matrix (support/faultMatrixRows.ts, rowsForRun).
 * - all: every suite, every fault-matrix row as written. CI runs it on the oldest VS Code (scripts/test.sh).
 * - version-sensitive: what another VS Code version can change: its extension API (activation, commands, the
 *   tree, quick input, editors and the csv preview, configuration and workspace trust, SecretStorage, clipboard)
 *   and its Node (every request kind, and the matrix's faults, through the real transport; list cells via Load
 *   More). Not the suites that mostly wait on the extension's own clock (the 10 s poll floor, backoff,
 *   Retry-After) — auth (sign-in, pause, resume), poller, settings (each change waits for a poll), connections
 *   (service user, API key, environments: the same transport and SecretStorage as auth; E2E 40 shows them
 *   through the UI on the newest), batches and reports (parts placed 10 s apart, a poll per state: E2E 70 and
 *   71 show them through the UI on the newest) — nor the
 *   matrix's poller cells: the same code on every version, proven by `all` on the oldest and shown through the
 *   UI on the newest by E2E.
 * - proxy: one request of each kind through the proxy (proxyRun.mjs, PROXY_SUBSET); the default with --proxy.
 */
const SUBSETS = {
  all: { grep: undefined, env: {} },
  'version-sensitive': {
    // Every suite but those (a new suite runs on every version unless it joins this list).
    grep: '^(?!auth: |poller: |settings apply live |connections: |batches: |reports: )',
    // Not the slow-answer row: its 30 s wait is the client's own timer (core, the same on every version); the
    // abort it fires is proven on this version by the flows' cancel (before the answer) and the 2 GB cancel.
    env: { FAULT_MATRIX_LIST: 'load-more', FAULT_MATRIX_ROWS: '^(?!slow answer)' },
  },
  proxy: PROXY_SUBSET,
};
const subsetName = opt.subset ?? (opt.proxy ? 'proxy' : 'all');
const subset = SUBSETS[subsetName];
if (!subset) {
  console.error(`--subset must be one of ${Object.keys(SUBSETS).join(', ')}; got "${opt.subset}"`);
  process.exit(2);
}
// --grep picks the suites itself (the subset's environment stays).
const grep = opt.grep ?? subset.grep;
if (!opt.version) {
  console.error(
    'usage: node test/harness/integration.mjs --version <code-server version> [--vsix f] [--tests f] [--dev] [--grep re]',
  );
  process.exit(2);
}
const label = `integration${opt.proxy ? ' via proxy' : ''} (${opt.version}${subsetName === 'all' || subsetName === 'proxy' ? '' : `, ${subsetName} suites`})`;
const testsPath = resolve(opt.tests);
const timeoutMs = Number(process.env.INTEGRATION_TIMEOUT_MS || 900_000);

/** NAME=value pairs; values are never printed (they may be tokens). */
function pairs(list, parse) {
  return Object.fromEntries(
    list.map((p) => {
      const i = p.indexOf('=');
      if (i < 1) throw new Error(`expected NAME=value, got "${p.slice(0, 40)}"`);
      return [p.slice(0, i), parse(p.slice(i + 1))];
    }),
  );
}

/** The runner extension, packed fresh from runner-ext/ (about a second). */
function packRunner(root) {
  const out = join(root, 'integration-test-runner.vsix');
  execFileSync(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'),
      'package',
      '--no-dependencies',
      '--allow-missing-repository',
      '--skip-license',
      '-o',
      out,
    ],
    { cwd: join(REPO_ROOT, 'test', 'harness', 'runner-ext'), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return out;
}

const output = captureOutput(); // the harness's own log is searched for the canary too
const canaries = newCanaries(); // token, client secret, API key
const root = scratchDir('it');
const evidenceDir = join(root, 'evidence');
let screen;
const resultsFile = join(root, 'results.json');
const doneFile = join(root, 'runner-done.json');
let server;
let browser;
let storage; // the browser's storage, read before it closes, for the canary scan
let proxyRun;
let exitCode = 1;
let problem = '';
const t0 = Date.now();
let tWorkbench = 0;
let tTests = 0;
try {
  if (!existsSync(testsPath))
    throw new Error(`${testsPath} not found: run \`node esbuild.mjs --tests\` first`);
  const cs = findCodeServer(opt.version);
  if (opt.proxy) proxyRun = await startProxyRun(root, cs);
  mkdirSync(join(root, 'tmp'));
  mkdirSync(evidenceDir);
  const env = {
    TMPDIR: join(root, 'tmp'), // the extension host's temporary files stay in the scratch, which the canary scan reads
    ...proxyRun?.env,
    ...subset.env,
    ...pairs(opt.env, (v) => v),
    VSCODE_TEST_RESULTS: resultsFile,
    ...canaryEnv(canaries), // UA_TEST_CANARY_TOKEN, _SECRET, _APIKEY: the fakes' defaults
    [EVIDENCE_ENV]: evidenceDir,
    // The canary suite always runs: it is the proof that the canary was the token used.
    ...(grep ? { MOCHA_GREP: `(?:${grep})|^canary token ` } : {}),
  };
  const settings = { ...proxyRun?.settings, ...pairs(opt.setting, (v) => JSON.parse(v)) };
  const args = [];
  const dirs = { userDataDir: join(root, 'data'), extensionsDir: join(root, 'extensions') };
  if (opt.dev) {
    // Newer VS Code honours the payload's extension-development parameters only with the smoke-test
    // driver enabled; code-server >= 4.134 forwards that with --vscode-option.
    if (
      execFileSync(cs.node, [cs.entry, '--help'], { encoding: 'utf8' }).includes('--vscode-option')
    ) {
      args.push('--vscode-option', 'enable-smoke-test-driver');
    }
  } else {
    installVsix(cs, [opt.vsix, packRunner(root)], dirs);
    Object.assign(env, { EXT_TEST_RUNNER_TESTS: testsPath, EXT_TEST_RUNNER_DONE: doneFile });
  }
  const workspace = join(root, 'workspace');
  if (opt.workspace) cpSync(resolve(opt.workspace), workspace, { recursive: true });
  server = await startCodeServer(cs, { root, workspace, env, settings, args });
  console.log(
    `${label}: code-server ${describeCodeServer(cs)} at ${server.url} (ready in ${server.readyMs} ms), ` +
      `${opt.dev ? 'extension-development mode' : `installed ${opt.vsix.replace(`${REPO_ROOT}/`, '')} + runner`}; ` +
      `suites: ${grep ? `matching /${grep}/ (+ canary)` : 'all'}${
        Object.keys(subset.env).length
          ? ` with ${Object.entries(subset.env)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')}`
          : ''
      }`,
  );
  browser = await launchBrowser({ root });
  const { page } = browser;

  let done = (_result) => {};
  const finished = new Promise((r) => (done = r));
  // Hooks VS Code's web workbench calls while it runs extension tests in development mode.
  await page.exposeFunction('codeAutomationExit', (code) => done({ code: Number(code) }));
  await page.exposeFunction('codeAutomationLog', (type, a) => {
    if (process.env.CS_VERBOSE) console.log(`[vscode:${type}] ${format(...(a || []))}`);
  });
  screen = await watchScreenText(page);
  if (process.env.CS_VERBOSE)
    page.on('console', (m) => console.log(`[page:${m.type()}] ${m.text()}`));

  let url = server.workbenchUrl;
  if (opt.dev) {
    const remote = (p) => `vscode-remote://${server.authority}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(REPO_ROOT)],
      ['extensionTestsPath', remote(testsPath)],
    ];
    url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  } else {
    void (async () => {
      while (!existsSync(doneFile)) await sleep(200);
      await sleep(100); // the runner writes the file in one call; give the write a moment to land
      done(JSON.parse(readFileSync(doneFile, 'utf8')));
    })();
  }
  tWorkbench = Date.now();
  await page.goto(url, { timeout: 90_000 }); // a busy 2-core machine took over 30 s to load the workbench
  const res = await Promise.race([
    finished,
    sleep(timeoutMs).then(() => ({
      code: 1,
      error: `the tests did not finish within ${timeoutMs} ms (INTEGRATION_TIMEOUT_MS)`,
    })),
    (async () => {
      while (!server.exited()) await sleep(500);
      return { code: 1, error: 'code-server exited while the tests ran' };
    })(),
  ]);
  exitCode = res.code;
  tTests = Date.now();
  if (res.error && !existsSync(resultsFile)) problem = res.error;
} catch (e) {
  problem = String(e?.stack || e);
} finally {
  if (browser) storage = await dumpBrowserStorage(browser.page);
  await browser?.close();
  await server?.stop();
  await proxyRun?.stop();
}

// Where the wall time goes outside the tests (the rest, after "stop", is the canary scan and this report).
if (tTests)
  console.log(
    `${label}: start ${s1(tWorkbench - t0)} (code-server, .vsix, browser), workbench + tests ${s1(tTests - tWorkbench)}, ` +
      `stop ${s1(Date.now() - tTests)}`,
  );

const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : undefined;
let passed = 0;
let failed = 0;
if (results) {
  for (const r of results.results)
    console.log(
      `${r.state === 'passed' ? 'PASS' : 'FAIL'} ${r.title}${secs(r.ms)}${r.error ? `\n${indent(r.error)}` : ''}`,
    );
  // Where the tier's time goes: workbench start-up until mocha runs, then each top-level suite, hooks included.
  if (results.startedAt && tWorkbench)
    console.log(
      `${label}: workbench and extension host start-up until the tests ran${secs(results.startedAt - tWorkbench)}`,
    );
  for (const s of results.suites ?? []) console.log(`${label}: suite "${s.title}"${secs(s.ms)}`);
  ({ passed, failed } = results);
} else {
  console.log(
    `FAIL ${label}: the test run did not complete${problem ? `\n${indent(problem)}` : ''}`,
  );
  if (server) console.log(`code-server log:\n${indent(server.log())}`);
  failed = 1;
}
// The extension host's own errors naming our extension count too (e.g. an error thrown outside any test).
const hostErrors = server ? extensionHostErrors(server) : [];
for (const e of hostErrors)
  console.log(`FAIL extension host logged an error naming our extension\n${indent(e)}`);
failed += hostErrors.length;
// The proxy run counts only if the requests went through the proxy (a whole suite opens well over 100 connections).
if (proxyRun) {
  const verdict = proxyRun.verdict(label, {
    minProxied: opt.grep ? 1 : subsetName === 'all' ? 100 : PROXY_SUBSET.minProxied,
  });
  for (const l of verdict.lines) console.log(l);
  failed += verdict.failed;
}
{
  // The canary: proven THE token by the canary suite, and in nothing the run left (SecretStorage excepted).
  const proofFile = join(evidenceDir, 'canary-proof.json');
  const proof = existsSync(proofFile) ? JSON.parse(readFileSync(proofFile, 'utf8')) : undefined;
  if (server) writeFileSync(join(root, 'code-server.log'), server.log());
  writeFileSync(join(root, 'seen-on-screen.txt'), (screen?.texts() ?? []).join('\n\n'));
  const canaryCheck = canaryVerdict({
    ...canaries,
    paths: [root, join(REPO_ROOT, 'out', 'test-results')],
    texts: [{ name: '<this harness output>', text: output.text() }],
    storage: storage ? [storage] : [],
    workbenchOrigins: server ? [server.url] : [],
    flowed: proof?.tokenIsCanary === true && proof.requestsWithIt > 0,
    flowNote: proof
      ? `the canary suite saw ${proof.requestsWithIt} request(s) with it (tokenIsCanary: ${proof.tokenIsCanary})`
      : 'no evidence from the canary suite (test/integration/canary.test.ts)',
  });
  for (const l of canaryCheck.lines) console.log(l);
  if (canaryCheck.ok) passed++;
  else failed++;
}

console.log(`${label}: wall time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`${label}: ${passed} passed, ${failed} failed`);
const ok = failed === 0 && passed > 0 && exitCode === 0;
if (ok) removeScratch(root);
else console.log(`scratch kept for a post-mortem (logs under data/logs): ${root}`);
process.exit(ok ? 0 : 1);

function s1(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

function secs(ms) {
  return typeof ms === 'number' ? ` (${(ms / 1000).toFixed(1)} s)` : '';
}

function indent(s) {
  return String(s)
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
