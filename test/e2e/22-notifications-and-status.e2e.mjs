// Live updates as a person watches them: an export started from the empty view's welcome shows at once as
// queued, spins while running, and its end is announced: DONE with Open / Save As (Open puts the CSV in an
// editor tab with language CSV), ERROR with Retry; a failed row offers Retry Export inline. The status bar
// item and the badge count unfinished exports and go when none are left; then nothing is polled.
// Screenshots: NN-welcome-no-orders, NN-export-queued, NN-export-running, NN-notification-done,
// NN-csv-open-from-notification, NN-notification-error, NN-retry-actions.
import * as assert from 'node:assert/strict';

export const title =
  'notifications and status: queued, running, DONE (Open / Save As), ERROR (Retry), badge, status bar';
// Queued 1 s, running 12 s: the first poll after the start (10 s floor) sees it running, a later one done.
// Every 2nd export fails.
export const options = {
  seed: 'empty',
  fakeArgs: ['--pending-ms', '1000', '--running-ms', '12000', '--fail-every', '2'],
  env: { TZ: 'Europe/Zurich' },
};

const statusItem = (ui) => ui.page.locator('.statusbar-item[id$="uniqueAnalytics.unfinished"]');
const statusText = async (ui) =>
  (await statusItem(ui).count()) && (await statusItem(ui).isVisible())
    ? (await statusItem(ui).innerText()).trim()
    : '';
const iconClasses = async (row) =>
  (await row.locator('.custom-view-tree-node-item-icon').getAttribute('class')) ?? '';
const listRequests = async (ui) =>
  (await ui.fake.control('GET', '/requests')).filter((r) => r.route === 'list').length;

/** Runs the wizard: kind, then the "Last 7 days" preset. */
async function orderLast7Days(ui, kind) {
  await ui.waitForQuickInput({ title: 'Start Export (1/2)' });
  await ui.pickQuickItem(kind);
  await ui.waitForQuickInput({ title: 'Start Export (2/2)' });
  await ui.pickQuickItem('Last 7 days');
}

/** @param {import('../harness/e2e.mjs').Workbench} ui */
export default async function notificationsAndStatus(ui) {
  await ui.step(
    'an empty list: the welcome offers Start Export; no badge, no status bar item',
    async () => {
      await ui.openActivity();
      await ui.waitForView();
      const text = await ui.waitFor(
        async () => /No analytics exports yet/.test(await ui.welcomeText()) && ui.welcomeText(),
        {
          message: async () => `the "no orders" welcome (shown: "${await ui.welcomeText()}")`,
        },
      );
      assert.match(text, /this view shows when they are ready/);
      assert.equal(await ui.activityBadge(), '');
      assert.equal(await statusText(ui), '');
      await ui.screenshot('welcome-no-orders');
    },
  );

  await ui.step(
    'Start Export from the welcome: the order shows at once as queued, counted in badge and status bar',
    async () => {
      await ui.clickWelcomeButton('Start Export');
      await orderLast7Days(ui, 'Reference statistics');
      const row = await ui.waitForRow(/^Reference statistics Queued · /);
      assert.match(await iconClasses(row), /codicon-clock/);
      await ui.waitFor(async () => (await statusText(ui)) === '1 export', {
        message: 'status bar "1 export"',
      });
      assert.equal(await ui.activityBadge(), '1');
      await ui.moveMouseAway();
      await ui.screenshot('export-queued');
    },
  );

  await ui.step('the poller shows it running, with a spinning icon', async () => {
    const row = await ui.waitForRow(/^Reference statistics Running · /, { timeout: 30_000 });
    assert.match(
      await iconClasses(row),
      /codicon-sync .*codicon-modifier-spin|codicon-modifier-spin .*codicon-sync/,
    );
    await ui.moveMouseAway();
    await ui.screenshot('export-running');
  });

  await ui.step(
    'DONE is announced with Open and Save As; badge and status bar item go',
    async () => {
      const n = await ui.waitForNotification(/is ready/, { timeout: 40_000 });
      assert.equal(n.severity, 'info');
      assert.match(
        n.message,
        /^The reference statistics export \(\w{3}\s\d+\s–\s(\w{3}\s)?\d+,\s\d{4}\) is ready\.$/,
      );
      assert.deepEqual(n.buttons, ['Open', 'Save As…']);
      const row = await ui.waitForRow(/^Reference statistics \w{3}\s\d+/);
      assert.match(await iconClasses(row), /codicon-pass\b/);
      await ui.waitFor(
        async () => (await statusText(ui)) === '' && (await ui.activityBadge()) === '',
        {
          message: 'no status bar item and no badge once nothing is unfinished',
        },
      );
      await ui.moveMouseAway();
      await ui.screenshot('notification-done');
    },
  );

  await ui.step(
    'Open in the notification puts the CSV in an editor tab with language CSV',
    async () => {
      await ui.clickNotificationButton(/is ready/, 'Open');
      await ui.waitForActiveTab(/^reference-statistics_.*\.csv$/);
      await ui.waitFor(async () => (await ui.editorLanguage()) === 'CSV', {
        message: 'language CSV in the status bar',
      });
      assert.match(await ui.activeEditorText(), /,/);
      // Downloaded: the row's check is filled, so it shows without hovering.
      await ui.waitFor(
        async () =>
          /codicon-pass-filled/.test(
            await iconClasses(await ui.waitForRow(/^Reference statistics/)),
          ),
        {
          message: 'the filled check of a downloaded order',
        },
      );
      await ui.moveMouseAway();
      await ui.screenshot('csv-open-from-notification');
    },
  );

  await ui.step('an export that fails is announced once, with Retry', async () => {
    await ui.clickViewTitleAction('Start Export…');
    await orderLast7Days(ui, 'Active users');
    await ui.waitForRow(/^Active users Queued · /);
    const n = await ui.waitForNotification(/failed/, { timeout: 40_000 });
    assert.equal(n.severity, 'warning');
    assert.match(n.message, /^The active users export \(.+\) failed\.$/);
    assert.deepEqual(n.buttons, ['Retry']);
    const row = await ui.waitForRow(/^Active users Failed · /);
    assert.match(await iconClasses(row), /codicon-error/);
    assert.equal((await ui.notifications()).filter((x) => /failed/.test(x.message)).length, 1);
    await ui.moveMouseAway();
    await ui.screenshot('notification-error');
  });

  await ui.step(
    'a failed row offers Retry Export inline and in its menu; it orders the same days again',
    async () => {
      await ui.clearNotifications();
      assert.deepEqual(await ui.rowActions(/^Active users Failed/), ['Retry Export']);
      const menu = await ui.rowContextMenuItems(/^Active users Failed/);
      assert.ok(
        menu.includes('Retry Export') && !menu.includes('Open CSV'),
        `menu: ${JSON.stringify(menu)}`,
      );
      await ui.screenshot('retry-actions');
      await ui.press('Escape');
      const failed = (await ui.fake.control('GET', '/orders')).find((o) => o.state === 'ERROR');
      await ui.clickRowAction(/^Active users Failed/, 'Retry Export');
      const retried = await ui.waitFor(async () =>
        (await ui.fake.control('GET', '/orders')).find(
          (o) => o.type === 'ACTIVE_USER' && o.id !== failed.id,
        ),
      );
      assert.deepEqual(
        retried.configuration,
        failed.configuration,
        'the same window as the failed order',
      );
      await ui.waitForRow(/^Active users Queued · /);
      await ui.waitForNotification(/active users export .* is ready/, { timeout: 40_000 });
    },
  );

  await ui.step('with nothing unfinished, nothing is polled', async () => {
    await ui.waitFor(async () => (await statusText(ui)) === '', { message: 'no status bar item' });
    const before = await listRequests(ui);
    await ui.page.waitForTimeout(12_000);
    assert.equal(await listRequests(ui), before, 'no list request while every order is final');
  });
}
