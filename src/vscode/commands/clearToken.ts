// "Clear Access Token": forgets the active connection's stored secret (token, client secret or API key);
// says so when the environment variable still supplies a token.
import * as vscode from 'vscode';
import { secretLabel } from '../../core/connections/connectionList';
import { TOKEN_ENV_VAR } from '../../core/ids';
import type { AuthKind } from '../../core/connections/environmentInput';
import type { SetupState } from '../../core/setup/setupState';
import type { Shell } from '../shell';

export function clearToken(s: Pick<Shell, 'log' | 'notifier' | 'setup' | 'tokens'>) {
  return async (): Promise<SetupState> => {
    const what = secretLabel(s.tokens.authKind);
    const What = what.charAt(0).toUpperCase() + what.slice(1);
    await s.tokens.clear();
    s.log.info(`${What} removed from secret storage.`);
    const state = await s.setup.tokenChanged();
    s.notifier.show('info', removedText(s.tokens.authKind, s.tokens.hasEnvironmentToken));
    return state;
  };
}

/** One sentence per kind of secret: its name takes a different article and gender in other languages. */
function removedText(kind: AuthKind, fromEnvironment: boolean): string {
  if (kind === 'serviceUser')
    return fromEnvironment
      ? vscode.l10n.t(
          'Client secret removed. The {0} environment variable still provides one.',
          TOKEN_ENV_VAR,
        )
      : vscode.l10n.t('Client secret removed.');
  if (kind === 'apiKey')
    return fromEnvironment
      ? vscode.l10n.t(
          'API key removed. The {0} environment variable still provides one.',
          TOKEN_ENV_VAR,
        )
      : vscode.l10n.t('API key removed.');
  return fromEnvironment
    ? vscode.l10n.t(
        'Access token removed. The {0} environment variable still provides one.',
        TOKEN_ENV_VAR,
      )
    : vscode.l10n.t('Access token removed.');
}
