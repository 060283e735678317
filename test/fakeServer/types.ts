// Shared vocabulary of the fake Unique analytics server: options, stored orders, faults, request log.
// Types only (plus defaults); no behaviour lives here.

export type SeedName = 'empty' | 'demo';

/** How a start call answers with the new order id (the real page does not say). */
export type StartAnswerShape = 'json-string' | 'bare' | 'json-object';

export interface FakeServerOptions {
  /** Port of the main listener; 0 (default) picks a free one. */
  port?: number;
  /** The valid access token; default the harness's canary ($UA_TEST_CANARY_TOKEN), else a random `fake-...` token. */
  token?: string;
  /** A token that authenticates but lacks the analytics roles: every call answers 403. */
  forbiddenToken?: string;
  /**
   * The Zitadel service user of the built-in token endpoint (`POST <origin>/oauth/v2/token`, zitadel.ts);
   * every JWT it issues is a good bearer on all routes until it ends. Defaults: client id
   * `analytics-bot@unique`, project id `268834226248417287`, secret the harness's canary
   * ($UA_TEST_CANARY_SECRET) else a random `fake-secret-...`, lifetime 3600 s.
   */
  serviceUser?: {
    clientId?: string;
    secret?: string;
    projectId?: string;
    lifetimeSeconds?: number;
  };
  /**
   * A personal API key (`ukey_...`), good as the bearer on the Public API routes (`/public/chat`) only;
   * default the harness's canary ($UA_TEST_CANARY_APIKEY), else a random `ukey_fake...`.
   */
  apiKey?: string;
  /** How long a new order stays PENDING (default 2000 ms). */
  pendingMs?: number;
  /** How long it then stays RUNNING (default 4000 ms). */
  runningMs?: number;
  /** Every Nth order placed by a start call ends in ERROR instead of DONE (default 0 = never). */
  failEvery?: number;
  /** Orders present at start and after `reset()` (default 'empty'). */
  seed?: SeedName;
  /** CSV size in bytes of an order that has no size of its own (default 4096). */
  csvBytes?: number;
  /**
   * Pace every CSV download body to this many bytes per second, as a link of that speed would (a token
   * bucket per download, throttle.ts); 0 (default): as fast as the client reads.
   */
  downloadBytesPerSecond?: number;
  /** Path of the GraphQL endpoint below the `/chat` prefix (default '/graphql'). */
  graphqlPath?: string;
  /** Clock for order state progression and timestamps (default Date.now). */
  now?: () => number;
  /** One line per handled request; never carries a token. */
  log?: (line: string) => void;
}

/** An order in the shape the GraphQL API returns it. */
export interface WireOrder {
  id: string;
  type: string;
  state: string;
  createdAt: string;
  updatedAt: string;
  stateUpdatedAt: string;
  createdBy: string;
  companyId: string;
  configuration: Record<string, unknown>;
}

/**
 * What `addOrder` accepts: any wire field, plus fake-only knobs. Without `state` the order progresses
 * PENDING -> RUNNING -> DONE/ERROR from `createdAt` (default now); with it the state stays fixed.
 */
export interface FakeOrderInput extends Partial<WireOrder> {
  /** CSV size of this order (default: the server's `csvBytes`). */
  csvBytes?: number;
  /** For a progressing order: end in ERROR instead of DONE. */
  fails?: boolean;
}

/**
 * The routes faults can target ('token': the built-in Zitadel token endpoint). 'other' is anything else
 * under the prefix (matched only by 'any').
 */
export type RouteKind = 'start' | 'list' | 'delete' | 'download' | 'token' | 'other';
export type FaultTarget = Exclude<RouteKind, 'other'> | 'any';

export type Fault =
  | { kind: 'status'; status: number }
  | { kind: 'rateLimit'; retryAfterSeconds: number }
  | { kind: 'badGateway' }
  /** Answer normally, but only after `ms`. Combines with one further fault on the same request. */
  | { kind: 'delay'; ms: number }
  /** Destroy the socket: at once, or after `afterBytes` bytes of the normal body. */
  | { kind: 'reset'; afterBytes?: number }
  | { kind: 'malformedJson' }
  | { kind: 'graphqlErrors'; message: string; code?: string }
  /** List (and delete) answers carry unknown states, types and fields. */
  | { kind: 'unknownValues' }
  | { kind: 'emptyBody' }
  /** 307 to the same URL on the other-origin listener, or on this one (served normally next time). */
  | { kind: 'redirect'; to: 'other-origin' | 'same-origin' };

export interface FaultSpec {
  on: FaultTarget;
  /** How many matching requests it affects (default Infinity). */
  times?: number;
  fault: Fault;
}

/**
 * 'expired': a JWT of the built-in token endpoint past its `exp` (answered 401). On the token route itself:
 * whether the client id and secret were right ('valid'/'invalid'), or none came ('missing').
 */
export type AuthorizationSeen = 'valid' | 'invalid' | 'missing' | 'forbidden' | 'expired';

export interface RequestRecord {
  /** `now()` when the request arrived, ms since epoch. */
  time: number;
  method: string;
  /** Full path including the `/chat` prefix, without the query. */
  path: string;
  query: Record<string, string>;
  route: RouteKind;
  operationName?: string;
  /** What the Authorization header held; the token (or secret) itself is never stored. */
  authorization: AuthorizationSeen;
  userAgent?: string;
}

export const DEFAULTS = {
  pendingMs: 2000,
  runningMs: 4000,
  csvBytes: 4096,
  graphqlPath: '/graphql',
  prefix: '/chat',
} as const;
