// Builds the extension bundle (dist/extension.js, `vscode` external), the webviews (dist/webview/) and,
// with --tests, the test bundles in out-test/: unit tests and the fake server (plain Node), integration suites
// (extension host).
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const tests = process.argv.includes('--tests');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
};

/**
 * Every `import * as vscode from 'vscode'` in a CommonJS bundle becomes `__toESM(require('vscode'))`, which copies
 * each property of VS Code's API object into a new object: 28 files, 28 copies while the bundle loads, measured at
 * 5-40 ms of the "load code" part of activation in the host (bench/README.md, activation). Here they all import one
 * shared module that re-exports `vscode` once.
 */
const oneVscodeNamespace = {
  name: 'one-vscode-namespace',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once'
        ? { path: 'vscode', external: true }
        : { path: 'vscode', namespace: 'vscode-once' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({
      contents: "export * from 'vscode';",
      loader: 'js',
    }));
  },
};

const extension = await esbuild.build({
  ...common,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  external: ['vscode'],
  plugins: [oneVscodeNamespace],
  // graphql's ESM build tree-shakes (its CJS build does not): 367 KB -> ~149 KB minified (bench/README.md).
  mainFields: ['module', 'main'],
  minify: production,
  sourcemap: !production,
  metafile: true,
});
// The split insights pass's worker thread (src/core/insights/partWorker.ts): plain Node, no vscode.
await esbuild.build({
  ...common,
  entryPoints: ['src/core/insights/partWorker.ts'],
  outfile: 'dist/insightsWorker.js',
  minify: production,
  sourcemap: !production,
});
// What fills the bundle, for `npm run bench:bundle` (not packaged: .vscodeignore keeps dist/*.json out).
writeFileSync('dist/extension.meta.json', JSON.stringify(extension.metafile));

// The webviews' browser code (src/webview/, its own tsconfig with DOM types) and their stylesheets: per webview
// one IIFE script and one CSS file, loaded under a strict CSP (nonce script, no inline, no eval). The table's
// host is src/vscode/viewer/; Insights draws charts with Vega's CSP-safe interpreter (bench/chartsCsp.mjs).
await Promise.all(
  [
    ['src/webview/table/main.ts', 'dist/webview/table.js'],
    ['src/webview/table/table.css', 'dist/webview/table.css'],
    ['src/webview/insights/main.ts', 'dist/webview/insights.js'],
    ['src/webview/insights/insights.css', 'dist/webview/insights.css'],
  ].map(([entry, outfile]) =>
    esbuild.build({
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      logLevel: 'warning',
      entryPoints: [entry],
      outfile,
      minify: production,
      sourcemap: !production,
    }),
  ),
);

if (tests) {
  const list = (dir) =>
    existsSync(dir)
      ? readdirSync(dir, { recursive: true })
          .filter((f) => String(f).endsWith('.ts'))
          .map((f) => join(dir, String(f)))
      : [];
  rmSync('out-test', { recursive: true, force: true });
  const testCommon = {
    ...common,
    sourcemap: 'inline',
    external: ['mocha', 'vscode', 'playwright-core', 'esbuild'],
  };
  await esbuild.build({
    ...testCommon,
    entryPoints: list('test/unit'),
    outdir: 'out-test/unit',
    outbase: 'test/unit',
  });
  if (existsSync('test/fakeServer/main.ts'))
    await esbuild.build({
      ...testCommon,
      entryPoints: ['test/fakeServer/main.ts'],
      outfile: 'out-test/fakeServer/main.js',
    });
  const integration = list('test/integration');
  if (integration.length)
    await esbuild.build({
      ...testCommon,
      entryPoints: integration,
      outdir: 'out-test/integration',
      outbase: 'test/integration',
    });
}
