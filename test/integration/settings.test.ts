// Settings apply live, without a reload: page size (with "Load more"), poll interval (clamped to the
// API's 10 s floor), base URL (a bad one turns the view to its "badBaseUrl" welcome, a good one lists again).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, SettingKeys } from '../../src/core/ids';
import type { UniqueAnalyticsTestApi } from '../../src/extension';
import { startFakeServer, type FakeServer } from '../fakeServer/server';
import { activateExtension, connect, resetExtension, setSetting, waitFor } from './support/extension';

describe('settings apply live', function () {
  this.timeout(60_000);
  let api: UniqueAnalyticsTestApi;
  let server: FakeServer;

  before(async () => {
    api = await activateExtension();
    await resetExtension(api);
    server = await startFakeServer({ seed: 'empty' });
    server.seedMany(5, 'DONE');
    await connect(api, server);
  });

  after(async () => {
    await resetExtension(api);
    await server.stop();
  });

  it('page size 2: two rows and "Load more"; Load more fetches the next two', async () => {
    assert.equal((await api.treeItems()).length, 5, 'default page size lists all five');
    await setSetting(SettingKeys.pageSize, 2);
    await waitFor('pageSize 2', () => api.settings().pageSize === 2);
    const outcome = await api.refreshAndWait();
    assert.equal(outcome.ok, true);
    let items = await api.treeItems();
    // A smaller first page proves nothing about older rows: they stay until proven gone.
    assert.equal(items.filter((i) => i.contextValue !== 'loadMore').length, 5);

    // Start over on a fresh list to see paging from the top.
    await setSetting(SettingKeys.baseUrl, `${server.url}/`);
    await waitFor('list reloaded with page size 2', async () => (await api.treeItems()).length === 3, 25_000);
    items = await api.treeItems();
    assert.equal(items[2].contextValue, 'loadMore');
    assert.equal(items[2].command?.command, CommandIds.loadMore);
    const added = await vscode.commands.executeCommand<number>(CommandIds.loadMore);
    assert.equal(added, 2);
    items = await api.treeItems();
    assert.deepEqual(
      items.map((i) => i.contextValue === 'loadMore'),
      [false, false, false, false, true],
    );
    await vscode.commands.executeCommand(CommandIds.loadMore);
    items = await api.treeItems();
    assert.equal(items.length, 5, 'all five, and no "Load more" after a short page');
    assert.ok(!items.some((i) => i.contextValue === 'loadMore'));
  });

  it('poll interval changes live and is never below 10 s', async () => {
    await setSetting(SettingKeys.pollIntervalSeconds, 3);
    await waitFor('interval clamped', () => api.settings().pollIntervalMs === 10_000);
    await setSetting(SettingKeys.pollIntervalSeconds, 45);
    await waitFor('interval 45 s', () => api.settings().pollIntervalMs === 45_000);
    await setSetting(SettingKeys.pollIntervalSeconds, undefined);
  });

  it('a bad base URL turns the view to "badBaseUrl" at once; a good one lists again', async () => {
    await setSetting(SettingKeys.baseUrl, 'gateway.example.unique.app/chat');
    await waitFor('badBaseUrl', () => api.setupState() === 'badBaseUrl');
    assert.deepEqual(await api.treeItems(), []);
    await setSetting(SettingKeys.baseUrl, server.url);
    await waitFor(
      'ready and listed again',
      async () => api.setupState() === 'ready' && (await api.treeItems()).length > 0,
      25_000,
    );
  });
});
