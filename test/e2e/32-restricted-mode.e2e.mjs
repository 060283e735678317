// Restricted Mode (an untrusted workspace): the extension still works ("limited" support: it never runs
// workspace code), and the workspace's settings that would redirect the token stay ignored. Screenshot:
// NN-restricted-mode.png.
import * as assert from 'node:assert/strict';

export const title = 'Restricted Mode: the extension works, workspace settings stay ignored';
export const options = {
  seed: 'demo',
  restricted: true,
  files: {
    '.vscode/settings.json': JSON.stringify(
      { 'uniqueAnalytics.baseUrl': 'http://127.0.0.1:9/chat' },
      null,
      2,
    ),
  },
};

/** @param {import('../harness/e2e.mjs').Workbench} ui */
export default async function restrictedMode(ui) {
  await ui.step(
    'the window is in Restricted Mode, the orders list from the user’s server',
    async () => {
      await ui.waitFor(
        async () =>
          (await ui.page
            .locator(
              '.statusbar-item[id*="workspaceTrust"], .statusbar-item:has-text("Restricted Mode")',
            )
            .count()) > 0,
        // Shown once the workbench has restored; on 2 busy cores (the other lane running) that took over 20 s.
        { timeout: 60_000, message: 'the Restricted Mode indicator in the status bar' },
      );
      await ui.openActivity();
      await ui.waitForView();
      await ui.waitForRow('Reference statistics');
      const n = await ui.waitForNotification(/This workspace sets uniqueAnalytics\.baseUrl/);
      assert.match(n.message, /it is ignored/);
      await ui.moveMouseAway();
      await ui.screenshot('restricted-mode');
    },
  );
}
