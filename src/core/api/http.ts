// The one door to the network: every request of the client goes through `HttpTransport.send`, which adds
// the token and User-Agent, enforces the timeout, follows redirects itself (so the token never leaves the
// configured origin and never goes from https to http) and maps failures to ApiError. The request itself goes
// through the injected `fetch`, which the adapter sets to `nodeFetch` (why: nodeFetch.ts, ARCHITECTURE.md).

import * as l10n from '@vscode/l10n';
import { ApiError, isApiError, redact } from '../errors';
import {
  systemClock,
  type Clock,
  type FetchFn,
  type FetchResponse,
  type Logger,
  type TokenGetter,
} from '../ports';
import { isLoopbackHost } from '../setup/baseUrl';
import { errorFromNetwork, errorFromStatus } from './httpErrors';
import { cancelledMessage, operationLabel } from './operations';

export const MAX_REDIRECTS = 5;
const ERROR_BODY_LIMIT = 64 * 1024;

export interface HttpTransportOptions {
  readonly getToken: TokenGetter;
  /**
   * The API answered 401 to `token`. True when a new token can be had (a service user's grant): the
   * request is then sent once more with it. Absent or false (a pasted token): the 401 stands.
   */
  readonly onTokenRejected?: (token: string) => boolean;
  readonly fetch: FetchFn;
  readonly userAgent: string;
  readonly logger: Logger;
  readonly timeoutMs: number;
  readonly clock?: Clock;
}

export interface HttpRequest {
  /** Names the operation in messages (translated) and the log, e.g. "Listing orders" (operations.ts). */
  readonly operation: string;
  readonly url: string;
  readonly method?: 'GET' | 'POST' | 'DELETE';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal?: AbortSignal;
  /** Non-2xx statuses handed back to the caller instead of thrown (e.g. 404 for the connection check). */
  readonly acceptStatus?: readonly number[];
  /** Said on 404 instead of the generic "check the base URL" hint. */
  readonly notFoundHint?: string;
}

/** Why our own controller aborted a request (the user's signal is checked separately). */
class Stop {
  constructor(
    readonly why: 'timeout' | 'idle',
    readonly ms: number,
  ) {}
}

/** One answered request. The caller reads the body through it and must call `release()` in `finally`. */
export interface HttpExchange {
  readonly response: FetchResponse;
  /** Where the answer finally came from (after redirects). */
  readonly url: string;
  /** Aborts on the user's cancel, the timeout and `stall()`. */
  readonly signal: AbortSignal;
  /** Headers are in: stop the request timeout (downloads switch to their own idle timer). */
  stopTimeout(): void;
  /** Aborts the transfer because no data came for `ms` milliseconds. */
  stall(ms: number): void;
  /** Reads the whole body as text under the request timeout. */
  readText(): Promise<string>;
  /** Turns anything thrown while using this exchange into a user-safe ApiError. */
  fail(e: unknown): ApiError;
  release(): void;
}

export class HttpTransport {
  private readonly clock: Clock;
  /** Tokens recently sent, so any text can be scrubbed of them (rotation keeps the older one briefly). */
  private readonly seenTokens: string[] = [];

  constructor(private readonly opts: HttpTransportOptions) {
    this.clock = opts.clock ?? systemClock;
  }

  /** Removes every token this transport has sent from `text`. */
  redact(text: string): string {
    return this.seenTokens.reduce((t, tok) => redact(t, tok), text);
  }

  /** An ApiError with the same kind and details but a scrubbed message (and server quote). */
  redactError(e: ApiError): ApiError {
    const msg = this.redact(e.message);
    const said = e.details.said === undefined ? undefined : this.redact(e.details.said);
    if (msg === e.message && said === e.details.said) return e;
    return new ApiError(e.kind, msg, said === undefined ? e.details : { ...e.details, said });
  }

  private remember(token: string): void {
    if (this.seenTokens.includes(token)) return;
    this.seenTokens.unshift(token);
    this.seenTokens.length = Math.min(this.seenTokens.length, 3);
  }

  /**
   * Sends `req`, following up to MAX_REDIRECTS redirects. Resolves only for 2xx (or `acceptStatus`);
   * every failure is an ApiError. Nothing is sent without a token.
   */
  async send(req: HttpRequest): Promise<HttpExchange> {
    const used: { token?: string } = {};
    try {
      return await this.sendOnce(req, used);
    } catch (e) {
      const retry =
        e instanceof ApiError &&
        e.kind === 'unauthorized' &&
        used.token &&
        this.opts.onTokenRejected?.(used.token);
      if (!retry) throw e;
      this.opts.logger.info(
        `${req.operation}: the token was rejected; trying once more with a new one.`,
      );
      return this.sendOnce(req, used);
    }
  }

  private async sendOnce(req: HttpRequest, used: { token?: string }): Promise<HttpExchange> {
    const { operation } = req;
    if (req.signal?.aborted) throw cancelled(operation);
    let token: string | undefined;
    try {
      token = (await this.opts.getToken())?.trim() || undefined;
    } catch (e) {
      // A sign-in that failed says why (a service user's wrong secret, project id or token URL).
      if (isApiError(e)) throw e;
      token = undefined;
    }
    if (!token) {
      throw new ApiError(
        'notConfigured',
        l10n.t({
          message: '{0} failed: no access token is set. Run "Unique Analytics: Set Access Token…".',
          args: [operationLabel(operation)],
          comment: ['{0} is what was being done, e.g. "Listing orders"'],
        }),
        { operation },
      );
    }
    if (!isSendableToken(token)) {
      // Headers.set would reject it, echoing the value into the error: refuse it here, unsent and unquoted.
      throw new ApiError(
        'notConfigured',
        l10n.t({
          message:
            '{0} failed: the access token contains spaces, line breaks or other characters a token cannot have. Run "Unique Analytics: Set Access Token…" and paste it again.',
          args: [operationLabel(operation)],
          comment: ['{0} is what was being done, e.g. "Listing orders"'],
        }),
        { operation },
      );
    }
    this.remember(token);
    used.token = token;

    const ctrl = new AbortController();
    const signal = req.signal ? AbortSignal.any([req.signal, ctrl.signal]) : ctrl.signal;
    let timer: unknown = this.clock.setTimeout(
      () => ctrl.abort(new Stop('timeout', this.opts.timeoutMs)),
      this.opts.timeoutMs,
    );
    const clearTimer = () => {
      if (timer !== undefined) this.clock.clearTimeout(timer);
      timer = undefined;
    };
    let url = req.url;
    const fail = (e: unknown): ApiError => {
      if (e instanceof ApiError) return this.redactError(e);
      if (req.signal?.aborted) return cancelled(operation);
      const reason: unknown = ctrl.signal.reason;
      if (ctrl.signal.aborted && reason instanceof Stop) {
        return new ApiError('network', stopMessage(operation, url, reason), {
          operation,
          endpoint: url,
        });
      }
      return this.redactError(errorFromNetwork(operation, url, e));
    };

    try {
      const trustedOrigin = new URL(req.url).origin;
      let method = req.method ?? 'GET';
      let body = req.body;
      let authorized = true;
      for (let hop = 0; ; hop++) {
        const headers = new Headers(req.headers);
        headers.set('User-Agent', this.opts.userAgent);
        if (authorized) headers.set('Authorization', `Bearer ${token}`);
        else headers.delete('Authorization');
        const started = this.clock.now();
        const response = await this.opts.fetch(url, {
          method,
          headers,
          body,
          redirect: 'manual',
          signal,
        });
        this.opts.logger.debug(
          `${method} ${url} → ${response.status} (${this.clock.now() - started} ms)`,
        );

        if (isRedirect(response.status)) {
          discard(response);
          const next = this.redirectTarget(operation, url, response, hop);
          // Tokens only ever go to the configured host: once we leave its origin, they stay behind.
          authorized = authorized && next.origin === trustedOrigin;
          if (
            response.status === 303 ||
            ((response.status === 301 || response.status === 302) && method === 'POST')
          ) {
            method = 'GET';
            body = undefined;
          }
          this.opts.logger.debug(
            `following ${response.status} redirect to ${next.origin}${next.pathname}${authorized ? '' : ' (without the token)'}`,
          );
          url = next.toString();
          continue;
        }
        if (!response.ok && !req.acceptStatus?.includes(response.status)) {
          const text = await readLimited(response, ERROR_BODY_LIMIT);
          throw errorFromStatus({
            operation,
            status: response.status,
            statusText: response.statusText,
            url,
            body: text,
            contentType: response.headers.get('content-type'),
            retryAfter: response.headers.get('retry-after'),
            now: this.clock.now(),
            notFoundHint: req.notFoundHint,
          });
        }
        const finalUrl = url;
        return {
          response,
          url: finalUrl,
          signal,
          stopTimeout: clearTimer,
          stall: (ms) => ctrl.abort(new Stop('idle', ms)),
          readText: async () => {
            try {
              return await response.text();
            } catch (e) {
              throw fail(e);
            } finally {
              clearTimer();
            }
          },
          fail,
          release: clearTimer,
        };
      }
    } catch (e) {
      clearTimer();
      throw fail(e);
    }
  }

  private redirectTarget(
    operation: string,
    from: string,
    response: FetchResponse,
    hop: number,
  ): URL {
    const protocolError = (text: string) =>
      new ApiError('protocol', text, {
        operation,
        status: response.status,
        endpoint: from,
      });
    const op = operationLabel(operation);
    if (hop >= MAX_REDIRECTS) {
      throw protocolError(
        l10n.t({
          message:
            '{0} failed: the server redirected more than {1} times. Check uniqueAnalytics.baseUrl.',
          args: [op, MAX_REDIRECTS],
          comment: ['{0} is what was being done, e.g. "Listing orders"'],
        }),
      );
    }
    const location = response.headers.get('location');
    if (!location)
      throw protocolError(
        l10n.t({
          message: '{0} failed: the server answered HTTP {1} (a redirect) without saying where to.',
          args: [op, response.status],
          comment: ['{0} is what was being done, e.g. "Listing orders"; {1} is an HTTP status'],
        }),
      );
    let next: URL;
    try {
      next = new URL(location, from);
    } catch {
      throw protocolError(
        l10n.t({
          message:
            '{0} failed: the server redirected to an unusable address. Check uniqueAnalytics.baseUrl.',
          args: [op],
          comment: ['{0} is what was being done, e.g. "Listing orders"'],
        }),
      );
    }
    if (next.protocol !== 'https:' && next.protocol !== 'http:') {
      throw protocolError(
        l10n.t({
          message: '{0} failed: the server redirected to a {1} address, which is not followed.',
          args: [op, next.protocol],
          comment: ['{0} is what was being done, e.g. "Listing orders"; {1} is a URL scheme'],
        }),
      );
    }
    if (next.protocol === 'http:' && !isLoopbackHost(next.hostname)) {
      throw protocolError(
        l10n.t({
          message:
            '{0} failed: the server redirected to plain http:// ({1}), which is not followed because the data would travel unencrypted. Check uniqueAnalytics.baseUrl.',
          args: [op, next.host],
          comment: ['{0} is what was being done, e.g. "Listing orders"; {1} is a host name'],
        }),
      );
    }
    return next;
  }
}

/** A token must be visible ASCII without spaces to go into a header (JWTs and API keys are). */
export function isSendableToken(token: string): boolean {
  return /^[\x21-\x7e]+$/.test(token);
}

function cancelled(operation: string): ApiError {
  return new ApiError('cancelled', cancelledMessage(operation), { operation });
}

/** Why our own controller stopped a request: no answer in time, or a download that went quiet. */
function stopMessage(operation: string, url: string, stop: Stop): string {
  const op = operationLabel(operation);
  const secs = Math.round(stop.ms / 1000);
  if (stop.why === 'idle')
    return l10n.t({
      message: '{0} failed: the transfer stalled: no data arrived for {1} s. Try again.',
      args: [op, secs],
      comment: ['{0} is what was being done, e.g. "Listing orders"; {1} is a number of seconds'],
    });
  const host = hostOf(url);
  return host === undefined
    ? l10n.t({
        message:
          '{0} failed: The server did not answer within {1} s. Check your network or proxy and try again.',
        args: [op, secs],
        comment: ['{0} is what was being done, e.g. "Listing orders"; {1} is a number of seconds'],
      })
    : l10n.t({
        message:
          '{0} failed: {1} did not answer within {2} s. Check your network or proxy and try again.',
        args: [op, host, secs],
        comment: [
          '{0} is what was being done, e.g. "Listing orders"; {1} is a host name; {2} is a number of seconds',
        ],
      });
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/** Drops an unread body. */
export function discard(response: FetchResponse): void {
  response.body.destroy();
}

/** Reads at most `limit` bytes of an (error) body as text; a failure to read yields what arrived. */
async function readLimited(response: FetchResponse, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).byteLength;
      if (size >= limit) break;
    }
  } catch {
    // a broken error body still leaves the status to report
  } finally {
    response.body.destroy();
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, limit));
}
