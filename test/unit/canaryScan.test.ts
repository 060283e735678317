// The canary scan (test/harness/canaryScan.mjs) can fail: a canary planted in a fake run's files in each obvious
// encoding, in the browser's storage (every localStorage key but one, sessionStorage, IndexedDB records with text
// or binary values, cookies) is found; the one thing skipped is code-server's sealed secret store
// (localStorage "secrets.provider" of the workbench's origin), and only while sealed; the report never prints
// the token. The storage reader (browserStorage.mjs) runs here against a stand-in window, through the same
// source text it sends into the page.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  SECRET_STORE_KEY,
  type PageAnswer,
  collectStorage,
  dumpBrowserStorage,
  toDump,
  valueParts,
} from '../harness/browserStorage.mjs';
import {
  canaryEnv,
  canaryNeedles,
  canaryVerdict,
  describeScan,
  maskToken,
  newCanaries,
  newCanary,
  scanForCanary,
} from '../harness/canaryScan.mjs';

const WORKBENCH = 'http://127.0.0.1:4711';

/** A sealed secret store value as VS Code writes it: base64 of client key, IV, AES-GCM ciphertext and tag. */
const sealedValue = (): string => randomBytes(32 + 12 + 90 + 16).toString('base64');

/** A Storage-like object (localStorage, sessionStorage). */
function fakeStorage(items: Record<string, string>) {
  const keys = Object.keys(items);
  return {
    length: keys.length,
    key: (i: number) => keys[i],
    getItem: (k: string) => items[k] ?? null,
  };
}

/** Just enough of IndexedDB for collectStorage: databases(), open(), readonly getAllKeys()/getAll(). */
function fakeIndexedDB(dbs: Record<string, Record<string, [unknown, unknown][]>>) {
  const request = (result: unknown) => {
    const r: {
      result?: unknown;
      onsuccess?: () => void;
      onerror?: () => void;
      onupgradeneeded?: () => void;
    } = {};
    setTimeout(() => {
      r.result = result;
      r.onsuccess?.();
    });
    return r;
  };
  return {
    databases: () => Promise.resolve(Object.keys(dbs).map((name) => ({ name, version: 1 }))),
    open: (name: string) =>
      request({
        objectStoreNames: Object.keys(dbs[name]),
        transaction: (store: string) => ({
          objectStore: () => ({
            getAllKeys: () => request(dbs[name][store].map(([k]) => k)),
            getAll: () => request(dbs[name][store].map(([, v]) => v)),
          }),
        }),
        close: () => {},
      }),
  };
}

function fakeWindow(
  origin: string,
  local: Record<string, string>,
  dbs: Record<string, Record<string, [unknown, unknown][]>> = {},
  session: Record<string, string> = {},
) {
  return {
    location: { origin },
    localStorage: fakeStorage(local),
    sessionStorage: fakeStorage(session),
    indexedDB: fakeIndexedDB(dbs),
  };
}

/** One origin's answer with only localStorage entries (and the secret store, sealed). */
const localAnswer = (origin: string, items: Record<string, string>): PageAnswer => ({
  origin,
  entries: Object.entries(items).map(([key, text]) => ({
    area: 'localStorage',
    name: '',
    key,
    text,
    binary: [],
  })),
  stores: [{ area: 'localStorage', name: '', records: Object.keys(items).length }],
  problems: [],
});

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
  const scanStorage = (
    answers: PageAnswer[],
    cookies: { domain: string; path: string; name: string; value: string }[] = [],
  ) =>
    scanForCanary({
      token,
      paths: [],
      storage: [toDump(answers, cookies)],
      workbenchOrigins: [WORKBENCH],
    });

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
    const found = (text: string | Buffer): boolean =>
      canaryNeedles(token).some((n) => Buffer.from(text).includes(n.bytes));
    assert.ok(found(`x${token}y`));
    assert.ok(found(Buffer.from(`"${token}"`, 'utf16le')));
    for (const pad of ['', 'a', 'ab', 'abc'])
      assert.ok(
        found(Buffer.from(`${pad}{"auth":"${token}"}`).toString('base64')),
        `base64 after "${pad}"`,
      );
    assert.ok(found(`Authorization: Basic ${Buffer.from(`Bearer ${token}`).toString('base64')}`));
    assert.ok(found(Buffer.from(`??>${token}`).toString('base64url')));
    assert.ok(found(encodeURIComponent(`a=${token}&b=1`)));
    assert.ok(
      found(JSON.stringify(token).replace(/[^"]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`)),
    );
    assert.ok(!found(`canary-${'0'.repeat(32)}`), 'another canary is not this one');
    assert.ok(!found(token.slice(0, -1)), 'a cut token is not a hit');
  });

  it('finds the canary planted in a fake user-data tree, with file and offset, and nothing in clean files', () => {
    put('data/User/settings.json', '{ "uniqueAnalytics.baseUrl": "http://127.0.0.1:1/chat" }');
    const log = put(
      'data/logs/20260101T000000/exthost1/ext/Unique Analytics.log',
      `2026-01-01 [info] GET /chat sent ${token}\n`,
    );
    const vscdb = put(
      'data/User/globalStorage/state.vscdb',
      Buffer.concat([randomBytes(100), Buffer.from(token, 'utf16le')]),
    );
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

  it("searches Chromium's profile files as bytes with no exception, whatever key a value sits under", () => {
    // Chromium's Local Storage log record for key "secrets.provider": the raw file scan skips nothing.
    const record = Buffer.concat([
      Buffer.from(`_${WORKBENCH}\0\x01secrets.provider`, 'latin1'),
      Buffer.from([1]),
      Buffer.from(token),
    ]);
    const f = put(
      'chromium-profile-x/Default/Local Storage/leveldb/000003.log',
      Buffer.concat([randomBytes(40), record]),
    );
    const u = put(
      'chromium-profile-x/Default/IndexedDB/http_127.0.0.1_4711.indexeddb.leveldb/000003.log',
      Buffer.from(token, 'utf16le'),
    );
    const r = scan();
    assert.deepEqual(r.hits.map((h) => [h.file, h.encoding]).sort(), [
      [u, 'UTF-16LE'],
      [f, 'raw'],
    ]);
    assert.deepEqual(r.skipped, []);
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

  it('skips only the sealed secret store, naming it, and finds a canary under ANY other localStorage key', () => {
    const others = [
      'secrets.provider.bak',
      'Secrets.provider',
      ' secrets.provider',
      'secrets.provider\0',
      'secrets',
      'memento/workbench.view.extension.uniqueAnalytics.state',
      '',
    ];
    for (const key of others) {
      const r = scanStorage([
        localAnswer(WORKBENCH, { [SECRET_STORE_KEY]: sealedValue(), [key]: `{"t":"${token}"}` }),
      ]);
      assert.equal(r.hits.length, 1, `key ${JSON.stringify(key)}`);
      assert.match(r.hits[0].file, /, the value>$/);
      assert.deepEqual(
        r.skipped.map((s) => s.what),
        [`localStorage "secrets.provider" of ${WORKBENCH}`],
      );
    }
    // The same key in another origin's localStorage, in sessionStorage, in IndexedDB, as a cookie: all searched.
    const elsewhere = scanStorage(
      [
        localAnswer('http://127.0.0.1:9999', { [SECRET_STORE_KEY]: token }),
        {
          ...localAnswer(WORKBENCH, {}),
          entries: [
            { area: 'sessionStorage', name: '', key: SECRET_STORE_KEY, text: token, binary: [] },
            {
              area: 'IndexedDB',
              name: 'vscode-web-state-db-global/ItemTable',
              key: SECRET_STORE_KEY,
              text: token,
              binary: [],
            },
          ],
        },
      ],
      [{ domain: '127.0.0.1', path: '/', name: SECRET_STORE_KEY, value: token }],
    );
    assert.equal(elsewhere.hits.length, 4);
    assert.deepEqual(elsewhere.skipped, []);
    // Without the workbench's origin named, nothing is skipped (its sealed value is searched, and holds nothing).
    const unnamed = scanForCanary({
      token,
      paths: [],
      storage: [toDump([localAnswer(WORKBENCH, { [SECRET_STORE_KEY]: sealedValue() })])],
    });
    assert.deepEqual([unnamed.hits, unnamed.skipped, unnamed.values], [[], [], 1]);
  });

  it('reports the secret store when the canary is readable in it (not sealed)', () => {
    const plain = JSON.stringify({
      '{"extensionId":"unique-analytics-tools.unique-analytics","key":"token"}': token,
    });
    const r = scanStorage([localAnswer(WORKBENCH, { [SECRET_STORE_KEY]: plain })]);
    assert.equal(r.hits.length, 1);
    assert.match(
      r.hits[0].file,
      /localStorage key "secrets\.provider", the value: the secret store, NOT sealed>$/,
    );
    assert.deepEqual(r.skipped, []);
  });

  it('finds the canary in storage values in every encoding, in keys, and in binary values', () => {
    const answer: PageAnswer = {
      ...localAnswer(WORKBENCH, {
        a: Buffer.from(`Bearer ${token}`).toString('base64'),
        b: JSON.stringify({ url: `https://x/?t=${encodeURIComponent(token)}` }),
        [`key-${token}`]: 'value',
        d: Buffer.from(token, 'utf16le').toString('latin1'),
      }),
    };
    answer.entries.push({
      area: 'IndexedDB',
      name: 'vscode-logs-store/logs',
      key: 'window1/exthost.log',
      text: '',
      binary: [Buffer.concat([randomBytes(7), Buffer.from(token)]).toString('base64')],
    });
    const r = scanStorage([answer]);
    const files = r.hits.map((h) => h.file);
    assert.equal(r.hits.length, 5, files.join('\n'));
    assert.ok(
      files.includes(
        `<browser ${WORKBENCH} localStorage key (a name holding the canary), the key>`,
      ),
    );
    assert.ok(
      files.includes(
        `<browser ${WORKBENCH} IndexedDB "vscode-logs-store/logs" key "window1/exthost.log", binary 1 of the value>`,
      ),
    );
    assert.ok(
      !describeScan(r, token).join('\n').includes(token),
      'a key holding the canary is masked',
    );
  });

  it('turns every structured-clone value into text and bytes, and names what it cannot read', async () => {
    const bytes = Buffer.from(token);
    const cyclic: Record<string, unknown> = { n: 1 };
    cyclic.self = cyclic;
    const parts = await valueParts({
      s: 'text',
      list: [1, true, 10n, null, undefined, new Date(0)],
      map: new Map<unknown, unknown>([['mk', new Set(['sv'])]]),
      buf: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
      view: new DataView(new Uint8Array([1, 2, 3]).buffer, 1, 2),
      blob: new Blob(['blob text']),
      boxed: new String('boxed'),
      cyclic,
    });
    assert.equal(
      parts.text,
      [
        's',
        'text',
        'list',
        '1',
        'true',
        '10',
        '1970-01-01T00:00:00.000Z',
        'map',
        'mk',
        'sv',
        'buf',
        'view',
        'blob',
        'boxed',
        'boxed',
        'cyclic',
        'n',
        '1',
        'self',
      ].join('\n'),
    );
    assert.deepEqual(
      parts.binary.map((b) => Buffer.from(b, 'base64').toString('latin1')),
      [token, '\x02\x03', 'blob text'],
    );
    assert.deepEqual(parts.unknown, []);
    class Handle {}
    assert.deepEqual((await valueParts([new Handle(), Symbol('s'), () => 1])).unknown, [
      '[object Object]',
      'symbol',
      'function',
    ]);
  });

  it('reads every localStorage, sessionStorage and IndexedDB entry of a page, and finds a canary planted in each', async () => {
    const w = fakeWindow(
      WORKBENCH,
      { [SECRET_STORE_KEY]: sealedValue(), 'memento/x': `{"v":"${token}"}`, clean: 'nothing' },
      {
        'vscode-web-state-db-global': {
          ItemTable: [
            ['k1', 'clean'],
            ['k2', { nested: [token] }],
          ],
        },
        'vscode-logs-store': {
          logs: [['/log', new TextEncoder().encode(`line ${token}`)]],
          empty: [],
        },
      },
      { s: token },
    );
    const answer = await collectStorage(valueParts, w);
    assert.deepEqual(answer.problems, []);
    assert.equal(answer.entries.length, 7);
    const r = scanStorage([answer]);
    assert.deepEqual(r.hits.map((h) => h.file).sort(), [
      `<browser ${WORKBENCH} IndexedDB "vscode-logs-store/logs" key "/log", binary 1 of the value>`,
      `<browser ${WORKBENCH} IndexedDB "vscode-web-state-db-global/ItemTable" key "k2", the value>`,
      `<browser ${WORKBENCH} localStorage key "memento/x", the value>`,
      `<browser ${WORKBENCH} sessionStorage key "s", the value>`,
    ]);
    assert.deepEqual(r.read, [
      `${WORKBENCH}: localStorage 3, sessionStorage 1, IndexedDB vscode-web-state-db-global/ItemTable 2, ` +
        'IndexedDB vscode-logs-store/logs 1, IndexedDB vscode-logs-store/empty 0; cookies 0',
    ]);
    assert.equal(r.skipped.length, 1);
  });

  it('dumps a page through the source text it sends in (one read per origin), and fails on what it cannot read', async () => {
    const g = globalThis as Record<string, unknown>;
    const sealed = sealedValue();
    const w = fakeWindow(
      WORKBENCH,
      { [SECRET_STORE_KEY]: sealed, k: token },
      { db: { store: [['h', new (class Handle {})()]] } },
    );
    const frame = (url: string, evaluate = (expr: string): unknown => (0, eval)(expr)) => ({
      url: () => url,
      evaluate,
    });
    const page = {
      url: () => `${WORKBENCH}/?folder=/w`,
      frames: () => [
        frame(`${WORKBENCH}/?folder=/w`),
        frame('about:blank'),
        frame(`${WORKBENCH}/webview/index.html`),
      ],
      context: () => ({
        cookies: () => Promise.resolve([{ domain: '127.0.0.1', path: '/', name: 'c', value: 'v' }]),
      }),
    };
    Object.assign(g, w);
    let dump;
    try {
      dump = await dumpBrowserStorage(page);
    } finally {
      for (const k of Object.keys(w)) delete g[k];
    }
    assert.deepEqual(dump.origins, [WORKBENCH]);
    assert.deepEqual(dump.problems, [
      {
        file: `browser storage of ${WORKBENCH}`,
        why: 'IndexedDB db/store, record 0: cannot read [object Object] as text',
      },
    ]);
    const v = canaryVerdict({
      token,
      paths: [],
      storage: [dump],
      workbenchOrigins: [WORKBENCH],
      flowed: true,
      flowNote: 'test',
    });
    assert.equal(v.ok, false);
    assert.ok(
      v.lines.includes(
        `canary scan skipped localStorage "secrets.provider" of ${WORKBENCH}: VS Code's sealed secret store (${sealed.length} characters, the canary not readable in it)`,
      ),
    );
    assert.match(
      v.lines.find((l) => l.startsWith('canary scan:')) ?? '',
      / 4 browser storage values, 1 hits, 1 unreadable$/,
    );

    const silent = { ...page, frames: () => [frame(WORKBENCH, () => new Promise(() => {}))] };
    const late = await dumpBrowserStorage(silent, 50);
    assert.deepEqual(late.problems, [
      { file: `browser storage of ${WORKBENCH}`, why: 'no answer within 50 ms' },
    ]);
    const blank = await dumpBrowserStorage({
      ...page,
      url: () => 'about:blank',
      frames: () => [frame('about:blank')],
    });
    assert.equal(blank.problems[0].why, 'no http(s) page to read it from (about:blank)');
  });

  it("searches the harness's own output and the messages seen, and never prints the token", () => {
    put('data/User/settings.json', '{}');
    const r = scan([root], [{ name: '<harness output>', text: `FAIL expected "${token}"` }]);
    assert.equal(r.hits.length, 1);
    const lines = describeScan(r, token);
    assert.ok(!lines.join('\n').includes(token));
    assert.ok(!lines.join('\n').includes(token.slice(12)), 'not even most of it');
    assert.match(
      lines.at(-1) ?? '',
      /^canary scan: 1 files, 0\.0 MB, 0 browser storage values, 1 hits$/,
    );
    assert.match(
      lines[0],
      /found in <harness output> at offset 15 \(raw\), after "FAIL expected ""$/,
    );
  });

  it('makes a client-secret and an API-key canary too, hands all three over as UA_TEST_CANARY_*, masks each', () => {
    const c = newCanaries();
    assert.match(c.token, /^canary-[0-9a-f]{32}$/);
    assert.match(c.secret, /^canary-secret-[0-9a-f]{32}$/);
    assert.match(c.apiKey, /^ukey_canary[0-9a-f]{32}$/);
    assert.notEqual(c.secret.slice(-32), c.token.slice(-32));
    assert.deepEqual(canaryEnv(c), {
      UA_TEST_CANARY_TOKEN: c.token,
      UA_TEST_CANARY_SECRET: c.secret,
      UA_TEST_CANARY_APIKEY: c.apiKey,
    });
    assert.deepEqual(Object.keys(canaryEnv({ secret: c.secret })), ['UA_TEST_CANARY_SECRET']);
    assert.equal(maskToken(c.token), `${c.token.slice(0, 9)}…(masked)`);
    assert.equal(maskToken(c.secret), `${c.secret.slice(0, 16)}…(masked)`);
    assert.equal(maskToken(c.apiKey), `${c.apiKey.slice(0, 13)}…(masked)`);
    assert.throws(
      () => scanForCanary({ ...c, secret: 'a-real-secret', paths: [] }),
      /canary client secret made by newCanaries/,
    );
  });

  it('finds a planted client secret and API key, in their obvious encodings, each reported by name', () => {
    const c = newCanaries();
    const basic = Buffer.from(`${encodeURIComponent('analytics-bot@unique')}:${c.secret}`).toString(
      'base64',
    );
    const log = put('data/logs/exthost/output.log', `POST /oauth/v2/token secret=${c.secret}\n`);
    const har = put('tmp/request.txt', `authorization: Basic ${basic}\r\n`);
    const form = put(
      'workspace/form.txt',
      `client_secret=${encodeURIComponent(c.secret)}&x=${Buffer.from(c.apiKey, 'utf16le').toString('latin1')}`,
    );
    const bearer = put(
      'data/User/globalStorage/state.vscdb',
      `{"h":"${Buffer.from(`Bearer ${c.apiKey}`).toString('base64')}"}`,
    );
    put('data/User/settings.json', '{ "uniqueAnalytics.clientId": "analytics-bot@unique" }');
    const r = scanForCanary({ ...c, paths: [root], texts: [{ name: '<out>', text: c.apiKey }] });
    const seen = r.hits.map((h) => `${h.canary} @ ${h.file}`).sort();
    assert.deepEqual(
      seen,
      [
        `canary API key @ <out>`,
        `canary API key @ ${bearer}`,
        `canary API key @ ${form}`,
        `canary client secret @ ${form}`,
        `canary client secret @ ${har}`,
        `canary client secret @ ${log}`,
      ].sort(),
    );
    const lines = describeScan(r, c.token);
    const text = lines.join('\n');
    for (const v of [c.token, c.secret, c.apiKey])
      assert.ok(!text.includes(v.slice(-20)), 'a canary printed');
    assert.ok(
      lines.some((l) =>
        l.startsWith(
          `canary client secret ${maskToken(c.secret)} found in ${log} at offset ${'POST /oauth/v2/token secret='.length} (raw)`,
        ),
      ),
      text,
    );
    assert.match(lines.at(-1) ?? '', /, 6 hits$/);
    // The bytes before a hit are shown, with a neighbouring canary starred out.
    const next = lines.find((l) =>
      l.startsWith(`canary API key ${maskToken(c.apiKey)} found in ${form}`),
    );
    assert.match(next ?? '', /, after "\*+&x="$/);
    const v = canaryVerdict({ ...c, paths: [log], flowed: true, flowNote: 'test' });
    assert.equal(v.ok, false);
    assert.match(v.lines.at(-1) ?? '', /^FAIL canary token: canary client secret found where/);
    // The sealed secret store stays the one thing skipped, and only while none of the three is readable in it.
    const sealed = scanForCanary({
      ...c,
      paths: [],
      storage: [toDump([localAnswer(WORKBENCH, { [SECRET_STORE_KEY]: sealedValue() })])],
      workbenchOrigins: [WORKBENCH],
    });
    assert.deepEqual([sealed.hits.length, sealed.skipped.length], [0, 1]);
    const plain = scanForCanary({
      ...c,
      paths: [],
      storage: [toDump([localAnswer(WORKBENCH, { [SECRET_STORE_KEY]: `{"k":"${c.apiKey}"}` })])],
      workbenchOrigins: [WORKBENCH],
    });
    assert.deepEqual(
      plain.hits.map((h) => h.canary),
      ['canary API key'],
    );
    assert.match(plain.hits[0].file, /the secret store, NOT sealed>$/);
    // A clean run with all three searched passes and says so.
    const clean = canaryVerdict({
      ...c,
      paths: [put('data/clean.txt', 'nothing')],
      flowed: true,
      flowNote: 'test',
    });
    assert.equal(clean.ok, true);
    assert.equal(
      clean.lines.at(-1),
      'PASS canary token: used, and found nowhere it should not be (searched too: canary client secret, canary API key)',
    );
  });

  it('fails the check on a hit, on storage it could not read, and when the canary was not proven to be the token used', () => {
    put('data/User/settings.json', '{}');
    const clean = { token, paths: [root], workbenchOrigins: [WORKBENCH], flowNote: 'test' };
    assert.equal(canaryVerdict({ ...clean, flowed: true }).ok, true);
    assert.equal(canaryVerdict({ ...clean, flowed: false }).ok, false);
    const unread = toDump(
      [],
      [],
      [{ file: 'browser storage', why: 'no http(s) page to read it from' }],
    );
    assert.equal(canaryVerdict({ ...clean, flowed: true, storage: [unread] }).ok, false);
    put('workspace/leak.txt', token);
    const v = canaryVerdict({ ...clean, flowed: true });
    assert.equal(v.ok, false);
    assert.ok(v.lines.some((l) => l.startsWith('FAIL canary token')));
    assert.ok(!v.lines.join('\n').includes(token));
  });
});
