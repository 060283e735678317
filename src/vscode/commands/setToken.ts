// "Set Access Token…": asks with a password input box, stores the token in SecretStorage and checks it at
// once by listing orders through the poller (so even this check keeps the API's 10 s rule), saying
// either that it works or exactly why not.
import * as vscode from 'vscode';
import { isApiError, type ApiError } from '../../core/errors';
import type { SetupState } from '../../core/setup/setupState';
import { fixesFor } from '../errorBoundary';
import type { Shell } from '../shell';

export interface SetTokenResult {
  /** True when the server accepted the token, false when it refused it, undefined when unknown. */
  readonly accepted: boolean | undefined;
  readonly state: SetupState;
}

/** A pasted token without a "Bearer " prefix or surrounding quotes/whitespace. */
export function cleanToken(input: string): string {
  return input
    .trim()
    .replace(/^bearer\s+/i, '')
    .replace(/^["']|["']$/g, '')
    .trim();
}

function problemWith(token: string): string | undefined {
  if (!token) return 'Paste the access token.';
  if (/\s/.test(token)) return 'A token has no spaces or line breaks: paste just the token.';
  return undefined;
}

export function setToken(
  s: Pick<Shell, 'boundary' | 'clients' | 'log' | 'notifier' | 'setup' | 'tokens' | 'watcher'>,
) {
  return async (given?: unknown): Promise<SetTokenResult | undefined> => {
    const input =
      typeof given === 'string'
        ? given
        : await vscode.window.showInputBox({
            title: 'Unique Analytics: Access Token',
            prompt:
              "Paste an access token for the Unique API. It is kept in VS Code's secret storage, never in settings.",
            placeHolder: 'eyJhbGciOi…',
            password: true,
            ignoreFocusOut: true,
            validateInput: (v) => problemWith(cleanToken(v)),
          });
    if (input === undefined) return undefined;
    const token = cleanToken(input);
    const problem = problemWith(token);
    if (problem) {
      s.notifier.show('warning', problem, ['Set Token'], (a) => s.boundary.runFix(a));
      return undefined;
    }
    await s.tokens.store(token);
    s.log.info('Access token stored in secret storage.');

    try {
      s.clients.api();
    } catch {
      const state = await s.setup.tokenChanged();
      s.notifier.show(
        'info',
        'Access token saved. Configure the base URL to use it.',
        ['Configure'],
        (a) => s.boundary.runFix(a),
      );
      return { accepted: undefined, state };
    }
    const outcome = await s.setup.quietly(async () =>
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Checking the access token…' },
        () => s.watcher.refreshAndWait(),
      ),
    );
    const state = s.setup.current ?? (await s.setup.recheck());
    if (outcome.ok) {
      s.notifier.show('info', 'Access token saved. Unique accepted it.');
      return { accepted: true, state };
    }
    const error = outcome.error;
    if (!isApiError(error)) throw error;
    s.log.warn(`The new token could not be confirmed (${error.kind}): ${error.message}`);
    s.notifier.show('error', checkFailedText(error), fixesFor(error, s.setup.baseUrlMissing), (a) =>
      s.boundary.runFix(a),
    );
    return {
      accepted: error.kind === 'unauthorized' || error.kind === 'forbidden' ? false : undefined,
      state,
    };
  };
}

/**
 * What the person who just pasted a token reads when the check fails. For a rejection the generic API
 * message ("Listing orders failed: … Run Set Access Token…") would send them to the command they just ran.
 */
export function checkFailedText(error: ApiError): string {
  const http = error.details.status ? ` (HTTP ${error.details.status})` : '';
  switch (error.kind) {
    case 'unauthorized':
      return `Unique did not accept the access token${http}: it may be expired, incomplete or meant for another tenant. Set a fresh one.`;
    case 'forbidden':
      return `Unique accepted the access token, but its user lacks the analytics roles${http}. Ask your Unique administrator for chat.feedback.read or chat.data.admin, or set another token.`;
    default:
      return `Token saved, but it could not be checked: ${error.message}`;
  }
}
