// Builds the API client of a connection, once per definition: the internal client (pasted token or a
// service user's Zitadel token) or the Public API client (personal API key). All use `nodeFetch` (Node's
// http/https, which VS Code patches for its proxy and certificate settings).
import * as vscode from 'vscode';
import { UniqueClient } from '../core/api/client';
import { PublicAnalyticsClient } from '../core/api/publicClient';
import type { ConnectionChecker, UniqueAnalyticsApi } from '../core/api/types';
import { ClientCredentialsToken } from '../core/auth/clientCredentials';
import { jwtExpiry } from '../core/auth/jwt';
import type { Connection } from '../core/connections/connectionList';
import { ApiError } from '../core/errors';
import { nodeFetch } from '../core/api/nodeFetch';
import { systemClock, type Logger } from '../core/ports';
import type { TokenSource } from './tokenSource';

export type ConnectionApi = UniqueAnalyticsApi & ConnectionChecker;

interface Built {
  readonly definition: string;
  readonly client: ConnectionApi;
  /** A service user's token cache (its expiry is shown). */
  readonly signIn?: ClientCredentialsToken;
}

export class ClientFactory {
  private readonly built = new Map<string, Built>();

  constructor(
    private readonly active: () => Connection | undefined,
    private readonly tokens: TokenSource,
    private readonly log: Logger,
    private readonly extensionVersion: string,
  ) {}

  get userAgent(): string {
    return `unique-analytics-vscode/${this.extensionVersion} VSCode/${vscode.version}`;
  }

  /** The active connection's client. Throws ApiError notConfigured/badConfiguration when it cannot work. */
  api(): ConnectionApi {
    const c = this.active();
    if (!c) throw noBaseUrl();
    return this.apiFor(c);
  }

  apiFor(c: Connection): ConnectionApi {
    return this.build(c).client;
  }

  /**
   * When the bearer a connection sends ends (ms since epoch), when known: a service user's cached token, or a
   * pasted JWT's `exp`. Undefined for API keys and opaque tokens.
   */
  async expiryOf(c: Connection): Promise<number | undefined> {
    if (c.environment?.auth.kind === 'serviceUser') {
      try {
        return this.build(c).signIn?.expiresAt;
      } catch {
        return undefined;
      }
    }
    if (c.environment?.auth.kind === 'apiKey') return undefined;
    const token = (await this.tokens.lookupFor(c))?.token;
    return token ? jwtExpiry(token) : undefined;
  }

  private build(c: Connection): Built {
    const e = c.environment;
    if (!e) {
      if (c.fromSettings && !c.problems.length) throw noBaseUrl();
      throw new ApiError(
        'badConfiguration',
        c.fromSettings
          ? c.problems.join(' ')
          : vscode.l10n.t({
              message:
                'The environment "{0}" cannot be used: {1}. Fix it in the uniqueAnalytics.environments setting.',
              args: [c.name, c.problems.join('; ')],
              comment: ['{0} is the name of a connection; {1} lists what is wrong with it'],
            }),
      );
    }
    const definition = JSON.stringify(e);
    const cached = this.built.get(c.name);
    if (cached?.definition === definition) return cached;
    this.log.info(
      `Connection "${c.name}": ${e.surface === 'public' ? 'Public API' : 'internal API'} at ${e.baseUrl}.`,
    );
    let built: Built;
    if (e.auth.kind === 'apiKey') {
      built = {
        definition,
        client: new PublicAnalyticsClient({
          baseUrl: e.baseUrl,
          getApiKey: this.tokens.getterFor(c),
          appId: e.auth.appId,
          userId: e.auth.userId,
          companyId: e.auth.companyId,
          apiVersion: e.auth.apiVersion,
          userAgent: this.userAgent,
          logger: this.log,
        }),
      };
    } else if (e.auth.kind === 'serviceUser') {
      const signIn = new ClientCredentialsToken({
        tokenUrl: e.auth.tokenUrl,
        clientId: e.auth.clientId,
        projectId: e.auth.projectId,
        getSecret: this.tokens.getterFor(c),
        fetch: nodeFetch,
        clock: systemClock,
      });
      built = {
        definition,
        signIn,
        client: new UniqueClient({
          baseUrl: e.baseUrl,
          graphqlPath: e.graphqlPath ?? '/graphql',
          getToken: async () => {
            const token = await signIn.get();
            this.tokens.noteSecret(token);
            return token;
          },
          // A 401 to a service user's token: drop it and sign in again, once (HttpTransport retries).
          onTokenRejected: (token) => {
            signIn.rejected(token);
            return true;
          },
          userAgent: this.userAgent,
          logger: this.log,
        }),
      };
    } else {
      built = {
        definition,
        client: new UniqueClient({
          baseUrl: e.baseUrl,
          graphqlPath: e.graphqlPath ?? '/graphql',
          getToken: this.tokens.getterFor(c),
          userAgent: this.userAgent,
          logger: this.log,
        }),
      };
    }
    this.built.set(c.name, built);
    return built;
  }
}

function noBaseUrl(): ApiError {
  return new ApiError(
    'notConfigured',
    vscode.l10n.t('No Unique base URL is set. Configure uniqueAnalytics.baseUrl first.'),
  );
}
