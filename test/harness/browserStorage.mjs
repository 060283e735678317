// What the browser keeps for the workbench's origin(s), read through the browser itself, for the canary scan.
//
// Why through the browser: Chromium keeps localStorage, sessionStorage and IndexedDB in LevelDB files in its
// profile. A byte search of those files (which the scan still does) sees recent writes in the .log files, but
// not values in compacted .ldb tables, whose blocks Chromium may Snappy-compress (a token cut up by
// back-references is no longer a run of bytes), nor IndexedDB values Chromium compresses itself, nor cookie
// values (encrypted in the Cookies SQLite file). Asking the live page instead gives every current value as
// the page sees it, before the browser closes. What neither sees: a value written and then overwritten
// before Chromium flushed it to disk (it never was at rest), or an old version already compacted away.
//
// collectStorage and valueParts run INSIDE the page (passed as source text), so they use nothing from this
// module's scope.

/** The localStorage key of code-server's SecretStorage: VS Code's LocalStorageSecretStorageProvider keeps all
 * secrets there in one value, sealed (AES-GCM, key half from the server); the one thing the scan skips. */
export const SECRET_STORE_KEY = 'secrets.provider';

/**
 * Every string and every binary inside one stored value (structured-clone types), as text and bytes.
 * @param {unknown} value
 * @returns {Promise<{ text: string, binary: string[], unknown: string[] }>} binary: base64 of each
 *   ArrayBuffer/view/Blob; unknown: types it cannot turn into text (the scan cannot vouch for them)
 */
export async function valueParts(value) {
  const texts = [];
  const binary = [];
  const unknown = [];
  const base64 = (u8) => {
    let s = '';
    for (let i = 0; i < u8.length; i += 0x8000)
      s += String.fromCharCode(...u8.subarray(i, i + 0x8000));
    return btoa(s);
  };
  const seen = new Set();
  const walk = async (v) => {
    const t = typeof v;
    if (v === null || v === undefined) return;
    if (t === 'string') return void texts.push(v);
    if (t === 'number' || t === 'boolean' || t === 'bigint') return void texts.push(String(v));
    if (t !== 'object') return void unknown.push(t);
    if (seen.has(v)) return;
    seen.add(v);
    if (v instanceof ArrayBuffer) return void binary.push(base64(new Uint8Array(v)));
    if (ArrayBuffer.isView(v))
      return void binary.push(base64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)));
    if (typeof Blob !== 'undefined' && v instanceof Blob)
      return void binary.push(base64(new Uint8Array(await v.arrayBuffer())));
    if (v instanceof Date)
      return void texts.push(Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString());
    if (v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof RegExp)
      return void texts.push(String(v));
    if (v instanceof Error) return void texts.push(v.name, v.message, v.stack ?? '');
    if (v instanceof Map) {
      for (const [k, x] of v) {
        await walk(k);
        await walk(x);
      }
      return;
    }
    if (v instanceof Set || Array.isArray(v)) {
      for (const x of v) await walk(x);
      return;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null)
      return void unknown.push(Object.prototype.toString.call(v));
    for (const [k, x] of Object.entries(v)) {
      texts.push(k);
      await walk(x);
    }
  };
  await walk(value);
  return { text: texts.join('\n'), binary, unknown };
}

/**
 * Every localStorage and sessionStorage entry and every IndexedDB record of the page's origin.
 * @param {typeof valueParts} parts
 * @param {any} w the page's window (a stand-in in unit tests)
 */
export async function collectStorage(parts, w = globalThis) {
  const entries = [];
  const stores = [];
  const problems = [];
  for (const area of ['localStorage', 'sessionStorage']) {
    try {
      const s = w[area];
      for (let i = 0; i < s.length; i++) {
        const key = s.key(i);
        entries.push({ area, name: '', key, text: s.getItem(key) ?? '', binary: [] });
      }
      stores.push({ area, name: '', records: s.length });
    } catch (e) {
      problems.push(`${area}: ${e}`);
    }
  }
  const done = (r) =>
    new Promise((ok, ko) => {
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ko(r.error);
    });
  try {
    for (const { name: dbName } of await w.indexedDB.databases()) {
      const open = w.indexedDB.open(dbName);
      open.onupgradeneeded = () => open.transaction.abort(); // gone since databases(): do not create it
      const db = await done(open);
      try {
        for (const store of [...db.objectStoreNames]) {
          const os = db.transaction(store, 'readonly').objectStore(store);
          const [keys, values] = await Promise.all([done(os.getAllKeys()), done(os.getAll())]);
          const name = `${dbName}/${store}`;
          for (let i = 0; i < keys.length; i++) {
            const k = await parts(keys[i]);
            const v = await parts(values[i]);
            entries.push({
              area: 'IndexedDB',
              name,
              key: k.text,
              text: v.text,
              binary: [...k.binary, ...v.binary],
            });
            if (k.unknown.length + v.unknown.length)
              problems.push(
                `IndexedDB ${name}, record ${i}: cannot read ${[...k.unknown, ...v.unknown].join(', ')} as text`,
              );
          }
          stores.push({ area: 'IndexedDB', name, records: keys.length });
        }
      } finally {
        db.close();
      }
    }
  } catch (e) {
    problems.push(`IndexedDB: ${e}`);
  }
  return { origin: w.location.origin, entries, stores, problems };
}

/**
 * @typedef {{ origin: string, area: string, name: string, key: string, text: string, bytes: Buffer[] }} StorageEntry
 * @typedef {{ origins: string[], entries: StorageEntry[], stores: { origin: string, area: string, name: string,
 *   records: number }[], problems: { file: string, why: string }[] }} StorageDump
 */

/** The page's answers (one per origin) plus cookies, as the scan takes them. */
export function toDump(answers, cookies = [], problems = []) {
  const dump = { origins: [], entries: [], stores: [], problems: [...problems] };
  for (const a of answers) {
    dump.origins.push(a.origin);
    for (const { binary, ...e } of a.entries)
      dump.entries.push({
        origin: a.origin,
        ...e,
        bytes: binary.map((b) => Buffer.from(b, 'base64')),
      });
    for (const s of a.stores) dump.stores.push({ origin: a.origin, ...s });
    for (const p of a.problems)
      dump.problems.push({ file: `browser storage of ${a.origin}`, why: p });
  }
  for (const c of cookies)
    dump.entries.push({
      origin: c.domain,
      area: 'cookie',
      name: c.path,
      key: c.name,
      text: c.value,
      bytes: [],
    });
  dump.stores.push({ origin: '', area: 'cookies', name: '', records: cookies.length });
  return dump;
}

/**
 * Reads the browser storage of every http(s) origin among the page's frames, and the context's cookies. Call
 * before the browser closes. Never throws: what it cannot read is in `problems` (which fail the canary check).
 * @param {import('playwright-core').Page} page
 * @returns {Promise<StorageDump>}
 */
export async function dumpBrowserStorage(page, timeoutMs = 30_000) {
  const answers = [];
  const problems = [];
  const within = (p) =>
    Promise.race([
      p,
      new Promise((_, ko) =>
        setTimeout(() => ko(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
  const origins = new Set();
  for (const frame of page.frames()) {
    const origin = URL.canParse(frame.url()) ? new URL(frame.url()).origin : 'null';
    if (!/^https?:/.test(origin) || origins.has(origin)) continue; // about:blank etc. share their parent's
    origins.add(origin);
    try {
      answers.push(await within(frame.evaluate(`(${collectStorage})(${valueParts})`)));
    } catch (e) {
      problems.push({ file: `browser storage of ${origin}`, why: e.message });
    }
  }
  if (!origins.size)
    problems.push({
      file: 'browser storage',
      why: `no http(s) page to read it from (${page.url()})`,
    });
  let cookies = [];
  try {
    cookies = await within(page.context().cookies());
  } catch (e) {
    problems.push({ file: 'browser cookies', why: e.message });
  }
  return toDump(answers, cookies, problems);
}

/** One line per dump: "http://127.0.0.1:N: localStorage 3, …, IndexedDB db/store 12, …; cookies 0". */
export function describeStorage(dump) {
  const line = (stores) =>
    stores.map((s) => `${s.area}${s.name ? ` ${s.name}` : ''} ${s.records}`).join(', ');
  const cookies = dump.stores.filter((s) => s.area === 'cookies');
  const lines = dump.origins.map((o) => `${o}: ${line(dump.stores.filter((s) => s.origin === o))}`);
  if (!lines.length) return [line(cookies)];
  lines[lines.length - 1] += `; ${line(cookies)}`;
  return lines;
}
