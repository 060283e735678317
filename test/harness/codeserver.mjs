// Throw-away code-server (the real VS Code server + web workbench) on 127.0.0.1 with fresh dirs and quiet
// settings, plus Debian's Chromium driven by playwright-core. Shared by integration.mjs, e2e.mjs and the demo.
// Installs come from test/harness/setup-code-server.sh into .cache/code-server-<version>/; nothing here downloads.
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The CI matrix: our minimum VS Code (engines.vscode ^1.100.0, Node 20) and the newest proven one (Node 24). */
export const CODE_SERVER_VERSIONS = Object.freeze({ minimum: '4.100.3', newest: '4.139.1' });
export const EXTENSION_ID = 'unique-analytics-tools.unique-analytics';
export const VSIX = join(REPO_ROOT, 'dist', 'unique-analytics.vsix');
export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

/** A workbench without welcome page, update/gallery checks, tips, or the AI side panel: nothing pops up mid-test. */
export const QUIET_SETTINGS = Object.freeze({
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
});

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The code-server install for `version`, as setup-code-server.sh left it.
 * @param {string} version e.g. '4.139.1'
 * @returns {{ version: string, dir: string, entry: string, node: string }}
 */
export function findCodeServer(version) {
  const dir = join(REPO_ROOT, '.cache', `code-server-${version}`);
  const entry = join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(join(dir, '.installed')) || !existsSync(entry)) {
    throw new Error(
      `code-server ${version} is not installed: run test/harness/setup-code-server.sh ${version}`,
    );
  }
  // setup-code-server.sh links dir/node to a Node from npm when this version needs another major than ours.
  const bundled = join(dir, 'node', 'bin', 'node');
  return { version, dir, entry, node: existsSync(bundled) ? bundled : process.execPath };
}

/**
 * Our environment minus VS Code's own variables (inside a VS Code terminal they would make code-server a CLI
 * client) and minus UNIQUE_ANALYTICS_* (a developer's real token must not leak into tests), plus `extra`.
 */
export function cleanEnv(extra = {}) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(VSCODE_|UNIQUE_ANALYTICS_)/.test(k)),
  );
  return { ...env, ...extra };
}

function cli(cs, args, opts = {}) {
  return execFileSync(cs.node, [cs.entry, '--config', '/dev/null', ...args], {
    encoding: 'utf8',
    env: cleanEnv(),
    ...opts,
  });
}

/** "4.139.1 (VS Code 1.139.1)". */
export function describeCodeServer(cs) {
  const line = cli(cs, ['--version']).trim().split('\n').pop() ?? '';
  const code = /with Code (\S+)/.exec(line)?.[1];
  return `${cs.version}${code ? ` (VS Code ${code})` : ''}`;
}

/** Installs one or more .vsix files into the given dirs (before start, so the first workbench already has them). */
export function installVsix(cs, vsix, { userDataDir, extensionsDir }) {
  const files = [vsix].flat().map((f) => resolve(f));
  for (const f of files)
    if (!existsSync(f)) throw new Error(`${f} not found: run \`npm run package\` first`);
  const installs = files.flatMap((f) => ['--install-extension', f]);
  cli(
    cs,
    ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, ...installs, '--force'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

/** A fresh scratch folder under the OS temp dir. */
export function scratchDir(prefix) {
  return mkdtempSync(join(tmpdir(), `ua-${prefix}-`));
}

/** Free loopback port: `preferred` and the 19 after it if free, else any. */
export async function freePort(preferred) {
  const tryPort = (port) =>
    new Promise((res) => {
      const s = createServer();
      s.once('error', () => res(undefined));
      s.listen(port, '127.0.0.1', () => {
        const got = /** @type {import('node:net').AddressInfo} */ (s.address()).port;
        s.close(() => res(got));
      });
    });
  for (let p = preferred; p && p < preferred + 20; p++) {
    const got = await tryPort(p);
    if (got) return got;
  }
  const any = await tryPort(0);
  if (!any) throw new Error('no free loopback port');
  return any;
}

// Children run in their own process groups, so Ctrl-C or a crash of the harness must end them explicitly.
const groups = new Set();
let signalsHooked = false;
/** Runs `child` in its own process group and guarantees the group ends when this process does. */
export function adoptProcessGroup(child) {
  const kill = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      /* already gone */
    }
  };
  groups.add(kill);
  if (!signalsHooked) {
    signalsHooked = true;
    process.once('exit', () => groups.forEach((k) => k('SIGKILL')));
    // Without a handler Node dies on these signals without emitting 'exit'.
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(sig, () => process.exit(130));
  }
  return async function stop() {
    kill('SIGTERM');
    for (let i = 0; i < 50 && child.exitCode === null && child.signalCode === null; i++)
      await sleep(100);
    kill('SIGKILL');
    groups.delete(kill);
  };
}

/**
 * Makes code-server start in display language `locale` (e.g. 'de') without Microsoft's language pack, which
 * these machines cannot download. code-server only honours `--locale` when `languagepacks.json` in the user
 * data dir names a pack for it with an existing translations file; a stub with no translations is enough:
 * the workbench's own texts stay English, while `vscode.env.language` becomes `locale`, so VS Code loads the
 * extension's l10n/bundle.l10n.<locale>.json and package.nls.<locale>.json. (A CLI --install-extension of a
 * pack does not write languagepacks.json; only the server's own install hook does.) Both files must exist
 * before the first page load: the server caches its answer per locale and user data dir.
 * @param {string} root @param {string} userDataDir @param {string} locale
 */
function useDisplayLanguage(root, userDataDir, locale) {
  const stub = join(root, 'l10n-stub.json');
  writeFileSync(stub, JSON.stringify({ contents: {} }));
  writeFileSync(
    join(userDataDir, 'languagepacks.json'),
    JSON.stringify({
      [locale]: {
        hash: `stub-${locale}`,
        extensions: [{ extensionIdentifier: { id: 'test.stub-language-pack' }, version: '0.0.0' }],
        translations: { vscode: stub },
        label: locale,
      },
    }),
  );
}

/**
 * Starts code-server on 127.0.0.1 with fresh user-data/extensions dirs and waits for /healthz.
 * `env` reaches the extension host (e.g. UNIQUE_ANALYTICS_TOKEN); `settings` are merged over QUIET_SETTINGS
 * into the fresh user settings.json (e.g. uniqueAnalytics.baseUrl).
 * @param {{ version: string, dir: string, entry: string, node: string }} cs from findCodeServer()
 * @param {{ root?: string, workspace?: string, open?: string, restricted?: boolean, env?: Record<string,string>, settings?: Record<string,unknown>,
 *           args?: string[], port?: number, auth?: 'none', verbose?: boolean, locale?: string }} [opts]
 *   locale: display language, e.g. 'de' (useDisplayLanguage); the extension must ship its bundle for it
 *   open: a `.code-workspace` file (absolute) to open instead of the workspace folder (a multi-root window)
 *   restricted: leave workspace trust on and never ask, so the workspace opens in Restricted Mode
 */
export async function startCodeServer(cs, opts = {}) {
  const root = opts.root ?? scratchDir('cs');
  const userDataDir = join(root, 'data');
  const extensionsDir = join(root, 'extensions');
  const workspace = opts.workspace ?? join(root, 'workspace');
  for (const d of [join(userDataDir, 'User'), extensionsDir, workspace])
    mkdirSync(d, { recursive: true });
  const trust = opts.restricted
    ? {
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.banner': 'always',
      }
    : {};
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, ...trust, ...opts.settings }, null, 2),
  );
  if (opts.locale) useDisplayLanguage(root, userDataDir, opts.locale);
  const port = opts.port ?? (await freePort());
  const t0 = Date.now();
  // argv carries no secret: tokens travel in the environment only.
  const child = spawn(
    cs.node,
    [
      cs.entry,
      '--config',
      '/dev/null',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      ...(opts.restricted ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--ignore-last-opened',
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      ...(opts.locale ? ['--locale', opts.locale] : []),
      ...(opts.args ?? []),
      opts.open ?? workspace,
    ],
    { env: cleanEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const stopGroup = adoptProcessGroup(child);
  let log = '';
  const onData = (d) => {
    log += d;
    if (opts.verbose || process.env.CS_VERBOSE) process.stderr.write(`[code-server] ${d}`);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(
        `code-server ${cs.version} exited (${child.exitCode}) before it was ready:\n${log}`,
      );
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() - t0 > 60_000) {
      await stopGroup();
      throw new Error(`code-server ${cs.version} not ready after 60 s:\n${log}`);
    }
    await sleep(100);
  }
  return {
    url,
    port,
    authority: `127.0.0.1:${port}`,
    /** The workbench URL opening the workspace folder. */
    workbenchUrl: opts.open
      ? `${url}/?workspace=${encodeURIComponent(opts.open)}`
      : `${url}/?folder=${encodeURIComponent(workspace)}`,
    root,
    userDataDir,
    extensionsDir,
    workspace,
    readyMs: Date.now() - t0,
    pid: child.pid,
    stop: stopGroup,
    log: () => log,
    exited: () => child.exitCode !== null || child.signalCode !== null,
  };
}

/**
 * Error blocks in the extension host logs that name our extension (activation failures, uncaught errors
 * whose stack runs through our bundle). Harmless noise (gallery lookups, vsda 404s) never names it.
 */
export function extensionHostErrors(server, marker = EXTENSION_ID) {
  const logs = join(server.userDataDir, 'logs');
  if (!existsSync(logs)) return [];
  const files = readdirSync(logs, { recursive: true })
    .map(String)
    .filter((f) => /exthost[^/]*\.log$/.test(f));
  const found = [];
  for (const f of files) {
    // A block is one timestamped line plus its continuation lines (stack frames).
    const blocks = readFileSync(join(logs, f), 'utf8').split(/\n(?=\d{4}-\d\d-\d\d[ T])/);
    for (const b of blocks) if (b.includes('[error]') && b.includes(marker)) found.push(b.trim());
  }
  return found;
}

/**
 * Headless Debian Chromium (never a downloaded browser) with a fresh profile; returns the context and its page.
 * @param {{ root?: string, viewport?: { width: number, height: number } }} [opts] root: where the profile goes
 */
export async function launchBrowser({ root, viewport = { width: 1400, height: 900 } } = {}) {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} not found: run test/harness/setup-code-server.sh (installs Debian's chromium)`,
    );
  const profile = mkdtempSync(join(root ?? tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    // vscode.env.clipboard in the web workbench is navigator.clipboard, which asks for these.
    permissions: ['clipboard-read', 'clipboard-write'],
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, close: () => context.close().catch(() => {}) };
}

/** Removes a scratch folder unless KEEP_SCRATCH=1 (then its path is printed for a post-mortem). */
export function removeScratch(root) {
  if (process.env.KEEP_SCRATCH) return console.log(`scratch kept: ${root}`);
  try {
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  } catch (e) {
    console.log(`could not remove scratch ${root}: ${e.message}`);
  }
}
