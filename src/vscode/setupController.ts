// The adapter of the set-up reducer (core/setup/setupMachine.ts, run by core/setup/setupRunner.ts): reads
// the facts (settings, the token's presence), feeds it settings changes and poll outcomes, and carries out
// its effects (context key, log, tree refresh, list again, one notification per problem). No decisions here.
import * as vscode from 'vscode';
import { ContextKeys } from '../core/ids';
import type { Logger } from '../core/ports';
import { parseBaseUrl, parseGraphqlPath } from '../core/setup/baseUrl';
import { showsOrders, type SetupEffect, type SetupFacts } from '../core/setup/setupMachine';
import { SetupRunner } from '../core/setup/setupRunner';
import type { SetupState } from '../core/setup/setupState';
import { ContextKey } from './contextKey';
import type { ErrorBoundary } from './errorBoundary';
import type { Notifier } from './notifier';
import type { OrderWatcher } from './orderWatcher';
import type { SettingsReader } from './settings';
import type { TokenSource } from './tokenSource';

export interface SetupControllerDeps {
  readonly settings: SettingsReader;
  readonly tokens: Pick<TokenSource, 'lookup' | 'onDidChangeElsewhere'>;
  readonly watcher: OrderWatcher;
  readonly notifier: Notifier;
  readonly boundary: Pick<ErrorBoundary, 'runFix'>;
  readonly log: Logger;
}

export class SetupController implements vscode.Disposable {
  private readonly key = new ContextKey<SetupState>(ContextKeys.setupState);
  private readonly changed = new vscode.EventEmitter<SetupState>();
  readonly onDidChange = this.changed.event;
  private readonly runner: SetupRunner;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: SetupControllerDeps) {
    this.runner = new SetupRunner({
      facts: () => this.facts(),
      execute: (e) => this.execute(e),
      log: deps.log,
    });
    this.disposables.push(
      this.changed,
      deps.settings.onDidChange(({ changed }) => {
        void this.runner.dispatch({
          type: 'settingsChanged',
          changed,
          listed: deps.watcher.hasListed,
        });
      }),
      deps.tokens.onDidChangeElsewhere(() => void this.tokenChanged()),
      deps.watcher.onDidPoll((outcome) => {
        void this.runner.dispatch({
          type: 'polled',
          error: outcome.ok ? undefined : outcome.error,
        });
      }),
    );
  }

  /** The current state (`undefined` until the first check finished). */
  get current(): SetupState | undefined {
    return this.runner.state;
  }

  /** Whether the view should list orders now. */
  get showsOrders(): boolean {
    return showsOrders(this.runner.state);
  }

  /** True while no base URL is set (the error boundary offers Configure instead of Set Token). */
  get baseUrlMissing(): boolean {
    return this.deps.settings.current.baseUrl === '';
  }

  /** The token was stored or cleared. */
  tokenChanged(): Promise<SetupState> {
    return this.runner.dispatch({ type: 'tokenChanged' });
  }

  /** Runs a command that reports its own outcome; the problems it meets are not announced twice. */
  quietly<T>(work: () => Promise<T>): Promise<T> {
    return this.runner.quietly(work);
  }

  /** A command talked to the API on its own (Check Connection): let its outcome count, quietly. */
  noteOutcome(error: unknown): Promise<SetupState> {
    return this.runner.quietly(() => this.runner.dispatch({ type: 'commandOutcome', error }));
  }

  /** Reads the facts again and lets the reducer decide. */
  recheck(): Promise<SetupState> {
    return this.runner.dispatch({ type: 'check' });
  }

  private async facts(): Promise<SetupFacts> {
    const { baseUrl, graphqlPath } = this.deps.settings.current;
    const url = parseBaseUrl(baseUrl);
    const path = parseGraphqlPath(graphqlPath);
    return {
      baseUrlSet: baseUrl !== '',
      settingsProblem:
        baseUrl === '' ? undefined : !url.ok ? url.message : !path.ok ? path.message : undefined,
      hasToken: (await this.deps.tokens.lookup()) !== undefined,
    };
  }

  private async execute(effect: SetupEffect): Promise<void> {
    const { watcher, log, notifier, boundary, settings } = this.deps;
    switch (effect.kind) {
      case 'setContext':
        return this.key.set(effect.state);
      case 'stateChanged':
        log[effect.log.level](effect.log.message);
        this.changed.fire(effect.state);
        return;
      case 'refresh':
        watcher.refresh();
        return;
      case 'resetOrders':
        watcher.startOver();
        return;
      case 'setPollInterval':
        watcher.setIntervalMs(settings.current.pollIntervalMs);
        return;
      case 'announce':
        notifier.show('warning', effect.text, effect.fixes, (a) => boundary.runFix(a));
        return;
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
