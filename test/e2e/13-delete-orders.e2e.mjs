// Deleting orders: the confirmation warns (and says "Delete Anyway") when a CSV was never downloaded,
// Cancel keeps everything, a downloaded order is deleted with a plain "Delete"; clean-up says when there
// is nothing to do and deletes only orders whose CSV is on disk. Screenshots: NN-delete-*.png, NN-cleanup-*.png.
import * as assert from 'node:assert/strict';

export const title = 'delete orders: confirmations, Cancel, delete, clean up downloaded';
export const options = { seed: 'demo' };

const serverHas = async (ui, type) =>
  (await ui.fake.control('GET', '/orders')).filter((o) => o.type === type).length;

/** @param {import('../harness/e2e.mjs').Workbench} ui */
export default async function deleteOrders(ui) {
  await ui.step('open the view', async () => {
    await ui.openActivity();
    await ui.waitForView();
    await ui.waitForRow('Reference statistics');
  });

  await ui.step('clean-up with nothing downloaded says so', async () => {
    await ui.clickViewTitleAction('Delete All Downloaded Orders');
    await ui.waitForNotification(/Nothing to clean up/);
    assert.equal(await ui.dialog(), undefined, 'no confirmation for nothing');
  });

  await ui.step(
    'deleting a never-downloaded order warns and asks "Delete Anyway"; Cancel keeps it',
    async () => {
      await ui.rowContextMenu('Reference statistics', 'Delete Order');
      const d = await ui.waitForDialog();
      assert.match(d.message, /^Delete the Reference statistics \(.+\) order on the server\?$/);
      assert.match(d.detail, /never downloaded/);
      assert.ok(d.buttons.includes('Delete Anyway'), `buttons: ${d.buttons}`);
      await ui.screenshot('delete-confirm-undownloaded');
      await ui.clickDialogButton('Cancel');
      await ui.waitFor(async () => !(await ui.dialog()), { message: 'the dialog to close' });
      assert.equal(await serverHas(ui, 'REFERENCE_STAT'), 1);
      await ui.waitForRow('Reference statistics');
    },
  );

  await ui.step(
    'once downloaded, the confirmation is a plain "Delete" and the order goes',
    async () => {
      await ui.clickRowAction('Reference statistics', 'Open CSV');
      await ui.waitForActiveTab(/^reference-statistics_.*\.csv$/);
      await ui.rowContextMenu('Reference statistics', 'Delete Order');
      const d = await ui.waitForDialog();
      assert.ok(
        d.buttons.includes('Delete') && !d.buttons.includes('Delete Anyway'),
        `buttons: ${d.buttons}`,
      );
      assert.match(d.detail, /stay on disk/);
      await ui.screenshot('delete-confirm-downloaded');
      await ui.clickDialogButton('Delete');
      await ui.waitFor(async () => (await serverHas(ui, 'REFERENCE_STAT')) === 0, {
        message: 'the order to be deleted on the server',
      });
      await ui.waitFor(
        async () => !(await ui.rows()).some((r) => r.label === 'Reference statistics'),
        {
          message: 'the row to leave',
        },
      );
    },
  );

  await ui.step('clean-up deletes exactly the orders whose CSV is on disk', async () => {
    await ui.clickRowAction('FUTURE_EXPORT', 'Open CSV');
    await ui.waitForActiveTab(/^future-export_.*\.csv$/);
    // The new editor takes focus a moment after its tab shows; a palette opened before that would close.
    await ui.waitFor(
      async () => (await ui.page.locator('.part.editor .monaco-editor.focused').count()) > 0,
      {
        message: 'the CSV editor to take focus',
      },
    );
    const before = (await ui.fake.control('GET', '/orders')).length;
    await ui.runCommand('Unique Analytics: Delete All Downloaded Orders');
    const d = await ui.waitForDialog();
    assert.equal(d.message, 'Delete the 1 order whose CSV is saved on disk?');
    await ui.screenshot('cleanup-confirm');
    await ui.clickDialogButton('Delete');
    await ui.waitFor(async () => (await serverHas(ui, 'FUTURE_EXPORT')) === 0, {
      message: 'FUTURE_EXPORT deleted',
    });
    assert.equal(
      (await ui.fake.control('GET', '/orders')).length,
      before - 1,
      'nothing else deleted',
    );
  });
}
