// The extension's entry point a person sees first: its activity-bar item opens the "Unique Analytics" container
// with the Orders view, talking to the fake server (seed "demo"). Screenshot: NN-orders-view.png.
import * as assert from 'node:assert/strict';

export const title = 'activity bar: "Unique Analytics" opens the Orders view';
export const options = { seed: 'demo' };

/** @param {import('../harness/e2e.mjs').Workbench} ui */
export default async function activityBar(ui) {
  await ui.step('the activity-bar item is shown', async () => {
    await ui.activityItem().waitFor({ timeout: 30_000 });
  });
  await ui.step('clicking it opens the container with the Orders view', async () => {
    await ui.openActivity();
    await ui.waitForView();
    const heading = await ui.page.locator('.part.sidebar .composite.title h2').innerText();
    assert.match(heading, /Unique Analytics/i, `sidebar title is "${heading}"`);
  });
  await ui.step("the view lists the fake server's demo orders", async () => {
    // baseUrl and token are configured (user settings + UNIQUE_ANALYTICS_TOKEN), so rows, not welcome content.
    const rows = await ui.waitFor(
      async () => ((await ui.rows()).length > 0 ? ui.rows() : undefined),
      {
        timeout: 30_000,
        message: async () =>
          `order rows in the Orders view (welcome text instead: "${await ui.welcomeText()}")`,
      },
    );
    assert.ok(
      rows.every((r) => r.label !== ''),
      `every row has a label: ${JSON.stringify(rows)}`,
    );
    console.log(`    ${rows.length} rows, first: ${rows[0].label} · ${rows[0].description}`);
  });
  await ui.screenshot('orders-view');
}
