// Trust boundaries in a real VS Code: a workspace whose settings point the extension at another server or
// folder changes nothing (that server gets no request at all, the person is told once), and the save guard's
// questions and answers around a real git repository. A folder of a multi-root workspace is the E2E tier's
// (31-trust-multi-root): adding a folder at run time would restart this extension host.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID_PREFIX, WRITE_ANYWAY_FOLDERS_KEY } from '../../src/core/ids';
import { downloadOrderCsv } from '../../src/vscode/flows/csvDownload';
import type { FlowDeps } from '../../src/vscode/flows/deps';
import {
  ADD_TO_GITIGNORE,
  CHOOSE_ANOTHER,
  WRITE_ANYWAY,
  type SaveGuardDeps,
} from '../../src/vscode/trust/saveGuard';
import { startFakeServer, type FakeServer } from '../fakeServer/server';
import { startFlowsKit, type FlowsKit } from './flowsKit';
import { waitFor } from './support/extension';
import { useFakeServer } from './support/fixtures';

const RESTRICTED = {
  'uniqueAnalytics.baseUrl': '',
  'uniqueAnalytics.graphqlPath': '/evil-graphql',
  'uniqueAnalytics.downloadFolder': '',
  'uniqueAnalytics.deleteAfterDownload': true,
};

async function writeSettings(folder: string, values: Record<string, unknown>): Promise<string> {
  const file = path.join(folder, '.vscode', 'settings.json');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(values, null, 2));
  return file;
}

describe('trust: workspace settings cannot redirect credentials or files (real VS Code)', function () {
  this.timeout(90_000);
  const fx = useFakeServer({ seed: 'empty', orders: (s) => s.seedMany(2, 'DONE'), connect: true });
  let evil: FakeServer;
  const cleanup: string[] = [];

  before(async () => {
    // A second server on loopback, as a hostile repository would name it. Its token is not the canary: it
    // must never see one, so any Authorization header it received would be a failure below.
    evil = await startFakeServer({ seed: 'empty', token: 'evil-server-token' });
  });
  after(async () => {
    for (const f of cleanup) await rm(f, { force: true });
    await evil?.stop();
  });

  it('workspace settings naming another server and folder are ignored, said once, and that server hears nothing', async () => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'the integration run opens a workspace folder');
    const target = path.join(root, 'exports-from-repo');
    cleanup.push(
      await writeSettings(root, {
        ...RESTRICTED,
        'uniqueAnalytics.baseUrl': evil.url,
        'uniqueAnalytics.downloadFolder': target,
      }),
    );
    const said = `This workspace sets uniqueAnalytics.baseUrl to "${evil.url}"; it is ignored: connections come only from your user settings.`;
    // The settings file is seen through VS Code's file watcher: seconds, not at once (about 15 s in code-server).
    await waitFor(
      'the warning about the workspace base URL',
      () => fx.api.messages().some((m) => m.text === said),
      45_000,
    );
    for (const key of ['graphqlPath', 'downloadFolder', 'deleteAfterDownload']) {
      assert.ok(
        fx.api
          .messages()
          .some((m) => m.text.startsWith(`This workspace sets uniqueAnalytics.${key} to `)),
        `no warning about ${key}`,
      );
    }
    // VS Code itself does not apply them (the manifest's scopes), and neither does the extension.
    const config = vscode.workspace.getConfiguration(EXTENSION_ID_PREFIX);
    assert.equal(config.get('baseUrl'), fx.server.url);
    assert.equal(fx.api.settings().baseUrl, fx.server.url);
    assert.equal(fx.api.settings().graphqlPath, '/graphql');
    assert.equal(fx.api.settings().downloadFolder, '');
    assert.equal(fx.api.settings().deleteAfterDownload, false);

    const before = fx.server.requests.length;
    const outcome = await fx.api.refreshAndWait();
    assert.equal(outcome.ok, true, 'the user’s own server keeps working');
    assert.ok(fx.server.requests.length > before);
    assert.equal(fx.api.messages().filter((m) => m.text === said).length, 1, 'said once');
    assert.equal(
      evil.requests.length,
      0,
      `the workspace's server got ${evil.requests.length} request(s)`,
    );
    assert.equal(evil.otherOriginRequests.length, 0);
    assert.ok(!existsSync(target), 'nothing was written where the workspace said');
  });
});

describe('trust: the save guard around a real git repository (real VS Code)', function () {
  this.timeout(60_000);
  let kit: FlowsKit;
  let repo: string;
  let asked: { message: string; actions: readonly string[] }[];
  let answer: string | undefined;
  let remembered: Map<string, unknown>;
  let deps: FlowDeps;

  const memento: SaveGuardDeps['memento'] = {
    get: <T>(key: string, fallback?: T) =>
      (remembered.has(key) ? (remembered.get(key) as T) : fallback) as T,
    update: (key: string, value: unknown) => Promise.resolve(void remembered.set(key, value)),
  };

  before(async () => {
    kit = await startFlowsKit();
  });
  after(() => kit.dispose());
  beforeEach(async () => {
    repo = await mkdtemp(path.join(tmpdir(), 'ua-repo-'));
    execFileSync('git', ['init', '-q'], { cwd: repo });
    asked = [];
    answer = undefined;
    remembered = new Map();
    deps = {
      ...kit.deps,
      downloadFolder: () => path.join(repo, 'exports'),
      saveGuard: {
        memento,
        log: kit.deps.log,
        ask: (message, _detail, actions) => {
          asked.push({ message, actions });
          return Promise.resolve(answer);
        },
      },
    };
  });
  afterEach(() => rm(repo, { recursive: true, force: true }));

  const ignored = (rel: string): boolean => {
    try {
      execFileSync('git', ['check-ignore', '-q', '--', rel], { cwd: repo });
      return true;
    } catch {
      return false;
    }
  };

  it('asks before writing into a repository; dismissing the question writes nothing', async () => {
    const order = kit.addOrder();
    assert.equal(await downloadOrderCsv(deps, order), undefined);
    assert.equal(asked.length, 1);
    assert.match(asked[0].message, /inside the git repository/);
    assert.deepEqual(asked[0].actions, [ADD_TO_GITIGNORE, CHOOSE_ANOTHER, WRITE_ANYWAY]);
    assert.equal(kit.downloads(), 0, 'nothing was downloaded');
    assert.ok(
      !existsSync(path.join(repo, 'exports')) ||
        (await readdir(path.join(repo, 'exports'))).length === 0,
    );
  });

  it('"Add to .gitignore" adds the folder, then writes; git ignores the file, and the next download asks nothing', async () => {
    answer = ADD_TO_GITIGNORE;
    const first = await downloadOrderCsv(deps, kit.addOrder());
    assert.ok(first, 'written after the .gitignore line was added');
    assert.match(await readFile(path.join(repo, '.gitignore'), 'utf8'), /^\/exports\/$/m);
    assert.ok(ignored(path.relative(repo, first.path)), 'git ignores the downloaded file');
    answer = undefined;
    assert.ok(await downloadOrderCsv(deps, kit.addOrder()));
    assert.equal(asked.length, 1, 'asked once');
  });

  it('"Write Anyway" writes and is remembered for that folder', async () => {
    answer = WRITE_ANYWAY;
    assert.ok(await downloadOrderCsv(deps, kit.addOrder()));
    assert.deepEqual(remembered.get(WRITE_ANYWAY_FOLDERS_KEY), [path.join(repo, 'exports')]);
    answer = undefined;
    assert.ok(await downloadOrderCsv(deps, kit.addOrder()));
    assert.equal(asked.length, 1);
    assert.ok(!existsSync(path.join(repo, '.gitignore')));
  });

  it('a folder git already ignores is written without a question', async () => {
    await writeFile(path.join(repo, '.gitignore'), '*.csv\n');
    assert.ok(await downloadOrderCsv(deps, kit.addOrder()));
    assert.equal(asked.length, 0);
  });
});
