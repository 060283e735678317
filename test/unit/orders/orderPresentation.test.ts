// presentOrder: label, description, icon, tooltip and screen-reader text of an order row.
import * as assert from 'node:assert/strict';
import { orderDateRange, orderFromWire, type Order } from '../../../src/core/orders/order';
import {
  codeSpan,
  escapeMarkdown,
  formatDuration,
  formatInstant,
  presentOrder,
  presentUnfinishedSummary,
} from '../../../src/core/orders/orderPresentation';
import { dateTimeFormat } from '../../../src/core/dateRange';

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

  it('says in the tooltip when the downloaded file has cells a spreadsheet would run as formulas', () => {
    const clean = presentOrder(
      order(),
      { downloadedPath: '/x.csv', formulaCells: { cells: 0 } },
      opts,
    );
    assert.doesNotMatch(clean.tooltipMarkdown, /formulas/);
    const risky = presentOrder(
      order(),
      { downloadedPath: '/x.csv', formulaCells: { cells: 1234, firstRecord: 7 } },
      opts,
    );
    assert.match(
      risky.tooltipMarkdown,
      /1,234 cells start with =, \+, -, @, a tab or a line break \(the first in line 7\)/,
    );
    assert.match(risky.tooltipMarkdown, /Save CSV As \(Spreadsheet-Safe\)/);
  });

  it('masks e-mail addresses in the tooltip when asked (screen sharing)', () => {
    const o = order({ createdBy: 'jane.doe@bank.ch' });
    assert.match(presentOrder(o, {}, opts).tooltipMarkdown, /jane\.doe@bank\.ch/);
    const masked = presentOrder(o, { maskEmails: true }, opts).tooltipMarkdown;
    assert.match(masked, /j\*\*\*@bank\.ch/);
    assert.doesNotMatch(masked, /jane/);
  });

  it('unfinished and failed states show their word and icon', () => {
    const running = presentOrder(order({ state: 'RUNNING' }), {}, opts);
    assert.equal(plain(running.description), 'Running · 3 May – 2 Jun 2024');
    assert.deepEqual(running.icon, { id: 'sync~spin' });
    assert.match(running.tooltipMarkdown, /State: Running for 3 min/);

    const pending = presentOrder(order({ state: 'PENDING' }), {}, opts);
    assert.equal(plain(pending.description), 'Queued · 3 May – 2 Jun 2024');
    assert.deepEqual(pending.icon, { id: 'clock' });

    const failed = presentOrder(
      order({ state: 'ERROR', stateUpdatedAt: '2024-06-02T17:00:00.000Z' }),
      {},
      opts,
    );
    assert.equal(plain(failed.description), 'Failed · 3 May – 2 Jun 2024');
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
    assert.match(
      t,
      /Window \(America\/New\\_York\): 2024-05-02 18:00:00\.000 – 2024-06-02 17:59:59\.999/,
    );
    assert.doesNotMatch(t, /doesn't know/);
  });

  it('unknown states and types are shown as sent, with a line saying so', () => {
    const p = presentOrder(order({ state: 'ARCHIVED', type: 'FANCY_NEW_EXPORT' }), {}, opts);
    assert.equal(p.label, 'FANCY_NEW_EXPORT');
    assert.equal(plain(p.description), 'ARCHIVED · 3 May – 2 Jun 2024');
    assert.deepEqual(p.icon, { id: 'question' });
    assert.match(
      p.tooltipMarkdown,
      /a state \(`ARCHIVED`\) this version of the extension doesn't know/,
    );
    assert.match(
      p.tooltipMarkdown,
      /an export type \(`FANCY_NEW_EXPORT`\) this version of the extension doesn't know/,
    );
    const blank = presentOrder(order({ state: undefined, type: undefined }), {}, opts);
    assert.equal(blank.label, 'Unknown export');
    assert.match(blank.tooltipMarkdown, /no state/);
    assert.match(blank.tooltipMarkdown, /no export type/);
  });

  it('escapes Markdown in server-sent text', () => {
    const evil = '**x** [click](command:workbench.action.quit) <img src=x> `tick`';
    const t = presentOrder(
      order({ type: evil, state: evil, createdBy: 'a`b' }),
      {},
      opts,
    ).tooltipMarkdown;
    const head = plain(t.split('\n')[0]);
    assert.equal(head, `**${escapeMarkdown(evil)}** · 3 May – 2 Jun 2024`);
    assert.doesNotMatch(
      escapeMarkdown(evil),
      /(?<!\\)[[\]()<>`*]/,
      'every special character escaped',
    );
    assert.ok(
      t.includes(`State: ${escapeMarkdown(evil)} 3 min ago`) ||
        t.includes(`State: ${escapeMarkdown(evil)} for 3 min`),
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
    assert.equal(plain(shown.description), 'Queued · 1 May 2024');
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
    const p = presentOrder(
      order(),
      {},
      { now: NOW, timeZone: 'Mars/Olympus_Mons', locale: 'xx-invalid-###' },
    );
    assert.equal(p.label, 'Chat interactions');
    assert.ok(p.description.length > 0);
  });

  it('defaults to the machine time zone', () => {
    const machine = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const t = presentOrder(order(), {}, { now: NOW }).tooltipMarkdown;
    assert.ok(t.includes(`Created: `) && t.includes(`(${escapeMarkdown(machine)})`), t);
  });

  it('in UTC the window is given once, not twice', () => {
    for (const timeZone of ['UTC', 'Etc/UTC']) {
      const t = plain(presentOrder(order(), {}, { ...opts, timeZone }).tooltipMarkdown);
      assert.equal(t.match(/Window/g)?.length, 1, t);
      assert.match(t, /Window \(UTC\): `2024-05-02T22:00:00\.000Z` – `2024-06-02T21:59:59\.999Z`/);
    }
  });
});

describe("presentOrder: reuse of an order's text (the tree re-reads every row on each change)", () => {
  it('presenting the same order object again still follows now and the local facts', () => {
    const o = order({ state: 'RUNNING' });
    const first = presentOrder(o, {}, opts);
    const later = presentOrder(
      o,
      { downloadedPath: '/tmp/x.csv' },
      { ...opts, now: NOW + 2 * 3_600_000 },
    );
    assert.match(first.tooltipMarkdown, /State: Running for 3 min/);
    assert.match(later.tooltipMarkdown, /State: Running for 2 h 3 min/);
    assert.match(later.tooltipMarkdown, /Saved as `\/tmp\/x\.csv`/);
    assert.doesNotMatch(presentOrder(o, {}, opts).tooltipMarkdown, /Saved as/);
    assert.match(later.accessibilityLabel, /, downloaded$/);
    assert.deepEqual(presentOrder(o, {}, opts), first);
  });

  it('another zone or locale for the same order object is formatted anew', () => {
    const o = order();
    const ny = presentOrder(o, {}, opts);
    const zurich = presentOrder(o, {}, { ...opts, timeZone: 'Europe/Zurich', locale: 'de-CH' });
    assert.match(ny.tooltipMarkdown, /Created: 2024-06-02 15:18:57 \(America\/New\\_York\)/);
    assert.match(zurich.tooltipMarkdown, /Created: 2024-06-02 21:18:57 \(Europe\/Zurich\)/);
    assert.equal(plain(zurich.description), '3. Mai – 2. Juni 2024');
    assert.equal(plain(presentOrder(o, {}, opts).description), '3 May – 2 Jun 2024');
  });

  it('an order presented before gives exactly what a never-seen copy of it gives', () => {
    const samples = [
      order(),
      order({ state: 'ERROR', type: 'ODD_TYPE', createdBy: null }),
      order({ configuration: null, updatedAt: null }),
      order({ state: undefined }),
    ];
    for (const o of samples) {
      for (const [local, when] of [
        [{}, opts],
        [{ downloadedPath: 'C:\\x\\y.csv' }, { ...opts, now: NOW + 86_400_000 }],
        [{}, { now: NOW, locale: 'fr-FR' }],
      ] as const) {
        presentOrder(o, {}, opts); // fills the reuse
        assert.deepEqual(
          presentOrder(o, local, when),
          presentOrder(structuredClone(o), local, when),
        );
      }
    }
  });
});

describe('dateTimeFormat (cached Intl formatters)', () => {
  const DAY: Intl.DateTimeFormatOptions = {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  };
  const t = Date.UTC(2024, 4, 3);

  it('builds a formatter once per locale, options object and zone', () => {
    assert.equal(dateTimeFormat('en-GB', DAY), dateTimeFormat('en-GB', DAY));
    assert.notEqual(dateTimeFormat('en-GB', DAY), dateTimeFormat('de-CH', DAY));
    assert.notEqual(dateTimeFormat('en-GB', DAY, 'Asia/Tokyo'), dateTimeFormat('en-GB', DAY));
    assert.equal(dateTimeFormat('de-CH', DAY).format(t), '3. Mai 2024');
    assert.equal(dateTimeFormat('en-GB', DAY, 'Pacific/Kiritimati').format(t - 1), '3 May 2024');
    assert.equal(dateTimeFormat('en-GB', DAY).format(t - 1), '2 May 2024');
  });

  it('falls back to en-GB for a malformed locale and throws for an unknown zone', () => {
    assert.equal(dateTimeFormat('not a locale!', DAY).format(t), '3 May 2024');
    assert.throws(() => dateTimeFormat('en-GB', DAY, 'Mars/Olympus_Mons'), RangeError);
  });

  it('stays correct past its size bound', () => {
    const zones = Intl.supportedValuesOf('timeZone').slice(0, 100);
    for (const zone of zones) {
      const expected = new Intl.DateTimeFormat('en-GB', { ...DAY, timeZone: zone }).format(t);
      assert.equal(dateTimeFormat('en-GB', DAY, zone).format(t), expected, zone);
    }
    assert.equal(
      dateTimeFormat('en-GB', DAY, zones[0]).format(t),
      new Intl.DateTimeFormat('en-GB', { ...DAY, timeZone: zones[0] }).format(t),
    );
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
    assert.equal(
      formatInstant('2024-07-15T12:00:00.123Z', 'Europe/Zurich', true),
      '2024-07-15 14:00:00.123',
    );
  });

  it('presentUnfinishedSummary', () => {
    assert.equal(presentUnfinishedSummary(0), 'No exports in progress');
    assert.equal(presentUnfinishedSummary(1), '1 export in progress');
    assert.equal(presentUnfinishedSummary(2), '2 exports in progress');
  });
});
