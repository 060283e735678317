// Typed errors of the Unique API client. Each message is safe to show to a person (never a token),
// says what to do and is in the display language (made with @vscode/l10n where the error is made);
// `kind` lets the UI pick the action (Set Token, Open Settings, Retry, ...).

export type ApiErrorKind =
  | 'notConfigured' // no base URL or no token: nothing was sent
  | 'badConfiguration' // the base URL is unusable (bad syntax, http:// to a non-loopback host)
  | 'unauthorized' // 401: token missing, expired or rejected
  | 'forbidden' // 403: token valid but lacks chat.feedback.read / chat.data.admin
  | 'notFound' // 404: wrong base URL / GraphQL path, or the order is gone
  | 'rateLimited' // 429: retryAfterMs tells when to try again
  | 'server' // 5xx
  | 'network' // DNS, refused, reset, timeout, TLS
  | 'protocol' // the API answered something we don't understand
  | 'cancelled'; // the user cancelled

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly details: {
      /** Which operation failed, e.g. "list orders". */
      readonly operation?: string;
      readonly status?: number;
      /** For 429/503: how long the server asked us to wait. */
      readonly retryAfterMs?: number;
      /** For protocol errors: which endpoint and field. */
      readonly endpoint?: string;
      readonly field?: string;
      /** For HTTP errors with a body: what the server said, quoted and shortened (`"…"`), as sent. */
      readonly said?: string;
      readonly cause?: unknown;
    } = {},
  ) {
    super(message);
  }

  /** True when a later identical request may succeed on its own (poller keeps going, with backoff). */
  get isTransient(): boolean {
    return this.kind === 'rateLimited' || this.kind === 'server' || this.kind === 'network';
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

export function isCancellation(e: unknown): boolean {
  return isApiError(e) && e.kind === 'cancelled';
}

/** Exhaustiveness check for `switch` over closed unions. */
export function assertNever(x: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(x)}`);
}

/**
 * Removes every occurrence of `secret` (and its Bearer form) from a text. Used on anything that may
 * echo a request back (server bodies, URLs, stacks) before it reaches a message or the log.
 */
export function redact(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  return text.split(secret).join('‹token›');
}
