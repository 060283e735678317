// The CSV table in the browser, as an analyst uses it: a 200 MB export opened as a table from its row (first
// rows before indexing ends), the middle of the file, sort, filter, copy (pasted into an editor to prove the
// clipboard), a CSV whose cells hold HTML, script and formula payloads shown as inert text (an XSS canary), a
// bad file's problem line, and the table in the dark and high-contrast themes. The webview's console and
// CSP violations are watched throughout: any violation or uncaught error fails the scenario.
// Screenshots: NN-table-*.png.
import * as assert from 'node:assert/strict';

export const title = 'CSV table: 200 MB export, middle, sort, filter, copy, XSS canary, themes';

const XSS = [
  '<img src=x onerror="document.body.dataset.xss=\'img\'">',
  '<script>document.body.dataset.xss="script"</script>',
  'javascript:document.body.dataset.xss="link"',
  '=HYPERLINK("https://example.invalid/?leak","click")',
];
const csvCell = (s) => `"${s.replace(/"/g, '""')}"`;

export const options = {
  seed: 'demo',
  files: {
    'xss.csv': `Name,Payload\r\n${XSS.map((p, i) => `row${i},${csvCell(p)}`).join('\r\n')}\r\n`,
    'empty.csv': '',
  },
};

const BIG = 210 * 1024 * 1024;

/** The frame of the table webview now showing a grid (VS Code nests webviews two iframes deep). */
async function tableFrame(ui, { timeout = 60_000, problem = false } = {}) {
  return ui.waitFor(
    async () => {
      for (const f of ui.page.frames()) {
        const has = await f
          .evaluate(
            (p) => !!document.querySelector(p ? '#root .problem' : '#root [role=grid]'),
            problem,
          )
          .catch(() => false);
        if (has) return f;
      }
      return undefined;
    },
    { timeout, message: `a table webview ${problem ? 'with a problem line' : 'with its grid'}` },
  );
}

/** The drawn rows: [row number, ...cells] per row, top to bottom. */
const drawnRows = (frame) =>
  frame.evaluate(() =>
    [...document.querySelectorAll('.body .row')]
      .filter((r) => !r.hasAttribute('aria-busy'))
      .sort((a, b) => Number(a.dataset.row) - Number(b.dataset.row))
      .map((r) => [...r.querySelectorAll('.cell')].map((c) => c.textContent ?? '')),
  );

const statusText = (frame) =>
  frame.evaluate(() => document.querySelector('.statusline')?.textContent ?? '');

/** Records CSP violations and errors inside the webview (CDP evaluation is not subject to the page's CSP). */
async function watchFrame(frame) {
  await frame.evaluate(() => {
    if (window.__uaWatch) return;
    window.__uaWatch = { violations: [], errors: [] };
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__uaWatch.violations.push(`${e.violatedDirective}: ${e.blockedURI}`),
    );
    window.addEventListener('error', (e) => window.__uaWatch.errors.push(String(e.message)));
  });
}
const frameFindings = (frame) => frame.evaluate(() => window.__uaWatch);

/** Quick Open on a workspace file: waits for its entry (an Enter too early opens a recent file instead). */
async function quickOpen(ui, name) {
  await focusWorkbench(ui);
  await ui.press('Control+P');
  await ui.typeInQuickInput(name, { submit: false });
  await ui.pickQuickItem(name);
}

/** Moves the keyboard focus out of a webview (keys typed there go to the table, not the workbench). */
const focusWorkbench = (ui) => ui.page.locator('.part.sidebar .composite.title').first().click();

/** @param {import('../harness/e2e.mjs').Workbench} ui */
export default async function table(ui) {
  const consoleProblems = [];
  ui.page.on('console', (m) => {
    const text = m.text();
    if (/Content[- ]Security[- ]Policy|Refused to (execute|load|apply)/i.test(text))
      consoleProblems.push(text);
  });
  ui.page.on('pageerror', (e) => {
    if (/table|webview/i.test(String(e.stack ?? e.message)))
      consoleProblems.push(`uncaught: ${e.message}`);
  });
  const assertCalm = async (frame, where) => {
    const found = await frameFindings(frame);
    assert.deepEqual(found.violations, [], `CSP violations in the table (${where})`);
    assert.deepEqual(found.errors, [], `errors in the table (${where})`);
    assert.deepEqual(consoleProblems, [], `console (${where})`);
  };

  let frame;
  await ui.step(
    'a 210 MB export opens as a table from its row: first rows before indexing ends',
    async () => {
      await ui.fake.control('POST', '/orders', {
        type: 'CHAT_INTERACTION',
        state: 'DONE',
        csvBytes: BIG,
        configuration: {
          startDate: '2024-12-31T23:00:00.000Z',
          endDate: '2025-06-30T21:59:59.999Z',
        },
      });
      await ui.openActivity();
      await ui.waitForView();
      await ui.waitForRow(/2025/, { timeout: 60_000 });
      await ui.clickRowAction(/2025/, 'Open as Table');
      frame = await tableFrame(ui, { timeout: 120_000 });
      await watchFrame(frame);
      await ui.waitFor(async () => (await drawnRows(frame)).length > 10, {
        message: 'first rows drawn',
      });
      const rows = await drawnRows(frame);
      assert.equal(rows[0][0], '1', 'row numbers start at 1');
      const header = await frame.evaluate(() =>
        [...document.querySelectorAll('.head .cell .name')].map((e) => e.textContent),
      );
      assert.deepEqual(header, ['User Email', 'Date', 'Interactions', 'Assistant']);
      await ui.moveMouseAway();
      await ui.screenshot('table-first-rows');
      await ui.waitFor(
        async () => !(await frame.evaluate(() => !document.querySelector('.progress')?.hidden)),
        {
          timeout: 120_000,
          message: 'indexing done (progress bar gone)',
        },
      );
      await assertCalm(frame, 'opened');
    },
  );

  let total = 0;
  await ui.step('jump to the middle of the file', async () => {
    total = await frame.evaluate(
      () => Number(document.querySelector('[role=grid]').getAttribute('aria-rowcount')) - 1,
    );
    assert.ok(total > 2_000_000, `${total} rows`);
    const middle = Math.floor(total / 2);
    await frame.locator('input.goto').fill(String(middle));
    await frame.locator('input.goto').press('Enter');
    await ui.waitFor(async () => (await drawnRows(frame)).some((r) => r[0] === String(middle)), {
      message: `row ${middle} drawn`,
    });
    const inDom = await frame.evaluate(() => document.querySelectorAll('.body .row').length);
    assert.ok(inDom < 300, `the DOM holds ${inDom} rows`);
    await ui.screenshot('table-middle');
  });

  await ui.step('sort by Interactions: numbers in ascending order', async () => {
    await frame.locator('.head .cell .name', { hasText: 'Interactions' }).click();
    await ui.waitFor(
      async () => (await frame.locator('.head [aria-sort="ascending"]').count()) === 1,
      { timeout: 120_000, message: 'sorted ascending' },
    );
    // The mark shows at once; the rows follow when the host's sorted view is ready (a pass over the file).
    const sorted = async () => {
      const values = (await drawnRows(frame)).map((r) => Number(r[3]));
      return values.length > 10 && values.every((v, i) => i === 0 || values[i - 1] <= v) && values;
    };
    await frame.locator('input.goto').fill('1');
    await frame.locator('input.goto').press('Enter');
    const values = await ui.waitFor(sorted, {
      timeout: 120_000,
      message: async () =>
        `rows in ascending order (drawn: ${(await drawnRows(frame)).map((r) => r[3]).join(',')})`,
    });
    assert.equal(values[0], 0, 'the smallest count first');
    await ui.screenshot('table-sorted');
  });

  await ui.step('filter Assistant: only matching rows, counted', async () => {
    const assistant = (await drawnRows(frame))[0][4];
    const inputs = frame.locator('.head input.col-filter');
    await inputs.nth(3).fill(assistant);
    await ui.waitFor(
      async () => {
        const rows = await drawnRows(frame);
        return (
          rows.length > 0 && rows.every((r) => r[4].toLowerCase().includes(assistant.toLowerCase()))
        );
      },
      { timeout: 120_000, message: `rows of ${assistant} only` },
    );
    const shown = await frame.evaluate(
      () => Number(document.querySelector('[role=grid]').getAttribute('aria-rowcount')) - 1,
    );
    assert.ok(shown < total, `${shown} of ${total} rows`);
    await ui.waitFor(async () => /of/.test(await statusText(frame)), {
      message: 'status says rows in view of rows in file',
    });
    assert.equal(await frame.locator('.head [aria-sort="ascending"]').count(), 1, 'the sort stays');
    const counts = (await drawnRows(frame)).map((r) => Number(r[3]));
    assert.ok(
      counts.every((v, i) => i === 0 || counts[i - 1] <= v),
      `still sorted: ${counts.join(',')}`,
    );
    await ui.screenshot('table-filtered');
  });

  await ui.step(
    'find (Ctrl+F): the next match is highlighted and counted, the others on screen marked; arrows move the focus',
    async () => {
      await frame.locator('.body .row[data-row="0"] .cell[data-col="0"]').click();
      await ui.press('Control+F');
      await frame.locator('input.find-input').fill('lea.duerr');
      await frame.locator('input.find-input').press('Enter');
      await ui.waitFor(
        async () =>
          (await frame.locator('.body .cell.found').count()) === 1 &&
          /lea\.duerr/.test(await frame.locator('.body .cell.found').innerText()),
        { timeout: 60_000, message: 'a highlighted match, its row drawn' },
      );
      await ui.waitFor(async () => /\d/.test(await frame.locator('.find-count').innerText()), {
        timeout: 60_000,
        message: 'the match count',
      });
      // Every other match on screen is marked too, and only matches are.
      const marked = await frame
        .locator('.body .cell.match:not(.found)')
        .evaluateAll((cells) => cells.map((c) => c.textContent));
      assert.ok(marked.length > 0, 'other matches on screen are highlighted');
      assert.ok(
        marked.every((t) => /lea\.duerr/i.test(t)),
        `only matches highlighted: ${marked.slice(0, 3).join(', ')}`,
      );
      // The find box sits in the toolbar: the last column's header is not hidden under it.
      const box = await frame.locator('.findbar').boundingBox();
      const lastHead = await frame.locator('.head .cell').last().boundingBox();
      assert.ok(
        box && lastHead && box.y + box.height <= lastHead.y,
        'the find box is above the header row, not over it',
      );
      await ui.screenshot('table-find');
      await frame.locator('input.find-input').press('Escape');
      assert.equal(await frame.locator('.body .cell.match').count(), 0, 'no marks once closed');
      const before = await frame.locator('[role=grid]').getAttribute('aria-activedescendant');
      await ui.press('ArrowDown');
      await ui.waitFor(
        async () =>
          (await frame.locator('[role=grid]').getAttribute('aria-activedescendant')) !== before,
        { message: `the active cell moves down from ${before}` },
      );
    },
  );

  await ui.step('copy a selection as CSV and paste it into an editor', async () => {
    await frame.locator('input.goto').fill('1');
    await frame.locator('input.goto').press('Enter');
    await ui.waitFor(async () => (await frame.locator('.body .row[data-row="0"]').count()) === 1, {
      message: 'back at the first row',
    });
    const first = frame.locator('.body .row[data-row="0"] .cell[data-col="0"]');
    const last = frame.locator('.body .row[data-row="2"] .cell[data-col="1"]');
    await first.click();
    await last.click({ modifiers: ['Shift'] });
    await frame.locator('button', { hasText: /^CSV$/ }).click();
    await ui.waitFor(async () => /Copied 3 rows as CSV/.test(await statusText(frame)), {
      message: 'copied note',
    });
    await ui.screenshot('table-copied');
    const expected = (await drawnRows(frame)).slice(0, 3).map((r) => r.slice(1, 3));
    await focusWorkbench(ui);
    await ui.runCommand('File: New Untitled Text File');
    await ui.press('Control+V');
    await ui.waitFor(async () => (await ui.activeEditorText()).includes(expected[2][1]), {
      message: 'pasted',
    });
    const pasted = (await ui.activeEditorText()).trim().split(/\r?\n/);
    assert.equal(pasted[0], 'User Email,Date', 'the header of the copied columns');
    assert.deepEqual(
      pasted.slice(1).map((l) => l.split(',')),
      expected,
    );
    await ui.runCommand('View: Revert and Close Editor');
  });

  await ui.step(
    'a CSV with HTML, script, javascript: and formula payloads shows them as inert text',
    async () => {
      await focusWorkbench(ui);
      await ui.runCommand('View: Close All Editors');
      await quickOpen(ui, 'xss.csv');
      await ui.waitForActiveTab(/^xss\.csv$/);
      await ui.page
        .locator('.editor-actions .action-label[aria-label="Open as Table"]')
        .first()
        .click();
      const xss = await tableFrame(ui);
      await watchFrame(xss);
      await ui.waitFor(async () => (await drawnRows(xss)).length === XSS.length, {
        message: 'payload rows',
      });
      const cells = (await drawnRows(xss)).map((r) => r[2]);
      assert.deepEqual(cells, XSS, 'each payload shown exactly as text');
      const ran = await xss.evaluate(() => ({
        marker: document.body.dataset.xss ?? null,
        imgs: document.querySelectorAll('#root img').length,
        scripts: document.querySelectorAll('#root script').length,
        links: document.querySelectorAll('#root a').length,
      }));
      assert.deepEqual(ran, { marker: null, imgs: 0, scripts: 0, links: 0 });
      await new Promise((r) => setTimeout(r, 500)); // an onerror would fire by now
      assert.equal(await xss.evaluate(() => document.body.dataset.xss ?? null), null);
      await ui.moveMouseAway();
      await ui.screenshot('table-xss-inert');
      await assertCalm(xss, 'xss file');
      // Reveal Row: the text editor opens beside, on the row's line (the header is line 1).
      await xss.locator('.body .row[data-row="2"] .cell[data-col="0"]').click();
      await xss.locator('button', { hasText: /^Reveal Row$/ }).click();
      const position = ui.page.locator('.statusbar-item[id="status.editor.selection"]');
      await ui.waitFor(async () => /Ln 4, Col 1/.test(await position.innerText().catch(() => '')), {
        message: async () =>
          `the text editor on line 4 (status: ${await position.innerText().catch(() => '?')})`,
      });
      await ui.screenshot('table-reveal-row');
    },
  );

  await ui.step('an empty file: one clear line instead of a grid', async () => {
    await focusWorkbench(ui);
    await ui.runCommand('View: Close All Editors');
    await quickOpen(ui, 'empty.csv');
    await ui.waitForActiveTab(/^empty\.csv$/);
    await ui.page
      .locator('.editor-actions .action-label[aria-label="Open as Table"]')
      .first()
      .click();
    const bad = await tableFrame(ui, { problem: true });
    const line = await bad.evaluate(
      () => document.querySelector('#root .problem')?.textContent ?? '',
    );
    assert.match(line, /empty/i);
    await ui.screenshot('table-problem-empty');
    await focusWorkbench(ui);
    await ui.runCommand('View: Close All Editors');
    await quickOpen(ui, 'xss.csv');
    await ui.waitForActiveTab(/^xss\.csv$/);
    const button = ui.page
      .locator('.editor-actions .action-label[aria-label="Open as Table"]')
      .first();
    // VS Code may reopen the file in the editor it last had (the table): then there is no button to press.
    if (await button.isVisible().catch(() => false)) await button.click();
    await tableFrame(ui);
  });

  for (const [theme, shot] of [
    ['Dark Modern', 'table-dark'],
    ['Dark High Contrast', 'table-high-contrast'],
    ['Light High Contrast', 'table-high-contrast-light'],
  ]) {
    await ui.step(`the table in ${theme}`, async () => {
      // The XSS file's table from the step before stays open; only the theme changes.
      await tableFrame(ui);
      await focusWorkbench(ui);
      await ui.runCommand('Preferences: Color Theme');
      await ui.waitForQuickInput();
      await ui.typeInQuickInput(theme);
      await new Promise((r) => setTimeout(r, 800));
      await ui.moveMouseAway();
      await ui.screenshot(shot);
    });
  }
  assert.deepEqual(consoleProblems, [], 'console at the end');
}
