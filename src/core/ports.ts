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

/** The part of a fetch Response the client reads. The global fetch's Response is one. */
export interface FetchResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: Headers;
  readonly body: ReadableStream<Uint8Array> | null;
  text(): Promise<string>;
  /** The body as a Node stream, when the fetch has one (api/nodeFetch.ts): saving it skips the web stream. */
  readonly nodeBody?: Readable;
}

/**
 * The `fetch` the client uses. The extension passes `nodeFetch` (api/nodeFetch.ts, Node's http/https, which
 * VS Code patches for proxies and certificates); the global fetch fits too, and tests use both.
 */
export type FetchFn = (url: string, init: FetchInit) => Promise<FetchResponse>;

/** Returns the current token, or undefined when none is set. Called per request (tokens rotate). */
export type TokenGetter = () => Promise<string | undefined>;

/** A cancellation signal in the shape of both AbortSignal and a thin wrapper over vscode's token. */
export type CancelSignal = AbortSignal;
