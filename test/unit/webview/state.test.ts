// The table's saved state read back (src/webview/table/state.ts) and the header click's sort cycle.
import * as assert from 'node:assert/strict';
import {
  nextSort,
  readFilter,
  readState,
  sameFilter,
  sameSort,
} from '../../../src/webview/table/state';

describe('table state', () => {
  it('keeps what is valid and drops the rest', () => {
    assert.equal(readState(undefined), undefined);
    assert.equal(readState('x'), undefined);
    assert.deepEqual(readState({}), { scrollRow: 0 });
    assert.deepEqual(
      readState({
        scrollRow: 42,
        columnWidths: [100, 80],
        sort: { column: 1, direction: 'desc' },
        filter: { all: 'a', columns: { 0: 'x', 2: '' } },
      }),
      {
        scrollRow: 42,
        columnWidths: [100, 80],
        sort: { column: 1, direction: 'desc' },
        filter: { all: 'a', columns: { 0: 'x' } },
      },
    );
    assert.deepEqual(
      readState({ scrollRow: -3, columnWidths: [1, 'x'], sort: { column: 1, direction: 'up' } }),
      { scrollRow: 0 },
    );
  });

  it('a filter without text is no filter', () => {
    assert.equal(readFilter({ all: '', columns: { 1: '' } }), undefined);
    assert.ok(sameFilter({}, undefined));
    assert.ok(sameFilter({ columns: { 1: 'a' } }, { all: '', columns: { 1: 'a', 2: '' } }));
    assert.ok(!sameFilter({ columns: { 1: 'a' } }, { columns: { 2: 'a' } }));
  });

  it('a header click sorts ascending, then descending, then back to file order', () => {
    const a = nextSort(undefined, 2);
    assert.deepEqual(a, { column: 2, direction: 'asc' });
    const d = nextSort(a, 2);
    assert.deepEqual(d, { column: 2, direction: 'desc' });
    assert.equal(nextSort(d, 2), undefined);
    assert.deepEqual(nextSort(d, 0), { column: 0, direction: 'asc' });
    assert.ok(sameSort(undefined, undefined));
    assert.ok(!sameSort(a, d));
  });
});
