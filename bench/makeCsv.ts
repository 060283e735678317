// `node bench/results/build/makeCsv.js --kind chat|detailed --mb 200 --out /tmp/chat.csv` (after
// `node bench/build.mjs`): writes a Unique-like export (bench/lib/csvFixtures.ts) for trying the CSV
// viewer by hand or another benchmark. Never commit its output.

import { parseArgs } from 'node:util';
import { writeFixture, type FixtureKind } from './lib/csvFixtures';
import { runMain } from './lib/report';

runMain(async () => {
  const { values } = parseArgs({
    options: {
      kind: { type: 'string', default: 'chat' },
      mb: { type: 'string', default: '200' },
      out: { type: 'string' },
    },
  });
  const kind = values.kind as FixtureKind;
  if (kind !== 'chat' && kind !== 'detailed') throw new Error('--kind must be chat or detailed');
  const out = values.out ?? `/tmp/unique-${kind}-${values.mb}mb.csv`;
  const rows = await writeFixture(out, kind, Number(values.mb) * 2 ** 20);
  console.log(`${out}: ${rows} rows`);
});
