// What the .vsix holds, as vsce packs it (its own listFiles and `vsce package`), and what it weighs.
// - Only dist's bundles and stylesheets, media (icon, activity-bar icon, README screenshots, the walkthrough's pages
//   and pictures), l10n bundles, package.nls*.json, package.json, README, CHANGELOG, LICENSE and SECURITY.md: by
//   patterns, so a new screenshot, bundle or translation passes and a source map, a test or a stray file fails.
// - Everything the manifest names (main, icons, walkthrough media) is packed, and nothing allowed is left out.
// - At most 1 MB with screenshots; the test prints what takes the space.
// - The pictures README.md shows are files of this repo that reach git (the repository's front page renders the
//   relative links) and the .vsix (the packaged readme keeps them relative: vsce runs with
//   --no-rewrite-relative-links). Each is a real PNG, at most 150 KB, not ignored by git, and packed by vsce.
//   Note: VS Code's own extension page does not show relative pictures of a locally installed .vsix (its readme
//   sanitizer drops relative `src`, its CSP allows `img-src https: data:` only); that needs https links.
// Plain Node, no VS Code. `npm run publish:dry` checks the real .vsix of the package stage the same way.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import type * as Vsce from '@vscode/vsce';

const root = process.cwd();
const README = 'README.md';
const MAX_BYTES = 150 * 1024;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Every image README.md references (inline, reference-style and <img>), outside fenced code, as written. */
function readmeImageRefs(markdown: string): string[] {
  const text = markdown.replace(/^ {0,3}(```|~~~)[^\n]*\n[\s\S]*?^ {0,3}\1[^\n]*$/gm, '');
  const definitions = new Map<string, string>();
  for (const m of text.matchAll(/^ {0,3}\[([^\]]+)\]:\s*<?([^\s>]+)>?/gm))
    definitions.set(m[1].toLowerCase(), m[2]);
  const refs: string[] = [];
  for (const m of text.matchAll(
    /!\[([^\]]*)\](?:\(\s*<?([^\s)>]+)>?(?:\s+["'(][^)]*)?\)|\[([^\]]*)\])?/g,
  )) {
    if (m[2] !== undefined) refs.push(m[2]);
    else {
      const target = definitions.get((m[3] || m[1]).toLowerCase());
      if (target !== undefined) refs.push(target);
    }
  }
  for (const m of text.matchAll(/<img\b[^>]*?\ssrc\s*=\s*["']([^"']+)["']/gi)) refs.push(m[1]);
  return refs;
}

/** A README link as a path relative to the repo root (query and fragment dropped, %-escapes decoded). */
function repoPath(ref: string): string {
  const file = resolve(root, dirname(README), decodeURIComponent(ref.replace(/[?#].*$/, '')));
  return relative(root, file).split(sep).join('/');
}

/** The .vsix's budget, with screenshots (issue 18): 1 MB as vsce counts it (1024 × 1024 bytes). */
const BUDGET = 1024 * 1024;

/**
 * What may be in the .vsix, as paths of the repo (vsce's listFiles names them so; in the .vsix they sit under
 * extension/, README and CHANGELOG lower-cased, LICENSE as LICENSE.txt). .vscodeignore says the same in its words.
 */
const ALLOWED: readonly RegExp[] = [
  /^dist\/[^/]+\.js$/, // the extension host's bundles (extension.js, insightsWorker.js)
  /^dist\/webview\/[^/]+\.(js|css)$/, // the webviews' scripts and stylesheets
  /^media\/[^/]+\.(png|svg)$/, // the icon, the activity-bar icon
  /^media\/screenshots\/.+\.png$/, // README pictures (also per language, in folders)
  /^media\/walkthrough\/.+\.(md|png|svg)$/, // the walkthrough's pages and pictures
  /^l10n\/bundle\.l10n(\.[a-z]{2,3}(-[a-z0-9]+)*)?\.json$/i, // vscode.l10n bundles
  /^package\.nls(\.[a-z]{2,3}(-[a-z0-9]+)*)?\.json$/i, // the manifest's strings
  /^(package\.json|README\.md|CHANGELOG\.md|LICENSE|SECURITY\.md)$/,
];
const allowed = (path: string) => ALLOWED.some((pattern) => pattern.test(path));

/** Planted in the listed copy (never in the repo): what .vscodeignore must let in, and what it must keep out. */
const PLANT_IN = [
  'dist/zzNewBundle.js',
  'dist/webview/zz.css',
  'media/screenshots/zz-new.png',
  'media/screenshots/de/zz.png',
  'media/walkthrough/zz.md',
  'media/walkthrough/zz/step.svg',
  'l10n/bundle.l10n.zz.json',
  'package.nls.zz.json',
];
const PLANT_OUT = [
  'dist/extension.js.map',
  'dist/extension.meta.json',
  'dist/webview/zz.js.map',
  'dist/unique-analytics.vsix',
  'dist/zz/nested.js',
  'src/zz.ts',
  'test/zz.test.ts',
  'out-test/unit/zz.test.js',
  'bench/results/zz.json',
  'screenshots/4.139.1/zz.png',
  'media/zz.psd',
  'media/screenshots/zz.txt',
  'l10n/GLOSSARY.md',
  'l10n/zz.json',
  '.env',
  '.vscode/settings.json',
  'ARCHITECTURE.md',
  'tsconfig.json',
  'esbuild.mjs',
];

/**
 * Every file of the working tree as vsce would see it, but for .git/, node_modules/ (vsce runs with
 * --no-dependencies and never packs it) and .cache/ (code-server installs, ~1 GB: a walk of half a minute; `**`
 * keeps it out like any other folder).
 */
function treeFiles(dir = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory() && !['.git', 'node_modules', '.cache'].includes(path))
      out.push(...treeFiles(path));
    else if (e.isFile()) out.push(path);
  }
  return out;
}

/**
 * The paths vsce would pack out of `paths`, by vsce's own listFiles (the code `vsce package` uses: its default
 * ignores, .vscodeignore with its negations, package.json's `files`). vsce lists a copy: package.json,
 * package.nls.json, .vscodeignore and README.md as they are, every other path an empty file (the filter looks at
 * nothing but paths).
 */
async function packedByVsce(paths: string[]): Promise<string[]> {
  // Loaded at run time, not bundled into this test (vsce and its dependencies stay in node_modules).
  const vsce = createRequire(join(root, 'package.json'))('@vscode/vsce') as typeof Vsce;
  const copy = mkdtempSync(join(tmpdir(), 'ua-vsix-contents-'));
  const real = new Set(['package.json', 'package.nls.json', '.vscodeignore', README]);
  try {
    for (const f of new Set([...real, ...paths])) {
      mkdirSync(dirname(join(copy, f)), { recursive: true });
      if (real.has(f) && existsSync(join(root, f))) copyFileSync(join(root, f), join(copy, f));
      else writeFileSync(join(copy, f), '');
    }
    return await vsce.listFiles({ cwd: copy, packageManager: vsce.PackageManager.None });
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

interface Manifest {
  main?: string;
  browser?: string;
  icon?: string;
  scripts?: Record<string, string>;
  contributes?: {
    viewsContainers?: Record<string, { icon?: unknown }[]>;
    views?: Record<string, { icon?: unknown }[]>;
    commands?: { icon?: unknown }[];
    walkthroughs?: {
      steps?: { media?: { image?: unknown; svg?: unknown; markdown?: unknown } }[];
    }[];
  };
}

/** Every file path package.json names that VS Code loads from the extension (not codicons, not URLs). */
function manifestPaths(m: Manifest): string[] {
  const values = (v: unknown): unknown[] => (typeof v === 'object' && v ? Object.values(v) : [v]);
  const c = m.contributes ?? {};
  const paths: unknown[] = [m.main, m.browser, m.icon];
  for (const group of Object.values(c.viewsContainers ?? {}))
    for (const v of group) paths.push(...values(v.icon));
  for (const group of Object.values(c.views ?? {}))
    for (const v of group) paths.push(...values(v.icon));
  for (const cmd of c.commands ?? []) paths.push(...values(cmd.icon));
  for (const w of c.walkthroughs ?? [])
    for (const step of w.steps ?? [])
      paths.push(...values(step.media?.image), step.media?.svg, step.media?.markdown);
  return paths
    .filter((p): p is string => typeof p === 'string' && p !== '' && !/^\$\(|^[a-z]+:/i.test(p))
    .map((p) => posix.normalize(p.replace(/\\/g, '/')));
}

/** True when dist/ holds a production build: minified bundles without source maps (a dev build links them). */
function productionBuild(packed: string[]): boolean {
  const bundles = packed.filter((p) => p.startsWith('dist/') && p.endsWith('.js'));
  return (
    bundles.includes('dist/extension.js') &&
    bundles.every(
      (p) => !/\/\/# sourceMappingURL=\S+\s*$/.test(readFileSync(join(root, p), 'utf8')),
    )
  );
}

/** `vsce package` with the flags of `npm run package`, writing `out` (cwd: an extension folder). */
function vscePackage(cwd: string, out: string): void {
  const script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest).scripts
    ?.package;
  const flags =
    /\bvsce package\b([^&|;]*)/
      .exec(script ?? '')?.[1]
      .trim()
      .split(/\s+/) ?? [];
  assert.ok(script?.includes('vsce package'), 'npm run package no longer runs `vsce package`');
  const o = flags.findIndex((f) => f === '-o' || f === '--out');
  if (o >= 0) flags.splice(o, 2);
  const bin = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [bin, 'package', ...flags, '-o', out], {
    cwd,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, `vsce package failed:\n${r.stdout}\n${r.stderr}`);
}

/** Each file of a .vsix with its size in the archive, by yauzl (vsce's own zip reader). */
async function vsixEntries(file: string): Promise<{ name: string; bytes: number; raw: number }[]> {
  interface Entry {
    fileName: string;
    compressedSize: number;
    uncompressedSize: number;
  }
  interface Zip {
    on(event: 'entry', f: (e: Entry) => void): void;
    on(event: 'end', f: () => void): void;
    on(event: 'error', f: (e: Error) => void): void;
    readEntry(): void;
  }
  type Open = (f: string, o: object, cb: (err: Error | null, zip: Zip) => void) => void;
  const vsceMain = createRequire(join(root, 'package.json')).resolve('@vscode/vsce');
  const { open } = createRequire(vsceMain)('yauzl') as { open: Open };
  return new Promise((done, reject) => {
    open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const entries: { name: string; bytes: number; raw: number }[] = [];
      zip.on('entry', (e) => {
        entries.push({ name: e.fileName, bytes: e.compressedSize, raw: e.uncompressedSize });
        zip.readEntry();
      });
      zip.on('end', () => done(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** The largest entries, one a line: what to cut first when the budget breaks. */
function spaceReport(entries: { name: string; bytes: number; raw: number }[], top = 10): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1).padStart(7)} KB`;
  return [...entries]
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top)
    .map((e) => `  ${kb(e.bytes)}  ${e.name} (${kb(e.raw).trim()} unpacked)`)
    .join('\n');
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
const kB = (n: number) => `${(n / 1024).toFixed(1)} KB`;

describe('the .vsix holds only what the extension needs, within 1 MB', function () {
  this.timeout(120_000); // listing, and packing a real .vsix, take seconds on a busy machine
  const tree = treeFiles();
  let packed: string[] = [];
  let built = false;
  before(async () => {
    packed = await packedByVsce([...tree, ...PLANT_IN, ...PLANT_OUT]);
    built = productionBuild(packed.filter((p) => !PLANT_IN.includes(p)));
  });

  it('packs nothing outside the allowed set', () => {
    assert.deepEqual(
      packed.filter((p) => !allowed(p)),
      [],
      'files vsce would pack that the extension does not need: keep them out in .vscodeignore ' +
        '(or, if the extension loads them, allow them in ALLOWED and .vscodeignore)',
    );
  });

  it('lets new screenshots, bundles and translations in; keeps maps, sources, tests and strays out', () => {
    assert.deepEqual(
      PLANT_IN.filter((p) => !packed.includes(p)),
      [],
      'allowed files .vscodeignore keeps out',
    );
    assert.deepEqual(
      PLANT_OUT.filter((p) => packed.includes(p)),
      [],
      'files .vscodeignore lets in',
    );
  });

  it('packs every allowed file of the tree and everything the manifest names', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
    const named = manifestPaths(manifest);
    const absent = named.filter((p) => !tree.includes(p) && !p.startsWith('dist/'));
    assert.deepEqual(absent, [], 'package.json names files that do not exist');
    const required = [
      ...new Set([
        'package.json',
        README,
        'CHANGELOG.md',
        'LICENSE',
        'SECURITY.md',
        ...tree.filter(allowed),
        ...named.filter((p) => built || !p.startsWith('dist/')),
      ]),
    ];
    assert.deepEqual(
      required.filter((p) => !packed.includes(p)),
      [],
      'files the extension or its page needs that .vscodeignore keeps out of the .vsix',
    );
  });

  // Honest about what it measures: with a production build in dist/ (node esbuild.mjs --production, as
  // `npm run package` makes), vsce packs a real .vsix of these files with the flags of `npm run package`, and its
  // size on disk is checked. Without one (no dist/, or the dev build `node esbuild.mjs --tests` leaves, which the
  // unit tier runs on: unminified, several times larger) the bundles' shipped size is unknown, so only the rest
  // (screenshots, media, docs, translations), deflated as the .vsix would store them, is checked against the whole
  // budget: a lower bound, which can fail but cannot prove the whole fits. `npm run publish:dry`, run on the
  // package stage's real .vsix by scripts/test.sh, checks the whole file every run.
  it('weighs at most 1 MB, and says what takes the space', async () => {
    const files = packed.filter((p) => !PLANT_IN.includes(p));
    if (built) {
      const copy = mkdtempSync(join(tmpdir(), 'ua-vsix-budget-'));
      try {
        for (const f of ['.vscodeignore', ...files]) {
          mkdirSync(dirname(join(copy, f)), { recursive: true });
          copyFileSync(join(root, f), join(copy, f));
        }
        const vsix = join(copy, 'budget.vsix');
        vscePackage(copy, vsix);
        const entries = await vsixEntries(vsix);
        const size = statSync(vsix).size;
        const report = spaceReport(entries);
        console.log(
          `      .vsix: ${kB(size)} of ${kB(BUDGET)}, ${plural(entries.length, 'file')}; largest:\n${report}`,
        );
        assert.ok(
          size <= BUDGET,
          `the .vsix is ${kB(size)}, over ${kB(BUDGET)}. Largest:\n${report}`,
        );
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    } else {
      const rest = files.filter((p) => !p.startsWith('dist/'));
      const entries = rest.map((name) => {
        const data = readFileSync(join(root, name));
        return { name, bytes: deflateRawSync(data).length, raw: data.length };
      });
      const size = entries.reduce((sum, e) => sum + e.bytes, 0);
      const report = spaceReport(entries);
      console.log(
        `      no production build in dist/: bundles not counted (publish:dry weighs the real .vsix).\n` +
          `      The rest: ${kB(size)} of ${kB(BUDGET)}, ${plural(entries.length, 'file')}; largest:\n${report}`,
      );
      assert.ok(
        size <= BUDGET,
        `without the bundles the .vsix is already ${kB(size)}, over ${kB(BUDGET)}. Largest:\n${report}`,
      );
    }
  });

  describe('README pictures are in git and in the .vsix', () => {
    const refs = readmeImageRefs(readFileSync(join(root, README), 'utf8'));
    const paths = refs.map(repoPath);

    it('finds inline, reference-style and <img> pictures, not those inside fenced code', () => {
      const md = [
        '![a](media/a.png "title") and [link](not-an-image.md)',
        '![b][bee] ![Cee][] <img alt="d" src="./media/d.png">',
        '```md',
        '![in code](media/code.png)',
        '```',
        '[bee]: media/b.png',
        '[cee]: <media/c%20c.png>',
      ].join('\n');
      assert.deepEqual(readmeImageRefs(md), [
        'media/a.png',
        'media/b.png',
        'media/c%20c.png',
        './media/d.png',
      ]);
      assert.deepEqual(['./media/d.png', 'media/c%20c.png'].map(repoPath), [
        'media/d.png',
        'media/c c.png',
      ]);
    });

    it('README.md shows at least one picture, each a relative link to a file of this repo', () => {
      assert.ok(refs.length > 0, 'README.md references no image');
      for (const [i, ref] of refs.entries()) {
        assert.ok(
          !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(ref),
          `${ref}: README pictures are files of this repo (a remote one needs the network and a public host)`,
        );
        assert.ok(
          !paths[i].startsWith('../') && !paths[i].startsWith('/'),
          `${ref} points outside the repo`,
        );
      }
    });

    it('every picture exists, is a PNG and is at most 150 KB', () => {
      for (const p of paths) {
        const file = join(root, p);
        assert.ok(
          existsSync(file) && statSync(file).isFile(),
          `${p} (shown by ${README}) does not exist`,
        );
        assert.deepEqual(readFileSync(file).subarray(0, 8), PNG_MAGIC, `${p} is not a PNG`);
        const size = statSync(file).size;
        assert.ok(
          size <= MAX_BYTES,
          `${p} is ${(size / 1024).toFixed(1)} KB (at most 150 KB: pngquant + optipng)`,
        );
      }
    });

    it('git does not ignore any picture (the repository front page shows what is committed)', () => {
      for (const p of paths) {
        const r = spawnSync('git', ['check-ignore', '-v', '--', p], {
          cwd: root,
          encoding: 'utf8',
        });
        assert.ok(
          r.error === undefined && (r.status === 0 || r.status === 1),
          `git check-ignore ${p}: ${r.error ?? r.stderr}`,
        );
        assert.equal(r.status, 1, `${p} is ignored by git: ${r.stdout.trim()}`);
      }
    });

    it('vsce packs every picture (.vscodeignore lets it through)', () => {
      assert.deepEqual(
        paths.filter((p) => !packed.includes(p)),
        [],
        'pictures README.md shows that .vscodeignore keeps out of the .vsix',
      );
    });
  });
});
