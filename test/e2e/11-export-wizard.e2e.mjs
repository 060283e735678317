// The "Start Export" wizard as a person meets it: kinds with what they contain, presets with their dates
// (a range longer than one order says how many orders it takes), custom dates validated as you type, Back,
// and the new order appearing at once as queued. Screenshots: NN-wizard-*.png.
import * as assert from 'node:assert/strict';

export const title =
  'export wizard: kind, range preset, custom dates with inline validation and Back';
export const options = { seed: 'empty' };

const zurichToday = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Zurich' }).format(new Date());
const addDays = (day, n) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** @param {import('../harness/e2e.mjs').Workbench} ui */
export default async function exportWizard(ui) {
  const today = zurichToday();
  const start = addDays(today, -20);
  const end = addDays(start, 6);

  await ui.step('open the view and start the wizard from its title bar', async () => {
    await ui.openActivity();
    await ui.waitForView();
    // The title-bar action shows only once set-up is known to work (first list answered): wait for it,
    // as a person would, instead of racing the first poll.
    await ui.waitFor(async () => (await ui.welcomeText()).includes('No analytics exports yet'), {
      message: 'the "no exports yet" welcome (set-up ready)',
    });
    await ui.clickViewTitleAction('Start Export…');
  });

  await ui.step('step 1 lists the four kinds with what they contain', async () => {
    const s = await ui.waitForQuickInput({ title: 'Start Export (1/2)' });
    assert.deepEqual(
      s.items.map((i) => i.label),
      ['Chat interactions', 'Active users', 'Reference statistics', 'Detailed user interactions'],
    );
    const detailed = s.items.find((i) => i.label === 'Detailed user interactions');
    assert.match(detailed.description, /up to 14 days/);
    await ui.screenshot('wizard-kind');
    await ui.pickQuickItem('Detailed user interactions');
  });

  await ui.step(
    'step 2 shows each preset with its dates; a longer one says how many orders it takes',
    async () => {
      const s = await ui.waitForQuickInput({ title: 'Start Export (2/2)' });
      const last7 = s.items.find((i) => i.label === 'Last 7 days');
      assert.ok(last7, `presets: ${JSON.stringify(s.items)}`);
      assert.match(last7.description, /7 days$/);
      const month = s.items.find((i) => i.label.includes('Last full month'));
      assert.ok(month, 'the month preset is listed');
      assert.match(
        month.description,
        /\d+ days · [23] orders$/,
        'a month is several detailed orders',
      );
      await ui.screenshot('wizard-range-presets');
      await ui.pickQuickItem('Custom range…');
    },
  );

  await ui.step('step 3: the start date is checked as it is typed', async () => {
    await ui.waitForQuickInput({ title: 'Start Export (3/4)' });
    await ui.typeInQuickInput('2024-13-01', { submit: false });
    await ui.waitFor(async () => (await ui.quickInputState()).message.includes('no month 13'), {
      message: 'the inline message',
    });
    await ui.screenshot('wizard-custom-start-invalid');
    await ui.typeInQuickInput(start);
  });

  await ui.step(
    'step 4: an end before the start is refused inline; Back returns to the start date',
    async () => {
      await ui.waitForQuickInput({ title: 'Start Export (4/4)' });
      await ui.typeInQuickInput(addDays(start, -1), { submit: false });
      await ui.waitFor(
        async () => /is after the end date/.test((await ui.quickInputState()).message),
        { message: 'the end-before-start message' },
      );
      await ui.screenshot('wizard-custom-end-before-start');
      // The Back arrow sits at the left of the title bar (QuickInputButtons.Back).
      await ui
        .quickInput()
        .locator(
          '.quick-input-left-action-bar .action-label, .action-label.codicon-quick-input-back',
        )
        .first()
        .click();
      const back = await ui.waitForQuickInput({ title: 'Start Export (3/4)' });
      assert.equal(back.value, start, 'the accepted start is kept');
      await ui.acceptQuickInput();
      await ui.waitForQuickInput({ title: 'Start Export (4/4)' });
      await ui.typeInQuickInput(end);
    },
  );

  await ui.step('the order is placed with those dates and shows at once as queued', async () => {
    const placed = await ui.waitFor(async () => {
      const requests = await ui.fake.control('GET', '/requests');
      return requests.find((r) => r.route === 'start');
    });
    assert.match(placed.path, /\/analytics\/chat-interactions-detailed$/);
    assert.deepEqual([placed.query.startDate, placed.query.endDate], [start, end]);
    await ui.waitForRow(/Detailed user interactions/);
    await ui.moveMouseAway();
    await ui.screenshot('wizard-new-order-queued');
  });

  await ui.step('the next wizard remembers kind and preset', async () => {
    await ui.clickViewTitleAction('Start Export…');
    await ui.waitForQuickInput({ title: 'Start Export (1/2)' });
    const active = await ui
      .quickInput()
      .locator('.quick-input-list .monaco-list-row.focused .label-name')
      .first()
      .innerText();
    assert.equal(active.trim(), 'Detailed user interactions');
    await ui.press('Escape');
  });
}
