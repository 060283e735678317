// Whether writing an export somewhere needs the person's word first. Exports hold e-mail addresses and,
// for detailed interactions, what people typed: a CSV must not land in a repository by accident, where one
// `git add .` publishes it. Folder `core/trust/`: decides what crosses a trust boundary; never does I/O
// itself (the adapter passes what it found on disk and what git said).

import * as l10n from '@vscode/l10n';
import * as path from 'node:path';

export interface SaveTargetFacts {
  /** Absolute path of the file about to be written. */
  readonly target: string;
  /** What is being written: the download folder's files (a folder rule) or one file from Save As. */
  readonly kind: 'downloadFolder' | 'file';
  /** Absolute paths of the open workspace folders (file system ones only). */
  readonly workspaceFolders: readonly string[];
  /** The git work tree holding the target, if any. */
  readonly gitRoot?: string;
  /** What `git check-ignore` said of the target: undefined when it could not be asked. */
  readonly ignoredByGit?: boolean;
  /** Folders where the person chose "Write Anyway" before. */
  readonly allowedFolders: readonly string[];
}

export type SaveTargetDecision =
  | { readonly kind: 'write' }
  | {
      readonly kind: 'ask';
      readonly message: string;
      readonly detail: string;
      /** The folder "Write Anyway" is remembered for. */
      readonly folder: string;
      /** The line "Add to .gitignore" appends to `<gitRoot>/.gitignore` (only inside a git work tree). */
      readonly gitignoreEntry?: string;
    };

/** True when `child` is `parent` or lies below it. */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(path.resolve(parent), path.resolve(child));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function decideSaveTarget(f: SaveTargetFacts): SaveTargetDecision {
  const folder = path.dirname(path.resolve(f.target));
  const workspace = f.workspaceFolders.find((w) => isInside(folder, w));
  if (!workspace && !f.gitRoot) return { kind: 'write' };
  if (f.ignoredByGit === true) return { kind: 'write' };
  if (f.allowedFolders.some((a) => path.resolve(a) === folder)) return { kind: 'write' };
  const detail = [
    l10n.t(
      'Analytics exports contain e-mail addresses and, for detailed interactions, what people typed.',
    ),
    f.gitRoot
      ? f.ignoredByGit === undefined
        ? l10n.t(
            'Git could not be asked whether the file is ignored, so it may be committed with the rest.',
          )
        : l10n.t('Git does not ignore it, so it would be committed with the rest.')
      : l10n.t('Files in a workspace are easily shared, synced or committed later.'),
  ].join(' ');
  return {
    kind: 'ask',
    message: askMessage(f.kind, f.gitRoot, workspace ?? folder, folder),
    detail,
    folder,
    ...(f.gitRoot ? { gitignoreEntry: gitignoreEntryFor(f.gitRoot, f.target, f.kind) } : {}),
  };
}

/** "Downloaded exports would be saved inside the git repository repo (/work/repo/exports)." */
function askMessage(
  kind: SaveTargetFacts['kind'],
  gitRoot: string | undefined,
  workspace: string,
  folder: string,
): string {
  if (gitRoot) {
    const args = [path.basename(gitRoot), folder];
    return kind === 'downloadFolder'
      ? l10n.t({
          message: 'Downloaded exports would be saved inside the git repository {0} ({1}).',
          args,
          comment: ['{0} is the name of a git repository; {1} the full path of the folder'],
        })
      : l10n.t({
          message: 'This export would be saved inside the git repository {0} ({1}).',
          args,
          comment: ['{0} is the name of a git repository; {1} the full path of the folder'],
        });
  }
  const args = [path.basename(workspace), folder];
  return kind === 'downloadFolder'
    ? l10n.t({
        message: 'Downloaded exports would be saved inside the workspace folder {0} ({1}).',
        args,
        comment: ['{0} is the name of a workspace folder; {1} the full path of the folder'],
      })
    : l10n.t({
        message: 'This export would be saved inside the workspace folder {0} ({1}).',
        args,
        comment: ['{0} is the name of a workspace folder; {1} the full path of the folder'],
      });
}

/**
 * The .gitignore line that keeps the target out: its folder (every download lands there) or, for one file
 * saved with Save As, the file itself. Anchored at the root with `/`, with git's path separator.
 */
export function gitignoreEntryFor(
  gitRoot: string,
  target: string,
  kind: SaveTargetFacts['kind'],
): string {
  const rel = path.relative(path.resolve(gitRoot), path.resolve(target)).split(path.sep).join('/');
  const escaped = (p: string): string =>
    p.replace(/([*?[\]\\!#])/g, '\\$1').replace(/^ | $/g, '\\ ');
  if (kind === 'file') return `/${escaped(rel)}`;
  const dir = path.posix.dirname(rel);
  return dir === '.' ? `/*.csv` : `/${escaped(dir)}/`;
}

/** Finds the git work tree holding `dir` by looking for `.git` (a folder, or a file in worktrees). */
export async function findGitRoot(
  dir: string,
  exists: (p: string) => Promise<boolean>,
): Promise<string | undefined> {
  let current = path.resolve(dir);
  for (;;) {
    if (await exists(path.join(current, '.git'))) return current;
    const up = path.dirname(current);
    if (up === current) return undefined;
    current = up;
  }
}
