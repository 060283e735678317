// The Insights cache (src/vscode/insights/insightsCache.ts): a report is kept per file version and per display
// language (its titles and labels are text in that language).
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InsightsReport } from '../../../src/shared/insightsMessages';
import { InsightsCache } from '../../../src/vscode/insights/insightsCache';

const report = {
  kind: 'profile',
  kindLabel: 'Column profile',
  fileName: 'a.csv',
  fileBytes: 10,
  rows: 1,
  columns: ['a'],
  roles: {},
  cards: [],
} satisfies InsightsReport;

describe('Insights cache', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ua-insights-cache-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('serves a report in the language it was made in, and misses in another', async () => {
    await new InsightsCache(dir, 'de').set('/x/a.csv', '10:1', { report });
    assert.deepEqual((await new InsightsCache(dir, 'de').get('/x/a.csv', '10:1'))?.report, report);
    assert.equal(await new InsightsCache(dir, 'fr').get('/x/a.csv', '10:1'), undefined);
    assert.equal(await new InsightsCache(dir, 'de').get('/x/a.csv', '10:2'), undefined);
    const english = new InsightsCache(dir);
    assert.equal(await english.get('/x/a.csv', '10:1'), undefined);
    await english.set('/x/a.csv', '10:1', { report });
    assert.ok(await english.get('/x/a.csv', '10:1'));
  });
});
