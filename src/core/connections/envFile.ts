// Imports a connection from a `unique.env` / `.env` file with the names Unique's SDK and toolkit use
// (either style, any case; the SDK's UNIQUE_* names win where both are set), and ZITADEL_* for a service
// user. Returns the settings part and the secrets apart, so the adapter stores secrets in SecretStorage.

import { parse } from 'dotenv';
import { PUBLIC_API_VERSION, type Environment } from './environment';

export interface ImportedConnection {
  /** The environment to add, when the file names enough for one. */
  readonly environment?: Environment;
  readonly secret?: { readonly kind: 'apiKey' | 'clientSecret'; readonly value: string };
  /** What the file lacks, by the variable names a person would add. */
  readonly missing: readonly string[];
}

/** First variable of `names` set (non-empty) in `vars`, matched without regard to case. */
function pick(vars: ReadonlyMap<string, string>, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = vars.get(n.toUpperCase())?.trim();
    if (v) return v;
  }
  return undefined;
}

export function connectionFromEnvFile(content: string, name: string): ImportedConnection {
  const vars = new Map(Object.entries(parse(content)).map(([k, v]) => [k.toUpperCase(), v]));
  const zitadel = pick(vars, 'ZITADEL_BASE_URL');
  const clientId = pick(vars, 'ZITADEL_CLIENT_ID');
  if (zitadel || clientId) {
    const baseUrl = pick(vars, 'UNIQUE_CHAT_BASE_URL', 'UNIQUE_BASE_URL');
    const projectId = pick(vars, 'ZITADEL_PROJECT_ID');
    const clientSecret = pick(vars, 'ZITADEL_CLIENT_SECRET');
    const missing = [
      ...(zitadel ? [] : ['ZITADEL_BASE_URL']),
      ...(clientId ? [] : ['ZITADEL_CLIENT_ID']),
      ...(projectId ? [] : ['ZITADEL_PROJECT_ID']),
      ...(baseUrl ? [] : ['UNIQUE_CHAT_BASE_URL']),
    ];
    if (missing.length || !zitadel || !clientId || !projectId || !baseUrl) {
      return {
        missing,
        ...(clientSecret ? { secret: { kind: 'clientSecret' as const, value: clientSecret } } : {}),
      };
    }
    const tokenUrl = `${zitadel.replace(/\/+$/, '')}/oauth/v2/token`;
    return {
      environment: {
        name,
        surface: 'internal',
        baseUrl,
        auth: { kind: 'serviceUser', tokenUrl, clientId, projectId },
      },
      ...(clientSecret ? { secret: { kind: 'clientSecret' as const, value: clientSecret } } : {}),
      missing: clientSecret ? [] : ['ZITADEL_CLIENT_SECRET'],
    };
  }
  const baseUrl = pick(vars, 'UNIQUE_API_BASE', 'UNIQUE_API_BASE_URL');
  const appId = pick(vars, 'UNIQUE_APP_ID');
  const userId = pick(vars, 'UNIQUE_USER_ID', 'UNIQUE_AUTH_USER_ID');
  const companyId = pick(vars, 'UNIQUE_COMPANY_ID', 'UNIQUE_AUTH_COMPANY_ID');
  const apiKey = pick(vars, 'UNIQUE_API_KEY', 'UNIQUE_APP_KEY');
  const missing = [
    ...(baseUrl ? [] : ['UNIQUE_API_BASE_URL']),
    ...(appId ? [] : ['UNIQUE_APP_ID']),
    ...(userId ? [] : ['UNIQUE_AUTH_USER_ID']),
    ...(companyId ? [] : ['UNIQUE_AUTH_COMPANY_ID']),
    ...(apiKey ? [] : ['UNIQUE_APP_KEY']),
  ];
  const secret = apiKey ? { secret: { kind: 'apiKey' as const, value: apiKey } } : {};
  if (!baseUrl || !appId || !userId || !companyId) return { missing, ...secret };
  const apiVersion = pick(vars, 'UNIQUE_API_VERSION') ?? PUBLIC_API_VERSION;
  return {
    environment: {
      name,
      surface: 'public',
      baseUrl,
      auth: { kind: 'apiKey', appId, userId, companyId, apiVersion },
    },
    ...secret,
    missing,
  };
}
