// Which orders have a complete CSV on disk. "Delete after download" and "clean up" trust this before
// deleting anything on the server, so it never reports a file that is missing or of another size.

import { stat } from 'node:fs/promises';
import type { FormulaCellReport } from '../csv/formulaCells';

/** What the index persists in; a vscode.Memento (workspaceState/globalState) fits as is. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** Size of a regular file, or undefined when there is none at `path`. */
export type StatFn = (path: string) => Promise<{ readonly size: number } | undefined>;

export interface DownloadEntry {
  readonly path: string;
  /** Size of the complete file when it was saved. */
  readonly bytes: number;
  /** When it was saved, ms since epoch. */
  readonly savedAt: number;
  /** Cells a spreadsheet would run as formulas (counted while downloading); absent: not counted. */
  readonly formulaCells?: FormulaCellReport;
}

export const DOWNLOAD_INDEX_KEY = 'uniqueAnalytics.downloads';

/** The real StatFn: undefined for a missing path or one that is not a regular file. */
export const statFile: StatFn = async (p) => {
  try {
    const s = await stat(p);
    return s.isFile() ? { size: s.size } : undefined;
  } catch (e) {
    if (isMissing(e)) return undefined;
    throw e;
  }
};

export class DownloadIndex {
  constructor(
    private readonly store: KeyValueStore,
    private readonly statPath: StatFn = statFile,
    private readonly key: string = DOWNLOAD_INDEX_KEY,
  ) {}

  /** Call only once the file at `entry.path` is complete (after the final rename). */
  async record(orderId: string, entry: DownloadEntry): Promise<void> {
    const entries = this.entries();
    entries.set(orderId, tidy(entry));
    await this.save(entries);
  }

  /**
   * The entry, only if its file still exists with exactly the recorded size; otherwise the entry is
   * forgotten and undefined returned. If the file cannot be checked (e.g. permission denied), undefined
   * is returned and the entry kept: unknown is not "on disk", but not proven gone either.
   */
  async lookup(orderId: string): Promise<DownloadEntry | undefined> {
    const entry = this.entries().get(orderId);
    if (!entry) return undefined;
    let found: { readonly size: number } | undefined;
    try {
      found = await this.statPath(entry.path);
    } catch {
      return undefined;
    }
    if (found && found.size === entry.bytes) return entry;
    await this.forgetIfUnchanged(orderId, entry);
    return undefined;
  }

  async isSafelyOnDisk(orderId: string): Promise<boolean> {
    return (await this.lookup(orderId)) !== undefined;
  }

  async forget(orderId: string): Promise<void> {
    const entries = this.entries();
    if (entries.delete(orderId)) await this.save(entries);
  }

  /** Every verified entry (stale ones are forgotten on the way). */
  async all(): Promise<{ readonly orderId: string; readonly entry: DownloadEntry }[]> {
    const ids = [...this.entries().keys()];
    const checked = await Promise.all(
      ids.map(async (orderId) => ({ orderId, entry: await this.lookup(orderId) })),
    );
    return checked.filter(
      (c): c is { orderId: string; entry: DownloadEntry } => c.entry !== undefined,
    );
  }

  /** A newer `record` may have replaced the entry while its file was being checked: keep that one. */
  private async forgetIfUnchanged(orderId: string, checked: DownloadEntry): Promise<void> {
    const now = this.entries().get(orderId);
    if (
      now &&
      now.path === checked.path &&
      now.bytes === checked.bytes &&
      now.savedAt === checked.savedAt
    ) {
      await this.forget(orderId);
    }
  }

  /**
   * The stored map with malformed entries (older versions, hand edits) left out. A Map, not an object:
   * ids come from the server, and `__proto__` or `toString` must be ordinary keys.
   */
  private entries(): Map<string, DownloadEntry> {
    const raw = this.store.get<unknown>(this.key);
    const out = new Map<string, DownloadEntry>();
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return out;
    for (const [id, v] of Object.entries(raw as Record<string, unknown>)) {
      if (isEntry(v)) out.set(id, tidy(v));
    }
    return out;
  }

  private async save(entries: Map<string, DownloadEntry>): Promise<void> {
    // Object.fromEntries defines own properties, so even `__proto__` is stored as plain data.
    await this.store.update(this.key, Object.fromEntries(entries));
  }
}

/** Only the known fields, and the formula count only when it is well-formed. */
function tidy(e: DownloadEntry): DownloadEntry {
  const f = e.formulaCells as Partial<FormulaCellReport> | undefined;
  const counted =
    f &&
    Number.isInteger(f.cells) &&
    (f.firstRecord === undefined || Number.isInteger(f.firstRecord))
      ? {
          formulaCells:
            f.firstRecord === undefined
              ? { cells: f.cells! }
              : { cells: f.cells!, firstRecord: f.firstRecord },
        }
      : {};
  return { path: e.path, bytes: e.bytes, savedAt: e.savedAt, ...counted };
}

function isEntry(v: unknown): v is DownloadEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return (
    typeof e.path === 'string' &&
    e.path !== '' &&
    typeof e.bytes === 'number' &&
    Number.isInteger(e.bytes) &&
    e.bytes >= 0 &&
    typeof e.savedAt === 'number' &&
    Number.isFinite(e.savedAt)
  );
}

function isMissing(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
