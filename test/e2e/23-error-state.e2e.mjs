// Errors as a person meets them: a failed refresh keeps the list with a one-line note on the view; a token
// revoked on the server pauses updates, turns the view to "token rejected" and says so once (no pile of
// dialogs, no token shown), and the message's Set Token button fixes it; a failed download says what
// failed with Retry, and Retry works once the server is back.
// Screenshots: NN-list-stale-message, NN-token-expired, NN-token-expired-one-message, NN-token-restored,
// NN-download-error.
import * as assert from 'node:assert/strict';

export const title =
  'errors: stale list note, expired token (one message, Set Token fixes it), download Retry';
export const options = { seed: 'demo', env: { TZ: 'Europe/Zurich' } };

const listRequests = async (ui) =>
  (await ui.fake.control('GET', '/requests')).filter((r) => r.route === 'list');
/** The one-line message VS Code shows at the top of a tree view (TreeView.message). */
const viewMessage = async (ui) => {
  const m = ui.view().locator('.message');
  return (await m.count()) && (await m.first().isVisible())
    ? (await m.first().innerText()).replace(/\s+/g, ' ').trim()
    : '';
};
const screenText = (ui) => ui.page.locator('.monaco-workbench').innerText();

/** Toasts hide after a while; the notification centre keeps every message. Opens it and lists them. */
async function centreMessages(ui) {
  const centre = ui.page.locator('.notifications-center');
  if (!(await centre.isVisible())) await ui.runCommand('Notifications: Show Notifications');
  await centre.waitFor();
  return centre.locator('.notification-list-item').evaluateAll((els) =>
    els.map((el) => ({
      message: (el.querySelector('.notification-list-item-message')?.textContent ?? '')
        .replace(/\s+/g, ' ')
        .trim(),
      buttons: [
        ...el.querySelectorAll('.notification-list-item-buttons-container .monaco-button'),
      ].map((b) => (b.textContent ?? '').trim()),
    })),
  );
}

/** @param {import('../harness/e2e.mjs').Workbench} ui */
export default async function errorState(ui) {
  const rotated = `rotated-${Date.now()}-secret`;

  await ui.step('open the view with the demo orders', async () => {
    await ui.openActivity();
    await ui.waitForView();
    await ui.waitForRow('Reference statistics');
  });

  await ui.step(
    'a failed refresh keeps the list and says so in one line, until the next poll works',
    async () => {
      await ui.fake.control('POST', '/faults', {
        on: 'list',
        times: 1,
        fault: { kind: 'badGateway' },
      });
      await ui.clickViewTitleAction('Refresh Orders');
      const line = await ui.waitFor(
        async () => /^Refresh failed/.test(await viewMessage(ui)) && viewMessage(ui),
        {
          timeout: 30_000,
          message: async () => `the stale-list note (shown: "${await viewMessage(ui)}")`,
        },
      );
      // One short line above the rows; the whole error is in the log.
      assert.match(
        line,
        /^Refresh failed: server error \(HTTP 502\)\. Showing the last known list\. Retrying at \d{1,2}:\d\d:\d\d( [AP]M)?\.$/,
      );
      assert.equal((await ui.rows()).length, 8, 'the rows stay');
      assert.deepEqual(await ui.notifications(), [], 'a passing outage is no popup');
      await ui.moveMouseAway();
      await ui.screenshot('list-stale-message');
      await ui.waitFor(async () => (await viewMessage(ui)) === '', {
        timeout: 60_000,
        message: 'the note to go after a good poll',
      });
    },
  );

  await ui.step(
    'the token is revoked on the server: updates pause, one message, the "token rejected" welcome',
    async () => {
      await ui.fake.control('POST', '/token', { token: rotated });
      const n = await ui.waitForNotification(/did not accept the access token/, {
        timeout: 30_000,
      });
      assert.equal(n.severity, 'warning');
      assert.match(n.message, /^Updates paused\. /);
      assert.deepEqual(n.buttons, ['Set Token', 'Check Connection']);
      await ui.waitFor(async () => /rejected/.test(await ui.welcomeText()), {
        message: 'the "token rejected" welcome',
      });
      assert.equal((await ui.rows()).length, 0);
      assert.equal(await ui.activityBadge(), '', 'no count while nothing is listed');
      await ui.screenshot('token-expired');
    },
  );

  await ui.step(
    'no more polls and no second message while paused, even after Refresh',
    async () => {
      const before = (await listRequests(ui)).length;
      await ui.runCommand('Unique Analytics: Refresh Orders');
      await ui.page.waitForTimeout(12_000);
      const after = (await listRequests(ui)).length;
      assert.ok(after - before <= 1, `at most the one list Refresh asked for (${after - before})`);
      const messages = await centreMessages(ui);
      const about = messages.filter((x) => /access token/.test(x.message));
      assert.equal(about.length, 1, `one message about the token: ${JSON.stringify(messages)}`);
      assert.ok(!(await screenText(ui)).includes(ui.fake.token), 'the old token is not on screen');
      await ui.screenshot('token-expired-one-message');
    },
  );

  await ui.step("the message's Set Token asks for the new token; the list comes back", async () => {
    const item = ui.page.locator('.notifications-center .notification-list-item', {
      hasText: 'did not accept the access token',
    });
    await item.locator('.monaco-button', { hasText: 'Set Token' }).click();
    await ui.waitForQuickInput({ title: 'Access Token' });
    await ui.typeInQuickInput(rotated);
    await ui.waitForRow('Reference statistics', { timeout: 30_000 });
    const ok = (await centreMessages(ui)).find((m) => /Access token saved/.test(m.message));
    assert.equal(ok?.message, 'Access token saved. Unique accepted it.');
    await ui.runCommand('Notifications: Clear All Notifications');
    assert.equal(await ui.welcomeText(), '');
    assert.ok(!(await screenText(ui)).includes(rotated), 'the new token is not on screen');
    await ui.moveMouseAway();
    await ui.screenshot('token-restored');
  });

  await ui.step(
    'a failed download says what failed and offers Retry, which works once the server is back',
    async () => {
      await ui.fake.control('POST', '/faults', {
        on: 'download',
        times: 1,
        fault: { kind: 'status', status: 500 },
      });
      await ui.clickRowAction('Reference statistics', 'Open CSV');
      const n = await ui.waitForNotification(/^Downloading the CSV failed/);
      assert.match(n.message, /HTTP 500/);
      assert.deepEqual(n.buttons, ['Retry', 'Show Log']);
      // VS Code keeps a progress notification up a moment after its work ended.
      await ui.waitFor(
        async () => !(await ui.notifications()).some((x) => /^Downloading .* CSV$/.test(x.message)),
        {
          message: 'the download progress to close',
        },
      );
      await ui.moveMouseAway();
      await ui.screenshot('download-error');
      await ui.clickNotificationButton(/^Downloading the CSV failed/, 'Retry');
      await ui.waitForActiveTab(/^reference-statistics_.*\.csv$/);
      await ui.waitFor(async () => (await ui.editorLanguage()) === 'CSV', {
        message: 'language CSV',
      });
    },
  );
}
