// The Orders list as a person reads it, with every state the demo seed holds (queued, running, done,
// failed, an unknown state, an unknown type): pages of 2 with a "Load more" row that goes once the list
// is complete, one codicon per state (spinning for running), the state then the date range as description,
// Markdown tooltips, the badge, and the status bar item that focuses the view.
// Screenshots: NN-load-more, NN-orders-all-states, NN-tooltip-running, NN-tooltip-unknown-state, NN-row-menu-done,
// NN-view-menu, NN-status-bar, NN-orders-wide.
import * as assert from 'node:assert/strict';

export const title = 'orders list: all states, icons, tooltips, Load more, badge and status bar';
// A zone other than UTC, so the tooltip shows the stored window in UTC and in local time.
export const options = {
  seed: 'demo',
  settings: { 'uniqueAnalytics.pageSize': 2 },
  env: { TZ: 'Europe/Zurich' },
};

const LOAD_MORE = 'Load more…';
/** "Oct 27 – Nov 25, 2026" / "Nov 19 – 25, 2026" (ICU puts thin spaces around the dash). */
const RANGE = String.raw`\w{3}\s\d+\s–\s(\w{3}\s)?\d+,\s\d{4}`;
const re = (s) => new RegExp(s);
const squash = (s) =>
  s
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Every class of each rendered row's icon (the harness's `rows()` keeps only the first codicon class). */
const rowIconClasses = (ui) =>
  ui
    .treeRows()
    .evaluateAll((els) =>
      els
        .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
        .map((el) => [...(el.querySelector('.custom-view-tree-node-item-icon')?.classList ?? [])]),
    );

/** The status bar item this extension contributes (VS Code ids it `<extension id>.<item id>`). */
const statusItem = (ui) => ui.page.locator('.statusbar-item[id$="uniqueAnalytics.unfinished"]');

/** VS Code's hover widget (tree tooltips and status bar tooltips use it). */
const hoverWidget = (ui) => ui.page.locator('.monaco-hover:visible, .workbench-hover:visible');

/** Hovers `target` until a hover whose text contains `expect` shows; returns that text. */
async function hoverText(ui, target, expect, what) {
  return ui.waitFor(
    async () => {
      await ui.moveMouseAway();
      await hoverWidget(ui)
        .first()
        .waitFor({ state: 'hidden', timeout: 3000 })
        .catch(() => {});
      await target.hover({ position: { x: 40, y: 8 } });
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
    {
      message: `the sidebar to be ${width} px wide`,
    },
  );
}

/** @param {import('../harness/e2e.mjs').Workbench} ui */
export default async function ordersAllStates(ui) {
  await ui.step('open the view: the first page of 2, then a "Load more" row', async () => {
    await ui.openActivity();
    await ui.waitForView();
    const rows = await ui.waitFor(
      async () => ((await ui.rows()).length === 3 ? ui.rows() : undefined),
      {
        message: async () => `2 orders + Load more (rows: ${JSON.stringify(await ui.rows())})`,
      },
    );
    assert.deepEqual(
      rows.map((r) => r.label),
      ['Active users', 'Detailed user interactions', LOAD_MORE],
    );
    assert.equal(rows[2].icon, 'codicon-more');
    assert.equal(rows[2].description, '');
    await ui.screenshot('load-more');
  });

  await ui.step(
    '"Load more" fetches the next pages; the row goes once an empty page says the list is complete',
    async () => {
      for (let i = 0; i < 6 && (await ui.rows()).some((r) => r.label === LOAD_MORE); i++) {
        const before = await ui.rows();
        // The rows a click added appear under the pointer; their tooltip would cover the next "Load more".
        await ui.moveMouseAway();
        await hoverWidget(ui)
          .first()
          .waitFor({ state: 'hidden', timeout: 3000 })
          .catch(() => {});
        await (await ui.waitForRow(LOAD_MORE)).click();
        await ui.waitFor(async () => JSON.stringify(await ui.rows()) !== JSON.stringify(before), {
          message: async () =>
            `the list to change after "Load more" (still ${JSON.stringify(await ui.rows())})`,
        });
      }
      const rows = await ui.rows();
      assert.equal(
        rows.length,
        8,
        `8 orders, no "Load more": ${JSON.stringify(rows.map((r) => r.label))}`,
      );
      const pages = (await ui.fake.control('GET', '/requests')).filter((r) => r.route === 'list');
      assert.ok(
        pages.length >= 5,
        `4 full pages and an empty one were listed (${pages.length} list requests)`,
      );
    },
  );

  await ui.step(
    'each row: kind, state first (unless done), date range, and an icon per state',
    async () => {
      const rows = await ui.rows();
      const icons = await rowIconClasses(ui);
      const shown = rows.map((r, i) => ({
        label: r.label,
        description: r.description,
        icons: icons[i],
      }));
      const expect = [
        ['Active users', re(`^Queued · ${RANGE}$`), 'codicon-clock'],
        ['Detailed user interactions', re(`^Running · ${RANGE}$`), 'codicon-sync'],
        ['Chat interactions', re(`^ARCHIVING · ${RANGE}$`), 'codicon-question'],
        ['FUTURE_EXPORT', re(`^${RANGE}$`), 'codicon-pass'],
        ['Detailed user interactions', re(`^Failed · ${RANGE}$`), 'codicon-error'],
        ['Reference statistics', re(`^${RANGE}$`), 'codicon-pass'],
        ['Active users', re(`^${RANGE}$`), 'codicon-pass'],
        ['Chat interactions', re(`^${RANGE}$`), 'codicon-pass'],
      ];
      expect.forEach(([label, description, icon], i) => {
        const row = shown[i];
        assert.equal(row.label, label, `row ${i}: ${JSON.stringify(row)}`);
        assert.match(row.description, description, `row ${i}: ${JSON.stringify(row)}`);
        assert.ok(row.icons.includes(icon), `row ${i} has ${icon}: ${JSON.stringify(row)}`);
      });
      // Only the running order spins; VS Code renders `sync~spin` as codicon-sync + codicon-modifier-spin.
      assert.deepEqual(
        icons.map((c) => c.includes('codicon-modifier-spin')),
        [false, true, false, false, false, false, false, false],
      );
      // Screen readers hear the state of done orders too, and the range without dashes.
      assert.match(rows[3].ariaLabel, /^FUTURE_EXPORT, \w+ \d+, \d{4} to \w+ \d+, \d{4}, Done$/);
      await ui.moveMouseAway();
      await ui.screenshot('orders-all-states');
    },
  );

  await ui.step(
    'the tooltip of a running order: id, state and since when, who, times, window in UTC and local',
    async () => {
      const text = await hoverText(
        ui,
        await ui.waitForRow(/^Detailed user interactions Running/),
        'State: Running',
        'the running row',
      );
      assert.match(text, re(`^Detailed user interactions · ${RANGE} ID:`));
      assert.match(text, /ID: analyticOrder_\w+/);
      assert.match(text, /State: Running for \d+ min/);
      assert.match(text, /Ordered by: \d+/);
      assert.match(text, /Created: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(Europe\/Zurich\)/);
      assert.match(
        text,
        /Window \(UTC\): \d{4}-\d\d-\d\dT\d\d:00:00\.000Z – \d{4}-\d\d-\d\dT\d\d:59:59\.999Z/,
      );
      // Zurich days: the stored window runs from local midnight to the last millisecond of the end day.
      assert.match(
        text,
        /Window \(Europe\/Zurich\): \d{4}-\d\d-\d\d 00:00:00\.000 – \d{4}-\d\d-\d\d 23:59:59\.999/,
      );
      await ui.screenshot('tooltip-running');
    },
  );

  await ui.step('the tooltip of an unknown state says it is shown as sent', async () => {
    const text = await hoverText(
      ui,
      await ui.waitForRow(/^Chat interactions ARCHIVING/),
      'ARCHIVING',
      'the ARCHIVING row',
    );
    assert.match(text, /State: ARCHIVING for /);
    assert.match(
      text,
      /a state \(ARCHIVING\) this version of the extension doesn't know; it is shown as sent/,
    );
    await ui.screenshot('tooltip-unknown-state');
  });

  await ui.step(
    'a done row: Open CSV, Open as Table and Show Insights inline; its menu in groups open / repeat / copy / delete',
    async () => {
      await ui.moveMouseAway();
      await hoverWidget(ui).first().waitFor({ state: 'hidden' });
      assert.deepEqual(await ui.rowActions('Reference statistics'), [
        'Open CSV',
        'Open as Table',
        'Show Insights',
      ]);
      assert.deepEqual(await ui.rowContextMenuItems('Reference statistics'), [
        'Open CSV',
        'Open as Table',
        'Show Insights',
        'Save CSV As…',
        'Save CSV As (Spreadsheet-Safe)…',
        'Repeat for the Next Period',
        'Repeat for the Previous Period',
        'Save as Report…',
        'Copy Order ID',
        'Delete Order',
      ]);
      await ui.screenshot('row-menu-done');
      await ui.press('Escape');
      // A queued order can be neither opened nor retried; its id can be copied.
      assert.deepEqual(await ui.rowActions(/^Active users Queued/), []);
    },
  );

  await ui.step(
    'the title bar: Start Export and Refresh as icons, the rest in "..." by purpose',
    async () => {
      await ui.moveMouseAway();
      const icons = await ui.viewTitleIcons();
      assert.deepEqual(icons.slice(0, 2), ['Start Export…', 'Refresh Orders']);
      await ui.openViewTitleMenu();
      assert.deepEqual(await ui.contextMenuItems(), [
        'Delete All Downloaded Orders',
        'Check Connection',
        'Configure…',
        'Set Access Token…',
        'Clear Access Token',
        'Switch Environment…',
        'Add Environment…',
        'Import Environment from .env File…',
        'Show Log',
      ]);
      await ui.screenshot('view-menu');
      await ui.press('Escape');
    },
  );

  await ui.step(
    'badge and status bar count the 3 unfinished orders; the item focuses the view',
    async () => {
      await ui.moveMouseAway();
      assert.equal(await ui.activityBadge(), '3');
      const item = statusItem(ui);
      await item.waitFor({ timeout: 10_000 });
      assert.equal(squash(await item.innerText()), '3 exports');
      assert.ok(
        (await item.locator('.codicon-sync.codicon-modifier-spin, .codicon-sync\\~spin').count()) >
          0,
        'the status bar item spins',
      );
      assert.equal(
        await item.getAttribute('aria-label'),
        'Unique Analytics: 3 exports in progress',
      );
      const tip = await hoverText(ui, item, 'in progress', 'the status bar item');
      assert.equal(tip, 'Unique Analytics: 3 exports in progress. Click to show the orders.');
      await ui.screenshot('status-bar');

      // Away to the Explorer, then the status bar item brings the Orders view back.
      await ui.moveMouseAway();
      await ui.runCommand('View: Show Explorer');
      await ui.page.locator('.part.sidebar .composite.title h2', { hasText: 'Explorer' }).waitFor();
      await item.click();
      await ui.page
        .locator('.part.sidebar .composite.title h2', { hasText: 'Unique Analytics' })
        .waitFor();
      assert.equal((await ui.rows()).length, 8);
    },
  );

  await ui.step('with a wider sidebar every row reads in full', async () => {
    await widenSidebar(ui, 520);
    const rows = await ui.rows();
    const cut = await ui
      .treeRows()
      .evaluateAll(
        (els) =>
          els.filter((el) =>
            [...el.querySelectorAll('.label-description, .label-name')].some(
              (d) => d.scrollWidth > d.clientWidth + 1,
            ),
          ).length,
      );
    assert.equal(
      cut,
      0,
      `no row is cut off at 520 px: ${JSON.stringify(rows.map((r) => r.description))}`,
    );
    await ui.moveMouseAway();
    await ui.screenshot('orders-wide');
  });
}
