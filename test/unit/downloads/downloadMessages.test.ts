// The CSV download flow's words (src/core/downloads/downloadMessages.ts): progress text, refusals, preview notice.
import * as assert from 'node:assert/strict';
import {
  DownloadProgressText,
  formatMegabytes,
  largeFileNotice,
  notDownloadableReason,
  revealLabel,
} from '../../../src/core/downloads/downloadMessages';
import { orderFromWire } from '../../../src/core/orders/order';

const MB = 1024 * 1024;

describe('download messages', () => {
  it('formats megabytes', () => {
    assert.equal(formatMegabytes(0), '0.0 MB');
    assert.equal(formatMegabytes(1.25 * MB), '1.3 MB');
    assert.equal(formatMegabytes(1234 * MB), '1,234 MB');
  });

  it('reports at most once per percent, with increments summing to 100', () => {
    const p = new DownloadProgressText();
    const total = 60 * MB;
    const updates: { message: string; increment?: number }[] = [];
    for (let b = 0; b <= total; b += 64 * 1024) {
      const u = p.next(b, total);
      if (u) updates.push(u);
    }
    const last = p.next(total, total);
    if (last) updates.push(last);
    assert.ok(updates.length <= 101, `${updates.length} updates`);
    assert.equal(
      updates.reduce((s, u) => s + (u.increment ?? 0), 0),
      100,
    );
    assert.equal(updates.at(-1)!.message, '60.0 MB of 60.0 MB (100%)');
    assert.equal(updates[0].message, '0.0 MB of 60.0 MB (0%)');
  });

  it('without a total, reports megabytes received, once per MB', () => {
    const p = new DownloadProgressText();
    assert.deepEqual(p.next(10), { message: '0.0 MB received' });
    assert.equal(p.next(20), undefined);
    assert.deepEqual(p.next(2.5 * MB), { message: '2.5 MB received' });
  });

  it('says why an order has no CSV, per state', () => {
    assert.equal(
      notDownloadableReason(orderFromWire({ id: 'a', state: 'DONE', type: 'NPS' })),
      undefined,
    );
    assert.match(
      notDownloadableReason(orderFromWire({ id: 'a', state: 'RUNNING', type: 'NPS' }))!,
      /still being prepared \(Running\)/,
    );
    assert.match(
      notDownloadableReason(orderFromWire({ id: 'a', state: 'PENDING', type: 'NPS' }))!,
      /still being prepared \(Queued\)/,
    );
    assert.match(
      notDownloadableReason(orderFromWire({ id: 'a', state: 'ERROR', type: 'NPS' }))!,
      /failed on the server.*Start a new export/,
    );
    assert.match(
      notDownloadableReason(orderFromWire({ id: 'a', state: 'ARCHIVED', type: 'X' }))!,
      /state "ARCHIVED", not Done/,
    );
  });

  it('explains the large-file preview and names the OS file manager', () => {
    assert.equal(
      largeFileNotice('chat.csv', 60 * MB, 1000),
      'chat.csv is 60.0 MB, too large to open in the editor without slowing it down. Showing its first 1,000 lines, read-only.',
    );
    assert.equal(revealLabel('darwin'), 'Reveal in Finder');
    assert.equal(revealLabel('win32'), 'Reveal in File Explorer');
    assert.equal(revealLabel('linux'), 'Open Containing Folder');
  });
});
