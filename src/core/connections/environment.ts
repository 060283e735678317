// Named connections ("prod", "UAT"): which API surface, where, and how a bearer is obtained. Validation
// here says exactly what to fix; secrets never live in an environment (they go to SecretStorage under
// `secretKeyFor`). Folder `core/connections/`: decides what a connection is; never talks to a server.

import * as l10n from '@vscode/l10n';
import { parseBaseUrl } from '../setup/baseUrl';

/** The internal surface (REST start + GraphQL list/delete, 4 kinds) or the documented Public API (9 kinds). */
export type Surface = 'internal' | 'public';

export type EnvironmentAuth =
  /** A bearer pasted by hand (SecretStorage). */
  | { readonly kind: 'token' }
  /** A Zitadel service user: client-credentials grant; the client secret is in SecretStorage. */
  | {
      readonly kind: 'serviceUser';
      readonly tokenUrl: string;
      readonly clientId: string;
      readonly projectId: string;
    }
  /** A personal API key (`ukey_…`, SecretStorage) with the Public API's identity headers. */
  | {
      readonly kind: 'apiKey';
      readonly appId: string;
      readonly userId: string;
      readonly companyId: string;
      readonly apiVersion: string;
    };

export interface Environment {
  readonly name: string;
  readonly surface: Surface;
  readonly baseUrl: string;
  /** Internal surface only; default `/graphql`. */
  readonly graphqlPath?: string;
  readonly auth: EnvironmentAuth;
}

export const PUBLIC_API_VERSION = '2023-12-06';

export type SecretName = 'token' | 'clientSecret' | 'apiKey';

/** The SecretStorage key of an environment's secret. */
export function secretKeyFor(environment: string, secret: SecretName): string {
  return `uniqueAnalytics.env.${encodeURIComponent(environment)}.${secret}`;
}

/** Which secret an environment's sign-in needs. */
export function secretOf(auth: EnvironmentAuth): SecretName {
  return auth.kind === 'serviceUser' ? 'clientSecret' : auth.kind === 'apiKey' ? 'apiKey' : 'token';
}

export type Checked =
  | { readonly ok: true; readonly environment: Environment }
  | { readonly ok: false; readonly problems: readonly string[] };

const text = (o: Record<string, unknown>, k: string): string =>
  typeof o[k] === 'string' ? o[k].trim() : '';

/** `"auth.clientId" is missing`: a required field of an entry is empty. */
function isMissing(field: string): string {
  return l10n.t({
    message: '"{0}" is missing',
    args: [field],
    comment: ['{0} is a setting field such as auth.clientId'],
  });
}

/** Reads one entry of the `uniqueAnalytics.environments` setting; every problem is named, none guessed. */
export function checkEnvironment(raw: unknown): Checked {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, problems: [l10n.t('an environment must be an object')] };
  const o = raw as Record<string, unknown>;
  const problems: string[] = [];
  const name = text(o, 'name');
  if (!name) problems.push(l10n.t('"name" is missing (e.g. "prod")'));
  const surface = o.surface === undefined ? 'internal' : o.surface;
  if (surface !== 'internal' && surface !== 'public')
    problems.push(
      l10n.t(
        '"surface" must be "internal" or "public", not {0}',
        String(JSON.stringify(o.surface)),
      ),
    );
  const baseUrl = text(o, 'baseUrl');
  const url = parseBaseUrl(baseUrl);
  if (!url.ok) problems.push(`"baseUrl": ${url.message}`);
  const a =
    typeof o.auth === 'object' && o.auth !== null ? (o.auth as Record<string, unknown>) : {};
  const kind = a.kind ?? (surface === 'public' ? 'apiKey' : 'token');
  let auth: EnvironmentAuth | undefined;
  if (kind === 'token') auth = { kind };
  else if (kind === 'serviceUser') {
    const tokenUrl = text(a, 'tokenUrl');
    const token = parseBaseUrl(tokenUrl);
    if (!token.ok)
      problems.push(
        l10n.t({
          message: '"auth.tokenUrl": {0} (it looks like https://id.<domain>/oauth/v2/token)',
          args: [token.message],
          comment: ['{0} says what is wrong with the URL'],
        }),
      );
    for (const k of ['clientId', 'projectId'])
      if (!text(a, k)) problems.push(isMissing(`auth.${k}`));
    auth = { kind, tokenUrl, clientId: text(a, 'clientId'), projectId: text(a, 'projectId') };
  } else if (kind === 'apiKey') {
    if (surface !== 'public')
      problems.push(l10n.t('a personal API key works only with "surface": "public"'));
    for (const k of ['appId', 'userId', 'companyId'])
      if (!text(a, k)) problems.push(isMissing(`auth.${k}`));
    auth = {
      kind,
      appId: text(a, 'appId'),
      userId: text(a, 'userId'),
      companyId: text(a, 'companyId'),
      apiVersion: text(a, 'apiVersion') || PUBLIC_API_VERSION,
    };
  } else
    problems.push(
      l10n.t(
        '"auth.kind" must be "token", "serviceUser" or "apiKey", not {0}',
        String(JSON.stringify(kind)),
      ),
    );
  if (surface === 'public' && kind !== 'apiKey')
    problems.push(
      l10n.t(
        'the Public API ("surface": "public") signs in with a personal API key: "auth": { "kind": "apiKey", … }',
      ),
    );
  if (problems.length || !auth || (surface !== 'internal' && surface !== 'public'))
    return { ok: false, problems };
  const graphqlPath = text(o, 'graphqlPath');
  return {
    ok: true,
    environment: {
      name,
      surface,
      baseUrl,
      ...(surface === 'internal' && graphqlPath ? { graphqlPath } : {}),
      auth,
    },
  };
}
