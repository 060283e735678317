// "Set Access Token…": asks with a password input box, stores the token in SecretStorage and checks it at
// once with a one-order listing, saying either that it works or exactly why not.
import * as vscode from 'vscode';
import { isApiError } from '../../core/errors';
import type { SetupState } from '../../core/setupState';
import { fixesFor } from '../errorBoundary';
import type { Shell } from '../shell';

export interface SetTokenResult {
  /** True when the server accepted the token; undefined when it could not be checked (no base URL). */
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

export function setToken(s: Shell) {
  return async (given?: unknown): Promise<SetTokenResult | undefined> => {
    const token =
      typeof given === 'string'
        ? cleanToken(given)
        : await vscode.window.showInputBox({
            title: 'Unique Analytics: Access Token',
            prompt: "Paste an access token for the Unique API. It is kept in VS Code's secret storage, never in settings.",
            placeHolder: 'eyJhbGciOi…',
            password: true,
            ignoreFocusOut: true,
            validateInput: (v) => problemWith(cleanToken(v)),
          });
    if (token === undefined) return undefined;
    const clean = cleanToken(token);
    const problem = problemWith(clean);
    if (problem) {
      s.notifier.show('warning', problem, ['Set Token'], (a) => s.boundary.runFix(a));
      return undefined;
    }
    await s.tokens.store(clean);
    s.log.info('Access token stored in secret storage.');

    let api;
    try {
      api = s.clients.api();
    } catch {
      const state = await s.setup.tokenChanged();
      s.notifier.show('info', 'Access token saved. Configure the base URL to use it.', ['Configure'], (a) => s.boundary.runFix(a));
      return { accepted: undefined, state };
    }
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Checking the access token…' }, () =>
        api.listOrders(0, 1),
      );
    } catch (error) {
      if (!isApiError(error)) throw error;
      const state = await s.setup.noteOutcome(error);
      s.log.warn(`The new token did not work (${error.kind}): ${error.message}`);
      const fixes = fixesFor(error, s.setup.baseUrlMissing);
      s.notifier.show('error', `Token saved, but it does not work: ${error.message}`, fixes, (a) => s.boundary.runFix(a));
      return { accepted: error.kind === 'unauthorized' || error.kind === 'forbidden' ? false : undefined, state };
    }
    const state = await s.setup.tokenChanged();
    s.notifier.show('info', 'Access token saved. Unique accepted it.');
    return { accepted: true, state };
  };
}
