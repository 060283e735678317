// The pictures README.md shows are files of this repo that reach git (the repository's front page renders the
// relative links) and the .vsix (the packaged readme keeps them relative: vsce runs with
// --no-rewrite-relative-links). Each is a real PNG, at most 150 KB, not ignored by git, and packed by vsce.
// Note: VS Code's own extension page does not show relative pictures of a locally installed .vsix (its readme
// sanitizer drops relative `src`, its CSP allows `img-src https: data:` only); that needs https links.
// Plain Node, no VS Code.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
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

/**
 * The paths vsce would pack out of `files`, by vsce's own listFiles (the code `vsce package` uses: its default
 * ignores, .vscodeignore with its negations, package.json's `files`). Listing the repo itself would walk .cache/
 * (code-server installs, ~1 GB) for half a minute, so vsce lists a copy holding just package.json, .vscodeignore,
 * README.md and `files` at their paths; the filter looks at nothing but paths.
 */
async function packedByVsce(files: string[]): Promise<string[]> {
  // Loaded at run time, not bundled into this test (vsce and its dependencies stay in node_modules).
  const vsce = createRequire(join(root, 'package.json'))('@vscode/vsce') as typeof Vsce;
  const copy = mkdtempSync(join(tmpdir(), 'ua-vsix-contents-'));
  try {
    for (const f of ['package.json', '.vscodeignore', README, ...files].filter((f) =>
      existsSync(join(root, f)),
    )) {
      mkdirSync(dirname(join(copy, f)), { recursive: true });
      copyFileSync(join(root, f), join(copy, f));
    }
    const listed = await vsce.listFiles({ cwd: copy, packageManager: vsce.PackageManager.None });
    return listed.filter((f) => files.includes(f));
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

describe('README pictures are in git and in the .vsix', function () {
  this.timeout(60_000); // loading vsce takes a few seconds on a busy machine
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
      const r = spawnSync('git', ['check-ignore', '-v', '--', p], { cwd: root, encoding: 'utf8' });
      assert.ok(
        r.error === undefined && (r.status === 0 || r.status === 1),
        `git check-ignore ${p}: ${r.error ?? r.stderr}`,
      );
      assert.equal(r.status, 1, `${p} is ignored by git: ${r.stdout.trim()}`);
    }
  });

  it('vsce packs every picture (.vscodeignore lets it through)', async () => {
    const packed = await packedByVsce(paths);
    assert.deepEqual(
      paths.filter((p) => !packed.includes(p)),
      [],
      'pictures README.md shows that .vscodeignore keeps out of the .vsix',
    );
  });
});
