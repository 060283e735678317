// Insights are computed once per file version: a report (and a chat export's compare basis) is kept in memory
// and in the extension's global storage, keyed by the file's path, size and mtime, so reopening the Insights of
// an unchanged file is instant, also after a reload. A changed file (a new download) misses and is computed
// again, and so does a report written in another display language (its titles and labels are text). Entries
// are written whole to a temporary name and renamed (never a half-written entry).
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { CompareBasis } from '../../core/insights/recipe';
import type { InsightsReport } from '../../shared/insightsMessages';

/** Bumped when the report's shape or a recipe changes: older entries are recomputed. */
const CACHE_VERSION = 1;

export interface CachedInsights {
  readonly report: InsightsReport;
  readonly basis?: CompareBasis;
}

interface Stored extends CachedInsights {
  readonly version: number;
  readonly file: string;
  readonly key: string;
  /** The display language the report's texts were made in (absent: written before, in English). */
  readonly language?: string;
}

export class InsightsCache {
  private readonly memory = new Map<string, Stored>();

  /** `language`: VS Code's display language, which the reports' texts are made in. */
  constructor(
    private readonly dir: string,
    private readonly language = 'en',
  ) {}

  /** The file's version key ("size:mtime"), or undefined when it is not there. */
  static async keyOf(file: string): Promise<string | undefined> {
    try {
      const s = await stat(file);
      return s.isFile() ? `${s.size}:${s.mtimeMs}` : undefined;
    } catch {
      return undefined;
    }
  }

  private entryPath(file: string): string {
    return path.join(
      this.dir,
      `${createHash('sha256').update(file).digest('hex').slice(0, 32)}.json`,
    );
  }

  async get(file: string, key: string): Promise<CachedInsights | undefined> {
    const hit = this.memory.get(file);
    if (hit?.key === key && (hit.language ?? 'en') === this.language) return hit;
    try {
      const stored = JSON.parse(await readFile(this.entryPath(file), 'utf8')) as Stored;
      if (
        stored.version !== CACHE_VERSION ||
        stored.file !== file ||
        stored.key !== key ||
        (stored.language ?? 'en') !== this.language
      )
        return undefined;
      this.memory.set(file, stored);
      return stored;
    } catch {
      return undefined;
    }
  }

  async set(file: string, key: string, value: CachedInsights): Promise<void> {
    const stored: Stored = { version: CACHE_VERSION, file, key, ...value, language: this.language };
    this.memory.set(file, stored);
    await mkdir(this.dir, { recursive: true });
    const target = this.entryPath(file);
    const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temp, JSON.stringify(stored));
    await rename(temp, target);
  }
}
