// Opening a CSV from a row: the real file in an editor tab with language CSV, reused on the second open;
// a file over the large-file limit opens as a read-only head preview with a notice offering the whole
// file. Screenshots: NN-csv-open.png, NN-csv-large-preview.png.
import * as assert from 'node:assert/strict';

export const title = 'open CSV: editor tab with language CSV, reuse, large-file preview';
export const options = { seed: 'demo' };

const downloads = async (ui) =>
  (await ui.fake.control('GET', '/requests')).filter((r) => r.route === 'download').length;

/** @param {import('../harness/e2e.mjs').Workbench} ui */
export default async function openCsv(ui) {
  await ui.step('open the view', async () => {
    await ui.openActivity();
    await ui.waitForView();
  });

  await ui.step('the inline "Open CSV" action opens the file with language CSV', async () => {
    await ui.clickRowAction('Reference statistics', 'Open CSV');
    await ui.waitForActiveTab(/^reference-statistics_.*\.csv$/);
    await ui.waitFor(async () => (await ui.editorLanguage()) === 'CSV', {
      message: 'language CSV in the status bar',
    });
    assert.match(await ui.activeEditorText(), /,/);
    assert.equal(await downloads(ui), 1);
    await ui.moveMouseAway();
    await ui.screenshot('csv-open');
  });

  await ui.step('opening it again reuses the file on disk', async () => {
    await ui.runCommand('View: Close All Editors');
    await ui.clickRowAction('Reference statistics', 'Open CSV');
    await ui.waitForActiveTab(/^reference-statistics_.*\.csv$/);
    assert.equal(await downloads(ui), 1, 'no second download');
  });

  await ui.step(
    'a 60 MB export opens as a head preview with the ways to the whole file',
    async () => {
      await ui.fake.control('POST', '/orders', {
        type: 'ACTIVE_USER',
        state: 'DONE',
        csvBytes: 60 * 1024 * 1024,
        configuration: {
          startDate: '2024-12-31T23:00:00.000Z',
          endDate: '2025-01-31T22:59:59.999Z',
        },
      });
      await ui.clickViewTitleAction('Refresh Orders');
      await ui.clickRowAction(/2025/, 'Open CSV');
      await ui.waitForActiveTab(/\(preview\)\.csv$/, { timeout: 60_000 });
      await ui.waitFor(async () => (await ui.editorLanguage()) === 'CSV', {
        message: 'language CSV for the preview',
      });
      const notice = await ui.waitForNotification(/too large to open in the editor/);
      assert.match(notice.message, /60\.0 MB/);
      assert.deepEqual(notice.buttons.slice(0, 3), [
        'Open Full File',
        'Open Containing Folder',
        'Save As…',
      ]);
      await ui.moveMouseAway();
      await ui.screenshot('csv-large-preview');
    },
  );
}
