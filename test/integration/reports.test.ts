// Saved reports in real VS Code against the fake server: the Reports section lists what the setting holds (and
// names an entry it cannot read), Run Report places the export and saves `<folder>/<name> <period>.csv` once
// it is done, Save as Report keeps a finished export as a report in the user settings (two real quick inputs),
// a scheduled report that is due runs once, not again on the next check, and one due while there is no working
// connection waits, says so in the status bar, and runs once the connection works.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandIds, SettingKeys } from '../../src/core/ids';
import { connect, setSetting, sleep, waitFor } from './support/extension';
import { useFakeServer } from './support/fixtures';

/** The last full calendar month before today (UTC is close enough away from month ends' midnight). */
function lastMonthLabel(): string {
  const d = new Date();
  const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1));
  return first.toISOString().slice(0, 7);
}

// Updates from the extension host to a quick input are batched on a timer; give them time to land.
const SETTLE_MS = 250;
const accept = () => vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');

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

  it('Save as Report on a finished export: a name (a taken one refused inline), a schedule, kept in user settings', async () => {
    const order = fx.api
      .orders()
      .find((o) => o.state.known === 'DONE' && o.type.raw === 'CHAT_INTERACTION');
    assert.ok(order, 'the finished export of the last test');
    const seen: { title?: string; value?: string; labels: string[] }[] = [];
    let refusedWith: unknown;
    const steps: ((input: vscode.QuickInput) => Promise<void>)[] = [
      async (input) => {
        const box = input as vscode.InputBox;
        box.value = 'monthly CHAT'; // the report of the first test, in other letters
        await sleep(SETTLE_MS);
        await accept();
        await sleep(SETTLE_MS);
        refusedWith = box.validationMessage;
        box.value = '  Chat, monthly ';
        await sleep(SETTLE_MS);
        await accept();
      },
      async (input) => {
        const qp = input as vscode.QuickPick<vscode.QuickPickItem>;
        const item = qp.items.find((i) => i.label === 'Every month, on the 1st');
        assert.ok(item, qp.items.map((i) => i.label).join(' | '));
        qp.activeItems = [item];
        await sleep(SETTLE_MS);
        await accept();
      },
    ];
    const errors: unknown[] = [];
    fx.api.onWizardInput = (input, step) => {
      setTimeout(() => {
        const qp = 'items' in input ? (input as vscode.QuickPick<vscode.QuickPickItem>) : undefined;
        seen.push({
          title: input.title,
          value: qp ? undefined : (input as vscode.InputBox).value,
          labels: qp ? qp.items.map((i) => i.label) : [],
        });
        const run =
          steps[step] ?? (() => vscode.commands.executeCommand('workbench.action.closeQuickOpen'));
        Promise.resolve(run(input)).catch((e: unknown) => errors.push(e));
      }, SETTLE_MS);
    };
    let name: string | undefined;
    try {
      name = await vscode.commands.executeCommand<string>(CommandIds.saveAsReport, order.id);
    } finally {
      fx.api.onWizardInput = undefined;
    }
    if (errors.length) throw errors[0];
    assert.equal(name, 'Chat, monthly');
    assert.deepEqual(
      seen.map((x) => x.title),
      ['Save as Report (1/2)', 'Save as Report (2/2)'],
    );
    assert.equal(
      seen[0].value,
      'Chat interactions, last full month',
      'named after kind and period',
    );
    assert.match(String(refusedWith), /exists already; choose another name/);
    assert.deepEqual(seen[1].labels, [
      'Only when I run it',
      'Every day',
      'Every week, on this weekday',
      'Every month, on the 1st',
    ]);
    const kept = vscode.workspace
      .getConfiguration('uniqueAnalytics')
      .inspect<unknown[]>(SettingKeys.reports)?.globalValue;
    assert.deepEqual(kept?.at(-1), {
      name: 'Chat, monthly',
      type: 'CHAT_INTERACTION',
      range: { last: 'month' },
      schedule: { every: 'month', day: 1 },
    });
    assert.equal(kept?.length, 3, 'added to the reports there were');
    await waitFor('a third row', () => fx.api.reportItems().length === 3);
    assert.deepEqual(
      fx.api.reportItems().map((i) => i.label),
      ['Monthly chat', 'Chat, monthly', 'Cannot read a report'],
      'the new report after the others, the entry that cannot be read last',
    );
    assert.match(
      fx.api.messages().at(-1)?.text ?? '',
      /Saved the report "Chat, monthly" \(last full month\)/,
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

  it('a due report waits for a working connection, says so in the status bar, and runs once it works', async () => {
    const starts = () => fx.server.requests.filter((r) => r.route === 'start').length;
    await vscode.commands.executeCommand(CommandIds.clearToken);
    await waitFor('no working connection', () => fx.api.setupState() !== 'ready');
    assert.equal(fx.api.reportsStatus(), undefined, 'nothing waits yet');
    const before = starts();
    await setSetting(SettingKeys.reports, [
      {
        name: 'Waiting users',
        type: 'ACTIVE_USER',
        range: 'yesterday',
        folder,
        schedule: { every: 'day' },
      },
    ]);
    await waitFor(
      'the status bar says one waits',
      () => fx.api.reportsStatus() === '$(calendar) 1 report waiting',
    );
    await fx.api.runDueReports();
    assert.equal(starts(), before, 'nothing placed without a working connection');
    await connect(fx.api, fx.server);
    await waitFor('placed once the connection works', () => starts() === before + 1, 30_000);
    await waitFor('the status bar item gone', () => fx.api.reportsStatus() === undefined);
    await waitFor(
      'the waiting report saved',
      () => readdirSync(folder).some((f) => f.startsWith('Waiting users ') && f.endsWith('.csv')),
      60_000,
    );
    assert.equal(starts(), before + 1, 'placed once');
  });
});
