// Bundles each benchmark (bench/*.ts) to bench/results/build/<name>.js (git-ignored), the way the
// extension is bundled: esbuild, CommonJS, Node 20. esbuild itself stays external (bench/bundle uses it).
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const entryPoints = [
  ...readdirSync('bench')
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ in: join('bench', f), out: f.replace(/\.ts$/, '') })),
  // The split insights pass's worker thread (bench/insights.ts runs it as the extension does).
  { in: 'src/core/insights/partWorker.ts', out: 'insightsWorker' },
];

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
