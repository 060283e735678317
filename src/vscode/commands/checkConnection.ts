// "Check Connection": calls every endpoint it safely can and reports each result in the log, with a
// one-line summary naming the first thing that failed. A passing check clears a stale set-up problem.
import * as vscode from 'vscode';
import { CHECKS } from '../../core/api/connectionCheck';
import type { ConnectionReport } from '../../core/api/types';
import { isApiError } from '../../core/errors';
import { PUBLIC_CHECKS } from '../../core/api/publicClient';
import type { AuthKind } from '../../core/connections/environmentInput';
import { Fix, signInFix, type FixAction } from '../errorBoundary';
import type { Shell } from '../shell';

/**
 * The button that fixes what the first failed check found: the setting (Configure for the older settings'
 * base URL, the settings for a named environment), or the connection's secret.
 */
function fixFor(check: string, kind: AuthKind, named: boolean): FixAction[] {
  switch (check) {
    case CHECKS.settings:
    case CHECKS.reach:
      return [named ? Fix.openSettings : Fix.configure];
    case PUBLIC_CHECKS.settings:
    case PUBLIC_CHECKS.identity:
      return [Fix.openSettings];
    case CHECKS.token:
    case CHECKS.auth:
    case CHECKS.roles:
    case PUBLIC_CHECKS.key:
    case PUBLIC_CHECKS.auth:
      return [signInFix(kind)];
    default:
      return [];
  }
}

/** The report as log lines: one per check, ✓ or ✗, with its detail. */
export function reportLines(report: ConnectionReport): string[] {
  return report.checks.map((c) => `${c.ok ? '✓' : '✗'} ${c.check}: ${c.detail}`);
}

export function checkConnection(
  s: Pick<Shell, 'boundary' | 'clients' | 'connections' | 'log' | 'notifier' | 'setup' | 'tokens'>,
) {
  return async (): Promise<ConnectionReport> => {
    let report: ConnectionReport;
    try {
      const api = s.clients.api();
      report = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t('Checking the connection to Unique…'),
          cancellable: true,
        },
        (_progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          return api.checkConnection(controller.signal);
        },
      );
    } catch (error) {
      if (
        !isApiError(error) ||
        (error.kind !== 'notConfigured' && error.kind !== 'badConfiguration')
      )
        throw error;
      report = {
        ok: false,
        checks: [{ check: CHECKS.settings, ok: false, detail: error.message }],
      };
    }
    s.log.info(`Connection check (${s.clients.userAgent}):\n${reportLines(report).join('\n')}`);
    const failed = report.checks.find((c) => !c.ok);
    if (!failed) {
      await s.setup.noteOutcome(undefined);
      s.notifier.show(
        'info',
        vscode.l10n.t('Connection works: all {0} checks passed.', report.checks.length),
        [Fix.showLog],
        (a) => s.boundary.runFix(a),
      );
    } else {
      const passed = report.checks.filter((c) => c.ok).length;
      s.notifier.show(
        'warning',
        vscode.l10n.t({
          message: 'Connection check: {0} of {1} passed. {2} failed: {3}',
          args: [passed, report.checks.length, failed.check, failed.detail],
          comment: ['{2} names the check that failed, e.g. "Token accepted"; {3} says why'],
        }),
        [
          ...fixFor(failed.check, s.tokens.authKind, s.connections.active?.fromSettings === false),
          Fix.showLog,
        ],
        (a) => s.boundary.runFix(a),
      );
    }
    return report;
  };
}
