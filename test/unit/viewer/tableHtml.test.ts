// The table page's HTML (src/vscode/viewer/tableHtml.ts): the boot block carries hostile cell text as data that
// cannot end the block or run, and reads back exactly, as does the l10n block of both pages (webviewPage.ts);
// the CSP allows nothing beyond the nonce'd script.
import * as assert from 'node:assert/strict';
import { BOOT_ELEMENT_ID, type TableBoot } from '../../../src/shared/tableMessages';
import { bootBlock } from '../../../src/vscode/viewer/tableHtml';
import { L10N_ELEMENT_ID, type WebviewL10n } from '../../../src/shared/webviewL10n';
import { jsonBlock, webviewCsp } from '../../../src/vscode/webviewPage';

const hostile = [
  '</script><script>globalThis.pwned=1</script>',
  '<img src=x onerror=alert(1)>',
  '<!-- <script>',
  '=HYPERLINK("javascript:alert(1)")',
  'line\u2028sep\u2029end',
];

describe('table page HTML', () => {
  it('the boot block holds hostile cells as JSON data: no "<" inside, the same messages read back', () => {
    const boot: TableBoot = [
      {
        type: 'view',
        viewId: 1,
        rowCount: 1,
        complete: true,
        first: { start: 0, rows: [hostile], fileRows: [0] },
      },
    ];
    const block = bootBlock(boot);
    const open = `<script type="application/json" id="${BOOT_ELEMENT_ID}">`;
    assert.ok(block.startsWith(open));
    const body = block.slice(open.length, block.lastIndexOf('</script>'));
    assert.equal(body.includes('<'), false, 'no tag can start inside the block');
    assert.deepEqual(JSON.parse(body), boot);
    assert.equal(bootBlock(undefined), '');
  });

  it('the l10n block: a bundle whose texts hold markup is data, read back exactly', () => {
    const data: WebviewL10n = {
      bundle: { 'Opening the file…': '</script><script>globalThis.pwned=1</script>' },
      locale: 'de',
    };
    const block = jsonBlock(L10N_ELEMENT_ID, data);
    const open = `<script type="application/json" id="${L10N_ELEMENT_ID}">`;
    assert.ok(block.startsWith(open));
    const body = block.slice(open.length, block.lastIndexOf('</script>'));
    assert.equal(body.includes('<'), false);
    assert.deepEqual(JSON.parse(body), data);
  });

  it('the CSP: nothing by default, scripts only by nonce, no inline or eval', () => {
    const csp = webviewCsp('https://res.example', 'abc', 'data:');
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });
});
