// "Check Connection": calls every endpoint that can be called without side effects and explains each
// result. It never starts an export: listing one order covers network, proxy, TLS, token and roles; a
// download of a made-up id shows whether the download route answers (a 404 is the expected answer).

import { ApiError, assertNever, isApiError, isCancellation } from '../errors';
import type { TokenGetter } from '../ports';
import { isSendableToken } from './http';
import type { ConnectionCheck, ConnectionReport, ListOrdersPage } from './types';

/** Well-formed but never issued: the download route should answer 404 for it. */
export const PROBE_ORDER_ID = 'analyticOrder_connectioncheck000000000';

export interface ConnectionCheckDeps {
  readonly endpoints:
    | { readonly ok: true; readonly base: string; readonly graphql: string }
    | { readonly ok: false; readonly error: ApiError };
  readonly getToken: TokenGetter;
  readonly listFirst: (signal?: AbortSignal) => Promise<ListOrdersPage>;
  /** Resolves to the HTTP status (2xx or 404); other answers reject with ApiError. */
  readonly probeDownload: (orderId: string, signal?: AbortSignal) => Promise<number>;
  readonly redact: (text: string) => string;
}

export const CHECKS = {
  settings: 'Settings (base URL, GraphQL path)',
  token: 'Access token set',
  reach: 'Server reachable (network, proxy, TLS)',
  auth: 'Token accepted',
  roles: 'Analytics role (chat.feedback.read or chat.data.admin)',
  list: 'Order list (GraphQL)',
  download: 'Download route',
} as const;

export async function checkConnection(
  deps: ConnectionCheckDeps,
  signal?: AbortSignal,
): Promise<ConnectionReport> {
  const checks: ConnectionCheck[] = [];
  const add = (check: string, ok: boolean, detail: string) =>
    checks.push({ check, ok, detail: deps.redact(detail) });
  const done = (): ConnectionReport => ({ ok: checks.every((c) => c.ok), checks });

  if (!deps.endpoints.ok) {
    add(CHECKS.settings, false, deps.endpoints.error.message);
    return done();
  }
  add(
    CHECKS.settings,
    true,
    `API at ${deps.endpoints.base}, GraphQL at ${deps.endpoints.graphql}.`,
  );

  let token: string | undefined;
  try {
    token = (await deps.getToken())?.trim() || undefined;
  } catch (e) {
    // A service user that cannot sign in says why (client id or secret, project id, token URL).
    if (isApiError(e)) {
      add(CHECKS.token, false, `${e.message} Nothing was sent to the API.`);
      return done();
    }
    token = undefined;
  }
  if (!token) {
    add(
      CHECKS.token,
      false,
      'No access token is set: nothing was sent. Run "Unique Analytics: Set Access Token…".',
    );
    return done();
  }
  if (!isSendableToken(token)) {
    add(
      CHECKS.token,
      false,
      'The token contains spaces, line breaks or other characters a token cannot have: nothing was sent. Set it again.',
    );
    return done();
  }
  add(CHECKS.token, true, 'A token is set (not shown).');

  try {
    const page = await deps.listFirst(signal);
    add(CHECKS.reach, true, `${deps.endpoints.graphql} answered.`);
    add(CHECKS.auth, true, 'The API accepted the token.');
    add(CHECKS.roles, true, 'Listing orders is allowed.');
    add(
      CHECKS.list,
      true,
      `The order list can be read (${page.orders.length} order(s) on the first page${page.skipped ? `, ${page.skipped} unreadable` : ''}).`,
    );
  } catch (e) {
    if (isCancellation(e)) throw e;
    const err = asApiError(e);
    switch (err.kind) {
      case 'network':
        add(CHECKS.reach, false, err.message);
        return done();
      case 'notConfigured':
      case 'badConfiguration':
        add(CHECKS.settings, false, err.message);
        return done();
      case 'unauthorized':
        add(CHECKS.reach, true, `${deps.endpoints.graphql} answered.`);
        add(CHECKS.auth, false, err.message);
        return done();
      case 'forbidden':
        add(CHECKS.reach, true, `${deps.endpoints.graphql} answered.`);
        add(CHECKS.auth, true, 'The API accepted the token.');
        add(CHECKS.roles, false, err.message);
        return done();
      case 'notFound':
      case 'rateLimited':
      case 'server':
      case 'protocol':
        add(CHECKS.reach, true, `${new URL(deps.endpoints.graphql).host} answered.`);
        add(CHECKS.list, false, err.message);
        break;
      case 'cancelled':
        throw err;
      default:
        assertNever(err.kind, 'error kind');
    }
  }

  try {
    const status = await deps.probeDownload(PROBE_ORDER_ID, signal);
    if (status === 404)
      add(
        CHECKS.download,
        true,
        'The download route answers (404 for an unknown order, as expected).',
      );
    else
      add(
        CHECKS.download,
        false,
        `The download route answered HTTP ${status} for an order that does not exist; downloads may not behave as expected.`,
      );
  } catch (e) {
    if (isCancellation(e)) throw e;
    add(CHECKS.download, false, asApiError(e).message);
  }
  return done();
}

function asApiError(e: unknown): ApiError {
  return e instanceof ApiError
    ? e
    : new ApiError('protocol', `Unexpected error: ${e instanceof Error ? e.message : String(e)}`);
}
