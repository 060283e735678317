// "Check Connection": calls every endpoint that can be called without side effects and explains each
// result. It never starts an export: listing one order covers network, proxy, TLS, token and roles; a
// download of a made-up id shows whether the download route answers (a 404 is the expected answer).

import * as l10n from '@vscode/l10n';
import { ApiError, assertNever, isApiError, isCancellation } from '../errors';
import { displayLocale } from '../l10n/locale';
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

/** The lines of a connection check, in the display language (read each time: the adapter compares them). */
export const CHECKS = {
  get settings(): string {
    return l10n.t('Settings (base URL, GraphQL path)');
  },
  get token(): string {
    return l10n.t('Access token set');
  },
  get reach(): string {
    return l10n.t('Server reachable (network, proxy, TLS)');
  },
  get auth(): string {
    return l10n.t('Token accepted');
  },
  get roles(): string {
    return l10n.t('Analytics role (chat.feedback.read or chat.data.admin)');
  },
  get list(): string {
    return l10n.t('Order list (GraphQL)');
  },
  get download(): string {
    return l10n.t('Download route');
  },
};

/** "gateway.unique.app answered." */
export function answeredText(where: string): string {
  return l10n.t({
    message: '{0} answered.',
    args: [where],
    comment: ['{0} is a host name or a URL'],
  });
}

/** The order list line of a check that passed: how many orders the first page held. */
export function orderListReadable(page: ListOrdersPage): string {
  const n = page.orders.length;
  const { skipped } = page;
  if (skipped)
    return n === 1
      ? l10n.t(
          'The order list can be read (1 order on the first page, {0} unreadable).',
          skipped.toLocaleString(displayLocale()),
        )
      : l10n.t(
          'The order list can be read ({0} orders on the first page, {1} unreadable).',
          n.toLocaleString(displayLocale()),
          skipped.toLocaleString(displayLocale()),
        );
  return n === 1
    ? l10n.t('The order list can be read (1 order on the first page).')
    : l10n.t(
        'The order list can be read ({0} orders on the first page).',
        n.toLocaleString(displayLocale()),
      );
}

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
    l10n.t('API at {0}, GraphQL at {1}.', deps.endpoints.base, deps.endpoints.graphql),
  );

  let token: string | undefined;
  try {
    token = (await deps.getToken())?.trim() || undefined;
  } catch (e) {
    // A service user that cannot sign in says why (client id or secret, project id, token URL).
    if (isApiError(e)) {
      add(CHECKS.token, false, `${e.message} ${l10n.t('Nothing was sent to the API.')}`);
      return done();
    }
    token = undefined;
  }
  if (!token) {
    add(
      CHECKS.token,
      false,
      l10n.t(
        'No access token is set: nothing was sent. Run "Unique Analytics: Set Access Token…".',
      ),
    );
    return done();
  }
  if (!isSendableToken(token)) {
    add(
      CHECKS.token,
      false,
      l10n.t(
        'The token contains spaces, line breaks or other characters a token cannot have: nothing was sent. Set it again.',
      ),
    );
    return done();
  }
  add(CHECKS.token, true, l10n.t('A token is set (not shown).'));

  try {
    const page = await deps.listFirst(signal);
    add(CHECKS.reach, true, answeredText(deps.endpoints.graphql));
    add(CHECKS.auth, true, l10n.t('The API accepted the token.'));
    add(CHECKS.roles, true, l10n.t('Listing orders is allowed.'));
    add(CHECKS.list, true, orderListReadable(page));
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
        add(CHECKS.reach, true, answeredText(deps.endpoints.graphql));
        add(CHECKS.auth, false, err.message);
        return done();
      case 'forbidden':
        add(CHECKS.reach, true, answeredText(deps.endpoints.graphql));
        add(CHECKS.auth, true, l10n.t('The API accepted the token.'));
        add(CHECKS.roles, false, err.message);
        return done();
      case 'notFound':
      case 'rateLimited':
      case 'server':
      case 'protocol':
        add(CHECKS.reach, true, answeredText(new URL(deps.endpoints.graphql).host));
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
        l10n.t('The download route answers (404 for an unknown order, as expected).'),
      );
    else
      add(
        CHECKS.download,
        false,
        l10n.t(
          'The download route answered HTTP {0} for an order that does not exist; downloads may not behave as expected.',
          status,
        ),
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
    : new ApiError(
        'protocol',
        l10n.t('Unexpected error: {0}', e instanceof Error ? e.message : String(e)),
      );
}
