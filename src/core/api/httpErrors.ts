// Turns what went wrong on the wire (an HTTP status, a Node network error, a GraphQL error) into an
// ApiError whose message names the operation, the cause and the fix. Pure: no I/O, no token handling.
// Messages are whole sentences in the display language; `details.operation` stays the English name.

import * as l10n from '@vscode/l10n';
import { ApiError, type ApiErrorKind } from '../errors';
import { operationLabel } from './operations';
import { shortQuote } from './quote';

export const DEFAULT_RETRY_AFTER_MS = 30_000;

function setTokenHint(): string {
  return l10n.t('Run "Unique Analytics: Set Access Token…" with a fresh token.');
}

function rolesHint(): string {
  return l10n.t(
    "Ask your Unique administrator to give the token's user the role chat.feedback.read (aggregated exports) or chat.data.admin (exports with prompts).",
  );
}

function proxyHint(): string {
  return l10n.t(
    'If you are behind a proxy, check VS Code\'s "http.proxy" setting (or the HTTPS_PROXY environment variable).',
  );
}

function tlsHint(): string {
  return l10n.t(
    'The server\'s TLS certificate is not trusted here, typically because a company proxy re-signs traffic. Keep "http.systemCertificates" on so VS Code uses the operating system\'s certificates, install the company root certificate there, or turn "http.systemCertificates" off and start VS Code with NODE_EXTRA_CA_CERTS=<path to the PEM file> (VS Code ignores it while that setting is on). Turning "http.proxyStrictSSL" off also works but disables the check.',
  );
}

/** Sentences joined into one message, leaving out the empty ones. */
function sentences(...parts: string[]): string {
  return parts.filter((p) => p !== '').join(' ');
}

/** Parses Retry-After (delta-seconds or an HTTP date) into milliseconds from `now`; undefined when unusable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

function stripHtml(html: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(html)?.[1];
  const pick = title ?? h1 ?? html.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ');
  return pick
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

/** What an error body says, in short: an HTML page's title (never the whole page), or a one-line quote. */
export type BodySummary =
  | { readonly kind: 'html'; readonly title?: string }
  | { readonly kind: 'text'; readonly text: string };

/**
 * A short, single-line summary of an error body: a JSON `message`/`errors[0].message`, an HTML page's
 * title, or the first characters of text. Undefined when nothing useful.
 */
export function summarizeBody(body: string, contentType?: string | null): BodySummary | undefined {
  const text = body.replace(/^\uFEFF/, '').trim();
  if (!text) return undefined;
  if (/html/i.test(contentType ?? '') || /^<(!doctype|html|head|body)\b/i.test(text)) {
    const title = shortQuote(stripHtml(text), 100);
    return title ? { kind: 'html', title } : { kind: 'html' };
  }
  try {
    const parsed: unknown = JSON.parse(text);
    const msg = jsonMessage(parsed);
    if (msg) return { kind: 'text', text: shortQuote(msg, 160) };
  } catch {
    // not JSON: quote the text
  }
  return { kind: 'text', text: shortQuote(text, 160) };
}

/** The summary quoted as data (`"…"`), for `details.said`; undefined for an HTML page without a title. */
export function quotedSummary(summary: BodySummary | undefined): string | undefined {
  if (!summary) return undefined;
  const words = summary.kind === 'html' ? summary.title : summary.text;
  return words === undefined ? undefined : `"${words}"`;
}

/** The sentence saying what the server answered, or '' when the body said nothing useful. */
function serverSaid(summary: BodySummary | undefined): string {
  if (!summary) return '';
  if (summary.kind === 'text') return l10n.t('The server said "{0}".', summary.text);
  return summary.title === undefined
    ? l10n.t('The server said an HTML page.')
    : l10n.t('The server said an HTML page: "{0}".', summary.title);
}

function jsonMessage(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.errors) && o.errors.length > 0) {
    const first: unknown = o.errors[0];
    if (
      typeof first === 'object' &&
      first !== null &&
      typeof (first as Record<string, unknown>).message === 'string'
    ) {
      return (first as Record<string, string>).message;
    }
  }
  if (typeof o.message === 'string') return o.message;
  if (Array.isArray(o.message) && o.message.every((m) => typeof m === 'string'))
    return o.message.join('; ');
  if (typeof o.error === 'string') return o.error;
  return undefined;
}

export interface StatusContext {
  readonly operation: string;
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly body: string;
  readonly contentType: string | null;
  readonly retryAfter: string | null;
  readonly now: number;
  /** Said on 404 instead of the generic "check the base URL" hint (e.g. for downloads). */
  readonly notFoundHint?: string;
}

/** Maps a non-2xx, non-redirect answer to an ApiError. */
export function errorFromStatus(c: StatusContext): ApiError {
  const summary = summarizeBody(c.body, c.contentType);
  const said = quotedSummary(summary);
  const http = `HTTP ${c.status}${c.statusText ? ` ${c.statusText}` : ''}`;
  const op = operationLabel(c.operation);
  const details = {
    operation: c.operation,
    status: c.status,
    endpoint: pathOf(c.url),
    ...(said === undefined ? {} : { said }),
  };
  const error = (kind: ApiErrorKind, text: string, extra: { retryAfterMs?: number } = {}) =>
    new ApiError(kind, text, { ...details, ...extra });

  if (c.status === 401)
    return error(
      'unauthorized',
      sentences(
        l10n.t({
          message:
            '{0} failed: the Unique API did not accept the access token ({1}); it may have expired.',
          args: [op, http],
          comment: ['{0} is what was being done, e.g. "Listing orders"'],
        }),
        setTokenHint(),
      ),
    );
  if (c.status === 403)
    return error(
      'forbidden',
      sentences(
        l10n.t({
          message: '{0} failed: the access token is valid but not allowed to use analytics ({1}).',
          args: [op, http],
          comment: ['{0} is what was being done, e.g. "Listing orders"'],
        }),
        rolesHint(),
      ),
    );
  if (c.status === 404) {
    const hint =
      c.notFoundHint ??
      l10n.t(
        'Check uniqueAnalytics.baseUrl (the "host of URL" of your tenant, e.g. https://gateway.<cluster>.unique.app/chat) and uniqueAnalytics.graphqlPath.',
      );
    return error(
      'notFound',
      sentences(
        l10n.t({
          message: '{0} failed: nothing was found at {1} ({2}).',
          args: [op, pathOf(c.url), http],
          comment: ['{0} is what was being done, e.g. "Listing orders"'],
        }),
        hint,
      ),
    );
  }
  if (c.status === 429) {
    const retryAfterMs = parseRetryAfter(c.retryAfter, c.now) ?? DEFAULT_RETRY_AFTER_MS;
    return error(
      'rateLimited',
      l10n.t({
        message: '{0} failed: the Unique API asks to slow down ({1}). Try again in {2} s.',
        args: [op, http, Math.ceil(retryAfterMs / 1000)],
        comment: ['{0} is what was being done, e.g. "Listing orders"; {2} is a number of seconds'],
      }),
      { retryAfterMs },
    );
  }
  if (c.status === 408)
    return error(
      'network',
      l10n.t({
        message: '{0} failed: the server timed out waiting for the request ({1}). Try again.',
        args: [op, http],
        comment: ['{0} is what was being done, e.g. "Listing orders"'],
      }),
    );
  if (c.status >= 500) {
    const retryAfterMs = parseRetryAfter(c.retryAfter, c.now);
    const what =
      c.status === 502 || c.status === 504
        ? l10n.t({
            message:
              '{0} failed: the Unique API had a server error: {1} (a gateway in front of the Unique API could not reach it).',
            args: [op, http],
            comment: ['{0} is what was being done, e.g. "Listing orders"'],
          })
        : l10n.t({
            message: '{0} failed: the Unique API had a server error: {1}.',
            args: [op, http],
            comment: ['{0} is what was being done, e.g. "Listing orders"'],
          });
    return error(
      'server',
      sentences(what, serverSaid(summary), l10n.t('Try again later.')),
      retryAfterMs === undefined ? {} : { retryAfterMs },
    );
  }
  return error(
    'protocol',
    sentences(
      l10n.t({
        message: '{0} failed: the Unique API refused the request ({1}).',
        args: [op, http],
        comment: ['{0} is what was being done, e.g. "Listing orders"'],
      }),
      serverSaid(summary),
      l10n.t('The API may have changed; please report it with the log.'),
    ),
  );
}

function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return shortQuote(url, 100);
  }
}

/** The first `code` found along an error's `cause` chain (Node puts ECONNREFUSED etc. on the cause of "fetch failed"). */
export function errorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 6 && typeof cur === 'object' && cur !== null; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && code) return code;
    const errors = (cur as { errors?: unknown }).errors;
    if (Array.isArray(errors)) {
      for (const inner of errors) {
        const c = (inner as { code?: unknown } | null)?.code;
        if (typeof c === 'string' && c) return c;
      }
    }
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_SIGNATURE_FAILURE',
]);

/** Maps an error thrown by fetch (or by reading its body) to a network ApiError. */
export function errorFromNetwork(operation: string, url: string, e: unknown): ApiError {
  const code = errorCode(e);
  const host = hostOf(url);
  const op = operationLabel(operation);
  const details = { operation, endpoint: pathOf(url), cause: e };
  const fail = (...text: string[]) => new ApiError('network', sentences(...text), details);
  switch (code) {
    case 'ECONNREFUSED':
      return fail(
        l10n.t({
          message:
            '{0} failed: {1} refused the connection (ECONNREFUSED). Check uniqueAnalytics.baseUrl and that the server is up.',
          args: [op, host],
          comment: ['{0} is what was being done, e.g. "Listing orders"; {1} is a host name'],
        }),
        proxyHint(),
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return fail(
        l10n.t({
          message:
            '{0} failed: the host name {1} could not be resolved ({2}). Check uniqueAnalytics.baseUrl and your network/VPN.',
          args: [op, host, code],
          comment: ['{0} is what was being done, e.g. "Listing orders"; {2} is an error code'],
        }),
        proxyHint(),
      );
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'ECONNABORTED':
      return fail(
        l10n.t({
          message: '{0} failed: the connection to {1} was dropped ({2}). Try again.',
          args: [op, host, code],
          comment: [
            '{0} is what was being done, e.g. "Listing orders"; {1} is a host name; {2} is an error code',
          ],
        }),
        proxyHint(),
      );
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return fail(
        l10n.t({
          message: '{0} failed: {1} did not answer in time ({2}). Try again.',
          args: [op, host, code],
          comment: [
            '{0} is what was being done, e.g. "Listing orders"; {1} is a host name; {2} is an error code',
          ],
        }),
        proxyHint(),
      );
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return fail(
        l10n.t({
          message:
            '{0} failed: {1} is not reachable from this machine ({2}). Check your network/VPN.',
          args: [op, host, code],
          comment: [
            '{0} is what was being done, e.g. "Listing orders"; {1} is a host name; {2} is an error code',
          ],
        }),
        proxyHint(),
      );
    default: {
      if (code && (TLS_CODES.has(code) || /CERT|TLS|SSL/.test(code))) {
        return fail(
          l10n.t({
            message: '{0} failed: the secure connection to {1} failed ({2}).',
            args: [op, host, code],
            comment: [
              '{0} is what was being done, e.g. "Listing orders"; {1} is a host name; {2} is an error code',
            ],
          }),
          tlsHint(),
        );
      }
      const why = shortQuote(errorText(e), 160);
      return fail(
        code
          ? l10n.t({
              message: '{0} failed: could not talk to {1} ({2}): {3}.',
              args: [op, host, code, why],
              comment: [
                '{0} is what was being done, e.g. "Listing orders"; {1} is a host name; {2} is an error code; {3} is the error\'s own text',
              ],
            })
          : l10n.t({
              message: '{0} failed: could not talk to {1}: {2}.',
              args: [op, host, why],
              comment: [
                '{0} is what was being done, e.g. "Listing orders"; {1} is a host name; {2} is the error\'s own text',
              ],
            }),
        proxyHint(),
      );
    }
  }
}

function errorText(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    if (cur instanceof Error) parts.push(cur.message);
    else if (typeof cur === 'string' || typeof cur === 'number') parts.push(String(cur));
    cur = typeof cur === 'object' && cur !== null ? (cur as { cause?: unknown }).cause : undefined;
  }
  return (
    parts.filter(Boolean).join(': ') ||
    l10n.t({ message: 'unknown error', comment: ['stands in for an error that says nothing'] })
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return l10n.t({
      message: 'the server',
      comment: [
        'stands in for a host name that cannot be read, e.g. in "{1} refused the connection"',
      ],
    });
  }
}

/** Maps GraphQL `errors` that came with HTTP 200 to an ApiError, by `extensions.code` first, then wording. */
export function errorFromGraphql(
  operation: string,
  endpoint: string,
  errors: readonly unknown[],
): ApiError {
  const first = (errors[0] ?? {}) as { message?: unknown; extensions?: { code?: unknown } };
  const hasMessage = typeof first.message === 'string' && first.message.trim() !== '';
  const message = hasMessage ? (first.message as string) : '';
  const code =
    typeof first.extensions?.code === 'string' ? first.extensions.code.toUpperCase() : undefined;
  const quote = hasMessage
    ? shortQuote(message, 200)
    : l10n.t({
        message: 'no message',
        comment: ['quoted where the server sent an error without text'],
      });
  const said =
    errors.length > 1
      ? l10n.t({
          message: '"{0}" (and {1} more)',
          args: [quote, errors.length - 1],
          comment: ['the first error the server sent, quoted, and how many more came with it'],
        })
      : `"${quote}"`;
  const op = operationLabel(operation);
  const details = { operation, endpoint, field: 'errors' };
  const fail = (kind: ApiErrorKind, ...text: string[]) =>
    new ApiError(kind, sentences(...text), details);

  if (
    code === 'UNAUTHENTICATED' ||
    (!code && /unauthori[sz]ed|unauthenticated|jwt|token.*(expired|invalid)/i.test(message))
  ) {
    return fail(
      'unauthorized',
      l10n.t({
        message: '{0} failed: the Unique API did not accept the access token: {1}.',
        args: [op, said],
        comment: ['{0} is what was being done, e.g. "Listing orders"; {1} is what the server said'],
      }),
      setTokenHint(),
    );
  }
  if (
    code === 'FORBIDDEN' ||
    (!code && /forbidden|permission|not allowed|access denied/i.test(message))
  ) {
    return fail(
      'forbidden',
      l10n.t({
        message: '{0} failed: the access token is not allowed to use analytics: {1}.',
        args: [op, said],
        comment: ['{0} is what was being done, e.g. "Listing orders"; {1} is what the server said'],
      }),
      rolesHint(),
    );
  }
  if (code === 'NOT_FOUND' || /not found|does not exist|no .* found/i.test(message)) {
    return fail(
      'notFound',
      l10n.t({
        message:
          '{0} failed: the Unique API says: {1}. The order may already be gone; refresh the list.',
        args: [op, said],
        comment: ['{0} is what was being done, e.g. "Listing orders"; {1} is what the server said'],
      }),
    );
  }
  if (!code || code === 'INTERNAL_SERVER_ERROR' || code === 'SERVICE_UNAVAILABLE') {
    return fail(
      'server',
      l10n.t({
        message: '{0} failed: the Unique API reported an error: {1}. Try again later.',
        args: [op, said],
        comment: ['{0} is what was being done, e.g. "Listing orders"; {1} is what the server said'],
      }),
    );
  }
  return fail(
    'protocol',
    l10n.t({
      message:
        '{0} failed: the Unique API reported {1}: {2}. The API may have changed; please report it with the log.',
      args: [op, code, said],
      comment: [
        '{0} is what was being done, e.g. "Listing orders"; {1} is an error code; {2} is what the server said',
      ],
    }),
  );
}
