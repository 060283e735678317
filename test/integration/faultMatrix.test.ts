// The fault matrix in a real extension host: every operation against every fault of the fake server's
// switchboard (rows in support/faultMatrixRows.ts); prints the operation × fault table at the end.
//
// Each row arms its fault and runs every operation's failing phase: one clear message naming what failed
// and what to do, the list keeps its data, one request per attempt (no duplicate order, no half-written
// file). Then the fault clears and each operation works again without a reload; the poller recovers by
// itself (after a rejected token: once the person sets one). No unhandled rejection may occur anywhere.
// Command cells run in the gaps between the poller's own polls, so the 10 s floor stays and costs little.
import * as assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandIds, SettingKeys } from '../../src/core/ids';
import { connect, setSetting } from './support/extension';
import {
  cancelCell,
  checkCell,
  deleteCell,
  downloadCell,
  loadMoreCell,
  startCell,
  type Phases,
} from './support/faultMatrixCells';
import { pollerCell } from './support/faultMatrixPoller';
import {
  DOWNLOAD_BYTES,
  OPS,
  faultRows,
  rowsForRun,
  type Op,
  type Row,
} from './support/faultMatrixRows';
import { FaultMatrix, writeMatrix } from './support/faultMatrixTable';
import { MatrixWorld } from './support/faultMatrixWorld';
import { useFakeServer, wireOrder } from './support/fixtures';

describe('fault matrix (real extension host, fake server)', function () {
  this.timeout(120_000);
  let w: MatrixWorld;
  const started = Date.now();
  const rejections: string[] = [];
  const onRejection = (reason: unknown): void => {
    rejections.push(reason instanceof Error ? (reason.stack ?? reason.message) : String(reason));
  };
  // Every row as written, unless the harness asks this run for fewer or for list cells via Load More (rowsForRun).
  const ROWS = rowsForRun(
    faultRows({ stop: () => w.stop(), start: () => w.start(), restart: () => w.restart() }),
  );
  const pollerRuns = ROWS.some((r) => r.poll.kind !== 'loadMore');
  const matrix = new FaultMatrix(
    OPS,
    ROWS.map((r) => r.name),
  );

  function cellFor(row: Row, op: Op): Phases | undefined {
    const e = row.expect[op];
    if ('na' in e) return undefined;
    if ('cancelled' in e) return cancelCell(w, row);
    switch (op) {
      case 'start':
        return startCell(w, row, e);
      case 'download':
        return downloadCell(w, row, e);
      case 'delete':
        return deleteCell(w, row, e);
      case 'check':
        return checkCell(w, row, e);
      case 'list/poll':
        return row.poll.kind === 'loadMore'
          ? loadMoreCell(w, row, e)
          : pollerCell(w, row, e, row.poll);
    }
  }

  /** Runs one row; every cell's outcome goes into the matrix, and the test fails naming the failed cells. */
  async function runRow(row: Row): Promise<void> {
    const errors = new Map<Op, string>();
    const cells = new Map<Op, Phases>();
    for (const op of OPS) {
      const c = cellFor(row, op);
      if (c) cells.set(op, c);
    }
    const attempt = async (op: Op, phase: 'fail' | 'recover'): Promise<void> => {
      const fn = cells.get(op)?.[phase];
      if (!fn || errors.has(op)) return;
      try {
        await fn();
      } catch (err) {
        errors.set(op, `${phase}: ${err instanceof Error ? err.message : String(err)}`);
      }
    };
    // List-route cells first while the poller is quiet; the poller meets its own fault after the commands.
    const commands: Op[] = [
      'check',
      ...(row.poll.kind === 'loadMore' ? (['list/poll'] as Op[]) : []),
      'start',
      'download',
      'delete',
    ];
    await w.quietWindow();
    await vscode.commands.executeCommand('notifications.clearAll');
    const rowSeen = w.seenNow();
    try {
      await row.setUp?.();
      if (row.concurrent) {
        w.armConcurrent(
          row,
          commands.filter((op) => cells.has(op)),
        );
        await w.deleteAfterDownload(true, () =>
          Promise.all(commands.map((op) => attempt(op, 'fail'))),
        );
      } else {
        for (const op of commands) await attempt(op, 'fail');
      }
      if (row.poll.kind !== 'loadMore') await attempt('list/poll', 'fail');
    } finally {
      w.server.clearFaults();
      await row.tearDown?.();
      await setSetting(SettingKeys.deleteAfterDownload, false);
    }
    if (row.poll.kind !== 'loadMore') await attempt('list/poll', 'recover');
    for (const op of commands) await attempt(op, 'recover');
    await setSetting(SettingKeys.deleteAfterDownload, false);

    // Row-wide: each failing cell showed its one message, and nothing else popped up.
    const expected = OPS.filter((op) => {
      if (!('says' in row.expect[op])) return false;
      return (
        op !== 'list/poll' ||
        row.poll.kind === 'loadMore' ||
        (row.poll.kind === 'fails' && row.poll.notifies)
      );
    }).length;
    const problems = w.newProblems(rowSeen);
    if (errors.size === 0 && problems.length !== expected) {
      errors.set(
        'list/poll',
        `${problems.length} problem messages in the row, expected ${expected}: ${JSON.stringify(problems)}`,
      );
    }
    if (rejections.length > 0)
      errors.set('list/poll', `unhandled rejection: ${rejections.join('\n')}`);
    record(row, errors);
    if (errors.size > 0)
      assert.fail([...errors].map(([op, msg]) => `${op} × ${row.name}: ${msg}`).join('\n'));
  }

  function record(row: Row, errors: ReadonlyMap<Op, string>): void {
    const { poll } = row;
    for (const op of OPS) {
      const e = row.expect[op];
      const mark =
        op !== 'list/poll'
          ? ''
          : poll.kind === 'loadMore'
            ? poll.insteadOfPoller
              ? ' ³'
              : ' ¹'
            : poll.kind === 'fails' && poll.recover === 'setToken'
              ? ' ²'
              : '';
      if ('na' in e) {
        matrix.set(row.name, op, { status: 'n/a' });
        matrix.note(`n/a ${op} × ${row.name}: ${e.na}`);
      } else if (errors.has(op))
        matrix.set(row.name, op, { status: 'FAIL', error: errors.get(op) });
      else matrix.set(row.name, op, { status: 'pass', mark });
    }
    if (poll.kind === 'loadMore' && poll.insteadOfPoller) {
      matrix.note(
        '³ list via "Load More" in this run (FAULT_MATRIX_LIST=load-more: the same GraphQL request through the same transport, not bound by the 10 s floor); the poller\'s own reaction to this fault is proven in the run that takes the rows as written (scripts/test.sh: the oldest VS Code).',
      );
    } else if (poll.kind === 'loadMore') {
      const pairs = ROWS.flatMap((r) =>
        r.poll.kind === 'loadMore' && !r.poll.insteadOfPoller
          ? [`${r.name} → ${r.poll.sameReactionAs}`]
          : [],
      );
      matrix.note(
        `¹ list via "Load More" (the same GraphQL request, not bound by the 10 s floor); the poller's reaction to the same error kind is proven in the row named (${pairs.join('; ')})${pollerRuns ? '' : ', in the run that takes the rows as written'}.`,
      );
    }
    if (poll.kind === 'fails' && poll.recover === 'setToken') {
      matrix.note(
        '² polling pauses on a rejected token or a missing role (retrying cannot help): the view shows the set-up problem, the store keeps the orders, and "Set Access Token" resumes at once, without a reload.',
      );
    }
  }

  const fx = useFakeServer({ seed: 'empty', pendingMs: 300, runningMs: 300 });

  before(async function () {
    this.timeout(60_000);
    process.on('unhandledRejection', onRejection);
    const { api, server } = fx;
    assert.equal(
      vscode.window.state.focused,
      true,
      'the window must be focused (unfocused polls are 6× slower)',
    );
    w = new MatrixWorld(api, server, await mkdtemp(path.join(os.tmpdir(), 'ua-fault-matrix-')));
    // One export that stays RUNNING keeps the poller polling on its own every 10 s (for the poller's cells).
    if (pollerRuns) server.addOrder(wireOrder({ type: 'ACTIVE_USER', state: 'RUNNING' }));
    for (const row of ROWS) {
      const type = row.name.startsWith('unknown') ? 'MYSTERY_EXPORT' : 'CHAT_INTERACTION';
      w.downloadOrder.set(
        row.name,
        server.addOrder(wireOrder({ type, csvBytes: row.downloadBytes ?? DOWNLOAD_BYTES })).id,
      );
      w.deleteOrder.set(
        row.name,
        server.addOrder(wireOrder({ type: 'REFERENCE_STAT', csvBytes: 20_000 })).id,
      );
    }
    await setSetting(SettingKeys.pageSize, 100);
    await setSetting(SettingKeys.downloadFolder, w.folder);
    await setSetting(SettingKeys.openAfterDownload, false);
    await setSetting(SettingKeys.notifyWhenDone, false);
    await setSetting(SettingKeys.deleteAfterDownload, false);
    await connect(api, server);
    // Every order to delete after download is downloaded first, so its cells exercise the delete alone.
    for (const id of w.deleteOrder.values()) {
      assert.ok(
        typeof (await w.cmd<string | undefined>(CommandIds.openCsv, id)) === 'string',
        `pre-download of ${id}`,
      );
    }
  });

  after(async function () {
    this.timeout(30_000);
    process.off('unhandledRejection', onRejection);
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    const table = matrix.render(
      `Fault matrix: operation × fault (VS Code ${vscode.version}, ${seconds} s)`,
    );
    // The harness shows test titles only: the table also goes to a file (this bundle is in out-test/integration).
    const file = writeMatrix(table, vscode.version, path.join(__dirname, '..', '..'));
    console.log(`${table}\n(written to ${file})`);
    // useFakeServer resets the extension and stops the server.
    if (w) await rm(w.folder, { recursive: true, force: true });
  });

  for (const row of ROWS) {
    it(`fault matrix: ${row.name}`, async function () {
      this.timeout(row.timeoutMs ?? (row.concurrent ? 150_000 : 90_000));
      await runRow(row);
    });
  }

  it('fault matrix: no duplicate orders, no unhandled rejection, nothing leaked into messages', () => {
    assert.equal(
      w.count('start'),
      w.startRequestsSent,
      'every start request the server saw was one the person asked for',
    );
    const ours = new Set(w.downloadOrder.values());
    const created = w.server
      .orders()
      .filter((o) => o.type === 'CHAT_INTERACTION' && !ours.has(o.id));
    assert.equal(
      created.length,
      w.successfulStarts,
      'one order per successful start, none from failed ones',
    );
    assert.deepEqual(rejections, []);
    for (const m of w.api.messages()) w.assertSafe(m.text, 'message');
    const c = matrix.counts();
    assert.equal(c.FAIL + c['not run'], 0, 'every cell ran and passed');
  });
});
