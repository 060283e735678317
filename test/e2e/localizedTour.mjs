// A tour of the extension in another display language (code-server started with --locale, see
// useDisplayLanguage in test/harness/codeserver.mjs): the Orders tree, the Start Export wizard, a notification
// the insights of a chat export (words, numbers, chart dates) and the walkthrough (open from the start, as after an install: its first three steps tick themselves off as
// they are done), each screenshotted; on each screen, none of our English texts that the language's
// bundles translate may show, and some of the translations must. The workbench's own texts stay English (no
// language pack on these machines), so only our parts of the screen are read: the side bar while our container
// is shown, the quick input while our wizard is open, the notification toasts, the walkthrough's editor.
// Shared by the per-language scenarios (80-german, 81-french); not a scenario itself (no .e2e.mjs suffix).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const repoFile = (rel) =>
  JSON.parse(readFileSync(new URL(`../../${rel}`, import.meta.url), 'utf8'));
const messageOf = (v) => (typeof v === 'string' ? v : v.message);

/** Names that read the same in every language (l10n/GLOSSARY.md), never evidence of an untranslated text. */
const NAMES =
  /Unique Analytics|Unique|Public API|GraphQL|VS Code|Zitadel|Open VSX|unique\.env|CSV|TSV|Markdown|PNG|JSON|HTTP|URL/g;

/**
 * The literal pieces of a message a person could read on screen: the text between placeholders, codicons and
 * names, kept when it has two words or more (one word, "Open", is too likely to be the workbench's own).
 */
function pieces(message) {
  return message
    .replace(/\{[^{}]*\}|\$\([a-z0-9~-]+\)/gi, '\u0000')
    .replace(NAMES, '\u0000')
    .split(/\u0000|\n/)
    .map((s) => s.replace(/^[\s.,:;·…()"'«»-]+|[\s.,:;·…()"'«»-]+$/g, ''))
    .filter((s) => (s.match(/\p{L}{2,}/gu) ?? []).length >= 2);
}

/** English pieces a translated screen must not show, and the translated pieces it may show, for `lang`. */
export function vocabulary(lang) {
  const english = new Set();
  const translated = new Set();
  const add = (source, target) => {
    for (const [key, value] of Object.entries(source)) {
      const en = messageOf(value);
      const t = target[key];
      if (typeof t !== 'string' || t === en) continue;
      const own = new Set(pieces(t));
      for (const p of pieces(en)) if (!own.has(p)) english.add(p);
      for (const p of own) translated.add(p);
    }
  };
  add(repoFile('l10n/bundle.l10n.json'), repoFile(`l10n/bundle.l10n.${lang}.json`));
  add(repoFile('package.nls.json'), repoFile(`package.nls.${lang}.json`));
  // A piece English and the language share (a term kept as is) is no evidence either way.
  for (const p of translated) english.delete(p);
  return {
    english: [...english],
    translated: [...translated],
    nls: repoFile(`package.nls.${lang}.json`),
  };
}

const squash = (s) => s.replace(/\s+/g, ' ').trim();

/**
 * Reads what the locator shows; fails naming any English piece of ours in it, and when no translated piece is
 * there (a screen in English, or an empty one, proves nothing).
 */
async function assertSpeaks(locator, words, where) {
  const text = squash(await locator.innerText());
  const english = words.english.filter((p) => text.includes(p));
  assert.deepEqual(
    english,
    [],
    `${where}: English texts of ours on screen: "${text.slice(0, 400)}"`,
  );
  const ours = words.translated.filter((p) => text.includes(p));
  assert.ok(
    ours.length > 0,
    `${where}: no translated text of ours on screen: "${text.slice(0, 400)}"`,
  );
  return { text, ours };
}

/**
 * @param {import('../harness/e2e.mjs').Workbench} ui
 * @param {'de' | 'fr'} lang
 */
export async function localizedTour(ui, lang) {
  const words = vocabulary(lang);
  const { nls } = words;
  const orders = nls['view.orders.name'];
  const sidebar = ui.page.locator('.part.sidebar');
  const seen = {};

  const editor = ui.page.locator('.part.editor');
  const openWalkthrough = async () => {
    await ui.runCommand('Welcome: Open Walkthrough...');
    await ui.waitForQuickInput();
    await ui.pickQuickItem(nls['walkthrough.gettingStarted.title']);
    await ui.waitFor(
      async () =>
        squash(await editor.innerText()).includes(nls['walkthrough.gettingStarted.title']),
      { message: 'the walkthrough page' },
    );
    return editor;
  };
  /** Each step's tick, by step id (VS Code marks a done step's checkbox aria-checked). */
  const stepsDone = async () =>
    Object.fromEntries(
      await editor
        .locator('[data-done-step-id]')
        .evaluateAll((els) =>
          els.map((e) => [
            e.getAttribute('data-done-step-id')?.split('#').pop(),
            e.getAttribute('aria-checked') === 'true',
          ]),
        ),
    );

  // As after an install, the walkthrough is open before anything is done. Opening it activates the extension
  // (onWalkthrough), so "connect" and "watch" may tick themselves off at once (set-up ready, the demo's
  // finished exports); nothing was started, opened, charted or cleaned up yet.
  await ui.step(
    `the walkthrough in ${lang} before anything is done: no command step ticked off`,
    async () => {
      await openWalkthrough();
      const done = await stepsDone();
      assert.equal(Object.keys(done).length, 6, JSON.stringify(done));
      assert.deepEqual(
        ['startExport', 'open', 'insights', 'cleanUp'].filter((id) => done[id] !== false),
        [],
        `nothing started or opened yet: ${JSON.stringify(done)}`,
      );
    },
  );

  await ui.step(`the Orders tree in ${lang}`, async () => {
    await ui.openActivity(nls['viewsContainer.uniqueAnalytics.title']);
    await ui.waitForView(orders);
    await ui.waitFor(async () => (await ui.rows(orders)).length >= 4, {
      message: `rows in the ${orders} view`,
    });
    await ui.moveMouseAway();
    await ui.screenshot(`${lang}-tree`);
    seen.tree = await assertSpeaks(sidebar, words, 'the Orders view');
  });

  await ui.step(`the Start Export wizard in ${lang}`, async () => {
    await ui.runCommand(`${nls['command.category']}: ${nls['command.startExport.title']}`);
    const first = await ui.waitForQuickInput({ title: '(1/2)' });
    await ui.screenshot(`${lang}-wizard-kind`);
    seen.kinds = await assertSpeaks(ui.quickInput(), words, 'wizard step 1');
    await ui.pickQuickItem(first.items[1].label); // the second kind: active users, quick to make
    const second = await ui.waitForQuickInput({ title: '(2/2)' });
    await ui.screenshot(`${lang}-wizard-range`);
    seen.range = await assertSpeaks(ui.quickInput(), words, 'wizard step 2');
    await ui.pickQuickItem(second.items[0].label); // the first preset
  });

  await ui.step(`the finished export's notification in ${lang}`, async () => {
    const toast = ui.page.locator('.notifications-toasts');
    await ui.waitFor(async () => (await ui.notifications()).length > 0, {
      message: 'a notification about the new export',
      timeout: 60_000,
    });
    await ui.screenshot(`${lang}-notification`);
    seen.notification = await assertSpeaks(toast, words, 'the notification');
    await ui.clearNotifications();
  });

  await ui.step(
    `the insights of a chat export in ${lang}: words, numbers and chart dates`,
    async () => {
      const label = repoFile(`l10n/bundle.l10n.${lang}.json`)['Chat interactions'];
      const row = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\d`);
      await ui.clickRowAction(row, nls['command.showInsights.title'], { view: orders });
      const frame = await ui.waitFor(
        async () => {
          for (const f of ui.page.frames())
            if (
              await f
                .evaluate(() => !!document.querySelector('.cards .chart svg'))
                .catch(() => false)
            )
              return f;
          return undefined;
        },
        { timeout: 60_000, message: 'the Insights webview with a chart drawn' },
      );
      await ui.moveMouseAway();
      await ui.screenshot(`${lang}-insights`);
      seen.insights = await assertSpeaks(frame.locator('body'), words, 'the insights');
      // The axis of days is written the language's way (German "06. Nov.", French "06 nov."), not "Nov 06".
      const axis = await frame.locator('.chart svg text').allTextContents();
      const day = lang === 'de' ? /^\d\d\. \p{L}+\.?$/u : /^\d\d \p{L}+\.?$/u;
      assert.ok(
        axis.some((t) => day.test(t.trim())),
        `chart labels: ${axis.slice(0, 12).join(' | ')}`,
      );
    },
  );

  await ui.step(`the walkthrough in ${lang}: the steps done are ticked off`, async () => {
    const editor = await openWalkthrough();
    // Connected (set-up ready), Start Export run, a finished export in the list, its insights shown; not
    // yet opened in an editor or cleaned up.
    await ui.waitFor(
      async () =>
        JSON.stringify(await stepsDone()) ===
        JSON.stringify({
          connect: true,
          startExport: true,
          watch: true,
          open: false,
          insights: true,
          cleanUp: false,
        }),
      { message: async () => `steps done: ${JSON.stringify(await stepsDone())}` },
    );
    await ui.moveMouseAway();
    await ui.screenshot(`${lang}-walkthrough`);
    seen.walkthrough = await assertSpeaks(editor, words, 'the walkthrough');
  });

  for (const [where, { ours }] of Object.entries(seen))
    console.log(
      `  ${lang} ${where}: ${ours.length} translated texts on screen, no English one of ours`,
    );
}
