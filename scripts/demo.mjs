// `npm run demo`: try the extension against the fake Unique server (seed "demo": orders in every state), no tenant
// needed. With VS Code desktop's `code` on PATH it opens an Extension Development Host; otherwise it serves the
// installed .vsix in code-server on 127.0.0.1 and prints the URL. Ctrl-C stops everything.
//
//   npm run demo [-- --port 8080] [-- --code-server]   --code-server: use code-server even when `code` exists
//   npm run demo -- --smoke     (alias --no-open) start everything, check it answers, print OK and exit (CI)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  REPO_ROOT,
  EXTENSION_ID,
  VSIX,
  describeCodeServer,
  findCodeServer,
  freePort,
  installVsix,
  removeScratch,
  scratchDir,
  startCodeServer,
} from '../test/harness/codeserver.mjs';
import { startFakeServerProcess } from '../test/harness/fakeServerProcess.mjs';

const DEMO_VERSION = '4.139.1';
// A fixed, obviously fake credential: the fake server accepts it, and a person can paste it if asked.
const DEMO_TOKEN = 'demo-token';
const { values: opt } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    'no-open': { type: 'boolean', default: false },
    'code-server': { type: 'boolean', default: false },
    port: { type: 'string' },
  },
});
const smoke = opt.smoke || opt['no-open'];

function run(cmd, args) {
  console.log(`demo: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: REPO_ROOT, stdio: 'inherit' });
  if (r.status !== 0) fail(`\`${cmd} ${args.join(' ')}\` failed (exit ${r.status ?? r.signal})`);
}

/** @returns {never} */
function fail(message) {
  console.error(`demo: ${message}`);
  process.exit(1);
}

/** VS Code desktop's CLI, unless we run inside a remote/web terminal whose `code` cannot open dev hosts. */
function desktopCode() {
  if (opt['code-server'] || smoke || process.env.VSCODE_IPC_HOOK_CLI) return undefined;
  const found = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** The fake's own answer to the GraphQL list query, as the extension will ask it. */
async function fakeAnswers(fake) {
  const res = await fetch(`${fake.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${fake.token}` },
    body: JSON.stringify({
      query:
        'query AnalyticsOrders($take: Int, $skip: Int) { analyticsOrders(take: $take, skip: $skip) { id state type } }',
      variables: { skip: 0, take: 20 },
    }),
  });
  const body = await res.json().catch(() => ({}));
  const orders = body?.data?.analyticsOrders;
  if (!res.ok || !Array.isArray(orders) || orders.length === 0) {
    throw new Error(
      `the fake server did not list demo orders (HTTP ${res.status}): ${JSON.stringify(body).slice(0, 300)}`,
    );
  }
  return orders;
}

// 1. Build: the test bundles hold the fake server; `npm run package` makes dist/unique-analytics.vsix.
run(process.execPath, ['esbuild.mjs', '--tests']);
run('npm', ['run', '-s', 'package']);

const code = desktopCode();
if (!code) run('bash', [join(REPO_ROOT, 'test', 'harness', 'setup-code-server.sh'), DEMO_VERSION]);

// 2. The fake Unique server with orders in every state.
const fake = await startFakeServerProcess({ seed: 'demo', token: DEMO_TOKEN });
const orders = await fakeAnswers(fake).catch((e) => fail(e.message));
console.log(`demo: fake Unique server at ${fake.url} with ${orders.length} demo orders`);

if (code) {
  // 3a. VS Code desktop: an Extension Development Host on a scratch folder whose settings point at the fake.
  const workspace = scratchDir('demo-workspace');
  mkdirSync(join(workspace, '.vscode'));
  writeFileSync(
    join(workspace, '.vscode', 'settings.json'),
    JSON.stringify({ 'uniqueAnalytics.baseUrl': fake.url }, null, 2),
  );
  spawn(code, [`--extensionDevelopmentPath=${REPO_ROOT}`, '--new-window', workspace], {
    env: { ...process.env, UNIQUE_ANALYTICS_TOKEN: fake.token },
    stdio: 'inherit',
  });
  console.log(`
demo: VS Code opens an Extension Development Host on ${workspace}
      settings: uniqueAnalytics.baseUrl = ${fake.url} (in that folder's .vscode/settings.json)
      token:    the fake's, passed as UNIQUE_ANALYTICS_TOKEN (if VS Code was already running, it may not see it:
                then run "Unique Analytics: Set Access Token…" and enter the fake's token: ${DEMO_TOKEN})
demo: Ctrl-C stops the fake server.`);
  process.on('exit', () => removeScratch(workspace));
} else {
  // 3b. code-server on 127.0.0.1 with the packaged extension installed, as users get it.
  const cs = findCodeServer(DEMO_VERSION);
  const root = scratchDir('demo');
  process.on('exit', () => removeScratch(root));
  installVsix(cs, VSIX, {
    userDataDir: join(root, 'data'),
    extensionsDir: join(root, 'extensions'),
  });
  const port = opt.port ? Number(opt.port) : await freePort(8080);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    fail(`--port must be a port number, got "${opt.port}"`);
  const server = await startCodeServer(cs, {
    root,
    port,
    env: { UNIQUE_ANALYTICS_TOKEN: fake.token },
    settings: { 'uniqueAnalytics.baseUrl': fake.url },
  });
  if (smoke) {
    const healthz = await fetch(`${server.url}/healthz`);
    const page = await fetch(server.workbenchUrl);
    const installed = execFileSync(
      cs.node,
      [
        cs.entry,
        '--config',
        '/dev/null',
        '--extensions-dir',
        server.extensionsDir,
        '--list-extensions',
      ],
      {
        encoding: 'utf8',
      },
    );
    const problems = [
      healthz.ok ? '' : `code-server /healthz answered HTTP ${healthz.status}`,
      page.ok ? '' : `the workbench page answered HTTP ${page.status}`,
      installed.includes(EXTENSION_ID) ? '' : `${EXTENSION_ID} is not installed in code-server`,
    ].filter(Boolean);
    await server.stop();
    await fake.stop();
    if (problems.length) fail(`smoke check failed: ${problems.join('; ')}`);
    console.log(
      `demo smoke: OK (code-server ${DEMO_VERSION} on port ${port}, ${EXTENSION_ID} installed, fake server listed ${orders.length} orders)`,
    );
    process.exit(0);
  }
  console.log(`
demo: open ${server.workbenchUrl}
      code-server ${describeCodeServer(cs)}, no password; click "Unique Analytics" in the activity bar
      settings: uniqueAnalytics.baseUrl = ${fake.url}; token: the fake's (${DEMO_TOKEN}), via UNIQUE_ANALYTICS_TOKEN
demo: Ctrl-C stops code-server and the fake server.`);
}
// Children run in their own process groups; codeserver.mjs ends them when we exit (Ctrl-C included).
await new Promise(() => {});
