// Settings apply live, without a reload: page size (with "Load more"), poll interval (clamped to the
// API's 10 s floor), base URL (a bad one turns the view to its "badBaseUrl" welcome, a good one lists again).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, SettingKeys } from '../../src/core/ids';
import { setSetting, waitFor } from './support/extension';
import { useFakeServer } from './support/fixtures';

describe('settings apply live', function () {
  this.timeout(60_000);
  const fx = useFakeServer({ seed: 'empty', orders: (s) => s.seedMany(5, 'DONE'), connect: true });

  it('page size 2: two rows and "Load more"; Load more fetches the next two', async () => {
    assert.equal((await fx.api.treeItems()).length, 5, 'default page size lists all five');
    await setSetting(SettingKeys.pageSize, 2);
    await waitFor('pageSize 2', () => fx.api.settings().pageSize === 2);
    const outcome = await fx.api.refreshAndWait();
    assert.equal(outcome.ok, true);
    let items = await fx.api.treeItems();
    // A smaller first page proves nothing about older rows: they stay until proven gone.
    assert.equal(items.filter((i) => i.contextValue !== 'loadMore').length, 5);

    // Start over on a fresh list to see paging from the top.
    await setSetting(SettingKeys.baseUrl, `${fx.server.url}/`);
    await waitFor(
      'list reloaded with page size 2',
      async () => (await fx.api.treeItems()).length === 3,
      25_000,
    );
    items = await fx.api.treeItems();
    assert.equal(items[2].contextValue, 'loadMore');
    assert.equal(items[2].command?.command, CommandIds.loadMore);
    const added = await vscode.commands.executeCommand<number>(CommandIds.loadMore);
    assert.equal(added, 2);
    items = await fx.api.treeItems();
    assert.deepEqual(
      items.map((i) => i.contextValue === 'loadMore'),
      [false, false, false, false, true],
    );
    await vscode.commands.executeCommand(CommandIds.loadMore);
    items = await fx.api.treeItems();
    assert.equal(items.length, 5, 'all five, and no "Load more" after a short page');
    assert.ok(!items.some((i) => i.contextValue === 'loadMore'));
  });

  it('poll interval changes live and is never below 10 s', async () => {
    await setSetting(SettingKeys.pollIntervalSeconds, 3);
    await waitFor('interval clamped', () => fx.api.settings().pollIntervalMs === 10_000);
    await setSetting(SettingKeys.pollIntervalSeconds, 45);
    await waitFor('interval 45 s', () => fx.api.settings().pollIntervalMs === 45_000);
    await setSetting(SettingKeys.pollIntervalSeconds, undefined);
  });

  it('a bad base URL turns the view to "badBaseUrl" at once; a good one lists again', async () => {
    await setSetting(SettingKeys.baseUrl, 'gateway.example.unique.app/chat');
    await waitFor('badBaseUrl', () => fx.api.setupState() === 'badBaseUrl');
    assert.deepEqual(await fx.api.treeItems(), []);
    await setSetting(SettingKeys.baseUrl, fx.server.url);
    await waitFor(
      'ready and listed again',
      async () => fx.api.setupState() === 'ready' && (await fx.api.treeItems()).length > 0,
      25_000,
    );
  });
});
