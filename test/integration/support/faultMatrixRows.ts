// The fault matrix's rows: for each fault, how to cause it on the fake server and what each operation must
// then do (fail with which message, work anyway, or not apply). Data only; faultMatrix.test.ts runs it.
import { DEFAULT_TIMEOUT_MS } from '../../../src/core/api/client';
import type { Fault, RouteKind } from '../../fakeServer/server';

export type Op = 'start' | 'download' | 'delete' | 'check' | 'list/poll';
export const OPS: readonly Op[] = ['start', 'download', 'delete', 'check', 'list/poll'];

/** Which route each operation's requests take on the fake server. */
export const ROUTE: Record<Op, Exclude<RouteKind, 'other'>> = {
  start: 'start',
  download: 'download',
  delete: 'delete',
  check: 'list',
  'list/poll': 'list',
};

/**
 * The client's own timeout. The adapter has no setting for it and gets none for the tests (it would be a
 * back door), so the slow-answer row waits the real 30 s once, with all its cells at the same time.
 */
export const TIMEOUT_S = DEFAULT_TIMEOUT_MS / 1000;
export const DOWNLOAD_BYTES = 200_000;
/** The cancel row's export: big enough that the person's Cancel always lands mid-transfer. */
export const BIG_DOWNLOAD_BYTES = 2 * 1024 ** 3;

/** Every failure message says what to do about it. */
export const WHAT_TO_DO =
  /Set Access Token|Ask your Unique administrator|Check uniqueAnalytics|[Tt]ry again|refresh the list|report it with the log|check the log|Check your network/;

/** How each operation's failure message starts (the command that failed, then the client's words). */
export const PREFIX: Record<Op, RegExp> = {
  start: /^Starting the export failed: /,
  download: /^Downloading the CSV failed: /,
  delete:
    /^The .+ CSV is saved, but the order could not be deleted on the server: Deleting the order failed: /,
  check: /^Connection check: \d+ of \d+ passed\. .+? failed: Listing orders failed: /,
  'list/poll': /^(Updates paused\. )?Listing orders failed: /,
};

/**
 * What an operation does under a fault: fail with a message matching `says`, work anyway, not apply, or
 * (the person's own cancel) end quietly with nothing saved, recorded or deleted.
 */
export type Expect =
  | { readonly says: RegExp }
  | { readonly works: true }
  | { readonly na: string }
  | { readonly cancelled: true };

/**
 * How the list/poll cell runs. The 10 s poll floor makes a poller failure plus recovery cost ~20 s, so the
 * poller itself meets each kind of reaction once (pause, notFound, Retry-After, server, protocol, network)
 * plus unknown values and a restart; faults that yield the same error kind as such a row exercise the
 * same list request through "Load More" (not floor-bound) and name the row that proves the poller.
 */
export type PollPlan =
  | {
      readonly kind: 'fails';
      /** How it comes back: by itself (backoff), or once the person sets a token (401/403 pause polling). */
      readonly recover: 'itself' | 'setToken';
      readonly setupState: string;
      readonly pollState: 'paused' | 'backoff';
      /** A notification (set-up problems) or only the view's message (the list stays shown). */
      readonly notifies: boolean;
      /** Without a notification: the view's one-line message names the failure like this. */
      readonly viewSays?: RegExp;
      readonly minGapMs: number;
    }
  | { readonly kind: 'works' }
  | {
      readonly kind: 'loadMore';
      /** The row whose poller cell proves the poller's reaction to the same error kind. */
      readonly sameReactionAs: string;
      /** Before the working Load More: set the token again (a 401/403 leaves set-up waiting for one). */
      readonly recover?: 'setToken';
      /** Run by `FAULT_MATRIX_LIST=load-more`: the poller's reaction is proven in the run without it. */
      readonly insteadOfPoller?: true;
    };

export interface Row {
  readonly name: string;
  /** Size of the row's download order's CSV (DOWNLOAD_BYTES unless said). */
  readonly downloadBytes?: number;
  readonly fault?: (op: Op) => Fault;
  readonly setUp?: () => Promise<void>;
  readonly tearDown?: () => Promise<void>;
  /** False when requests cannot reach the server at all (nothing arrives there). */
  readonly reaches?: boolean;
  /** The cells' failing phases run at the same time (the slow answer: one 30 s wait, not five). */
  readonly concurrent?: boolean;
  /** The row's time limit, when 90 s (150 s for a concurrent row) is not enough. */
  readonly timeoutMs?: number;
  readonly poll: PollPlan;
  readonly expect: Record<Op, Expect>;
}

export interface ServerControl {
  stop(): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
}

const each = (says: RegExp, over: Partial<Record<Op, Expect>> = {}): Record<Op, Expect> => ({
  start: { says },
  download: { says },
  delete: { says },
  check: { says },
  'list/poll': { says },
  ...over,
});
const allWork: Record<Op, Expect> = {
  start: { works: true },
  download: { works: true },
  delete: { works: true },
  check: { works: true },
  'list/poll': { works: true },
};
const same = (f: Fault) => () => f;
/** A start that may have reached the server says the export may exist anyway (no blind second order). */
const mayHaveStarted = (says: RegExp) =>
  new RegExp(`${says.source}.*The export may have started anyway: refresh the list`);
const byItself = (minGapMs: number, setupState: string, viewSays?: RegExp): PollPlan => ({
  kind: 'fails',
  recover: 'itself',
  setupState,
  pollState: 'backoff',
  notifies: viewSays === undefined,
  viewSays,
  minGapMs,
});
const pausedUntilToken = (setupState: string): PollPlan => ({
  kind: 'fails',
  recover: 'setToken',
  setupState,
  pollState: 'paused',
  notifies: true,
  minGapMs: 0,
});

/** The integration tier's proxy run (test/harness/proxyRun.mjs): every request goes through a real proxy. */
const VIA_PROXY = process.env.INTEGRATION_VIA_PROXY === '1';

/**
 * Behind a proxy nobody refuses our connection: the proxy's own does fail, and it answers the tunnel request
 * itself (tinyproxy: HTTP 500 "Unable to connect"), which VS Code's proxy agent hands over as the answer. The
 * row then reacts as "HTTP 500" does, quoting the proxy's words, and still nothing reaches the server.
 */
function refusedBehindProxy(): Pick<Row, 'poll' | 'expect'> {
  const says = /server error: HTTP 500 Unable to connect.*Try again later/;
  return {
    poll: byItself(10_000, 'ready', /server error.*500/),
    expect: each(says, {
      start: {
        says: mayHaveStarted(/server error: HTTP 500 Unable to connect.*Try again later\./),
      },
    }),
  };
}

/**
 * Which rows a run takes, and how its list cells run, from the environment (the harness sets them per run):
 * - `FAULT_MATRIX_ROWS=<regex>`: only the rows whose names match (the proxy run takes "connection refused").
 * - `FAULT_MATRIX_LIST=load-more`: every row's list cell goes through "Load More", the same list request as a
 *   poll but not bound by the 10 s floor. For runs that prove the transport (VS Code's Node, a proxy) rather
 *   than the poller: its reactions (pause, backoff, Retry-After) are our own code on VS Code's timers, proven
 *   in the run on the oldest VS Code, which takes every row as written (scripts/test.sh).
 */
export function rowsForRun(rows: readonly Row[], env: NodeJS.ProcessEnv = process.env): Row[] {
  const only = env.FAULT_MATRIX_ROWS ? new RegExp(env.FAULT_MATRIX_ROWS) : undefined;
  const picked = only ? rows.filter((r) => only.test(r.name)) : [...rows];
  if (picked.length === 0)
    throw new Error(`FAULT_MATRIX_ROWS=${env.FAULT_MATRIX_ROWS} matches no row`);
  const mode = env.FAULT_MATRIX_LIST ?? 'poller';
  if (mode === 'poller') return picked;
  if (mode !== 'load-more')
    throw new Error(`FAULT_MATRIX_LIST must be "poller" or "load-more", got "${mode}"`);
  return picked.map((r) =>
    r.poll.kind === 'loadMore'
      ? r
      : {
          ...r,
          poll: {
            kind: 'loadMore',
            sameReactionAs: r.name,
            insteadOfPoller: true,
            ...(r.poll.kind === 'fails' && r.poll.recover === 'setToken'
              ? { recover: 'setToken' as const }
              : {}),
          },
        },
  );
}

export function faultRows(server: ServerControl): Row[] {
  const notJson = /GraphQL endpoint answered with text that is not JSON/;
  const gqlError =
    /the Unique API reported an error: "Internal failure while resolving analyticsOrders"\. Try again later/;
  const dropped = /connection to \S+ was dropped \(\w+\)\. Try again/;
  return [
    {
      name: 'HTTP 401',
      fault: same({ kind: 'status', status: 401 }),
      poll: pausedUntilToken('tokenRejected'),
      expect: each(
        /did not accept the access token \(HTTP 401.*Run "Unique Analytics: Set Access Token…"/,
      ),
    },
    {
      name: 'HTTP 403',
      fault: same({ kind: 'status', status: 403 }),
      poll: pausedUntilToken('forbidden'),
      expect: each(/not allowed to use analytics \(HTTP 403.*chat\.feedback\.read/),
    },
    {
      name: 'HTTP 404',
      fault: same({ kind: 'status', status: 404 }),
      poll: byItself(10_000, 'badBaseUrl'),
      expect: each(/nothing was found at \S+ \(HTTP 404.*Check uniqueAnalytics\.baseUrl/, {
        download: {
          says: /nothing was found at \S+ \(HTTP 404.*may have been deleted or not be finished yet: refresh the list/,
        },
      }),
    },
    {
      name: 'HTTP 429 + Retry-After 12 s',
      fault: same({ kind: 'rateLimit', retryAfterSeconds: 12 }),
      poll: byItself(12_000, 'ready', /slow down.*429/),
      expect: each(/asks to slow down \(HTTP 429.*Try again in 12 s/),
    },
    {
      name: 'HTTP 500',
      fault: same({ kind: 'status', status: 500 }),
      poll: byItself(10_000, 'ready', /server error.*500/),
      expect: each(/server error: HTTP 500.*Try again later/, {
        start: { says: mayHaveStarted(/server error: HTTP 500.*Try again later\./) },
      }),
    },
    {
      name: '502 with an HTML body',
      fault: same({ kind: 'badGateway' }),
      poll: { kind: 'loadMore', sameReactionAs: 'HTTP 500' },
      expect: each(
        /HTTP 502 Bad Gateway \(a gateway .*an HTML page: "502 Bad Gateway".*Try again later/,
        {
          start: { says: mayHaveStarted(/HTTP 502 Bad Gateway.*Try again later\./) },
        },
      ),
    },
    {
      name: `slow answer (> ${TIMEOUT_S} s timeout)`,
      fault: same({ kind: 'delay', ms: DEFAULT_TIMEOUT_MS + 1_000 }),
      concurrent: true,
      poll: { kind: 'loadMore', sameReactionAs: 'connection refused' },
      expect: each(
        new RegExp(`did not answer within ${TIMEOUT_S} s\\. Check your network or proxy`),
        {
          start: { says: mayHaveStarted(/did not answer within \d+ s\./) },
        },
      ),
    },
    {
      name: 'connection refused',
      setUp: () => server.stop(),
      tearDown: () => server.start(),
      reaches: false,
      ...(VIA_PROXY
        ? refusedBehindProxy()
        : {
            poll: byItself(10_000, 'offline', /cannot be reached|refused/),
            expect: each(
              /refused the connection \(ECONNREFUSED\)\. Check uniqueAnalytics\.baseUrl and that the server is up/,
            ),
          }),
    },
    {
      name: 'connection reset',
      fault: (op) =>
        op === 'download' ? { kind: 'reset', afterBytes: DOWNLOAD_BYTES / 2 } : { kind: 'reset' },
      poll: { kind: 'loadMore', sameReactionAs: 'connection refused' },
      expect: each(dropped, {
        start: { says: mayHaveStarted(dropped) },
        download: {
          says: /connection to \S+ was dropped \(\w+\)\. Try again|ended after \d+ of \d+ bytes\. Nothing was saved; try again/,
        },
      }),
    },
    {
      name: 'malformed JSON',
      fault: same({ kind: 'malformedJson' }),
      poll: byItself(10_000, 'ready', /cannot read|not JSON/),
      expect: each(notJson, {
        start: { says: /answered the start request with malformed JSON/ },
        download: { says: /the server sent JSON \(.*\) instead of the CSV\. Nothing was saved/ },
      }),
    },
    {
      name: 'GraphQL errors with HTTP 200',
      fault: same({
        kind: 'graphqlErrors',
        message: 'Internal failure while resolving analyticsOrders',
        code: 'INTERNAL_SERVER_ERROR',
      }),
      poll: { kind: 'loadMore', sameReactionAs: 'HTTP 500' },
      expect: each(gqlError, {
        start: {
          says: /answered the start request with a message instead of an order id \("Internal failure/,
        },
        download: {
          says: /the server sent JSON \("Internal failure.*\) instead of the CSV\. Nothing was saved/,
        },
      }),
    },
    {
      name: 'unknown state/type values',
      fault: same({ kind: 'unknownValues' }),
      poll: { kind: 'works' },
      expect: {
        ...allWork,
        start: {
          na: "a start answers only with the new id (its shapes are unit-tested); the new order's state comes from the list",
        },
      },
    },
    {
      name: 'empty body',
      fault: same({ kind: 'emptyBody' }),
      poll: { kind: 'loadMore', sameReactionAs: 'malformed JSON' },
      expect: each(/GraphQL endpoint answered with an empty body/, {
        start: { says: /answered the start request with an empty answer/ },
        download: { says: /empty file \(0 bytes\)|answered without a body/ },
      }),
    },
    {
      name: '2 GB download cancelled by the person',
      downloadBytes: BIG_DOWNLOAD_BYTES,
      // The retry takes all 2 GB: 25-80 s on 2 cores, over 90 s with the machine at a load of 18.
      timeoutMs: 240_000,
      poll: { kind: 'works' },
      expect: {
        start: {
          na: 'a start is one short request; only a download runs long enough to be cancelled',
        },
        download: { cancelled: true },
        delete: {
          na: 'a delete is one short request; the cancel cell checks the order is not deleted',
        },
        check: { na: 'the connection check is a few short requests' },
        'list/poll': { works: true },
      },
    },
    {
      name: 'server restart between polls',
      setUp: () => server.restart(),
      poll: { kind: 'works' },
      expect: allWork,
    },
  ];
}
