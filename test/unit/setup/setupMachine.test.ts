// The set-up reducer (src/core/setup/setupMachine.ts) and its runner (setupRunner.ts): which welcome state,
// when the list is asked for again, when a problem is announced, and, with the real PollScheduler on a fake
// clock, that polling resumes after each fix. Milliseconds, no VS Code.
import * as assert from 'node:assert/strict';
import { ApiError, type ApiErrorKind } from '../../../src/core/errors';
import { PollScheduler } from '../../../src/core/orders/pollScheduler';
import { silentLogger } from '../../../src/core/ports';
import { INITIAL_SETUP, nextSetup, withQuiet } from '../../../src/core/setup/setupMachine';
import type {
  SetupEffect,
  SetupEvent,
  SetupFacts,
  SetupModel,
} from '../../../src/core/setup/setupMachine';
import { SetupRunner } from '../../../src/core/setup/setupRunner';
import type { SetupState } from '../../../src/core/setup/setupState';
import { FakeClock } from '../support/fakeClock';

const OK: SetupFacts = { baseUrlSet: true, settingsProblem: undefined, hasToken: true };
const NO_URL: SetupFacts = { baseUrlSet: false, settingsProblem: undefined, hasToken: true };
const BAD_URL: SetupFacts = {
  baseUrlSet: true,
  settingsProblem: 'The base URL must start with https://',
  hasToken: true,
};
const NO_TOKEN: SetupFacts = { ...OK, hasToken: false };

const err = (kind: ApiErrorKind, message = `Listing orders failed: ${kind}.`) =>
  new ApiError(kind, message);

/** Runs events from `model` and returns the final model and every effect, in order. */
function run(events: readonly SetupEvent[], model: SetupModel = INITIAL_SETUP) {
  const effects: SetupEffect[] = [];
  for (const e of events) {
    const step = nextSetup(model, e);
    model = step.model;
    effects.push(...step.effects);
  }
  return { model, effects, kinds: effects.map((e) => e.kind) };
}

/** A model already showing `state` after a first check with OK facts (and polls as given). */
function settled(...events: SetupEvent[]): SetupModel {
  return run([{ type: 'check', facts: OK }, ...events]).model;
}

const count = (effects: readonly SetupEffect[], kind: SetupEffect['kind']) =>
  effects.filter((e) => e.kind === kind).length;

describe('set-up reducer: which welcome state', () => {
  const cases: [string, SetupEvent, SetupState][] = [
    ['no base URL', { type: 'check', facts: NO_URL }, 'noBaseUrl'],
    ['a base URL that cannot be used', { type: 'check', facts: BAD_URL }, 'badBaseUrl'],
    ['no token', { type: 'check', facts: NO_TOKEN }, 'noToken'],
    ['everything set', { type: 'check', facts: OK }, 'ready'],
    [
      'a poll answered 401',
      { type: 'polled', error: err('unauthorized'), facts: OK },
      'tokenRejected',
    ],
    ['a poll answered 403', { type: 'polled', error: err('forbidden'), facts: OK }, 'forbidden'],
    ['a poll could not connect', { type: 'polled', error: err('network'), facts: OK }, 'offline'],
    [
      'a poll got 404 from the GraphQL path',
      { type: 'polled', error: err('notFound'), facts: OK },
      'badBaseUrl',
    ],
    ['a poll got a 500', { type: 'polled', error: err('server'), facts: OK }, 'ready'],
    ['a poll hit a rate limit', { type: 'polled', error: err('rateLimited'), facts: OK }, 'ready'],
    [
      'a poll threw something that is no ApiError',
      { type: 'polled', error: new Error('bug'), facts: OK },
      'ready',
    ],
  ];
  for (const [what, event, state] of cases) {
    it(`${what} → ${state}`, () => {
      const { model, effects } = run([event]);
      assert.equal(model.state, state);
      assert.deepEqual(
        effects.find((e) => e.kind === 'setContext'),
        { kind: 'setContext', state },
      );
    });
  }

  it('settings come before the token, the token before what the server said', () => {
    assert.equal(
      run([{ type: 'polled', error: err('unauthorized'), facts: { ...NO_URL, hasToken: false } }])
        .model.state,
      'noBaseUrl',
    );
    assert.equal(
      run([{ type: 'polled', error: err('unauthorized'), facts: NO_TOKEN }]).model.state,
      'noToken',
    );
  });

  it('logs a change once, with the exact reason for a bad base URL, and sets the context key on every event', () => {
    const { effects } = run([
      { type: 'check', facts: BAD_URL },
      { type: 'check', facts: BAD_URL },
    ]);
    assert.equal(count(effects, 'setContext'), 2);
    assert.deepEqual(
      effects.filter((e) => e.kind === 'stateChanged'),
      [
        {
          kind: 'stateChanged',
          state: 'badBaseUrl',
          log: {
            level: 'warn',
            message: 'Set-up state: badBaseUrl: The base URL must start with https://',
          },
        },
      ],
    );
  });
});

describe('set-up reducer: when the list is asked for again', () => {
  it('activation with a usable set-up lists at once', () => {
    assert.equal(count(run([{ type: 'check', facts: OK }]).effects, 'refresh'), 1);
  });

  it('activation without a base URL or token lists nothing', () => {
    assert.equal(count(run([{ type: 'check', facts: NO_URL }]).effects, 'refresh'), 0);
    assert.equal(count(run([{ type: 'check', facts: NO_TOKEN }]).effects, 'refresh'), 0);
  });

  it("a poll's own outcome never asks for another poll (the scheduler decides what comes next)", () => {
    const offline = settled({ type: 'polled', error: err('network'), facts: OK });
    for (const error of [undefined, err('network'), err('server'), err('unauthorized')]) {
      assert.equal(
        count(run([{ type: 'polled', error, facts: OK }], offline).effects, 'refresh'),
        0,
        String(error),
      );
    }
    // Back from offline by a poll's success: no extra poll either.
    assert.equal(run([{ type: 'polled', facts: OK }], offline).model.state, 'ready');
  });

  it('a new token, or Check Connection succeeding, after a rejection lists again, exactly once', () => {
    const rejected = settled({ type: 'polled', error: err('unauthorized'), facts: OK });
    for (const fix of [
      { type: 'tokenChanged', facts: OK },
      { type: 'commandOutcome', facts: OK },
    ] as SetupEvent[]) {
      const { model, effects } = run([fix], rejected);
      assert.equal(model.state, 'ready', fix.type);
      assert.equal(count(effects, 'refresh'), 1, fix.type);
    }
  });

  it('a new token while ready lists again (the new user may see other orders)', () => {
    assert.equal(
      count(run([{ type: 'tokenChanged', facts: OK }], settled()).effects, 'refresh'),
      1,
    );
  });

  it("switching to another connection keeps its orders, forgets the other one's error and lists it once", () => {
    const rejected = settled({ type: 'polled', error: err('unauthorized'), facts: OK });
    const { model, kinds } = run([{ type: 'connectionSwitched', facts: OK }], rejected);
    assert.equal(model.state, 'ready');
    assert.equal(kinds.filter((k) => k === 'refresh').length, 1, kinds.join());
    const toNoSecret = run([{ type: 'connectionSwitched', facts: NO_TOKEN }], settled());
    assert.equal(toNoSecret.model.state, 'noToken');
    assert.ok(!toNoSecret.kinds.includes('refresh'), 'nothing to list without its secret');
    const toBroken = run([{ type: 'connectionSwitched', facts: BAD_URL }], settled());
    assert.equal(toBroken.model.state, 'badBaseUrl');
    assert.ok(!toBroken.kinds.includes('refresh'));
  });

  it('a cleared token stops listing: no poll, no announcement (the welcome view explains)', () => {
    const { model, kinds } = run([{ type: 'tokenChanged', facts: NO_TOKEN }], settled());
    assert.equal(model.state, 'noToken');
    assert.ok(!kinds.includes('refresh') && !kinds.includes('announce'), kinds.join());
  });

  // The old orders are forgotten by the adapter, synchronously: a redefined connection gets a new watcher
  // (vscode/connections/connectionOrders.ts), so no effect arriving later can clear a newer list.
  it('another base URL lists the new endpoint once usable, the old error forgotten', () => {
    const before = settled({ type: 'polled', error: err('unauthorized'), facts: OK });
    const changed = new Set(['baseUrl']);
    const { model, kinds } = run(
      [{ type: 'settingsChanged', changed, listed: true, facts: OK }],
      before,
    );
    assert.equal(model.state, 'ready', 'the rejection was about the old server');
    assert.deepEqual(
      kinds.filter((k) => k === 'refresh'),
      ['refresh'],
    );
    const unusable = run(
      [
        {
          type: 'settingsChanged',
          changed: new Set(['graphqlPath']),
          listed: true,
          facts: BAD_URL,
        },
      ],
      settled(),
    );
    assert.deepEqual(
      unusable.kinds.filter((k) => k === 'refresh'),
      [],
    );
  });

  it('a new page size lists again only when a first page is shown', () => {
    const changed = new Set(['pageSize']);
    assert.equal(
      count(
        run([{ type: 'settingsChanged', changed, listed: true, facts: OK }], settled()).effects,
        'refresh',
      ),
      1,
    );
    assert.equal(
      count(
        run([{ type: 'settingsChanged', changed, listed: false, facts: OK }], settled()).effects,
        'refresh',
      ),
      0,
    );
    const rejected = settled({ type: 'polled', error: err('unauthorized'), facts: OK });
    assert.equal(
      count(
        run([{ type: 'settingsChanged', changed, listed: true, facts: OK }], rejected).effects,
        'refresh',
      ),
      0,
      'paused on a rejected token: a page size does not resume it',
    );
  });

  it('a new poll interval is passed on without a poll', () => {
    const { kinds } = run(
      [
        {
          type: 'settingsChanged',
          changed: new Set(['pollIntervalSeconds']),
          listed: true,
          facts: OK,
        },
      ],
      settled(),
    );
    assert.ok(kinds.includes('setPollInterval'));
    assert.ok(!kinds.includes('refresh'));
  });

  it('a fixed base URL (settings) lists again', () => {
    const bad = run([{ type: 'check', facts: BAD_URL }]).model;
    const { effects } = run(
      [{ type: 'settingsChanged', changed: new Set(['baseUrl']), listed: false, facts: OK }],
      bad,
    );
    assert.equal(count(effects, 'refresh'), 1);
  });
});

describe('set-up reducer: announcements', () => {
  it('a rejected token is said once, with what fixes it, and polling is said to be paused', () => {
    const { effects } = run([
      { type: 'check', facts: OK },
      { type: 'polled', error: err('unauthorized', 'Listing orders failed: HTTP 401.'), facts: OK },
      { type: 'polled', error: err('unauthorized', 'Listing orders failed: HTTP 401.'), facts: OK },
    ]);
    assert.deepEqual(
      effects.filter((e) => e.kind === 'announce'),
      [
        {
          kind: 'announce',
          text: 'Updates paused. Listing orders failed: HTTP 401.',
          fixes: ['Set Token', 'Check Connection'],
        },
      ],
    );
  });

  it('a wrong GraphQL path offers the settings', () => {
    const { effects } = run([{ type: 'polled', error: err('notFound', 'Not found.'), facts: OK }]);
    assert.deepEqual(
      effects.find((e) => e.kind === 'announce'),
      {
        kind: 'announce',
        text: 'Not found.',
        fixes: ['Open Settings', 'Check Connection'],
      },
    );
  });

  it('offline, no URL and no token are shown by the view, never in a popup', () => {
    for (const e of [
      { type: 'polled', error: err('network'), facts: OK },
      { type: 'check', facts: NO_URL },
      { type: 'check', facts: NO_TOKEN },
      { type: 'check', facts: BAD_URL },
    ] as SetupEvent[]) {
      assert.equal(count(run([e]).effects, 'announce'), 0, e.type);
    }
  });

  it('the same problem after a recovery is said again', () => {
    const e401 = err('unauthorized');
    const { effects } = run([
      { type: 'polled', error: e401, facts: OK },
      { type: 'tokenChanged', facts: OK },
      { type: 'polled', error: e401, facts: OK },
    ]);
    assert.equal(count(effects, 'announce'), 2);
  });

  it('while a command reports itself, a problem is recorded but not said, and not said again afterwards', () => {
    const quiet = withQuiet(settled(), 1);
    const during = run([{ type: 'polled', error: err('forbidden'), facts: OK }], quiet);
    assert.equal(count(during.effects, 'announce'), 0);
    const after = run(
      [{ type: 'polled', error: err('forbidden'), facts: OK }],
      withQuiet(during.model, -1),
    );
    assert.equal(count(after.effects, 'announce'), 0);
  });
});

describe('set-up runner with the real PollScheduler on a fake clock', () => {
  /** A scheduler whose poll answers as `answer` says, wired to a runner as the adapter wires them. */
  function world() {
    const clock = new FakeClock();
    let facts: SetupFacts = OK;
    let answer: () => Promise<{ unfinished: number }> = () => Promise.resolve({ unfinished: 0 });
    const polls: number[] = [];
    const announced: string[] = [];
    const t0 = clock.now();
    const scheduler = new PollScheduler({
      clock,
      poll: () => {
        polls.push(clock.now() - t0);
        return answer();
      },
      intervalMs: 10_000,
    });
    const runner = new SetupRunner({
      facts: () => Promise.resolve(facts),
      execute: (e) => {
        if (e.kind === 'refresh') scheduler.refresh();
        if (e.kind === 'announce') announced.push(e.text);
      },
      log: silentLogger,
    });
    let previous = scheduler.state;
    scheduler.onDidChange((status) => {
      const ended = previous === 'polling' && status.state !== 'polling';
      previous = status.state;
      if (ended) void runner.dispatch({ type: 'polled', error: status.lastError });
    });
    return {
      clock,
      scheduler,
      runner,
      polls,
      announced,
      setFacts: (f: SetupFacts) => (facts = f),
      answerWith: (a: typeof answer) => (answer = a),
    };
  }

  it('polling resumes after sign-in: 401 pauses it, a new token lists again within the 10 s floor', async () => {
    const w = world();
    w.answerWith(() => Promise.reject(err('unauthorized')));
    await w.runner.dispatch({ type: 'check' });
    await w.clock.advance(1);
    assert.deepEqual(w.polls, [0]);
    assert.equal(w.scheduler.state, 'paused');
    assert.equal(w.runner.state, 'tokenRejected');
    await w.clock.advance(60 * 60_000);
    assert.deepEqual(w.polls, [0], 'paused: no poll for an hour');

    w.answerWith(() => Promise.resolve({ unfinished: 0 }));
    assert.equal(await w.runner.dispatch({ type: 'tokenChanged' }), 'ready');
    await w.clock.advance(1);
    assert.equal(w.polls.length, 2, 'one poll right after the new token');
    assert.equal(w.runner.state, 'ready');
    assert.equal(w.announced.length, 1, 'the rejection was said once');
  });

  it('a token cleared and set again while offline keeps one poll in flight at a time and ends ready', async () => {
    const w = world();
    w.answerWith(() => Promise.reject(err('network')));
    await w.runner.dispatch({ type: 'check' });
    await w.clock.advance(1);
    assert.equal(w.runner.state, 'offline');
    w.setFacts(NO_TOKEN);
    assert.equal(await w.runner.dispatch({ type: 'tokenChanged' }), 'noToken');
    w.setFacts(OK);
    w.answerWith(() => Promise.resolve({ unfinished: 0 }));
    assert.equal(await w.runner.dispatch({ type: 'tokenChanged' }), 'ready');
    await w.clock.advance(30_000);
    assert.equal(w.runner.state, 'ready');
    for (let i = 1; i < w.polls.length; i++)
      assert.ok(w.polls[i] - w.polls[i - 1] >= 10_000, `polls ${w.polls.join(', ')}`);
  });

  it('Set Token checking quietly: the rejection it meets is not announced by the runner', async () => {
    const w = world();
    await w.runner.dispatch({ type: 'check' });
    await w.clock.advance(1);
    w.answerWith(() => Promise.reject(err('unauthorized')));
    await w.runner.quietly(async () => {
      await w.runner.dispatch({ type: 'tokenChanged' });
      await w.clock.advance(10_000);
    });
    assert.equal(w.runner.state, 'tokenRejected');
    assert.deepEqual(w.announced, []);
  });
});
