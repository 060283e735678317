// Long ranges across reloads and windows, as a person meets them (issue "Long ranges"):
// 1. A batch of 3 parts started from the wizard survives "Developer: Reload Window" right after its first part is
//    placed: the batch row is back after the reload, the two remaining parts are placed (3 start requests in all,
//    no part placed twice) and the parts are merged into one CSV. The reloaded window places them once it holds
//    the lease: the window that went away does not give it up (its release never reaches the global state), so
//    that takes until the lease expires (1 min) and the next check (15 s at most).
// 2. Two windows of one profile (a second browser page on the same code-server: same user data, both run the
//    extension, one global state): a daily report added to settings.json in the second window (it has no lease)
//    is listed there and due but not placed; code-server passes no settings change to the other window, so the
//    first window (holding the lease) gets it through its own settings.json edit and places it, once, saved as
//    `<folder>/Daily users <yesterday>.csv`. The second window then reads that run from the shared global
//    state ("last run <today>"), and in 90 s with both windows open there is exactly one start request for it.
// Screenshots: NN-after-reload (the batch row expanded after the reload), NN-batch-merged,
// NN-two-windows-reports (the Reports section with "last run <day>").
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const title =
  'long ranges: a batch goes on after Reload Window (no part placed twice) and merges; two windows of one profile run a scheduled report once';
// Quick orders: the test waits on the 10 s pace of the parts and on the lease, not on the server.
export const options = {
  seed: 'empty',
  fakeArgs: ['--pending-ms', '300', '--running-ms', '3000'],
};

/** The view container's title in the activity bar. */
const CONTAINER_TITLE = 'Unique Analytics';
const DETAILED_PATH = /\/analytics\/chat-interactions-detailed$/;
const ACTIVE_USERS_PATH = /\/analytics\/active-users$/;
const REPORT_NAME = 'Daily users';
/** How long both windows are watched for a second start of the report (each checks once a minute). */
const TWO_WINDOWS_WATCH_MS = 90_000;
/** A window that finds the lease of a window that is gone waits for it to expire (1 min) plus one check (15 s). */
const LEASE_TAKEOVER_MS = 2.5 * 60_000;

const zurichDay = (ms = Date.now()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Zurich' }).format(new Date(ms));
const addDays = (day, n) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** The fake server's start requests whose path matches. */
async function starts(ui, pathRe) {
  const requests = await ui.fake.control('GET', '/requests');
  return requests.filter((r) => r.route === 'start' && pathRe.test(r.path));
}

/** Every "Unique Analytics" output-channel log the extension hosts wrote (one per window that ran it). */
function extensionLogs(ui) {
  const root = join(ui.server.userDataDir, 'logs');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true })
    .map(String)
    .filter((f) => /Unique Analytics\.log$/.test(f))
    .map((f) => ({ file: f, mtime: statSync(join(root, f)).mtimeMs }))
    .sort((a, b) => a.mtime - b.mtime)
    .map(({ file }) => ({ file, text: readFileSync(join(root, file), 'utf8') }));
}

/** The number of the extension host a log path lies under (`…/exthost3/…` → 3). */
const hostNumber = (file) => Number(/(?:^|\/)exthost(\d+)\//.exec(file)?.[1] ?? 0);

/** The numbers of the extension hosts started so far (their log folders exist from their start). */
function extensionHosts(ui) {
  const root = join(ui.server.userDataDir, 'logs');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true })
    .map(String)
    .map((f) => /(?:^|\/)exthost(\d+)$/.exec(f)?.[1])
    .filter(Boolean)
    .map(Number);
}

/** The log lines about the lease, batches and reports, per window log, for the console (a post-mortem aid). */
function printLogLines(ui, what) {
  const interesting =
    /window places|Batch |Report "|Scheduled reports|Lease check|merge|deactivat|activat/i;
  console.log(`      -- extension logs (${what}) --`);
  for (const { file, text } of extensionLogs(ui)) {
    console.log(`      ${file}:`);
    for (const line of text.split('\n').filter((l) => interesting.test(l)))
      console.log(`        ${line.slice(0, 220)}`);
  }
}

/** The rendered rows of a view with their tree level and expansion (the harness's rows() has neither). */
function rowsWithLevel(ui, view = 'Orders') {
  return ui.treeRows(view).evaluateAll((els) =>
    els
      .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
      .map((el) => ({
        label: el.querySelector('.label-name')?.textContent?.trim() ?? '',
        description: el.querySelector('.label-description')?.textContent?.trim() ?? '',
        ariaLabel: el.getAttribute('aria-label') ?? '',
        level: Number(el.getAttribute('aria-level') ?? '0'),
        expanded: el.getAttribute('aria-expanded'),
      })),
  );
}

/** The batch row ("Detailed user interactions, <range>, 3 orders: …"). */
const isBatchRow = (r) => r.level === 1 && /, 3 orders: /.test(r.ariaLabel);

async function batchRow(ui) {
  return (await rowsWithLevel(ui)).find(isBatchRow);
}

/** Expands the batch row unless it is expanded already, then waits for its 3 children. */
async function expandBatch(ui) {
  const row = await batchRow(ui);
  assert.ok(row, 'the batch row is shown');
  if (row.expanded !== 'true') {
    const el = ui.treeRows().and(ui.page.locator(`[aria-label=${JSON.stringify(row.ariaLabel)}]`));
    await el.first().locator('.monaco-tl-twistie').click();
  }
  return ui.waitFor(
    async () => {
      const rows = await rowsWithLevel(ui);
      const i = rows.findIndex(isBatchRow);
      const children = rows.slice(i + 1).filter((r) => r.level === 2);
      return i >= 0 && rows[i].expanded === 'true' && children.length === 3 ? rows : undefined;
    },
    {
      message: async () =>
        `the batch row expanded with its 3 parts (rows: ${JSON.stringify(await rowsWithLevel(ui))})`,
    },
  );
}

/** Waits for the workbench of `page` to be up with our container in the activity bar (as the harness does). */
async function waitForWorkbench(page) {
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 90_000 });
  await page
    .locator(`.part.activitybar a.action-label[aria-label^=${JSON.stringify(CONTAINER_TITLE)}]`)
    .waitFor({ timeout: 60_000 });
}

/**
 * Sets `uniqueAnalytics.reports` as a person does in the window of `u`: Preferences: Open User Settings (JSON),
 * select all, paste the whole file with the reports in it, save, close; waits until the file on disk has them.
 */
async function saveReportsSetting(u, settingsFile, reports) {
  const settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
  settings['uniqueAnalytics.reports'] = reports;
  const text = `${JSON.stringify(settings, null, 2)}\n`;
  await u.runCommand('Preferences: Open User Settings (JSON)');
  // Newer VS Code opens it in a modal editor over the workbench, not as a tab: find the editor by its text.
  const editor = u.page
    .locator('.monaco-editor .view-lines')
    .filter({ hasText: 'uniqueAnalytics.baseUrl' });
  await editor.first().waitFor({ timeout: 20_000 });
  await editor.first().click();
  await u.press('Control+A');
  await u.page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await u.press('Control+V');
  const shown = async () => (await editor.first().innerText()).replace(/\u00a0/g, ' ');
  const last = reports.at(-1);
  await u.waitFor(async () => (await shown()).includes(JSON.stringify(last.folder ?? last.name)), {
    message: 'the pasted reports in the editor',
  });
  await u.press('Control+S');
  await u.waitFor(
    () => {
      try {
        const saved = JSON.parse(readFileSync(settingsFile, 'utf8'));
        return JSON.stringify(saved['uniqueAnalytics.reports']) === JSON.stringify(reports);
      } catch {
        return false;
      }
    },
    { message: 'settings.json saved with the reports (valid JSON)' },
  );
  // Close it: Escape closes the modal editor (a tab is closed with the command).
  await u.press('Escape');
  await u.page.waitForTimeout(500);
  if (await editor.first().isVisible()) {
    const close = u.page.locator(
      '.monaco-workbench [class*="modal"] .action-label[aria-label^="Close"]',
    );
    if (await close.count()) await close.first().click();
    else await u.runCommand('View: Close Editor');
  }
  await editor.first().waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Drags the sash between the sidebar and the editor until the sidebar is `width` px wide (rows read in full). */
async function widenSidebar(ui, width = 600) {
  const bar = await ui.page.locator('.part.sidebar').boundingBox();
  if (bar.width >= width - 10) return;
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

/** Shows the Reports section of the view (a collapsed pane at first). */
async function showReports(ui) {
  await ui.openActivity();
  const header = ui.page.locator('.part.sidebar .pane-header[aria-label^="Reports"]');
  await header.waitFor({ timeout: 20_000 });
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  await ui.waitFor(async () => (await header.getAttribute('aria-expanded')) === 'true', {
    message: 'the Reports section expanded',
  });
  await ui.waitForView('Reports');
}

/** @param {import('../harness/e2e.mjs').Workbench} ui */
export default async function longRangeReloadAndWindows(ui) {
  const today = zurichDay();
  const yesterday = addDays(today, -1);
  // "Last 30 days" ends yesterday: 30 days of detailed interactions = 14 + 14 + 2 days.
  const last30 = { start: addDays(yesterday, -29), end: yesterday };
  const t0 = Date.now();

  // ---- 1. Reload mid-batch ------------------------------------------------------------------------------

  await ui.step('start a 30-day export of detailed user interactions from the wizard', async () => {
    await ui.openActivity();
    await ui.waitForView();
    await widenSidebar(ui);
    await ui.waitFor(async () => (await ui.welcomeText()).includes('No analytics exports yet'), {
      message: 'the "no exports yet" welcome (set-up ready)',
    });
    // With two sections (Orders, Reports) the title actions show only on hover: use the welcome's button.
    await ui.clickWelcomeButton('Start Export');
    await ui.waitForQuickInput({ title: 'Start Export (1/2)' });
    await ui.pickQuickItem('Detailed user interactions');
    const presets = await ui.waitForQuickInput({ title: 'Start Export (2/2)' });
    const last30Item = presets.items.find((i) => i.label === 'Last 30 days');
    assert.ok(last30Item, `presets: ${JSON.stringify(presets.items)}`);
    assert.match(last30Item.description, /30 days · 3 orders$/);
    await ui.pickQuickItem('Last 30 days');
  });

  await ui.step('the wizard says it will be 3 orders; "Place 3 orders"', async () => {
    const confirm = await ui.waitForQuickInput({
      title: 'Start Export: one range, several orders',
    });
    assert.match(confirm.placeholder, /3 orders, one CSV/);
    const place = confirm.items.find((i) => /Place 3 orders/.test(i.label));
    assert.ok(place, `confirmation items: ${JSON.stringify(confirm.items)}`);
    assert.match(place.detail, /3 orders of up to 14 days, placed 10 s apart/);
    await ui.pickQuickItem(place.label);
  });

  let firstStartAt;
  await ui.step('the first part is placed at once; the batch row shows it', async () => {
    const first = await ui.waitFor(async () => (await starts(ui, DETAILED_PATH))[0], {
      message: 'the first start request',
    });
    firstStartAt = first.time;
    assert.deepEqual(
      [first.query.startDate, first.query.endDate],
      [last30.start, addDays(last30.start, 13)],
      'part 1 is the first 14 days',
    );
    await ui.waitFor(async () => (await batchRow(ui))?.expanded === 'true', {
      message: async () =>
        `the batch row, expanded (rows: ${JSON.stringify(await rowsWithLevel(ui))})`,
    });
    // Give the placed part a moment to be saved, as the time it takes a person to reach the palette.
    await sleep(1000);
    const placed = await starts(ui, DETAILED_PATH);
    assert.equal(placed.length, 1, 'only part 1 was placed before the reload');
  });

  let reloadAt;
  await ui.step('Developer: Reload Window', async () => {
    reloadAt = Date.now();
    const loaded = ui.page.waitForEvent('load', { timeout: 60_000 });
    await ui.runCommand('Developer: Reload Window');
    // The old page goes away; wait for the new workbench with our container.
    await loaded;
    await waitForWorkbench(ui.page);
    await ui.openActivity();
    await ui.waitForView();
    await widenSidebar(ui);
  });

  await ui.step('after the reload the batch row is still there, with its 3 parts', async () => {
    const row = await ui.waitFor(() => batchRow(ui), {
      timeout: 60_000,
      message: async () =>
        `the batch row after the reload (rows: ${JSON.stringify(await rowsWithLevel(ui))})`,
    });
    assert.equal(row.label, 'Detailed user interactions');
    await expandBatch(ui);
    await ui.moveMouseAway();
    await ui.screenshot('after-reload');
  });

  await ui.step('the remaining parts are placed: 3 start requests in all', async () => {
    const all = await ui.waitFor(
      async () => {
        const s = await starts(ui, DETAILED_PATH);
        return s.length >= 3 ? s : undefined;
      },
      {
        timeout: LEASE_TAKEOVER_MS,
        interval: 1000,
        message: async () => {
          printLogLines(ui, 'parts not placed after the reload');
          return `3 start requests (seen ${(await starts(ui, DETAILED_PATH)).length})`;
        },
      },
    );
    console.log(
      `      parts 2 and 3 placed ${secs(all[1].time - firstStartAt)} and ${secs(all[2].time - firstStartAt)} after part 1 (${secs(all[1].time - reloadAt)} after the reload)`,
    );
    assert.deepEqual(
      all.map((r) => [r.query.startDate, r.query.endDate]),
      [
        [last30.start, addDays(last30.start, 13)],
        [addDays(last30.start, 14), addDays(last30.start, 27)],
        [addDays(last30.start, 28), last30.end],
      ],
      'each part placed once, in order',
    );
    assert.ok(all[2].time - all[1].time >= 9_900, 'parts 2 and 3 are 10 s apart');
    // Each part placed once, parts 2 and 3 by the reloaded window (an extension host started after the first).
    const logs = extensionLogs(ui);
    for (const n of [1, 2, 3]) {
      const by = logs.filter((l) => l.text.includes(`placed part ${n} of 3`));
      assert.equal(by.length, 1, `one window placed part ${n} (${by.map((l) => l.file)})`);
      if (n > 1)
        assert.ok(
          hostNumber(by[0].file) >
            hostNumber(logs.find((l) => l.text.includes('placed part 1 of 3')).file),
          `part ${n} placed by the reloaded window`,
        );
    }
  });

  await ui.step('the parts are merged into one CSV; still 3 starts, not more', async () => {
    const merged = await ui.waitFor(
      async () => {
        const row = await batchRow(ui);
        return row && /Merged into one CSV/.test(row.description) ? row : undefined;
      },
      {
        timeout: 90_000,
        interval: 500,
        message: async () =>
          `"Merged into one CSV" (batch row: ${JSON.stringify(await batchRow(ui))})`,
      },
    );
    assert.match(merged.description, /^Merged into one CSV · /);
    await sleep(12_000); // one more poll and placing slot: nothing else is placed
    const all = await starts(ui, DETAILED_PATH);
    assert.equal(all.length, 3, `3 start requests, no part placed twice (saw ${all.length})`);
    await ui.moveMouseAway();
    await ui.screenshot('batch-merged');
    printLogLines(ui, 'after the merge');
  });
  // ---- 2. Two windows, one profile ----------------------------------------------------------------------

  const page2 = await ui.page.context().newPage();
  // The harness's Workbench class (importing e2e.mjs from a scenario would wait on its own top-level await).
  const Workbench = /** @type {typeof import('../harness/e2e.mjs').Workbench} */ (ui.constructor);
  const ui2 = new Workbench({
    page: page2,
    server: ui.server,
    fake: ui.fake,
    shotsDir: ui.shotsDir,
    shotPrefix: `${ui.shotPrefix}-window2`,
  });
  let window2Log;
  try {
    await ui.step(
      'a second window on the same code-server (same profile) runs the extension',
      async () => {
        // Each window's extension host logs under its own exthost<N> folder, numbered as they start.
        const hostsBefore = Math.max(0, ...extensionHosts(ui));
        await page2.goto(ui.server.workbenchUrl, { timeout: 90_000 });
        await waitForWorkbench(page2);
        await ui2.openActivity();
        await ui2.waitForView();
        // It shows the batch the first window made and merged: one global state.
        await ui2.waitFor(
          async () => /Merged into one CSV/.test((await batchRow(ui2))?.description ?? ''),
          {
            message: async () =>
              `the merged batch in the second window (rows: ${JSON.stringify(await rowsWithLevel(ui2))})`,
          },
        );
        window2Log = await ui.waitFor(
          () => extensionLogs(ui).find((l) => hostNumber(l.file) > hostsBefore)?.file,
          { message: 'a log of the second window’s extension host' },
        );
        // Its lease check runs at start-up; give it time to decide (claim, 500 ms, read back).
        await sleep(3000);
        printLogLines(ui, 'two windows open');
        console.log(`      the second window's log: ${window2Log}`);
      },
    );

    const folder = join(ui.server.root, 'reports-out');
    mkdirSync(folder, { recursive: true });
    const expectedFile = join(folder, `${REPORT_NAME} ${yesterday}.csv`);
    const settingsFile = join(ui.server.userDataDir, 'User', 'settings.json');
    let savedAt;
    let addedAt;
    const report = {
      name: REPORT_NAME,
      type: 'ACTIVE_USER',
      range: 'yesterday',
      schedule: { every: 'day' },
    };

    await ui.step(
      'in the second window, add a daily report to settings.json: listed there, due, not placed (no lease)',
      async () => {
        await saveReportsSetting(ui2, settingsFile, [report]);
        addedAt = Date.now();
        await showReports(ui2);
        await ui2.waitForRow(REPORT_NAME, { view: 'Reports', timeout: 30_000 });
        // It is due today and its window is ready, but the lease is the first window's: nothing is placed.
        await sleep(5000);
        const row = (await ui2.rows('Reports')).find((r) => r.label === REPORT_NAME);
        assert.doesNotMatch(row.description, /last run|running/, JSON.stringify(row));
        assert.equal(
          (await starts(ui, ACTIVE_USERS_PATH)).length,
          0,
          'the second window placed nothing',
        );
        await ui2.moveMouseAway();
      },
    );

    await ui.step(
      'the first window did not see that change; there, settings.json gets the report’s folder',
      async () => {
        // code-server passes no settings change from one window to another: the first window lists no report
        // (logged, not asserted: it is VS Code's behaviour, not ours). A person adds the folder there.
        await showReports(ui);
        console.log(
          `      the first window's Reports section before its own edit: ${JSON.stringify(
            (await ui.rows('Reports')).map((r) => `${r.label} · ${r.description}`),
          )} ${await ui.welcomeText('Reports')}`,
        );
        await saveReportsSetting(ui, settingsFile, [{ ...report, folder }]);
        savedAt = Date.now();
      },
    );

    await ui.step(
      'the report is placed once and saved as "Daily users <yesterday>.csv"',
      async () => {
        await ui.waitFor(() => existsSync(expectedFile), {
          timeout: TWO_WINDOWS_WATCH_MS,
          interval: 1000,
          message: async () => {
            printLogLines(ui, 'report not saved');
            return `${expectedFile} (folder holds ${JSON.stringify(readdirSync(folder))}; starts ${JSON.stringify(
              (await starts(ui, ACTIVE_USERS_PATH)).map((r) => r.query),
            )})`;
          },
        });
        console.log(
          `      report saved ${secs(Date.now() - savedAt)} after settings.json was saved`,
        );
        const csv = readFileSync(expectedFile, 'utf8');
        assert.ok(
          csv.split('\n').length >= 2,
          `the saved CSV has a header and rows (${csv.length} chars)`,
        );
        const first = await starts(ui, ACTIVE_USERS_PATH);
        assert.equal(first.length, 1, `one start for the report so far (saw ${first.length})`);
        assert.deepEqual(
          [first[0].query.startDate, first[0].query.endDate],
          [yesterday, yesterday],
        );
      },
    );

    await ui.step('the Reports section says "last run <today>"', async () => {
      await showReports(ui);
      await widenSidebar(ui);
      const row = await ui.waitForRow(REPORT_NAME, { view: 'Reports', timeout: 30_000 });
      await ui.waitFor(
        async () =>
          (await ui.rows('Reports'))
            .find((r) => r.label === REPORT_NAME)
            ?.description.includes(`last run ${today}`),
        {
          message: async () =>
            `"last run ${today}" (rows: ${JSON.stringify(await ui.rows('Reports'))})`,
        },
      );
      assert.ok(row);
      await ui.moveMouseAway();
      await ui.screenshot('two-windows-reports');
      // The second window's row was drawn before the run and is not redrawn by it (logged).
      console.log(
        `      the second window's Reports row now: ${JSON.stringify((await ui2.rows('Reports')).map((r) => `${r.label} · ${r.description}`))}`,
      );
    });

    await ui.step(
      'the second window reads the run from the shared global state (its row redrawn after an edit there)',
      async () => {
        // The same report with its file name pattern spelled out (the default): a change of the setting in that
        // window, which redraws its Reports rows from what it reads now.
        await saveReportsSetting(ui2, settingsFile, [
          { ...report, folder, fileName: '${name} ${period}' },
        ]);
        await showReports(ui2);
        await ui2.waitFor(
          async () =>
            (await ui2.rows('Reports'))
              .find((r) => r.label === REPORT_NAME)
              ?.description.includes(`last run ${today}`),
          {
            message: async () =>
              `"last run ${today}" in the second window (rows: ${JSON.stringify(await ui2.rows('Reports'))})`,
          },
        );
      },
    );

    await ui.step(
      `both windows open ${TWO_WINDOWS_WATCH_MS / 1000} s since the report was added: exactly one start for it`,
      async () => {
        // From the second window's edit (the report due there), and a minute past the first window's run: each
        // window checks once a minute, so the second one checked again after the report ran.
        const left = Math.max(
          TWO_WINDOWS_WATCH_MS - (Date.now() - addedAt),
          65_000 - (Date.now() - savedAt),
        );
        if (left > 0) await sleep(left);
        const all = await starts(ui, ACTIVE_USERS_PATH);
        printLogLines(ui, 'both windows watched');
        assert.equal(
          all.length,
          1,
          `exactly one start request for the report with two windows open (saw ${all.length}: ${JSON.stringify(all.map((r) => r.time))})`,
        );
        const ran = extensionLogs(ui).filter(({ text }) =>
          text.includes(`Report "${REPORT_NAME}" is due for ${today}; running it.`),
        );
        const window2 = extensionLogs(ui).find((l) => l.file === window2Log)?.text ?? '';
        assert.doesNotMatch(
          window2,
          /This window places batch parts|is due for/,
          'the second window neither took the lease nor ran the report',
        );
        assert.equal(
          ran.length,
          1,
          `one window ran the report (logs: ${ran.map((l) => l.file).join(', ')})`,
        );
        assert.equal(existsSync(expectedFile), true);
      },
    );
  } catch (e) {
    // What the second window showed when it failed (its text beside it, for the canary scan like every shot).
    await ui2.screenshot('window2-at-failure').catch(() => {});
    throw e;
  } finally {
    ui.shots.push(...ui2.shots);
    await page2.close().catch(() => {});
  }
  console.log(`      scenario time ${secs(Date.now() - t0)}`);
}
