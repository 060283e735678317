// E2E tier: drives the workbench of a real VS Code (code-server) in headless Chromium, as a person would.
// Library: `Workbench`, the helpers scenarios use (activity bar, tree rows, inline actions, context menus,
// command palette, quick input, notifications, dialogs, editor tab/language, screenshots). Runner (when run
// directly): each test/e2e/*.e2e.mjs gets its own fake server, code-server and browser, with the .vsix installed,
// `uniqueAnalytics.baseUrl` set to the fake and its token in UNIQUE_ANALYTICS_TOKEN.
//
//   node test/harness/e2e.mjs --version 4.139.1 [--vsix dist/unique-analytics.vsix] [--shots <dir>] [--grep <re>] [files...]
// Env: E2E_TIMEOUT_MS (one wait, default 20000), CS_VERBOSE=1, KEEP_SCRATCH=1.
// Canary: the run's fresh token (canaryScan.mjs) is every fake server's token; each screenshot gets its text in a
// .txt beside it; at the end everything the run left is searched for the canary (one check of the tier).
//
// A scenario file exports `default async function (ui: Workbench)` (throws on failure; node:assert is fine),
// optionally `title` (else the file name) and `options`: { seed?: 'demo' | 'empty', fakeArgs?: string[],
// settings?: {...} merged over baseUrl, env?: {...} (null value: unset), files?: { 'rel/path': 'content' } }.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  REPO_ROOT,
  VSIX,
  describeCodeServer,
  extensionHostErrors,
  findCodeServer,
  installVsix,
  launchBrowser,
  removeScratch,
  scratchDir,
  sleep,
  startCodeServer,
} from './codeserver.mjs';
import { startFakeServerProcess } from './fakeServerProcess.mjs';
import { canaryEnv, canaryVerdict, captureOutput, newCanaries } from './canaryScan.mjs';
import { dumpBrowserStorage } from './browserStorage.mjs';
import { pageText, watchScreenText } from './screenText.mjs';

export const CONTAINER_TITLE = 'Unique Analytics';
export const ORDERS_VIEW = 'Orders';
const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS || 20_000);

/** CSS attribute value, quoted. */
const q = (s) => JSON.stringify(String(s));
const squash = (s) =>
  String(s ?? '')
    .replace(/\s+/g, ' ')
    .trim();

/** What a scenario drives. All waits default to E2E_TIMEOUT_MS; every method throws with a readable message. */
export class Workbench {
  /**
   * @param {{ page: import('playwright-core').Page, server: object, fake: object, shotsDir: string, shotPrefix: string }} ctx
   *   server: from startCodeServer (url, workspace, userDataDir, ...); fake: from startFakeServerProcess (url, token, control()).
   */
  constructor({ page, server, fake, shotsDir, shotPrefix }) {
    this.page = page;
    this.server = server;
    this.fake = fake;
    this.shotsDir = shotsDir;
    this.shotPrefix = shotPrefix;
    this.shots = [];
  }

  // --- generic -------------------------------------------------------------------------------------

  /**
   * Polls `fn` until it returns a truthy value (returned); on timeout throws naming `message` (a string, or a
   * function called then, to describe the state at that moment) and the last value seen.
   * @template T
   * @param {() => T | Promise<T>} fn
   * @param {{ timeout?: number, message?: string | (() => string | Promise<string>), interval?: number }} [opts]
   * @returns {Promise<T>}
   */
  async waitFor(fn, { timeout = TIMEOUT, message = 'condition', interval = 200 } = {}) {
    const t0 = Date.now();
    let last;
    for (;;) {
      try {
        last = await fn();
        if (last) return last;
      } catch (e) {
        last = e;
      }
      if (Date.now() - t0 > timeout) {
        const seen = last instanceof Error ? last.message : JSON.stringify(last);
        const what = typeof message === 'function' ? await message() : message;
        throw new Error(`timed out after ${timeout} ms waiting for ${what} (last seen: ${seen})`);
      }
      await sleep(interval);
    }
  }

  /** Runs one named part of a scenario; a failure says which part. Prints the step with its time once done. */
  async step(name, fn) {
    const t0 = Date.now();
    try {
      const out = await fn();
      console.log(`    step: ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      return out;
    } catch (e) {
      console.log(`    step: ${name} FAILED after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      e.message = `[step "${name}"] ${e.message}`;
      throw e;
    }
  }

  /**
   * Saves `<NN>-<name>.png` in the run's screenshot folder, with the text then on screen (innerText and input
   * values) in `<NN>-<name>.txt` beside it for the canary scan; returns the picture's path.
   */
  async screenshot(name) {
    const slug = String(name)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    const file = join(this.shotsDir, `${this.shotPrefix}-${slug}.png`);
    await this.page.waitForTimeout(300); // let animations (hover, list fade-in) settle
    await this.page.screenshot({ path: file });
    writeFileSync(file.replace(/\.png$/, '.txt'), await pageText(this.page));
    this.shots.push(file);
    return file;
  }

  /** Moves the pointer to an empty corner so hovers and tooltips do not cover what a screenshot shows. */
  async moveMouseAway() {
    await this.page.mouse.move(
      this.page.viewportSize().width - 5,
      this.page.viewportSize().height / 2,
    );
  }

  /** Presses a key chord on the workbench, e.g. 'Escape', 'Control+Shift+P'. */
  async press(keys) {
    await this.page.keyboard.press(keys);
  }

  // --- activity bar and views ---------------------------------------------------------------------

  /** The activity-bar entry; its aria-label grows a badge text ("Unique Analytics - 3 exports running"). */
  activityItem(title = CONTAINER_TITLE) {
    return this.page.locator(`.part.activitybar a.action-label[aria-label^=${q(title)}]`);
  }

  /** The badge text of the activity-bar entry ('' when none). */
  async activityBadge(title = CONTAINER_TITLE) {
    const item = this.page.locator(
      `.part.activitybar .action-item:has(> a.action-label[aria-label^=${q(title)}]) .badge-content`,
    );
    return (await item.count()) && (await item.isVisible()) ? squash(await item.innerText()) : '';
  }

  /** Shows the view container (clicking only when it is not already shown: a second click would hide it). */
  async openActivity(title = CONTAINER_TITLE) {
    const item = this.activityItem(title);
    await item.waitFor({ timeout: TIMEOUT });
    const shown = this.page.locator(`.part.sidebar .composite.title h2`, { hasText: title });
    if (!(await shown.isVisible())) await item.click();
    await shown.waitFor({ timeout: TIMEOUT });
    await this.moveMouseAway();
  }

  /** A view pane of the shown container, by name ('Orders'). Its header may be hidden when it is the only view. */
  view(name = ORDERS_VIEW) {
    return this.page.locator(`.part.sidebar .pane:has(> .pane-header[aria-label^=${q(name)}])`);
  }

  /** Waits until the view's body is on screen: a tree, a welcome text or a message. */
  async waitForView(name = ORDERS_VIEW) {
    await this.view(name).locator('.pane-body').waitFor({ timeout: TIMEOUT });
    return this.view(name);
  }

  /** The view's welcome content (shown instead of rows, e.g. "Set an access token ..."), '' when hidden. */
  async welcomeText(name = ORDERS_VIEW) {
    const w = this.view(name).locator('.welcome-view-content');
    return (await w.count()) && (await w.isVisible()) ? squash(await w.innerText()) : '';
  }

  /** Clicks a welcome-content button or link by its text (e.g. 'Set Token'). */
  async clickWelcomeButton(text, name = ORDERS_VIEW) {
    const b = this.view(name)
      .locator('.welcome-view-content')
      .getByRole('button', { name: text, exact: true });
    await b.click({ timeout: TIMEOUT });
  }

  /** Locator of the view's tree rows. */
  treeRows(name = ORDERS_VIEW) {
    return this.view(name).locator('.monaco-list[role="tree"] .monaco-list-row');
  }

  /**
   * The rendered rows: label, description, aria-label (what screen readers say) and icon codicon.
   * Only rows VS Code rendered (long lists are virtualised); scroll or filter for more.
   * @returns {Promise<{ label: string, description: string, ariaLabel: string, icon: string, selected: boolean }[]>}
   */
  async rows(name = ORDERS_VIEW) {
    return this.treeRows(name).evaluateAll((els) =>
      els
        .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
        .map((el) => ({
          label: el.querySelector('.label-name')?.textContent?.trim() ?? '',
          description: el.querySelector('.label-description')?.textContent?.trim() ?? '',
          ariaLabel: el.getAttribute('aria-label') ?? '',
          icon:
            [...(el.querySelector('.custom-view-tree-node-item-icon')?.classList ?? [])].find((c) =>
              /^codicon-(?!colored)/.test(c),
            ) ?? '',
          selected: el.getAttribute('aria-selected') === 'true',
        })),
    );
  }

  /** Waits for the row whose text (label + description) or aria-label contains `text` (string or RegExp). */
  async waitForRow(text, { view = ORDERS_VIEW, timeout = TIMEOUT } = {}) {
    const match = (r) =>
      text instanceof RegExp
        ? text.test(`${r.label} ${r.description}`) || text.test(r.ariaLabel)
        : `${r.label} ${r.description}`.includes(text) || r.ariaLabel.includes(text);
    const hit = await this.waitFor(async () => (await this.rows(view)).find(match), {
      timeout,
      message: `a row matching ${text} in view ${view}`,
    });
    return this.treeRows(view)
      .and(this.page.locator(`[aria-label=${q(hit.ariaLabel)}]`))
      .first();
  }

  /** Hovers the row, then clicks its inline action (`.action-label[aria-label=...]`, e.g. 'Open CSV'). */
  async clickRowAction(rowText, actionLabel, { view = ORDERS_VIEW } = {}) {
    // A poll may re-render the row between the hover and the click, and its actions hide again: hover anew
    // until the click lands (a plain click's retries never hover).
    const deadline = Date.now() + TIMEOUT;
    for (;;) {
      const row = await this.waitForRow(rowText, { view });
      await row.hover();
      const action = row.locator(
        `.actions .action-label[aria-label=${q(actionLabel)}], .actions .action-label[aria-label^=${q(`${actionLabel} (`)}]`,
      );
      try {
        await action
          .first()
          .click({ timeout: Math.min(2_000, Math.max(1, deadline - Date.now())) });
        return;
      } catch (e) {
        if (Date.now() >= deadline) throw e;
      }
    }
  }

  /** The inline action labels a row shows on hover. */
  async rowActions(rowText, { view = ORDERS_VIEW } = {}) {
    const row = await this.waitForRow(rowText, { view });
    await row.hover();
    await this.page.waitForTimeout(200);
    return row
      .locator('.actions .action-label')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  }

  /** Right-clicks the row and returns the context-menu item labels (menu left open; Escape closes it). */
  async rowContextMenuItems(rowText, { view = ORDERS_VIEW } = {}) {
    const row = await this.waitForRow(rowText, { view });
    await row.click({ button: 'right' });
    return this.contextMenuItems();
  }

  /** Right-clicks the row and clicks a context-menu item by label (e.g. 'Delete Order'). */
  async rowContextMenu(rowText, itemLabel, { view = ORDERS_VIEW } = {}) {
    const row = await this.waitForRow(rowText, { view });
    await row.click({ button: 'right' });
    await this.clickContextMenuItem(itemLabel);
  }

  /** Labels of the open context menu (custom HTML menu; Playwright's CSS pierces its shadow root). */
  async contextMenuItems() {
    const items = this.page.locator('.context-view .monaco-menu .action-menu-item .action-label');
    await items.first().waitFor({ timeout: TIMEOUT });
    return (await items.allInnerTexts()).map(squash);
  }

  async clickContextMenuItem(itemLabel) {
    const item = this.page
      .locator(
        `.context-view .monaco-menu .action-menu-item:has(.action-label[aria-label=${q(itemLabel)}])`,
      )
      .first();
    try {
      await item.waitFor({ timeout: TIMEOUT });
    } catch {
      throw new Error(
        `no context-menu item "${itemLabel}" (offered: ${JSON.stringify(await this.contextMenuItems().catch(() => []))})`,
      );
    }
    // VS Code's menu ignores a click that lands too soon after it opened: hover first, then click.
    await item.hover();
    await this.page.waitForTimeout(150);
    await item.click({ timeout: TIMEOUT });
    await this.page
      .locator('.context-view .monaco-menu')
      .waitFor({ state: 'hidden', timeout: TIMEOUT });
  }

  /** Clicks a view-title action: an icon button if shown, else the item in the "..." overflow menu. */
  /** The Orders view's own header (the container shows one per view: Orders, Reports). */
  ordersHeader() {
    return this.page
      .locator('.part.sidebar .pane-header')
      .filter({ has: this.page.locator('.title', { hasText: /^Orders\b/ }) })
      .first();
  }

  /** The Orders view's title-bar icons (hovered first: a view header shows them on hover), "…" left out. */
  async viewTitleIcons() {
    await this.ordersHeader().hover();
    return this.ordersHeader()
      .locator('.actions .action-label:visible')
      .evaluateAll((els) =>
        els
          .map((e) => e.getAttribute('aria-label') ?? '')
          .filter((l) => !l.includes('More Actions')),
      );
  }

  /** Opens the Orders view's "…" menu. */
  async openViewTitleMenu() {
    await this.ordersHeader().hover();
    await this.ordersHeader()
      .locator('.actions .action-label[aria-label$="More Actions..."]')
      .first()
      .click({ timeout: TIMEOUT });
  }

  async clickViewTitleAction(label) {
    // With more than one view in the container (Orders, Reports) each view has its own header, whose
    // actions show only while the pointer is on it: hover the Orders header first, as a person would.
    const header = this.page
      .locator('.part.sidebar .pane-header')
      .filter({ has: this.page.locator('.title', { hasText: /^Orders\b/ }) });
    const own = (await header.count()) > 0;
    if (own) await header.first().hover();
    const icon = own
      ? header.first().locator(`.actions .action-label[aria-label=${q(label)}]`)
      : this.page.locator(`.part.sidebar .title-actions .action-label[aria-label=${q(label)}]`);
    if (await icon.first().isVisible()) return icon.first().click();
    const more = own
      ? header.first().locator('.actions .action-label[aria-label$="More Actions..."]')
      : this.page.locator(
          '.part.sidebar .title-actions .action-label[aria-label$="More Actions..."]',
        );
    await more.first().click({ timeout: TIMEOUT });
    await this.clickContextMenuItem(label);
  }

  // --- command palette and quick input ---------------------------------------------------------------

  quickInput() {
    return this.page.locator('.quick-input-widget');
  }

  /** Opens the command palette and runs the command whose full title is `title` ('Unique Analytics: Refresh Orders'). */
  async runCommand(title) {
    await this.press('F1');
    const input = this.quickInput().locator('.quick-input-box input');
    try {
      await input.waitFor({ timeout: TIMEOUT });
    } catch {
      throw new Error(
        `the command palette did not open for "${title}" (does a menu or a modal dialog hold the focus?)`,
      );
    }
    await input.fill(`>${title}`);
    const row = this.quickInput()
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name').getByText(title, { exact: true }) });
    try {
      await row.first().waitFor({ timeout: TIMEOUT });
    } catch {
      const offered = await this.quickPickItems().catch(() => []);
      await this.press('Escape');
      throw new Error(
        `command "${title}" is not in the command palette (offered: ${JSON.stringify(offered.map((i) => i.label))})`,
      );
    }
    await row.first().click();
  }

  /**
   * Waits for a quick input (pick or input box) to be open, optionally with a title containing `title`.
   * @param {{ title?: string, timeout?: number }} [opts]
   */
  async waitForQuickInput({ title, timeout = TIMEOUT } = {}) {
    return this.waitFor(
      async () => {
        const s = await this.quickInputState();
        return s.visible && (!title || s.title.includes(title)) ? s : undefined;
      },
      { timeout, message: `a quick input${title ? ` titled "${title}"` : ''}` },
    );
  }

  /**
   * What the quick input shows now.
   * @returns {Promise<{ visible: boolean, title: string, placeholder: string, value: string, message: string, items: { label: string, description: string, detail: string, checked: boolean | undefined }[] }>}
   */
  async quickInputState() {
    const w = this.quickInput();
    if (!(await w.count()) || !(await w.isVisible()))
      return { visible: false, title: '', placeholder: '', value: '', message: '', items: [] };
    const input = w.locator('.quick-input-box input');
    return {
      visible: true,
      title: squash(await w.locator('.quick-input-title').innerText()),
      placeholder: (await input.getAttribute('placeholder')) ?? '',
      value: await input.inputValue(),
      message: squash(await w.locator('.quick-input-message').innerText()),
      items: await this.quickPickItems(),
    };
  }

  /** The quick pick's visible items. `checked` is set for multi-select picks. */
  async quickPickItems() {
    return this.quickInput()
      .locator('.quick-input-list .monaco-list-row')
      .evaluateAll((els) =>
        els
          .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
          .map((el) => {
            // Rows are recycled: parts hidden for this item may still hold an earlier item's text.
            const shown = (sel) =>
              [...el.querySelectorAll(sel)].find((e) => e.getClientRects().length > 0);
            const text = (sel) => shown(sel)?.textContent?.trim() ?? '';
            const box = shown(
              '.quick-input-list-checkbox, .monaco-checkbox, input[type="checkbox"]',
            );
            return {
              label: text('.quick-input-list-row:first-child .label-name'),
              description: text('.quick-input-list-row:first-child .label-description'),
              detail: text('.quick-input-list-label-meta .label-name'),
              checked: box
                ? (box.checked ?? box.getAttribute('aria-checked') === 'true')
                : undefined,
            };
          }),
      );
  }

  /** Types into the open quick input (replacing its value); Enter unless `submit: false`. */
  async typeInQuickInput(text, { submit = true } = {}) {
    const input = this.quickInput().locator('.quick-input-box input');
    await input.waitFor({ timeout: TIMEOUT });
    await input.fill(text);
    if (submit) await input.press('Enter');
  }

  /** Clicks the quick-pick item whose label is exactly `label` (multi-select: toggles it). */
  async pickQuickItem(label) {
    const row = this.quickInput()
      .locator('.quick-input-list .monaco-list-row')
      .filter({
        has: this.page
          .locator('.quick-input-list-row .label-name')
          .getByText(label, { exact: true }),
      });
    try {
      await row.first().click({ timeout: TIMEOUT });
    } catch {
      throw new Error(
        `no quick-pick item "${label}" (offered: ${JSON.stringify((await this.quickPickItems()).map((i) => i.label))})`,
      );
    }
  }

  /** Clicks the quick input's OK button (multi-select picks) or presses Enter. */
  async acceptQuickInput() {
    const ok = this.quickInput().locator('.quick-input-action .monaco-button', { hasText: 'OK' });
    if (await ok.isVisible()) await ok.click();
    else await this.quickInput().locator('.quick-input-box input').press('Enter');
  }

  // --- notifications and dialogs -----------------------------------------------------------------

  /** Notification toasts on screen, newest first: message, source and button labels. */
  async notifications() {
    return this.page.locator('.notifications-toasts .notification-toast').evaluateAll((els) =>
      els.map((el) => ({
        message: (el.querySelector('.notification-list-item-message')?.textContent ?? '')
          .replace(/\s+/g, ' ')
          .trim(),
        source: (el.querySelector('.notification-list-item-source')?.textContent ?? '').trim(),
        buttons: [
          ...el.querySelectorAll('.notification-list-item-buttons-container .monaco-button'),
        ].map((b) => (b.textContent ?? '').trim()),
        severity:
          ['info', 'warning', 'error'].find((s) =>
            el.querySelector(
              `.notification-list-item-icon.codicon-${s}, .codicon-notifications-${s}`,
            ),
          ) ?? '',
      })),
    );
  }

  /** Waits for a toast whose message contains `match` (string or RegExp) and returns it. */
  async waitForNotification(match, { timeout = TIMEOUT } = {}) {
    const test = (m) => (match instanceof RegExp ? match.test(m) : m.includes(match));
    return this.waitFor(async () => (await this.notifications()).find((n) => test(n.message)), {
      timeout,
      message: `a notification matching ${match}`,
    });
  }

  /** Clicks a button of the toast whose message contains `match`. */
  async clickNotificationButton(match, buttonLabel) {
    const n = await this.waitForNotification(match);
    const toast = this.page
      .locator('.notifications-toasts .notification-toast')
      .filter({ hasText: n.message.slice(0, 80) });
    await toast
      .locator('.notification-list-item-buttons-container .monaco-button')
      .getByText(buttonLabel, { exact: true })
      .first()
      .click({ timeout: TIMEOUT });
  }

  /** Closes every toast (the notification centre's "Clear All Notifications" command). */
  async clearNotifications() {
    await this.runCommand('Notifications: Clear All Notifications');
  }

  /** The open modal dialog (e.g. a delete confirmation) or undefined: message, detail and button labels. */
  async dialog() {
    const d = this.page.locator('.monaco-dialog-box');
    if (!(await d.count()) || !(await d.isVisible())) return undefined;
    return {
      message: squash(await d.locator('.dialog-message-text').innerText()),
      detail: squash(
        await d
          .locator('.dialog-message-detail')
          .innerText()
          .catch(() => ''),
      ),
      buttons: (await d.locator('.dialog-buttons .monaco-button').allInnerTexts()).map(squash),
    };
  }

  async waitForDialog({ timeout = TIMEOUT } = {}) {
    return this.waitFor(() => this.dialog(), { timeout, message: 'a modal dialog' });
  }

  /** Clicks a modal dialog button by its label ('Delete', 'Cancel'). */
  async clickDialogButton(label) {
    await this.waitForDialog();
    await this.page
      .locator('.monaco-dialog-box .dialog-buttons .monaco-button')
      .getByText(label, { exact: true })
      .first()
      .click({ timeout: TIMEOUT });
  }

  // --- editors -------------------------------------------------------------------------------------

  /** Title of the active editor tab, e.g. 'orders.csv' ('' when no editor is open). */
  async activeTabTitle() {
    const tab = this.page
      .locator('.part.editor .editor-group-container.active .tabs-container .tab.active')
      .first();
    if (!(await tab.count())) return '';
    // Newer VS Code renders the extension apart (label-name + label-suffix).
    return tab.evaluate((el) =>
      ['.label-name', '.label-suffix']
        .map((s) => el.querySelector(s)?.textContent ?? '')
        .join('')
        .replace(/\s+/g, ' ')
        .trim(),
    );
  }

  async waitForActiveTab(match, { timeout = TIMEOUT } = {}) {
    const test = (t) => (match instanceof RegExp ? match.test(t) : t.includes(match));
    return this.waitFor(async () => test(await this.activeTabTitle()) && this.activeTabTitle(), {
      timeout,
      message: `an active editor tab matching ${match}`,
    });
  }

  /** Language of the active editor as the status bar names it (`#status.editor.mode`, e.g. 'CSV'). */
  async editorLanguage() {
    const mode = this.page.locator('.statusbar-item[id="status.editor.mode"]');
    return (await mode.count()) && (await mode.isVisible()) ? squash(await mode.innerText()) : '';
  }

  /** Text of the active editor's rendered lines (only what is on screen; non-breaking spaces normalised). */
  async activeEditorText() {
    const lines = this.page
      .locator('.part.editor .editor-group-container.active .editor-instance .view-lines')
      .first();
    return (await lines.innerText()).replace(/\u00a0/g, ' ');
  }
}

// --- runner -------------------------------------------------------------------------------------------

/**
 * @typedef {object} ScenarioOptions what a scenario file may export as `options`
 * @property {'demo' | 'empty'} [seed] the fake server's seed (default 'demo')
 * @property {string[]} [fakeArgs] extra flags for the fake server, e.g. ['--pending-ms', '500']
 * @property {Record<string, unknown>} [settings] user settings, over `uniqueAnalytics.baseUrl` = the fake's URL
 * @property {Record<string, string | null>} [env] extension-host env over UNIQUE_ANALYTICS_TOKEN = the fake's token; null unsets
 * @property {Record<string, string>} [files] workspace files to create, by relative path
 * @property {string} [open] one of `files`, a `.code-workspace`, to open instead of the folder (multi-root)
 * @property {boolean} [restricted] open the workspace in Restricted Mode (workspace trust on, never asked)
 * @property {string} [locale] VS Code's display language, e.g. 'de' (codeserver.mjs useDisplayLanguage): the
 *   extension speaks it, the workbench's own texts stay English (no language pack here)
 */

/**
 * Prepares a fresh world for one scenario and returns it with a `dispose()`.
 * @param {{ version: string, dir: string, entry: string, node: string }} cs from findCodeServer()
 * @param {{ vsix?: string, options?: ScenarioOptions, shotsDir: string, shotPrefix: string, token?: string,
 *   secret?: string, apiKey?: string }} args
 *   token: the fake's good token (the runner passes its canary; default a random one); secret, apiKey: its
 *   service user's client secret and Public API key (the runner's canaries; default random ones)
 */
export async function openWorkbench(
  cs,
  { vsix = VSIX, options = {}, shotsDir, shotPrefix, token, secret, apiKey },
) {
  const fake = await startFakeServerProcess({
    seed: options.seed ?? 'demo',
    args: options.fakeArgs,
    token,
    secret,
    apiKey,
  });
  const root = scratchDir('e2e');
  let server;
  let browser;
  let screen;
  const dispose = async () => {
    await browser?.close();
    await server?.stop();
    await fake.stop();
  };
  try {
    installVsix(cs, vsix, {
      userDataDir: join(root, 'data'),
      extensionsDir: join(root, 'extensions'),
    });
    const workspace = join(root, 'workspace');
    for (const [rel, content] of Object.entries(options.files ?? {})) {
      mkdirSync(dirname(join(workspace, rel)), { recursive: true });
      writeFileSync(join(workspace, rel), content);
    }
    mkdirSync(join(root, 'tmp'));
    // TMPDIR: the extension host's temporary files stay in the scratch, which the canary scan reads.
    // The canary secret and key reach the extension host as in integration (canaryScan.mjs); a scenario
    // types them where a person would (the fake's `serviceUser.secret`, `publicApi.apiKey`).
    const env = {
      TMPDIR: join(root, 'tmp'),
      UNIQUE_ANALYTICS_TOKEN: fake.token,
      ...canaryEnv({ secret, apiKey }),
      ...options.env,
    };
    for (const [k, v] of Object.entries(env)) if (v === null || v === undefined) delete env[k];
    server = await startCodeServer(cs, {
      root,
      workspace,
      ...(options.open ? { open: join(workspace, options.open) } : {}),
      ...(options.restricted ? { restricted: true } : {}),
      ...(options.locale ? { locale: options.locale } : {}),
      env,
      settings: { 'uniqueAnalytics.baseUrl': fake.url, ...options.settings },
    });
    browser = await launchBrowser({ root });
    screen = await watchScreenText(browser.page); // every message shown, for the canary scan
    // Start-up gets generous limits (a busy 2-core machine took over 30 s to load the workbench); the
    // scenarios' own waits keep E2E_TIMEOUT_MS.
    await browser.page.goto(server.workbenchUrl, { timeout: 90_000 });
    await browser.page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
    // Our container's entry appears once the extension host has read the manifest.
    await browser.page
      .locator(`.part.activitybar a.action-label[aria-label^=${q(CONTAINER_TITLE)}]`)
      .waitFor({ timeout: 60_000 });
    const ui = new Workbench({ page: browser.page, server, fake, shotsDir, shotPrefix });
    return { ui, root, server, fake, screen, dispose };
  } catch (e) {
    await dispose();
    throw e;
  }
}

async function main() {
  const { values: opt, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      version: { type: 'string', default: process.env.CODE_SERVER_VERSION },
      vsix: { type: 'string', default: VSIX },
      shots: { type: 'string' },
      grep: { type: 'string' },
    },
  });
  if (!opt.version) {
    console.error(
      'usage: node test/harness/e2e.mjs --version <code-server version> [--vsix f] [--shots dir] [--grep re] [files...]',
    );
    process.exit(2);
  }
  const label = `e2e (${opt.version})`;
  const output = captureOutput(); // the harness's own log is searched for the canary too
  const canaries = newCanaries(); // token, client secret, API key
  const canary = canaries.token;
  const canaryRun = { uses: 0, paths: [], origins: [], roots: [], storage: [] };
  const dir = join(REPO_ROOT, 'test', 'e2e');
  let files = positionals.length
    ? positionals.map((f) => resolve(f))
    : readdirSync(dir)
        .filter((f) => f.endsWith('.e2e.mjs'))
        .sort()
        .map((f) => join(dir, f));
  if (opt.grep) files = files.filter((f) => new RegExp(opt.grep).test(basename(f)));
  const shotsDir = resolve(opt.shots ?? join(REPO_ROOT, 'screenshots', opt.version));
  const t0 = Date.now();
  const results = [];
  let cs;
  try {
    cs = findCodeServer(opt.version);
    mkdirSync(shotsDir, { recursive: true });
    console.log(
      `${label}: code-server ${describeCodeServer(cs)}, ${files.length} scenario(s), screenshots in ${shotsDir}`,
    );
  } catch (e) {
    console.log(`FAIL ${label}: ${e.message}`);
    results.push({ ok: false });
  }
  for (const file of cs ? files : []) {
    const base = basename(file, '.e2e.mjs');
    const shotPrefix = /^\d+/.exec(base)?.[0] ?? base;
    // Old pictures of this scenario would be mistaken for this run's.
    for (const f of readdirSync(shotsDir))
      if (
        f.startsWith(`${shotPrefix}-`) ||
        f === `failure-${base}.png` ||
        f === `failure-${base}.txt`
      )
        rmSync(join(shotsDir, f));
    const ts = Date.now();
    let world;
    let title = base;
    let error;
    try {
      const mod = await import(pathToFileURL(file).href);
      title = mod.title ?? base;
      if (typeof mod.default !== 'function')
        throw new Error(`${file} must export a default async function (ui) => {...}`);
      console.log(`  ${title}`);
      world = await openWorkbench(cs, {
        vsix: opt.vsix,
        options: mod.options,
        shotsDir,
        shotPrefix,
        ...canaries,
      });
      console.log(
        `    workbench open (fake server, code-server, .vsix, browser): ${((Date.now() - ts) / 1000).toFixed(1)} s`,
      );
      await mod.default(world.ui);
      const hostErrors = extensionHostErrors(world.server);
      if (hostErrors.length)
        throw new Error(
          `the extension host logged errors naming our extension:\n${hostErrors.join('\n')}`,
        );
    } catch (e) {
      error = e;
      if (world)
        await world.ui.page
          .screenshot({ path: join(shotsDir, `failure-${base}.png`) })
          .catch(() => {});
      if (world)
        await pageText(world.ui.page)
          .then((t) => writeFileSync(join(shotsDir, `failure-${base}.txt`), t))
          .catch(() => {});
    } finally {
      if (world) canaryRun.uses += await canaryUses(world.fake, canaries);
      if (world) canaryRun.storage.push(await dumpBrowserStorage(world.ui.page)); // before the browser closes
      await world?.dispose();
    }
    if (world) {
      // What this scenario left, for the canary scan at the end: its scratch (with the processes' output and
      // the text seen on screen written into it) and its screenshots' text.
      writeFileSync(join(world.root, 'code-server.log'), world.server.log());
      writeFileSync(join(world.root, 'fake-server.log'), world.fake.log());
      writeFileSync(join(world.root, 'seen-on-screen.txt'), world.screen.texts().join('\n\n'));
      const texts = [
        ...world.ui.shots.map((f) => f.replace(/\.png$/, '.txt')),
        join(shotsDir, `failure-${base}.txt`),
      ];
      canaryRun.paths.push(world.root, ...texts.filter((f) => existsSync(f)));
      canaryRun.origins.push(world.server.url);
    }
    const secs = ((Date.now() - ts) / 1000).toFixed(1);
    if (error) {
      console.log(
        `FAIL ${title} (${secs} s)\n${String(error?.stack ?? error).replace(/^/gm, '    ')}`,
      );
      if (world)
        console.log(
          `    screenshot: ${join(shotsDir, `failure-${base}.png`)}; logs: ${join(world.root, 'data', 'logs')}`,
        );
    } else {
      console.log(`PASS ${title} (${secs} s)`);
      canaryRun.roots.push(world.root); // removed after the canary scan
    }
    results.push({ ok: !error });
  }
  if (cs && files.length) {
    const check = canaryVerdict({
      ...canaries,
      paths: canaryRun.paths,
      texts: [{ name: '<this harness output>', text: output.text() }],
      storage: canaryRun.storage,
      workbenchOrigins: canaryRun.origins,
      flowed: canaryRun.uses > 0,
      flowNote: `the fake servers saw ${canaryRun.uses} request(s) carrying the token or API key, or signing in with the client secret`,
    });
    for (const l of check.lines) console.log(l);
    results.push({ ok: check.ok });
    for (const r of canaryRun.roots)
      if (check.ok) removeScratch(r);
      else console.log(`scratch kept for the canary post-mortem: ${r}`);
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(
    `${label}: wall time ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots: ${shotsDir}`,
  );
  console.log(`${label}: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

/**
 * Requests the fake server saw carrying a canary (0 when it cannot say): the token or the API key as the
 * bearer, and the client secret through the tokens its service user was issued (only for the right secret).
 */
async function canaryUses(fake, { token, apiKey }) {
  try {
    const byToken = (await fake.control('POST', '/token-uses', { token })).uses;
    const byKey = (await fake.control('POST', '/token-uses', { token: apiKey })).uses;
    const bySecret = (await fake.control('GET', '/service-user')).issued;
    return byToken + byKey + bySecret;
  } catch (e) {
    console.log(
      `    canary: could not ask the fake server how often it saw the canary: ${e.message}`,
    );
    return 0;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
