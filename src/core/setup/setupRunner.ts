// Runs the set-up reducer for the adapter: events reach `nextSetup` one at a time, in the order they
// happened, each with facts read right before it, and every effect is handed to `execute` before the next
// event is looked at. The adapter supplies the two ports; nothing here knows about VS Code.

import type { Logger } from '../ports';
import {
  INITIAL_SETUP,
  nextSetup,
  withQuiet,
  type SetupEffect,
  type SetupEvent,
  type SetupFacts,
  type SetupModel,
} from './setupMachine';
import type { SetupState } from './setupState';

/** An event as its source sees it: the facts are read when it reaches the reducer. */
export type SetupInput = SetupEvent extends infer E
  ? E extends SetupEvent
    ? Omit<E, 'facts'>
    : never
  : never;

export interface SetupRunnerPorts {
  /** The settings as typed and whether a token exists, read now. */
  readonly facts: () => Promise<SetupFacts>;
  readonly execute: (effect: SetupEffect) => void | Promise<void>;
  readonly log: Logger;
}

export class SetupRunner {
  private model: SetupModel = INITIAL_SETUP;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly ports: SetupRunnerPorts) {}

  /** The current state (`undefined` until the first event was through). */
  get state(): SetupState | undefined {
    return this.model.state;
  }

  /** Resolves with the state once the event and every effect it caused have been carried out. */
  dispatch(input: SetupInput): Promise<SetupState> {
    return this.enqueue(async () => {
      const { model, effects } = nextSetup(this.model, {
        ...input,
        facts: await this.ports.facts(),
      });
      this.model = model;
      for (const effect of effects) await this.ports.execute(effect);
      return model.state;
    });
  }

  /**
   * Runs `work` (a command that reports its own outcome, e.g. Set Token checking the new token); problems
   * found meanwhile count, but are not announced a second time.
   */
  async quietly<T>(work: () => Promise<T>): Promise<T> {
    void this.enqueue(() => (this.model = withQuiet(this.model, 1)));
    try {
      const result = await work();
      await this.dispatch({ type: 'check' });
      return result;
    } finally {
      void this.enqueue(() => (this.model = withQuiet(this.model, -1)));
    }
  }

  private enqueue<T>(work: () => T | Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch((e: unknown) =>
      this.ports.log.error(e instanceof Error ? e : String(e)),
    );
    return run;
  }
}
