// Trust boundaries as a person meets them: a repository's .vscode/settings.json naming another server is
// named in a warning and ignored (the orders still come from the user's server); a download folder inside
// the workspace is only written after the person says so; "Save CSV As (Spreadsheet-Safe)…" is on the row's
// menu. Screenshots: NN-trust-workspace-setting-ignored.png, NN-trust-save-guard.png, NN-trust-row-menu.png.
import * as assert from 'node:assert/strict';

export const title = 'trust: workspace settings ignored, asked before writing into the workspace';
export const options = {
  seed: 'demo',
  // Nothing listens on port 9 (discard): were this value used, listing would fail.
  files: {
    '.vscode/settings.json': JSON.stringify(
      { 'uniqueAnalytics.baseUrl': 'http://127.0.0.1:9/chat' },
      null,
      2,
    ),
  },
  // A relative download folder lies inside the first workspace folder.
  settings: { 'uniqueAnalytics.downloadFolder': 'exports' },
};

/** @param {import('../harness/e2e.mjs').Workbench} ui */
export default async function trust(ui) {
  await ui.step(
    "the workspace's base URL is named, ignored, and the user's server still lists",
    async () => {
      await ui.openActivity();
      await ui.waitForView();
      const n = await ui.waitForNotification(/This workspace sets uniqueAnalytics\.baseUrl/);
      assert.match(
        n.message,
        /"http:\/\/127\.0\.0\.1:9\/chat"; it is ignored: connections come only from your user settings\./,
      );
      assert.ok(n.buttons.includes('Open User Settings'), `buttons: ${n.buttons}`);
      await ui.waitForRow('Reference statistics');
      await ui.moveMouseAway();
      await ui.screenshot('trust-workspace-setting-ignored');
      await ui.clearNotifications();
    },
  );

  await ui.step('the row menu offers Save CSV As (Spreadsheet-Safe)…', async () => {
    const items = await ui.rowContextMenuItems('Reference statistics');
    assert.ok(items.includes('Save CSV As (Spreadsheet-Safe)…'), `menu: ${items}`);
    await ui.screenshot('trust-row-menu');
    await ui.press('Escape');
  });

  await ui.step(
    'a download into the workspace asks first; Write Anyway writes and opens it',
    async () => {
      await ui.clickRowAction('Reference statistics', 'Open CSV');
      const d = await ui.waitForDialog();
      assert.match(
        d.message,
        /^Downloaded exports would be saved inside the workspace folder workspace \(.+exports\)\.$/,
      );
      assert.match(d.detail, /e-mail addresses/);
      // No git here, so no "Add to .gitignore"; the dialog orders its buttons itself.
      assert.deepEqual(d.buttons.filter((b) => b !== 'Cancel').sort(), [
        'Choose Another Folder',
        'Write Anyway',
      ]);
      await ui.screenshot('trust-save-guard');
      await ui.clickDialogButton('Write Anyway');
      await ui.waitForActiveTab(/^reference-statistics_.*\.csv$/);
    },
  );
}
