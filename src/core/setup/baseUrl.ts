// Validates the two endpoint settings (`uniqueAnalytics.baseUrl`, `uniqueAnalytics.graphqlPath`) before
// any request: a bad value is refused with a message saying what to set, never sent half-right.

export type ParsedBaseUrl =
  { readonly ok: true; readonly url: string } | { readonly ok: false; readonly message: string };
export type ParsedGraphqlPath =
  { readonly ok: true; readonly path: string } | { readonly ok: false; readonly message: string };

export const DEFAULT_GRAPHQL_PATH = '/graphql';

const EXAMPLE = 'https://gateway.<cluster>.unique.app/chat';
const SET_IT = `Set uniqueAnalytics.baseUrl to the "host of URL" of your Unique tenant, e.g. ${EXAMPLE}`;

/** True for hosts that never leave this machine, so plain http:// cannot expose the token on a network. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (h === 'localhost' || h === '[::1]' || h === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

function shorten(s: string, max = 80): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

/**
 * Turns the baseUrl setting into `https://host[:port][/path]` without a trailing slash, or explains why
 * it cannot be used. Never throws.
 */
export function parseBaseUrl(input: string): ParsedBaseUrl {
  try {
    return parseBaseUrlUnsafe(typeof input === 'string' ? input : '');
  } catch {
    return { ok: false, message: `The base URL could not be read. ${SET_IT}.` };
  }
}

function parseBaseUrlUnsafe(input: string): ParsedBaseUrl {
  const raw = input.trim();
  if (!raw) return { ok: false, message: `No base URL is set. ${SET_IT}.` };
  if (/\s/.test(raw))
    return { ok: false, message: `The base URL "${shorten(raw)}" contains spaces. ${SET_IT}.` };
  if (!/^[a-z][a-z0-9+.-]*:/i.test(raw) || /^[^:/]+:\d+(\/|$)/.test(raw)) {
    return {
      ok: false,
      message: `The base URL "${shorten(raw)}" has no scheme. Start it with https://, e.g. https://${shorten(raw.replace(/^\/+/, ''), 60)}.`,
    };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: `"${shorten(raw)}" is not a valid URL. ${SET_IT}.` };
  }
  const scheme = url.protocol.toLowerCase();
  if (scheme !== 'https:' && scheme !== 'http:') {
    return {
      ok: false,
      message: `The base URL must start with https:// (got ${shorten(scheme, 20)}//). ${SET_IT}.`,
    };
  }
  if (!url.hostname)
    return { ok: false, message: `The base URL "${shorten(raw)}" names no host. ${SET_IT}.` };
  if (scheme === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      ok: false,
      message:
        `The base URL uses plain http:// to ${shorten(url.hostname, 60)}: the access token would travel unencrypted. ` +
        `Use https:// (plain http:// is accepted only for localhost, 127.0.0.1 and [::1]).`,
    };
  }
  if (url.username || url.password) {
    return {
      ok: false,
      message:
        'The base URL contains a user name or password. Remove them: the extension sends the access token instead.',
    };
  }
  if (url.search || raw.includes('?')) {
    return { ok: false, message: `The base URL contains a query ("?…"). Remove it. ${SET_IT}.` };
  }
  if (url.hash || raw.includes('#')) {
    return { ok: false, message: `The base URL contains a fragment ("#…"). Remove it. ${SET_IT}.` };
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (/\/graphql$/i.test(path)) {
    return {
      ok: false,
      message: `The base URL ends with /graphql. Set uniqueAnalytics.baseUrl to the part before it (e.g. ${EXAMPLE}); the GraphQL path is a separate setting.`,
    };
  }
  if (/\/analytics(\/|$)/i.test(path)) {
    return {
      ok: false,
      message: `The base URL contains an API path (/analytics…). Set uniqueAnalytics.baseUrl to the part before it, e.g. ${EXAMPLE}.`,
    };
  }
  return { ok: true, url: `${url.protocol}//${url.host}${path}` };
}

/** Normalises the graphqlPath setting to `/segment[/segment…]`; empty means the default `/graphql`. Never throws. */
export function parseGraphqlPath(input: string | undefined): ParsedGraphqlPath {
  try {
    const raw = (typeof input === 'string' ? input : '').trim();
    if (!raw) return { ok: true, path: DEFAULT_GRAPHQL_PATH };
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
      return {
        ok: false,
        message: `uniqueAnalytics.graphqlPath is a path below the base URL (e.g. ${DEFAULT_GRAPHQL_PATH}), not a full URL.`,
      };
    }
    if (/[\s?#\\]/.test(raw) || hasControl(raw)) {
      return {
        ok: false,
        message: `uniqueAnalytics.graphqlPath "${shorten(raw)}" may not contain spaces, "?", "#" or "\\". Use a path such as ${DEFAULT_GRAPHQL_PATH}.`,
      };
    }
    const path = `/${raw.replace(/^\/+/, '')}`.replace(/\/+$/, '');
    if (!path || path.split('/').some((seg) => seg === '.' || seg === '..')) {
      return {
        ok: false,
        message: `uniqueAnalytics.graphqlPath "${shorten(raw)}" is not a usable path. Use e.g. ${DEFAULT_GRAPHQL_PATH}.`,
      };
    }
    if (/\/\//.test(path)) {
      return {
        ok: false,
        message: `uniqueAnalytics.graphqlPath "${shorten(raw)}" contains an empty segment ("//"). Use e.g. ${DEFAULT_GRAPHQL_PATH}.`,
      };
    }
    return { ok: true, path };
  } catch {
    return {
      ok: false,
      message: `uniqueAnalytics.graphqlPath could not be read. Use e.g. ${DEFAULT_GRAPHQL_PATH}.`,
    };
  }
}
