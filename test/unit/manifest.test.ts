// The manifest is code: package.json must agree with src/core/ids.ts and core's capability tokens both
// ways, every command carries a title, the category and (where shown as a button) an icon, tree-only
// commands stay out of the palette, menus match whole capability words, every set-up state has welcome
// content, every user-visible string comes from package.nls.json, and the walkthrough's steps link and
// complete on commands and context keys that exist. Plain Node: reads package.json (its `%key%` strings
// resolved through package.nls.json, so the checks read the English text), imports the pure core.
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
    walkthroughs: Walkthrough[];
  };
}
interface Walkthrough {
  id: string;
  title: string;
  description: string;
  steps: {
    id: string;
    title: string;
    description: string;
    media: { svg?: string; image?: string; altText: string };
    completionEvents?: string[];
  }[];
}

const root = process.cwd();
const readJson = (file: string): unknown => JSON.parse(readFileSync(join(root, file), 'utf8'));
const nls = readJson('package.nls.json') as Record<string, string>;
const NLS_KEY = /^%([^%]+)%$/;

/** `value` with every `%key%` string replaced by its English text from package.nls.json. */
function resolveNls(value: unknown, path = ''): unknown {
  if (typeof value === 'string') {
    const key = NLS_KEY.exec(value)?.[1];
    if (key === undefined) return value;
    assert.ok(typeof nls[key] === 'string', `${path}: "${value}" is not in package.nls.json`);
    return nls[key];
  }
  if (Array.isArray(value)) return value.map((v, i) => resolveNls(v, `${path}[${i}]`));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, resolveNls(v, `${path}.${k}`)]),
    );
  return value;
}

const rawManifest = readJson('package.json');
const manifest = resolveNls(rawManifest) as Manifest;
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
const walkthroughSteps = c.walkthroughs.flatMap((w) => w.steps);
function allWhenClauses(): string[] {
  return [
    ...allMenuEntries.map((m) => m.when ?? ''),
    ...c.viewsWelcome.map((w) => w.when ?? ''),
    // A walkthrough step's `onContext:` completion event is a when clause too.
    ...walkthroughSteps.flatMap((st) =>
      (st.completionEvents ?? [])
        .filter((e) => e.startsWith('onContext:'))
        .map((e) => e.slice('onContext:'.length)),
    ),
  ].filter(Boolean);
}

/** Manifest properties VS Code shows to people: their strings must be `%key%`s of package.nls.json. */
const SHOWN = new Set([
  'displayName',
  'description',
  'markdownDescription',
  'title',
  'shortTitle',
  'category',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'deprecationMessage',
  'markdownDeprecationMessage',
  'patternErrorMessage',
  'errorMessage',
  'contextualTitle',
  'contents',
  'label',
  'altText',
]);
/** Strings under these properties are data (snippet bodies, examples, defaults), not text to translate. */
const DATA = new Set(['body', 'examples', 'default', 'scripts', 'dependencies', 'devDependencies']);
function untranslated(value: unknown, path: string, shown: boolean, out: string[]): string[] {
  if (typeof value === 'string') {
    if (shown && !NLS_KEY.test(value)) out.push(`${path}: "${value.slice(0, 40)}"`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => untranslated(v, `${path}[${i}]`, shown, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (DATA.has(k)) continue;
      // A view's `name` is shown; the package's `name` and a schema's property called "name" are not.
      const isViewName = k === 'name' && /^\.contributes\.views\./.test(path);
      untranslated(v, `${path}.${k}`, SHOWN.has(k) || isViewName, out);
    }
  }
  return out;
}

/** Commands a walkthrough link may run besides ours: a view's focus command, opening a setting. */
function linkedCommandIsKnown(id: string, args: string): boolean {
  if (commandIds.includes(id)) return true;
  if (id.endsWith('.focus')) return (Object.values(ViewIds) as string[]).includes(id.slice(0, -6));
  if (id === 'workbench.action.openSettings') {
    const setting = /^"uniqueAnalytics\.(\w+)"$/.exec(decodeURIComponent(args));
    return !!setting && (Object.values(SettingKeys) as string[]).includes(setting[1]);
  }
  return false;
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

  it('takes every string people see (titles, descriptions, welcome texts, walkthrough) from package.nls.json', () => {
    assert.deepEqual(untranslated(rawManifest, '', false, []), []);
    // The top-level name is the package's id, never shown; displayName and description are.
    const raw = rawManifest as { displayName: string; description: string };
    assert.match(raw.displayName, NLS_KEY);
    assert.match(raw.description, NLS_KEY);
  });

  it('has one walkthrough whose steps link and complete on commands and context keys that exist', () => {
    assert.deepEqual(
      c.walkthroughs.map((w) => w.id),
      ['uniqueAnalytics.gettingStarted'],
    );
    const [w] = c.walkthroughs;
    assert.ok(
      w.title.trim() && w.description.trim(),
      'the walkthrough has a title and a description',
    );
    assert.equal(new Set(w.steps.map((st) => st.id)).size, w.steps.length, 'step ids are unique');
    for (const st of w.steps) {
      assert.ok(st.title.trim() && st.description.trim(), `${st.id}: title and description`);
      const links = [...st.description.matchAll(/\]\(command:([\w.]+)(?:\?([^)]*))?\)/g)];
      assert.ok(links.length > 0, `${st.id}: the step offers at least one command link`);
      for (const [, id, args = ''] of links)
        assert.ok(linkedCommandIsKnown(id, args), `${st.id}: the link runs unknown command ${id}`);
      const events = st.completionEvents ?? [];
      assert.ok(events.length > 0, `${st.id}: completes by itself (completionEvents)`);
      for (const e of events) {
        const [kind, rest] = [e.slice(0, e.indexOf(':')), e.slice(e.indexOf(':') + 1)];
        assert.ok(['onCommand', 'onContext'].includes(kind), `${st.id}: ${e}`);
        if (kind === 'onCommand')
          assert.ok(commandIds.includes(rest), `${st.id}: ${e} names an unknown command`);
        // onContext clauses are checked with the other when clauses (keys, set-up states) above.
      }
    }
  });

  it('writes walkthrough texts in what the walkthrough renders: links, no inline code (shown as backticks)', () => {
    for (const lang of ['', '.de', '.fr']) {
      const nls = readJson(`package.nls${lang}.json`) as Record<string, string>;
      const code = Object.keys(nls).filter(
        (k) => k.startsWith('walkthrough.') && nls[k].includes('`'),
      );
      assert.deepEqual(
        code,
        [],
        `package.nls${lang}.json: backticks VS Code would show as they are`,
      );
    }
  });

  it('draws each walkthrough step as a small, self-contained, theme-coloured SVG', () => {
    for (const st of walkthroughSteps) {
      assert.ok(st.media.svg, `${st.id}: media.svg`);
      assert.ok(st.media.altText.trim(), `${st.id}: media.altText`);
      const file = join(root, st.media.svg);
      assert.ok(existsSync(file), `${st.media.svg} exists`);
      const svg = readFileSync(file, 'utf8');
      assert.ok(svg.length < 6 * 1024, `${st.media.svg}: ${svg.length} bytes, keep it under 6 KB`);
      // Shown inside the walkthrough's webview: no scripts, nothing fetched, no embedded raster images.
      assert.doesNotMatch(svg, /<script|<image|<foreignObject|href=|url\(|@import/i, st.media.svg);
      // The webview's CSP allows no inline styles: presentation attributes only.
      assert.doesNotMatch(svg, /<style|style=/i, `${st.media.svg}: no <style> or style=""`);
      // No words: the picture must read the same in a German or French walkthrough.
      assert.doesNotMatch(svg, /<text/i, `${st.media.svg}: no text in the picture`);
      assert.match(svg, /var\(--vscode-[\w-]+/, `${st.media.svg} uses the theme's colours`);
      // Literal colours would not follow the theme (a var() fallback is allowed).
      const literal = svg.replace(/var\([^"]*\)/g, '').match(/(fill|stroke)="(?!none)[^"]+"/g);
      assert.deepEqual(literal ?? [], [], `${st.media.svg}: colours come from the theme`);
    }
  });

  it('contributes a csv language so opened CSVs are not plain text', () => {
    const csv = c.languages.find((l) => l.id === 'csv');
    assert.ok(csv?.extensions?.includes('.csv'));
  });
});
