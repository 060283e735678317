// Keeps the `uniqueAnalytics.setupState` context key (which welcome content the view shows) in step with
// the settings, the token and the last poll, and resumes polling once set-up is fixed. It says each
// set-up problem at most once until it changes: an expired token pauses polling without piling up dialogs.
import * as vscode from 'vscode';
import { parseBaseUrl, parseGraphqlPath } from '../core/setup/baseUrl';
import { isApiError } from '../core/errors';
import { ContextKeys } from '../core/ids';
import type { Logger } from '../core/ports';
import { decideSetupState, type SetupState } from '../core/setup/setupState';
import { ContextKey } from './contextKey';
import { Fix, type ErrorBoundary } from './errorBoundary';
import type { Notifier } from './notifier';
import type { OrderWatcher } from './orderWatcher';
import type { SettingsReader } from './settings';
import type { TokenSource } from './tokenSource';

export interface SetupControllerDeps {
  readonly settings: SettingsReader;
  readonly tokens: TokenSource;
  readonly watcher: OrderWatcher;
  readonly notifier: Notifier;
  readonly boundary: ErrorBoundary;
  readonly log: Logger;
}

/** States in which the view lists orders (offline keeps the last known list visible). */
const LISTING_STATES: ReadonlySet<SetupState> = new Set<SetupState>(['ready', 'offline']);

export class SetupController implements vscode.Disposable {
  private readonly key = new ContextKey<SetupState>(ContextKeys.setupState);
  private readonly changed = new vscode.EventEmitter<SetupState>();
  readonly onDidChange = this.changed.event;
  private state: SetupState | undefined;
  /** The last list error; a command's verified success or failure updates it too. */
  private lastError: unknown;
  /** The last set-up problem announced in a notification, so it is said once until it changes. */
  private announced: string | undefined;
  private checking: Promise<SetupState> | undefined;
  /** Set while a command reports the problem itself. */
  private quiet = 0;
  /** The next state change comes from a poll's outcome: the poller already knows what to do next. */
  private afterPoll = false;
  private recheckAgain = false;
  /** Why the settings cannot be used, from the last check (undefined when they can). */
  private settingsProblem: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: SetupControllerDeps) {
    this.disposables.push(
      this.changed,
      deps.settings.onDidChange(({ changed }) => {
        if (changed.has('baseUrl') || changed.has('graphqlPath')) {
          this.lastError = undefined;
          // Another endpoint: list it as soon as it is usable (the state may stay "ready" throughout).
          void this.recheck().then((state) => {
            if (LISTING_STATES.has(state)) deps.watcher.refresh();
          });
        }
      }),
      deps.watcher.onDidPoll((outcome) => {
        this.lastError = outcome.ok ? undefined : outcome.error;
        this.afterPoll = true;
        void this.recheck();
      }),
    );
  }

  /** The current state (`undefined` until the first check finished). */
  get current(): SetupState | undefined {
    return this.state;
  }

  /** Whether the view should list orders now. */
  get showsOrders(): boolean {
    return this.state !== undefined && LISTING_STATES.has(this.state);
  }

  /** True while no base URL is set (the error boundary offers Configure instead of Set Token). */
  get baseUrlMissing(): boolean {
    return this.deps.settings.current.baseUrl === '';
  }

  /** The token was stored or cleared: forget a rejection that was about the old one and look again. */
  async tokenChanged(): Promise<SetupState> {
    this.lastError = undefined;
    const state = await this.recheck();
    if (state === 'ready') this.deps.watcher.refresh();
    return state;
  }

  /**
   * Runs `work` (a command that reports its own outcome, e.g. Set Token checking the new token) and
   * lets the resulting state count without announcing the same problem a second time.
   */
  async quietly<T>(work: () => Promise<T>): Promise<T> {
    this.quiet++;
    try {
      const result = await work();
      await this.recheck();
      return result;
    } finally {
      this.quiet--;
    }
  }

  /** A command talked to the API on its own (check connection): let its outcome count, quietly. */
  noteOutcome(error: unknown): Promise<SetupState> {
    this.lastError = isApiError(error) ? error : undefined;
    return this.quietly(() => this.recheck());
  }

  /** Recomputes the state; concurrent calls coalesce into one more pass. */
  recheck(): Promise<SetupState> {
    if (this.checking) {
      this.recheckAgain = true;
      return this.checking;
    }
    this.checking = (async () => {
      let state: SetupState;
      do {
        this.recheckAgain = false;
        state = await this.compute();
        await this.apply(state);
      } while (this.recheckAgain);
      return state;
    })().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async compute(): Promise<SetupState> {
    const { baseUrl, graphqlPath } = this.deps.settings.current;
    const hasToken = (await this.deps.tokens.lookup()) !== undefined;
    const url = parseBaseUrl(baseUrl);
    const path = parseGraphqlPath(graphqlPath);
    // The "bad base URL" welcome sends the person to the log for the exact reason: keep it there.
    this.settingsProblem = baseUrl === '' ? undefined : !url.ok ? url.message : !path.ok ? path.message : undefined;
    return decideSetupState({
      baseUrlSet: baseUrl !== '',
      baseUrlValid: url.ok && path.ok,
      hasToken,
      lastError: this.lastError,
    });
  }

  private async apply(state: SetupState): Promise<void> {
    const before = this.state;
    const afterPoll = this.afterPoll;
    this.afterPoll = false;
    await this.key.set(state);
    if (before === state) return;
    this.state = state;
    if (state === 'badBaseUrl' && this.settingsProblem) this.deps.log.warn(`Set-up state: ${state}: ${this.settingsProblem}`);
    else this.deps.log.info(`Set-up state: ${state}`);
    this.changed.fire(state);
    // Fixed by the person (settings, token): list now, ending any pause. A poll's own success needs no extra poll.
    if (state === 'ready' && before !== 'ready' && before !== 'offline' && !afterPoll) this.deps.watcher.refresh();
    this.announce(state);
  }

  /** One notification per distinct set-up problem that a poll discovered; none for the ones set-up shows anyway. */
  private announce(state: SetupState): void {
    if (state === 'ready' || state === 'offline') {
      this.announced = undefined;
      return;
    }
    if (!isApiError(this.lastError)) return; // noBaseUrl/noToken: the welcome view explains, no popup
    const text = this.lastError.message.replace(/\s+/g, ' ');
    const key = `${state}:${text}`;
    if (this.announced === key) return;
    this.announced = key;
    if (this.quiet > 0) return;
    const actions = state === 'badBaseUrl' ? [Fix.openSettings, Fix.checkConnection] : [Fix.setToken, Fix.checkConnection];
    const lead = state === 'tokenRejected' ? 'Updates paused. ' : '';
    this.deps.notifier.show('warning', `${lead}${text}`, actions, (a) => this.deps.boundary.runFix(a));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
