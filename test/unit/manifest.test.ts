// The manifest is code: package.json must agree with src/core/ids.ts and core's capability tokens both
// ways, every command carries a title, the category and (where shown as a button) an icon, tree-only
// commands stay out of the palette, menus match whole capability words, and every set-up state has
// welcome content. Plain Node: reads package.json, imports the pure core.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CommandIds,
  ContextKeys,
  EXTENSION_ID_PREFIX,
  SettingKeys,
  ViewIds,
} from '../../src/core/ids';
import { REPORT_CONTEXT_VALUE } from '../../src/core/reports/report';
import {
  BATCH_TOKENS,
  CAPABILITY_TOKENS,
  loadMoreContextValue,
  ORDER_CONTEXT_VALUE,
} from '../../src/core/orders/orderCapabilities';
import { SETUP_STATES } from '../../src/core/setup/setupState';

interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}
interface Manifest {
  activationEvents?: string[];
  main?: string;
  contributes: {
    commands: { command: string; title?: string; category?: string; icon?: string }[];
    menus: Record<string, MenuEntry[]>;
    viewsWelcome: { view: string; contents: string; when?: string }[];
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    views: Record<string, { id: string; name: string }[]>;
    configuration: { properties: Record<string, unknown> };
    languages: { id: string; extensions?: string[] }[];
    keybindings?: { command: string }[];
  };
}

const root = process.cwd();
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const c = manifest.contributes;
const commandIds: string[] = Object.values(CommandIds);
const declared = c.commands.map((x) => x.command);
const allMenuEntries = Object.values(c.menus).flat();
/** Commands that only make sense on a tree row: they must be hidden from the palette. */
const TREE_ONLY = [
  CommandIds.copyOrderId,
  CommandIds.loadMore,
  CommandIds.retryExport,
  CommandIds.repeatNextPeriod,
  CommandIds.repeatPreviousPeriod,
  CommandIds.retryFailedParts,
  CommandIds.saveAsReport,
];

/** Every `uniqueAnalytics.*` identifier a when clause mentions. */
function ourKeys(when: string): string[] {
  return [...when.matchAll(/(?<![\w.])uniqueAnalytics\.[\w.]+/g)].map((m) => m[0]);
}
function allWhenClauses(): string[] {
  return [
    ...allMenuEntries.map((m) => m.when ?? ''),
    ...c.viewsWelcome.map((w) => w.when ?? ''),
  ].filter(Boolean);
}

describe('package.json manifest', () => {
  it('declares exactly the command ids of src/core/ids.ts, each once', () => {
    assert.deepEqual([...declared].sort(), [...commandIds].sort());
    assert.equal(new Set(declared).size, declared.length, 'no duplicate command entries');
  });

  it('gives every command a title and the category "Unique Analytics"', () => {
    for (const cmd of c.commands) {
      assert.ok(cmd.title && cmd.title.trim().length > 2, `${cmd.command} has a title`);
      assert.equal(cmd.category, 'Unique Analytics', `${cmd.command} category`);
      assert.ok(
        !cmd.title.startsWith('Unique Analytics'),
        `${cmd.command}: the category already names the extension`,
      );
    }
  });

  it('menus and welcome buttons only name declared commands', () => {
    for (const m of allMenuEntries)
      assert.ok(commandIds.includes(m.command), `menu names unknown command ${m.command}`);
    for (const w of c.viewsWelcome) {
      for (const [, id] of w.contents.matchAll(/\(command:([\w.]+)[^)]*\)/g)) {
        assert.ok(commandIds.includes(id), `welcome content names unknown command ${id}`);
      }
    }
    for (const k of c.keybindings ?? [])
      assert.ok(commandIds.includes(k.command), `keybinding names unknown command ${k.command}`);
  });

  it('hides tree-only commands from the command palette', () => {
    const palette = c.menus.commandPalette ?? [];
    for (const id of TREE_ONLY) {
      const entry = palette.find((e) => e.command === id);
      assert.ok(entry, `${id} has a commandPalette entry`);
      assert.equal(entry.when, 'false', `${id} is hidden from the palette`);
    }
    // Everything else stays reachable from the palette (maybe only once set up).
    for (const e of palette)
      if (!TREE_ONLY.includes(e.command as never)) assert.notEqual(e.when, 'false', e.command);
  });

  it('gives every command shown as a button (inline or title navigation) an icon', () => {
    const buttons = allMenuEntries.filter((m) =>
      /^(inline|navigation)(@\d+)?$/.test(m.group ?? ''),
    );
    assert.ok(buttons.length >= 3, 'the view has title and inline buttons');
    for (const b of buttons) {
      const cmd = c.commands.find((x) => x.command === b.command);
      assert.match(cmd?.icon ?? '', /^\$\([\w-]+(~spin)?\)$/, `${b.command} needs a codicon icon`);
    }
  });

  it('puts view menus only on our views (Orders, Reports)', () => {
    for (const key of ['view/title', 'view/item/context']) {
      for (const m of c.menus[key] ?? [])
        assert.match(
          m.when ?? '',
          /^view == uniqueAnalytics\.(orders|reports)( && |$)/,
          `${key} ${m.command}`,
        );
    }
  });

  it('matches row menus on whole capability words computed in core', () => {
    const rowMenus = c.menus['view/item/context'] ?? [];
    assert.ok(rowMenus.length > 0);
    // Order capabilities, the batch row's own, and `order` (a menu only order rows get).
    const known: string[] = [
      ...CAPABILITY_TOKENS,
      ...BATCH_TOKENS,
      ORDER_CONTEXT_VALUE,
      REPORT_CONTEXT_VALUE,
    ];
    for (const m of rowMenus) {
      const when = m.when ?? '';
      const tests = [...when.matchAll(/viewItem\s*(=~|==|!=)\s*(\S+)/g)];
      assert.ok(tests.length > 0, `${m.command} row menu tests viewItem`);
      for (const [, op, rhs] of tests) {
        if (op === '==' || op === '!=') {
          assert.equal(
            rhs,
            loadMoreContextValue,
            `${m.command}: exact viewItem comparisons only for the load-more row`,
          );
          continue;
        }
        const word = /^\/\\b(\w+)\\b\/$/.exec(rhs);
        assert.ok(word, `${m.command}: "${rhs}" must be a whole-word regex /\\bToken\\b/`);
        assert.ok(
          known.includes(word[1]),
          `${m.command}: ${word[1]} is not a capability token of core`,
        );
      }
    }
  });

  it('uses only context keys, view ids and settings that exist', () => {
    const allowed = new Set<string>([...Object.values(ContextKeys), ...Object.values(ViewIds)]);
    for (const when of allWhenClauses()) {
      for (const key of ourKeys(when))
        assert.ok(allowed.has(key), `unknown context key ${key} in "${when}"`);
      for (const [, setting] of when.matchAll(/config\.uniqueAnalytics\.(\w+)/g)) {
        assert.ok(
          (Object.values(SettingKeys) as string[]).includes(setting),
          `unknown setting ${setting}`,
        );
      }
    }
  });

  it('compares the set-up state only with states core can produce', () => {
    const states: string[] = [...SETUP_STATES];
    for (const when of allWhenClauses()) {
      for (const [, value] of when.matchAll(/uniqueAnalytics\.setupState\s*[!=]=\s*(\w+)/g)) {
        assert.ok(states.includes(value), `"${value}" is not a SetupState`);
      }
      for (const [, body] of when.matchAll(
        /uniqueAnalytics\.setupState\s*=~\s*\/\^\(([\w|]+)\)\$\//g,
      )) {
        for (const v of body.split('|'))
          assert.ok(states.includes(v), `"${v}" is not a SetupState`);
      }
    }
  });

  it('has exactly one welcome entry with a button for every set-up state and way of signing in', () => {
    // The `when` clauses use only `a == b`, `a != b`, `a =~ /re/` joined by `&&`: evaluate them.
    const holds = (when: string, ctx: Record<string, string | undefined>): boolean =>
      when.split('&&').every((part) => {
        const m = /^\s*([\w.]+)\s*(==|!=|=~)\s*(.+?)\s*$/.exec(part);
        assert.ok(m, `cannot read the when clause part "${part}"`);
        const [, key, op, raw] = m;
        const value = ctx[key];
        if (op === '==') return value === raw;
        if (op === '!=') return value !== raw;
        // (booleans are compared as their text: VS Code reads `true` in a when clause as the boolean)
        const re = /^\/(.*)\/$/.exec(raw);
        assert.ok(re, `=~ needs a /regex/: ${raw}`);
        return new RegExp(re[1]).test(value ?? '');
      });
    for (const state of SETUP_STATES) {
      for (const [kind, named] of [
        [undefined, undefined],
        ['token', 'false'],
        ['token', 'true'],
        ['serviceUser', 'true'],
        ['apiKey', 'true'],
      ]) {
        const ctx = {
          [ContextKeys.setupState]: state,
          [ContextKeys.authKind]: kind,
          [ContextKeys.namedConnection]: named,
        };
        const entries = c.viewsWelcome.filter(
          (w) => w.view === ViewIds.orders && w.when !== undefined && holds(w.when, ctx),
        );
        assert.equal(
          entries.length,
          1,
          `one welcome entry for ${state} / ${kind ?? 'no auth kind'} / named ${named}`,
        );
        assert.match(
          entries[0].contents,
          /^\[[^\]]+\]\(command:uniqueAnalytics\.\w+\)$/m,
          `${state} / ${kind} welcome has a button`,
        );
      }
    }
  });

  it('leaves activationEvents to VS Code (inferred from contributions)', () => {
    assert.ok(manifest.activationEvents === undefined || manifest.activationEvents.length === 0);
    assert.equal(manifest.main, './dist/extension.js');
  });

  it('declares the view container, the view and the settings of src/core/ids.ts', () => {
    const container = c.viewsContainers.activitybar.find((v) => v.id === ViewIds.container);
    assert.ok(container, 'activity bar container');
    assert.ok(existsSync(join(root, container.icon)), `container icon ${container.icon} exists`);
    assert.deepEqual(
      c.views[ViewIds.container].map((v) => v.id),
      [ViewIds.orders, ViewIds.reports],
    );
    const settings = Object.keys(c.configuration.properties).map((k) =>
      k.replace(`${EXTENSION_ID_PREFIX}.`, ''),
    );
    assert.deepEqual(settings.sort(), Object.values(SettingKeys).sort());
  });

  it('contributes a csv language so opened CSVs are not plain text', () => {
    const csv = c.languages.find((l) => l.id === 'csv');
    assert.ok(csv?.extensions?.includes('.csv'));
  });
});
