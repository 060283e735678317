// What core needs from the outside world, injected through constructors (no module state, no vscode):
// time, logging, HTTP, the token. Tests pass fakes; the adapter passes the real ones.

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

/** The `fetch` the client uses: the global one in the extension host (VS Code patches it for proxies). */
export type FetchFn = typeof fetch;

/** Returns the current token, or undefined when none is set. Called per request (tokens rotate). */
export type TokenGetter = () => Promise<string | undefined>;

/** A cancellation signal in the shape of both AbortSignal and a thin wrapper over vscode's token. */
export type CancelSignal = AbortSignal;
