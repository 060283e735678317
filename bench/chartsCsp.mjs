// `node bench/chartsCsp.mjs`: the Insights chart layer (src/webview/insights/) under the webview's strict CSP, in
// headless Chromium (Debian's, /usr/bin/chromium, through playwright-core). It builds the bundle exactly as
// esbuild.mjs does for --production (IIFE, browser, es2022, minified) into a temp folder, serves it from a tiny
// Node server on 127.0.0.1 (so `cspSource` is the page's own origin), and loads a page with
//   default-src 'none'; script-src 'nonce-…'; style-src <origin>; img-src <origin> data: blob:; font-src <origin>
// whose first script (nonce'd, before the bundle) records every `securitypolicyviolation`. Per theme (light, dark,
// high contrast: VS Code's variables set on :root by a stylesheet, never inline) it waits for the three demo
// charts, hovers them, exports one as PNG and SVG, and screenshots the page to /tmp/charts-csp-<theme>.png
// (/tmp/charts-csp.png is the dark one). A control page first proves the probe sees violations: it tries eval,
// a style attribute and a <style> element, and must report exactly those three.
// Prints: bundle size raw and gzip, violations (must be 0) with details, console errors and page errors, time
// from the script tag to the 3 charts drawn (median of --runs loads), and the PNG/SVG export checks.
//   node bench/chartsCsp.mjs [--runs 5] [--out /tmp]
// Exits 1 if a page had a violation, an error, a request off 127.0.0.1, or an export that is not PNG/SVG.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';

const { values: opt } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    out: { type: 'string', default: tmpdir() },
  },
});
const RUNS = Math.max(1, Number(opt.runs));
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// VS Code's own values for these variables (Light Modern, Dark Modern, Dark High Contrast).
const FONT = `-apple-system, BlinkMacSystemFont, "Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", sans-serif`;
const THEMES = {
  light: {
    'editor-background': '#ffffff',
    'editor-foreground': '#3b3b3b',
    foreground: '#3b3b3b',
    descriptionForeground: '#3b3b3b',
    'panel-border': '#e5e5e5',
    'charts-foreground': '#616161',
    'charts-lines': '#61616180',
    'charts-red': '#e51400',
    'charts-blue': '#1a85ff',
    'charts-yellow': '#bf8803',
    'charts-orange': '#d18616',
    'charts-green': '#388a34',
    'charts-purple': '#652d90',
  },
  dark: {
    'editor-background': '#1f1f1f',
    'editor-foreground': '#cccccc',
    foreground: '#cccccc',
    descriptionForeground: '#9d9d9d',
    'panel-border': '#2b2b2b',
    'charts-foreground': '#cccccc',
    'charts-lines': '#cccccc80',
    'charts-red': '#f14c4c',
    'charts-blue': '#3794ff',
    'charts-yellow': '#cca700',
    'charts-orange': '#d18616',
    'charts-green': '#89d185',
    'charts-purple': '#b180d7',
  },
  hc: {
    'editor-background': '#000000',
    'editor-foreground': '#ffffff',
    foreground: '#ffffff',
    descriptionForeground: '#ffffff',
    contrastBorder: '#6fc3df',
    'panel-border': '#6fc3df',
    'charts-foreground': '#ffffff',
    'charts-lines': '#ffffff',
    'charts-red': '#f14c4c',
    'charts-blue': '#3794ff',
    'charts-yellow': '#ffff00',
    'charts-orange': '#d18616',
    'charts-green': '#89d185',
    'charts-purple': '#b180d7',
  },
};
const themeCss = (vars) =>
  `:root {\n${Object.entries({ ...vars, 'font-family': FONT, 'font-size': '13px' })
    .map(([k, v]) => `  --vscode-${k}: ${v};`)
    .join('\n')}\n}\n`;

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

try {
  const buildStart = performance.now();
  await esbuild.build({
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'warning',
    entryPoints: { insights: 'src/webview/insights/main.ts' },
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
  const js = readFileSync(join(dir, 'insights.js'));
  console.log(
    `bundle: insights.js ${kb(js.length)} raw, ${kb(gzipSync(js).length)} gzip (zlib default level), ` +
      `insights.css ${statSync(join(dir, 'insights.css')).size} B; built in ${ms(performance.now() - buildStart)}`,
  );
  for (const [name, vars] of Object.entries(THEMES))
    writeFileSync(join(dir, `theme-${name}.css`), themeCss(vars));

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

  const page = (name, theme, body) => {
    const nonce = randomBytes(16).toString('base64').replace(/[+/=]/g, '');
    const csp = [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      `style-src ${origin}`,
      `img-src ${origin} data: blob:`,
      `font-src ${origin}`,
    ].join('; ');
    // The probe: the first script of the page, so it sees every violation, the stylesheets' included.
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
<link rel="stylesheet" href="${origin}/theme-${theme}.css">
<link rel="stylesheet" href="${origin}/insights.css">
<title>Insights charts (${name})</title>
</head>
<body>
<div id="root"></div>
${body(nonce)}
</body>
</html>
`,
    );
    return `${origin}/${name}.html`;
  };
  const chartsBody = (nonce) =>
    `<script nonce="${nonce}">window.__t0 = performance.now();</script>
<script nonce="${nonce}" src="${origin}/insights.js"></script>`;
  const controlBody = (nonce) => `<script nonce="${nonce}">
try { new Function('return 1')(); } catch {}
document.getElementById('root').setAttribute('style', 'color: red');
document.head.append(Object.assign(document.createElement('style'), { textContent: 'body { color: red }' }));
</script>`;

  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });

  /** Opens `url` in a fresh tab; collects console errors, page errors and requests off 127.0.0.1. */
  async function open(url) {
    const tab = await context.newPage();
    const log = { consoleErrors: [], pageErrors: [], offsite: [] };
    tab.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning')
        log.consoleErrors.push(`${m.type()}: ${m.text()}`);
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

  /** Loads the demo, waits for 3 drawn SVGs, hovers every chart; returns timings and what the page saw. */
  async function load(theme, { exports = false, screenshot } = {}) {
    const { tab, log } = await open(page(`charts-${theme}`, theme, chartsBody));
    const drawn = await tab.evaluate(async () => {
      const demo = await window.insightsDemo;
      const svgs = document.querySelectorAll('#root .chart svg');
      // The next frame: the charts painted.
      const painted = await new Promise((r) =>
        requestAnimationFrame(() => setTimeout(() => r(performance.now()))),
      );
      const script = performance
        .getEntriesByType('resource')
        .find((e) => e.name.endsWith('/insights.js'));
      return {
        svgs: svgs.length,
        texts: document.querySelectorAll('#root .chart svg text').length,
        t0: window.__t0,
        startedAt: demo.startedAt,
        drawnAt: demo.drawnAt,
        painted,
        scriptFetched: script ? script.responseEnd : undefined,
      };
    });
    if (drawn.svgs !== 3) fail(`${theme}: ${drawn.svgs} charts drawn, not 3`);
    // Hover over every chart (Vega's hover encoding and its title-attribute tooltip run here).
    for (const box of await tab.locator('#root .chart svg').all()) {
      const b = await box.boundingBox();
      for (let x = 0.2; x < 0.9; x += 0.1)
        await tab.mouse.move(b.x + b.width * x, b.y + b.height * 0.6);
      // Ends on a mark in the middle of the chart (a bar, a heat map cell): its tooltip is up.
      await tab.mouse.move(b.x + b.width * 0.45, b.y + b.height * 0.75);
    }
    const result = { theme, ...drawn, log };
    if (screenshot) await tab.screenshot({ path: screenshot, fullPage: true });
    result.dom = await tab.evaluate(() => ({
      styleElements: document.querySelectorAll('style').length,
      styleAttributes: [...document.querySelectorAll('[style]')].map(
        (e) =>
          `${e.tagName.toLowerCase()}${e.className?.baseVal ? '.' + e.className.baseVal : ''}: ${e.getAttribute('style')}`,
      ),
      // Vega's default tooltip: the hovered chart's `title` attribute.
      tooltip: [...document.querySelectorAll('#root [title]')]
        .map((e) => e.getAttribute('title'))
        .pop(),
    }));
    if (exports) {
      result.exports = await tab.evaluate(async () => {
        const [chart] = (await window.insightsDemo).charts;
        const t = performance.now();
        const png = await chart.toPng(2);
        const tPng = performance.now() - t;
        const svg = await chart.toSvg();
        const tSvg = performance.now() - t - tPng;
        chart.dispose();
        const left = document.querySelectorAll('#root .chart svg').length;
        return { png, tPng, svg, tSvg, left };
      });
    }
    result.violations = await tab.evaluate(() => window.__violations);
    await tab.close();
    return result;
  }

  const report = (r) => {
    console.log(
      `${r.theme}: ${r.svgs} charts (${r.texts} SVG text nodes), CSP violations ${r.violations.length}, ` +
        `console errors/warnings ${r.log.consoleErrors.length}, page errors ${r.log.pageErrors.length}, ` +
        `requests off 127.0.0.1 ${r.log.offsite.length}; <style> elements ${r.dom.styleElements}, ` +
        `elements with a style attribute (CSSOM) ${r.dom.styleAttributes.length}`,
    );
    for (const v of r.violations) console.log(`  violation: ${JSON.stringify(v)}`);
    for (const e of r.log.consoleErrors) console.log(`  console ${e}`);
    for (const e of r.log.pageErrors) console.log(`  pageerror: ${e}`);
    for (const u of r.log.offsite) console.log(`  offsite request: ${u}`);
    if (r.violations.length) fail(`${r.theme}: CSP violations`);
    if (r.log.pageErrors.length || r.log.consoleErrors.some((e) => e.startsWith('error')))
      fail(`${r.theme}: errors`);
    if (r.log.offsite.length) fail(`${r.theme}: requests off 127.0.0.1`);
    if (r.dom.styleElements) fail(`${r.theme}: a <style> element`);
  };

  // The themes, each screenshot; the dark one also exports.
  const shots = {};
  for (const theme of Object.keys(THEMES)) {
    shots[theme] = join(opt.out, `charts-csp-${theme}.png`);
    const r = await load(theme, { exports: theme === 'dark', screenshot: shots[theme] });
    report(r);
    if (theme === 'dark') {
      console.log(
        `  style attributes, all set through the CSSOM: ${[...new Set(r.dom.styleAttributes)].join(' | ')}`,
      );
      console.log(
        `  last tooltip after hovering (title attribute): ${JSON.stringify(r.dom.tooltip)}`,
      );
      const { png, svg, tPng, tSvg, left } = r.exports;
      const m = /^data:image\/png;base64,(.*)$/.exec(png);
      const bytes = m ? Buffer.from(m[1], 'base64') : Buffer.alloc(0);
      const isPng = bytes.subarray(0, 8).equals(PNG_MAGIC);
      const size = isPng ? `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}` : '-';
      console.log(
        `  toPng(2): data URL ${kb(png.length)}, decodes to ${kb(bytes.length)}, PNG magic bytes ${isPng ? 'yes' : 'NO'}, ${size} px, ${ms(tPng)}`,
      );
      const isSvg = /^<svg[\s>]/.test(svg) && svg.trimEnd().endsWith('</svg>');
      console.log(
        `  toSvg(): ${kb(svg.length)}, <svg> document ${isSvg ? 'yes' : 'NO'}, ${(svg.match(/<text/g) ?? []).length} text elements, ${ms(tSvg)}`,
      );
      console.log(`  dispose(): ${left} of 3 charts left on the page`);
      if (left !== 2) fail('dispose did not empty its host');
      if (!isPng) fail('toPng is not a PNG');
      if (!isSvg) fail('toSvg is not an SVG document');
      if (isPng) writeFileSync(join(opt.out, 'charts-csp-export.png'), bytes);
      writeFileSync(join(opt.out, 'charts-csp-export.svg'), svg);
    }
  }
  writeFileSync(join(opt.out, 'charts-csp.png'), readFileSync(shots.dark));

  // Timing: fresh loads of the dark page.
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await load('dark');
    if (r.violations.length) report(r);
    times.push(r);
  }
  const med = (f) => median(times.map(f));
  console.log(
    `time, median of ${RUNS} loads: script tag -> 3 charts drawn ${ms(med((r) => r.drawnAt - r.t0))} ` +
      `(fetch ${ms(med((r) => r.scriptFetched - r.t0))}, bundle evaluated -> main ${ms(med((r) => r.startedAt - r.t0))}, ` +
      `main -> drawn ${ms(med((r) => r.drawnAt - r.startedAt))}); -> next frame ${ms(med((r) => r.painted - r.t0))}; ` +
      `all: ${times.map((r) => (r.drawnAt - r.t0).toFixed(0)).join(', ')} ms`,
  );
  console.log(
    `screenshots: ${Object.values(shots).join(', ')}; ${join(opt.out, 'charts-csp.png')} is dark`,
  );
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
