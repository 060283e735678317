// Where the access token comes from: VS Code's SecretStorage, else the UNIQUE_ANALYTICS_TOKEN environment
// variable. Never settings, never the log; the value leaves this file only towards the HTTP client.
import * as vscode from 'vscode';
import { TOKEN_ENV_VAR, TOKEN_SECRET_KEY } from '../core/ids';
import type { Logger } from '../core/ports';

export type TokenOrigin = 'secretStorage' | 'environment';

export class TokenSource implements vscode.Disposable {
  /** Last token seen, kept only so text shown or logged can be redacted synchronously. */
  private lastSeen: string | undefined;
  /** What this window last wrote to the secret (undefined after clear). */
  private written: string | undefined;
  private readonly subscription: vscode.Disposable;
  private readonly changedElsewhere = new vscode.EventEmitter<void>();
  /** The stored token was changed by someone else (another window); our own store/clear does not fire. */
  readonly onDidChangeElsewhere = this.changedElsewhere.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: Logger,
  ) {
    const onChange = (): void => this.changedElsewhere.fire();
    // Our own store/clear is followed up by the command that made it; only outside changes (another
    // window) need the callback, so a change to the value we just wrote is ignored.
    this.subscription = secrets.onDidChange((e) => {
      if (e.key !== TOKEN_SECRET_KEY) return;
      void Promise.resolve(secrets.get(TOKEN_SECRET_KEY)).then(
        (value) => {
          if ((value?.trim() || undefined) !== this.written) onChange();
        },
        () => onChange(),
      );
    });
  }

  /** The token to send, and where it came from; undefined when neither place holds one. */
  async lookup(): Promise<{ token: string; origin: TokenOrigin } | undefined> {
    let stored: string | undefined;
    try {
      stored = (await this.secrets.get(TOKEN_SECRET_KEY))?.trim();
    } catch (e) {
      // Some Linux set-ups have no keyring: fall back to the environment, say so once per lookup.
      this.log.warn(
        `Secret storage is unavailable (${e instanceof Error ? e.message : String(e)}); trying ${TOKEN_ENV_VAR}.`,
      );
    }
    if (stored) return this.seen({ token: stored, origin: 'secretStorage' as const });
    const fromEnv = this.env[TOKEN_ENV_VAR]?.trim();
    return fromEnv ? this.seen({ token: fromEnv, origin: 'environment' as const }) : undefined;
  }

  /** The `TokenGetter` the client calls before each request. */
  readonly get = async (): Promise<string | undefined> => (await this.lookup())?.token;

  async store(token: string): Promise<void> {
    this.written = token.trim();
    this.lastSeen = this.written;
    await this.secrets.store(TOKEN_SECRET_KEY, this.written);
  }

  async clear(): Promise<void> {
    this.written = undefined;
    await this.secrets.delete(TOKEN_SECRET_KEY);
  }

  /** True when the environment variable would still supply a token after `clear()`. */
  get hasEnvironmentToken(): boolean {
    return Boolean(this.env[TOKEN_ENV_VAR]?.trim());
  }

  /** The secret to scrub from any text before it is shown or logged. */
  get secretForRedaction(): string | undefined {
    return this.lastSeen;
  }

  private seen<T extends { token: string }>(found: T): T {
    this.lastSeen = found.token;
    return found;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changedElsewhere.dispose();
  }
}
