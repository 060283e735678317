// The one place that shows messages to the person: never the same warning or error twice while it is
// still open (no dialog pile-up), token scrubbed, callers never blocked waiting for a click, and a short
// history the integration tests read.
import * as vscode from 'vscode';

export type Severity = 'info' | 'warning' | 'error';

export interface ShownMessage {
  readonly severity: Severity;
  readonly text: string;
  readonly actions: readonly string[];
}

const HISTORY = 50;

export class Notifier {
  private readonly open = new Set<string>();
  private readonly history: ShownMessage[] = [];

  constructor(private readonly redact: (text: string) => string) {}

  /**
   * Shows a message and runs `onAction` with the chosen action, if any. Returns at once: a command must
   * not hang until someone clicks. A problem (warning, error) identical to one still open is dropped;
   * confirmations always show. False when dropped.
   */
  show(
    severity: Severity,
    text: string,
    actions: readonly string[] = [],
    onAction?: (action: string) => unknown,
  ): boolean {
    const safe = this.redact(text);
    const key = severity === 'info' ? undefined : `${severity}\u0000${safe}`;
    if (key !== undefined && this.open.has(key)) return false;
    if (key !== undefined) this.open.add(key);
    this.history.push({ severity, text: safe, actions });
    if (this.history.length > HISTORY) this.history.shift();
    const shown =
      severity === 'error'
        ? vscode.window.showErrorMessage(safe, ...actions)
        : severity === 'warning'
          ? vscode.window.showWarningMessage(safe, ...actions)
          : vscode.window.showInformationMessage(safe, ...actions);
    const closed = (): void => {
      if (key !== undefined) this.open.delete(key);
    };
    void Promise.resolve(shown).then(async (action) => {
      closed();
      if (action && onAction) await onAction(action);
    }, closed);
    return true;
  }

  /** Messages shown so far (newest last), for tests and diagnostics. */
  recent(): readonly ShownMessage[] {
    return [...this.history];
  }
}
