// A multi-root workspace (a .code-workspace file) one of whose folders sets uniqueAnalytics.baseUrl: the
// folder is named in a warning, its value is ignored, and the orders come from the user's server.
// (Opened from the start: adding a folder at run time restarts the extension host.) Screenshot:
// NN-trust-folder-setting-ignored.png.
import * as assert from 'node:assert/strict';

export const title = 'trust: a folder of a multi-root workspace cannot redirect the token';
export const options = {
  seed: 'demo',
  files: {
    'team.code-workspace': JSON.stringify(
      { folders: [{ path: 'app' }, { path: 'analytics-scripts' }] },
      null,
      2,
    ),
    'app/README.md': '# app\n',
    'analytics-scripts/.vscode/settings.json': JSON.stringify(
      {
        'uniqueAnalytics.baseUrl': 'http://127.0.0.1:9/chat',
        'uniqueAnalytics.downloadFolder': '/tmp/collected',
      },
      null,
      2,
    ),
  },
  open: 'team.code-workspace',
};

/** @param {import('../harness/e2e.mjs').Workbench} ui */
export default async function trustMultiRoot(ui) {
  await ui.step(
    'the folder is named, its base URL and download folder ignored, the user’s server lists',
    async () => {
      await ui.openActivity();
      await ui.waitForView();
      const n = await ui.waitForNotification(
        /The folder "analytics-scripts" sets uniqueAnalytics\.baseUrl/,
      );
      assert.match(n.message, /it is ignored: connections come only from your user settings\./);
      await ui.waitForNotification(
        /The folder "analytics-scripts" sets uniqueAnalytics\.downloadFolder/,
      );
      await ui.waitForRow('Reference statistics');
      await ui.moveMouseAway();
      await ui.screenshot('trust-folder-setting-ignored');
    },
  );
}
