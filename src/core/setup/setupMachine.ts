// The set-up reducer: what the extension does when the settings, the token or a poll's outcome change.
// `nextSetup(model, event)` returns the new model and the effects the adapter carries out (set the context
// key, log, list again, say a problem once). It decides which welcome state the
// view shows, when polling resumes after a fix, and when a problem is announced; it never does any of it.
// Pure: no vscode, no timers, no I/O; the facts (settings, token presence) come in with each event.

import * as l10n from '@vscode/l10n';
import { isApiError } from '../errors';
import { decideSetupState, type SetupState } from './setupState';

/** What the adapter reads right before dispatching: the settings as typed and whether a token exists. */
export interface SetupFacts {
  readonly baseUrlSet: boolean;
  /** Why the base URL or GraphQL path cannot be used; undefined when they can (or none is set). */
  readonly settingsProblem: string | undefined;
  readonly hasToken: boolean;
}

export type SetupEvent =
  /** Activation, or a re-check asked for by a command (Refresh): nothing new but the facts. */
  | { readonly type: 'check'; readonly facts: SetupFacts }
  /**
   * Settings changed; `changed` names the `uniqueAnalytics.*` keys. `listed`: a first page of the current
   * endpoint is shown (a new page size is applied at once only then).
   */
  | {
      readonly type: 'settingsChanged';
      readonly changed: ReadonlySet<string>;
      readonly listed: boolean;
      readonly facts: SetupFacts;
    }
  /** The token was stored or cleared, here or in another window. */
  | { readonly type: 'tokenChanged'; readonly facts: SetupFacts }
  /**
   * Another connection is shown (switched, or the shown one was redefined): its own orders, listed again
   * as soon as it is usable; the last error was about the other one.
   */
  | { readonly type: 'connectionSwitched'; readonly facts: SetupFacts }
  /** A poll ended (no `error`: it listed page 1). */
  | { readonly type: 'polled'; readonly error?: unknown; readonly facts: SetupFacts }
  /** A command talked to the API itself (Check Connection) and reports its own outcome. */
  | { readonly type: 'commandOutcome'; readonly error?: unknown; readonly facts: SetupFacts };

/** The buttons an announcement offers (ErrorBoundary's Fix names). */
export type SetupFix = 'Open Settings' | 'Set Token' | 'Check Connection';

export type SetupEffect =
  | { readonly kind: 'setContext'; readonly state: SetupState }
  /** The state changed: log it, tell the tree and status bar. */
  | {
      readonly kind: 'stateChanged';
      readonly state: SetupState;
      readonly log: { readonly level: 'info' | 'warn'; readonly message: string };
    }
  /** Ask the poll scheduler for a poll (ends a pause; the 10 s floor still applies). */
  | { readonly kind: 'refresh' }
  | { readonly kind: 'setPollInterval' }
  | { readonly kind: 'announce'; readonly text: string; readonly fixes: readonly SetupFix[] };

export interface SetupModel {
  /** undefined until the first event with facts. */
  readonly state: SetupState | undefined;
  /** The error of the last listing (or of a command's check); cleared by a success or a change it was about. */
  readonly lastError: unknown;
  /** The last problem announced, so each distinct problem is said once until it changes. */
  readonly announced: string | undefined;
  /** Commands reporting problems themselves right now. */
  readonly quiet: number;
}

/** The model once an event with facts has been through the reducer. */
export type SettledSetup = SetupModel & { readonly state: SetupState };

export const INITIAL_SETUP: SetupModel = {
  state: undefined,
  lastError: undefined,
  announced: undefined,
  quiet: 0,
};

/** States in which the view lists orders (offline keeps the last known list visible). */
export const LISTING_STATES: ReadonlySet<SetupState> = new Set<SetupState>(['ready', 'offline']);

export function showsOrders(state: SetupState | undefined): boolean {
  return state !== undefined && LISTING_STATES.has(state);
}

const ENDPOINT_KEYS = ['baseUrl', 'graphqlPath'];

/** A command starts (+1) or stops (-1) reporting set-up problems itself (Set Token checking the new token). */
export function withQuiet(model: SetupModel, delta: 1 | -1): SetupModel {
  return { ...model, quiet: Math.max(0, model.quiet + delta) };
}

export function nextSetup(
  model: SetupModel,
  event: SetupEvent,
): { model: SettledSetup; effects: SetupEffect[] } {
  const effects: SetupEffect[] = [];
  let { lastError } = model;
  /** Whether this event asks for a poll whatever the state change says. */
  let wantsRefresh = false;
  switch (event.type) {
    case 'check':
      break;
    case 'settingsChanged': {
      const endpoint = ENDPOINT_KEYS.some((k) => event.changed.has(k));
      if (event.changed.has('pollIntervalSeconds')) effects.push({ kind: 'setPollInterval' });
      if (endpoint) {
        // Another server lists other orders: list it as soon as it is usable. (Its old orders are already
        // gone: the adapter gives a redefined connection a new watcher at once.)
        lastError = undefined;
        wantsRefresh = true;
      } else if (event.changed.has('pageSize') && event.listed) wantsRefresh = true;
      break;
    }
    case 'tokenChanged':
      // A rejection was about the old token.
      lastError = undefined;
      wantsRefresh = true;
      break;
    case 'connectionSwitched':
      lastError = undefined;
      wantsRefresh = true;
      break;
    case 'polled':
      lastError = event.error;
      break;
    case 'commandOutcome':
      lastError = isApiError(event.error) ? event.error : undefined;
      break;
  }

  const { facts } = event;
  const state = decideSetupState({
    baseUrlSet: facts.baseUrlSet,
    baseUrlValid: facts.settingsProblem === undefined,
    hasToken: facts.hasToken,
    lastError,
  });
  let { announced } = model;
  const before = model.state;
  effects.push({ kind: 'setContext', state });
  if (state !== before) {
    const log =
      state === 'badBaseUrl' && facts.settingsProblem
        ? { level: 'warn' as const, message: `Set-up state: ${state}: ${facts.settingsProblem}` }
        : { level: 'info' as const, message: `Set-up state: ${state}` };
    effects.push({ kind: 'stateChanged', state, log });
    // Fixed by the person (settings, token): list now, ending any pause. A poll's own success needs no
    // extra poll: the scheduler already decided what comes next.
    const fixed =
      state === 'ready' && before !== 'ready' && before !== 'offline' && event.type !== 'polled';
    if (fixed) wantsRefresh = true;
    const said = announcement(state, lastError);
    if (said === undefined) announced = undefined;
    else if (said !== null && said.key !== announced) {
      announced = said.key;
      if (model.quiet === 0) effects.push({ kind: 'announce', text: said.text, fixes: said.fixes });
    }
  }
  // A token change lists only once the state is ready; an endpoint change also while offline (it may answer).
  const refreshAllowed =
    event.type === 'tokenChanged'
      ? state === 'ready'
      : event.type === 'settingsChanged' || event.type === 'connectionSwitched'
        ? showsOrders(state)
        : true;
  if (wantsRefresh && refreshAllowed) effects.push({ kind: 'refresh' });
  return { model: { state, lastError, announced, quiet: model.quiet }, effects };
}

/**
 * What to say about a new state: undefined to forget the last announcement (the set-up works), null for a
 * problem the welcome view explains by itself (no URL, no token), else the text with its fixes.
 */
function announcement(
  state: SetupState,
  lastError: unknown,
): { key: string; text: string; fixes: readonly SetupFix[] } | null | undefined {
  if (state === 'ready' || state === 'offline') return undefined;
  if (!isApiError(lastError)) return null;
  const text = lastError.message.replace(/\s+/g, ' ');
  const fixes: readonly SetupFix[] =
    state === 'badBaseUrl'
      ? ['Open Settings', 'Check Connection']
      : ['Set Token', 'Check Connection'];
  return {
    key: `${state}:${text}`,
    text: state === 'tokenRejected' ? `${l10n.t('Updates paused.')} ${text}` : text,
    fixes,
  };
}
