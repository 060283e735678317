// Where each connection's secret comes from: VS Code's SecretStorage (a pasted access token, a service
// user's client secret or a personal API key, one key per connection), and for the connection of the older
// settings also the UNIQUE_ANALYTICS_TOKEN environment variable. Never settings, never the log; a value
// leaves this file only towards the HTTP client (and, to be scrubbed, towards `redact`).
import * as vscode from 'vscode';
import { authKindOf, type Connection } from '../core/connections/connectionList';
import { secretKeyFor, secretOf } from '../core/connections/environment';
import { EXTENSION_ID_PREFIX, TOKEN_ENV_VAR, TOKEN_SECRET_KEY } from '../core/ids';
import type { Logger } from '../core/ports';

export type TokenOrigin = 'secretStorage' | 'environment';

/** The SecretStorage key of a connection's secret (the older settings keep the key they always had). */
export function secretStorageKey(c: Connection): string {
  return c.fromSettings
    ? TOKEN_SECRET_KEY
    : secretKeyFor(c.name, c.environment ? secretOf(c.environment.auth) : 'token');
}

export class TokenSource implements vscode.Disposable {
  /** Every secret seen (and every access token a service user got), so any text can be scrubbed. */
  private readonly seenValues = new Set<string>();
  /** What this window last wrote, per key (undefined after clear). */
  private readonly written = new Map<string, string | undefined>();
  private readonly subscription: vscode.Disposable;
  private readonly changedElsewhere = new vscode.EventEmitter<void>();
  /** A stored secret was changed by someone else (another window); our own store/clear does not fire. */
  readonly onDidChangeElsewhere = this.changedElsewhere.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: Logger,
    private readonly active: () => Connection | undefined,
  ) {
    const onChange = (): void => this.changedElsewhere.fire();
    // Our own store/clear is followed up by the command that made it; only outside changes (another
    // window) need the callback, so a change to the value we just wrote is ignored.
    this.subscription = secrets.onDidChange((e) => {
      if (!e.key.startsWith(`${EXTENSION_ID_PREFIX}.`)) return;
      void Promise.resolve(secrets.get(e.key)).then(
        (value) => {
          if ((value?.trim() || undefined) !== this.written.get(e.key)) onChange();
        },
        () => onChange(),
      );
    });
  }

  /** The active connection's secret and where it came from; undefined when none is set. */
  lookup(): Promise<{ token: string; origin: TokenOrigin } | undefined> {
    const c = this.active();
    return c ? this.lookupFor(c) : Promise.resolve(undefined);
  }

  /** A connection's secret and where it came from; undefined when none is set. */
  async lookupFor(c: Connection): Promise<{ token: string; origin: TokenOrigin } | undefined> {
    let stored: string | undefined;
    try {
      stored = (await this.secrets.get(secretStorageKey(c)))?.trim();
    } catch (e) {
      // Some Linux set-ups have no keyring: fall back to the environment, say so once per lookup.
      this.log.warn(
        `Secret storage is unavailable (${e instanceof Error ? e.message : String(e)})${c.fromSettings ? `; trying ${TOKEN_ENV_VAR}` : ''}.`,
      );
    }
    if (stored) return { token: this.seen(stored), origin: 'secretStorage' };
    const fromEnv = c.fromSettings ? this.env[TOKEN_ENV_VAR]?.trim() : undefined;
    return fromEnv ? { token: this.seen(fromEnv), origin: 'environment' } : undefined;
  }

  /** The `TokenGetter` of the active connection. */
  readonly get = async (): Promise<string | undefined> => (await this.lookup())?.token;

  /** The `TokenGetter` of one connection (its client keeps it, whichever connection is active). */
  getterFor(c: Connection): () => Promise<string | undefined> {
    return async () => (await this.lookupFor(c))?.token;
  }

  /** Stores the active connection's secret. */
  async store(value: string): Promise<void> {
    const c = this.active();
    if (c) await this.storeFor(c, value);
  }

  async storeFor(c: Connection, value: string): Promise<void> {
    const key = secretStorageKey(c);
    const v = this.seen(value.trim());
    this.written.set(key, v);
    await this.secrets.store(key, v);
  }

  /** Removes the active connection's secret. */
  async clear(): Promise<void> {
    const c = this.active();
    if (!c) return;
    const key = secretStorageKey(c);
    this.written.set(key, undefined);
    await this.secrets.delete(key);
  }

  /** True when the environment variable would still supply a token to the active connection after `clear()`. */
  get hasEnvironmentToken(): boolean {
    return Boolean(this.active()?.fromSettings && this.env[TOKEN_ENV_VAR]?.trim());
  }

  /** How the active connection signs in. */
  get authKind(): ReturnType<typeof authKindOf> {
    return authKindOf(this.active());
  }

  /** Remembers a value to scrub (e.g. an access token a service user just received). */
  noteSecret(value: string): void {
    this.seen(value);
  }

  /** The secrets to scrub from any text before it is shown or logged. */
  get secretsForRedaction(): readonly string[] {
    return [...this.seenValues];
  }

  private seen(value: string): string {
    if (value) this.seenValues.add(value);
    return value;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changedElsewhere.dispose();
  }
}
