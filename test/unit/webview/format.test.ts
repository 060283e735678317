// The table's status line words (src/webview/table/format.ts).
import * as assert from 'node:assert/strict';
import {
  formatBytes,
  indexedFraction,
  matchText,
  statusText,
} from '../../../src/webview/table/format';

describe('table status line', () => {
  it('says sizes the way VS Code does', () => {
    assert.equal(formatBytes(0, 'en-US'), '0 bytes');
    assert.equal(formatBytes(1536, 'en-US'), '1.5 KB');
    assert.equal(formatBytes(412.3 * 1024 * 1024, 'en-US'), '412 MB');
    assert.equal(formatBytes(1.25 * 1024 ** 3, 'en-US'), '1.3 GB');
  });

  it('rows in view, rows in file, while indexing and after', () => {
    const base = { viewRows: 1204330, fileRows: 1204330, filtered: false, fileBytes: 2048 };
    assert.equal(
      statusText({ ...base, indexing: false, viewComplete: true }, 'en-US'),
      '1,204,330 rows · 2.0 KB',
    );
    assert.equal(
      statusText({ ...base, indexing: true, viewComplete: false }, 'en-US'),
      '1,204,330+ rows · 2.0 KB · indexing…',
    );
    assert.equal(
      statusText(
        { ...base, viewRows: 12, filtered: true, indexing: false, viewComplete: false },
        'en-US',
      ),
      '12+ of 1,204,330 rows · 2.0 KB',
    );
    assert.equal(
      statusText(
        { ...base, fileRows: 1, viewRows: 1, indexing: false, viewComplete: true },
        'en-US',
      ),
      '1 row · 2.0 KB',
    );
  });

  it('match counts and indexing fraction', () => {
    assert.equal(matchText(0, true), 'No matches');
    assert.equal(matchText(1, true), '1 match');
    assert.equal(matchText(40, false, 'en-US'), '40+ matches');
    assert.equal(indexedFraction(50, 200), 0.25);
    assert.equal(indexedFraction(5, 0), 1);
  });
});
