// Reads the `uniqueAnalytics.*` settings into one typed, clamped snapshot and tells listeners which keys
// changed, live. It decides nothing beyond clamping; the token is never a setting.
import * as vscode from 'vscode';
import { EXTENSION_ID_PREFIX, SettingKeys, type SettingKey } from '../core/ids';
import type { Logger } from '../core/ports';
import { RESTRICTED_SETTINGS } from '../core/trust/workspaceSettings';

const isRestricted = (key: SettingKey): boolean =>
  (RESTRICTED_SETTINGS as readonly string[]).includes(key);

export interface Settings {
  readonly baseUrl: string;
  readonly graphqlPath: string;
  /** Already clamped to >= 10 s (the API's rule). */
  readonly pollIntervalMs: number;
  /** Already clamped to 1–100. */
  readonly pageSize: number;
  readonly openAfterDownload: boolean;
  readonly notifyWhenDone: boolean;
  readonly deleteAfterDownload: boolean;
  /** Empty: the extension's own storage. */
  readonly downloadFolder: string;
  /** Show e-mail addresses masked in previews and row details. */
  readonly maskEmails: boolean;
  /** The `environments` setting as written (core/connections/connectionList.ts reads it). */
  readonly environments: unknown;
  /** Where a downloaded export opens: the text editor (as always) or the table. */
  readonly openDownloadsIn: 'text' | 'table';
  /** The `reports` setting as written (core/reports/report.ts reads it). */
  readonly reports: unknown;
}

export interface SettingsChange {
  readonly settings: Settings;
  readonly changed: ReadonlySet<SettingKey>;
}

export const MIN_POLL_SECONDS = 10;
const MAX_POLL_SECONDS = 3600;
const MIN_PAGE = 1;
const MAX_PAGE = 100;

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

/** Pure: turns raw configuration values into a `Settings`, reporting each clamp it had to make. */
export function readSettings(
  get: <T>(key: SettingKey, fallback: T) => T,
  warn: (message: string) => void,
): Settings {
  const str = (key: SettingKey, fallback: string): string => {
    const v = get<unknown>(key, fallback);
    return typeof v === 'string' ? v.trim() : fallback;
  };
  const bool = (key: SettingKey, fallback: boolean): boolean => {
    const v = get<unknown>(key, fallback);
    return typeof v === 'boolean' ? v : fallback;
  };
  const num = (key: SettingKey, fallback: number): number => {
    const v = get<unknown>(key, fallback);
    return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
  };

  const pollRaw = num(SettingKeys.pollIntervalSeconds, MIN_POLL_SECONDS);
  const pollSeconds = clamp(pollRaw, MIN_POLL_SECONDS, MAX_POLL_SECONDS);
  if (pollSeconds !== pollRaw) {
    warn(
      `uniqueAnalytics.pollIntervalSeconds is ${pollRaw}; using ${pollSeconds} (allowed: ${MIN_POLL_SECONDS}–${MAX_POLL_SECONDS}).`,
    );
  }
  const pageRaw = num(SettingKeys.pageSize, 20);
  const pageSize = clamp(Math.round(pageRaw), MIN_PAGE, MAX_PAGE);
  if (pageSize !== pageRaw)
    warn(
      `uniqueAnalytics.pageSize is ${pageRaw}; using ${pageSize} (allowed: whole numbers ${MIN_PAGE}–${MAX_PAGE}).`,
    );

  return {
    baseUrl: str(SettingKeys.baseUrl, ''),
    graphqlPath: str(SettingKeys.graphqlPath, '/graphql'),
    pollIntervalMs: pollSeconds * 1000,
    pageSize,
    openAfterDownload: bool(SettingKeys.openAfterDownload, true),
    notifyWhenDone: bool(SettingKeys.notifyWhenDone, true),
    deleteAfterDownload: bool(SettingKeys.deleteAfterDownload, false),
    downloadFolder: str(SettingKeys.downloadFolder, ''),
    maskEmails: bool(SettingKeys.maskEmails, false),
    environments: get<unknown>(SettingKeys.environments, []),
    openDownloadsIn: str(SettingKeys.openDownloadsIn, 'text') === 'table' ? 'table' : 'text',
    reports: get<unknown>(SettingKeys.reports, []),
  };
}

/** The live settings: `current` is always fresh; `onDidChange` fires once per configuration change. */
export class SettingsReader implements vscode.Disposable {
  private snapshot: Settings;
  private readonly changed = new vscode.EventEmitter<SettingsChange>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly log: Logger) {
    this.snapshot = this.read();
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(EXTENSION_ID_PREFIX)) return;
      const keys = new Set(
        Object.values(SettingKeys).filter((k) =>
          e.affectsConfiguration(`${EXTENSION_ID_PREFIX}.${k}`),
        ),
      );
      this.snapshot = this.read();
      this.log.info(`Settings changed: ${[...keys].join(', ') || '(none of ours)'}`);
      this.changed.fire({ settings: this.snapshot, changed: keys });
    });
  }

  get current(): Settings {
    return this.snapshot;
  }

  private read(): Settings {
    const config = vscode.workspace.getConfiguration(EXTENSION_ID_PREFIX);
    const get = <T>(key: SettingKey, fallback: T): T => {
      if (!isRestricted(key)) return config.get<T>(key, fallback);
      // Where credentials go and where files land: the user's value only, whatever a workspace or folder
      // says (the manifest's scope already tells VS Code so; this holds even if a host ignored the scope).
      const seen = config.inspect<T>(key);
      return seen?.globalValue ?? seen?.defaultValue ?? fallback;
    };
    return readSettings(get, (m) => this.log.warn(m));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
