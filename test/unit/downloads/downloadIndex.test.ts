// DownloadIndex over real temp files: an entry counts only while its file exists with the recorded size.
import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DOWNLOAD_INDEX_KEY,
  DownloadIndex,
  statFile,
  type KeyValueStore,
  type StatFn,
} from '../../../src/core/downloads/downloadIndex';

/** Behaves like a vscode.Memento: `get` sees an `update` at once, persistence happens later. */
class MemoryMemento implements KeyValueStore {
  readonly data = new Map<string, unknown>();
  updates = 0;
  get<T>(key: string): T | undefined {
    const v = this.data.get(key);
    return v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as T);
  }
  update(key: string, value: unknown): Promise<void> {
    this.updates++;
    this.data.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

describe('DownloadIndex', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ua-idx-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function csv(name: string, content: string): { path: string; bytes: number } {
    const path = join(dir, name);
    writeFileSync(path, content);
    return { path, bytes: Buffer.byteLength(content) };
  }

  it('records and finds a complete file; a new index over the same store sees it', async () => {
    const store = new MemoryMemento();
    const f = csv('a.csv', 'a,b\n1,2\n');
    await new DownloadIndex(store).record('o1', { ...f, savedAt: 1000 });
    const index = new DownloadIndex(store);
    assert.deepEqual(await index.lookup('o1'), { ...f, savedAt: 1000 });
    assert.equal(await index.isSafelyOnDisk('o1'), true);
    assert.equal(await index.isSafelyOnDisk('other'), false);
  });

  it('keeps the formula-cell count of an entry, and drops a malformed one', async () => {
    const store = new MemoryMemento();
    const f = csv('a.csv', 'a,b\n=1,2\n');
    await new DownloadIndex(store).record('o1', {
      ...f,
      savedAt: 1,
      formulaCells: { cells: 1, firstRecord: 2 },
    });
    assert.deepEqual((await new DownloadIndex(store).lookup('o1'))?.formulaCells, {
      cells: 1,
      firstRecord: 2,
    });
    store.data.set(DOWNLOAD_INDEX_KEY, {
      o1: { ...f, savedAt: 1, formulaCells: { cells: 'many' } },
    });
    assert.deepEqual(await new DownloadIndex(store).lookup('o1'), { ...f, savedAt: 1 });
  });

  it('forgets an entry whose file is gone', async () => {
    const store = new MemoryMemento();
    const index = new DownloadIndex(store);
    const f = csv('a.csv', 'x\n');
    await index.record('o1', { ...f, savedAt: 1 });
    unlinkSync(f.path);
    assert.equal(await index.lookup('o1'), undefined);
    assert.deepEqual(store.get(DOWNLOAD_INDEX_KEY), {});
  });

  it('forgets an entry whose file has another size (truncated or appended to)', async () => {
    const index = new DownloadIndex(new MemoryMemento());
    const f = csv('a.csv', 'x\n');
    await index.record('o1', { ...f, savedAt: 1 });
    appendFileSync(f.path, 'more\n');
    assert.equal(await index.isSafelyOnDisk('o1'), false);
    // Even if the size comes back, the entry was dropped: it is not trusted again.
    writeFileSync(f.path, 'x\n');
    assert.equal(await index.isSafelyOnDisk('o1'), false);
  });

  it('a directory at the path is not a file', async () => {
    const index = new DownloadIndex(new MemoryMemento());
    const path = join(dir, 'folder.csv');
    mkdirSync(path);
    await index.record('o1', { path, bytes: 0, savedAt: 1 });
    assert.equal(await index.isSafelyOnDisk('o1'), false);
    assert.equal(await statFile(join(dir, 'missing', 'x.csv')), undefined);
  });

  it('when the file cannot be checked: not on disk, but the entry is kept', async () => {
    const store = new MemoryMemento();
    let fail = true;
    const flaky: StatFn = (p) =>
      fail ? Promise.reject(Object.assign(new Error('denied'), { code: 'EACCES' })) : statFile(p);
    const index = new DownloadIndex(store, flaky);
    const f = csv('a.csv', 'x\n');
    await index.record('o1', { ...f, savedAt: 1 });
    assert.equal(await index.lookup('o1'), undefined);
    fail = false;
    assert.deepEqual(await index.lookup('o1'), { ...f, savedAt: 1 });
  });

  it('a record made while an old entry is being checked is not forgotten', async () => {
    const store = new MemoryMemento();
    const fresh = csv('new.csv', 'new content\n');
    const racing: StatFn = async (p) => {
      if (p.endsWith('old.csv')) await index.record('o1', { ...fresh, savedAt: 2 });
      return statFile(p);
    };
    const index = new DownloadIndex(store, racing);
    await index.record('o1', { path: join(dir, 'old.csv'), bytes: 5, savedAt: 1 });
    assert.equal(await index.lookup('o1'), undefined, 'the old file does not exist');
    assert.deepEqual(await index.lookup('o1'), { ...fresh, savedAt: 2 });
  });

  it('all() lists only verified entries and drops the rest', async () => {
    const store = new MemoryMemento();
    const index = new DownloadIndex(store);
    const a = csv('a.csv', 'a\n');
    const b = csv('b.csv', 'bb\n');
    await index.record('a', { ...a, savedAt: 1 });
    await index.record('b', { ...b, savedAt: 2 });
    await index.record('gone', { path: join(dir, 'gone.csv'), bytes: 1, savedAt: 3 });
    const all = await index.all();
    assert.deepEqual(all.map((e) => e.orderId).sort(), ['a', 'b']);
    assert.deepEqual(Object.keys(store.get<Record<string, unknown>>(DOWNLOAD_INDEX_KEY)!).sort(), [
      'a',
      'b',
    ]);
  });

  it('forget() removes one entry and writes nothing when there is none', async () => {
    const store = new MemoryMemento();
    const index = new DownloadIndex(store);
    const a = csv('a.csv', 'a\n');
    await index.record('a', { ...a, savedAt: 1 });
    const before = store.updates;
    await index.forget('nope');
    assert.equal(store.updates, before);
    await index.forget('a');
    assert.equal(await index.isSafelyOnDisk('a'), false);
  });

  it('ignores malformed stored data', async () => {
    const store = new MemoryMemento();
    const a = csv('a.csv', 'a\n');
    store.data.set(DOWNLOAD_INDEX_KEY, {
      ok: { ...a, savedAt: 1 },
      noPath: { bytes: 2, savedAt: 1 },
      badBytes: { path: a.path, bytes: '2', savedAt: 1 },
      negative: { path: a.path, bytes: -1, savedAt: 1 },
      junk: 42,
    });
    const index = new DownloadIndex(store);
    assert.deepEqual(
      (await index.all()).map((e) => e.orderId),
      ['ok'],
    );
    store.data.set(DOWNLOAD_INDEX_KEY, ['not', 'a', 'map']);
    assert.deepEqual(await index.all(), []);
  });

  it('ids such as __proto__ and toString are ordinary keys', async () => {
    const store = new MemoryMemento();
    const index = new DownloadIndex(store);
    assert.equal(await index.isSafelyOnDisk('toString'), false);
    const a = csv('a.csv', 'a\n');
    await index.record('__proto__', { ...a, savedAt: 1 });
    assert.equal(await index.isSafelyOnDisk('__proto__'), true);
    assert.deepEqual(
      (await index.all()).map((e) => e.orderId),
      ['__proto__'],
    );
  });
});
