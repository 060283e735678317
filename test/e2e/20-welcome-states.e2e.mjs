// Set-up as a person goes through it, from a fresh install with neither base URL nor token: each welcome
// state (no base URL, no token, token rejected, forbidden, offline) with its short text and working
// buttons, the inline check of the base URL, the check of a new token, and "Check Connection" reporting
// what works and what does not. Nothing on screen or in the log shows a token.
// Screenshots: NN-welcome-*.png (also bad base URL), NN-configure-*.png, NN-set-token-*.png, NN-check-connection-*.png.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../harness/codeserver.mjs';

export const title =
  'welcome states: no base URL, no token, token rejected, forbidden, offline; Check Connection';
export const options = {
  seed: 'demo',
  settings: { 'uniqueAnalytics.baseUrl': '' },
  env: { UNIQUE_ANALYTICS_TOKEN: null, TZ: 'Europe/Zurich' },
};

/** The welcome content's buttons (VS Code renders a line holding only a command link as a button). */
const welcomeButtons = (ui) =>
  ui
    .view()
    .locator('.welcome-view-content .monaco-button')
    .evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));

async function waitForWelcome(ui, match, what) {
  return ui.waitFor(async () => match.test(await ui.welcomeText()) && ui.welcomeText(), {
    message: async () =>
      `the ${what} welcome (shown: "${await ui.welcomeText()}", rows: ${(await ui.rows()).length})`,
  });
}

/** The view's title-bar icons (the "..." menu not included). */
const titleIcons = (ui) => ui.viewTitleIcons();

/**
 * VS Code keeps a progress notification up for a moment after its work ended; screenshots and counts
 * wait for it to go.
 */
const waitForProgressGone = (ui, match) =>
  ui.waitFor(async () => !(await ui.notifications()).some((n) => match.test(n.message)), {
    message: `the progress notification ${match} to close`,
  });

/** Everything a person could read on screen now, to check no token shows. */
const screenText = (ui) => ui.page.locator('.monaco-workbench').innerText();

/** @param {import('../harness/e2e.mjs').Workbench} ui */
export default async function welcomeStates(ui) {
  const wrongToken = 'wrong-token-0123456789abcdef';
  const closedUrl = `http://127.0.0.1:${await freePort(47_000)}/chat`;

  await ui.step(
    'no base URL: what the extension does, what is missing, one button; no title actions yet',
    async () => {
      await ui.openActivity();
      await ui.waitForView();
      const text = await waitForWelcome(ui, /Connect in one of three ways/, 'no base URL');
      assert.match(text, /^Order, watch and open analytics exports of your Unique tenant\./);
      assert.match(text, /a service user .*a personal API key .*an access token pasted by hand/);
      assert.match(text, /chat\.feedback\.read or chat\.data\.admin/);
      assert.deepEqual(await welcomeButtons(ui), [
        'Add Environment',
        'Import from .env File',
        'Configure Base URL',
      ]);
      // Start Export and Refresh cannot work before set-up: the title bar does not offer them.
      assert.deepEqual(await titleIcons(ui), []);
      await ui.screenshot('welcome-no-base-url');
    },
  );

  await ui.step('Configure: the base URL is checked as it is typed', async () => {
    await ui.clickWelcomeButton('Configure Base URL');
    const box = await ui.waitForQuickInput({ title: 'Base URL' });
    assert.equal(box.title, 'Unique Analytics: Base URL');
    assert.match(box.message, /"host of URL" of your tenant's chat service/);
    await ui.typeInQuickInput('http://unique.example.com/chat', { submit: false });
    const invalid = await ui.waitFor(async () => {
      const s = await ui.quickInputState();
      return /unencrypted/.test(s.message) && s;
    });
    assert.match(invalid.message, /Use https:\/\//);
    await ui.screenshot('configure-base-url-invalid');
    await ui.press('Enter');
    assert.equal(
      (await ui.quickInputState()).title,
      'Unique Analytics: Base URL',
      'Enter on an invalid URL keeps the box',
    );
    await ui.typeInQuickInput(ui.fake.url);
  });

  await ui.step(
    'with no token yet, Configure goes on to Set Token; Escape leaves the no-token welcome',
    async () => {
      const box = await ui.waitForQuickInput({ title: 'Access Token' });
      assert.match(box.message, /secret storage, never in settings/);
      assert.equal(
        await ui.quickInput().locator('.quick-input-box input').getAttribute('type'),
        'password',
      );
      await ui.screenshot('set-token-input');
      await ui.press('Escape');
      const text = await waitForWelcome(ui, /Set an access token/, 'no token');
      assert.match(text, /UNIQUE_ANALYTICS_TOKEN/);
      assert.deepEqual(await welcomeButtons(ui), ['Set Token']);
      await ui.screenshot('welcome-no-token');
    },
  );

  await ui.step(
    'a wrong token is checked at once: one error saying why, and the "token rejected" welcome',
    async () => {
      await ui.clickWelcomeButton('Set Token');
      await ui.waitForQuickInput({ title: 'Access Token' });
      await ui.typeInQuickInput(wrongToken);
      const n = await ui.waitForNotification(/did not accept the access token/);
      assert.equal(n.severity, 'error');
      assert.match(
        n.message,
        /^Unique did not accept the access token \(HTTP 401\): it may be expired/,
      );
      assert.deepEqual(n.buttons, ['Set Token', 'Check Connection']);
      const text = await waitForWelcome(ui, /rejected/, 'token rejected');
      assert.match(text, /Updates are paused until you set a new one/);
      assert.deepEqual(await welcomeButtons(ui), ['Set Token', 'Check Connection']);
      await waitForProgressGone(ui, /Checking the access token/);
      assert.equal(
        (await ui.notifications()).length,
        1,
        `one message, not a pile: ${JSON.stringify(await ui.notifications())}`,
      );
      assert.ok(!(await screenText(ui)).includes(wrongToken), 'the token is not on screen');
      await ui.screenshot('welcome-token-rejected');
    },
  );

  await ui.step(
    'a token without the analytics roles: the "forbidden" welcome says whom to ask',
    async () => {
      await ui.clearNotifications();
      await ui.fake.control('POST', '/faults', {
        on: 'list',
        fault: { kind: 'status', status: 403 },
      });
      await ui.clickWelcomeButton('Set Token');
      await ui.waitForQuickInput({ title: 'Access Token' });
      await ui.typeInQuickInput(ui.fake.token);
      const n = await ui.waitForNotification(/lacks the analytics roles/);
      assert.match(
        n.message,
        /\(HTTP 403\)\. Ask your Unique administrator for chat\.feedback\.read or chat\.data\.admin/,
      );
      const text = await waitForWelcome(ui, /lacks the analytics roles/, 'forbidden');
      assert.match(text, /Ask your Unique administrator/);
      assert.deepEqual(await welcomeButtons(ui), ['Set Token', 'Check Connection']);
      await waitForProgressGone(ui, /Checking the access token/);
      await ui.screenshot('welcome-forbidden');
      await ui.fake.control('DELETE', '/faults');
    },
  );

  await ui.step(
    'a base URL where nothing listens: the "offline" welcome, without a popup',
    async () => {
      await ui.clearNotifications();
      await ui.runCommand('Unique Analytics: Configure…');
      await ui.waitForQuickInput({ title: 'Base URL' });
      await ui.typeInQuickInput(closedUrl);
      const text = await waitForWelcome(ui, /cannot be reached/, 'offline');
      assert.match(text, /keeps retrying/);
      assert.deepEqual(await welcomeButtons(ui), ['Check Connection', 'Show Log']);
      assert.deepEqual(
        await ui.notifications(),
        [],
        'the welcome explains it; no notification on top',
      );
      await ui.screenshot('welcome-offline');
    },
  );

  await ui.step(
    'Check Connection names the failed check and offers Configure, which fixes it',
    async () => {
      await ui.clickWelcomeButton('Check Connection');
      const n = await ui.waitForNotification(/^Connection check:/);
      assert.match(
        n.message,
        /Server reachable \(network, proxy, TLS\) failed: .*refused the connection \(ECONNREFUSED\)/,
      );
      assert.match(n.message, /Check uniqueAnalytics\.baseUrl/);
      assert.deepEqual(n.buttons, ['Configure', 'Show Log']);
      await waitForProgressGone(ui, /Checking the connection/);
      await ui.screenshot('check-connection-offline');
      await ui.clickNotificationButton(/^Connection check:/, 'Configure');
      const box = await ui.waitForQuickInput({ title: 'Base URL' });
      assert.equal(box.value, closedUrl, 'the box starts from the current URL');
      await ui.typeInQuickInput(ui.fake.url);
      // The API's 10 s rule holds for this list too.
      await ui.waitForRow('Reference statistics', { timeout: 30_000 });
      assert.equal(await ui.welcomeText(), '');
      assert.deepEqual(await titleIcons(ui), ['Start Export…', 'Refresh Orders']);
    },
  );

  await ui.step(
    'Check Connection passes; its report in the log lists every check, never the token',
    async () => {
      await ui.clearNotifications();
      await ui.runCommand('Unique Analytics: Check Connection');
      const n = await ui.waitForNotification(/^Connection works/);
      assert.equal(n.message, 'Connection works: all 7 checks passed.');
      await waitForProgressGone(ui, /Checking the connection/);
      await ui.screenshot('check-connection-ok');
      await ui.clickNotificationButton(/^Connection works/, 'Show Log');
      const output = ui.page
        .locator('.part.panel .output-view .view-lines, .part.panel .monaco-editor .view-lines')
        .first();
      const log = await ui.waitFor(
        async () => {
          const t = (await output.innerText().catch(() => '')).replace(/\u00a0/g, ' ');
          return t.includes('✓ Download route') && t;
        },
        { message: 'the connection report in the log' },
      );
      for (const check of [
        'Settings',
        'Access token set',
        'Server reachable',
        'Token accepted',
        'Analytics role',
        'Order list',
      ])
        assert.ok(log.includes(`✓ ${check}`), `log reports "${check}": ${log}`);
      await ui.screenshot('check-connection-log');
      const all = await screenText(ui);
      assert.ok(
        !all.includes(ui.fake.token) && !all.includes(wrongToken),
        'no token on screen or in the log',
      );
    },
  );

  await ui.step(
    'a base URL edited by hand into one that cannot be used: the "bad base URL" welcome, live',
    async () => {
      // Configure refuses such a URL, so edit the user settings.json in the editor as a person would.
      const settings = JSON.parse(
        readFileSync(join(ui.server.userDataDir, 'User', 'settings.json'), 'utf8'),
      );
      const edited = JSON.stringify(
        { ...settings, 'uniqueAnalytics.baseUrl': 'http://unique.example.com/chat' },
        null,
        2,
      );
      await ui.runCommand('Preferences: Open User Settings (JSON)');
      // VS Code 1.139 opens it in a modal editor, older ones in a tab: wait for a focused editor showing it.
      await ui.waitFor(
        async () =>
          /uniqueAnalytics\.baseUrl/.test(
            await ui.page.locator('.monaco-editor.focused .view-lines').first().innerText(),
          ),
        { message: 'settings.json open and focused' },
      );
      await ui.page.evaluate((text) => navigator.clipboard.writeText(text), edited);
      await ui.press('Control+A');
      await ui.press('Control+V');
      await ui.press('Control+S');
      // VS Code 1.139 shows settings.json in a modal editor with its own close button; older ones in a tab.
      const closeModal = ui.page.locator(
        '.modal-editor-action-container .action-label.codicon-close',
      );
      if (await closeModal.isVisible()) await closeModal.click();
      else await ui.runCommand('View: Close All Editors');
      const text = await waitForWelcome(ui, /cannot be used/, 'bad base URL');
      assert.match(text, /Check Connection and the log say exactly why/);
      assert.deepEqual(await welcomeButtons(ui), ['Configure', 'Check Connection', 'Show Log']);
      await ui.runCommand('Notifications: Clear All Notifications');
      await ui.clickWelcomeButton('Show Log');
      const output = ui.page
        .locator('.part.panel .output-view .view-lines, .part.panel .monaco-editor .view-lines')
        .first();
      await ui.waitFor(
        async () =>
          /badBaseUrl: The base URL uses plain http:\/\/ to unique/.test(
            (await output.innerText()).replace(/[\s\u00a0]+/g, ' '),
          ),
        {
          message: 'the exact reason in the log',
        },
      );
      await ui.screenshot('welcome-bad-base-url');
    },
  );
}
