// The translations are complete and current, for the runtime strings and the manifest alike:
// - l10n/bundle.l10n.json is what @vscode/l10n-dev extracts from src/ now (after changing a string, run
//   `npm run l10n:export`), and each bundle.l10n.<lang>.json has exactly its keys: none missing, none unused;
// - every %key% of package.json is in package.nls.json, which holds no other, and each package.nls.<lang>.json
//   has exactly the same keys;
// - a translation keeps its message's placeholders ({0}, {name}) and is not the English text left as it was.
// Plain Node: the extraction is the library's own CLI, run on the sources.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = process.cwd();
export const LANGUAGES = ['de', 'fr'] as const;

type Bundle = Record<string, string | { message: string; comment?: string[] }>;
const readJson = (file: string): Bundle =>
  JSON.parse(readFileSync(join(root, file), 'utf8')) as Bundle;
const messageOf = (v: Bundle[string]): string => (typeof v === 'string' ? v : v.message);
const placeholders = (s: string): string[] => [...new Set(s.match(/\{[^{}\s]+\}/g) ?? [])].sort();
/** Names that stay as they are in every language (l10n/GLOSSARY.md). */
const NAMES =
  /Unique Analytics|Unique|Public API|GraphQL|VS Code|Zitadel|Open VSX|CSV|TSV|Markdown|PNG|JSON/g;
/**
 * Whether a message reads the same in every language, so a translation equal to it is not "untranslated":
 * no two words left once placeholders, codicons and names are taken out ("{0} KB", "CSV", "Unique Analytics").
 */
const isSameEverywhere = (s: string): boolean =>
  !/\p{L}{3,}[\s-]+\p{L}{3,}/u.test(
    s
      .replace(/\{[^}]*\}/g, ' ')
      .replace(/\$\([a-z-]+\)/g, ' ')
      .replace(NAMES, ' '),
  );

function extracted(): Bundle {
  const cli = join(
    dirname(createRequire(join(root, 'package.json')).resolve('@vscode/l10n-dev/package.json')),
    'dist',
    'cli.js',
  );
  const out = mkdtempSync(join(tmpdir(), 'ua-l10n-'));
  try {
    const run = spawnSync(process.execPath, [cli, 'export', '--outDir', out, join(root, 'src')], {
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, `l10n-dev export failed: ${run.stderr}`);
    const file = join(out, 'bundle.l10n.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Bundle) : {};
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function manifestKeys(): string[] {
  const keys = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') for (const m of v.matchAll(/^%([^%]+)%$/g)) keys.add(m[1]);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')));
  return [...keys].sort();
}

function checkTranslation(source: Bundle, file: string): void {
  assert.ok(existsSync(join(root, file)), `${file} is missing`);
  const translated = readJson(file);
  const missing = Object.keys(source).filter((k) => !(k in translated));
  const unused = Object.keys(translated).filter((k) => !(k in source));
  assert.deepEqual(missing, [], `${file}: keys missing (translate them)`);
  assert.deepEqual(unused, [], `${file}: keys nobody uses (remove them)`);
  const wrong: string[] = [];
  for (const [key, value] of Object.entries(source)) {
    const en = messageOf(value);
    const t = messageOf(translated[key]);
    if (typeof t !== 'string' || !t.trim()) wrong.push(`${key}: empty`);
    else if (placeholders(t).join() !== placeholders(en).join())
      wrong.push(
        `${key}: placeholders ${placeholders(t).join() || 'none'}, not ${placeholders(en).join()}`,
      );
    else if (t === en && !isSameEverywhere(en)) wrong.push(`${key}: still English`);
  }
  assert.deepEqual(wrong, [], `${file}: translations to mend`);
}

/**
 * Texts the adapter tells apart by their words at run time, each group within one message or report: the
 * buttons that fix a problem (errorBoundary.ts `Fix`, matched to the one chosen) and the lines of Check
 * Connection (matched to the button that fixes the first failed one). Two of a group translated alike would
 * run the wrong action.
 */
const TOLD_APART: readonly (readonly string[])[] = [
  [
    'Set Token',
    'Set Client Secret',
    'Set API Key',
    'Configure/button: set up the connection',
    'Open Settings',
    'Retry',
    'Show Log',
    'Check Connection',
    'Refresh/button: list the orders again',
  ],
  [
    'Settings (base URL, GraphQL path)',
    'Access token set',
    'Server reachable (network, proxy, TLS)',
    'Token accepted',
    'Analytics role (chat.feedback.read or chat.data.admin)',
    'Order list (GraphQL)',
    'Download route',
    'Environment (base URL, app id, user id, company id, API version)',
    'API key set',
    'API key accepted',
    'Identity headers accepted (app id, user id, company id, API version)',
    'Order list (Public API)',
  ],
];

describe('l10n: bundles and manifest strings', function () {
  this.timeout(60_000);
  let source: Bundle;
  before(() => {
    source = extracted();
  });

  it('l10n/bundle.l10n.json is what the sources say now (else: npm run l10n:export)', () => {
    assert.ok(Object.keys(source).length > 0, 'no l10n.t string found in src/');
    assert.deepEqual(readJson('l10n/bundle.l10n.json'), source);
  });

  for (const lang of LANGUAGES)
    it(`l10n/bundle.l10n.${lang}.json: every key, no unused key, placeholders kept`, () =>
      checkTranslation(source, `l10n/bundle.l10n.${lang}.json`));

  for (const lang of ['en', ...LANGUAGES])
    it(`${lang}: buttons and check lines told apart by their words stay different`, () => {
      const bundle = lang === 'en' ? source : readJson(`l10n/bundle.l10n.${lang}.json`);
      for (const group of TOLD_APART) {
        const missing = group.filter((k) => !(k in source));
        assert.deepEqual(missing, [], 'keys renamed in the code: update TOLD_APART');
        const texts = group.map((k) => messageOf(bundle[k]));
        const twice = texts.filter((t, i) => texts.indexOf(t) !== i);
        assert.deepEqual(twice, [], `${lang}: translated alike within one group`);
      }
    });

  it('package.nls.json holds exactly the %keys% of package.json', () => {
    const nls = readJson('package.nls.json');
    assert.ok(manifestKeys().length > 0, 'no %key% in package.json');
    assert.deepEqual(Object.keys(nls).sort(), manifestKeys());
  });

  for (const lang of LANGUAGES)
    it(`package.nls.${lang}.json: every key, no unused key, placeholders kept`, () =>
      checkTranslation(readJson('package.nls.json'), `package.nls.${lang}.json`));
});
