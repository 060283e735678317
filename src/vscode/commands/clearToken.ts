// "Clear Access Token": forgets the stored token; says so when the environment variable still supplies one.
import { TOKEN_ENV_VAR } from '../../core/ids';
import type { SetupState } from '../../core/setup/setupState';
import type { Shell } from '../shell';

export function clearToken(s: Pick<Shell, 'log' | 'notifier' | 'setup' | 'tokens'>) {
  return async (): Promise<SetupState> => {
    await s.tokens.clear();
    s.log.info('Access token removed from secret storage.');
    const state = await s.setup.tokenChanged();
    s.notifier.show(
      'info',
      s.tokens.hasEnvironmentToken
        ? `Access token removed. The ${TOKEN_ENV_VAR} environment variable still provides one.`
        : 'Access token removed.',
    );
    return state;
  };
}
