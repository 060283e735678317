// `node bench/chartsCsp.mjs`: the Insights page (src/webview/insights/) under the webview's strict CSP, in headless
// Chromium (Debian's, /usr/bin/chromium, through playwright-core). It builds the page exactly as esbuild.mjs does
// for --production (IIFE, browser, es2022, minified) into a temp folder (or, with --dist, serves
// dist/webview/insights.{js,css} as `node esbuild.mjs` built them), serves it from a tiny Node server on
// 127.0.0.1 (so `cspSource` is the page's own origin), and loads a page with
//   default-src 'none'; script-src 'nonce-…'; style-src <origin>; img-src <origin> data: blob:; font-src <origin>
// whose first script (nonce'd, before the bundle) records every `securitypolicyviolation`. A second nonce'd
// script stands in for VS Code: `acquireVsCodeApi()` records what the page posts and keeps its state, and the
// theme's variables are set on <html> through the CSSOM and its class on <body>, as VS Code does. The bench then
// talks to the page as the host would: `progress`, `problem`, the sample `report` (bench/insightsSample.mjs: a
// chat-interactions report with every kind of card, XSS canaries in assistant and document names and the file
// name), `compare`, `note`; it clicks Show data, Save as PNG/SVG, Copy as Markdown and the toolbar, switches the
// theme live, narrows and widens the window, and reloads with a saved state. The browser runs in --tz
// (America/Los_Angeles), where a day read as local time would be drawn a day early. A control page first proves
// the probe sees violations: it tries eval, a style attribute and a <style> element, and must report exactly those.
// Per theme (light, dark, high contrast) it screenshots the page to <out>/insights-<theme>.png (and, in the dark
// theme, the progress line to insights-progress.png and the page 860 px wide to insights-narrow.png).
// Prints: bundle size raw and gzip, violations (must be 0) with details, console errors and page errors, the
// checks, and the time from posting the report to every chart drawn (median of --runs loads).
//   node bench/chartsCsp.mjs [--runs 5] [--out /tmp] [--tz America/Los_Angeles] [--dist]
// Exits 1 if a page had a violation, an error, a request off 127.0.0.1, or a check failed.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { CANARIES, sampleCompare, sampleReport } from './insightsSample.mjs';

const { values: opt } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    out: { type: 'string', default: tmpdir() },
    tz: { type: 'string', default: 'America/Los_Angeles' },
    dist: { type: 'boolean', default: false },
  },
});
const RUNS = Math.max(1, Number(opt.runs));
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 860, height: 900 };

// VS Code's own values for the variables the page uses (Light Modern, Dark Modern, Dark High Contrast); a
// variable VS Code leaves unset in a theme (the high-contrast button backgrounds) is left out here too.
const FONT = `-apple-system, BlinkMacSystemFont, "Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", sans-serif`;
const COMMON = {
  'font-family': FONT,
  'font-size': '13px',
  'editor-font-family': `Menlo, Monaco, "Courier New", monospace`,
  'editor-font-size': '13px',
};
const THEMES = {
  light: {
    class: 'vscode-light',
    vars: {
      'editor-background': '#ffffff',
      'editor-foreground': '#3b3b3b',
      foreground: '#3b3b3b',
      descriptionForeground: '#3b3b3b',
      'panel-border': '#e5e5e5',
      'widget-border': '#e5e5e5',
      'widget-shadow': '#00000029',
      'editorWidget-background': '#f8f8f8',
      'editorWidget-foreground': '#3b3b3b',
      'editorWidget-border': '#e5e5e5',
      focusBorder: '#005fb8',
      'button-background': '#005fb8',
      'button-foreground': '#ffffff',
      'button-hoverBackground': '#0258a8',
      'button-border': '#0000001a',
      'button-secondaryBackground': '#e5e5e5',
      'button-secondaryForeground': '#3b3b3b',
      'button-secondaryHoverBackground': '#cccccc',
      'progressBar-background': '#005fb8',
      'editorWarning-foreground': '#bf8803',
      errorForeground: '#f85149',
      'textBlockQuote-background': '#f8f8f8',
      'list-hoverBackground': '#f2f2f2',
      'charts-foreground': '#616161',
      'charts-lines': '#61616180',
      'charts-red': '#e51400',
      'charts-blue': '#1a85ff',
      'charts-yellow': '#bf8803',
      'charts-orange': '#d18616',
      'charts-green': '#388a34',
      'charts-purple': '#652d90',
    },
  },
  dark: {
    class: 'vscode-dark',
    vars: {
      'editor-background': '#1f1f1f',
      'editor-foreground': '#cccccc',
      foreground: '#cccccc',
      descriptionForeground: '#9d9d9d',
      'panel-border': '#2b2b2b',
      'widget-border': '#313131',
      'widget-shadow': '#0000005c',
      'editorWidget-background': '#202020',
      'editorWidget-foreground': '#cccccc',
      'editorWidget-border': '#454545',
      focusBorder: '#0078d4',
      'button-background': '#0078d4',
      'button-foreground': '#ffffff',
      'button-hoverBackground': '#026ec1',
      'button-border': '#ffffff12',
      'button-secondaryBackground': '#313131',
      'button-secondaryForeground': '#cccccc',
      'button-secondaryHoverBackground': '#3c3c3c',
      'progressBar-background': '#0078d4',
      'editorWarning-foreground': '#cca700',
      errorForeground: '#f85149',
      'textBlockQuote-background': '#2b2b2b',
      'list-hoverBackground': '#2a2d2e',
      'charts-foreground': '#cccccc',
      'charts-lines': '#cccccc80',
      'charts-red': '#f14c4c',
      'charts-blue': '#3794ff',
      'charts-yellow': '#cca700',
      'charts-orange': '#d18616',
      'charts-green': '#89d185',
      'charts-purple': '#b180d7',
    },
  },
  hc: {
    class: 'vscode-high-contrast',
    vars: {
      'editor-background': '#000000',
      'editor-foreground': '#ffffff',
      foreground: '#ffffff',
      descriptionForeground: '#ffffffb3',
      contrastBorder: '#6fc3df',
      contrastActiveBorder: '#f38518',
      'panel-border': '#6fc3df',
      'widget-border': '#6fc3df',
      'editorWidget-background': '#0c141f',
      'editorWidget-foreground': '#ffffff',
      'editorWidget-border': '#6fc3df',
      focusBorder: '#f38518',
      'button-foreground': '#ffffff',
      'button-border': '#6fc3df',
      'button-secondaryForeground': '#ffffff',
      'progressBar-background': '#6fc3df',
      'editorWarning-foreground': '#ffd370',
      errorForeground: '#f48771',
      'charts-foreground': '#ffffff',
      'charts-lines': '#ffffff',
      'charts-red': '#f14c4c',
      'charts-blue': '#3794ff',
      'charts-yellow': '#ffff00',
      'charts-orange': '#d18616',
      'charts-green': '#89d185',
      'charts-purple': '#b180d7',
    },
  },
};
const themeVars = (name) => ({ ...THEMES[name].vars, ...COMMON });

const REPORT = sampleReport();
const COMPARE = sampleCompare();
/** Cards the page draws a chart for (all the sample's charts name columns of their tables). */
const CHART_CARDS = REPORT.cards.filter((c) => c.chart && c.table?.rows.length > 0);
const EXPECTED_CHARTS = CHART_CARDS.length + 1; // + the comparison's change bars

// --- the bundle --------------------------------------------------------------------------------------------------

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(
  `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.versions.node}, load ${load()}`,
);
const dir = mkdtempSync(join(tmpdir(), 'charts-csp-'));
let server;
let browser;
let failed = false;
const fail = (why) => {
  failed = true;
  console.log(`FAIL: ${why}`);
};
const check = (ok, what) => {
  console.log(`  ${ok ? 'ok' : 'NOT OK'}: ${what}`);
  if (!ok) fail(what);
};

try {
  const buildStart = performance.now();
  if (opt.dist) {
    for (const f of ['insights.js', 'insights.css'])
      writeFileSync(join(dir, f), readFileSync(join('dist/webview', f)));
  } else {
    await esbuild.build({
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      logLevel: 'warning',
      entryPoints: {
        insights: 'src/webview/insights/main.ts',
      },
      outdir: dir,
      minify: true,
    });
    await esbuild.build({
      bundle: true,
      logLevel: 'warning',
      entryPoints: { insights: 'src/webview/insights/insights.css' },
      outdir: dir,
      minify: true,
    });
  }
  const js = readFileSync(join(dir, 'insights.js'));
  console.log(
    `bundle (${opt.dist ? 'dist/webview, as built' : 'production build'}): insights.js ${kb(js.length)} raw, ` +
      `${kb(gzipSync(js).length)} gzip (zlib default level), insights.css ${statSync(join(dir, 'insights.css')).size} B; ` +
      `${opt.dist ? 'copied' : 'built'} in ${ms(performance.now() - buildStart)}`,
  );

  // --- the server: files of `dir` only, every response fresh ----------------------------------------------------

  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const file = join(dir, path.replace(/^\/+/, ''));
    if (!/^\/[\w.-]+$/.test(path)) return void res.writeHead(404).end();
    try {
      const body = readFileSync(file);
      res.writeHead(200, {
        'content-type': `${types[extname(file)] ?? 'application/octet-stream'}; charset=utf-8`,
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;

  // --- the pages ------------------------------------------------------------------------------------------------

  /** JSON that may sit inside a <script> element. */
  const scriptJson = (v) => JSON.stringify(v).replace(/</g, '\\u003c');

  const page = (name, theme, body) => {
    const nonce = randomBytes(16).toString('base64').replace(/[+/=]/g, '');
    const csp = [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      `style-src ${origin}`,
      `img-src ${origin} data: blob:`,
      `font-src ${origin}`,
    ].join('; ');
    // The probe: the first script of the page, so it sees every violation, the stylesheet's included.
    const probe = `window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push({
  directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample,
  where: e.sourceFile ? e.sourceFile.replace(location.origin, '') + ':' + e.lineNumber + ':' + e.columnNumber : '',
}));`;
    writeFileSync(
      join(dir, `${name}.html`),
      `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<script nonce="${nonce}">${probe}</script>
<link rel="stylesheet" href="${origin}/insights.css">
<title>Insights (${name})</title>
</head>
<body class="${THEMES[theme].class}">
${body(nonce, theme)}
</body>
</html>
`,
    );
    return `${origin}/${name}.html`;
  };

  /** VS Code's part: the API object, the theme on <html> (CSSOM) and <body> (class), then the bundle. */
  const insightsBody = (state) => (nonce, theme) => `<script nonce="${nonce}">
window.__posted = [];
window.__state = ${scriptJson(state ?? null)};
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
  getState: () => window.__state,
  setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
});
window.__setTheme = (vars, kind) => {
  for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty('--vscode-' + k, v);
  document.body.className = kind;
};
window.__setTheme(${scriptJson(themeVars(theme))}, ${scriptJson(THEMES[theme].class)});
window.__t0 = performance.now();
</script>
<div id="root"></div>
<script nonce="${nonce}" src="${origin}/insights.js"></script>`;
  const controlBody = (nonce) => `<script nonce="${nonce}">
try { new Function('return 1')(); } catch {}
document.body.setAttribute('style', 'color: red');
document.head.append(Object.assign(document.createElement('style'), { textContent: 'body { color: red }' }));
</script>`;

  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const context = await browser.newContext({ viewport: WIDE, timezoneId: opt.tz });

  /** Opens `url` in a fresh tab; collects console errors, page errors and requests off 127.0.0.1. */
  async function open(url) {
    const tab = await context.newPage();
    const log = { consoleErrors: [], consoleWarnings: [], pageErrors: [], offsite: [] };
    tab.on('console', (m) => {
      if (m.type() === 'error') log.consoleErrors.push(m.text());
      if (m.type() === 'warning') log.consoleWarnings.push(m.text());
    });
    tab.on('pageerror', (e) => log.pageErrors.push(String(e)));
    tab.on('request', (r) => {
      if (!r.url().startsWith(origin) && !/^(data|blob):/.test(r.url())) log.offsite.push(r.url());
    });
    await tab.goto(url, { waitUntil: 'load' });
    return { tab, log };
  }

  // The control: the probe must see eval, a style attribute and a <style> element refused.
  {
    const { tab } = await open(page('control', 'dark', controlBody));
    await tab.waitForTimeout(200);
    const seen = await tab.evaluate(() => window.__violations);
    const kinds = seen.map((v) => `${v.directive}/${v.blocked}`).sort();
    const ok =
      seen.length === 3 &&
      kinds.includes('script-src/eval') &&
      kinds.filter((k) => k.startsWith('style-src')).length === 2;
    console.log(
      `control page (eval, style attribute, <style>): ${seen.length} violations seen [${kinds.join(', ')}] ` +
        (ok ? 'OK' : 'UNEXPECTED'),
    );
    if (!ok) fail('the probe does not see the violations it should');
    await tab.close();
  }

  // --- talking to the page as the host does ---------------------------------------------------------------------

  const drawnMarks = (tab) =>
    tab.evaluate(() => performance.getEntriesByName('ua-insights:charts-drawn').length);
  const post = (tab, message) => tab.evaluate((m) => window.postMessage(m, '*'), message);
  const posted = (tab) => tab.evaluate(() => window.__posted);
  /** Posts `message` and waits for the page's next 'charts-drawn' mark; the ms between the two. */
  async function postAndDraw(tab, message) {
    const n = await drawnMarks(tab);
    const sentAt = await tab.evaluate((m) => {
      const t = performance.now();
      window.postMessage(m, '*');
      return t;
    }, message);
    await tab.waitForFunction(
      (k) => performance.getEntriesByName('ua-insights:charts-drawn').length > k,
      n,
      { timeout: 60_000 },
    );
    const drawnAt = await tab.evaluate(
      () => performance.getEntriesByName('ua-insights:charts-drawn').at(-1).startTime,
    );
    return drawnAt - sentAt;
  }
  const waitPosted = (tab, type) =>
    tab.waitForFunction((t) => window.__posted.some((m) => m.type === t), type, {
      timeout: 10_000,
    });
  const cardOf = (tab, title) =>
    tab.locator('section.card', { has: tab.getByRole('heading', { name: title, exact: true }) });

  /** The page's report, compared; what it saw. `full`: every check (once, in the dark theme). */
  async function session(theme, { full = false, screenshot } = {}) {
    const { tab, log } = await open(page(`insights-${theme}`, theme, insightsBody()));
    await waitPosted(tab, 'ready');
    const readyAt = await tab.evaluate(
      () => performance.getEntriesByName('ua-insights:script')[0]?.startTime - window.__t0,
    );
    const r = { theme, log, readyAt };

    if (full) {
      console.log(`${theme}: messages and actions`);
      // Progress, cancel, a problem, try again.
      await post(tab, {
        type: 'progress',
        fileName: REPORT.fileName,
        bytes: 10_485_760,
        total: 48_213_771,
      });
      await post(tab, {
        type: 'progress',
        fileName: REPORT.fileName,
        bytes: 30_000_000,
        total: 48_213_771,
      });
      // Messages arrive in a later task: wait for the second one to be drawn.
      const at62 = await tab
        .waitForFunction(
          () =>
            document.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow') === '62',
          undefined,
          { timeout: 5000 },
        )
        .then(() => true)
        .catch(() => false);
      check(at62, 'progress: a determinate bar at 62%');
      check(
        (await tab.locator('.progress-view .line').textContent()) ===
          `Computing insights of ${REPORT.fileName}…`,
        'progress: "Computing insights of <file>…" (the file name as text)',
      );
      await tab.screenshot({ path: join(opt.out, 'insights-progress.png') });
      await tab.getByRole('button', { name: 'Cancel' }).click();
      await waitPosted(tab, 'cancel');
      check(true, 'Cancel posts {type: cancel}');
      await post(tab, { type: 'problem', kind: 'cancelled', message: 'Computing was cancelled.' });
      const alert = tab.getByRole('alert');
      await alert.waitFor();
      check(
        (await alert.textContent()).includes('Computing was cancelled.'),
        'problem: a role=alert line',
      );
      await alert.getByRole('button', { name: 'Try again' }).click();
      await waitPosted(tab, 'retry');
      check(true, 'Try again posts {type: retry}');
      await post(tab, { type: 'problem', kind: 'unreadable', message: 'The file cannot be read.' });
      await tab.getByRole('alert').filter({ hasText: 'The file cannot be read.' }).waitFor();
      check(
        (await tab.getByRole('button', { name: 'Try again' }).count()) === 0,
        'problem (unreadable): no Try again',
      );
    }

    r.reportMs = await postAndDraw(tab, {
      type: 'report',
      report: REPORT,
      cached: true,
      canCompare: true,
    });
    if (full) {
      await tab.getByRole('button', { name: 'Compare with previous period' }).click();
      await waitPosted(tab, 'compare');
      check(
        await tab.getByRole('button', { name: 'Compare with previous period' }).isDisabled(),
        'Compare posts {type: compare} and waits for the answer',
      );
    }
    r.compareMs = await postAndDraw(tab, COMPARE);

    const dom = await tab.evaluate(
      ({ canaries }) => {
        const charts = [...document.querySelectorAll('.chart')];
        return {
          svgs: document.querySelectorAll('.chart svg').length,
          texts: document.querySelectorAll('.chart svg text').length,
          chartsLabelled: charts.every(
            (c) => c.getAttribute('role') === 'img' && (c.getAttribute('aria-label') ?? '') !== '',
          ),
          pwned: window.pwned,
          foreignElements: document.querySelectorAll('img, iframe, object, embed, svg script')
            .length,
          scripts: document.scripts.length,
          canariesAsText: canaries.every((c) => document.body.textContent.includes(c)),
          header: document.querySelector('.head .meta')?.textContent,
          firstIsCompare: document.querySelector('.cards > .card')?.classList.contains('compare'),
          dataCards: [...document.querySelectorAll('.cards > [data-card]')].map(
            (c) => c.dataset.card,
          ),
          changes: [...document.querySelectorAll('.compare .totals tbody tr')].map((tr) =>
            tr.lastElementChild.textContent.trim(),
          ),
          changeColour: getComputedStyle(document.querySelector('.change.up')).color,
        };
      },
      { canaries: CANARIES },
    );
    Object.assign(r, { dom });
    if (dom.svgs !== EXPECTED_CHARTS)
      fail(`${theme}: ${dom.svgs} charts drawn, not ${EXPECTED_CHARTS}`);
    if (dom.pwned !== undefined) fail(`${theme}: window.pwned = ${dom.pwned}: a canary ran`);
    if (dom.foreignElements)
      fail(`${theme}: ${dom.foreignElements} img/iframe/object/embed elements`);
    if (dom.scripts !== 3) fail(`${theme}: ${dom.scripts} script elements, not the page's 3`);
    if (!dom.canariesAsText) fail(`${theme}: a canary is not on the page as text`);
    if (!dom.chartsLabelled) fail(`${theme}: a chart without role=img and aria-label`);

    // Days: drawn on the day written, whatever the time zone; the weekends behind the bars.
    const perDay = cardOf(tab, 'Interactions per day, by assistant');
    r.days = await perDay.evaluate((card) => {
      // The x axis: its labels are days ("Mar 02"), the y axis's are numbers.
      const labels = [...card.querySelectorAll('.role-axis-label text')]
        .map((t) => t.textContent)
        .filter((l) => /^[A-Z][a-z]{2} \d{2}$/.test(l));
      const weekendGroup = card.querySelector('g.mark-rect.layer_0_marks');
      return { labels, weekends: weekendGroup ? weekendGroup.querySelectorAll('path').length : -1 };
    });

    // Show data on one card; it is kept in the state.
    const perUser = cardOf(tab, 'Interactions per user');
    await perUser.getByRole('button', { name: 'Show data' }).click();
    r.shown = await perUser.evaluate((card) => ({
      pressed: card.querySelector('button[aria-pressed]').getAttribute('aria-pressed'),
      visible: !card.querySelector('.table-wrap').classList.contains('sr-only'),
      headers: [...card.querySelectorAll('th[scope=col]')].map((th) => th.textContent),
      rightAligned: getComputedStyle(card.querySelector('td.num')).textAlign,
      state: window.__state,
    }));

    // Hover over every chart (Vega's hover and its title-attribute tooltip run here); the per-day chart last,
    // on a bar, for its tooltip.
    for (const box of await tab.locator('.chart svg').all()) {
      await box.scrollIntoViewIfNeeded();
      const b = await box.boundingBox();
      for (let x = 0.2; x < 0.9; x += 0.15)
        await tab.mouse.move(b.x + b.width * x, b.y + b.height * 0.6);
    }
    {
      const box = perDay.locator('.chart svg');
      await box.scrollIntoViewIfNeeded();
      const b = await box.boundingBox();
      await tab.mouse.move(b.x + b.width * 0.1, b.y + b.height * 0.55);
      r.tooltip = await perDay.evaluate((card) =>
        card.querySelector('.chart [title]')?.getAttribute('title'),
      );
    }
    await tab.mouse.move(0, 0);
    await tab.evaluate(() => window.scrollTo(0, 0));

    if (full) await fullChecks(tab, r);
    if (screenshot) await tab.screenshot({ path: screenshot, fullPage: true });
    r.styleElements = await tab.evaluate(() => document.querySelectorAll('style').length);
    r.violations = await tab.evaluate(() => window.__violations);
    await tab.close();
    return r;
  }

  async function fullChecks(tab, r) {
    const d = r.days;
    check(
      d.labels.includes('Mar 02') && !d.labels.includes('Mar 01'),
      `days in ${opt.tz}: the first bar is labelled Mar 02, none Mar 01 (labels ${d.labels.slice(0, 4).join(', ')}, …)`,
    );
    const weekendDays = REPORT.cards[1].table.rows
      .map((row) => row[0])
      .filter((v, i, a) => a.indexOf(v) === i)
      .filter((day) => [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay())).length;
    check(
      d.weekends === weekendDays,
      `weekend bands: ${d.weekends} of ${weekendDays} Saturdays and Sundays`,
    );
    const s = r.shown;
    check(
      s.pressed === 'true' && s.visible && s.rightAligned === 'right',
      `Show data: aria-pressed ${s.pressed}, the table shown, headers ${s.headers.join(' | ')} (th scope=col), numbers ${s.rightAligned}`,
    );
    check(
      s.state?.shownTables?.includes('chat-per-user'),
      `setState keeps the shown table: ${JSON.stringify(s.state)}`,
    );
    check(r.dom.firstIsCompare, 'the comparison is first in the grid');
    check(
      r.dom.dataCards.join() === ['compare-assistants', ...REPORT.cards.map((c) => c.id)].join(),
      'every card in the report order, data-card its id',
    );
    check(
      r.dom.changes.some((c) => c.startsWith('▲up')) &&
        r.dom.changes.some((c) => c.includes('new')),
      `changes: ${r.dom.changes.join(' | ')} (arrow, then "up"/"down" for screen readers)`,
    );
    check(
      r.dom.changeColour === 'rgb(137, 209, 133)',
      `a rise in --vscode-charts-green: ${r.dom.changeColour}`,
    );
    check(
      !(await tab.getByRole('button', { name: 'Compare with previous period' }).isDisabled()),
      'Compare is enabled again once the comparison is in',
    );
    console.log(`  header: ${r.dom.header}`);

    // The card actions and the toolbar.
    const perDay = cardOf(tab, 'Interactions per day, by assistant');
    await perDay.getByRole('button', { name: 'Save as PNG' }).click();
    await waitPosted(tab, 'savePng');
    await perDay.getByRole('button', { name: 'Save as SVG' }).click();
    await waitPosted(tab, 'saveSvg');
    await perDay.getByRole('button', { name: 'Copy as Markdown' }).click();
    await tab.getByRole('button', { name: 'Export as notebook' }).click();
    await tab.getByRole('button', { name: 'Open table' }).click();
    const sent = await posted(tab);
    const png = sent.find((m) => m.type === 'savePng');
    const m = /^data:image\/png;base64,(.*)$/.exec(png?.dataUrl ?? '');
    const bytes = m ? Buffer.from(m[1], 'base64') : Buffer.alloc(0);
    const isPng = bytes.subarray(0, 8).equals(PNG_MAGIC);
    check(
      isPng && png.cardId === 'chat-per-day',
      `Save as PNG posts savePng of chat-per-day: ${kb(bytes.length)}, PNG magic bytes ${isPng ? 'yes' : 'NO'}, ` +
        `${isPng ? `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)} px` : '-'}`,
    );
    if (isPng) writeFileSync(join(opt.out, 'insights-export.png'), bytes);
    const svg = sent.find((x) => x.type === 'saveSvg')?.svg ?? '';
    check(
      /^<svg[\s>]/.test(svg) &&
        svg.trimEnd().endsWith('</svg>') &&
        !/<script|<img|<svg[^>]*onload/i.test(svg),
      `Save as SVG posts an <svg> document, ${kb(svg.length)}, canaries escaped`,
    );
    const types = sent.map((x) => x.type);
    check(
      ['copyMarkdown', 'exportNotebook', 'openTable'].every((t) => types.includes(t)) &&
        sent.find((x) => x.type === 'copyMarkdown').cardId === 'chat-per-day',
      `posted: ${types.join(', ')}`,
    );

    // A note: in the status line, gone after 4 s.
    await post(tab, { type: 'note', text: 'Copied the table as Markdown.' });
    const status = tab.getByRole('status');
    await tab.waitForFunction(() => document.querySelector('.status')?.textContent !== '');
    check(
      (await status.textContent()) === 'Copied the table as Markdown.' &&
        (await status.getAttribute('aria-live')) === 'polite',
      'note: shown in the aria-live status line',
    );
    await tab.waitForTimeout(4300);
    check((await status.textContent()) === '', 'note: cleared after 4 s');

    // The pseudonymised comparison replaces the first.
    await postAndDraw(tab, sampleCompare({ pseudonymised: true }));
    const notice = await tab.locator('.compare .notice').textContent();
    check(
      notice.startsWith('User-level compare is unavailable: this tenant') &&
        (await tab.locator('.compare').count()) === 1,
      `pseudonymised: "${notice}", one comparison on the page`,
    );

    // Width: two columns wide, one narrow; every chart as wide as its card, redrawn by Vega on resize.
    const layout = () =>
      tab.evaluate(() => {
        // Two cards side by side somewhere: two columns.
        const tops = [...document.querySelectorAll('.cards > .card')].map(
          (c) => c.getBoundingClientRect().top,
        );
        const side = tops.some((t, i) => i > 0 && Math.abs(t - tops[i - 1]) < 1);
        const misfit = [...document.querySelectorAll('.chart')]
          .map((c) =>
            Math.abs(c.querySelector('svg').getBoundingClientRect().width - c.clientWidth),
          )
          .filter((dx) => dx > 2).length;
        return { columns: side ? 2 : 1, misfit };
      });
    const fits = () =>
      tab.waitForFunction(
        () =>
          [...document.querySelectorAll('.chart')].every(
            (c) =>
              Math.abs(c.querySelector('svg').getBoundingClientRect().width - c.clientWidth) <= 2,
          ),
        undefined,
        { timeout: 10_000 },
      );
    const wide = await layout();
    await tab.setViewportSize(NARROW);
    await fits().catch(() => {});
    const narrow = await layout();
    await tab.evaluate(() => window.scrollTo(0, 0));
    await tab.screenshot({ path: join(opt.out, 'insights-narrow.png'), fullPage: true });
    await tab.setViewportSize(WIDE);
    await fits().catch(() => {});
    const back = await layout();
    check(
      wide.columns === 2 && narrow.columns === 1 && wide.misfit + narrow.misfit + back.misfit === 0,
      `width: ${wide.columns} columns at ${WIDE.width}px, ${narrow.columns} at ${NARROW.width}px, charts not as wide as their card: ${wide.misfit}, ${narrow.misfit}, ${back.misfit}`,
    );

    // The theme switched live: every chart drawn again in the new colours.
    const fill = () =>
      tab.evaluate(() =>
        document.querySelector('.chart svg .role-axis-label text')?.getAttribute('fill'),
      );
    const before = await fill();
    const n = await drawnMarks(tab);
    await tab.evaluate(
      ([vars, kind]) => window.__setTheme(vars, kind),
      [themeVars('light'), THEMES.light.class],
    );
    await tab.waitForFunction(
      (k) => performance.getEntriesByName('ua-insights:charts-drawn').length > k,
      n,
      { timeout: 30_000 },
    );
    const after = await fill();
    const svgs = await tab.evaluate(() => document.querySelectorAll('.chart svg').length);
    check(
      after === THEMES.light.vars['charts-foreground'] && svgs === EXPECTED_CHARTS,
      `theme switched dark -> light: axis labels ${before} -> ${after}, ${svgs} charts`,
    );
    await tab.evaluate(
      ([vars, kind]) => window.__setTheme(vars, kind),
      [themeVars(r.theme), THEMES[r.theme].class],
    );
    await tab.waitForFunction(
      (k) => performance.getEntriesByName('ua-insights:charts-drawn').length > k + 1,
      n,
      { timeout: 30_000 },
    );
  }

  /** A page that comes back (VS Code showed it again): its state restored once the report is drawn. */
  async function restored() {
    const state = { scrollY: 1400, shownTables: ['chat-days-active'] };
    const { tab, log } = await open(page('insights-restored', 'dark', insightsBody(state)));
    await waitPosted(tab, 'ready');
    await postAndDraw(tab, { type: 'report', report: REPORT, cached: true, canCompare: false });
    const seen = await tab.evaluate(() => ({
      scrollY: window.scrollY,
      compare: [...document.querySelectorAll('button')].some((b) =>
        b.textContent.startsWith('Compare'),
      ),
    }));
    const card = cardOf(tab, 'Share of days active');
    const pressed = await card
      .getByRole('button', { name: 'Show data' })
      .getAttribute('aria-pressed');
    check(
      Math.abs(seen.scrollY - state.scrollY) <= 1 && pressed === 'true' && !seen.compare,
      `restored state: scrollY ${seen.scrollY} (saved ${state.scrollY}), Show data pressed ${pressed}; no Compare without canCompare`,
    );
    const violations = await tab.evaluate(() => window.__violations);
    await tab.close();
    return { theme: 'restored', log, violations, styleElements: 0, dom: { svgs: -1 } };
  }

  const report = (r) => {
    console.log(
      `${r.theme}: ${r.dom.svgs >= 0 ? `${r.dom.svgs} charts (${r.dom.texts} SVG text nodes), ` : ''}` +
        `CSP violations ${r.violations.length}, console errors ${r.log.consoleErrors.length}, ` +
        `warnings ${r.log.consoleWarnings.length}, page errors ${r.log.pageErrors.length}, ` +
        `requests off 127.0.0.1 ${r.log.offsite.length}, <style> elements ${r.styleElements}` +
        (r.reportMs !== undefined
          ? `; report -> all charts drawn ${ms(r.reportMs)}, compare -> drawn ${ms(r.compareMs)}`
          : ''),
    );
    for (const v of r.violations) console.log(`  violation: ${JSON.stringify(v)}`);
    for (const e of r.log.consoleErrors) console.log(`  console error: ${e}`);
    for (const e of r.log.consoleWarnings) console.log(`  console warning: ${e}`);
    for (const e of r.log.pageErrors) console.log(`  pageerror: ${e}`);
    for (const u of r.log.offsite) console.log(`  offsite request: ${u}`);
    if (r.violations.length) fail(`${r.theme}: CSP violations`);
    if (r.log.pageErrors.length || r.log.consoleErrors.length) fail(`${r.theme}: errors`);
    if (r.log.offsite.length) fail(`${r.theme}: requests off 127.0.0.1`);
    if (r.styleElements) fail(`${r.theme}: a <style> element`);
  };

  // The themes, each screenshot; the dark one runs every check.
  const shots = {};
  for (const theme of ['dark', 'light', 'hc']) {
    shots[theme] = join(opt.out, `insights-${theme}.png`);
    const r = await session(theme, { full: theme === 'dark', screenshot: shots[theme] });
    report(r);
    if (theme === 'dark')
      console.log(`  last tooltip after hovering (title attribute): ${JSON.stringify(r.tooltip)}`);
  }
  report(await restored());

  // Timing: fresh loads of the dark page.
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await session('dark');
    if (r.violations.length || r.log.consoleErrors.length) report(r);
    times.push(r);
  }
  const med = (f) => median(times.map(f));
  console.log(
    `time, median of ${RUNS} loads (${EXPECTED_CHARTS - 1} report charts, then 1 comparison chart): ` +
      `script tag -> bundle evaluated ${ms(med((r) => r.readyAt))}; report posted -> all charts drawn ${ms(med((r) => r.reportMs))} ` +
      `(all: ${times.map((r) => r.reportMs.toFixed(0)).join(', ')} ms); compare posted -> drawn ${ms(med((r) => r.compareMs))}`,
  );
  console.log(`screenshots: ${Object.values(shots).join(', ')}`);
} catch (e) {
  fail(e?.stack ?? String(e));
} finally {
  await browser?.close();
  server?.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`load at the end ${load()}`);
console.log(failed ? 'chartsCsp: FAILED' : 'chartsCsp: OK (0 CSP violations)');
process.exitCode = failed ? 1 : 0;

function kb(n) {
  return `${(n / 1024).toFixed(1)} KiB`;
}
function ms(n) {
  return `${n.toFixed(0)} ms`;
}
function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
