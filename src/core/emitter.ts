// A minimal typed event emitter for core objects (core can't use vscode.EventEmitter). Listeners are
// called synchronously in subscription order; one throwing listener never stops the others.

/** Same shape as vscode.Disposable, so results can go straight into `context.subscriptions`. */
export interface Disposable {
  dispose(): void;
}

export type Listener<T> = (value: T) => void;
export type Event<T> = (listener: Listener<T>) => Disposable;

export class Emitter<T> {
  // Copy-on-write, one entry object per subscription (the same function may subscribe twice).
  private listeners: readonly { readonly listener: Listener<T> }[] = [];
  private disposed = false;

  /**
   * @param onListenerError where a listener's exception goes; by default it is rethrown on a fresh
   * microtask, so it surfaces as an uncaught error instead of vanishing or breaking the emitter.
   */
  constructor(
    private readonly onListenerError: (error: unknown) => void = (error) =>
      queueMicrotask(() => {
        throw error;
      }),
  ) {}

  /** Subscribe; dispose the result to unsubscribe (safe to call twice, or during a `fire`). */
  readonly event: Event<T> = (listener) => {
    if (this.disposed) return { dispose: () => undefined };
    const entry = { listener };
    this.listeners = [...this.listeners, entry];
    return {
      dispose: () => {
        this.listeners = this.listeners.filter((e) => e !== entry);
      },
    };
  };

  fire(value: T): void {
    // `listeners` is replaced, never mutated, so this loop sees a snapshot even if listeners (un)subscribe.
    for (const { listener } of this.listeners) {
      try {
        listener(value);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  get listenerCount(): number {
    return this.listeners.length;
  }

  /** Drops every listener; later `event` calls subscribe nothing and `fire` calls no one. */
  dispose(): void {
    this.disposed = true;
    this.listeners = [];
  }
}
