// The adapter of the set-up reducer (core/setup/setupMachine.ts, run by core/setup/setupRunner.ts): reads
// the facts (settings, the token's presence), feeds it settings changes and poll outcomes, and carries out
// its effects (context key, log, tree refresh, list again, one notification per problem). No decisions here.
import * as vscode from 'vscode';
import { assertNever } from '../core/errors';
import { ContextKeys } from '../core/ids';
import type { Logger } from '../core/ports';
import { authKindOf, needsBaseUrl } from '../core/connections/connectionList';
import { showsOrders, type SetupEffect, type SetupFacts } from '../core/setup/setupMachine';
import { SetupRunner } from '../core/setup/setupRunner';
import type { SetupState } from '../core/setup/setupState';
import { ContextKey } from './contextKey';
import type { ErrorBoundary } from './errorBoundary';
import type { Notifier } from './notifier';
import type { ConnectionOrders } from './connections/connectionOrders';
import type { ConnectionRegistry } from './connections/connectionRegistry';
import { Fix, signInFix } from './errorBoundary';
import type { SettingsReader } from './settings';
import type { TokenSource } from './tokenSource';

export interface SetupControllerDeps {
  readonly settings: SettingsReader;
  readonly tokens: Pick<TokenSource, 'lookup' | 'onDidChangeElsewhere'>;
  readonly connections: ConnectionRegistry;
  readonly watcher: ConnectionOrders;
  readonly notifier: Notifier;
  readonly boundary: Pick<ErrorBoundary, 'runFix'>;
  readonly log: Logger;
}

export class SetupController implements vscode.Disposable {
  private readonly key = new ContextKey<SetupState>(ContextKeys.setupState);
  private readonly authKey = new ContextKey<string>(ContextKeys.authKind);
  private readonly environmentsKey = new ContextKey<boolean>(ContextKeys.hasEnvironments);
  private readonly namedKey = new ContextKey<boolean>(ContextKeys.namedConnection);
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
      deps.watcher.onDidSwitch(() => void this.runner.dispatch({ type: 'connectionSwitched' })),
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
    return needsBaseUrl(this.deps.connections.active);
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

  /** The facts of the active connection (the older settings, or a named environment). */
  private async facts(): Promise<SetupFacts> {
    const { connections, tokens } = this.deps;
    const c = connections.active;
    void this.authKey.set(authKindOf(c));
    void this.environmentsKey.set(connections.hasEnvironments);
    void this.namedKey.set(c !== undefined && !c.fromSettings);
    return {
      baseUrlSet: !this.baseUrlMissing,
      settingsProblem: c?.problems.length ? c.problems.join('; ') : undefined,
      hasToken: (await tokens.lookup()) !== undefined,
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
      case 'setPollInterval':
        watcher.setIntervalMs(settings.current.pollIntervalMs);
        return;
      case 'announce': {
        // Core names the fixes; the buttons say them. "Set Token" names the active connection's secret
        // (client secret, API key).
        const fixes = effect.fixes.map((f) => {
          switch (f) {
            case 'Set Token':
              return signInFix(authKindOf(this.deps.connections.active));
            case 'Open Settings':
              return Fix.openSettings;
            case 'Check Connection':
              return Fix.checkConnection;
            default:
              return assertNever(f, 'set-up fix');
          }
        });
        notifier.show('warning', effect.text, fixes, (a) => boundary.runFix(a));
        return;
      }
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
