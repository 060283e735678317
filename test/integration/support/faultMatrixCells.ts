// The fault matrix's command cells, each run through the real command as a person would: a failing phase
// (the row's fault armed) and a recovery phase (fault cleared). The poller's cell is in faultMatrixPoller.ts.
import * as assert from 'node:assert/strict';
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CommandIds } from '../../../src/core/ids';
import { waitFor } from './extension';
import { yesterdayRange } from './fixtures';
import { PREFIX, type Expect, type Op, type Row } from './faultMatrixRows';
import type { MatrixWorld } from './faultMatrixWorld';

export interface Phases {
  readonly fail: () => Promise<void>;
  readonly recover?: () => Promise<void>;
}

/** With the fault armed: the failing checks, or (when the operation copes with the fault) the working ones. */
export function phases(
  w: MatrixWorld,
  row: Row,
  op: Op,
  e: Expect,
  works: () => Promise<void>,
  fails: (says: RegExp) => Promise<void>,
): Phases {
  if ('cancelled' in e || 'na' in e) throw new Error(`${op} × ${row.name}: not a fault cell`);
  if (!('says' in e)) {
    return {
      fail: async () => {
        w.arm(row, op);
        await works();
      },
    };
  }
  return {
    fail: async () => {
      w.arm(row, op);
      await fails(e.says);
    },
    recover: works,
  };
}

/** Start Export: one request per attempt (never retried into a second order), and no phantom row. */
export function startCell(w: MatrixWorld, row: Row, e: Expect): Phases {
  const attempt = async (reaches: boolean): Promise<string | undefined> => {
    if (reaches) w.startRequestsSent++;
    return w.cmd<string | undefined>(CommandIds.startExport, {
      type: 'CHAT_INTERACTION',
      range: yesterdayRange(),
    });
  };
  const works = async (): Promise<void> => {
    const n = w.count('start');
    const seen = w.seenNow();
    const id = await attempt(true);
    assert.ok(typeof id === 'string', 'the start went through');
    w.successfulStarts++;
    assert.equal(w.count('start') - n, 1, 'one start request');
    assert.ok(w.orderIds().includes(id), 'the new order shows at once');
    w.noProblems(seen, 'start');
  };
  return phases(w, row, 'start', e, works, async (says) => {
    const n = w.count('start');
    const ids = w.orderIds();
    const seen = w.seenNow();
    assert.equal(
      await attempt(row.reaches !== false),
      undefined,
      'the command reports the failure',
    );
    assert.equal(
      w.count('start') - n,
      row.reaches === false ? 0 : 1,
      'one start request: never retried by itself',
    );
    const text = w.oneProblem(seen, PREFIX.start, says);
    if (!/may have started/.test(says.source)) assert.doesNotMatch(text, /may have started/);
    w.assertNoNewRows(ids);
  });
}

/** Open CSV (a fresh download): nothing under the final name, no temporary file, nothing recorded. */
export function downloadCell(w: MatrixWorld, row: Row, e: Expect): Phases {
  const id = w.downloadOrder.get(row.name)!;
  const works = async (): Promise<void> => {
    const seen = w.seenNow();
    const saved = await w.cmd<string | undefined>(CommandIds.openCsv, id, { fresh: true });
    assert.ok(typeof saved === 'string', 'the CSV was saved');
    const expected = await w.serverCsv(id);
    assert.ok((await readFile(saved)).equals(expected), 'every byte arrived');
    assert.equal(
      (await w.api.downloadIndex.lookup(id))?.bytes,
      expected.length,
      'recorded as complete',
    );
    assert.deepEqual(
      (await w.filesOf(id)).filter((f) => f.includes('.part-')),
      [],
    );
    w.noProblems(seen, 'download');
  };
  return phases(w, row, 'download', e, works, async (says) => {
    const n = w.count('download');
    const ids = w.orderIds();
    const seen = w.seenNow();
    assert.equal(await w.cmd(CommandIds.openCsv, id, { fresh: true }), undefined);
    assert.equal(w.count('download') - n, row.reaches === false ? 0 : 1, 'one download request');
    w.oneProblem(seen, PREFIX.download, says);
    assert.deepEqual(await w.filesOf(id), [], 'no file under the final name and no temporary file');
    assert.equal(await w.api.downloadIndex.lookup(id), undefined, 'nothing recorded');
    w.assertNoNewRows(ids);
    w.assertKeepsRows(ids);
  });
}

/** Delete after download: the CSV is complete on disk already (downloaded in advance), so only the delete runs. */
export function deleteCell(w: MatrixWorld, row: Row, e: Expect): Phases {
  const id = w.deleteOrder.get(row.name)!;
  const openWithDelete = () =>
    w.deleteAfterDownload(true, () => w.cmd<string | undefined>(CommandIds.openCsv, id));
  const works = async (): Promise<void> => {
    const seen = w.seenNow();
    const n = w.count('delete');
    assert.ok(typeof (await openWithDelete()) === 'string');
    assert.equal(w.count('delete') - n, 1, 'one delete request');
    assert.equal(w.server.order(id), undefined, 'deleted on the server');
    await waitFor('the row leaves the list', () => !w.orderIds().includes(id));
    assert.equal(await w.api.downloadIndex.isSafelyOnDisk(id), true, 'the CSV stays on disk');
    w.noProblems(seen, 'delete');
  };
  return phases(w, row, 'delete', e, works, async (says) => {
    const n = w.count('delete');
    const ids = w.orderIds();
    const seen = w.seenNow();
    assert.ok(typeof (await openWithDelete()) === 'string', 'the CSV itself is there');
    assert.equal(w.count('delete') - n, row.reaches === false ? 0 : 1, 'one delete request');
    w.oneProblem(seen, PREFIX.delete, says);
    assert.ok(w.server.order(id), 'the order is still on the server');
    assert.ok(w.orderIds().includes(id), 'and still in the list');
    assert.equal(await w.api.downloadIndex.isSafelyOnDisk(id), true, 'the CSV is complete on disk');
    w.assertKeepsRows(ids);
  });
}

interface Report {
  readonly ok: boolean;
  readonly checks: readonly { check: string; ok: boolean; detail: string }[];
}

/** Check Connection: the summary names the first failing check and why. */
export function checkCell(w: MatrixWorld, row: Row, e: Expect): Phases {
  const works = async (): Promise<void> => {
    const seen = w.seenNow();
    const report = await w.cmd<Report>(CommandIds.checkConnection);
    assert.equal(report.ok, true, JSON.stringify(report.checks));
    assert.ok(
      w.newMessages(seen).some((m) => /^Connection works: all \d+ checks passed/.test(m.text)),
    );
    w.noProblems(seen, 'check');
  };
  return phases(w, row, 'check', e, works, async (says) => {
    const seen = w.seenNow();
    const ids = w.orderIds();
    const report = await w.cmd<Report>(CommandIds.checkConnection);
    assert.equal(report.ok, false);
    w.assertSafe(JSON.stringify(report), 'report');
    w.oneProblem(seen, PREFIX.check, says);
    w.assertKeepsRows(ids);
  });
}

/** The list request through "Load More" (the same GraphQL request as a poll, not bound by the poll floor). */
export function loadMoreCell(w: MatrixWorld, row: Row, e: Expect): Phases {
  const works = async (): Promise<void> => {
    // A rejected token (401/403) leaves set-up waiting for one: the person sets it again, as in the poller's cell.
    if (row.poll.kind === 'loadMore' && row.poll.recover === 'setToken') {
      const result = await w.cmd<{ accepted?: boolean }>(CommandIds.setToken, w.server.token);
      assert.equal(result?.accepted, true, 'the person sets a token: listing resumes, no reload');
    }
    const seen = w.seenNow();
    assert.equal(typeof (await w.cmd<number | undefined>(CommandIds.loadMore)), 'number');
    if (row.fault?.('list/poll').kind === 'unknownValues') await w.assertUnknownValuesShown();
    w.noProblems(seen, 'load more');
  };
  return phases(w, row, 'list/poll', e, works, async (says) => {
    const seen = w.seenNow();
    const ids = w.orderIds();
    const rows = w.treeIds();
    assert.equal(await w.cmd(CommandIds.loadMore), undefined);
    w.oneProblem(seen, PREFIX['list/poll'], says);
    w.assertKeepsRows(ids);
    assert.deepEqual(w.treeIds(), rows, 'the tree keeps its rows');
  });
}

/**
 * The person cancels a 2 GB download once a good part of it is on disk, with "delete after download" on:
 * the command ends quietly, nothing is under the final name, no temporary file is left, nothing is
 * recorded and the order is still on the server. Then a retry gets all of it and only then deletes it.
 */
export function cancelCell(w: MatrixWorld, row: Row): Phases {
  const id = w.downloadOrder.get(row.name)!;
  const size = row.downloadBytes!;
  const partBytes = async (): Promise<number> => {
    const part = (await w.filesOf(id)).find((f) => f.includes('.part-'));
    return part ? (await stat(join(w.folder, part)).catch(() => ({ size: 0 }))).size : 0;
  };
  return {
    fail: async () => {
      const n = w.count('download');
      const ids = w.orderIds();
      const seen = w.seenNow();
      const cancel = new AbortController();
      const run = w.deleteAfterDownload(true, () =>
        w.cmd<string | undefined>(CommandIds.openCsv, id, { fresh: true, signal: cancel.signal }),
      );
      let onDisk = 0;
      await waitFor(
        '64 MB of the 2 GB on disk',
        async () => (onDisk = await partBytes()) >= 64 * 1024 ** 2,
        60_000,
      );
      cancel.abort();
      assert.equal(await run, undefined, 'the command ends without a file');
      assert.ok(onDisk < size, `cancelled mid-transfer (${onDisk} of ${size} bytes on disk)`);
      assert.equal(w.count('download') - n, 1, 'one download request');
      w.noProblems(seen, 'a cancel is not a problem');
      assert.deepEqual(
        await w.filesOf(id),
        [],
        'no file under the final name and no temporary file',
      );
      assert.equal(await w.api.downloadIndex.lookup(id), undefined, 'nothing recorded');
      assert.ok(
        w.server.order(id),
        'the order is still on the server (delete after download was on)',
      );
      assert.ok(w.orderIds().includes(id), 'and still in the list');
      w.assertKeepsRows(ids);
    },
    recover: async () => {
      const seen = w.seenNow();
      const saved = await w.deleteAfterDownload(true, () =>
        w.cmd<string | undefined>(CommandIds.openCsv, id, { fresh: true }),
      );
      assert.ok(typeof saved === 'string', 'the retry saved the CSV');
      try {
        assert.equal((await stat(saved)).size, size, 'all 2 GB on disk');
        assert.equal((await w.api.downloadIndex.lookup(id))?.bytes, size, 'recorded as complete');
        assert.equal(
          w.server.order(id),
          undefined,
          'deleted on the server once the file was complete',
        );
        w.noProblems(seen, 'retry');
      } finally {
        await rm(saved, { force: true });
      }
    },
  };
}
