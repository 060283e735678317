// Connecting as a person does, in real VS Code against the fake server: from the first welcome, add a
// service-user environment step by step (the client secret in a password box), add a Public API environment
// with a personal API key, start an export of a kind only the Public API has, and switch environments from
// the status bar; each shows its own orders. Nothing on screen ever shows the secret or the key.
// Screenshots: NN-connect-*.png, NN-add-environment-*.png, NN-public-*.png, NN-switch-*.png.
import * as assert from 'node:assert/strict';

export const title =
  'connections: add a service user and a Public API key, start a public-only export, switch environments';
export const options = {
  seed: 'demo',
  settings: { 'uniqueAnalytics.baseUrl': '', 'uniqueAnalytics.environments': [] },
  env: { UNIQUE_ANALYTICS_TOKEN: null, TZ: 'Europe/Zurich' },
};

const welcomeButtons = (ui) =>
  ui
    .view()
    .locator('.welcome-view-content .monaco-button')
    .evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));

const connectionItem = (ui) => ui.page.locator('.statusbar-item[id$="uniqueAnalytics.connection"]');

/** The Orders view's title as shown (it names the active environment). */
/** The Orders view's own title (its header in the container, which also holds Reports). */
const viewDescription = (ui) =>
  ui.page
    .locator('.part.sidebar .pane-header .title')
    .filter({ hasText: /^Orders\b/ })
    .first()
    .innerText()
    .catch(() => '');

const screenText = (ui) => ui.page.locator('.monaco-workbench').innerText();

/** Answers one step of a quick input: waits for its title, checks it, types the value. */
async function answer(ui, titlePart, value, { shot } = {}) {
  const box = await ui.waitForQuickInput({ title: titlePart });
  await ui.typeInQuickInput(value, { submit: false });
  // The extension host sees the typed value a moment later; Enter before that would accept the old one.
  await ui.waitFor(async () => (await ui.quickInputState()).value === value, {
    message: `"${value}" typed into ${titlePart}`,
  });
  await new Promise((r) => setTimeout(r, 300));
  if (shot) await ui.screenshot(shot);
  await ui.quickInput().locator('.quick-input-box input').press('Enter');
  return box;
}

/** @param {import('../harness/e2e.mjs').Workbench} ui */
export default async function connections(ui) {
  const su = ui.fake.serviceUser;
  const pub = ui.fake.publicApi;
  const secrets = [su.secret, pub.apiKey];
  const assertNoSecretOnScreen = async (where) => {
    const text = await screenText(ui);
    for (const s of secrets) assert.ok(!text.includes(s), `a secret shows on screen (${where})`);
  };

  await ui.step('the first welcome offers the three ways to connect', async () => {
    await ui.openActivity();
    await ui.waitForView();
    await ui.waitFor(async () => /Connect in one of three ways/.test(await ui.welcomeText()), {
      message: 'the no-base-URL welcome',
    });
    assert.deepEqual(await welcomeButtons(ui), [
      'Add Environment',
      'Import from .env File',
      'Configure Base URL',
    ]);
    assert.equal(
      await connectionItem(ui).count(),
      0,
      'no environment switcher before there are environments',
    );
    await ui.screenshot('connect-welcome');
  });

  await ui.step(
    'Add Environment: a service user, step by step, then its client secret',
    async () => {
      await ui.clickWelcomeButton('Add Environment');
      const name = await ui.waitForQuickInput({ title: 'Add Environment (1/' });
      assert.equal(name.value, 'prod', 'a free name is suggested');
      await answer(ui, 'Add Environment (1/', 'uat', { shot: 'add-environment-name' });
      const kind = await ui.waitForQuickInput({ title: 'Add Environment (2/' });
      assert.deepEqual(
        kind.items.map((i) => i.label),
        [
          'Service user (Zitadel client credentials)',
          'Personal API key (Public API)',
          'Access token pasted by hand',
        ],
      );
      await ui.screenshot('add-environment-kind');
      await ui.pickQuickItem('Service user (Zitadel client credentials)');
      await answer(ui, 'Add Environment (3/6)', ui.fake.url);
      const tokenUrl = await ui.waitForQuickInput({ title: 'Add Environment (4/6)' });
      assert.equal(tokenUrl.value, '', 'no guess for an address (api.<domain> gives id.<domain>)');
      await answer(ui, 'Add Environment (4/6)', su.tokenUrl);
      await answer(ui, 'Add Environment (5/6)', su.clientId);
      const bad = await ui.waitForQuickInput({ title: 'Add Environment (6/6)' });
      assert.ok(bad);
      await ui.typeInQuickInput('not-a-number', { submit: false });
      await ui.waitFor(async () => /is a number/.test((await ui.quickInputState()).message), {
        message: 'the project id is checked as typed',
      });
      await ui.screenshot('add-environment-project-id-checked');
      await answer(ui, 'Add Environment (6/6)', su.projectId);
      const secret = await ui.waitForQuickInput({ title: 'Client Secret (uat)' });
      assert.match(secret.message, /client secret of the service user/);
      const type = await ui.quickInput().locator('.quick-input-box input').getAttribute('type');
      assert.equal(type, 'password', 'the secret is typed into a password box');
      await ui.typeInQuickInput(su.secret, { submit: false });
      await ui.screenshot('add-environment-client-secret');
      await assertNoSecretOnScreen('client secret box');
      await ui.quickInput().locator('.quick-input-box input').press('Enter');
      const n = await ui.waitForNotification(
        /Client secret saved\. Unique accepted it\. Signed in/,
      );
      assert.ok(n);
      await ui.waitFor(async () => (await ui.rows()).length > 0, {
        message: 'orders of uat listed',
      });
      await ui.waitFor(async () => (await connectionItem(ui).innerText()).includes('uat'), {
        message: 'the status bar names the environment',
      });
      await ui.waitFor(async () => /Orders · uat/i.test(await viewDescription(ui)), {
        message: async () => `the view's title names uat (shows "${await viewDescription(ui)}")`,
      });
      await ui.screenshot('connect-service-user-signed-in');
      await assertNoSecretOnScreen('signed in');
      await ui.clearNotifications();
    },
  );

  await ui.step(
    'Add Environment from the palette: the Public API with a personal API key',
    async () => {
      await ui.runCommand('Unique Analytics: Add Environment…');
      await answer(ui, 'Add Environment (1/', 'public');
      await ui.waitForQuickInput({ title: 'Add Environment (2/' });
      await ui.pickQuickItem('Personal API key (Public API)');
      await answer(ui, 'Add Environment (3/6)', pub.url);
      await answer(ui, 'Add Environment (4/6)', pub.appId);
      await answer(ui, 'Add Environment (5/6)', pub.userId);
      await answer(ui, 'Add Environment (6/6)', pub.companyId);
      await ui.waitForQuickInput({ title: 'Personal API Key (public)' });
      await ui.typeInQuickInput('app_not-a-key', { submit: false });
      await ui.waitFor(
        async () => /usually start with ukey_/.test((await ui.quickInputState()).message),
        {
          message: 'a hint when the value does not look like an API key',
        },
      );
      await ui.screenshot('add-environment-api-key-hint');
      await ui.typeInQuickInput(pub.apiKey);
      await ui.waitForNotification(/API key saved\. Unique accepted it\./);
      await ui.waitFor(async () => (await connectionItem(ui).innerText()).includes('public'), {
        message: 'the status bar names "public"',
      });
      await ui.waitFor(async () => (await ui.rows()).length > 0, {
        message: 'orders of public listed',
      });
      await ui.screenshot('public-signed-in');
      await assertNoSecretOnScreen('public signed in');
      await ui.clearNotifications();
    },
  );

  await ui.step(
    'Start Export on the Public API: nine kinds, then an optional assistant id',
    async () => {
      await ui.clickViewTitleAction('Start Export…');
      const kinds = await ui.waitForQuickInput({ title: 'Start Export (1/3)' });
      assert.deepEqual(kinds.items.map((i) => i.label).sort(), [
        'Active users',
        'Chat interactions',
        'Detailed user interactions',
        'Ingestion statistics',
        'Model usage',
        'Net promoter score',
        'Product metrics',
        'Reference statistics',
        'User chat export',
      ]);
      await ui.screenshot('public-wizard-kinds');
      await ui.pickQuickItem('Model usage');
      await ui.waitForQuickInput({ title: 'Start Export (2/3)' });
      await ui.pickQuickItem('Yesterday');
      const assistant = await ui.waitForQuickInput({ title: 'Start Export (3/3)' });
      assert.match(`${assistant.message} ${assistant.placeholder}`, /all assistants/i);
      await answer(ui, 'Start Export (3/3)', 'space_42', { shot: 'public-wizard-assistant' });
      await ui.waitForRow('Model usage');
      const started = (await ui.fake.control('GET', '/orders')).find(
        (o) => o.type === 'MODEL_USAGE',
      );
      assert.ok(started, 'the fake received a MODEL_USAGE order');
      await ui.moveMouseAway();
      await ui.screenshot('public-export-queued');
    },
  );

  await ui.step(
    'switch from the status bar: the connections, then uat with its own orders',
    async () => {
      await connectionItem(ui).click();
      const pick = await ui.waitForQuickInput({ title: 'Switch Environment' });
      const labels = pick.items.map((i) => i.label);
      assert.ok(labels.includes('uat') && labels.includes('public'), JSON.stringify(labels));
      assert.ok(labels.some((l) => /Add Environment/.test(l)));
      const uat = pick.items.find((i) => i.label === 'uat');
      assert.match(uat?.description ?? '', /internal API · .* · service user/);
      await ui.screenshot('switch-environment-pick');
      await ui.pickQuickItem('uat');
      await ui.waitFor(async () => (await connectionItem(ui).innerText()).includes('uat'), {
        message: 'the status bar names uat again',
      });
      await ui.waitFor(async () => /Orders · uat/i.test(await viewDescription(ui)), {
        message: 'the view names uat',
      });
      await ui.waitFor(async () => (await ui.rows()).length > 0, { message: 'uat rows' });
      await ui.moveMouseAway();
      await ui.screenshot('switch-environment-uat');
      await assertNoSecretOnScreen('after switching');
    },
  );
}
