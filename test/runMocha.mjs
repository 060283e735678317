// Runs one mocha tier in plain Node and prints the closing line CI reads ("N passed, M failed").
// Exits non-zero on any failure and on zero tests: a tier that ran nothing has not passed.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const tier = process.argv[2] || 'unit';
const dir = resolve('out-test', tier);
const mocha = new Mocha({
  ui: 'bdd',
  timeout: 20_000,
  reporter: process.env.MOCHA_REPORTER || 'spec',
  color: !process.env.CI,
});
for (const f of readdirSync(dir, { recursive: true }).map(String).sort()) {
  if (f.endsWith('.test.js')) mocha.addFile(join(dir, f));
}
let passed = 0;
let failed = 0;
let pending = 0;
const runner = mocha.run(() => {
  console.log(
    `\n${tier}: ${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`,
  );
  process.exit(failed > 0 || passed === 0 || pending > 0 ? 1 : 0);
});
runner.on('pass', () => passed++);
runner.on('fail', () => failed++);
runner.on('pending', () => pending++);
