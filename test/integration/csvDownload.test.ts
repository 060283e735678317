// The CSV flow in a real VS Code: download with progress (real HTTP to the fake server), reuse, cancel,
// refusal of unfinished orders, the editor tab with language csv, the large-file preview, Save As.
import * as assert from 'node:assert/strict';
import { open, readFile, readdir, stat, truncate, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LARGE_FILE_BYTES } from '../../src/core/downloads/csvFiles';
import {
  CSV_PREVIEW_SCHEME,
  deleteAfterDownload,
  downloadOrderCsv,
  openCsvFile,
  registerCsvPreviewProvider,
  saveCsvTo,
} from '../../src/vscode/flows/csvDownload';
import { closeAllEditors, startFlowsKit } from './flowsKit';
import type { FlowsKit } from './flowsKit';

describe('flows: CSV download and open (real VS Code)', function () {
  this.timeout(60_000);
  let kit: FlowsKit;
  let preview: vscode.Disposable;

  before(() => {
    preview = registerCsvPreviewProvider();
  });
  after(() => {
    preview.dispose();
  });
  beforeEach(async () => {
    kit = await startFlowsKit();
  });
  afterEach(async () => {
    await closeAllEditors();
    await kit.dispose();
  });

  it('downloads a DONE order into the folder, byte for byte, and records it', async () => {
    const order = kit.addOrder({ csvBytes: 200_000 });
    const got = await downloadOrderCsv(kit.deps, order);
    assert.ok(got, 'a file was downloaded');
    assert.equal(got.fromCache, false);
    assert.equal(path.dirname(got.path), kit.folder);
    assert.match(path.basename(got.path), /^chat-interactions_2024-05-03_2024-06-02_.+\.csv$/);
    const expected = await kit.serverCsv(order.id);
    assert.equal(got.bytes, expected.length);
    assert.ok((await readFile(got.path)).equals(expected), 'file on disk equals the server bytes');
    assert.deepEqual(
      (await readdir(kit.folder)).filter((f) => f.includes('.part-')),
      [],
    );
    assert.equal((await kit.index.lookup(order.id))?.path, got.path);
  });

  it('reuses a complete file, re-downloads when asked or when the file was damaged', async () => {
    const order = kit.addOrder();
    const first = await downloadOrderCsv(kit.deps, order);
    assert.ok(first);
    const again = await downloadOrderCsv(kit.deps, order);
    assert.deepEqual(again, { ...first, fromCache: true });
    assert.equal(kit.downloads(), 1, 'no second request for a cached file');
    const fresh = await downloadOrderCsv(kit.deps, order, { fresh: true });
    assert.equal(fresh?.fromCache, false);
    assert.equal(kit.downloads(), 2);
    await truncate(first.path, 10);
    const repaired = await downloadOrderCsv(kit.deps, order);
    assert.equal(repaired?.fromCache, false, 'a truncated file is not reused');
    assert.equal((await stat(first.path)).size, first.bytes);
  });

  it('cancelling leaves nothing on disk and records nothing', async () => {
    const order = kit.addOrder({ csvBytes: 500_000 });
    kit.server.addFault({ on: 'download', fault: { kind: 'delay', ms: 3000 } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    const got = await downloadOrderCsv(kit.deps, order, { signal: controller.signal });
    assert.equal(got, undefined);
    assert.ok(Date.now() - started < 2500, 'returned promptly after the cancel');
    assert.deepEqual(await readdir(kit.folder), []);
    assert.equal(await kit.index.isSafelyOnDisk(order.id), false);
  });

  it('refuses unfinished and failed orders without asking the server', async () => {
    for (const state of ['PENDING', 'RUNNING', 'ERROR', 'ARCHIVED']) {
      const order = kit.addOrder({ state });
      assert.equal(await downloadOrderCsv(kit.deps, order), undefined, state);
    }
    assert.equal(kit.downloads(), 0);
    assert.deepEqual(await readdir(kit.folder), []);
  });

  it('opens the real file in an editor tab with language csv', async () => {
    const order = kit.addOrder({ csvBytes: 50_000 });
    const got = await downloadOrderCsv(kit.deps, order);
    assert.ok(got);
    const editor = await openCsvFile(got.path, got.bytes);
    assert.equal(vscode.window.activeTextEditor?.document, editor.document);
    assert.equal(editor.document.uri.scheme, 'file');
    assert.equal(editor.document.uri.fsPath, got.path);
    assert.equal(editor.document.languageId, 'csv');
    assert.equal(editor.document.isDirty, false);
    const onDisk = (await readFile(got.path, 'utf8')).replace(/^\uFEFF/, '');
    assert.equal(editor.document.getText().replace(/^\uFEFF/, ''), onDisk);
  });

  it('opens a head preview, read-only and csv, for a file over the large-file limit', async () => {
    const order = kit.addOrder();
    kit.server.setCsvBytes(order.id, 60 * 1024 * 1024);
    const got = await downloadOrderCsv(kit.deps, order);
    assert.ok(got);
    assert.ok(got.bytes > LARGE_FILE_BYTES, `${got.bytes} bytes`);
    const started = Date.now();
    const editor = await openCsvFile(got.path, got.bytes);
    assert.ok(Date.now() - started < 5000, 'the preview opens quickly');
    const doc = editor.document;
    assert.equal(doc.uri.scheme, CSV_PREVIEW_SCHEME);
    assert.equal(doc.languageId, 'csv');
    assert.ok(doc.lineCount > 10 && doc.lineCount <= 1001, `${doc.lineCount} lines`);
    const head = Buffer.alloc(2 * 1024 * 1024);
    const file = await open(got.path, 'r');
    try {
      await file.read(head, 0, head.length, 0);
    } finally {
      await file.close();
    }
    const text = doc.getText();
    assert.ok(text.length > 100);
    assert.ok(
      head
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .startsWith(text),
      'the preview is the start of the file',
    );
  });

  it('opening a file that vanished says to download it again', async () => {
    const order = kit.addOrder();
    const got = await downloadOrderCsv(kit.deps, order);
    assert.ok(got);
    await unlink(got.path);
    await assert.rejects(
      openCsvFile(got.path, got.bytes),
      /no longer there\. Open the order again/,
    );
  });

  it('Save As copies a cached file, or downloads, always through a temporary name', async () => {
    const order = kit.addOrder({ csvBytes: 30_000 });
    const elsewhere = path.join(kit.folder, 'chosen', 'my export.csv');
    const direct = await saveCsvTo(kit.deps, order, elsewhere);
    assert.equal(direct?.fromCache, false);
    assert.ok((await readFile(elsewhere)).equals(await kit.serverCsv(order.id)));

    const other = kit.addOrder({ csvBytes: 40_000 });
    const cached = await downloadOrderCsv(kit.deps, other);
    assert.ok(cached);
    const before = kit.downloads();
    const target = path.join(kit.folder, 'copy.csv');
    const copied = await saveCsvTo(kit.deps, other, target);
    assert.deepEqual(copied, { path: target, bytes: cached.bytes, fromCache: true });
    assert.equal(kit.downloads(), before, 'copied, not downloaded again');
    assert.ok((await readFile(target)).equals(await readFile(cached.path)));
    const names = await readdir(kit.folder, { recursive: true });
    assert.deepEqual(
      names.filter((n) => String(n).includes('.part-')),
      [],
    );
  });

  it('deleteAfterDownload deletes only with the setting on and the file complete right now', async () => {
    const order = kit.addOrder();
    const got = await downloadOrderCsv(kit.deps, order);
    assert.ok(got);
    assert.equal(await deleteAfterDownload(kit.deps, order, got), false, 'setting off');
    assert.ok(kit.server.order(order.id));

    kit.settings.deleteAfterDownload = true;
    await truncate(got.path, 5);
    assert.equal(await deleteAfterDownload(kit.deps, order, got), false, 'file damaged');
    assert.ok(kit.server.order(order.id), 'still on the server');

    const again = await downloadOrderCsv(kit.deps, order);
    assert.ok(again);
    assert.equal(await deleteAfterDownload(kit.deps, order, again), true);
    assert.equal(kit.server.order(order.id), undefined, 'gone from the server');
    assert.equal((await stat(again.path)).size, again.bytes, 'the local file stays');
  });
});
