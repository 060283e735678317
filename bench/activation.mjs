// `npm run bench:activation`: the extension's activation time as the real VS Code host reports it. Each run starts a
// fresh code-server (4.139.1) with the packaged .vsix and the fake Unique server configured, opens the workbench in
// headless Chromium, waits until the host has settled, opens the Unique Analytics view the way a user does (click in
// the activity bar), and then READS the figures from the host: the "Running Extensions" view
// (workbench.action.showRuntimeExtensions) and the "Extension Activation Stats" table of "Developer: Startup
// Performance" (perfview.show), which split the same figure into its parts. Nothing here times activation itself.
//
//   node bench/activation.mjs [--runs 7] [--version 4.139.1] [--vsix dist/unique-analytics.vsix] [--build]
//   --build: `node esbuild.mjs --production --tests` and `npm run -s package` first (always, or when missing with
//   --build-if-missing, as bench:smoke does). Writes bench/results/activation.json ($BENCH_RESULTS_DIR if set) and a
//   screenshot of Running Extensions (first run) next to it. A missed target never fails a run; a crash does.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  EXTENSION_ID,
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
} from '../test/harness/codeserver.mjs';
import { Workbench } from '../test/harness/e2e.mjs';
import { FAKE_SERVER_MAIN, startFakeServerProcess } from '../test/harness/fakeServerProcess.mjs';

const TARGET_MS = 30;
/** The same-run baseline: a built-in every code-server activates (at startup, `*`), so it is always listed. */
const BASELINE_ID = 'vscode.git';
const WAIT_MS = 60_000;

const { values: opt } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    version: { type: 'string', default: '4.139.1' },
    vsix: { type: 'string', default: VSIX },
    build: { type: 'boolean', default: false },
    'build-if-missing': { type: 'boolean', default: false },
  },
});
const runs = Number(opt.runs);
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs must be a whole number >= 1, got "${opt.runs}"`);
const resultsDir = process.env.BENCH_RESULTS_DIR || join('bench', 'results');

// --- what every benchmark prints (bench/lib/report.ts, in plain JS: this file runs unbundled) ---------------------

const machine = () =>
  `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.versions.node}, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
const figures = [];
function check(measure, value, unit, target, note) {
  const ok = value <= target;
  console.log(
    `${measure}: ${value.toFixed(1)}${unit} (target <= ${target}${unit}) ${ok ? 'OK' : 'MISSED'}${note ? `  [${note}]` : ''}`,
  );
  figures.push({
    measure,
    value,
    unit,
    target: { op: '<=', value: target },
    ok,
    ...(note ? { note } : {}),
  });
}
function info(measure, value, unit, note, digits = 1) {
  console.log(`${measure}: ${value.toFixed(digits)}${unit}${note ? `  [${note}]` : ''}`);
  figures.push({ measure, value, unit, ...(note ? { note } : {}) });
}
function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
const spread = (values) =>
  `min ${Math.min(...values)}, max ${Math.max(...values)}; runs: ${values.join(', ')}`;

// --- reading the host's figures -------------------------------------------------------------------------------------

/**
 * Waits until the extension host has activated its startup extensions and its log has been quiet for 2 s, so that
 * the click below does not race the startup activations (their code loading would be counted in ours).
 */
async function settle(server) {
  const t0 = Date.now();
  const hostLog = () => {
    const logs = join(server.userDataDir, 'logs');
    if (!existsSync(logs)) return undefined;
    const f = readdirSync(logs, { recursive: true })
      .map(String)
      .find((p) => p.endsWith('remoteexthost.log'));
    return f && join(logs, f);
  };
  let lastSize = -1;
  let quietSince = Date.now();
  for (;;) {
    const file = hostLog();
    const text = file ? readFileSync(file, 'utf8') : '';
    if (text.includes(`_doActivateExtension ${EXTENSION_ID}`))
      throw new Error(
        'the extension was activated before the view was opened: the measurement would not be a user opening it',
      );
    if (text.length !== lastSize) [lastSize, quietSince] = [text.length, Date.now()];
    if (text.includes('Eager extensions activated') && Date.now() - quietSince >= 2000) return;
    if (Date.now() - t0 > WAIT_MS)
      throw new Error(
        `the extension host did not settle within ${WAIT_MS / 1000} s (log: ${file})`,
      );
    await sleep(200);
  }
}

/** Rows of "Developer: Show Running Extensions": `name` is the extension's package name (its aria-label). */
async function readRunningExtensions(ui) {
  await ui.runCommand('Developer: Show Running Extensions');
  const list = ui.page.locator('.monaco-list[aria-label="Runtime Extensions"]');
  await list.waitFor({ timeout: WAIT_MS });
  const read = () =>
    list.locator('.monaco-list-row').evaluateAll((els) =>
      els.map((el) => ({
        name: el.getAttribute('aria-label') ?? '',
        title: el.querySelector('.name')?.textContent?.trim() ?? '',
        text: el.querySelector('.activation-time')?.textContent?.trim() ?? '',
      })),
    );
  const ours = EXTENSION_ID.split('.')[1];
  const seen = new Map();
  // The list is virtualised (rows sorted by time, longest first): scroll until our row has been rendered.
  for (let i = 0; i < 10 && !seen.has(ours); i++) {
    for (const r of await read()) if (r.text.includes('Activation:')) seen.set(r.name, r);
    if (!seen.has(ours)) {
      await list.hover();
      await ui.page.mouse.wheel(0, 400);
      await sleep(300);
    }
  }
  return [...seen.values()].map((r) => {
    const m = /(Startup )?Activation: (\d+)ms/.exec(r.text);
    return { ...r, ms: m ? Number(m[2]) : NaN, startup: Boolean(m?.[1]) };
  });
}

/** The "Extension Activation Stats" table of "Developer: Startup Performance", copied from its editor. */
async function readActivationStats(ui) {
  await ui.runCommand('Developer: Startup Performance');
  const text = await ui.waitFor(
    async () => {
      await ui.page.keyboard.press('Control+a');
      await ui.page.keyboard.press('Control+c');
      const t = await ui.page.evaluate(() => navigator.clipboard.readText());
      return t.includes('## Extension Activation Stats') && t.includes(`| ${EXTENSION_ID} `)
        ? t
        : undefined;
    },
    {
      timeout: WAIT_MS,
      interval: 500,
      message: 'the Startup Performance editor with our extension in its activation table',
    },
  );
  const section = text.split('## Extension Activation Stats')[1].split('\n## ')[0];
  const rows = section
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  const [header, , ...body] = rows;
  const want = [
    'Extension',
    'Eager',
    'Load Code',
    'Call Activate',
    'Finish Activate',
    'Event',
    'By',
  ];
  if (JSON.stringify(header) !== JSON.stringify(want))
    throw new Error(
      `the activation table's columns changed: ${JSON.stringify(header)} (expected ${JSON.stringify(want)})`,
    );
  return body.map(([id, eager, load, call, finish, event, by]) => ({
    id,
    eager: eager === 'true',
    load: Number(load),
    call: Number(call),
    finish: Number(finish),
    event,
    by,
  }));
}

// --- one run ----------------------------------------------------------------------------------------------------------

async function measureOnce(cs, fake, shot) {
  const root = scratchDir('bench-activation');
  let server;
  let browser;
  try {
    installVsix(cs, opt.vsix, {
      userDataDir: join(root, 'data'),
      extensionsDir: join(root, 'extensions'),
    });
    server = await startCodeServer(cs, {
      root,
      env: { UNIQUE_ANALYTICS_TOKEN: fake.token },
      settings: { 'uniqueAnalytics.baseUrl': fake.url },
    });
    browser = await launchBrowser({ root, viewport: { width: 1400, height: 1100 } });
    await browser.page.goto(server.workbenchUrl);
    await browser.page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: WAIT_MS });
    const ui = new Workbench({
      page: browser.page,
      server,
      fake,
      shotsDir: resultsDir,
      shotPrefix: 'activation',
    });
    await settle(server);

    // What a user does: open the view. The host activates the extension (onView:...), which lists the orders.
    const clicked = Date.now();
    await ui.openActivity();
    await ui.waitForRow(/./, { timeout: WAIT_MS });
    const clickToRowsMs = Date.now() - clicked;

    const running = await readRunningExtensions(ui);
    if (shot) {
      await ui.moveMouseAway();
      await sleep(300);
      await ui.page.screenshot({ path: shot });
    }
    await ui.press('Escape');
    const stats = await readActivationStats(ui);
    const errors = extensionHostErrors(server);
    if (errors.length)
      throw new Error(
        `the extension host logged errors naming our extension:\n${errors.join('\n')}`,
      );
    return { running, stats, clickToRowsMs };
  } finally {
    await browser?.close();
    await server?.stop();
    removeScratch(root);
  }
}

function pick(run, id) {
  const stat = run.stats.find((s) => s.id === id);
  const row = run.running.find((r) => r.name === id.split('.').slice(1).join('.'));
  if (!stat) return undefined;
  // Running Extensions shows load code + call activate (abstractRuntimeExtensionsEditor); both read one status object.
  return { ...stat, shown: row?.ms ?? NaN, startup: row?.startup };
}

// --- main ---------------------------------------------------------------------------------------------------------------

function build() {
  for (const [cmd, args] of [
    [process.execPath, ['esbuild.mjs', '--production', '--tests']],
    ['npm', ['run', '-s', 'package']],
  ]) {
    console.log(`$ ${cmd === process.execPath ? 'node' : cmd} ${args.join(' ')}`);
    const r = spawnSync(cmd, args, { cwd: REPO_ROOT, stdio: 'inherit' });
    if (r.status !== 0)
      throw new Error(`\`${cmd} ${args.join(' ')}\` failed (exit ${r.status ?? r.signal})`);
  }
}

async function main() {
  const startLoad = loadavg()[0];
  console.log(`# activation: ${machine()}`);
  if (
    opt.build ||
    (opt['build-if-missing'] && (!existsSync(opt.vsix) || !existsSync(FAKE_SERVER_MAIN)))
  )
    build();
  if (!existsSync(opt.vsix))
    throw new Error(`${opt.vsix} not found: run \`npm run package\` (or pass --build)`);
  const cs = findCodeServer(opt.version);
  console.log(
    `code-server ${describeCodeServer(cs)}; ${opt.vsix} (${statSync(opt.vsix).size} bytes, ${statSync(opt.vsix).mtime.toISOString()})`,
  );
  mkdirSync(resultsDir, { recursive: true });
  const shot = join(resultsDir, 'activation-running-extensions.png');
  const fake = await startFakeServerProcess({ seed: 'demo' });
  const results = [];
  try {
    for (let i = 0; i < runs; i++) {
      const run = await measureOnce(cs, fake, i === 0 ? shot : undefined);
      const ours = pick(run, EXTENSION_ID);
      const base = pick(run, BASELINE_ID);
      if (!ours)
        throw new Error(`run ${i + 1}: ${EXTENSION_ID} is not in the host's activation table`);
      if (ours.event !== 'onView:uniqueAnalytics.orders')
        throw new Error(`run ${i + 1}: activated by "${ours.event}", not by opening the view`);
      if (ours.shown !== ours.load + ours.call)
        console.log(
          `  (run ${i + 1}: Running Extensions shows ${ours.shown} ms, the table load+call ${ours.load + ours.call} ms)`,
        );
      console.log(
        `run ${i + 1}/${runs}: ${EXTENSION_ID} ${ours.shown} ms (load code ${ours.load}, call activate ${ours.call}, finish activate ${ours.finish}); ` +
          `${BASELINE_ID} ${base ? `${base.shown} ms (load ${base.load}, call ${base.call}, finish ${base.finish})` : 'not listed'}; ` +
          `click -> first row ${run.clickToRowsMs} ms`,
      );
      results.push({ ours, base, clickToRowsMs: run.clickToRowsMs, all: run.stats });
    }
  } finally {
    await fake.stop();
  }

  const col = (f) => results.map(f);
  const shown = col((r) => r.ours.shown);
  console.log('');
  check(
    `activation time in the host (Running Extensions = load code + call activate), median of ${runs}`,
    median(shown),
    ' ms',
    TARGET_MS,
    spread(shown),
  );
  info(
    '  of which load code (require of dist/extension.js, median)',
    median(col((r) => r.ours.load)),
    ' ms',
    spread(col((r) => r.ours.load)),
  );
  info(
    '  of which call activate (synchronous activate(), median)',
    median(col((r) => r.ours.call)),
    ' ms',
    spread(col((r) => r.ours.call)),
  );
  info(
    'finish activate (returned value resolved; not in the shown figure), median',
    median(col((r) => r.ours.finish)),
    ' ms',
  );
  const withBase = results.filter((r) => r.base);
  if (withBase.length) {
    const baseShown = withBase.map((r) => r.base.shown);
    info(
      `baseline ${BASELINE_ID} in the same hosts (activated at startup), median`,
      median(baseShown),
      ' ms',
      spread(baseShown),
    );
    const ratios = withBase.map((r) => r.ours.shown / Math.max(1, r.base.shown));
    info(`ours / ${BASELINE_ID}, paired per run, median`, median(ratios), '×', undefined, 2);
  }
  info(
    'click on the view -> first order row rendered (context: includes the first list request), median',
    median(col((r) => r.clickToRowsMs)),
    ' ms',
    spread(col((r) => r.clickToRowsMs)),
    0,
  );
  console.log(
    `\nlast run, every extension the host activated (ms: load code / call activate / finish activate, event):`,
  );
  for (const s of results.at(-1).all)
    console.log(
      `  ${s.id.padEnd(42)} ${String(s.load).padStart(4)} / ${String(s.call).padStart(3)} / ${String(s.finish).padStart(4)}  ${s.event}`,
    );
  console.log(`screenshot of Running Extensions (run 1): ${shot}`);

  const load = {
    start: Math.round(startLoad * 100) / 100,
    end: Math.round(loadavg()[0] * 100) / 100,
  };
  console.log(`load average (1 min) at start ${load.start}, at end ${load.end}`);
  const body = {
    bench: 'activation',
    when: new Date().toISOString(),
    machine: machine(),
    load,
    codeServer: opt.version,
    figures,
    runs: results,
  };
  writeFileSync(join(resultsDir, 'activation.json'), JSON.stringify(body, null, 2) + '\n');
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`benchmark crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
