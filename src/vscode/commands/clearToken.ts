// "Clear Access Token": forgets the active connection's stored secret (token, client secret or API key);
// says so when the environment variable still supplies a token.
import { secretLabel } from '../../core/connections/connectionList';
import { TOKEN_ENV_VAR } from '../../core/ids';
import type { SetupState } from '../../core/setup/setupState';
import type { Shell } from '../shell';

export function clearToken(s: Pick<Shell, 'log' | 'notifier' | 'setup' | 'tokens'>) {
  return async (): Promise<SetupState> => {
    const what = secretLabel(s.tokens.authKind);
    const What = what.charAt(0).toUpperCase() + what.slice(1);
    await s.tokens.clear();
    s.log.info(`${What} removed from secret storage.`);
    const state = await s.setup.tokenChanged();
    s.notifier.show(
      'info',
      s.tokens.hasEnvironmentToken
        ? `${What} removed. The ${TOKEN_ENV_VAR} environment variable still provides one.`
        : `${What} removed.`,
    );
    return state;
  };
}
