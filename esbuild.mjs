// Builds the extension bundle (dist/extension.js, `vscode` external) and, with --tests, the test
// bundles in out-test/: unit tests and the fake server (plain Node), integration suites (extension host).
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const tests = process.argv.includes('--tests');
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' };

await esbuild.build({
  ...common,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  external: ['vscode'],
  // graphql's ESM build tree-shakes (its CJS build does not): 367 KB -> ~149 KB minified (bench/README.md).
  mainFields: ['module', 'main'],
  minify: production,
  sourcemap: !production,
  metafile: true,
});

if (tests) {
  const list = (dir) =>
    existsSync(dir) ? readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.ts')).map((f) => join(dir, String(f))) : [];
  rmSync('out-test', { recursive: true, force: true });
  const testCommon = { ...common, sourcemap: 'inline', external: ['mocha', 'vscode', 'playwright-core'] };
  await esbuild.build({ ...testCommon, entryPoints: list('test/unit'), outdir: 'out-test/unit', outbase: 'test/unit' });
  if (existsSync('test/fakeServer/main.ts')) await esbuild.build({ ...testCommon, entryPoints: ['test/fakeServer/main.ts'], outfile: 'out-test/fakeServer/main.js' });
  const integration = list('test/integration');
  if (integration.length) await esbuild.build({ ...testCommon, entryPoints: integration, outdir: 'out-test/integration', outbase: 'test/integration' });
}
