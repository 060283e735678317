// The Orders view against the fake server's demo data over real HTTP: rows newest first with readable
// labels, state icons, capability contextValues and stable ids; refresh adds a row without disturbing
// the others; a started export shows at once; opening a CSV from a row lands in a `csv` editor tab.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { CommandIds, SettingKeys } from '../../src/core/ids';
import { rowLabels, setSetting, waitFor } from './support/extension';
import { useFakeServer, wireOrder, yesterdayRange } from './support/fixtures';

function iconId(item: vscode.TreeItem): string | undefined {
  return item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined;
}

describe('tree: the Orders view', function () {
  this.timeout(60_000);
  const fx = useFakeServer({ seed: 'demo', connect: true });

  it('shows every seeded order, newest first, with its id as the row id', async () => {
    const expected = fx.server
      .orders()
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
      .map((o) => `order:${o.id}`);
    const items = await fx.api.treeItems();
    assert.deepEqual(
      items.map((i) => i.id),
      expected,
    );
  });

  it('labels rows by export kind, with a state icon and capability contextValues', async () => {
    const items = await fx.api.treeItems();
    const byState = (state: string) => {
      const wire = fx.server.orders().find((o) => o.state === state);
      assert.ok(wire, `demo has a ${state} order`);
      const item = items.find((i) => i.id === `order:${wire.id}`);
      assert.ok(item, `row for ${state}`);
      return { wire, item };
    };
    const done = byState('DONE');
    assert.equal(iconId(done.item), 'pass');
    assert.match(done.item.contextValue ?? '', /^order\b.*\bcanOpen\b.*\bcanSave\b.*\bcanDelete\b/);
    assert.equal(
      done.item.command?.command,
      CommandIds.openCsv,
      'DONE rows open on their default action',
    );
    assert.ok(
      done.item.tooltip instanceof vscode.MarkdownString &&
        done.item.tooltip.value.includes(done.wire.id),
      'tooltip names the id',
    );

    const pending = byState('PENDING');
    assert.equal(iconId(pending.item), 'clock');
    assert.match(pending.item.contextValue ?? '', /\bunfinished\b/);
    assert.doesNotMatch(pending.item.contextValue ?? '', /\bcanOpen\b/);
    assert.equal(pending.item.command, undefined);

    assert.equal(iconId(byState('RUNNING').item), 'sync~spin');
    const failed = byState('ERROR');
    assert.equal(iconId(failed.item), 'error');
    assert.match(failed.item.contextValue ?? '', /\bcanRetry\b/);

    const unknown = byState('ARCHIVING');
    assert.equal(iconId(unknown.item), 'question', 'an unknown state is shown, not dropped');
    assert.ok(
      (await rowLabels(fx.api)).includes('FUTURE_EXPORT'),
      'an unknown type is shown as sent',
    );
    assert.ok((await rowLabels(fx.api)).includes('Chat interactions'));
  });

  it('Refresh adds a new order on top; the other rows keep their ids', async () => {
    const before = (await fx.api.treeItems()).map((i) => i.id);
    const added = fx.server.addOrder(wireOrder({ type: 'REFERENCE_STAT' }));
    const outcome = await vscode.commands.executeCommand<{ ok: boolean }>(CommandIds.refresh);
    assert.equal(outcome?.ok, true);
    const after = (await fx.api.treeItems()).map((i) => i.id);
    assert.deepEqual(after, [`order:${added.id}`, ...before]);
  });

  it('Start Export with a kind and range shows the new order at once as queued', async () => {
    const id = await vscode.commands.executeCommand<string>(CommandIds.startExport, {
      type: 'ACTIVE_USER',
      range: yesterdayRange(),
    });
    assert.ok(id && fx.server.order(id), 'the fake server received the order');
    const first = (await fx.api.treeItems())[0];
    assert.equal(first.id, `order:${id}`, 'the new order is the top row before any poll');
    assert.equal(first.label, 'Active users');
    assert.equal(iconId(first), 'clock');
  });

  it('Repeat for the previous period on a DONE row orders the same kind for the adjacent window', async () => {
    const done = fx.server.addOrder(wireOrder({ type: 'REFERENCE_STAT' })); // 3 May – 2 June 2024
    await vscode.commands.executeCommand(CommandIds.refresh);
    const node = fx.api.treeNodes().find((n) => n.kind === 'order' && n.id === done.id);
    assert.ok(node);
    const item = (await fx.api.treeItems()).find((i) => i.id === `order:${done.id}`);
    assert.match(String(item?.contextValue), /\bcanRepeat\b/);
    const id = await vscode.commands.executeCommand<string>(CommandIds.repeatPreviousPeriod, node);
    const placed = id ? fx.server.order(id) : undefined;
    assert.ok(placed, 'the fake server received the order');
    assert.equal(placed.type, 'REFERENCE_STAT');
    // 2 April – 2 May 2024 in Zurich days (the 31 days before).
    assert.equal(placed.configuration?.startDate, '2024-04-01T22:00:00.000Z');
    assert.equal(placed.configuration?.endDate, '2024-05-02T21:59:59.999Z');
  });

  it('Open CSV on a DONE row downloads once and opens the file in a csv editor', async () => {
    const wire = fx.server
      .orders()
      .find((o) => o.state === 'DONE' && o.type === 'CHAT_INTERACTION');
    assert.ok(wire);
    const node = fx.api.treeNodes().find((n) => n.kind === 'order' && n.id === wire.id);
    const path = await vscode.commands.executeCommand<string>(CommandIds.openCsv, node);
    assert.ok(path && existsSync(path), 'the CSV is on disk');
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, path);
    assert.equal(editor?.document.languageId, 'csv');
    const downloads = fx.server.requests.filter((r) => r.route === 'download').length;

    const again = await vscode.commands.executeCommand<string>(CommandIds.openCsv, wire.id);
    assert.equal(again, path);
    assert.equal(
      fx.server.requests.filter((r) => r.route === 'download').length,
      downloads,
      'opening again reuses the file',
    );
    const row = (await fx.api.treeItems()).find((i) => i.id === `order:${wire.id}`);
    assert.match(row?.contextValue ?? '', /\bdownloaded\b/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('with deleteAfterDownload, the order is deleted once its CSV is complete and leaves the list', async () => {
    await setSetting(SettingKeys.openAfterDownload, false);
    await setSetting(SettingKeys.deleteAfterDownload, true);
    await waitFor(
      'settings applied',
      () => fx.api.settings().deleteAfterDownload && !fx.api.settings().openAfterDownload,
    );
    const wire = fx.server.orders().find((o) => o.state === 'DONE' && o.type === 'ACTIVE_USER');
    assert.ok(wire);
    const path = await vscode.commands.executeCommand<string>(CommandIds.openCsv, wire.id);
    assert.ok(path && existsSync(path));
    assert.equal(fx.server.order(wire.id), undefined, 'deleted on the server');
    assert.ok(!fx.api.orders().some((o) => o.id === wire.id), 'gone from the list');
    await setSetting(SettingKeys.openAfterDownload, undefined);
    await setSetting(SettingKeys.deleteAfterDownload, undefined);
  });

  it('Copy Order ID copies the clicked row, or every selected row', async () => {
    // The web workbench's clipboard needs the browser's clipboard permissions (the harness grants them).
    const within = <T>(p: Thenable<T>, what: string): Promise<T> =>
      Promise.race([
        Promise.resolve(p),
        new Promise<T>((_, reject) =>
          setTimeout(
            () => reject(new Error(`${what} did not settle: no clipboard access?`)),
            10_000,
          ),
        ),
      ]);
    const nodes = fx.api.treeNodes().filter((n) => n.kind === 'order');
    const one = await within(
      vscode.commands.executeCommand<string>(CommandIds.copyOrderId, nodes[0]),
      'copy',
    );
    assert.equal(one, nodes[0].kind === 'order' ? nodes[0].id : '');
    assert.equal(await within(vscode.env.clipboard.readText(), 'clipboard read'), one);
    const two = await within(
      vscode.commands.executeCommand<string>(CommandIds.copyOrderId, nodes[1], [
        nodes[0],
        nodes[1],
      ]),
      'copy',
    );
    assert.equal(two?.split('\n').length, 2);
    assert.equal(await within(vscode.env.clipboard.readText(), 'clipboard read'), two);
  });
});
