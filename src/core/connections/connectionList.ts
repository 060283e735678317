// Which connections exist and which one is active: the named environments of the
// `uniqueAnalytics.environments` setting, plus the connection the older settings describe
// (`uniqueAnalytics.baseUrl` + a pasted token), so nobody who set up the extension before environments
// existed has to do anything again. Invalid entries stay in the list with their problems named: the view
// says what to fix instead of the entry silently vanishing. Pure.

import * as l10n from '@vscode/l10n';
import { parseBaseUrl, parseGraphqlPath } from '../setup/baseUrl';
import { checkEnvironment, type Environment, type EnvironmentAuth } from './environment';

/** Name of the connection made of `uniqueAnalytics.baseUrl`/`graphqlPath` and the pasted token. */
export const SETTINGS_CONNECTION = 'default';

export interface Connection {
  readonly name: string;
  /** Undefined when the entry cannot be used (see `problems`), or the settings name no base URL. */
  readonly environment?: Environment;
  /** What to fix, each naming the field; empty when usable. */
  readonly problems: readonly string[];
  /** Made of the older settings (baseUrl, graphqlPath, the pasted token and UNIQUE_ANALYTICS_TOKEN). */
  readonly fromSettings: boolean;
}

export interface ConnectionList {
  readonly connections: readonly Connection[];
  /** Problems with the setting as a whole (not a list, duplicate names), for the log and one warning. */
  readonly problems: readonly string[];
}

export interface OlderSettings {
  readonly baseUrl: string;
  readonly graphqlPath: string;
}

/**
 * The connections, in the order a person wrote them; the one of the older settings comes first when its
 * base URL is set, or alone when no environment is configured (its welcome then asks for a base URL).
 */
export function listConnections(raw: unknown, older: OlderSettings): ConnectionList {
  const problems: string[] = [];
  const named: Connection[] = [];
  const entries: unknown[] = Array.isArray(raw) ? raw : [];
  if (raw !== undefined && raw !== null && !Array.isArray(raw))
    problems.push(
      l10n.t('uniqueAnalytics.environments must be a list of environments; it is ignored.'),
    );
  entries.forEach((entry, i) => {
    const checked = checkEnvironment(entry);
    const givenName =
      typeof (entry as { name?: unknown } | null)?.name === 'string'
        ? (entry as { name: string }).name.trim()
        : '';
    const name = checked.ok ? checked.environment.name : givenName || `environment ${i + 1}`;
    if (named.some((c) => c.name === name)) {
      problems.push(
        l10n.t({
          message: 'uniqueAnalytics.environments has "{0}" twice; the second is ignored.',
          args: [name],
          comment: ['{0} is the name of an environment, e.g. "prod"'],
        }),
      );
      return;
    }
    named.push(
      checked.ok
        ? { name, environment: checked.environment, problems: [], fromSettings: false }
        : { name, problems: checked.problems, fromSettings: false },
    );
  });
  const olderName = named.some((c) => c.name === SETTINGS_CONNECTION)
    ? 'settings'
    : SETTINGS_CONNECTION;
  const list =
    older.baseUrl !== '' || named.length === 0
      ? [connectionFromOlderSettings(olderName, older), ...named]
      : named;
  return { connections: list, problems };
}

function connectionFromOlderSettings(name: string, older: OlderSettings): Connection {
  if (older.baseUrl === '') return { name, problems: [], fromSettings: true };
  const url = parseBaseUrl(older.baseUrl);
  const path = parseGraphqlPath(older.graphqlPath);
  const problems = [...(url.ok ? [] : [url.message]), ...(path.ok ? [] : [path.message])];
  if (problems.length) return { name, problems, fromSettings: true };
  return {
    name,
    environment: {
      name,
      surface: 'internal',
      baseUrl: older.baseUrl,
      graphqlPath: older.graphqlPath,
      auth: { kind: 'token' },
    },
    problems: [],
    fromSettings: true,
  };
}

/** The remembered connection when it still exists, else the first usable one, else the first. */
export function chooseActive(
  connections: readonly Connection[],
  remembered: string | undefined,
): Connection | undefined {
  return (
    connections.find((c) => c.name === remembered) ??
    connections.find((c) => c.environment) ??
    connections[0]
  );
}

/** The auth kind a connection signs in with (the older settings: a pasted token). */
export function authKindOf(c: Connection | undefined): EnvironmentAuth['kind'] {
  return c?.environment?.auth.kind ?? 'token';
}

/**
 * What a connection's secret is called in messages: "access token", "client secret", "API key", in the
 * display language, lower case for use inside a sentence.
 */
export function secretLabel(kind: EnvironmentAuth['kind']): string {
  return kind === 'serviceUser'
    ? l10n.t({
        message: 'client secret',
        comment: ['the secret of a service user, inside a sentence'],
      })
    : kind === 'apiKey'
      ? l10n.t({ message: 'API key', comment: ['a personal API key, inside a sentence'] })
      : l10n.t({ message: 'access token', comment: ['a bearer token, inside a sentence'] });
}

/** One line for a picker or tooltip: surface, host and how it signs in (three parts apart, by " · "). */
export function describeConnection(c: Connection): string {
  const e = c.environment;
  if (!e)
    return c.problems.length
      ? l10n.t({
          message: 'cannot be used: {0}',
          args: [c.problems[0]],
          comment: ['describes a connection in a picker; {0} says what to fix'],
        })
      : l10n.t({ message: 'no base URL set', comment: ['describes a connection in a picker'] });
  let host = e.baseUrl;
  try {
    host = new URL(e.baseUrl).host;
  } catch {
    // shown as typed
  }
  const how =
    e.auth.kind === 'serviceUser'
      ? l10n.t({
          message: 'service user {0}',
          args: [e.auth.clientId],
          comment: ['how a connection signs in; {0} is the client id'],
        })
      : e.auth.kind === 'apiKey'
        ? l10n.t({ message: 'personal API key', comment: ['how a connection signs in'] })
        : l10n.t({ message: 'pasted token', comment: ['how a connection signs in'] });
  const surface =
    e.surface === 'public'
      ? 'Public API'
      : l10n.t({ message: 'internal API', comment: ['which API a connection uses'] });
  return `${surface} · ${host} · ${how}`;
}

/** The setting value with `environment` added, or replacing the entry of the same name. */
export function withEnvironment(raw: unknown, environment: Environment): unknown[] {
  const list = Array.isArray(raw) ? [...(raw as unknown[])] : [];
  const entry = toSettingEntry(environment);
  const at = list.findIndex(
    (e) =>
      typeof e === 'object' && e !== null && (e as { name?: unknown }).name === environment.name,
  );
  if (at >= 0) list[at] = entry;
  else list.push(entry);
  return list;
}

/** How an environment is written into settings.json (no secrets: those go to SecretStorage). */
export function toSettingEntry(e: Environment): Record<string, unknown> {
  const auth: Record<string, unknown> = { ...e.auth };
  return {
    name: e.name,
    surface: e.surface,
    baseUrl: e.baseUrl,
    ...(e.graphqlPath ? { graphqlPath: e.graphqlPath } : {}),
    auth,
  };
}

/** True when the active connection is the older settings' and no base URL is set yet (Configure first). */
export function needsBaseUrl(c: Connection | undefined): boolean {
  return !c || (c.fromSettings && !c.environment && c.problems.length === 0);
}
