// Types of browserStorage.mjs for the TypeScript tests (test/unit/canaryScan.test.ts).
export const SECRET_STORE_KEY: string;

export interface StorageEntry {
  origin: string;
  area: string;
  name: string;
  key: string;
  text: string;
  bytes: Buffer[];
}
export interface StorageDump {
  origins: string[];
  entries: StorageEntry[];
  stores: { origin: string; area: string; name: string; records: number }[];
  problems: { file: string; why: string }[];
}
/** What collectStorage answers from inside a page. */
export interface PageAnswer {
  origin: string;
  entries: { area: string; name: string; key: string; text: string; binary: string[] }[];
  stores: { area: string; name: string; records: number }[];
  problems: string[];
}
export function valueParts(
  value: unknown,
): Promise<{ text: string; binary: string[]; unknown: string[] }>;
export function collectStorage(parts: typeof valueParts, w?: unknown): Promise<PageAnswer>;
export function toDump(
  answers: PageAnswer[],
  cookies?: { domain: string; path: string; name: string; value: string }[],
  problems?: { file: string; why: string }[],
): StorageDump;
export function dumpBrowserStorage(page: unknown, timeoutMs?: number): Promise<StorageDump>;
export function describeStorage(dump: StorageDump): string[];
