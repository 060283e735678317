// Insights in a real VS Code: "Show Insights" on a CSV opens the Insights tab, whose webview script (strict CSP)
// says ready and gets a report computed by the host; a second show of the unchanged file is served from the
// cache, a changed file is computed again; on a finished order the export is downloaded first and its type
// chooses the recipe; a file whose columns fit no recipe gets the profile; a deleted file gets a problem line.
// (Copy, Save as PNG and Compare are clicked in the browser: test/e2e/60-insights.e2e.mjs.)
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CommandIds, SettingKeys } from '../../src/core/ids';
import type { HostToInsights } from '../../src/shared/insightsMessages';
import type { InsightsTraffic } from '../../src/vscode/insights/insightsPanel';
import { setSetting, waitFor } from './support/extension';
import { useFakeServer, wireOrder } from './support/fixtures';

const closeAll = (): Thenable<unknown> =>
  vscode.commands.executeCommand('workbench.action.closeAllEditors');

describe('insights: the Insights tab (real VS Code)', function () {
  this.timeout(90_000);
  const fx = useFakeServer({ seed: 'empty', connect: true });
  let dir: string;
  const traffic: InsightsTraffic[] = [];
  let sub: vscode.Disposable | undefined;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ua-insights-'));
    sub = fx.api.onDidInsightsMessage((t) => traffic.push(t));
  });
  after(async () => {
    sub?.dispose();
    await closeAll();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => closeAll());

  const hostSaid = <T extends HostToInsights['type']>(file: string, type: T) =>
    traffic
      .filter((t) => t.file === file && t.from === 'host' && t.message.type === type)
      .map((t) => t.message as Extract<HostToInsights, { type: T }>);
  const webviewSaid = (file: string, type: string) =>
    traffic.filter((t) => t.file === file && t.from === 'webview' && t.message.type === type);

  function chatCsv(name: string, rows: number): string {
    const file = join(dir, name);
    const lines = ['\uFEFFUser Email,Date,Assistant,Interactions'];
    for (let i = 0; i < rows; i++)
      lines.push(
        `user${i % 7}@bank.ch,2026-11-${String((i % 28) + 1).padStart(2, '0')},"Research, ${i % 3}",${1 + (i % 5)}`,
      );
    writeFileSync(file, lines.join('\r\n') + '\r\n');
    return file;
  }

  it('computes a report the webview asked for, then serves the unchanged file from the cache', async () => {
    const file = chatCsv('chat.csv', 500);
    await vscode.commands.executeCommand(CommandIds.showInsights, vscode.Uri.file(file));
    await waitFor(
      'the webview script ran and said ready',
      () => webviewSaid(file, 'ready').length > 0,
      30_000,
    );
    await waitFor('a report', () => hostSaid(file, 'report').length > 0, 30_000);
    const first = hostSaid(file, 'report')[0];
    assert.equal(first.cached, false);
    assert.equal(first.report.kind, 'chat');
    assert.equal(first.report.rows, 500);
    assert.equal(first.report.distinctUsers, 7);
    assert.equal(first.canCompare, true);
    assert.ok(first.report.cards.some((c) => c.id === 'chat-per-day' && c.table!.rows.length > 0));

    await closeAll();
    const before = hostSaid(file, 'report').length;
    await vscode.commands.executeCommand(CommandIds.showInsights, vscode.Uri.file(file));
    await waitFor(
      'a report of the new tab',
      () => hostSaid(file, 'report').length > before,
      30_000,
    );
    const again = hostSaid(file, 'report')[before];
    assert.equal(again.cached, true, 'served from the cache');
    assert.deepEqual(again.report, first.report);
    await waitFor('ready again (a new page)', () => webviewSaid(file, 'ready').length > 1, 30_000);
  });

  it('a changed file is computed again; a deleted one gets a problem line', async () => {
    const file = chatCsv('changing.csv', 50);
    await vscode.commands.executeCommand(CommandIds.showInsights, vscode.Uri.file(file));
    await waitFor('a report', () => hostSaid(file, 'report').length > 0, 30_000);
    chatCsv('changing.csv', 80);
    await vscode.commands.executeCommand(CommandIds.showInsights, vscode.Uri.file(file));
    await waitFor(
      'a fresh report of 80 rows',
      () => hostSaid(file, 'report').some((r) => r.report.rows === 80 && !r.cached),
      30_000,
    );
    rmSync(file);
    await vscode.commands.executeCommand(CommandIds.showInsights, vscode.Uri.file(file));
    await waitFor('a problem line', () => hostSaid(file, 'problem').length > 0, 30_000);
    assert.equal(hostSaid(file, 'problem')[0].kind, 'unreadable');
  });

  it("on a finished order: downloads it, the order's type picks the recipe", async () => {
    const order = fx.server.addOrder(wireOrder({ type: 'ACTIVE_USER', csvBytes: 30_000 }));
    await fx.api.refreshAndWait();
    const file = await vscode.commands.executeCommand<string>(CommandIds.showInsights, order.id);
    assert.ok(file);
    await waitFor('a report', () => hostSaid(file, 'report').length > 0, 30_000);
    const { report } = hostSaid(file, 'report')[0];
    assert.equal(report.kind, 'activeUsers');
    assert.ok(report.cards.some((c) => c.id === 'active-dau-wau-mau'));
  });

  it('maskEmails masks every e-mail the tab shows, live when the setting changes; the cache keeps the report', async () => {
    const file = join(dir, 'people.csv');
    writeFileSync(
      file,
      'Who,Score\nanna.mueller@bank.ch,3\nanna.mueller@bank.ch,4\nben@bank.ch,5\n',
    );
    await setSetting(SettingKeys.maskEmails, true);
    try {
      await vscode.commands.executeCommand(CommandIds.showInsights, vscode.Uri.file(file));
      await waitFor('a report', () => hostSaid(file, 'report').length > 0, 30_000);
      const masked = JSON.stringify(hostSaid(file, 'report').at(-1)!.report);
      assert.ok(!masked.includes('anna.mueller@bank.ch'), 'no e-mail in the masked report');
      assert.ok(masked.includes('a***@bank.ch'), masked.slice(0, 400));
      await setSetting(SettingKeys.maskEmails, false);
      // The page may also get the masked report again when it says ready: wait for the unmasked one.
      await waitFor(
        'the report again, unmasked',
        () =>
          JSON.stringify(hostSaid(file, 'report').at(-1)?.report ?? '').includes(
            'anna.mueller@bank.ch',
          ),
        30_000,
      );
      assert.equal(hostSaid(file, 'report').at(-1)!.cached, true, 'redrawn from the cache');
    } finally {
      await setSetting(SettingKeys.maskEmails, undefined);
    }
  });

  it('columns that do not fit the order type: a card names the missing ones, the profile follows', async () => {
    const file = join(dir, 'renamed.csv');
    writeFileSync(file, 'Email,When,Assistant,Interactions\na@x,someday,A,1\n');
    await vscode.commands.executeCommand(CommandIds.showInsights, vscode.Uri.file(file));
    await waitFor('a report', () => hostSaid(file, 'report').length > 0, 30_000);
    const { report } = hostSaid(file, 'report')[0];
    assert.equal(report.kind, 'profile');
    assert.ok(report.cards.some((c) => c.id.startsWith('profile-')));
  });
});
