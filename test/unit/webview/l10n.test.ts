// The webviews' language (src/webview/shared/l10n.ts and the words of src/webview/*/format.ts): with a bundle
// configured the page's words come from it, numbers follow the locale; without one, English as before.
import * as assert from 'node:assert/strict';
import * as l10n from '@vscode/l10n';
import { canonicalLocale, MARKER, withNode } from '../../../src/webview/shared/l10n';
import { formatBytes, matchText, statusText } from '../../../src/webview/table/format';
import { windowText } from '../../../src/webview/insights/format';

describe('webview l10n', () => {
  afterEach(() => l10n.config({ contents: {} }));

  it('canonical locale tags, none for junk', () => {
    assert.equal(canonicalLocale('zh-cn'), 'zh-CN');
    assert.equal(canonicalLocale('de'), 'de');
    assert.equal(canonicalLocale(''), undefined);
    assert.equal(canonicalLocale('not a tag!'), undefined);
    assert.equal(canonicalLocale(42), undefined);
  });

  it('a node in a translated sentence keeps the translation’s word order', () => {
    const node = { node: true } as unknown as Node;
    assert.deepEqual(withNode(`Computing insights of ${MARKER}…`, MARKER, node), [
      'Computing insights of ',
      node,
      '…',
    ]);
    assert.deepEqual(withNode(`${MARKER} wird berechnet`, MARKER, node), [node, ' wird berechnet']);
  });

  it('the status line and sizes from the bundle, numbers in the locale', () => {
    l10n.config({
      contents: {
        '{0} rows': '{0} Zeilen',
        'indexing…': 'wird indiziert…',
        '{0} KB/kilobytes': '{0} kB',
        '{0} matches': '{0} Treffer',
        '{0} – {1} ({2} days)/first day – last day of a period, and how many days it has':
          '{0} bis {1} ({2} Tage)',
      },
    });
    assert.equal(
      statusText(
        {
          viewRows: 1234,
          fileRows: 1234,
          filtered: false,
          indexing: true,
          viewComplete: false,
          fileBytes: 2048,
        },
        'de-DE',
      ),
      '1.234+ Zeilen · 2,0 kB · wird indiziert…',
    );
    assert.equal(formatBytes(1536, 'fr'), '1,5 kB');
    assert.equal(matchText(40, false, 'de-DE'), '40+ Treffer');
    assert.equal(
      windowText({ first: '2025-06-01', last: '2025-06-30', days: 30 }, 'de-CH'),
      '01.06.2025 bis 30.06.2025 (30 Tage)',
    );
  });
});
