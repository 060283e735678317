// Where code-server keeps VS Code's SecretStorage, and how to read it back, for the canary scan.
//
// code-server's web workbench stores every extension secret in ONE browser localStorage entry, key
// "secrets.provider" of the workbench's origin (VS Code's LocalStorageSecretStorageProvider). Its value is
// base64(clientKey[32] | iv[12] | AES-256-GCM(JSON of all secrets)), the AES key being clientKey XOR the
// server's half, `<user-data-dir>/serve-web-key-half` (code-server's POST /mint-key). Without WebCrypto
// (not the case on 127.0.0.1) the value is the plain JSON. Chromium writes localStorage to
// `<profile>/Default/Local Storage/leveldb/`: keys `_<origin>\0<1 = Latin-1 | 0 = UTF-16LE><key>`, values
// with the same 1-byte encoding prefix. This module finds the byte ranges of exactly those values (the scan
// excludes them: the one place the token may live) and decrypts them (proof that the canary got there).
import { createDecipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { batchEntries, logRecords } from './leveldb.mjs';

export const SECRETS_KEY = 'secrets.provider';
/** Chromium's Local Storage write-ahead log files. */
export const LOCAL_STORAGE_LOG = /(^|\/)Local Storage\/leveldb\/\d+\.log$/;

/** Decodes Chromium's localStorage string encoding (prefix byte 1: Latin-1, 0: UTF-16LE). */
function storageString(bytes) {
  if (!bytes.length) return '';
  return bytes[0] === 0 ? bytes.subarray(1).toString('utf16le') : bytes.subarray(1).toString('latin1');
}

/**
 * `_<origin>\0<encoded key>` → { origin, key }, or undefined for Chromium's own META/VERSION keys.
 * @param {Buffer} key
 */
function splitKey(key) {
  if (key[0] !== 0x5f) return undefined; // '_'
  const nul = key.indexOf(0, 1);
  if (nul < 0) return undefined;
  return { origin: key.subarray(1, nul).toString('latin1'), key: storageString(key.subarray(nul + 1)) };
}

/**
 * Every value ever written to the SecretStorage entry in one Local Storage log file, oldest first.
 * @param {Buffer} buf the .log file
 * @param {(origin: string) => boolean} [isWorkbench] which origins are code-server's workbench (default: any)
 * @returns {{ origin: string, value: string, ranges: [number, number][] }[]}
 *   ranges: the file byte ranges holding the value (prefix byte included), split where the log splits it.
 */
export function secretEntries(buf, isWorkbench = () => true) {
  const found = [];
  for (const record of logRecords(buf)) {
    for (const e of batchEntries(record.data)) {
      if (!e.value) continue;
      const k = splitKey(e.key);
      if (!k || k.key !== SECRETS_KEY || !isWorkbench(k.origin)) continue;
      const ranges = [];
      for (let i = e.valueStart; i < e.valueStart + e.value.length; i++) {
        const f = record.at(i);
        const last = ranges.at(-1);
        if (last && last[1] === f) last[1] = f + 1;
        else ranges.push([f, f + 1]);
      }
      found.push({ origin: k.origin, value: storageString(e.value), ranges });
    }
  }
  return found;
}

/**
 * The secrets JSON sealed in one "secrets.provider" value, or undefined when it does not open with this key.
 * @param {string} sealed the stored value
 * @param {Buffer} keyHalf the server's key half (32 bytes)
 * @returns {Record<string, string> | undefined}
 */
export function unsealSecrets(sealed, keyHalf) {
  const json = (s) => {
    try {
      const v = JSON.parse(s);
      return typeof v === 'object' && v !== null ? v : undefined;
    } catch {
      return undefined;
    }
  };
  const plain = json(sealed); // no WebCrypto: stored as is
  if (plain) return plain;
  const bytes = Buffer.from(sealed, 'base64');
  if (bytes.length < 60 || keyHalf.length !== 32) return undefined;
  const key = Buffer.alloc(32);
  for (let i = 0; i < 32; i++) key[i] = bytes[i] ^ keyHalf[i];
  try {
    const d = createDecipheriv('aes-256-gcm', key, bytes.subarray(32, 44));
    d.setAuthTag(bytes.subarray(bytes.length - 16));
    return json(Buffer.concat([d.update(bytes.subarray(44, bytes.length - 16)), d.final()]).toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Every version of the SecretStorage contents found in the given Local Storage log files.
 * @param {string[]} logFiles
 * @param {Buffer[]} keyHalves candidate server key halves
 * @returns {{ file: string, secrets?: Record<string, string> }[]} secrets undefined: could not be opened
 */
export function secretVersions(logFiles, keyHalves) {
  return logFiles.flatMap((file) =>
    secretEntries(readFileSync(file)).map((e) => ({
      file,
      secrets: keyHalves.map((k) => unsealSecrets(e.value, k)).find(Boolean) ?? unsealSecrets(e.value, Buffer.alloc(0)),
    })),
  );
}
