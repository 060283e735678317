// Validates the two endpoint settings (`uniqueAnalytics.baseUrl`, `uniqueAnalytics.graphqlPath`) before
// any request: a bad value is refused with a message saying what to set, never sent half-right.

import * as l10n from '@vscode/l10n';

export type ParsedBaseUrl =
  { readonly ok: true; readonly url: string } | { readonly ok: false; readonly message: string };
export type ParsedGraphqlPath =
  { readonly ok: true; readonly path: string } | { readonly ok: false; readonly message: string };

export const DEFAULT_GRAPHQL_PATH = '/graphql';

const EXAMPLE = 'https://gateway.<cluster>.unique.app/chat';

/** The second sentence of most refusals: what the setting should hold. */
function setIt(): string {
  return l10n.t(
    'Set uniqueAnalytics.baseUrl to the "host of URL" of your Unique tenant, e.g. {0}.',
    EXAMPLE,
  );
}

/** A refusal: what is wrong, then (when given) how to set it right. */
function refuse(...sentences: string[]): ParsedBaseUrl {
  return { ok: false, message: sentences.join(' ') };
}

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
    return refuse(l10n.t('The base URL could not be read.'), setIt());
  }
}

function parseBaseUrlUnsafe(input: string): ParsedBaseUrl {
  const raw = input.trim();
  if (!raw) return refuse(l10n.t('No base URL is set.'), setIt());
  if (/\s/.test(raw))
    return refuse(l10n.t('The base URL "{0}" contains spaces.', shorten(raw)), setIt());
  if (!/^[a-z][a-z0-9+.-]*:/i.test(raw) || /^[^:/]+:\d+(\/|$)/.test(raw)) {
    return refuse(
      l10n.t({
        message: 'The base URL "{0}" has no scheme. Start it with https://, e.g. https://{1}.',
        args: [shorten(raw), shorten(raw.replace(/^\/+/, ''), 60)],
        comment: ['{0} is the URL as typed; {1} the same without leading slashes'],
      }),
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse(l10n.t('"{0}" is not a valid URL.', shorten(raw)), setIt());
  }
  const scheme = url.protocol.toLowerCase();
  if (scheme !== 'https:' && scheme !== 'http:') {
    return refuse(
      l10n.t({
        message: 'The base URL must start with https:// (got {0}//).',
        args: [shorten(scheme, 20)],
        comment: ['{0} is a URL scheme such as "ftp:"'],
      }),
      setIt(),
    );
  }
  if (!url.hostname)
    return refuse(l10n.t('The base URL "{0}" names no host.', shorten(raw)), setIt());
  if (scheme === 'http:' && !isLoopbackHost(url.hostname)) {
    return refuse(
      l10n.t({
        message:
          'The base URL uses plain http:// to {0}: the access token would travel unencrypted. Use https:// (plain http:// is accepted only for localhost, 127.0.0.1 and [::1]).',
        args: [shorten(url.hostname, 60)],
        comment: ['{0} is a host name'],
      }),
    );
  }
  if (url.username || url.password) {
    return refuse(
      l10n.t(
        'The base URL contains a user name or password. Remove them: the extension sends the access token instead.',
      ),
    );
  }
  if (url.search || raw.includes('?')) {
    return refuse(l10n.t('The base URL contains a query ("?…"). Remove it.'), setIt());
  }
  if (url.hash || raw.includes('#')) {
    return refuse(l10n.t('The base URL contains a fragment ("#…"). Remove it.'), setIt());
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (/\/graphql$/i.test(path)) {
    return refuse(
      l10n.t(
        'The base URL ends with /graphql. Set uniqueAnalytics.baseUrl to the part before it (e.g. {0}); the GraphQL path is a separate setting.',
        EXAMPLE,
      ),
    );
  }
  if (/\/analytics(\/|$)/i.test(path)) {
    return refuse(
      l10n.t(
        'The base URL contains an API path (/analytics…). Set uniqueAnalytics.baseUrl to the part before it, e.g. {0}.',
        EXAMPLE,
      ),
    );
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
        message: l10n.t(
          'uniqueAnalytics.graphqlPath is a path below the base URL (e.g. {0}), not a full URL.',
          DEFAULT_GRAPHQL_PATH,
        ),
      };
    }
    if (/[\s?#\\]/.test(raw) || hasControl(raw)) {
      return {
        ok: false,
        message: l10n.t(
          'uniqueAnalytics.graphqlPath "{0}" may not contain spaces, "?", "#" or "\\". Use a path such as {1}.',
          shorten(raw),
          DEFAULT_GRAPHQL_PATH,
        ),
      };
    }
    const path = `/${raw.replace(/^\/+/, '')}`.replace(/\/+$/, '');
    if (!path || path.split('/').some((seg) => seg === '.' || seg === '..')) {
      return {
        ok: false,
        message: l10n.t(
          'uniqueAnalytics.graphqlPath "{0}" is not a usable path. Use e.g. {1}.',
          shorten(raw),
          DEFAULT_GRAPHQL_PATH,
        ),
      };
    }
    if (/\/\//.test(path)) {
      return {
        ok: false,
        message: l10n.t(
          'uniqueAnalytics.graphqlPath "{0}" contains an empty segment ("//"). Use e.g. {1}.',
          shorten(raw),
          DEFAULT_GRAPHQL_PATH,
        ),
      };
    }
    return { ok: true, path };
  } catch {
    return {
      ok: false,
      message: l10n.t(
        'uniqueAnalytics.graphqlPath could not be read. Use e.g. {0}.',
        DEFAULT_GRAPHQL_PATH,
      ),
    };
  }
}
