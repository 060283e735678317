// Long ranges as a person meets them: "Last 30 days" of detailed user interactions (at most 14 days per
// order) ends the wizard on a confirm step that says the plan (3 orders, 10 s apart, merged into one CSV);
// the Orders view then shows one batch row with its parts as children and "k of 3 done"; once every part is
// done the parts are merged, a notification offers Open, and the merged CSV opens in an editor tab with one
// header. The batch row's tooltip lists each part's window and state; the expanded row in the dark theme.
// Screenshots: NN-confirm-split, NN-batch-placing, NN-batch-children, NN-batch-merged, NN-merged-csv,
// NN-batch-tooltip, NN-batch-dark.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

export const title =
  'long ranges: confirm the split, one batch row with its parts, merged into one CSV tab';
// Quick orders, so the scenario waits on the 10 s pace of placing (Unique's rule), not on the fake.
export const options = {
  seed: 'empty',
  fakeArgs: ['--pending-ms', '300', '--running-ms', '2000'],
  env: { TZ: 'Europe/Zurich' },
};

const KIND = 'Detailed user interactions';
const PLAN =
  '3 orders of up to 14 days, placed 10 s apart (20 s in all), then merged into one CSV.';
/** "Nov 7 – Dec 6, 2026" (ICU puts thin spaces around the dash). */
const RANGE = String.raw`\w{3}\s\d+\s–\s(\w{3}\s)?\d+,\s\d{4}`;
const squash = (s) =>
  String(s ?? '')
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
/**
 * Browser console noise that is harmless (TESTING.md): vsda files, the gallery host, favicons. Only errors
 * naming our extension count, as in the other scenarios; the harness adds the extension host's.
 */
const NOISE = /vsda|open-vsx|ENOTFOUND|favicon|Failed to load resource/i;

const starts = async (ui) =>
  (await ui.fake.control('GET', '/requests')).filter((r) => r.route === 'start');

/** VS Code's hover widget (tree tooltips use it). */
const hoverWidget = (ui) => ui.page.locator('.monaco-hover:visible, .workbench-hover:visible');

/** The tree's rendered rows with their depth (aria-level) and expansion, in screen order. */
const treeRowsWithLevel = (ui) =>
  ui.treeRows().evaluateAll((els) =>
    els
      .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
      .map((el) => ({
        label: el.querySelector('.label-name')?.textContent?.trim() ?? '',
        description: el.querySelector('.label-description')?.textContent?.trim() ?? '',
        level: Number(el.getAttribute('aria-level')),
        expanded: el.getAttribute('aria-expanded'),
      })),
  );

/** The batch row (level 1, our kind); a locator on the rendered row. */
const batchRow = (ui) =>
  ui.treeRows().and(ui.page.locator('[aria-level="1"]')).filter({ hasText: KIND }).first();

/** Hovers `target` until a hover whose text contains `expect` shows; returns that text. */
async function hoverText(ui, target, expect, what) {
  return ui.waitFor(
    async () => {
      await ui.moveMouseAway();
      await hoverWidget(ui)
        .first()
        .waitFor({ state: 'hidden', timeout: 3000 })
        .catch(() => {});
      await target.hover({ position: { x: 60, y: 8 } });
      await hoverWidget(ui).last().waitFor({ timeout: 3000 });
      const text = squash(await hoverWidget(ui).last().innerText());
      return text.includes(expect) ? text : undefined;
    },
    { message: `the tooltip of ${what} (containing "${expect}")` },
  );
}

/** Drags the sash between the sidebar and the editor until the sidebar is `width` px wide. */
async function widenSidebar(ui, width) {
  const bar = await ui.page.locator('.part.sidebar').boundingBox();
  const y = bar.y + bar.height / 2;
  await ui.page.mouse.move(bar.x + bar.width + 1, y);
  await ui.page.mouse.down();
  await ui.page.mouse.move(bar.x + width, y, { steps: 8 });
  await ui.page.mouse.up();
  await ui.waitFor(
    async () => (await ui.page.locator('.part.sidebar').boundingBox()).width >= width - 10,
    { message: `the sidebar to be ${width} px wide` },
  );
}

/** Expands the batch row if it is collapsed (a click on its twistie, as a person would). */
async function expandBatch(ui) {
  const row = batchRow(ui);
  if ((await row.getAttribute('aria-expanded')) !== 'true')
    await row.locator('.monaco-tl-twistie').click();
  await ui.waitFor(async () => (await row.getAttribute('aria-expanded')) === 'true', {
    message: 'the batch row expanded',
  });
}

/** @param {import('../harness/e2e.mjs').Workbench} ui */
export default async function batches(ui) {
  const consoleProblems = [];
  ui.page.on('console', (m) => {
    if (m.type() !== 'error' || NOISE.test(m.text())) return;
    if (/unique.?analytics|batch/i.test(m.text())) consoleProblems.push(m.text());
  });
  ui.page.on('pageerror', (e) => {
    if (/unique.?analytics|batch/i.test(String(e.stack ?? e.message)))
      consoleProblems.push(`uncaught: ${e.message}`);
  });
  const assertCalm = (where) => assert.deepEqual(consoleProblems, [], `console (${where})`);

  await ui.step('open the view and start the wizard from its title bar', async () => {
    await ui.openActivity();
    await ui.waitForView();
    await ui.waitFor(async () => (await ui.welcomeText()).includes('No analytics exports yet'), {
      message: 'the "no exports yet" welcome (set-up ready)',
    });
    // Wide enough that a batch row's range and progress read in full (with its inline actions too).
    await widenSidebar(ui, 560);
    await ui.clickViewTitleAction('Start Export…');
  });

  await ui.step('kind, then "Last 30 days", which says it takes 3 orders', async () => {
    await ui.waitForQuickInput({ title: 'Start Export (1/2)' });
    await ui.pickQuickItem(KIND);
    const s = await ui.waitForQuickInput({ title: 'Start Export (2/2)' });
    const last30 = s.items.find((i) => i.label === 'Last 30 days');
    assert.ok(last30, `presets: ${JSON.stringify(s.items)}`);
    assert.match(last30.description, new RegExp(`^${RANGE} · 30 days · 3 orders$`));
    await ui.pickQuickItem('Last 30 days');
  });

  await ui.step('the confirm step says the plan before anything is sent', async () => {
    const s = await ui.waitForQuickInput({ title: 'Start Export: one range, several orders' });
    assert.match(s.placeholder, /^At most 14 days per order: 3 orders, one CSV$/);
    assert.deepEqual(
      s.items.map((i) => i.label),
      ['Place 3 orders', 'Change the range'],
    );
    assert.match(s.items[0].description, new RegExp(`^${RANGE} · 30 days$`));
    assert.equal(s.items[0].detail, PLAN);
    // On screen, not just in the DOM: the detail line is visible and not cut off.
    const detail = ui
      .quickInput()
      .locator('.quick-input-list-label-meta .label-name')
      .filter({ hasText: 'placed 10 s apart' })
      .first();
    assert.ok(await detail.isVisible(), 'the plan sentence is visible');
    // The quick pick is at most ~600 px wide: say so when the sentence ends in an ellipsis there.
    const cut = await detail.evaluate((el) => {
      for (let e = el; e && !e.classList.contains('monaco-list-row'); e = e.parentElement)
        if (e.scrollWidth > e.clientWidth + 1) return true;
      return false;
    });
    if (cut) console.log('    note: the plan sentence is cut off (ellipsis) in the quick pick');
    assert.equal((await starts(ui)).length, 0, 'nothing placed before the confirmation');
    await ui.screenshot('confirm-split');
  });

  await ui.step('confirm: one batch row shows at once, placing its parts', async () => {
    await ui.pickQuickItem('Place 3 orders');
    await ui.waitForRow(new RegExp(`^${KIND} \\d of 3 done · ${RANGE}`));
    const rows = await treeRowsWithLevel(ui);
    assert.equal(rows.filter((r) => r.level === 1).length, 1, JSON.stringify(rows));
    // Part 1 goes at once; a slow machine may already have seen it done.
    assert.match(rows[0].description, new RegExp(`^[01] of 3 done · ${RANGE}$`));
    if (rows[0].expanded !== 'true')
      console.log('    note: the new batch row is shown collapsed (its parts are hidden)');
    await ui.moveMouseAway();
    await ui.screenshot('batch-placing');
  });

  await ui.step('expanded, its parts are child rows; 2 placed 10 s apart', async () => {
    await expandBatch(ui);
    const placed = await ui.waitFor(
      async () => ((await starts(ui)).length >= 2 ? starts(ui) : undefined),
      { timeout: 30_000, message: '2 parts placed' },
    );
    assert.ok(
      placed[1].time - placed[0].time >= 9_900,
      `placed ${placed[1].time - placed[0].time} ms apart`,
    );
    for (const p of placed) assert.match(p.path, /\/analytics\/chat-interactions-detailed$/);
    const rows = await ui.waitFor(
      async () => {
        const r = await treeRowsWithLevel(ui);
        return r.length === 4 ? r : undefined;
      },
      {
        message: async () => `batch + 3 part rows (${JSON.stringify(await treeRowsWithLevel(ui))})`,
      },
    );
    assert.equal(rows[0].level, 1);
    assert.equal(rows[0].label, KIND);
    assert.equal(rows[0].expanded, 'true');
    assert.match(rows[0].description, /of 3 done/);
    assert.deepEqual(
      rows.slice(1).map((r) => r.level),
      [2, 2, 2],
      `the parts sit under the batch row: ${JSON.stringify(rows)}`,
    );
    await ui.moveMouseAway();
    await ui.screenshot('batch-children');
  });

  await ui.step('all done: the merge is announced and the row says so', async () => {
    const note = await ui.waitForNotification(/is ready: 3 orders merged into one CSV\./, {
      timeout: 90_000,
    });
    assert.match(note.message, new RegExp(`^${KIND} for ${RANGE} is ready`));
    assert.deepEqual(note.buttons, ['Open', 'Save As…']);
    assert.equal((await starts(ui)).length, 3, 'three orders, no part placed twice');
    await ui.waitForRow(new RegExp(`^${KIND} Merged into one CSV · ${RANGE}$`));
    // The "Merging 3 parts" progress toast goes once the merge is over.
    await ui.waitFor(
      async () => !(await ui.notifications()).some((n) => /Merging \d+ parts/.test(n.message)),
      { timeout: 5000, message: 'the merge progress to close' },
    );
    await ui.moveMouseAway();
    await ui.screenshot('batch-merged');
    assertCalm('merged');
  });

  let merged;
  await ui.step('Open: the merged CSV in an editor tab, its header once', async () => {
    await ui.clickNotificationButton('merged into one CSV', 'Open');
    const tab = await ui.waitForActiveTab(/^detailed-user-interactions_.*_merged\.csv$/);
    assert.match(tab, /^detailed-user-interactions_\d{4}-\d\d-\d\d_\d{4}-\d\d-\d\d_merged\.csv$/);
    await ui.waitFor(async () => (await ui.editorLanguage()) === 'CSV', {
      message: 'language CSV in the status bar',
    });
    const lines = (await ui.activeEditorText()).split('\n').filter(Boolean);
    assert.match(lines[0], /,/, 'a header line');
    assert.equal(lines.filter((l) => l === lines[0]).length, 1, 'the header shows once');
    merged = { tab, header: lines[0] };
    await ui.moveMouseAway();
    await ui.screenshot('merged-csv');
  });

  await ui.step('the batch row: its inline Open opens the same tab', async () => {
    await ui.runCommand('View: Close All Editors');
    assert.deepEqual(await ui.rowActions(/Merged into one CSV/), [
      'Open CSV',
      'Open as Table',
      'Show Insights',
    ]);
    await ui.clickRowAction(/Merged into one CSV/, 'Open CSV');
    assert.equal(await ui.waitForActiveTab(/_merged\.csv$/), merged.tab);
  });

  await ui.step('the tooltip lists each part with its window and state', async () => {
    const text = await hoverText(ui, batchRow(ui), 'Merged into one CSV', 'the batch row');
    assert.match(text, new RegExp(`^${KIND}, ${RANGE}: 3 orders, one CSV`));
    // One line per part: "Part 1 · <window>: done".
    assert.equal(text.match(new RegExp(`${RANGE}: done`, 'g'))?.length, 3, text);
    const path = /Merged file: (\S+_merged\.csv)/.exec(text)?.[1];
    assert.ok(path?.endsWith(merged.tab), `the merged file is named: ${text}`);
    // The whole file on disk: the header once, rows of each part's first day.
    const csv = readFileSync(path, 'utf8');
    assert.equal(csv.indexOf('\uFEFF', 1), -1, 'one byte-order mark at most');
    assert.equal(csv.split(merged.header).length - 1, 1, 'one header in the whole file');
    await ui.screenshot('batch-tooltip');
  });

  await ui.step('the expanded batch row in the dark theme', async () => {
    await ui.moveMouseAway();
    await hoverWidget(ui)
      .first()
      .waitFor({ state: 'hidden', timeout: 3000 })
      .catch(() => {});
    await ui.runCommand('View: Close All Editors');
    await ui.runCommand('Preferences: Color Theme');
    await ui.waitForQuickInput();
    await ui.typeInQuickInput('Dark Modern');
    await ui.waitFor(
      async () =>
        ui.page.locator('.monaco-workbench').evaluate((el) => el.classList.contains('vs-dark')),
      { message: 'the dark theme applied' },
    );
    await expandBatch(ui);
    const rows = await treeRowsWithLevel(ui);
    assert.deepEqual(
      rows.map((r) => r.level),
      [1, 2, 2, 2],
    );
    await ui.moveMouseAway();
    await ui.screenshot('batch-dark');
    assertCalm('the end');
  });
}
