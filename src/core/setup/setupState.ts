// Which welcome content the Orders view shows (context key `uniqueAnalytics.setupState`): the first
// thing a person must fix, from the settings, the token's presence and the last listing error.

import { assertNever, isApiError } from '../errors';

export const SETUP_STATES = [
  'noBaseUrl',
  'badBaseUrl',
  'noToken',
  'tokenRejected',
  'forbidden',
  'offline',
  'ready',
] as const;
export type SetupState = (typeof SETUP_STATES)[number];

export interface SetupFacts {
  /** `uniqueAnalytics.baseUrl` is not empty. */
  readonly baseUrlSet: boolean;
  /** The base URL and GraphQL path pass validation (baseUrl.ts). */
  readonly baseUrlValid: boolean;
  /** A token is stored (SecretStorage) or in the environment. */
  readonly hasToken: boolean;
  /** The error of the last attempt to list orders, if it failed; cleared by the next success. */
  readonly lastError?: unknown;
}

/**
 * Settings come first (nothing can be sent without them), then the token, then what the server said.
 * Errors that say nothing about the set-up (rate limits, 5xx, protocol surprises, cancellation, bugs)
 * leave the view `ready`: it keeps showing the orders it has and the error is reported elsewhere.
 */
export function decideSetupState(facts: SetupFacts): SetupState {
  if (!facts.baseUrlSet) return 'noBaseUrl';
  if (!facts.baseUrlValid) return 'badBaseUrl';
  if (!facts.hasToken) return 'noToken';
  const e = facts.lastError;
  if (!isApiError(e)) return 'ready';
  switch (e.kind) {
    case 'unauthorized':
      return 'tokenRejected';
    case 'forbidden':
      return 'forbidden';
    case 'network':
      return 'offline';
    case 'badConfiguration':
    case 'notFound': // 404 from the GraphQL endpoint: wrong base URL or GraphQL path
      return 'badBaseUrl';
    case 'notConfigured': // the token vanished between the check and the request (e.g. env var)
      return 'noToken';
    case 'rateLimited':
    case 'server':
    case 'protocol':
    case 'cancelled':
      return 'ready';
    default:
      return assertNever(e.kind, 'error kind');
  }
}
