// Insights in the browser, as an analyst uses them: each kind of export from its row ("Show Insights"), a
// compare with the previous period (its export downloaded first), Copy as Markdown (pasted into an editor to
// prove the clipboard), Save as PNG (the file exists and is a PNG), a chat export whose assistant names and a
// reference export whose document names hold HTML and script (an XSS canary: nothing may run), and the tab in
// the dark and high-contrast themes. CSP violations and uncaught errors in the webview fail the scenario.
// Screenshots: NN-insights-*.png.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const title =
  'Insights: each kind, compare, copy as Markdown, save as PNG, XSS canary, themes';

const XSS_ASSISTANT = '<img src=x onerror="document.body.dataset.xss=\'img\'">';
const XSS_DOC = '<script>document.body.dataset.xss="script"</script>.pdf';
const cell = (s) => `"${s.replace(/"/g, '""')}"`;
const chatRows = [];
for (let i = 0; i < 60; i++)
  chatRows.push(
    [
      `user${i % 9}@bank.ch`,
      `2026-11-${String((i % 28) + 1).padStart(2, '0')}`,
      i % 2 ? XSS_ASSISTANT : 'Default',
      String(1 + (i % 4)),
    ]
      .map(cell)
      .join(','),
  );

export const options = {
  seed: 'empty',
  files: {
    'xss-chat.csv': `User Email,Date,Assistant,Interactions\r\n${chatRows.join('\r\n')}\r\n`,
    'xss-references.csv': `Date,User Email,Assistant,References,Document\r\n2026-11-02,a@x,A,3,${cell(XSS_DOC)}\r\n2026-11-03,b@x,A,1,Policy.pdf\r\n`,
  },
};

/** The frame of the Insights webview showing `selector` (VS Code nests webviews two iframes deep). */
async function insightsFrame(ui, selector = '.cards', timeout = 60_000) {
  return ui.waitFor(
    async () => {
      for (const f of ui.page.frames()) {
        const has = await f
          .evaluate((q) => !!document.querySelector(q), selector)
          .catch(() => false);
        if (has) return f;
      }
      return undefined;
    },
    { timeout, message: `an Insights webview showing ${selector}` },
  );
}

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

const focusWorkbench = (ui) => ui.page.locator('.part.sidebar .composite.title').first().click();

/** Waits until every chart of the page is drawn (Vega's SVG in each chart frame). */
const chartsDrawn = (frame) =>
  frame.evaluate(() => {
    const charts = [...document.querySelectorAll('.chart')];
    return charts.length > 0 && charts.every((c) => c.querySelector('svg')) ? charts.length : 0;
  });

/** @param {import('../harness/e2e.mjs').Workbench} ui */
export default async function insights(ui) {
  const consoleProblems = [];
  ui.page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy|Refused to (execute|load|apply)/i.test(m.text()))
      consoleProblems.push(m.text());
  });
  ui.page.on('pageerror', (e) => {
    if (/insights|webview|vega/i.test(String(e.stack ?? e.message)))
      consoleProblems.push(`uncaught: ${e.message}`);
  });
  const frames = [];
  const assertCalm = async (where) => {
    for (const f of frames) {
      const found = await f.evaluate(() => window.__uaWatch).catch(() => undefined);
      if (!found) continue;
      assert.deepEqual(found.violations, [], `CSP violations in Insights (${where})`);
      assert.deepEqual(found.errors, [], `errors in Insights (${where})`);
    }
    assert.deepEqual(consoleProblems, [], `console (${where})`);
  };

  // [type, the row's label, the report's title, a card it must have]
  const kinds = [
    ['CHAT_INTERACTION', 'Chat interactions', 'Chat interactions', 'chat-per-day'],
    ['ACTIVE_USER', 'Active users', 'Active users', 'active-dau-wau-mau'],
    ['REFERENCE_STAT', 'Reference statistics', 'Reference statistics', 'references-documents'],
    [
      'CHAT_INTERACTION_DETAILED',
      'Detailed user interactions',
      'Detailed interactions',
      'detailed-hour-of-week',
    ],
    ['NPS', 'Net promoter score', 'Column profile', 'profile-0'],
  ];
  // November 2026 for every kind; October's chat export too, for the compare.
  for (const [type] of kinds)
    await ui.fake.control('POST', '/orders', {
      type,
      state: 'DONE',
      csvBytes: 400_000,
      configuration: { startDate: '2026-10-31T23:00:00.000Z', endDate: '2026-11-30T22:59:59.999Z' },
    });
  await ui.fake.control('POST', '/orders', {
    type: 'CHAT_INTERACTION',
    state: 'DONE',
    csvBytes: 300_000,
    configuration: { startDate: '2026-10-01T22:00:00.000Z', endDate: '2026-10-31T22:59:59.999Z' },
  });
  // September: a 300 MB export (progress, Cancel, worker threads).
  await ui.fake.control('POST', '/orders', {
    type: 'CHAT_INTERACTION',
    state: 'DONE',
    csvBytes: 300 * 1024 * 1024,
    configuration: { startDate: '2026-08-31T22:00:00.000Z', endDate: '2026-09-30T21:59:59.999Z' },
  });
  await ui.openActivity();
  await ui.waitForView();

  for (const [, rowLabel, label, cardId] of kinds) {
    await ui.step(`Show Insights on a ${rowLabel} export`, async () => {
      const row = new RegExp(`^${rowLabel}.*Nov 1`, 'i');
      await ui.waitForRow(row, { timeout: 60_000 });
      await ui.clickRowAction(row, 'Show Insights');
      const frame = await insightsFrame(ui);
      await watchFrame(frame);
      frames.push(frame);
      await ui.waitFor(async () => (await frame.locator('h1').innerText()) === label, {
        message: `the ${label} report`,
      });
      assert.equal(await frame.locator(`[data-card="${cardId}"]`).count(), 1, `card ${cardId}`);
      await ui.waitFor(() => chartsDrawn(frame), { timeout: 60_000, message: 'charts drawn' });
      await ui.moveMouseAway();
      await ui.screenshot(`insights-${cardId.split('-')[0]}`);
      await assertCalm(label);
      await focusWorkbench(ui);
      await ui.runCommand('View: Close All Editors');
    });
  }

  await ui.step('compare November with October (downloaded first)', async () => {
    const october = /^Chat interactions.*Oct 2/i;
    await ui.waitForRow(october);
    await ui.clickRowAction(october, 'Open CSV');
    await ui.waitForActiveTab(/chat-interactions_2026-10/);
    await ui.runCommand('View: Close All Editors');
    await ui.clickRowAction(/^Chat interactions.*Nov 1/i, 'Show Insights');
    const frame = await insightsFrame(ui);
    await watchFrame(frame);
    frames.push(frame);
    await frame.locator('button', { hasText: 'Compare with previous period' }).click();
    await insightsFrame(ui, '.compare');
    const text = await frame.locator('.compare').innerText();
    assert.match(text, /Active users/);
    assert.match(text, /returning/i);
    await ui.waitFor(() => chartsDrawn(frame), { message: 'charts drawn' });
    await ui.moveMouseAway();
    await ui.screenshot('insights-compare');
    await assertCalm('compare');
  });

  await ui.step('Copy as Markdown, pasted into an editor', async () => {
    const frame = await insightsFrame(ui);
    await frame
      .locator('[data-card="chat-top-assistants-interactions"] button', {
        hasText: 'Copy as Markdown',
      })
      .click();
    await ui.waitFor(async () => /Copied/.test(await frame.locator('.status').innerText()), {
      message: 'copied note',
    });
    await focusWorkbench(ui);
    await ui.runCommand('File: New Untitled Text File');
    await ui.press('Control+V');
    await ui.waitFor(async () => (await ui.activeEditorText()).includes('| Assistant |'), {
      message: 'pasted',
    });
    const lines = (await ui.activeEditorText()).trim().split(/\r?\n/);
    assert.equal(lines[0], '| Assistant | Interactions | Users |');
    assert.equal(lines[1], '| --- | --- | --- |');
    assert.ok(lines.length > 2);
    await ui.runCommand('View: Revert and Close Editor');
  });

  await ui.step('Save as PNG: the file exists and is a PNG', async () => {
    const frame = await insightsFrame(ui);
    const target = join(ui.server.workspace, 'per-day.png');
    await frame.locator('[data-card="chat-per-day"] button', { hasText: 'Save as PNG' }).click();
    await ui.waitForQuickInput();
    // VS Code's own save dialog (a quick input with the path): type it, then its OK button (Enter may land on
    // the folder list while it refreshes).
    await ui.typeInQuickInput(target, { submit: false });
    await ui.quickInput().locator('.monaco-button', { hasText: /^OK$/ }).first().click();
    await ui.waitFor(() => existsSync(target), { message: `${target} written` });
    const bytes = readFileSync(target);
    assert.equal(bytes.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'a PNG');
    assert.ok(bytes.length > 2000, `${bytes.length} bytes`);
  });

  await ui.step(
    'a 300 MB export: a progress bar, Cancel, Try again, then the report (worker threads)',
    async () => {
      await ui.fake.control('POST', '/orders', {
        type: 'CHAT_INTERACTION',
        state: 'DONE',
        csvBytes: 300 * 1024 * 1024,
        configuration: {
          startDate: '2026-08-31T22:00:00.000Z',
          endDate: '2026-09-30T21:59:59.999Z',
        },
      });
      const big = /^Chat interactions.*Sep 1/i;
      await focusWorkbench(ui);
      await ui.runCommand('View: Close All Editors');
      await ui.waitForRow(big, { timeout: 60_000 });
      await ui.clickRowAction(big, 'Show Insights');
      // The download comes first (its own notification), then the pass: the page shows its progress bar.
      const frame = await insightsFrame(ui, '.progress-view [role=progressbar]', 120_000);
      await watchFrame(frame);
      frames.push(frame);
      await ui.moveMouseAway();
      await ui.screenshot('insights-progress');
      await frame.locator('button', { hasText: /^Cancel$/ }).click();
      await insightsFrame(ui, '.problem.cancelled');
      await ui.screenshot('insights-cancelled');
      await frame.locator('button', { hasText: 'Try again' }).click();
      await ui.waitFor(
        async () =>
          (await frame
            .locator('h1')
            .innerText()
            .catch(() => '')) === 'Chat interactions',
        {
          timeout: 120_000,
          message: 'the report after Try again',
        },
      );
      const rows = await frame.locator('.meta').innerText();
      assert.match(rows, /[1-9],\d{3},\d{3} rows/, `millions of rows: ${rows}`);
      await assertCalm('300 MB');
    },
  );

  for (const file of ['xss-chat.csv', 'xss-references.csv']) {
    await ui.step(`${file}: HTML and script in names are shown as text, nothing runs`, async () => {
      await focusWorkbench(ui);
      await ui.runCommand('View: Close All Editors');
      await ui.press('Control+P');
      await ui.typeInQuickInput(file, { submit: false });
      await ui.pickQuickItem(file);
      await ui.waitForActiveTab(new RegExp(file.replace('.', '\\.')));
      await ui.runCommand('Unique Analytics: Show Insights');
      const frame = await insightsFrame(ui);
      await watchFrame(frame);
      frames.push(frame);
      await ui.waitFor(() => chartsDrawn(frame), { timeout: 60_000, message: 'charts drawn' });
      // Show the data of the card with the names, so the table holds them too.
      const card =
        file === 'xss-chat.csv' ? 'chat-top-assistants-interactions' : 'references-documents';
      await frame.locator(`[data-card="${card}"] button`, { hasText: 'Show data' }).click();
      const shown = await frame.locator(`[data-card="${card}"]`).innerText();
      assert.ok(
        shown.includes(file === 'xss-chat.csv' ? XSS_ASSISTANT : XSS_DOC),
        'the payload as text',
      );
      const ran = await frame.evaluate(() => ({
        xss: document.body.dataset.xss ?? null,
        img: document.querySelectorAll('img').length,
        // VS Code injects its own inline script (acquireVsCodeApi): only a script with the payload counts.
        scripts: [...document.scripts].filter((x) => x.textContent.includes('dataset.xss')).length,
      }));
      assert.deepEqual(ran, { xss: null, img: 0, scripts: 0 });
      await ui.moveMouseAway();
      await ui.screenshot(`insights-xss-${file.split('-')[1].replace('.csv', '')}`);
      await assertCalm(file);
    });
  }

  for (const [theme, shot] of [
    ['Dark Modern', 'insights-dark'],
    ['Dark High Contrast', 'insights-high-contrast'],
    ['Light High Contrast', 'insights-high-contrast-light'],
  ]) {
    await ui.step(`Insights in ${theme}`, async () => {
      await focusWorkbench(ui);
      await ui.runCommand('View: Close All Editors');
      await ui.clickRowAction(/^Chat interactions.*Nov 1/i, 'Show Insights');
      await insightsFrame(ui);
      await focusWorkbench(ui);
      await ui.runCommand('Preferences: Color Theme');
      await ui.waitForQuickInput();
      await ui.typeInQuickInput(theme);
      const frame = await insightsFrame(ui);
      await ui.waitFor(() => chartsDrawn(frame), { message: 'charts drawn' });
      await new Promise((r) => setTimeout(r, 800));
      await ui.moveMouseAway();
      await ui.screenshot(shot);
    });
  }
  await assertCalm('the end');
}
