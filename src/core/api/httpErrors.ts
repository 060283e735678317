// Turns what went wrong on the wire (an HTTP status, a Node network error, a GraphQL error) into an
// ApiError whose message names the operation, the cause and the fix. Pure: no I/O, no token handling.

import { ApiError, type ApiErrorKind } from '../errors';
import { shortQuote } from './quote';

export const DEFAULT_RETRY_AFTER_MS = 30_000;

const SET_TOKEN = 'Run "Unique Analytics: Set Access Token…" with a fresh token.';
const ROLES =
  "Ask your Unique administrator to give the token's user the role chat.feedback.read (aggregated exports) or chat.data.admin (exports with prompts).";
const PROXY_HINT =
  'If you are behind a proxy, check VS Code\'s "http.proxy" setting (or the HTTPS_PROXY environment variable).';
const TLS_HINT =
  'The server\'s TLS certificate is not trusted here, typically because a company proxy re-signs traffic. Keep "http.systemCertificates" on so VS Code ' +
  'uses the operating system\'s certificates, install the company root certificate there, or turn "http.systemCertificates" off and start VS Code with NODE_EXTRA_CA_CERTS=<path to the PEM file> (VS Code ignores it while that setting is on). ' +
  'Turning "http.proxyStrictSSL" off also works but disables the check.';

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

/**
 * A short, single-line summary of an error body: a JSON `message`/`errors[0].message`, an HTML page's
 * title (never the whole page), or the first characters of text. Empty string when nothing useful.
 */
export function summarizeBody(body: string, contentType?: string | null): string {
  const text = body.replace(/^\uFEFF/, '').trim();
  if (!text) return '';
  if (/html/i.test(contentType ?? '') || /^<(!doctype|html|head|body)\b/i.test(text)) {
    const s = shortQuote(stripHtml(text), 100);
    return s ? `an HTML page: "${s}"` : 'an HTML page';
  }
  try {
    const parsed: unknown = JSON.parse(text);
    const msg = jsonMessage(parsed);
    if (msg) return `"${shortQuote(msg, 160)}"`;
  } catch {
    // not JSON: quote the text
  }
  return `"${shortQuote(text, 160)}"`;
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
  const said = summary ? ` The server said ${summary}.` : '';
  const http = `HTTP ${c.status}${c.statusText ? ` ${c.statusText}` : ''}`;
  const details = { operation: c.operation, status: c.status, endpoint: pathOf(c.url) };
  const msg = (kind: ApiErrorKind, text: string, extra: { retryAfterMs?: number } = {}) =>
    new ApiError(kind, `${c.operation} failed: ${text}`, { ...details, ...extra });

  if (c.status === 401)
    return msg(
      'unauthorized',
      `the Unique API did not accept the access token (${http}); it may have expired. ${SET_TOKEN}`,
    );
  if (c.status === 403)
    return msg(
      'forbidden',
      `the access token is valid but not allowed to use analytics (${http}). ${ROLES}`,
    );
  if (c.status === 404) {
    const hint =
      c.notFoundHint ??
      'Check uniqueAnalytics.baseUrl (the "host of URL" of your tenant, e.g. https://gateway.<cluster>.unique.app/chat) and uniqueAnalytics.graphqlPath.';
    return msg('notFound', `nothing was found at ${pathOf(c.url)} (${http}). ${hint}`);
  }
  if (c.status === 429) {
    const retryAfterMs = parseRetryAfter(c.retryAfter, c.now) ?? DEFAULT_RETRY_AFTER_MS;
    return msg(
      'rateLimited',
      `the Unique API asks to slow down (${http}). Try again in ${Math.ceil(retryAfterMs / 1000)} s.`,
      {
        retryAfterMs,
      },
    );
  }
  if (c.status === 408)
    return msg('network', `the server timed out waiting for the request (${http}). Try again.`);
  if (c.status >= 500) {
    const retryAfterMs = parseRetryAfter(c.retryAfter, c.now);
    const gateway =
      c.status === 502 || c.status === 504
        ? ' (a gateway in front of the Unique API could not reach it)'
        : '';
    return msg(
      'server',
      `the Unique API had a server error: ${http}${gateway}.${said} Try again later.`,
      retryAfterMs === undefined ? {} : { retryAfterMs },
    );
  }
  return msg(
    'protocol',
    `the Unique API refused the request (${http}).${said} The API may have changed; please report it with the log.`,
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
  const details = { operation, endpoint: pathOf(url), cause: e };
  const fail = (text: string) => new ApiError('network', `${operation} failed: ${text}`, details);
  switch (code) {
    case 'ECONNREFUSED':
      return fail(
        `${host} refused the connection (ECONNREFUSED). Check uniqueAnalytics.baseUrl and that the server is up. ${PROXY_HINT}`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return fail(
        `the host name ${host} could not be resolved (${code}). Check uniqueAnalytics.baseUrl and your network/VPN. ${PROXY_HINT}`,
      );
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'ECONNABORTED':
      return fail(`the connection to ${host} was dropped (${code}). Try again. ${PROXY_HINT}`);
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return fail(`${host} did not answer in time (${code}). Try again. ${PROXY_HINT}`);
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return fail(
        `${host} is not reachable from this machine (${code}). Check your network/VPN. ${PROXY_HINT}`,
      );
    default:
      if (code && (TLS_CODES.has(code) || /CERT|TLS|SSL/.test(code))) {
        return fail(`the secure connection to ${host} failed (${code}). ${TLS_HINT}`);
      }
      return fail(
        `could not talk to ${host}${code ? ` (${code})` : ''}: ${shortQuote(errorText(e), 160)}. ${PROXY_HINT}`,
      );
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
  return parts.filter(Boolean).join(': ') || 'unknown error';
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

/** Maps GraphQL `errors` that came with HTTP 200 to an ApiError, by `extensions.code` first, then wording. */
export function errorFromGraphql(
  operation: string,
  endpoint: string,
  errors: readonly unknown[],
): ApiError {
  const first = (errors[0] ?? {}) as { message?: unknown; extensions?: { code?: unknown } };
  const message =
    typeof first.message === 'string' && first.message.trim() ? first.message : 'no message';
  const code =
    typeof first.extensions?.code === 'string' ? first.extensions.code.toUpperCase() : undefined;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  const said = `"${shortQuote(message, 200)}"${more}`;
  const details = { operation, endpoint, field: 'errors' };
  const fail = (kind: ApiErrorKind, text: string) =>
    new ApiError(kind, `${operation} failed: ${text}`, details);

  if (
    code === 'UNAUTHENTICATED' ||
    (!code && /unauthori[sz]ed|unauthenticated|jwt|token.*(expired|invalid)/i.test(message))
  ) {
    return fail(
      'unauthorized',
      `the Unique API did not accept the access token: ${said}. ${SET_TOKEN}`,
    );
  }
  if (
    code === 'FORBIDDEN' ||
    (!code && /forbidden|permission|not allowed|access denied/i.test(message))
  ) {
    return fail('forbidden', `the access token is not allowed to use analytics: ${said}. ${ROLES}`);
  }
  if (code === 'NOT_FOUND' || /not found|does not exist|no .* found/i.test(message)) {
    return fail(
      'notFound',
      `the Unique API says: ${said}. The order may already be gone; refresh the list.`,
    );
  }
  if (!code || code === 'INTERNAL_SERVER_ERROR' || code === 'SERVICE_UNAVAILABLE') {
    return fail('server', `the Unique API reported an error: ${said}. Try again later.`);
  }
  return fail(
    'protocol',
    `the Unique API reported ${code}: ${said}. The API may have changed; please report it with the log.`,
  );
}
