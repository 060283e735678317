// What core needs from the outside world, injected through constructors (no module state, no vscode):
// time, logging, HTTP, the token. Tests pass fakes; the adapter passes the real ones.

import type { Readable } from 'node:stream';

/** Time and timers. The poll scheduler is tested with a fake implementation. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Mirrors vscode.LogOutputChannel's methods so the adapter can pass one straight in. */
export interface Logger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
}

export const silentLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** What HttpTransport passes to a fetch: a string URL, never following redirects itself. */
export interface FetchInit {
  readonly method?: string;
  readonly headers?: Headers;
  readonly body?: string;
  readonly redirect?: 'manual';
  readonly signal?: AbortSignal;
}

/**
 * The answer of a FetchFn: fetch's Response, except that the body is Node's stream (saving a CSV pipes it to
 * a file without a web stream in between).
 */
export interface FetchResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: Headers;
  /** The decoded body; whoever does not read it destroys it (`discard` in api/http.ts). */
  readonly body: Readable;
  text(): Promise<string>;
}

/**
 * How the client sends a request: `nodeFetch` (api/nodeFetch.ts, Node's http/https, which VS Code patches for
 * proxies and certificates). Injected so tests can wrap it (counting, aborting, lying about lengths).
 */
export type FetchFn = (url: string, init: FetchInit) => Promise<FetchResponse>;

/** Returns the current token, or undefined when none is set. Called per request (tokens rotate). */
export type TokenGetter = () => Promise<string | undefined>;

/** A cancellation signal in the shape of both AbortSignal and a thin wrapper over vscode's token. */
export type CancelSignal = AbortSignal;
