// The one error boundary every command runs in: user-caused problems get a one-line message with the
// action that fixes it; cancellation stays quiet; anything unexpected is logged with its stack and shown
// briefly with "Show Log". Messages and the log never hold the token (Notifier and `redact` scrub it).
import * as vscode from 'vscode';
import { assertNever, isApiError, type ApiError } from '../core/errors';
import type { EnvironmentAuth } from '../core/connections/environment';
import { CommandIds } from '../core/ids';
import type { Notifier } from './notifier';

/**
 * The actions that fix a problem, as their buttons say them (translated when read, so read them when a message
 * is shown, never at module load). `runFix` takes the button a person chose.
 */
export const Fix = {
  get setToken(): string {
    return vscode.l10n.t('Set Token');
  },
  get setClientSecret(): string {
    return vscode.l10n.t('Set Client Secret');
  },
  get setApiKey(): string {
    return vscode.l10n.t('Set API Key');
  },
  get configure(): string {
    return vscode.l10n.t({ message: 'Configure', comment: ['button: set up the connection'] });
  },
  get openSettings(): string {
    return vscode.l10n.t('Open Settings');
  },
  get retry(): string {
    return vscode.l10n.t('Retry');
  },
  get showLog(): string {
    return vscode.l10n.t('Show Log');
  },
  get checkConnection(): string {
    return vscode.l10n.t('Check Connection');
  },
  get refresh(): string {
    return vscode.l10n.t({ message: 'Refresh', comment: ['button: list the orders again'] });
  },
};
/** A button of `Fix` (its label in the display language). */
export type FixAction = string;

/** The action that sets the active connection's secret, named after it. */
export function signInFix(kind: EnvironmentAuth['kind']): FixAction {
  return kind === 'serviceUser'
    ? Fix.setClientSecret
    : kind === 'apiKey'
      ? Fix.setApiKey
      : Fix.setToken;
}

/**
 * Which actions fix an ApiError. `noBaseUrl` tells a missing base URL from a missing token; `kind` names the
 * secret of the active connection ("Set Client Secret" for a service user).
 */
export function fixesFor(
  error: ApiError,
  noBaseUrl: boolean,
  kind: EnvironmentAuth['kind'] = 'token',
): FixAction[] {
  return plainFixes(error, noBaseUrl).map((f) => (f === Fix.setToken ? signInFix(kind) : f));
}

function plainFixes(error: ApiError, noBaseUrl: boolean): FixAction[] {
  switch (error.kind) {
    case 'notConfigured':
      return noBaseUrl ? [Fix.configure] : [Fix.setToken];
    case 'badConfiguration':
      return [Fix.openSettings];
    case 'unauthorized':
    case 'forbidden':
      return [Fix.setToken, Fix.checkConnection];
    case 'notFound':
      return error.details.operation && /download|delet/i.test(error.details.operation)
        ? [Fix.refresh]
        : [Fix.openSettings, Fix.checkConnection];
    case 'rateLimited':
    case 'server':
    case 'network':
      return [Fix.retry, Fix.showLog];
    case 'protocol':
      return [Fix.showLog];
    case 'cancelled':
      return [];
    default:
      return assertNever(error.kind, 'ApiError kind');
  }
}

export function isQuietCancellation(e: unknown): boolean {
  if (isApiError(e)) return e.kind === 'cancelled';
  return e instanceof vscode.CancellationError || (e instanceof Error && e.name === 'AbortError');
}

export interface ErrorBoundaryDeps {
  readonly log: vscode.LogOutputChannel;
  readonly notifier: Notifier;
  readonly redact: (text: string) => string;
  /** True while no base URL is configured (picks Configure over Set Token). */
  readonly baseUrlMissing: () => boolean;
  /** How the active connection signs in (names the fix: Set Token, Set Client Secret, Set API Key). */
  readonly authKind?: () => EnvironmentAuth['kind'];
}

export class ErrorBoundary {
  constructor(private readonly deps: ErrorBoundaryDeps) {}

  /** Wraps a command handler: its result on success, `undefined` after a reported failure. */
  wrap<A extends unknown[], R>(
    title: string,
    handler: (...args: A) => R | Promise<R>,
  ): (...args: A) => Promise<R | undefined> {
    const run = async (...args: A): Promise<R | undefined> => {
      try {
        return await handler(...args);
      } catch (error) {
        this.report(error, title, () => run(...args));
        return undefined;
      }
    };
    return run;
  }

  /** Shows (and logs) one failure of `title`; `retry` backs the "Retry" action. */
  report(error: unknown, title: string, retry?: () => unknown): void {
    const { log, notifier, redact } = this.deps;
    if (isQuietCancellation(error)) {
      log.debug(`${title}: cancelled`);
      return;
    }
    if (isApiError(error)) {
      log.warn(
        `${title} failed (${error.kind}${error.details.status ? ` ${error.details.status}` : ''}): ${redact(error.message)}`,
      );
      const fixes = fixesFor(error, this.deps.baseUrlMissing(), this.deps.authKind?.()).filter(
        (f) => f !== Fix.retry || retry,
      );
      notifier.show(error.isTransient ? 'warning' : 'error', oneLine(error.message), fixes, (a) =>
        this.runFix(a, retry),
      );
      return;
    }
    const err = error instanceof Error ? error : new Error(String(error));
    log.error(`${title} failed unexpectedly: ${redact(err.stack ?? err.message)}`);
    notifier.show(
      'error',
      vscode.l10n.t({
        message: '{0} failed unexpectedly. The log has the details.',
        args: [title],
        comment: ['{0} is the title of a command, e.g. "Start Export"'],
      }),
      [Fix.showLog],
      (a) => this.runFix(a, retry),
    );
  }

  /** Runs the command behind a fix action (a `Fix` button). Shared with other places that offer the same actions. */
  async runFix(action: string, retry?: () => unknown): Promise<void> {
    const fix = { ...Fix }; // each label translated once
    if (action === fix.setToken || action === fix.setClientSecret || action === fix.setApiKey)
      await vscode.commands.executeCommand(CommandIds.setToken);
    else if (action === fix.configure) await vscode.commands.executeCommand(CommandIds.configure);
    else if (action === fix.openSettings)
      await vscode.commands.executeCommand('workbench.action.openSettings', 'uniqueAnalytics');
    else if (action === fix.checkConnection)
      await vscode.commands.executeCommand(CommandIds.checkConnection);
    else if (action === fix.refresh) await vscode.commands.executeCommand(CommandIds.refresh);
    else if (action === fix.showLog) this.deps.log.show(true);
    else if (action === fix.retry) await retry?.();
    else this.deps.log.debug(`No fix action named ${action}`);
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
