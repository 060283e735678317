// presentOrder: label, description, icon, tooltip and screen-reader text of an order row.
import * as assert from 'node:assert/strict';
import { orderFromWire, type Order } from '../../src/core/order';
import {
  codeSpan,
  escapeMarkdown,
  formatDuration,
  formatInstant,
  orderDateRange,
  presentOrder,
  presentUnfinishedSummary,
} from '../../src/core/orderPresentation';

const NOW = Date.parse('2024-06-02T19:21:58.959Z');
const opts = { now: NOW, timeZone: 'America/New_York', locale: 'en-GB' };

/** ICU puts thin spaces around the range dash; compare with plain spaces. */
function plain(s: string): string {
  return s.replace(/[\u00a0\u2009\u202f]/g, ' ');
}

function order(fields: Record<string, unknown> = {}): Order {
  return orderFromWire({
    updatedAt: '2024-06-02T19:18:58.960Z',
    type: 'CHAT_INTERACTION',
    stateUpdatedAt: '2024-06-02T19:18:58.959Z',
    id: 'analyticOrder_ltz4rirt5ej8v0yeu0owa5sg',
    state: 'DONE',
    createdBy: '268834226248482823',
    createdAt: '2024-06-02T19:18:57.753Z',
    configuration: { endDate: '2024-06-02T21:59:59.999Z', startDate: '2024-05-02T22:00:00.000Z' },
    companyId: '268834226248417287',
    ...fields,
  });
}

describe('presentOrder', () => {
  it('a DONE order: kind, Zurich calendar days, green check', () => {
    const p = presentOrder(order(), {}, opts);
    assert.equal(p.label, 'Chat interactions');
    assert.equal(plain(p.description), '3 May – 2 Jun 2024');
    assert.deepEqual(p.icon, { id: 'pass', color: 'testing.iconPassed' });
    assert.equal(plain(p.accessibilityLabel), 'Chat interactions, 3 May 2024 to 2 June 2024, Done');
  });

  it('a downloaded DONE order looks different and its tooltip says where the file is', () => {
    const p = presentOrder(order(), { downloadedPath: '/home/me/exports/chat.csv' }, opts);
    assert.deepEqual(p.icon, { id: 'pass-filled', color: 'testing.iconPassed' });
    assert.match(p.tooltipMarkdown, /Saved as `\/home\/me\/exports\/chat\.csv`/);
    assert.match(p.accessibilityLabel, /, downloaded$/);
  });

  it('unfinished and failed states show their word and icon', () => {
    const running = presentOrder(order({ state: 'RUNNING' }), {}, opts);
    assert.equal(plain(running.description), '3 May – 2 Jun 2024 · Running');
    assert.deepEqual(running.icon, { id: 'sync~spin' });
    assert.match(running.tooltipMarkdown, /State: Running for 3 min/);

    const pending = presentOrder(order({ state: 'PENDING' }), {}, opts);
    assert.equal(plain(pending.description), '3 May – 2 Jun 2024 · Queued');
    assert.deepEqual(pending.icon, { id: 'clock' });

    const failed = presentOrder(order({ state: 'ERROR', stateUpdatedAt: '2024-06-02T17:00:00.000Z' }), {}, opts);
    assert.equal(plain(failed.description), '3 May – 2 Jun 2024 · Failed');
    assert.deepEqual(failed.icon, { id: 'error', color: 'testing.iconFailed' });
    assert.match(failed.tooltipMarkdown, /State: Failed 2 h 21 min ago/);
  });

  it('tooltip: id as code, who, created/updated and the exact window in UTC and the local zone', () => {
    const t = plain(presentOrder(order(), {}, opts).tooltipMarkdown);
    assert.match(t, /^\*\*Chat interactions\*\* · 3 May – 2 Jun 2024\n\n/);
    assert.match(t, /ID: `analyticOrder_ltz4rirt5ej8v0yeu0owa5sg`/);
    assert.match(t, /State: Done 3 min ago/);
    assert.match(t, /Ordered by: `268834226248482823`/);
    assert.match(t, /Created: 2024-06-02 15:18:57 \(America\/New\\_York\)/);
    assert.match(t, /Updated: 2024-06-02 15:18:58 /);
    assert.match(t, /Window \(UTC\): `2024-05-02T22:00:00\.000Z` – `2024-06-02T21:59:59\.999Z`/);
    assert.match(t, /Window \(America\/New\\_York\): 2024-05-02 18:00:00\.000 – 2024-06-02 17:59:59\.999/);
    assert.doesNotMatch(t, /doesn't know/);
  });

  it('unknown states and types are shown as sent, with a line saying so', () => {
    const p = presentOrder(order({ state: 'ARCHIVED', type: 'FANCY_NEW_EXPORT' }), {}, opts);
    assert.equal(p.label, 'FANCY_NEW_EXPORT');
    assert.equal(plain(p.description), '3 May – 2 Jun 2024 · ARCHIVED');
    assert.deepEqual(p.icon, { id: 'question' });
    assert.match(p.tooltipMarkdown, /a state \(`ARCHIVED`\) this version of the extension doesn't know/);
    assert.match(p.tooltipMarkdown, /an export type \(`FANCY_NEW_EXPORT`\) this version of the extension doesn't know/);
    const blank = presentOrder(order({ state: undefined, type: undefined }), {}, opts);
    assert.equal(blank.label, 'Unknown export');
    assert.match(blank.tooltipMarkdown, /no state/);
    assert.match(blank.tooltipMarkdown, /no export type/);
  });

  it('escapes Markdown in server-sent text', () => {
    const evil = '**x** [click](command:workbench.action.quit) <img src=x> `tick`';
    const t = presentOrder(order({ type: evil, state: evil, createdBy: 'a`b' }), {}, opts).tooltipMarkdown;
    const head = plain(t.split('\n')[0]);
    assert.equal(head, `**${escapeMarkdown(evil)}** · 3 May – 2 Jun 2024`);
    assert.doesNotMatch(escapeMarkdown(evil), /(?<!\\)[[\]()<>`*]/, 'every special character escaped');
    assert.ok(
      t.includes(`State: ${escapeMarkdown(evil)} 3 min ago`) || t.includes(`State: ${escapeMarkdown(evil)} for 3 min`),
      t,
    );
    // Outside code spans (which render literally), no unescaped link syntax remains.
    assert.doesNotMatch(t.replace(/(`+)[^`]*?\1|``[^]*?``/g, ''), /(?<!\\)\[click/);
    assert.match(t, /Ordered by: ``a`b``/);
  });

  it('a placeholder shows the range that was requested', () => {
    const p: Order = {
      id: 'analyticOrder_new',
      type: { known: 'ACTIVE_USER', raw: 'ACTIVE_USER' },
      state: { known: 'PENDING', raw: 'PENDING' },
      createdAt: new Date(NOW).toISOString(),
      optimistic: { requestedRange: { start: '2024-05-01', end: '2024-05-01' } },
    };
    const shown = presentOrder(p, {}, opts);
    assert.equal(plain(shown.description), '1 May 2024 · Queued');
    assert.equal(plain(shown.accessibilityLabel), 'Active users, 1 May 2024, Queued');
    assert.match(shown.tooltipMarkdown, /Just started/);
    assert.match(shown.tooltipMarkdown, /State: Queued for less than a minute/);
    assert.deepEqual(orderDateRange(p), { start: '2024-05-01', end: '2024-05-01' });
  });

  it('without a window: the day it was ordered', () => {
    const p = presentOrder(order({ configuration: null }), {}, opts);
    assert.equal(plain(p.description), 'ordered 2 Jun 2024');
    assert.doesNotMatch(p.tooltipMarkdown, /Window/);
  });

  it('an unusable time zone or locale does not throw', () => {
    const p = presentOrder(order(), {}, { now: NOW, timeZone: 'Mars/Olympus_Mons', locale: 'xx-invalid-###' });
    assert.equal(p.label, 'Chat interactions');
    assert.ok(p.description.length > 0);
  });

  it('defaults to the machine time zone', () => {
    const machine = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const t = presentOrder(order(), {}, { now: NOW }).tooltipMarkdown;
    assert.ok(t.includes(`Window (${escapeMarkdown(machine)})`), t);
  });
});

describe('presentation helpers', () => {
  it('formatDuration', () => {
    assert.equal(formatDuration(-5_000), 'less than a minute');
    assert.equal(formatDuration(59_999), 'less than a minute');
    assert.equal(formatDuration(3 * 60_000 + 59_000), '3 min');
    assert.equal(formatDuration(2 * 3_600_000), '2 h');
    assert.equal(formatDuration(2 * 3_600_000 + 5 * 60_000), '2 h 5 min');
    assert.equal(formatDuration(25 * 3_600_000), '1 day');
    assert.equal(formatDuration(72 * 3_600_000), '3 days');
  });

  it('codeSpan survives backticks and line breaks', () => {
    assert.equal(codeSpan('abc'), '`abc`');
    assert.equal(codeSpan('a``b'), '```a``b```');
    assert.equal(codeSpan('`x'), '`` `x ``');
    assert.equal(codeSpan('a\nb'), '`a b`');
  });

  it('escapeMarkdown folds line breaks so a value cannot start a heading or list', () => {
    assert.equal(escapeMarkdown('a\n# b\n- c'), 'a \\# b \\- c');
  });

  it('formatInstant in a zone across DST', () => {
    assert.equal(formatInstant('2024-01-15T12:00:00.000Z', 'Europe/Zurich'), '2024-01-15 13:00:00');
    assert.equal(formatInstant('2024-07-15T12:00:00.123Z', 'Europe/Zurich', true), '2024-07-15 14:00:00.123');
  });

  it('presentUnfinishedSummary', () => {
    assert.equal(presentUnfinishedSummary(0), 'No exports running');
    assert.equal(presentUnfinishedSummary(1), '1 export running');
    assert.equal(presentUnfinishedSummary(2), '2 exports running');
  });
});
