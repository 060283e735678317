// The canary scan: each integration/E2E run uses a fresh, recognisable token ("canary-<32 hex>") as THE token
// of every fake server, and likewise a client secret ("canary-secret-<32 hex>", the secret of the fakes' Zitadel
// service user) and a personal API key ("ukey_canary<32 hex>", the fakes' Public API key); afterwards every byte
// the run left (code-server's user-data dir with logs, settings,
// global/workspace storage; the workspace and downloaded CSVs; Chromium's profile; the harness's own output;
// screenshots' text; every message shown) is searched for it in its obvious encodings, and so is every value
// the browser holds in storage, read through the browser before it closed (browserStorage.mjs: the profile's
// files alone cannot show what Chromium compressed or encrypted). A hit fails the tier. Exactly one thing is
// skipped, by name: the value of code-server's sealed secret store, localStorage "secrets.provider" of the
// workbench's origin (the one legitimate home of the token, and of the secret and key). Never prints a canary:
// hits name the canary, file or storage entry, offset and encoding, with the canary masked.
import { randomBytes } from 'node:crypto';
import { closeSync, lstatSync, openSync, readFileSync, readSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SECRET_STORE_KEY, describeStorage } from './browserStorage.mjs';

/** The extension host's (and the in-process fake server's) view of the run's canary. */
export const CANARY_ENV = 'UA_TEST_CANARY_TOKEN';
/** ... of the run's canary client secret (the fake's service user, test/fakeServer/zitadel.ts). */
export const CANARY_SECRET_ENV = 'UA_TEST_CANARY_SECRET';
/** ... of the run's canary personal API key (the fake's Public API routes). */
export const CANARY_APIKEY_ENV = 'UA_TEST_CANARY_APIKEY';
/** A folder the integration suites write evidence into (messages shown, proof the canary was used). */
export const EVIDENCE_ENV = 'UA_TEST_EVIDENCE_DIR';
/** The canaries of a run: what each is called in reports, its shape, its prefix and the variable it travels in. */
const KINDS = [
  { key: 'token', name: 'canary token', prefix: 'canary-', env: CANARY_ENV },
  { key: 'secret', name: 'canary client secret', prefix: 'canary-secret-', env: CANARY_SECRET_ENV },
  { key: 'apiKey', name: 'canary API key', prefix: 'ukey_canary', env: CANARY_APIKEY_ENV },
];
const shape = (kind, value) =>
  typeof value === 'string' &&
  value.startsWith(kind.prefix) &&
  /^[0-9a-f]{32}$/.test(value.slice(kind.prefix.length));

const hex = () => randomBytes(16).toString('hex');

/** A fresh canary token: random, and recognisable in any dump. */
export function newCanary() {
  return `canary-${hex()}`;
}

/**
 * A run's three fresh canaries: the token, a client secret and a personal API key.
 * @returns {{ token: string, secret: string, apiKey: string }}
 */
export function newCanaries() {
  return { token: newCanary(), secret: `canary-secret-${hex()}`, apiKey: `ukey_canary${hex()}` };
}

/** The environment that hands a run's canaries to the fake servers and the extension host. */
export function canaryEnv(canaries) {
  return Object.fromEntries(
    KINDS.filter((k) => canaries[k.key] !== undefined).map((k) => [k.env, canaries[k.key]]),
  );
}

/** "canary-3f…", "canary-secret-3f…", "ukey_canary3f…": enough to tell which run, never the canary. */
export function maskToken(token) {
  const kind = [...KINDS].reverse().find((k) => shape(k, token));
  return `${token.slice(0, (kind?.prefix.length ?? 7) + 2)}…(masked)`;
}

/**
 * The byte strings a leaked token would show up as. Base64 is also searched at each of its three alignments
 * (the token inside a longer encoded text, e.g. a JSON blob or "Bearer <token>"), minus the edge characters
 * that depend on the neighbouring bytes.
 * @param {string} token
 * @returns {{ label: string, bytes: Buffer }[]}
 */
export function canaryNeedles(token) {
  const list = [
    ['raw', Buffer.from(token)],
    ['UTF-16LE', Buffer.from(token, 'utf16le')],
    ['URL-encoded', Buffer.from(encodeURIComponent(token))],
    ['JSON-escaped', Buffer.from(JSON.stringify(token).slice(1, -1))],
    [
      'JSON \\u-escaped',
      Buffer.from(
        [...token].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
      ),
    ],
    ['base64', Buffer.from(Buffer.from(token).toString('base64').replace(/=+$/, ''))],
    [
      'base64 of "Bearer <token>"',
      Buffer.from(Buffer.from(`Bearer ${token}`).toString('base64').replace(/=+$/, '')),
    ],
    ['base64url', Buffer.from(Buffer.from(token).toString('base64url'))],
  ];
  for (let k = 0; k < 3; k++) {
    const enc = Buffer.concat([Buffer.alloc(k), Buffer.from(token)]).toString('base64');
    const whole = Math.floor((k + token.length) / 3) * 4; // characters of complete 3-byte groups
    const core = enc.slice(k ? 4 : 0, whole);
    list.push([`base64 (inside a longer text, alignment ${k})`, Buffer.from(core)]);
    list.push([
      `base64url (inside a longer text, alignment ${k})`,
      Buffer.from(core.replace(/\+/g, '-').replace(/\//g, '_')),
    ]);
  }
  // A needle that contains a shorter one is found through it; keep the shortest, distinct ones.
  const unique = list.filter(([, b], i) => list.findIndex(([, c]) => c.equals(b)) === i);
  return unique
    .filter(([, b]) => !unique.some(([, c]) => c.length < b.length && b.includes(c)))
    .map(([label, bytes]) => ({ label, bytes }));
}

/**
 * Every regular file under `root` (symlinks, sockets and the like are not followed); a folder that cannot be
 * listed goes to `unreadable` (a path that does not exist is simply nothing to search).
 */
function walk(root, unreadable, out = []) {
  let st;
  try {
    st = lstatSync(root);
  } catch {
    return out;
  }
  if (st.isDirectory()) {
    let names = [];
    try {
      names = readdirSync(root);
    } catch (e) {
      unreadable.push({ file: root, why: e.code ?? e.message });
    }
    for (const name of names) walk(join(root, name), unreadable, out);
  } else if (st.isFile()) out.push({ path: root, size: st.size });
  return out;
}

/** Offsets of every needle in `buf`. */
function find(buf, needles, base = 0) {
  const hits = [];
  for (const n of needles)
    for (let i = buf.indexOf(n.bytes); i >= 0; i = buf.indexOf(n.bytes, i + 1))
      hits.push({
        offset: base + i,
        length: n.bytes.length,
        encoding: n.label,
        canary: n.canary,
        masked: n.masked,
      });
  return hits;
}

const CHUNK = 8 << 20;

/** Searches a file in chunks (overlapping by the longest needle), so big CSVs need no big buffers. */
function findInFile(path, size, needles) {
  const overlap = Math.max(...needles.map((n) => n.bytes.length)) - 1;
  const fd = openSync(path, 'r');
  try {
    const hits = [];
    const buf = Buffer.alloc(Math.min(size, CHUNK + overlap));
    for (let pos = 0; pos < size; pos += CHUNK) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, size - pos), pos);
      for (const h of find(buf.subarray(0, n), needles, pos))
        if (h.offset < pos + CHUNK || pos + n >= size) hits.push(h);
    }
    // A hit inside the overlap is seen by two chunks.
    return hits.filter(
      (h, i) =>
        hits.findIndex(
          (x) => x.offset === h.offset && x.encoding === h.encoding && x.canary === h.canary,
        ) === i,
    );
  } finally {
    closeSync(fd);
  }
}

/**
 * The needles of every canary given, each labelled with the canary's name and mask.
 * @returns {{ label: string, bytes: Buffer, canary: string, masked: string }[]}
 */
function allNeedles(canaries) {
  return KINDS.filter((k) => canaries[k.key] !== undefined).flatMap((k) => {
    const value = canaries[k.key];
    if (!shape(k, value))
      throw new Error(`the canary scan needs a ${k.name} made by newCanaries()`);
    const masked = maskToken(value);
    return canaryNeedles(value).map((n) => ({ ...n, canary: k.name, masked }));
  });
}

/**
 * Scans files, texts and browser storage for the canaries.
 * @param {{ token: string, secret?: string, apiKey?: string, paths: string[], texts?: { name: string, text: string }[],
 *   storage?: import('./browserStorage.mjs').StorageDump[], workbenchOrigins?: string[] }} what
 *   token, secret, apiKey: the run's canaries (newCanaries()), each searched for; paths: files or folders,
 *   searched as bytes; texts: things that are not files (the harness's own output, messages seen); storage:
 *   browser storage dumps (dumpBrowserStorage); workbenchOrigins: code-server's origins
 *   (http://127.0.0.1:<port>), whose localStorage "secrets.provider" value is the one thing skipped.
 * @returns {{ files: number, bytes: number, values: number,
 *   hits: { file: string, offset: number, encoding: string, context: string, canary: string, masked: string }[],
 *   skipped: { what: string, chars: number }[], unreadable: { file: string, why: string }[], read: string[] }}
 *   hits: canary is its name ("canary token", "canary client secret", "canary API key"), masked its masked value;
 *   unreadable: what could not be searched (counts against the run: a scan cannot vouch for it);
 *   read: the browser storage read, per origin and store.
 */
export function scanForCanary({
  token,
  secret,
  apiKey,
  paths,
  texts = [],
  storage = [],
  workbenchOrigins = [],
}) {
  if (!shape(KINDS[0], token)) throw new Error('the canary scan needs a token made by newCanary()');
  const needles = allNeedles({ token, secret, apiKey });
  const result = { files: 0, bytes: 0, values: 0, hits: [], skipped: [], unreadable: [], read: [] };
  // The 32 bytes before a hit, printable, with any canary in them (another one, or the same twice) starred out:
  // found in a window wider by the longest needle on each side, so one cut by the edge is seen whole.
  const longest = Math.max(...needles.map((n) => n.bytes.length));
  const context = (buf, offset) => {
    const from = Math.max(0, offset - 32 - longest);
    const near = Buffer.from(buf.subarray(from, Math.min(buf.length, offset + longest)));
    for (const h of find(near, needles)) near.fill(0x2a, h.offset, h.offset + h.length);
    const at = offset - from;
    return near
      .subarray(Math.max(0, at - 32), at)
      .toString('latin1')
      .replace(/[^\x20-\x7e]/g, '.');
  };
  const searchBuffer = (name, buf) => {
    result.bytes += buf.length;
    for (const h of find(buf, needles))
      result.hits.push({
        file: name,
        offset: h.offset,
        encoding: h.encoding,
        context: context(buf, h.offset),
        canary: h.canary,
        masked: h.masked,
      });
  };
  for (const f of paths.flatMap((p) => walk(p, result.unreadable))) {
    result.files++;
    result.bytes += f.size;
    let hits;
    try {
      hits = findInFile(f.path, f.size, needles);
    } catch (e) {
      result.unreadable.push({ file: f.path, why: e.code ?? e.message });
      continue;
    }
    const whole = hits.length && f.size < 256 << 20 ? readFileSync(f.path) : undefined;
    for (const h of hits)
      result.hits.push({
        file: f.path,
        offset: h.offset,
        encoding: h.encoding,
        context: whole ? context(whole, h.offset) : '',
        canary: h.canary,
        masked: h.masked,
      });
  }
  for (const t of texts) searchBuffer(t.name, Buffer.from(t.text));
  // A storage key or name may itself hold a canary: it is then a hit, and printed masked.
  const shown = (s) =>
    find(Buffer.from(s), needles).length ? '(a name holding the canary)' : JSON.stringify(s);
  for (const dump of storage) {
    result.read.push(...describeStorage(dump));
    result.unreadable.push(...dump.problems);
    for (const e of dump.entries) {
      result.values++;
      const where = `<browser ${e.origin} ${e.area}${e.name ? ` ${shown(e.name)}` : ''} key ${shown(e.key)}`;
      // The secret store is skipped only while sealed: were the canary readable in it (VS Code stores it
      // unsealed without WebCrypto), it would sit in the profile in plain text, and that is reported.
      if (
        e.area === 'localStorage' &&
        e.key === SECRET_STORE_KEY &&
        workbenchOrigins.includes(e.origin)
      ) {
        if (find(Buffer.from(e.text), needles).length)
          searchBuffer(`${where}, the value: the secret store, NOT sealed>`, Buffer.from(e.text));
        else
          result.skipped.push({
            what: `localStorage ${shown(e.key)} of ${e.origin}`,
            chars: e.text.length,
          });
        continue;
      }
      searchBuffer(`${where}, the key>`, Buffer.from(e.key));
      searchBuffer(`${where}, the value>`, Buffer.from(e.text));
      e.bytes.forEach((b, i) => searchBuffer(`${where}, binary ${i + 1} of the value>`, b));
    }
  }
  return result;
}

/**
 * The report lines: each hit (which canary, file, offset, encoding, the bytes before it), what could not be
 * searched, the browser storage read, what was skipped, then "canary scan: N files, X MB, V browser storage
 * values, H hits" (H counts the hits of every canary). No canary is ever printed.
 */
export function describeScan(result, token) {
  const lines = result.hits.map(
    (h) =>
      `${h.canary ?? 'canary token'} ${h.masked ?? maskToken(token)} found in ${h.file} at offset ${h.offset} (${h.encoding})` +
      (h.context ? `, after "${h.context}"` : ''),
  );
  for (const u of result.unreadable) lines.push(`canary scan could not search ${u.file}: ${u.why}`);
  for (const r of result.read) lines.push(`canary scan read browser storage of ${r}`);
  for (const s of result.skipped)
    lines.push(
      `canary scan skipped ${s.what}: VS Code's sealed secret store (${s.chars} characters, the canary not readable in it)`,
    );
  const mb = (result.bytes / 1e6).toFixed(1);
  const unreadable = result.unreadable.length ? `, ${result.unreadable.length} unreadable` : '';
  lines.push(
    `canary scan: ${result.files} files, ${mb} MB, ${result.values} browser storage values, ${result.hits.length} hits${unreadable}`,
  );
  return lines;
}

/** Keeps a copy of everything this process writes to stdout and stderr (the harness's own log). */
export function captureOutput() {
  const chunks = [];
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = (chunk, ...rest) => {
      chunks.push(String(chunk));
      return write(chunk, ...rest);
    };
  }
  return { text: () => chunks.join('') };
}

/**
 * The tier's canary check: the scan (for every canary given) plus the proof that the canary token really was
 * the token used. Prints the hits and the scan line; ok when nothing was found and it flowed.
 * @param {Parameters<typeof scanForCanary>[0] & { flowed: boolean, flowNote: string }} what
 * @returns {{ ok: boolean, lines: string[] }}
 */
export function canaryVerdict({ flowed, flowNote, ...scanArgs }) {
  const result = scanForCanary(scanArgs);
  const lines = describeScan(result, scanArgs.token);
  lines.push(
    `canary ${maskToken(scanArgs.token)} ${flowed ? 'was' : 'was NOT'} the token used: ${flowNote}`,
  );
  const ok = flowed && result.hits.length === 0 && result.unreadable.length === 0;
  const why = result.hits.length
    ? `${[...new Set(result.hits.map((h) => h.canary))].join(', ')} found where it must not be`
    : result.unreadable.length
      ? 'some of what the run left could not be searched'
      : 'not proven to be the token used';
  const also = KINDS.slice(1)
    .filter((k) => scanArgs[k.key] !== undefined)
    .map((k) => k.name);
  const searched = also.length ? ` (searched too: ${also.join(', ')})` : '';
  lines.push(
    `${ok ? 'PASS' : 'FAIL'} canary token: ${ok ? 'used, and found nowhere it should not be' : why}${searched}`,
  );
  return { ok, lines };
}
