// Bundles each benchmark (bench/*.ts) to bench/results/build/<name>.js (git-ignored), the way the
// extension is bundled: esbuild, CommonJS, Node 20. esbuild itself stays external (bench/bundle uses it).
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const entryPoints = readdirSync('bench')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => join('bench', f));

await esbuild.build({
  entryPoints,
  outdir: 'bench/results/build',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  external: ['esbuild'],
  logLevel: 'warning',
});
