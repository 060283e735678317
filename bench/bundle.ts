// `npm run bench:bundle`: builds the production bundle exactly as `npm run build` does (esbuild.mjs
// --production), reports dist/extension.js against 200 KB, and lists what takes the space, from the esbuild
// metafile that build writes (dist/extension.meta.json). A what-if build (options repeated here) shows the
// bundle as it was before esbuild.mjs took graphql's ESM build.

import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { Report, runMain } from './lib/report';

const TARGET_KB = 200;
const KB = 1024;

/** `node_modules/graphql/language/parser.mjs` -> `graphql`; our own files -> `src/<dir>`. */
function ownerOf(input: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (m) return m[1];
  const parts = input.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** The production options of esbuild.mjs, again, plus `extra`, for a what-if metafile (nothing written). */
async function metafileBuild(
  extra: esbuild.BuildOptions,
): Promise<esbuild.Metafile['outputs'][string]> {
  const result = await esbuild.build({
    entryPoints: ['src/extension.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    mainFields: ['module', 'main'],
    minify: true,
    metafile: true,
    write: false,
    outfile: 'dist/extension.js',
    logLevel: 'warning',
    ...extra,
  });
  if (!result.metafile) throw new Error('esbuild returned no metafile');
  return Object.values(result.metafile.outputs)[0];
}

async function main(): Promise<void> {
  const report = new Report('bundle');
  const build = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { stdio: 'inherit' });
  if (build.status !== 0)
    throw new Error(`node esbuild.mjs --production failed (exit code ${build.status})`);
  const bytes = statSync('dist/extension.js').size;
  const gzip = gzipSync(readFileSync('dist/extension.js')).length;

  const meta = JSON.parse(readFileSync('dist/extension.meta.json', 'utf8')) as esbuild.Metafile;
  const output = Object.values(meta.outputs).find((o) => o.entryPoint === 'src/extension.ts');
  if (!output) throw new Error('dist/extension.meta.json describes no build of src/extension.ts');
  if (output.bytes !== bytes)
    console.log(`(the metafile says ${output.bytes} bytes, dist/extension.js has ${bytes})`);
  report.check('bundle size dist/extension.js, minified', bytes / KB, ' KB', '<=', TARGET_KB, 1);
  report.info('bundle size gzipped (context: the .vsix is a zip)', gzip / KB, ' KB');

  const byOwner = new Map<string, number>();
  const inputs = Object.entries(output.inputs).map(([path, i]) => ({
    path,
    bytes: i.bytesInOutput,
  }));
  for (const i of inputs)
    byOwner.set(ownerOf(i.path), (byOwner.get(ownerOf(i.path)) ?? 0) + i.bytes);
  console.log('\ntop contributors by package / folder (bytes in the minified output):');
  for (const [owner, b] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
    console.log(
      `  ${(b / KB).toFixed(1).padStart(7)} KB  ${((100 * b) / bytes).toFixed(1).padStart(5)} %  ${owner}`,
    );
  }
  console.log('\ntop files:');
  for (const i of inputs.sort((a, b) => b.bytes - a.bytes).slice(0, 15)) {
    console.log(`  ${(i.bytes / KB).toFixed(1).padStart(7)} KB  ${i.path}`);
  }
  console.log('');
  // Before esbuild.mjs took `module` first, graphql came in as CommonJS, which esbuild cannot tree-shake.
  const cjs = await metafileBuild({ mainFields: ['main', 'module'] });
  report.info(
    "what-if: esbuild's default mainFields for node (['main', 'module']), as at first",
    cjs.bytes / KB,
    ' KB',
  );
  report.save({ byOwner: Object.fromEntries(byOwner) });
}

runMain(main);
