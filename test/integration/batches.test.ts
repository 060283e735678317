// Long ranges in real VS Code against the fake server over real HTTP: a range longer than one order allows
// becomes a batch row with its parts as children, the parts are placed 10 s apart, a part that ends in ERROR
// is retried without placing the others again, and once every part is done the parts are downloaded and
// merged into one CSV (one BOM, one header, every part's rows) that opens in an editor tab. On the Public API
// surface the same: every part goes to the Public API and carries the batch's assistant.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { CommandIds, SettingKeys } from '../../src/core/ids';
import { adjacentRange } from '../../src/core/ranges/planner';
import { setSetting, waitFor } from './support/extension';
import { startFakeServer, type FakeServer } from '../fakeServer/server';
import { useFakeServer } from './support/fixtures';

function daysAgo(n: number): string {
  return new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
}

describe('batches: a long range as one export', function () {
  this.timeout(180_000);
  // The third order placed ends in ERROR; quick orders so the test waits on the 10 s pace, not on them.
  const fx = useFakeServer({
    seed: 'empty',
    connect: true,
    pendingMs: 300,
    runningMs: 700,
    failEvery: 3,
  });

  it('places 3 parts 10 s apart, retries the failed one only, merges them into one CSV tab', async () => {
    await setSetting(SettingKeys.openAfterDownload, true);
    const range = { start: daysAgo(31), end: daysAgo(2) }; // 30 days of detailed interactions = 14 + 14 + 2
    const batchId = await vscode.commands.executeCommand<string>(CommandIds.startExport, {
      type: 'CHAT_INTERACTION_DETAILED',
      range,
      split: true,
    });
    assert.match(String(batchId), /^batch-/);
    const items = await fx.api.treeItems();
    const row = items.find((i) => i.id === `batch:${batchId}`);
    assert.ok(row, 'the batch row is in the list');
    assert.equal(row.label, 'Detailed user interactions');
    assert.match(String(row.description), /0 of 3 done/);
    assert.match(String(row.contextValue), /^batch\b.*\bcanDelete\b/);
    assert.equal(
      row.collapsibleState,
      vscode.TreeItemCollapsibleState.Expanded,
      'open while it runs',
    );

    const batch = () => fx.api.batches().find((b) => b.id === batchId)!;
    await waitFor('a part failed', () => batch().parts.some((p) => p.state === 'failed'), 90_000);
    const starts = fx.server.requests.filter((r) => r.route === 'start');
    assert.equal(starts.length, 3, 'three start requests');
    const times = starts.map((r) => r.time);
    for (let i = 1; i < times.length; i++)
      assert.ok(times[i] - times[i - 1] >= 9_900, `placed ${times[i] - times[i - 1]} ms apart`);
    await waitFor('the failure announced once, with Retry Failed Parts', () =>
      fx.api
        .messages()
        .some(
          (m) =>
            /^A part of the detailed user interactions export for .* failed/.test(m.text) &&
            m.actions.includes('Retry Failed Parts'),
        ),
    );
    const failedRow = (await fx.api.treeItems()).find((i) => i.id === `batch:${batchId}`);
    assert.match(String(failedRow?.contextValue), /\bcanRetryParts\b/);
    const children = await fx.api.batchChildren(batchId);
    assert.equal(children.length, 3, 'one child row per part');
    assert.ok(
      (await fx.api.treeItems()).every(
        (i) => !batch().parts.some((p) => i.id === `order:${p.orderId}`),
      ),
      'parts are not listed on their own',
    );

    const kept = batch()
      .parts.filter((p) => p.state !== 'failed')
      .map((p) => p.orderId);
    await vscode.commands.executeCommand(CommandIds.retryFailedParts, { batchId });
    await waitFor('merged', () => batch().merged !== undefined, 90_000);
    assert.equal(
      fx.server.requests.filter((r) => r.route === 'start').length,
      4,
      'only the failed part placed again',
    );
    assert.deepEqual(
      batch()
        .parts.filter((p) => kept.includes(p.orderId))
        .map((p) => p.orderId),
      kept,
      'the parts that succeeded kept their orders',
    );

    const merged = batch().merged!;
    const text = readFileSync(merged.path, 'utf8');
    assert.ok(text.startsWith('\uFEFF'), 'one byte-order mark, at the start');
    assert.equal(text.indexOf('\uFEFF', 1), -1, 'no second byte-order mark');
    const header = text.slice(1, text.indexOf('\n'));
    assert.equal(text.split(header).length - 1, 1, 'one header');
    // Each part's CSV is 4096 bytes with the same prefix (BOM + header): merged = 3 parts − 2 prefixes.
    const prefix = Buffer.byteLength(`\uFEFF${header}\n`);
    assert.equal(merged.bytes, 3 * 4096 - 2 * prefix);
    // Rows of every part's window are in it (the fake writes each row's day from its order's window).
    for (const part of batch().parts)
      assert.ok(
        text.includes(part.window.start),
        `rows of ${part.window.start}..${part.window.end}`,
      );

    // Open: the merged CSV in a csv editor tab.
    const opened = await vscode.commands.executeCommand<string>(CommandIds.openCsv, { batchId });
    assert.equal(opened, merged.path);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, merged.path);
    const doneRow = (await fx.api.treeItems()).find((i) => i.id === `batch:${batchId}`);
    assert.equal(
      doneRow?.collapsibleState,
      vscode.TreeItemCollapsibleState.Collapsed,
      'closed once merged',
    );
    const labels = (await fx.api.batchChildren(batchId)).map((i) => i.label);
    assert.deepEqual(labels, ['Part 1 of 3', 'Part 2 of 3', 'Part 3 of 3']);
    assert.match(String(doneRow?.contextValue), /\bcanOpen\b.*\bcanSave\b/);
    assert.match(String(doneRow?.description), /^Merged into one CSV · /);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    // Repeat for the previous period: the same kind for the 30 days before, again as a batch.
    const again = await vscode.commands.executeCommand<string>(CommandIds.repeatPreviousPeriod, {
      kind: 'batch',
      batchId,
    });
    const previous = fx.api.batches().find((b) => b.id === again);
    assert.ok(previous, 'a new batch');
    // The 30 days before (a whole calendar month, on the days the range happens to be one, stays a month).
    assert.deepEqual(previous.range, adjacentRange(range, 'previous'));
    assert.equal(previous.type, 'CHAT_INTERACTION_DETAILED');
    assert.equal(previous.parts.length, 3);
  });
});

describe('batches: faults while placing and merging', function () {
  this.timeout(180_000);
  const fx = useFakeServer({ seed: 'empty', connect: true, pendingMs: 300, runningMs: 700 });

  it('429 and 400 while placing, a download reset while merging: nothing lost, no part placed twice', async () => {
    await setSetting(SettingKeys.openAfterDownload, false);
    // The first start is throttled, the second refused; the first CSV download breaks off after 1,000 bytes.
    fx.server.addFault({
      on: 'start',
      times: 1,
      fault: { kind: 'rateLimit', retryAfterSeconds: 2 },
    });
    fx.server.addFault({ on: 'start', times: 1, fault: { kind: 'status', status: 400 } });
    fx.server.addFault({ on: 'download', times: 1, fault: { kind: 'reset', afterBytes: 1000 } });
    const batchId = await vscode.commands.executeCommand<string>(CommandIds.startExport, {
      type: 'CHAT_INTERACTION_DETAILED',
      range: { start: daysAgo(31), end: daysAgo(2) },
      split: true,
    });
    const batch = () => fx.api.batches().find((b) => b.id === batchId)!;
    await waitFor(
      'parts 2 and 3 done, part 1 refused',
      () =>
        batch().parts[0].state === 'failed' &&
        batch()
          .parts.slice(1)
          .every((p) => p.state === 'done'),
      90_000,
    );
    assert.match(batch().parts[0].problem ?? '', /400/);
    await vscode.commands.executeCommand(CommandIds.retryFailedParts, { batchId });
    await waitFor('the merge broke off', () => batch().problem !== undefined, 90_000);
    assert.equal(batch().merged, undefined, 'nothing merged from a broken part');
    const row = (await fx.api.treeItems()).find((i) => i.id === `batch:${batchId}`);
    assert.match(String(row?.contextValue), /\bcanRetryParts\b/, 'Retry is offered');
    await vscode.commands.executeCommand(CommandIds.retryFailedParts, { batchId });
    await waitFor('merged', () => batch().merged !== undefined, 60_000);

    const detailed = fx.server.orders().filter((o) => o.type === 'CHAT_INTERACTION_DETAILED');
    assert.equal(detailed.length, 3, 'three orders on the server: none placed twice');
    assert.deepEqual(
      new Set(batch().parts.map((p) => p.orderId)),
      new Set(detailed.map((o) => o.id)),
    );
    const text = readFileSync(batch().merged!.path, 'utf8');
    const header = text.slice(1, text.indexOf('\n'));
    assert.equal(batch().merged!.bytes, 3 * 4096 - 2 * Buffer.byteLength(`\uFEFF${header}\n`));
  });
});

describe('batches: on the Public API', function () {
  this.timeout(120_000);
  const fx = useFakeServer({ seed: 'empty' });
  let pub: FakeServer;
  before(async () => {
    pub = await startFakeServer({ seed: 'empty', pendingMs: 300, runningMs: 700 });
  });
  after(async () => pub?.stop());

  it('a long range for one assistant: two parts on the Public API, each with the assistant, one CSV', async () => {
    await setSetting(SettingKeys.openAfterDownload, false);
    await vscode.commands.executeCommand(CommandIds.addEnvironment, {
      environment: {
        name: 'public',
        surface: 'public',
        baseUrl: pub.publicUrl,
        auth: { kind: 'apiKey', ...pub.publicIdentity },
      },
      secret: pub.apiKey,
    });
    await waitFor('ready', () => fx.api.setupState() === 'ready');
    const range = { start: daysAgo(21), end: daysAgo(2) }; // 20 days of detailed interactions = 14 + 6
    const batchId = await vscode.commands.executeCommand<string>(CommandIds.startExport, {
      type: 'CHAT_INTERACTION_DETAILED',
      range,
      assistantId: 'space_42',
      split: true,
    });
    assert.match(String(batchId), /^batch-/);
    const batch = () => fx.api.batches().find((b) => b.id === batchId)!;
    assert.equal(batch().assistantId, 'space_42');
    assert.equal(batch().parts.length, 2);
    await waitFor('merged', () => batch().merged !== undefined, 90_000);

    const starts = pub.requests.filter((r) => r.route === 'start');
    assert.equal(starts.length, 2, 'two start requests');
    assert.ok(
      starts.every((r) => r.path === '/public/chat/analytics/orders'),
      starts.map((r) => r.path).join(),
    );
    const placed = pub.orders().filter((o) => o.type === 'CHAT_INTERACTION_DETAILED');
    assert.deepEqual(
      placed.map((o) => o.configuration.assistantId),
      ['space_42', 'space_42'],
      'every part for the one assistant',
    );
    assert.equal(
      fx.server.requests.filter((r) => r.route === 'start').length,
      0,
      'nothing placed on the other connection',
    );
    const text = readFileSync(batch().merged!.path, 'utf8');
    const header = text.slice(1, text.indexOf('\n'));
    assert.equal(text.split(header).length - 1, 1, 'one header');
    for (const part of batch().parts)
      assert.ok(
        text.includes(part.window.start),
        `rows of ${part.window.start}..${part.window.end}`,
      );
  });
});
