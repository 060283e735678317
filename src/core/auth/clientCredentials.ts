// A service user's bearer token from Zitadel's client-credentials grant: fetched when first needed, kept
// until shortly before it ends, refreshed once for every request waiting on it, and dropped when the API
// rejects it (the next request fetches a new one). The client secret is read per fetch and never logged.

import * as l10n from '@vscode/l10n';
import { ApiError } from '../errors';
import { Operation, operationLabel } from '../api/operations';
import { shortQuote } from '../api/quote';
import type { Clock, FetchFn } from '../ports';
import { jwtExpiry } from './jwt';

export interface ClientCredentialsOptions {
  /** `https://id.<domain>/oauth/v2/token`. */
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly projectId: string;
  /** The client secret, from SecretStorage; undefined when none is stored. */
  readonly getSecret: () => Promise<string | undefined>;
  readonly fetch: FetchFn;
  readonly clock: Clock;
  /** Refresh this long before the token ends. Default 60 s. */
  readonly marginMs?: number;
  /** A token request fails when Zitadel has not answered within this. Default 30 s. */
  readonly timeoutMs?: number;
}

/** The scope Unique's APIs need for the project (Unique's docs, "How to get a Token for our APIs"). */
export function zitadelScope(projectId: string): string {
  return [
    'openid',
    'profile',
    'email',
    'urn:zitadel:iam:user:resourceowner',
    'urn:zitadel:iam:org:projects:roles',
    `urn:zitadel:iam:org:project:id:${projectId}:aud`,
  ].join(' ');
}

const OPERATION = Operation.signIn;

export class ClientCredentialsToken {
  private current: { token: string; expiresAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(private readonly opts: ClientCredentialsOptions) {}

  /** When the cached token ends (ms since epoch), if one is cached. */
  get expiresAt(): number | undefined {
    return this.current?.expiresAt;
  }

  /** A token that lasts at least the margin longer; one fetch at a time, shared by every caller. */
  get(): Promise<string> {
    const margin = this.opts.marginMs ?? 60_000;
    if (this.current && this.current.expiresAt - margin > this.opts.clock.now())
      return Promise.resolve(this.current.token);
    this.pending ??= this.fetchToken().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** The API rejected `token` (401): forget it, so the next `get()` fetches a new one. */
  rejected(token: string): void {
    if (this.current?.token === token) this.current = undefined;
  }

  private async fetchToken(): Promise<string> {
    const { tokenUrl, clientId, projectId, clock } = this.opts;
    const secret = (await this.opts.getSecret())?.trim();
    if (!secret) {
      throw new ApiError(
        'notConfigured',
        l10n.t({
          message:
            '{0} failed: no client secret is stored. Run "Unique Analytics: Set Client Secret…".',
          args: [operationLabel(OPERATION)],
          comment: ['{0} is what was being done: "Signing in as the service user"'],
        }),
        { operation: OPERATION },
      );
    }
    const headers = new Headers({
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    });
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      scope: zitadelScope(projectId),
    }).toString();
    const sentAt = clock.now();
    let status: number;
    let text: string;
    try {
      const response = await this.opts.fetch(tokenUrl, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        // A token endpoint that never answers must not hang every request waiting on it.
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
      });
      status = response.status;
      text = await response.text();
    } catch (e) {
      throw new ApiError(
        'network',
        l10n.t({
          message: '{0} failed: could not reach {1} ({2}). Check the token URL and your network.',
          args: [
            operationLabel(OPERATION),
            hostOf(tokenUrl),
            e instanceof Error ? e.message : String(e),
          ],
          comment: [
            '{0} is what was being done: "Signing in as the service user"; {1} is a host name; {2} the error\'s own text',
          ],
        }),
        { operation: OPERATION, endpoint: tokenUrl },
      );
    }
    const answer = parseJson(text);
    if (status < 200 || status >= 300) throw tokenRefusal(status, answer, text, tokenUrl, secret);
    const token = typeof answer?.access_token === 'string' ? answer.access_token : undefined;
    if (!token) {
      throw new ApiError(
        'protocol',
        l10n.t({
          message: '{0} failed: {1} answered without an access_token («{2}»).',
          args: [
            operationLabel(OPERATION),
            hostOf(tokenUrl),
            shortQuote(text.split(secret).join('…'), 120),
          ],
          comment: [
            '{0} is what was being done: "Signing in as the service user"; {1} is a host name; {2} what came, quoted',
          ],
        }),
        { operation: OPERATION, endpoint: tokenUrl },
      );
    }
    const lifetime =
      typeof answer?.expires_in === 'number' && answer.expires_in > 0
        ? answer.expires_in * 1000
        : undefined;
    // The JWT's own `exp` wins when there is one; else expires_in counted from when we asked.
    const expiresAt =
      jwtExpiry(token) ?? (lifetime !== undefined ? sentAt + lifetime : sentAt + 5 * 60_000);
    this.current = { token, expiresAt };
    return token;
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return l10n.t({
      message: 'the token URL',
      comment: ['stands in for a host name that cannot be read, e.g. in "could not reach {1}"'],
    });
  }
}

/** One clear message naming what to fix: the client (id or secret), the project id, or the URL. */
function tokenRefusal(
  status: number,
  answer: Record<string, unknown> | undefined,
  text: string,
  url: string,
  secret: string,
): ApiError {
  const code = typeof answer?.error === 'string' ? answer.error : undefined;
  const said =
    typeof answer?.error_description === 'string'
      ? answer.error_description
      : shortQuote(text, 120);
  const quoted = said.split(secret).join('…');
  const details = { operation: OPERATION, endpoint: url, status };
  const op = operationLabel(OPERATION);
  if (code === 'invalid_client' || status === 401) {
    return new ApiError(
      'unauthorized',
      l10n.t({
        message:
          "{0} failed: Zitadel did not accept the client id or secret ({1}: {2}). Check the environment's auth.clientId, then set the client secret again.",
        args: [op, code ?? `HTTP ${status}`, quoted],
        comment: [
          '{0} is what was being done: "Signing in as the service user"; {1} is an error code; {2} what Zitadel said',
        ],
      }),
      details,
    );
  }
  if (code === 'invalid_scope') {
    return new ApiError(
      'badConfiguration',
      l10n.t({
        message: '{0} failed: Zitadel refused the scope ({1}). Check the project id.',
        args: [op, quoted],
        comment: [
          '{0} is what was being done: "Signing in as the service user"; {1} is what Zitadel said',
        ],
      }),
      details,
    );
  }
  if (status === 404) {
    return new ApiError(
      'badConfiguration',
      l10n.t({
        message:
          '{0} failed: {1} has no token endpoint at this address (HTTP 404). The token URL looks like https://id.<domain>/oauth/v2/token.',
        args: [op, hostOf(url)],
        comment: [
          '{0} is what was being done: "Signing in as the service user"; {1} is a host name',
        ],
      }),
      details,
    );
  }
  return new ApiError(
    status >= 500 ? 'server' : 'protocol',
    l10n.t({
      message: '{0} failed: HTTP {1} from {2} ({3}).',
      args: [op, status, hostOf(url), `${code ? `${code}: ` : ''}${quoted}`],
      comment: [
        '{0} is what was being done: "Signing in as the service user"; {2} is a host name; {3} what it said',
      ],
    }),
    details,
  );
}
