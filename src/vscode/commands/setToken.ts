// "Set Token…" (and its names for the other connections, "Set Client Secret…", "Set API Key…"): asks for
// the active connection's secret with a password input box, stores it in SecretStorage and checks it at
// once by listing orders through the poller (so even this check keeps the API's 10 s rule), saying
// either that it works or exactly why not. A pasted JWT's end is shown, and one already ended is refused.
import * as vscode from 'vscode';
import { describeExpiry, expiryDuration, jwtExpiry } from '../../core/auth/jwt';
import { Operation } from '../../core/api/operations';
import { authKindOf, secretLabel, type Connection } from '../../core/connections/connectionList';
import type { EnvironmentAuth } from '../../core/connections/environment';
import { isApiError, type ApiError } from '../../core/errors';
import type { SetupState } from '../../core/setup/setupState';
import { Fix, fixesFor, signInFix } from '../errorBoundary';
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

/**
 * One of three texts by the kind of secret: each is a whole sentence, since the secret's name takes another
 * article or gender in other languages. Only the chosen one is made.
 */
function bySecret(
  kind: Kind,
  texts: { token: () => string; serviceUser: () => string; apiKey: () => string },
): string {
  return kind === 'serviceUser'
    ? texts.serviceUser()
    : kind === 'apiKey'
      ? texts.apiKey()
      : texts.token();
}

/** Why a pasted value cannot be stored; undefined when it can. */
export function problemWith(
  token: string,
  kind: Kind = 'token',
  now = Date.now(),
): string | undefined {
  if (!token)
    return bySecret(kind, {
      token: () => vscode.l10n.t('Paste the access token.'),
      serviceUser: () => vscode.l10n.t('Paste the client secret.'),
      apiKey: () => vscode.l10n.t('Paste the API key.'),
    });
  if (/\s/.test(token))
    return bySecret(kind, {
      token: () =>
        vscode.l10n.t(
          'The access token has no spaces or line breaks: paste just the access token.',
        ),
      serviceUser: () =>
        vscode.l10n.t(
          'The client secret has no spaces or line breaks: paste just the client secret.',
        ),
      apiKey: () =>
        vscode.l10n.t('The API key has no spaces or line breaks: paste just the API key.'),
    });
  const ends = kind === 'token' ? jwtExpiry(token) : undefined;
  if (ends !== undefined && ends <= now)
    return vscode.l10n.t({
      message: 'This token ended {0} ago: paste a fresh one.',
      args: [expiryDuration(ends, now)],
      comment: ['{0} is a duration, e.g. "2 min"'],
    });
  return undefined;
}

/** Worth saying while typing, but no reason to refuse. */
function hintFor(token: string, kind: Kind, now = Date.now()): string | undefined {
  if (kind === 'apiKey' && token && !token.startsWith('ukey_'))
    return vscode.l10n.t(
      'Personal API keys usually start with ukey_: check that this is the key, not the app id.',
    );
  const ends = kind === 'token' ? jwtExpiry(token) : undefined;
  if (ends !== undefined && ends - now < 15 * 60_000)
    return vscode.l10n.t({
      message: 'This token ends {0}; a service user signs in by itself instead.',
      args: [describeExpiry(ends, now)],
      comment: ['{0} says when the token ends, e.g. "in 5 min"'],
    });
  return undefined;
}

function askFor(c: Connection | undefined): vscode.InputBoxOptions {
  const kind = authKindOf(c);
  // A named connection's name follows the title: "… Client Secret (uat)".
  const named = c && !c.fromSettings ? c.name : undefined;
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
      title: named
        ? vscode.l10n.t('Unique Analytics: Client Secret ({0})', named)
        : vscode.l10n.t('Unique Analytics: Client Secret'),
      prompt: vscode.l10n.t(
        "Paste the client secret of the service user {0}. It is kept in VS Code's secret storage; the extension signs in with it and renews the token itself.",
        auth.clientId,
      ),
    };
  if (auth?.kind === 'apiKey')
    return {
      ...base,
      title: named
        ? vscode.l10n.t('Unique Analytics: Personal API Key ({0})', named)
        : vscode.l10n.t('Unique Analytics: Personal API Key'),
      prompt: vscode.l10n.t(
        "Paste your personal API key for the Public API. It is kept in VS Code's secret storage, never in settings.",
      ),
      placeHolder: 'ukey_…',
    };
  return {
    ...base,
    title: named
      ? vscode.l10n.t('Unique Analytics: Access Token ({0})', named)
      : vscode.l10n.t('Unique Analytics: Access Token'),
    prompt: vscode.l10n.t(
      "Paste an access token for the Unique API. It is kept in VS Code's secret storage, never in settings.",
    ),
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
    try {
      s.clients.api();
    } catch {
      const state = await s.setup.tokenChanged();
      s.notifier.show(
        'info',
        bySecret(kind, {
          token: () => vscode.l10n.t('Access token saved. Configure the base URL to use it.'),
          serviceUser: () =>
            vscode.l10n.t('Client secret saved. Configure the base URL to use it.'),
          apiKey: () => vscode.l10n.t('API key saved. Configure the base URL to use it.'),
        }),
        [Fix.configure],
        (a) => s.boundary.runFix(a),
      );
      return { accepted: undefined, state };
    }
    const outcome = await s.setup.quietly(async () =>
      vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: bySecret(kind, {
            token: () => vscode.l10n.t('Checking the access token…'),
            serviceUser: () => vscode.l10n.t('Checking the client secret…'),
            apiKey: () => vscode.l10n.t('Checking the API key…'),
          }),
        },
        () => s.watcher.refreshAndWait(),
      ),
    );
    const state = s.setup.current ?? (await s.setup.recheck());
    if (outcome.ok) {
      const ends = connection ? await s.clients.expiryOf(connection) : undefined;
      s.notifier.show('info', acceptedText(kind, ends));
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

/** "Saved, and Unique accepted it", with when the token ends if that is known. */
function acceptedText(kind: Kind, ends: number | undefined): string {
  const when = ends === undefined ? undefined : describeExpiry(ends, Date.now());
  if (kind === 'serviceUser')
    return when === undefined
      ? vscode.l10n.t('Client secret saved. Unique accepted it.')
      : vscode.l10n.t({
          message:
            'Client secret saved. Unique accepted it. Signed in; the token is renewed before it ends (next: {0}).',
          args: [when],
          comment: ['{0} says when the token ends, e.g. "in 5 min"'],
        });
  if (kind === 'apiKey')
    return when === undefined
      ? vscode.l10n.t('API key saved. Unique accepted it.')
      : vscode.l10n.t({
          message:
            'API key saved. Unique accepted it. The token ends {0}; you will be warned 10 minutes before.',
          args: [when],
          comment: ['{0} says when the token ends, e.g. "in 5 min"'],
        });
  return when === undefined
    ? vscode.l10n.t('Access token saved. Unique accepted it.')
    : vscode.l10n.t({
        message:
          'Access token saved. Unique accepted it. The token ends {0}; you will be warned 10 minutes before.',
        args: [when],
        comment: ['{0} says when the token ends, e.g. "in 5 min"'],
      });
}

/**
 * What the person who just pasted a token reads when the check fails. For a rejection the generic API
 * message ("Listing orders failed: … Run Set Access Token…") would send them to the command they just ran.
 */
export function checkFailedText(error: ApiError, kind: Kind = 'token'): string {
  // Each text comes with and without the HTTP status, e.g. "(HTTP 401)".
  const status = error.details.status;
  // A service user's sign-in failure names what to fix itself (client id/secret, project id, token URL).
  if (kind === 'serviceUser' && error.details.operation === Operation.signIn) return error.message;
  if (kind === 'apiKey' && error.kind === 'unauthorized')
    return status
      ? vscode.l10n.t(
          'Unique did not accept the API key (HTTP {0}): it may be revoked or expired, or belong to another user. Set a new one.',
          status,
        )
      : vscode.l10n.t(
          'Unique did not accept the API key: it may be revoked or expired, or belong to another user. Set a new one.',
        );
  if (kind === 'apiKey' && error.kind === 'forbidden')
    return status
      ? vscode.l10n.t(
          'Unique accepted the API key, but it may not read analytics (HTTP {0}). Ask your Unique administrator for the analytics permission.',
          status,
        )
      : vscode.l10n.t(
          'Unique accepted the API key, but it may not read analytics. Ask your Unique administrator for the analytics permission.',
        );
  switch (error.kind) {
    case 'unauthorized':
      return status
        ? vscode.l10n.t(
            'Unique did not accept the access token (HTTP {0}): it may be expired, incomplete or meant for another tenant. Set a fresh one.',
            status,
          )
        : vscode.l10n.t(
            'Unique did not accept the access token: it may be expired, incomplete or meant for another tenant. Set a fresh one.',
          );
    case 'forbidden':
      return status
        ? vscode.l10n.t(
            'Unique accepted the access token, but its user lacks the analytics roles (HTTP {0}). Ask your Unique administrator for chat.feedback.read or chat.data.admin, or set another token.',
            status,
          )
        : vscode.l10n.t(
            'Unique accepted the access token, but its user lacks the analytics roles. Ask your Unique administrator for chat.feedback.read or chat.data.admin, or set another token.',
          );
    default:
      return vscode.l10n.t('Token saved, but it could not be checked: {0}', error.message);
  }
}
