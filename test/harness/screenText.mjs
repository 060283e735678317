// What a person can read in the workbench, as text, for the canary scan: the whole page at a screenshot
// (pageText), and every message, dialog, hover, progress or status text that appeared during a run
// (watchScreenText), since toasts come and go between screenshots. Read-only; changes nothing on the page.

/** Text shown in the page now: its innerText (notifications, hovers, menus, editors) plus the inputs' values. */
export async function pageText(page) {
  return page.evaluate(() => {
    const inputs = [...document.querySelectorAll('input, textarea')]
      .filter((e) => e.getClientRects().length > 0 && e.value)
      // A password box shows dots, not its value: what matters is what a person (or a screenshot) sees.
      .map((e) =>
        e.type === 'password' ? `[password box, ${e.value.length} characters hidden]` : e.value,
      );
    return `${document.body.innerText}\n--- input values ---\n${inputs.join('\n')}\n`;
  });
}

/** Where the workbench shows messages and transient text. */
const TRANSIENT = [
  '.notification-list-item', // toasts and the notification centre (message, source, buttons, progress)
  '.monaco-dialog-box', // modal dialogs (delete confirmations)
  '.monaco-hover, .workbench-hover', // hovers and tooltips
  '.quick-input-widget', // quick input title, message, items
  '.statusbar-item', // status bar entries (our item, progress)
  '.welcome-view-content', // view welcome content
  '.pane-body .message', // a view's message line
];

/**
 * Starts recording every distinct text shown in those places (call before page.goto). MutationObserver plus
 * a slow timer (input values change without mutations); the texts reach this process as they appear.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<{ texts: () => string[] }>}
 */
export async function watchScreenText(page) {
  const seen = new Set();
  await page.exposeFunction('__uaScreenText', (texts) => {
    for (const t of texts) seen.add(t);
  });
  await page.addInitScript((selectors) => {
    const sent = new Set();
    let queued = false;
    const collect = () => {
      queued = false;
      const fresh = [];
      for (const el of document.querySelectorAll(selectors.join(','))) {
        const values = [...el.querySelectorAll('input, textarea')]
          .filter((e) => e.type !== 'password' && e.value)
          .map((e) => e.value);
        const text = [el.innerText, ...values].join('\n').trim();
        if (text && !sent.has(text)) {
          sent.add(text);
          fresh.push(text);
        }
      }
      if (fresh.length && typeof window.__uaScreenText === 'function')
        void window.__uaScreenText(fresh);
    };
    const soon = () => {
      if (!queued) {
        queued = true;
        setTimeout(collect, 100);
      }
    };
    const start = () => {
      new MutationObserver(soon).observe(document.body, {
        childList: true,
        subtree: true,
        characterData: true,
      });
      setInterval(soon, 1000);
    };
    if (document.body) start();
    else document.addEventListener('DOMContentLoaded', start);
  }, TRANSIENT);
  return { texts: () => [...seen] };
}
