// The canary scan (test/harness/canaryScan.mjs) can fail: a canary planted in a fake run's files, in each obvious
// encoding, in Chromium's LevelDB files (also Snappy-packed) and beside the one allowed place (SecretStorage's
// localStorage entry, look-alikes included) is found at the right offset; only the real entry is excluded;
// the report never prints the token.
import * as assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { canaryNeedles, canaryVerdict, describeScan, newCanary, scanForCanary } from '../harness/canaryScan.mjs';
import { logRecords, snappyDecompress, tableBlocks } from '../harness/leveldb.mjs';
import { secretEntries, unsealSecrets } from '../harness/localStorageSecrets.mjs';

const WORKBENCH = 'http://127.0.0.1:4711';
const BLOCK = 32768;

function varintBytes(n: number): Buffer {
  const out: number[] = [];
  for (; n >= 0x80; n = Math.floor(n / 128)) out.push((n & 0x7f) | 0x80);
  out.push(n);
  return Buffer.from(out);
}

/** One LevelDB write batch of puts. */
function batch(puts: [Buffer, Buffer][]): Buffer {
  const head = Buffer.alloc(12);
  head.writeBigUInt64LE(1n);
  head.writeUInt32LE(puts.length, 8);
  return Buffer.concat([
    head,
    ...puts.flatMap(([k, v]) => [Buffer.from([1]), varintBytes(k.length), k, varintBytes(v.length), v]),
  ]);
}

/** A LevelDB .log file: records cut into 32 KiB blocks as LevelDB's writer does (checksums left zero). */
function logFile(records: Buffer[]): Buffer {
  const out: Buffer[] = [];
  let pos = 0;
  for (const record of records) {
    let left = record;
    let first = true;
    while (left.length > 0) {
      const room = BLOCK - (pos % BLOCK);
      if (room < 7) {
        out.push(Buffer.alloc(room));
        pos += room;
        continue;
      }
      const n = Math.min(left.length, room - 7);
      const last = n === left.length;
      const head = Buffer.alloc(7);
      head.writeUInt16LE(n, 4);
      head[6] = first && last ? 1 : first ? 2 : last ? 4 : 3;
      out.push(head, left.subarray(0, n));
      pos += 7 + n;
      left = left.subarray(n);
      first = false;
    }
  }
  return Buffer.concat(out);
}

/** Chromium's localStorage key and value encoding (Latin-1, prefix byte 1). */
const lsKey = (origin: string, key: string): Buffer =>
  Buffer.concat([Buffer.from(`_${origin}`, 'latin1'), Buffer.from([0, 1]), Buffer.from(key, 'latin1')]);
const lsValue = (v: string): Buffer => Buffer.concat([Buffer.from([1]), Buffer.from(v, 'latin1')]);

/** VS Code's LocalStorageSecretStorageProvider sealing, as code-server's workbench does it with WebCrypto. */
function seal(json: string, keyHalf: Buffer): string {
  const client = randomBytes(32);
  const iv = randomBytes(12);
  const key = Buffer.from(client.map((b, i) => b ^ keyHalf[i]));
  const c = createCipheriv('aes-256-gcm', key, iv);
  return Buffer.concat([client, iv, c.update(json, 'utf8'), c.final(), c.getAuthTag()]).toString('base64');
}

/**
 * A LevelDB table with one Snappy-packed data block holding `tail + token`, coded so that the token is never
 * contiguous in the file (half of it is a back-reference): only unpacking finds it.
 */
function packedTable(token: string): Buffer {
  const tail = Buffer.from(token.slice(20));
  const head = Buffer.from(token.slice(0, 20));
  const literal = (b: Buffer): Buffer => Buffer.concat([Buffer.from([(b.length - 1) << 2]), b]);
  const copy = Buffer.from([((tail.length - 1) << 2) | 2, tail.length + head.length, 0]); // 2-byte offset
  const block = Buffer.concat([varintBytes(tail.length + token.length), literal(tail), literal(head), copy]);
  const handle = Buffer.concat([varintBytes(0), varintBytes(block.length)]);
  const index = Buffer.concat([
    Buffer.from([0, 1, handle.length]),
    Buffer.from('k'),
    handle,
    Buffer.alloc(4),
    Buffer.from([1, 0, 0, 0]),
  ]);
  const indexOffset = block.length + 5;
  const footer = Buffer.alloc(48);
  Buffer.concat([varintBytes(0), varintBytes(0), varintBytes(indexOffset), varintBytes(index.length)]).copy(footer);
  footer.writeBigUInt64LE(0xdb4775248b80fb57n, 40);
  return Buffer.concat([block, Buffer.from([1, 0, 0, 0, 0]), index, Buffer.from([0, 0, 0, 0, 0]), footer]);
}

describe('canary scan (test/harness/canaryScan.mjs)', () => {
  let root: string;
  let token: string;
  const put = (rel: string, content: Buffer | string): string => {
    const f = join(root, rel);
    mkdirSync(dirname(f), { recursive: true });
    writeFileSync(f, content);
    return f;
  };
  const scan = (paths = [root], texts: { name: string; text: string }[] = []) =>
    scanForCanary({ token, paths, texts, workbenchOrigins: [WORKBENCH] });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ua-canary-test-'));
    token = newCanary();
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('makes a fresh, recognisable canary each time', () => {
    assert.match(token, /^canary-[0-9a-f]{32}$/);
    assert.notEqual(newCanary(), token);
  });

  it('knows the obvious encodings, base64 at every alignment inside a longer text', () => {
    const found = (text: string | Buffer): boolean => canaryNeedles(token).some((n) => Buffer.from(text).includes(n.bytes));
    assert.ok(found(`x${token}y`));
    assert.ok(found(Buffer.from(`"${token}"`, 'utf16le')));
    for (const pad of ['', 'a', 'ab', 'abc'])
      assert.ok(found(Buffer.from(`${pad}{"auth":"${token}"}`).toString('base64')), `base64 after "${pad}"`);
    assert.ok(found(`Authorization: Basic ${Buffer.from(`Bearer ${token}`).toString('base64')}`));
    assert.ok(found(Buffer.from(`??>${token}`).toString('base64url')));
    assert.ok(found(JSON.stringify(token).replace(/[^"]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`)));
    assert.ok(!found(`canary-${'0'.repeat(32)}`), 'another canary is not this one');
    assert.ok(!found(token.slice(0, -1)), 'a cut token is not a hit');
  });

  it('finds the canary planted in a fake user-data tree, with file and offset, and nothing in clean files', () => {
    put('data/User/settings.json', '{ "uniqueAnalytics.baseUrl": "http://127.0.0.1:1/chat" }');
    const log = put('data/logs/20260101T000000/exthost1/ext/Unique Analytics.log', `2026-01-01 [info] GET /chat sent ${token}\n`);
    const vscdb = put('data/User/globalStorage/state.vscdb', Buffer.concat([randomBytes(100), Buffer.from(token, 'utf16le')]));
    const enc = Buffer.from(`{"token":"${token}"}`).toString('base64');
    const ws = put('data/User/workspaceStorage/abc/state.vscdb-wal', `${'x'.repeat(5)}${enc}`);
    const csv = put('workspace/orders.csv', 'a,b\n1,2\n');
    const r = scan();
    assert.equal(r.files, 5);
    const at = (f: string) => r.hits.filter((h) => h.file === f).map((h) => h.offset);
    assert.deepEqual(at(log), [`2026-01-01 [info] GET /chat sent `.length]);
    assert.deepEqual(at(vscdb), [100]);
    assert.equal(at(ws).length, 1);
    assert.deepEqual(at(csv), []);
    assert.equal(r.hits.length, 3);
  });

  it('finds a canary across the boundary of two read chunks of a big file', () => {
    const big = Buffer.alloc((8 << 20) + 100, 0x2c);
    Buffer.from(token).copy(big, (8 << 20) - 10);
    const f = put('data/User/globalStorage/ext/big.csv', big);
    assert.deepEqual(
      scan().hits.map((h) => [h.file, h.offset]),
      [[f, (8 << 20) - 10]],
    );
  });

  it('excludes exactly the SecretStorage entry, and flags every look-alike of it', () => {
    // A first record that leaves 130 bytes of the block: the secret entry's value then starts in this block
    // and ends in the next one.
    const fillerKey = lsKey(WORKBENCH, 'filler');
    const filler = batch([[fillerKey, lsValue('f'.repeat(BLOCK - 7 - 130 - (12 + 1 + 1 + fillerKey.length + 3) - 1))]]);
    const secretKey = '{"extensionId":"unique-analytics-tools.unique-analytics","key":"token"}';
    const secrets = JSON.stringify({ [secretKey]: token });
    const log = logFile([
      filler, // pushes the secret entry across a block boundary
      batch([[lsKey(WORKBENCH, 'secrets.provider'), lsValue(secrets)]]), // plain JSON (no WebCrypto): allowed
      batch([[lsKey(WORKBENCH, 'secrets.provider.bak'), lsValue(secrets)]]), // another key
      batch([[lsKey('http://127.0.0.1:9999', 'secrets.provider'), lsValue(secrets)]]), // another origin
      batch([[lsKey(WORKBENCH, 'memento/ext'), lsValue(token)]]), // the workbench's other storage
    ]);
    const file = put('chromium-profile-x/Default/Local Storage/leveldb/000003.log', log);
    const elsewhere = put('chromium-profile-x/Default/Session Storage/000003.log', log); // same bytes, not Local Storage
    const named = put('data/logs/secrets.provider', token); // the name alone earns nothing
    const entries = secretEntries(log, (o) => o === WORKBENCH);
    assert.equal(entries.length, 1);
    assert.equal(entries[0].ranges.length, 2, 'the value is split over two blocks');
    assert.ok(entries[0].value === secrets, 'the value read back whole');

    const r = scan();
    const hitsIn = (f: string) => r.hits.filter((h) => h.file === f).length;
    assert.equal(r.excluded.length, 1, 'the real entry only');
    assert.equal(r.excluded[0].file, file);
    assert.equal(hitsIn(file), 3, 'other key, other origin, other storage key');
    assert.equal(hitsIn(elsewhere), 4, 'a look-alike file: nothing excluded');
    assert.equal(hitsIn(named), 1);
  });

  it('maps a record split over log blocks back to file offsets', () => {
    const record = batch([[Buffer.from('k'), Buffer.from(`${'v'.repeat(BLOCK)}${token}`)]]);
    const log = logFile([record]);
    const [r] = logRecords(log);
    assert.ok(r.data.equals(record));
    const i = r.data.indexOf(token);
    assert.ok(r.at(i) > BLOCK, 'the token is in the second block');
    assert.equal(log.subarray(r.at(i), r.at(i) + token.length).toString(), token);
  });

  it('opens the sealed SecretStorage entry with the server key half, and the sealed value is no hit', () => {
    const keyHalf = randomBytes(32);
    put('data/serve-web-key-half', keyHalf);
    const sealed = seal(JSON.stringify({ k: token }), keyHalf);
    assert.deepEqual(unsealSecrets(sealed, keyHalf), { k: token });
    assert.equal(unsealSecrets(sealed, randomBytes(32)), undefined, 'a wrong key opens nothing');
    put(
      'chromium-profile-x/Default/Local Storage/leveldb/000003.log',
      logFile([batch([[lsKey(WORKBENCH, 'secrets.provider'), lsValue(sealed)]])]),
    );
    const r = scan();
    assert.deepEqual(r.hits, []);
    assert.equal(r.secretVersions.length, 1);
    assert.deepEqual(r.secretVersions[0].secrets, { k: token });
  });

  it('unpacks Snappy, overlapping back-references included', () => {
    // 8 bytes: literal "ab", then copy 6 bytes from 2 back (1-byte offset form).
    const packed = Buffer.from([8, 1 << 2, 0x61, 0x62, ((6 - 4) << 2) | 1, 2]);
    assert.equal(snappyDecompress(packed).toString(), 'abababab');
  });

  it('finds a canary only visible once a LevelDB table block is unpacked', () => {
    const table = packedTable(token);
    assert.ok(!table.includes(token), 'not contiguous in the file');
    const blocks = tableBlocks(table);
    assert.equal(blocks.length, 1);
    assert.ok(blocks[0].data.includes(token));
    const f = put('chromium-profile-x/Default/IndexedDB/http_127.0.0.1_4711.indexeddb.leveldb/000005.ldb', table);
    const hits = scan().hits;
    assert.equal(hits.length, 1);
    assert.equal(hits[0].file, `${f} (Snappy block at 0, unpacked)`);
  });

  it('counts a table it cannot unpack as unreadable, which fails the check', () => {
    const table = packedTable(token);
    table[1 + 1 + 19 + 1 + 20 + 1] = 250; // the back-reference now points before the start
    put('chromium-profile-x/Default/IndexedDB/x.indexeddb.leveldb/000005.ldb', table);
    const v = canaryVerdict({ token, paths: [root], flowed: true, flowNote: 'test' });
    assert.equal(v.ok, false);
    assert.ok(v.lines.some((l) => /could not search .*000005\.ldb: not a LevelDB table/.test(l)));
    assert.ok(v.lines.some((l) => / 0 hits, 1 unreadable$/.test(l)));
  });

  it("searches the harness's own output and the messages seen, and never prints the token", () => {
    put('data/User/settings.json', '{}');
    const r = scan([root], [{ name: '<harness output>', text: `FAIL expected "${token}"` }]);
    assert.equal(r.hits.length, 1);
    const lines = describeScan(r, token);
    assert.ok(!lines.join('\n').includes(token));
    assert.ok(!lines.join('\n').includes(token.slice(12)), 'not even most of it');
    assert.match(lines.at(-1) ?? '', /^canary scan: 1 files, 0\.0 MB, 1 hits$/);
    assert.match(lines[0], /found in <harness output> at offset 15 \(raw\), after "FAIL expected ""$/);
  });

  it('fails the check on a hit, and when the canary was not proven to be the token used', () => {
    put('data/User/settings.json', '{}');
    const clean = { token, paths: [root], workbenchOrigins: [WORKBENCH], flowNote: 'test' };
    assert.equal(canaryVerdict({ ...clean, flowed: true }).ok, true);
    assert.equal(canaryVerdict({ ...clean, flowed: false }).ok, false);
    put('workspace/leak.txt', token);
    const v = canaryVerdict({ ...clean, flowed: true });
    assert.equal(v.ok, false);
    assert.ok(v.lines.some((l) => l.startsWith('FAIL canary token')));
    assert.ok(!v.lines.join('\n').includes(token));
  });
});
