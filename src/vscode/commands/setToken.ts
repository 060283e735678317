// "Set Token…" (and its names for the other connections, "Set Client Secret…", "Set API Key…"): asks for
// the active connection's secret with a password input box, stores it in SecretStorage and checks it at
// once by listing orders through the poller (so even this check keeps the API's 10 s rule), saying
// either that it works or exactly why not. A pasted JWT's end is shown, and one already ended is refused.
import * as vscode from 'vscode';
import { describeExpiry, jwtExpiry } from '../../core/auth/jwt';
import { authKindOf, secretLabel, type Connection } from '../../core/connections/connectionList';
import type { EnvironmentAuth } from '../../core/connections/environment';
import { isApiError, type ApiError } from '../../core/errors';
import type { SetupState } from '../../core/setup/setupState';
import { fixesFor, signInFix } from '../errorBoundary';
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

type Kind = EnvironmentAuth['kind'];

/** Why a pasted value cannot be stored; undefined when it can. */
export function problemWith(
  token: string,
  kind: Kind = 'token',
  now = Date.now(),
): string | undefined {
  const what = secretLabel(kind);
  if (!token) return `Paste the ${what}.`;
  if (/\s/.test(token)) return `The ${what} has no spaces or line breaks: paste just the ${what}.`;
  const ends = kind === 'token' ? jwtExpiry(token) : undefined;
  if (ends !== undefined && ends <= now)
    return `This token ${describeExpiry(ends, now)}: paste a fresh one.`;
  return undefined;
}

/** Worth saying while typing, but no reason to refuse. */
function hintFor(token: string, kind: Kind, now = Date.now()): string | undefined {
  if (kind === 'apiKey' && token && !token.startsWith('ukey_'))
    return 'Personal API keys usually start with ukey_: check that this is the key, not the app id.';
  const ends = kind === 'token' ? jwtExpiry(token) : undefined;
  if (ends !== undefined && ends - now < 15 * 60_000)
    return `This token ends ${describeExpiry(ends, now)}; a service user signs in by itself instead.`;
  return undefined;
}

function askFor(c: Connection | undefined): vscode.InputBoxOptions {
  const kind = authKindOf(c);
  const where = c && !c.fromSettings ? ` (${c.name})` : '';
  const base = {
    password: true,
    ignoreFocusOut: true,
    validateInput: (v: string): vscode.InputBoxValidationMessage | string | undefined => {
      const clean = cleanToken(v);
      const problem = problemWith(clean, kind);
      if (problem) return problem;
      const hint = hintFor(clean, kind);
      return hint
        ? { message: hint, severity: vscode.InputBoxValidationSeverity.Warning }
        : undefined;
    },
  };
  const auth = c?.environment?.auth;
  if (auth?.kind === 'serviceUser')
    return {
      ...base,
      title: `Unique Analytics: Client Secret${where}`,
      prompt: `Paste the client secret of the service user ${auth.clientId}. It is kept in VS Code's secret storage; the extension signs in with it and renews the token itself.`,
    };
  if (auth?.kind === 'apiKey')
    return {
      ...base,
      title: `Unique Analytics: Personal API Key${where}`,
      prompt:
        "Paste your personal API key for the Public API. It is kept in VS Code's secret storage, never in settings.",
      placeHolder: 'ukey_…',
    };
  return {
    ...base,
    title: `Unique Analytics: Access Token${where}`,
    prompt:
      "Paste an access token for the Unique API. It is kept in VS Code's secret storage, never in settings.",
    placeHolder: 'eyJhbGciOi…',
  };
}

export function setToken(
  s: Pick<
    Shell,
    'boundary' | 'clients' | 'connections' | 'log' | 'notifier' | 'setup' | 'tokens' | 'watcher'
  >,
) {
  return async (given?: unknown): Promise<SetTokenResult | undefined> => {
    const connection = s.connections.active;
    const kind = authKindOf(connection);
    const what = secretLabel(kind);
    const input =
      typeof given === 'string' ? given : await vscode.window.showInputBox(askFor(connection));
    if (input === undefined) return undefined;
    const token = cleanToken(input);
    const problem = problemWith(token, kind);
    if (problem) {
      s.notifier.show('warning', problem, [signInFix(kind)], (a) => s.boundary.runFix(a));
      return undefined;
    }
    await s.tokens.store(token);
    s.log.info(
      `The ${what}${connection && !connection.fromSettings ? ` of "${connection.name}"` : ''} is stored in secret storage.`,
    );
    const Saved = what.charAt(0).toUpperCase() + what.slice(1);

    try {
      s.clients.api();
    } catch {
      const state = await s.setup.tokenChanged();
      s.notifier.show(
        'info',
        `${Saved} saved. Configure the base URL to use it.`,
        ['Configure'],
        (a) => s.boundary.runFix(a),
      );
      return { accepted: undefined, state };
    }
    const outcome = await s.setup.quietly(async () =>
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Checking the ${what}…` },
        () => s.watcher.refreshAndWait(),
      ),
    );
    const state = s.setup.current ?? (await s.setup.recheck());
    if (outcome.ok) {
      const ends = connection ? await s.clients.expiryOf(connection) : undefined;
      const lasts =
        ends === undefined
          ? ''
          : kind === 'serviceUser'
            ? ` Signed in; the token is renewed before it ends (next: ${describeExpiry(ends, Date.now())}).`
            : ` The token ends ${describeExpiry(ends, Date.now())}; you will be warned 10 minutes before.`;
      s.notifier.show('info', `${Saved} saved. Unique accepted it.${lasts}`);
      return { accepted: true, state };
    }
    const error = outcome.error;
    if (!isApiError(error)) throw error;
    s.log.warn(`The new ${what} could not be confirmed (${error.kind}): ${error.message}`);
    s.notifier.show(
      'error',
      checkFailedText(error, kind),
      fixesFor(error, s.setup.baseUrlMissing, kind),
      (a) => s.boundary.runFix(a),
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
export function checkFailedText(error: ApiError, kind: Kind = 'token'): string {
  const http = error.details.status ? ` (HTTP ${error.details.status})` : '';
  // A service user's sign-in failure names what to fix itself (client id/secret, project id, token URL).
  if (kind === 'serviceUser' && error.details.operation === 'Signing in as the service user')
    return error.message;
  if (kind === 'apiKey' && error.kind === 'unauthorized')
    return `Unique did not accept the API key${http}: it may be revoked or expired, or belong to another user. Set a new one.`;
  if (kind === 'apiKey' && error.kind === 'forbidden')
    return `Unique accepted the API key, but it may not read analytics${http}. Ask your Unique administrator for the analytics permission.`;
  switch (error.kind) {
    case 'unauthorized':
      return `Unique did not accept the access token${http}: it may be expired, incomplete or meant for another tenant. Set a fresh one.`;
    case 'forbidden':
      return `Unique accepted the access token, but its user lacks the analytics roles${http}. Ask your Unique administrator for chat.feedback.read or chat.data.admin, or set another token.`;
    default:
      return `Token saved, but it could not be checked: ${error.message}`;
  }
}
