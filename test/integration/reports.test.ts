// Saved reports in real VS Code against the fake server: the Reports section lists what the setting holds (and
// names an entry it cannot read), Run Report places the export and saves `<folder>/<name> <period>.csv` once
// it is done, and a scheduled report that is due runs once, not again on the next check.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandIds, SettingKeys } from '../../src/core/ids';
import { setSetting, waitFor } from './support/extension';
import { useFakeServer } from './support/fixtures';

/** The last full calendar month before today (UTC is close enough away from month ends' midnight). */
function lastMonthLabel(): string {
  const d = new Date();
  const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1));
  return first.toISOString().slice(0, 7);
}

describe('reports: saved reports', function () {
  this.timeout(120_000);
  const fx = useFakeServer({ seed: 'empty', connect: true, pendingMs: 300, runningMs: 700 });
  const folder = mkdtempSync(path.join(os.tmpdir(), 'ua-reports-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('lists the reports of the setting, and names an entry it cannot read', async () => {
    await setSetting(SettingKeys.reports, [
      { name: 'Monthly chat', type: 'CHAT_INTERACTION', range: { last: 'month' }, folder },
      { name: 'Broken', type: 'NOT_A_KIND', range: { last: 'fortnight' } },
    ]);
    await waitFor('two rows', () => fx.api.reportItems().length === 2);
    const [good, bad] = fx.api.reportItems();
    assert.equal(good.label, 'Monthly chat');
    assert.match(String(good.description), /Chat interactions · last full month/);
    assert.equal(good.contextValue, 'report');
    assert.equal(bad.label, 'Cannot read a report');
    assert.match(String(bad.description), /reports\[1\] "Broken": type "NOT_A_KIND"/);
  });

  it('Run Report places the export and saves it as "<name> <period>.csv" in its folder', async () => {
    const id = await vscode.commands.executeCommand<string>(CommandIds.runReport, 'Monthly chat');
    assert.ok(id && fx.server.order(id), 'the fake server received the order');
    const target = path.join(folder, `Monthly chat ${lastMonthLabel()}.csv`);
    await waitFor('the report saved', () => existsSync(target), 60_000);
    assert.ok(readFileSync(target, 'utf8').startsWith('\uFEFF'), 'the CSV as the server sent it');
    await waitFor(
      'the run is over',
      () => !/running/.test(String(fx.api.reportItems()[0].description)),
    );
  });

  it('a scheduled report that is due runs once', async () => {
    const before = fx.server.requests.filter((r) => r.route === 'start').length;
    await setSetting(SettingKeys.reports, [
      {
        name: 'Daily users',
        type: 'ACTIVE_USER',
        range: 'yesterday',
        folder,
        schedule: { every: 'day' },
      },
    ]);
    await waitFor(
      'the due report placed',
      () => fx.server.requests.filter((r) => r.route === 'start').length === before + 1,
      30_000,
    );
    await fx.api.runDueReports();
    await fx.api.runDueReports();
    assert.equal(
      fx.server.requests.filter((r) => r.route === 'start').length,
      before + 1,
      'not placed again',
    );
    assert.match(String(fx.api.reportItems()[0].description), /daily/);
    const yesterday = new Date(Date.now() - 86_400_000);
    await waitFor(
      'the daily report saved',
      () => readdirSync(folder).some((f) => f.startsWith('Daily users ') && f.endsWith('.csv')),
      60_000,
    );
    assert.ok(readdirSync(folder).some((f) => f.includes(yesterday.toISOString().slice(0, 4))));
  });
});
