// `npm run publish:dry`: the checks publishing to the VS Code Marketplace (`vsce publish`) and Open VSX
// (`ovsx publish`) would run, and what their listing pages need, on the .vsix that would be uploaded. Offline:
// nothing is sent anywhere, no token is read.
//   node scripts/publishDry.mjs                 builds and packs (`npm run package`), then checks that .vsix
//   node scripts/publishDry.mjs --vsix <file>   checks <file> (scripts/test.sh, right after its package stage)
// One line per check: "ok", "warn" or "FAILED" with what to do. Exits 1 when any check failed.
// Everything is read from the .vsix (what would be published), not from the working tree; the tree is read only
// to find translations that exist but were left out. Packing is vsce's own (`npm run package`, whose
// `vsce package` validates the manifest and scans for secrets); vsce's reader and manifest validation
// (what `vsce publish --packagePath` runs first) are loaded from its package, not re-implemented.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_VSIX = 'dist/unique-analytics.vsix';
const BUDGET = 1024 * 1024; // the .vsix file, with its screenshots (issue 18)
// The languages this extension ships besides English: runtime bundles and manifest strings for each.
const LANGUAGES = ['de', 'fr'];
// Marketplace categories (VS Code's manifest schema); anything else is refused or shown as "Other".
const CATEGORIES = new Set(
  [
    'AI, Azure, Chat, Data Science, Debuggers, Education, Extension Packs, Formatters, Keymaps',
    'Language Packs, Linters, Machine Learning, Notebooks, Other, Programming Languages',
    'SCM Providers, Snippets, Testing, Themes, Visualization',
  ].flatMap((line) => line.split(', ')),
);
const ID = /^[a-z0-9][a-z0-9-]*$/; // Open VSX namespace and name; the Marketplace's publisher id and name
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

const requireFromVsce = createRequire(
  createRequire(join(ROOT, 'package.json')).resolve('@vscode/vsce'),
);
/** One line per check. A check returns what it found, or throws failed() / warned() with what to do. */
const results = [];
class Outcome {
  constructor(state, detail) {
    Object.assign(this, { state, detail });
  }
}
const failed = (detail) => {
  throw new Outcome('FAILED', detail);
};
const warned = (detail) => {
  throw new Outcome('warn', detail);
};
async function check(name, run) {
  try {
    results.push(['ok', name, await run()]);
  } catch (e) {
    if (e instanceof Outcome) results.push([e.state, name, e.detail]);
    else results.push(['FAILED', name, `the check itself failed: ${e?.stack ?? e}`]);
  }
}
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const list = (items) => items.join(', ');

/** Every file of the .vsix: name -> { size, packed (compressed size), data }. yauzl is vsce's own zip reader. */
function readVsix(file) {
  const yauzl = requireFromVsce('yauzl');
  return new Promise((done, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const entries = new Map();
      zip.on('error', reject);
      zip.on('end', () => done(entries));
      zip.on('entry', (entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (err2, stream) => {
          if (err2) return reject(err2);
          const chunks = [];
          stream.on('data', (c) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            const size = entry.uncompressedSize;
            entries.set(entry.fileName, {
              size,
              packed: entry.compressedSize,
              data: Buffer.concat(chunks),
            });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** A manifest path (`./media/x.png`) as the .vsix names it (`extension/media/x.png`). */
const inVsix = (path) => posix.join('extension', posix.normalize(path.replace(/\\/g, '/')));

/** Every file path package.json names that VS Code loads from the extension (not codicons, not URLs). */
function manifestPaths(m) {
  const paths = [m.main, m.browser, m.icon];
  const icons = (icon) => (typeof icon === 'object' && icon ? Object.values(icon) : [icon]);
  const c = m.contributes ?? {};
  for (const group of Object.values(c.viewsContainers ?? {}))
    for (const v of group) paths.push(v.icon);
  for (const group of Object.values(c.views ?? {}))
    for (const v of group) paths.push(...icons(v.icon));
  for (const cmd of c.commands ?? []) paths.push(...icons(cmd.icon));
  for (const w of c.walkthroughs ?? [])
    for (const s of w.steps ?? []) {
      const media = s.media ?? {};
      paths.push(...icons(media.image), media.svg, media.markdown);
    }
  return paths.filter((p) => typeof p === 'string' && p !== '' && !/^\$\(|^[a-z]+:/i.test(p));
}

/** Links (a href) and images (img src) of a Markdown file, as rendered by vsce's own markdown-it. */
function markdownTargets(markdown) {
  const MarkdownIt = requireFromVsce('markdown-it');
  const html = new MarkdownIt({ html: true }).render(markdown);
  const attr = (tag, name) =>
    [...html.matchAll(new RegExp(`<${tag}\\b[^>]*?\\s${name}="([^"]*)"`, 'gi'))].map((m) =>
      m[1].replace(/&amp;/g, '&').replace(/&quot;/g, '"'),
    );
  return { links: attr('a', 'href'), images: attr('img', 'src') };
}

/** Width and height of a PNG (its IHDR chunk), or undefined when the bytes are not a PNG. */
function pngSize(bytes) {
  const magic = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(magic)) return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The JSON of a packed file as an object of strings, or the reason it is not one. */
function stringTable(entry) {
  try {
    const value = JSON.parse(entry.data.toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
    const bad = Object.entries(value).find(
      ([, v]) => typeof v !== 'string' && typeof v?.message !== 'string',
    );
    return bad ? `"${bad[0]}" is not a string` : value;
  } catch (e) {
    return `invalid JSON (${e.message})`;
  }
}

// ---------------------------------------------------------------------------------------------------- the checks

const { values: opt } = parseArgs({ options: { vsix: { type: 'string' } } });
let vsixFile = opt.vsix && resolve(opt.vsix);
if (!vsixFile) {
  console.log('publish:dry: npm run package (build; vsce package validates and scans for secrets)');
  vsixFile = join(ROOT, DEFAULT_VSIX);
  await check('vsce package', () => {
    const r = spawnSync('npm', ['run', '-s', 'package'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0)
      failed(`npm run package exited ${r.status ?? r.error}: fix what it printed`);
    return `${DEFAULT_VSIX} built and packed`;
  });
}
if (!existsSync(vsixFile)) {
  results.push(['FAILED', '.vsix', `${vsixFile} does not exist: run npm run package`]);
  finish();
}
const files = await readVsix(vsixFile);
const text = (name) => files.get(name)?.data.toString('utf8');
const m = JSON.parse(text('extension/package.json') ?? '{}');
const xml = text('extension.vsixmanifest') ?? '';
const english = JSON.parse(text('extension/package.nls.json') ?? '{}');
/** A manifest string as the stores show it: a %key% is looked up in package.nls.json. */
const shown = (s) => {
  const key = /^%(.+)%$/.exec(s ?? '')?.[1];
  return key ? (english[key]?.message ?? english[key]) : s;
};

// The package itself: vsce's reader and validation, as `vsce publish --packagePath` runs them first.
await check('.vsix', async () => {
  try {
    await requireFromVsce('@vscode/vsce/out/zip.js').readVSIXPackage(vsixFile);
  } catch (e) {
    failed(`vsce refuses it: ${e.message ?? e}`);
  }
  const target = /<Identity\b[^>]*\bTargetPlatform="([^"]+)"/.exec(xml)?.[1];
  if (target) failed(`packed for target ${target}: package without --target (universal)`);
  const treeVersion = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
  if (m.version !== treeVersion)
    failed(`holds version ${m.version}, package.json says ${treeVersion}: package again`);
  if (m.enableProposedApi || m.enabledApiProposals?.length)
    failed('uses proposed API, which the Marketplace refuses: remove it');
  return `${vsixFile}: universal, ${files.size} files, vsce accepts its manifest`;
});

// Identity: the Open VSX namespace is the publisher; both stores want lowercase ids.
await check('publisher', () =>
  ID.test(m.publisher ?? '')
    ? `${m.publisher} (Marketplace publisher id and Open VSX namespace)`
    : failed(`"${m.publisher}": lowercase letters, digits and hyphens (an Open VSX namespace)`),
);
await check('name', () =>
  ID.test(m.name ?? '')
    ? `${m.publisher}.${m.name}`
    : failed(`"${m.name}": lowercase letters, digits and hyphens`),
);
await check('display name', () =>
  shown(m.displayName) && shown(m.description)
    ? `${shown(m.displayName)}: ${shown(m.description)}`
    : failed('set "displayName" and "description": both stores list the extension by them'),
);
const version = SEMVER.exec(m.version ?? '');
await check('version', () => {
  if (!version) failed(`"${m.version}" is not a semantic version (MAJOR.MINOR.PATCH)`);
  if (version[4]) failed(`${m.version}: the Marketplace refuses pre-release versions; use x.y.z`);
  return m.version;
});
await check('preview', () => {
  if (!version) failed('needs a semantic version first');
  const below1 = version[1] === '0';
  if (below1 && m.preview !== true)
    failed(`version ${m.version} is below 1.0.0: set "preview": true in package.json`);
  if (!below1 && m.preview === true)
    warned(`version ${m.version} is 1.0 or later but "preview" is still true`);
  return below1 ? 'true (below 1.0.0)' : 'not a preview (1.0.0 or later)';
});
await check(
  'engines.vscode',
  () => m.engines?.vscode ?? failed('set "engines": { "vscode": "^1.x.0" }'),
);

// The listing: icon, banner, categories, keywords, pricing, Q&A, bugs, repository.
await check('icon', () => {
  if (!m.icon) failed('set "icon" to a PNG of at least 128×128 pixels');
  const icon = files.get(inVsix(m.icon)) ?? failed(`${m.icon} is not in the .vsix: let it through`);
  const { width, height } = pngSize(icon.data) ?? failed(`${m.icon} is not a PNG (no SVG icons)`);
  if (width < 128 || height < 128) failed(`${m.icon} is ${width}×${height}: at least 128×128`);
  if (width !== height) warned(`${m.icon} is ${width}×${height}: the stores show it square`);
  return `${m.icon}, ${width}×${height} PNG, packed`;
});
await check('galleryBanner', () => {
  const { color, theme } = m.galleryBanner ?? {};
  if (!color || !['dark', 'light'].includes(theme))
    failed(`set "galleryBanner": { "color": "#rrggbb", "theme": "dark" or "light" }`);
  if (!/^#[0-9a-f]{6}$/i.test(color)) failed(`color "${color}": use a hex colour, #rrggbb`);
  return `${color}, ${theme} theme`;
});
await check('categories', () => {
  const categories = m.categories ?? [];
  if (!categories.length) failed(`set "categories" (some of: ${list([...CATEGORIES])})`);
  const unknown = categories.filter((c) => !CATEGORIES.has(c));
  if (unknown.length) failed(`not Marketplace categories: ${list(unknown)}`);
  return list(categories);
});
await check('keywords', () => {
  const keywords = m.keywords ?? [];
  if (keywords.length > 30) failed(`${keywords.length}: vsce and the Marketplace take at most 30`);
  if (keywords.length > 5)
    warned(`${keywords.length}: the Marketplace shows the first 5 (${list(keywords.slice(0, 5))})`);
  return `${keywords.length}: ${list(keywords)}`;
});
await check('pricing', () =>
  ['Free', 'Trial'].includes(m.pricing) ? m.pricing : failed('set "pricing": "Free" (or "Trial")'),
);
await check('qna', () => {
  if (m.qna === undefined)
    failed('set "qna": false (no Q & A tab), "marketplace", or the https URL where users ask');
  if (m.qna !== false && m.qna !== 'marketplace' && !/^https:\/\//.test(String(m.qna)))
    failed(`"${m.qna}": use false, "marketplace" or an https URL`);
  return String(m.qna);
});
await check('bugs', () => {
  const bugs = typeof m.bugs === 'string' ? { url: m.bugs } : (m.bugs ?? {});
  // Neither store refuses a listing without it, and no address may be made up: the maintainers' tracker is
  // not public yet. A warning until it is.
  if (!bugs.url && !bugs.email)
    return warned(
      'none: set "bugs": { "url": "https://…" } or { "email": "…" } once the maintainers name where users report problems',
    );
  if (bugs.url && !/^https:\/\//.test(bugs.url)) failed(`"${bugs.url}": use an https URL`);
  return bugs.url ?? bugs.email;
});
await check('repository', () =>
  m.repository
    ? (m.repository.url ?? m.repository)
    : warned('none: no source link on either store (npm run package allows that)'),
);

// Files the manifest names, and the documents the pages show.
await check('manifest files', () => {
  const named = manifestPaths(m);
  const missing = named.filter((p) => !files.has(inVsix(p)));
  if (missing.length) failed(`named in package.json, not in the .vsix: ${list(missing)}`);
  return `${named.length} paths (main, icons, walkthrough media) packed`;
});
await check('license', () => {
  if (!m.license) failed('set "license" (an SPDX id such as "MIT") in package.json');
  const file = /<License>([^<]+)<\/License>/.exec(xml)?.[1];
  const licence = (file && text(file)) ?? failed('no LICENSE in the .vsix: let it through');
  if (!/copyright/i.test(licence)) failed(`${file} has no copyright line`);
  return `${m.license}, ${file} packed`;
});
await check('SECURITY.md', () =>
  files.has('extension/SECURITY.md') ? 'packed' : failed('not in the .vsix: let it through'),
);

// README: every relative link and picture resolves to a file of the .vsix; pictures https or packed, no SVG.
const readme = markdownTargets(text('extension/readme.md') ?? '');
const relative = (u) => !/^[a-z][a-z0-9+.-]*:|^\/\/|^#/i.test(u);
await check('README links', () => {
  if (!files.has('extension/readme.md')) failed('no README.md in the .vsix');
  const target = (u) => inVsix(decodeURIComponent(u.replace(/[?#].*$/, '')));
  const all = [...readme.links, ...readme.images].filter(relative);
  const broken = [...new Set(all.filter((u) => !files.has(target(u))))];
  if (broken.length)
    failed(`not in the .vsix: ${list(broken)}: link by absolute https URL, pack, or drop them`);
  return `${all.length} relative links and pictures resolve inside the .vsix`;
});
await check('README images', () => {
  const insecure = readme.images.filter((u) => /^(http:|\/\/)/i.test(u));
  const svg = readme.images.filter((u) => /\.svg([?#]|$)|^data:image\/svg/i.test(u));
  if (insecure.length || svg.length)
    failed(`${list([...insecure, ...svg])}: pictures must be packed or https, PNG not SVG`);
  return `${readme.images.length} pictures, packed or https, none SVG`;
});

// CHANGELOG in Keep-a-Changelog form, with a dated section for this version.
await check('CHANGELOG', () => {
  const changelog = text('extension/changelog.md') ?? failed('no CHANGELOG.md in the .vsix');
  const headings = [...changelog.matchAll(/^## (.*)$/gm)].map((h) => h[1].trim());
  const form = /^\[(\d+\.\d+\.\d+[^\]]*)\] - (\d{4}-\d{2}-\d{2})( \[YANKED\])?$/;
  const malformed = headings.filter((h) => h !== '[Unreleased]' && !form.test(h));
  const date = headings.map((h) => form.exec(h)).find((h) => h?.[1] === m.version)?.[2];
  if (!date || !new Date(`${date}T00:00:00Z`).toISOString().startsWith(date))
    failed(`add a section "## [${m.version}] - YYYY-MM-DD" (Keep a Changelog) for this version`);
  if (malformed.length)
    failed(`headings not in the form "## [x.y.z] - YYYY-MM-DD": ${list(malformed)}`);
  return `## [${m.version}] - ${date}, ${headings.length} sections`;
});

// Translations: runtime bundles (package.json "l10n") and manifest strings (package.nls*.json), valid and packed.
/**
 * The string tables in `dir` whose names match `pattern`: each one of the tree packed, each of `required` present,
 * every packed one valid JSON (and, given `usedKeys`, holding no other keys).
 */
function stringTables(dir, pattern, required, usedKeys) {
  const prefix = dir === '.' ? '' : `${dir}/`;
  const matching = (names) =>
    names.filter((n) => n.startsWith(prefix) && pattern.test(n.slice(prefix.length)));
  const packed = matching([...files.keys()].map((n) => n.replace(/^extension\//, '')));
  const tree = existsSync(join(ROOT, dir))
    ? matching(readdirSync(join(ROOT, dir)).map((f) => prefix + f))
    : [];
  const problems = [];
  const left = tree.filter((p) => !packed.includes(p));
  if (left.length) problems.push(`in the tree, not in the .vsix: ${list(left)}`);
  const absent = required.filter((p) => !packed.includes(p));
  if (absent.length) problems.push(`missing: ${list(absent)}`);
  const unused = new Set();
  for (const p of packed) {
    const table = stringTable(files.get(inVsix(p)));
    if (typeof table === 'string') problems.push(`${p}: ${table}`);
    else for (const k of Object.keys(table)) if (usedKeys && !usedKeys.has(k)) unused.add(k);
  }
  if (unused.size)
    problems.push(`keys package.json does not use: ${list([...unused].slice(0, 5))}`);
  if (problems.length) failed(problems.join('; '));
  return `${list(packed)}: valid JSON, packed`;
}
await check('l10n bundles', () => {
  if (!m.l10n) failed('package.json has no "l10n": set "l10n": "./l10n" and add the bundles');
  const dir = posix.normalize(m.l10n).replace(/\/$/, '');
  const required = LANGUAGES.map((l) => `${dir}/bundle.l10n.${l}.json`);
  return stringTables(dir, /^bundle\.l10n(\.[\w-]+)?\.json$/, required);
});
const placeholders = new Set([...JSON.stringify(m).matchAll(/"%([^%"\s]+)%"/g)].map((p) => p[1]));
await check('package.nls', () => {
  if (!placeholders.size)
    failed('package.json uses no %key% strings: move its texts to package.nls.json');
  const undefinedKeys = [...placeholders].filter((k) => english[k] === undefined);
  if (undefinedKeys.length)
    failed(`%key%s without a text in package.nls.json: ${list(undefinedKeys.slice(0, 5))}`);
  return `${placeholders.size} manifest strings come from package.nls.json`;
});
await check('package.nls files', () => {
  const required = ['package.nls.json', ...LANGUAGES.map((l) => `package.nls.${l}.json`)];
  return stringTables('.', /^package\.nls(\.[\w-]+)?\.json$/, required, placeholders);
});

// Size: the .vsix file itself, and what takes the space.
await check('size', () => {
  const total = statSync(vsixFile).size;
  const top = [...files]
    .sort((a, b) => b[1].packed - a[1].packed)
    .slice(0, 6)
    .map(([n, e]) => `${n.replace(/^extension\//, '')} ${kb(e.packed)}`);
  const detail = `${kb(total)} of ${kb(BUDGET)}; largest packed: ${list(top)}`;
  return total <= BUDGET ? detail : failed(`${detail}: cut from the largest`);
});

finish();

function finish() {
  const failures = results.filter((r) => r[0] === 'FAILED').length;
  for (const [state, name, detail] of results)
    console.log(`${state.padEnd(6)}  ${name}: ${detail}`);
  const checks = `${results.length} check${results.length === 1 ? '' : 's'}`;
  const verdict = failures ? `${failures} failed` : '0 failed: ready to publish';
  console.log(`publish:dry: ${checks}, ${verdict} (nothing was sent)`);
  process.exit(failures ? 1 : 0);
}
