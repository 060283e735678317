// The CSV table (custom editor uniqueAnalytics.csvViewer) in a real VS Code: it opens by viewType, its webview
// script runs under the strict CSP and gets the first page with the view, asks for further pages, the host
// answers with the file's rows; the setting
// `openDownloadsIn` routes a downloaded export to the table or, as before, to the text editor; "Open as
// Table" on an order; a file changed on disk re-initialises the table; bad files get a problem line.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CommandIds, SettingKeys, ViewIds } from '../../src/core/ids';
import type { HostToWebview, WebviewToHost } from '../../src/shared/tableMessages';
import type { TableTraffic } from '../../src/vscode/viewer/tableSession';
import { setSetting, waitFor } from './support/extension';
import { useFakeServer, wireOrder } from './support/fixtures';

const closeAll = (): Thenable<unknown> =>
  vscode.commands.executeCommand('workbench.action.closeAllEditors');

function activeViewType(): string | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom ? input.viewType : undefined;
}

describe('table: the CSV table editor (real VS Code)', function () {
  this.timeout(90_000);
  const fx = useFakeServer({ seed: 'empty', connect: true });
  let dir: string;
  const traffic: TableTraffic[] = [];
  let sub: vscode.Disposable | undefined;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ua-table-'));
    sub = fx.api.onDidTableMessage((t) => traffic.push(t));
  });
  after(async () => {
    sub?.dispose();
    await closeAll();
    await setSetting(SettingKeys.openDownloadsIn, undefined);
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => closeAll());

  /** Host messages to the table of `uri` of the given type, in order. */
  const hostSaid = <T extends HostToWebview['type']>(uri: vscode.Uri, type: T) =>
    traffic
      .filter((t) => t.uri === uri.toString() && t.from === 'host' && t.message.type === type)
      .map((t) => t.message as Extract<HostToWebview, { type: T }>);

  /** Pages of rows the host sent to the table of `uri`: a new view's first page and answers to getRows. */
  const pages = (uri: vscode.Uri) =>
    traffic.flatMap((t) => {
      if (t.uri !== uri.toString() || t.from !== 'host') return [];
      const m = t.message;
      if (m.type === 'rows') return [m];
      return m.type === 'view' && m.first ? [m.first] : [];
    });

  const webviewAsked = (uri: vscode.Uri, type: string) =>
    traffic.filter(
      (t) => t.uri === uri.toString() && t.from === 'webview' && t.message.type === type,
    );

  it("opens with its viewType; the webview (strict CSP) gets the file's own rows with the first view", async () => {
    const file = join(dir, 'interactions.csv');
    const lines = ['\uFEFFEmail,Date,Assistant,Count'];
    for (let i = 0; i < 1_000; i++)
      lines.push(
        `user${i}@bank.ch,2026-11-${String((i % 28) + 1).padStart(2, '0')},"Assistant, ${i % 3}",${i}`,
      );
    writeFileSync(file, lines.join('\r\n') + '\r\n');
    const uri = vscode.Uri.file(file);
    await vscode.commands.executeCommand('vscode.openWith', uri, ViewIds.table);
    await waitFor('the table tab', () => activeViewType() === ViewIds.table);
    await waitFor(
      'the webview script ran and said ready',
      () => webviewAsked(uri, 'ready').length > 0,
      30_000,
    );
    await waitFor('init', () => hostSaid(uri, 'init').length > 0);
    const init = hostSaid(uri, 'init')[0];
    assert.deepEqual(
      init.columns.map((c) => c.name),
      ['Email', 'Date', 'Assistant', 'Count'],
    );
    assert.deepEqual(
      init.columns.map((c) => c.type),
      ['text', 'date', 'text', 'number'],
    );
    assert.equal(init.canReveal, true);
    await waitFor('a view', () => hostSaid(uri, 'view').length > 0, 30_000);
    // The first page comes with the view: the webview draws without asking first.
    const page = hostSaid(uri, 'view')[0].first;
    assert.ok(page, 'the first view carries its first page');
    // …and the page came with it in its HTML (the boot block): the webview drew it and said so when ready.
    const ready = webviewAsked(uri, 'ready')[0].message as Extract<
      WebviewToHost,
      { type: 'ready' }
    >;
    assert.equal(ready.booted, hostSaid(uri, 'view')[0].viewId);
    assert.equal(page.start, 0);
    assert.deepEqual(page.rows[0], ['user0@bank.ch', '2026-11-01', 'Assistant, 0', '0']);
    assert.deepEqual(page.fileRows.slice(0, 3), [0, 1, 2]);
    const views = hostSaid(uri, 'view');
    await waitFor('the whole file indexed', () =>
      hostSaid(uri, 'view').some((v) => v.rowCount === 1_000 && v.complete),
    );
    assert.ok(views.length > 0);
  });

  it('maskEmails shows the cells masked, and live when the setting changes; the file is not touched', async () => {
    const file = join(dir, 'masked.csv');
    writeFileSync(file, 'Email,Count\nanna.mueller@bank.ch,3\n');
    const uri = vscode.Uri.file(file);
    await setSetting(SettingKeys.maskEmails, true);
    try {
      await vscode.commands.executeCommand('vscode.openWith', uri, ViewIds.table);
      await waitFor('masked rows', () => pages(uri).length > 0, 30_000);
      assert.deepEqual(pages(uri)[0].rows[0], ['a***@bank.ch', '3']);
      const before = hostSaid(uri, 'rows').length;
      await setSetting(SettingKeys.maskEmails, false);
      // The redrawn view comes without rows: the webview asks for them, the host answers.
      await waitFor('rows again, unmasked', () => hostSaid(uri, 'rows').length > before, 30_000);
      assert.ok(webviewAsked(uri, 'getRows').length > 0);
      assert.deepEqual(hostSaid(uri, 'rows').at(-1)?.rows[0], ['anna.mueller@bank.ch', '3']);
      assert.equal(readFileSync(file, 'utf8'), 'Email,Count\nanna.mueller@bank.ch,3\n');
    } finally {
      await setSetting(SettingKeys.maskEmails, undefined);
    }
  });

  it('re-initialises when the file changes on disk, and says so when it is deleted', async () => {
    const file = join(dir, 'changing.csv');
    writeFileSync(file, 'a,b\n1,2\n');
    const uri = vscode.Uri.file(file);
    await vscode.commands.executeCommand('vscode.openWith', uri, ViewIds.table);
    await waitFor('first init', () => hostSaid(uri, 'init').length === 1, 30_000);
    writeFileSync(file, 'a,b,c\n1,2,3\n4,5,6\n');
    await waitFor(
      'second init with the new header',
      () => hostSaid(uri, 'init').some((i) => i.columns.length === 3),
      30_000,
    );
    rmSync(file);
    await waitFor(
      'a problem line for the deleted file',
      () => hostSaid(uri, 'problem').some((p) => p.kind === 'deleted'),
      30_000,
    );
  });

  it('bad files get a problem line: empty, header only, binary; UTF-16 is decoded', async () => {
    const cases: [string, Buffer, string][] = [
      ['empty.csv', Buffer.alloc(0), 'empty'],
      ['header.csv', Buffer.from('a,b,c\r\n'), 'headerOnly'],
      ['binary.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0xff, 0x00, 0x13]), 'binary'],
    ];
    for (const [name, bytes, kind] of cases) {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      const uri = vscode.Uri.file(file);
      await vscode.commands.executeCommand('vscode.openWith', uri, ViewIds.table);
      await waitFor(
        `${name}: problem ${kind}`,
        () => hostSaid(uri, 'problem').some((p) => p.kind === kind),
        30_000,
      );
      await closeAll();
    }
    const utf16 = join(dir, 'utf16.csv');
    writeFileSync(
      utf16,
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from('Name,Zähler\r\nZürich,1\r\n', 'utf16le'),
      ]),
    );
    const uri = vscode.Uri.file(utf16);
    await vscode.commands.executeCommand('vscode.openWith', uri, ViewIds.table);
    await waitFor('utf-16 init', () => hostSaid(uri, 'init').length > 0, 30_000);
    assert.equal(hostSaid(uri, 'init')[0].encoding, 'utf-16le');
    assert.deepEqual(
      hostSaid(uri, 'init')[0].columns.map((c) => c.name),
      ['Name', 'Zähler'],
    );
    await waitFor('utf-16 rows', () => pages(uri).length > 0, 30_000);
    assert.deepEqual(pages(uri)[0].rows[0], ['Zürich', '1']);
  });

  it('openDownloadsIn decides where a downloaded export opens: text as before, or the table', async () => {
    const textOrder = fx.server.addOrder(wireOrder({ csvBytes: 20_000 }));
    const tableOrder = fx.server.addOrder(wireOrder({ type: 'ACTIVE_USER', csvBytes: 20_000 }));
    await fx.api.refreshAndWait();
    await setSetting(SettingKeys.openDownloadsIn, 'text');
    await vscode.commands.executeCommand(CommandIds.openCsv, textOrder.id);
    await waitFor(
      'a csv text editor',
      () => vscode.window.activeTextEditor?.document.languageId === 'csv',
    );
    assert.equal(activeViewType(), undefined);
    await closeAll();
    await setSetting(SettingKeys.openDownloadsIn, 'table');
    const file = await vscode.commands.executeCommand<string>(CommandIds.openCsv, tableOrder.id);
    await waitFor('the table', () => activeViewType() === ViewIds.table);
    assert.ok(file);
    await closeAll();
    await setSetting(SettingKeys.openDownloadsIn, 'text');
    // "Open as Table" on an order opens the table whatever the setting says.
    await vscode.commands.executeCommand(CommandIds.openAsTable, textOrder.id);
    await waitFor('the table from Open as Table', () => activeViewType() === ViewIds.table);
  });
});
