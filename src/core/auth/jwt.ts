// Reads when a JWT ends (`exp`), without checking its signature: only to tell the person how long a token
// lasts and to warn before it ends. Folder `core/auth/`: where a bearer token comes from; never logs one.

import * as l10n from '@vscode/l10n';

/** The token's `exp` as ms since epoch, or undefined when it is no JWT or carries no usable `exp`. */
export function jwtExpiry(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    const exp = (payload as { exp?: unknown } | null)?.exp;
    return typeof exp === 'number' && Number.isFinite(exp) && exp > 0 ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** How long from `now` to `expiresAt` or since, as "3 h 12 min", "45 min" or "20 s", in the display language. */
export function expiryDuration(expiresAt: number, now: number): string {
  const abs = Math.abs(expiresAt - now);
  const h = Math.floor(abs / 3_600_000);
  const min = Math.floor((abs % 3_600_000) / 60_000);
  return h > 0
    ? l10n.t({
        message: '{0} h {1} min',
        args: [h, min],
        comment: ['a duration: hours, minutes'],
      })
    : min > 0
      ? l10n.t({ message: '{0} min', args: [min], comment: ['a duration in minutes'] })
      : l10n.t({
          message: '{0} s',
          args: [Math.max(1, Math.round(abs / 1000))],
          comment: ['a duration in seconds'],
        });
}

/**
 * "in 3 h 12 min", "in 45 min", "in 20 s", or "ended 5 min ago": how long a token still lasts, in the
 * display language (the adapter puts it after "The token ends …", or alone in the status bar).
 */
export function describeExpiry(expiresAt: number, now: number): string {
  const text = expiryDuration(expiresAt, now);
  return expiresAt - now >= 0
    ? l10n.t({
        message: 'in {0}',
        args: [text],
        comment: ['when a token ends, e.g. "in 3 h 12 min"; follows "The token ends"'],
      })
    : l10n.t({
        message: 'ended {0} ago',
        args: [text],
        comment: ['when a token ended, e.g. "ended 5 min ago"'],
      });
}

/** Warn this long before a pasted token ends (Unique's tokens last hours; 10 min leaves time to act). */
export const EXPIRY_WARNING_LEAD_MS = 10 * 60_000;
/** setTimeout's ceiling (about 24.8 days); a later warning is re-planned when the timer fires. */
const MAX_TIMER_MS = 2_147_483_647;

export type ExpiryPlan =
  | { readonly kind: 'expired' }
  | { readonly kind: 'warnNow' }
  | { readonly kind: 'warnLater'; readonly inMs: number };

/** When to warn about a token that ends at `expiresAt`: now, later (after `inMs`), or it already ended. */
export function expiryPlan(
  expiresAt: number,
  now: number,
  leadMs = EXPIRY_WARNING_LEAD_MS,
): ExpiryPlan {
  if (expiresAt <= now) return { kind: 'expired' };
  const until = expiresAt - leadMs - now;
  return until <= 0
    ? { kind: 'warnNow' }
    : { kind: 'warnLater', inMs: Math.min(until, MAX_TIMER_MS) };
}
