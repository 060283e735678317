// Before an export is written inside a workspace folder or a git work tree that does not ignore it, asks
// the person (core/trust/saveTarget.ts decides when): Add to .gitignore, Choose Another Folder, or Write
// Anyway (remembered for that folder). Nothing is written while the question is open.
import { execFile } from 'node:child_process';
import { appendFile, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { WRITE_ANYWAY_FOLDERS_KEY } from '../../core/ids';
import type { Logger } from '../../core/ports';
import { decideSaveTarget, findGitRoot, type SaveTargetFacts } from '../../core/trust/saveTarget';

/** The answers, as ids: the dialog shows each in the display language (`askModal`). */
export const ADD_TO_GITIGNORE = 'Add to .gitignore';
export const CHOOSE_ANOTHER = 'Choose Another Folder';
export const WRITE_ANYWAY = 'Write Anyway';

/**
 * How the question is asked: a modal dialog for people; integration tests answer it themselves. `actions`
 * and the answer are the ids above.
 */
export type AskSave = (
  message: string,
  detail: string,
  actions: readonly string[],
) => Thenable<string | undefined>;

export const askModal: AskSave = async (message, detail, actions) => {
  const labels = new Map(actions.map((a) => [actionLabel(a), a]));
  const choice = await vscode.window.showWarningMessage(
    message,
    { modal: true, detail },
    ...labels.keys(),
  );
  return choice === undefined ? undefined : labels.get(choice);
};

function actionLabel(action: string): string {
  switch (action) {
    case ADD_TO_GITIGNORE:
      return vscode.l10n.t('Add to .gitignore');
    case CHOOSE_ANOTHER:
      return vscode.l10n.t('Choose Another Folder');
    case WRITE_ANYWAY:
      return vscode.l10n.t('Write Anyway');
    default:
      return action;
  }
}

export interface SaveGuardDeps {
  readonly memento: Pick<vscode.Memento, 'get' | 'update'>;
  readonly log: Logger;
  readonly ask: AskSave;
}

/** What to do with the write: go ahead, let the person pick another place, or drop it. */
export type SaveVerdict = 'write' | 'chooseAnother' | 'cancel';

export async function guardSaveTarget(
  deps: SaveGuardDeps,
  target: string,
  kind: SaveTargetFacts['kind'],
): Promise<SaveVerdict> {
  const folder = path.dirname(path.resolve(target));
  const gitRoot = await findGitRoot(folder, exists);
  const facts: SaveTargetFacts = {
    target,
    kind,
    workspaceFolders: (vscode.workspace.workspaceFolders ?? [])
      .filter((f) => f.uri.scheme === 'file')
      .map((f) => f.uri.fsPath),
    gitRoot,
    ignoredByGit: gitRoot ? await gitIgnores(gitRoot, target, deps.log) : undefined,
    allowedFolders: deps.memento.get<string[]>(WRITE_ANYWAY_FOLDERS_KEY, []),
  };
  const decision = decideSaveTarget(facts);
  if (decision.kind === 'write') return 'write';
  const actions = [
    ...(decision.gitignoreEntry ? [ADD_TO_GITIGNORE] : []),
    CHOOSE_ANOTHER,
    WRITE_ANYWAY,
  ];
  const choice = await deps.ask(decision.message, decision.detail, actions);
  if (choice === WRITE_ANYWAY) {
    const allowed = deps.memento.get<string[]>(WRITE_ANYWAY_FOLDERS_KEY, []);
    await deps.memento.update(WRITE_ANYWAY_FOLDERS_KEY, [
      ...allowed.filter((a) => a !== decision.folder),
      decision.folder,
    ]);
    deps.log.info(
      `Writing exports in ${decision.folder} although it is not ignored by git (the person chose so).`,
    );
    return 'write';
  }
  if (choice === ADD_TO_GITIGNORE && gitRoot && decision.gitignoreEntry) {
    await addToGitignore(gitRoot, decision.gitignoreEntry);
    deps.log.info(`Added ${decision.gitignoreEntry} to ${path.join(gitRoot, '.gitignore')}.`);
    if ((await gitIgnores(gitRoot, target, deps.log)) === false) {
      deps.log.warn(
        `git still does not ignore ${target} (a later rule may re-include it); not writing there.`,
      );
      return 'chooseAnother';
    }
    return 'write';
  }
  return choice === CHOOSE_ANOTHER ? 'chooseAnother' : 'cancel';
}

function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/** `git check-ignore`: true/false, or undefined when git is not there or fails (then we ask, to be safe). */
function gitIgnores(gitRoot: string, target: string, log: Logger): Promise<boolean | undefined> {
  const rel = path.relative(gitRoot, path.resolve(target));
  return new Promise((resolve) => {
    execFile(
      'git',
      ['check-ignore', '-q', '--', rel],
      { cwd: gitRoot, timeout: 10_000 },
      (error) => {
        if (!error) return resolve(true);
        const code = (error as { code?: unknown }).code;
        if (code === 1) return resolve(false);
        log.warn(`Could not ask git whether ${rel} is ignored: ${error.message}`);
        resolve(undefined);
      },
    );
  });
}

/** Appends `entry` to `<root>/.gitignore` on a line of its own (creating the file if needed). */
async function addToGitignore(root: string, entry: string): Promise<void> {
  const file = path.join(root, '.gitignore');
  const before = await readFile(file, 'utf8').catch(() => '');
  if (before.split(/\r?\n/).includes(entry)) return;
  const sep = before === '' || before.endsWith('\n') ? '' : '\n';
  await appendFile(file, `${sep}# Unique Analytics exports (personal data)\n${entry}\n`);
}
