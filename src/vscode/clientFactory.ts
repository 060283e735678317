// Builds the core API client from the live settings and the token source, once per endpoint. Uses
// `nodeFetch` (Node's http/https, which VS Code patches for its proxy and certificate settings).
import * as vscode from 'vscode';
import { UniqueClient } from '../core/api/client';
import { parseBaseUrl, parseGraphqlPath } from '../core/setup/baseUrl';
import { ApiError } from '../core/errors';
import type { Logger } from '../core/ports';
import type { Settings } from './settings';
import type { TokenSource } from './tokenSource';

export class ClientFactory {
  private cached: { key: string; client: UniqueClient } | undefined;

  constructor(
    private readonly settings: () => Settings,
    private readonly tokens: TokenSource,
    private readonly log: Logger,
    private readonly extensionVersion: string,
  ) {}

  get userAgent(): string {
    return `unique-analytics-vscode/${this.extensionVersion} VSCode/${vscode.version}`;
  }

  /** The client for the current settings. Throws ApiError notConfigured/badConfiguration when they cannot work. */
  api(): UniqueClient {
    const { baseUrl, graphqlPath } = this.settings();
    if (!baseUrl) {
      throw new ApiError(
        'notConfigured',
        'No Unique base URL is set. Configure uniqueAnalytics.baseUrl first.',
      );
    }
    const url = parseBaseUrl(baseUrl);
    if (!url.ok) throw new ApiError('badConfiguration', url.message);
    const path = parseGraphqlPath(graphqlPath);
    if (!path.ok) throw new ApiError('badConfiguration', path.message);
    const key = `${url.url} ${path.path}`;
    if (this.cached?.key !== key) {
      this.log.info(`Using ${url.url} (GraphQL ${path.path}).`);
      this.cached = {
        key,
        client: new UniqueClient({
          baseUrl: url.url,
          graphqlPath: path.path,
          getToken: this.tokens.get,
          userAgent: this.userAgent,
          logger: this.log,
        }),
      };
    }
    return this.cached.client;
  }
}
