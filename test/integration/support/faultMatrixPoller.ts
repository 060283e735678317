// The fault matrix's list/poll cell on the real poller: its next poll, made by itself, meets the fault;
// it must then say so once, keep the list, back off (Retry-After honoured) and come back without a reload.
import * as assert from 'node:assert/strict';
import { CommandIds } from '../../../src/core/ids';
import { waitFor } from './extension';
import type { Phases } from './faultMatrixCells';
import { PREFIX, TIMEOUT_S, type Expect, type PollPlan, type Row } from './faultMatrixRows';
import type { MatrixWorld } from './faultMatrixWorld';

/** Arrival times at the server may be closer than the extension's start times by network jitter. */
const JITTER_MS = 300;

export function pollerCell(
  w: MatrixWorld,
  row: Row,
  e: Expect,
  plan: Exclude<PollPlan, { kind: 'loadMore' }>,
): Phases {
  const { api } = w;
  let failedAt = 0;
  let ids: string[] = [];
  let rows: string[] = [];

  /**
   * Waits for the poller's next poll, made by itself, to end in a state `done` accepts; returns when the
   * server saw it (or, when the server is down and sees nothing, when its end was noticed).
   */
  const nextPoll = async (
    what: string,
    done: () => boolean,
    timeoutMs: number,
    reaches = true,
  ): Promise<number> => {
    const n = w.listTimes().length;
    await waitFor(
      what,
      () =>
        (w.listTimes().length > n || !reaches) && api.pollStatus().state !== 'polling' && done(),
      timeoutMs,
    );
    return w.listTimes()[n] ?? Date.now();
  };

  if (plan.kind === 'works') {
    return {
      fail: async () => {
        const seen = w.seenNow();
        w.arm(row, 'list/poll');
        await nextPoll('the next poll, by itself', () => true, 15_000);
        assert.equal(api.pollStatus().lastError, undefined, 'the poll worked');
        assert.equal(api.setupState(), 'ready');
        assert.doesNotMatch(api.viewMessage() ?? '', /failed/);
        if (row.fault?.('list/poll').kind === 'unknownValues') await w.assertUnknownValuesShown();
        w.noProblems(seen, 'poll');
      },
    };
  }
  if (!('says' in e)) throw new Error(`${row.name}: a failing poll needs a message`);
  const says = e.says;
  return {
    fail: async () => {
      const seen = w.seenNow();
      ids = w.orderIds();
      rows = w.treeIds();
      w.arm(row, 'list/poll');
      failedAt = await nextPoll(
        'the poller to meet the fault by itself',
        () => api.pollStatus().state === plan.pollState && api.pollStatus().lastError !== undefined,
        TIMEOUT_S * 1000 + 20_000,
        row.reaches !== false,
      );
      const status = api.pollStatus();
      await waitFor(
        `set-up state ${plan.setupState}`,
        () => api.setupState() === plan.setupState,
        5000,
      );
      w.assertKeepsRows(ids);
      if (plan.notifies) {
        // A set-up problem: one notification, and the view shows what to fix (the store keeps the orders).
        await waitFor('the notification', () => w.newProblems(seen).length > 0, 5000);
        w.oneProblem(seen, PREFIX['list/poll'], says);
      } else {
        // A passing outage: the list stays and the view's one line says what failed and when it retries by
        // itself (the full message, with what to check, is in the log and in "Check Connection").
        assert.deepEqual(w.newProblems(seen), [], 'no notification per failed poll');
        const line = api.viewMessage() ?? '';
        assert.match(line, /failed/i);
        assert.match(line, plan.viewSays ?? says);
        assert.match(line, /Showing the last known list/);
        assert.match(line, /Retrying at /);
        w.assertSafe(line, 'view message');
        assert.deepEqual(w.treeIds(), rows, 'the tree keeps its rows');
      }
      if (plan.pollState === 'backoff') {
        assert.ok(status.nextPollAt !== undefined, 'a retry is armed');
        assert.ok(
          status.nextPollAt - failedAt >= plan.minGapMs - JITTER_MS,
          `backs off at least ${plan.minGapMs} ms`,
        );
      } else {
        assert.equal(status.nextPollAt, undefined, 'paused: no retries while the token is refused');
      }
    },
    recover: async () => {
      const seen = w.seenNow();
      if (plan.recover === 'setToken') {
        const result = await w.cmd<{ accepted?: boolean }>(CommandIds.setToken, w.server.token);
        assert.equal(result?.accepted, true, 'the person sets a token: listing resumes, no reload');
      } else {
        const n = w.listTimes().length;
        const retriedAt = await nextPoll(
          'the poller to recover by itself',
          () => api.pollStatus().lastError === undefined,
          plan.minGapMs + 15_000,
        );
        assert.ok(
          retriedAt - failedAt >= plan.minGapMs - JITTER_MS,
          `retried ${retriedAt - failedAt} ms after the failure`,
        );
        assert.equal(w.listTimes().length - n, 1, 'one retry, no burst');
      }
      await waitFor(
        'set-up ready again',
        () => api.pollStatus().lastError === undefined && api.setupState() === 'ready',
      );
      assert.doesNotMatch(api.viewMessage() ?? '', /failed/);
      w.assertKeepsRows(ids);
      await waitFor('the tree shows the rows again', () =>
        rows.every((id) => w.treeIds().includes(id)),
      );
      w.noProblems(seen, 'poll recovery');
    },
  };
}
