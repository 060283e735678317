// core/trust: where an export may be written without asking, the .gitignore line that keeps it out, finding
// the git work tree, masking e-mail addresses, and what is said about workspace values that are ignored.
import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maskEmails } from '../../../src/core/trust/maskEmails';
import {
  decideSaveTarget,
  findGitRoot,
  gitignoreEntryFor,
  isInside,
} from '../../../src/core/trust/saveTarget';
import {
  ignoredValueMessages,
  restrictedValuesIn,
} from '../../../src/core/trust/workspaceSettings';

const base = {
  kind: 'downloadFolder' as const,
  workspaceFolders: [] as string[],
  allowedFolders: [] as string[],
};

describe('trust: save targets', () => {
  it('writes without asking outside every workspace folder and git work tree (the default storage)', () => {
    assert.deepEqual(
      decideSaveTarget({
        ...base,
        target: '/home/ana/.config/Code/storage/csv/a.csv',
        workspaceFolders: ['/work/repo'],
      }),
      {
        kind: 'write',
      },
    );
  });

  it('asks inside a git work tree that does not ignore the file, offering the folder for .gitignore', () => {
    const d = decideSaveTarget({
      ...base,
      target: '/work/repo/exports/a.csv',
      gitRoot: '/work/repo',
      ignoredByGit: false,
    });
    assert.equal(d.kind, 'ask');
    assert.ok(d.kind === 'ask');
    assert.equal(d.gitignoreEntry, '/exports/');
    assert.equal(d.folder, '/work/repo/exports');
    assert.match(d.message, /inside the git repository repo/);
    assert.match(d.detail, /e-mail addresses/);
  });

  it('writes without asking where git ignores the file, or where the person chose "Write Anyway" for that folder', () => {
    assert.equal(
      decideSaveTarget({
        ...base,
        target: '/work/repo/out/a.csv',
        gitRoot: '/work/repo',
        ignoredByGit: true,
      }).kind,
      'write',
    );
    const allowed = {
      ...base,
      target: '/work/repo/out/a.csv',
      gitRoot: '/work/repo',
      ignoredByGit: false,
    };
    assert.equal(
      decideSaveTarget({ ...allowed, allowedFolders: ['/work/repo/out'] }).kind,
      'write',
    );
    assert.equal(
      decideSaveTarget({ ...allowed, allowedFolders: ['/work/repo'] }).kind,
      'ask',
      'remembered per folder, not per tree',
    );
  });

  it('asks inside a workspace folder without git too, and says when git could not be asked', () => {
    const ws = decideSaveTarget({
      ...base,
      target: '/work/notes/a.csv',
      workspaceFolders: ['/work/notes'],
    });
    assert.ok(
      ws.kind === 'ask' &&
        ws.gitignoreEntry === undefined &&
        /workspace folder notes/.test(ws.message),
    );
    const unknown = decideSaveTarget({
      ...base,
      target: '/work/repo/a.csv',
      gitRoot: '/work/repo',
    });
    assert.ok(unknown.kind === 'ask' && /could not be asked/.test(unknown.detail));
  });

  it('the .gitignore line: the folder for downloads, the file itself for Save As, root and odd names escaped', () => {
    assert.equal(gitignoreEntryFor('/r', '/r/a/b/x.csv', 'downloadFolder'), '/a/b/');
    assert.equal(gitignoreEntryFor('/r', '/r/x.csv', 'downloadFolder'), '/*.csv');
    assert.equal(
      gitignoreEntryFor('/r', '/r/docs/Q1 [final]#2.csv', 'file'),
      '/docs/Q1 \\[final\\]\\#2.csv',
    );
    assert.equal(gitignoreEntryFor('/r', '/r/!x.csv', 'file'), '/\\!x.csv');
  });

  it('isInside: the folder itself and below, never a sibling with the same prefix', () => {
    assert.ok(isInside('/a/b', '/a/b'));
    assert.ok(isInside('/a/b/c', '/a/b'));
    assert.ok(!isInside('/a/bc', '/a/b'));
    assert.ok(!isInside('/a', '/a/b'));
  });

  it('findGitRoot walks up to the folder holding .git (a folder or a worktree file) and stops at the top', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ua-git-'));
    try {
      await mkdir(join(dir, 'repo', '.git'), { recursive: true });
      await mkdir(join(dir, 'repo', 'a', 'b'), { recursive: true });
      await mkdir(join(dir, 'wt', 'x'), { recursive: true });
      await writeFile(join(dir, 'wt', '.git'), 'gitdir: /elsewhere\n');
      const exists = (p: string) =>
        stat(p).then(
          () => true,
          () => false,
        );
      assert.equal(await findGitRoot(join(dir, 'repo', 'a', 'b'), exists), join(dir, 'repo'));
      assert.equal(await findGitRoot(join(dir, 'wt', 'x'), exists), join(dir, 'wt'));
      assert.equal(await findGitRoot('/', () => Promise.resolve(false)), undefined);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('trust: masking e-mail addresses', () => {
  it('keeps the first character and the domain', () => {
    assert.equal(maskEmails('jane.doe@bank.ch'), 'j***@bank.ch');
    assert.equal(
      maskEmails('Email,Count\r\nanna-lena.m+x@corp.example.com,3\r\n"b@uni.ch",1'),
      'Email,Count\r\na***@corp.example.com,3\r\n"b***@uni.ch",1',
    );
  });

  it('leaves text without addresses alone (ids, dates, a lone @)', () => {
    for (const s of ['analyticOrder_abc', '2024-05-01', '@home', 'a@b', 'no mail here'])
      assert.equal(maskEmails(s), s);
  });
});

describe('trust: workspace values that are ignored', () => {
  it('finds restricted values in a settings file, flat or nested, and nothing else', () => {
    assert.deepEqual(
      restrictedValuesIn({
        'uniqueAnalytics.baseUrl': 'https://x.example/chat',
        'uniqueAnalytics.pageSize': 5,
        uniqueAnalytics: { downloadFolder: '/tmp/x' },
        'editor.tabSize': 2,
      }),
      [
        { key: 'baseUrl', value: 'https://x.example/chat' },
        { key: 'downloadFolder', value: '/tmp/x' },
      ],
    );
    assert.deepEqual(restrictedValuesIn({ 'uniqueAnalytics.deleteAfterDownload': false }, 'app'), [
      { key: 'deleteAfterDownload', value: false, folder: 'app' },
    ]);
    for (const bad of [undefined, null, 'x', [1], 3]) assert.deepEqual(restrictedValuesIn(bad), []);
  });

  it('says which setting, what value and why, once per value', () => {
    const said = new Set<string>();
    const first = ignoredValueMessages(
      [{ key: 'baseUrl', value: 'https://attacker.example/chat' }],
      said,
    );
    assert.deepEqual(
      first.map((m) => m.text),
      [
        'This workspace sets uniqueAnalytics.baseUrl to "https://attacker.example/chat"; it is ignored: connections come only from your user settings.',
      ],
    );
    for (const m of first) said.add(m.key);
    assert.deepEqual(
      ignoredValueMessages([{ key: 'baseUrl', value: 'https://attacker.example/chat' }], said),
      [],
    );
    assert.equal(
      ignoredValueMessages([{ key: 'baseUrl', value: 'https://other.example/chat' }], said).length,
      1,
      'a new value is news',
    );
  });

  it('names the folder of a multi-root workspace, and the rule of each kind of setting', () => {
    const texts = ignoredValueMessages(
      [
        { key: 'downloadFolder', value: '/tmp/x', folder: 'app' },
        { key: 'deleteAfterDownload', value: true },
        { key: 'graphqlPath', value: '/g\nfake line' },
      ],
      new Set(),
    ).map((m) => m.text);
    assert.match(
      texts[0],
      /^The folder "app" sets uniqueAnalytics.downloadFolder to "\/tmp\/x"; it is ignored: where exports are saved/,
    );
    assert.match(
      texts[1],
      /deleteAfterDownload to "true"; it is ignored: deleting orders is decided only in your user settings/,
    );
    assert.ok(
      !texts[2].includes('\n'),
      'no control characters from the workspace reach the message',
    );
  });
});
