// One CSV file opened in the table: the core engine (core/csv/csvTable.ts) over the file, reopened when the
// file changes on disk (a new download) and told when it is deleted. Shared by every table editor of the
// file; each editor's panel talks to it through a TableSession.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CsvTable } from '../../core/csv/csvTable';
import type { IndexProgress } from '../../core/csv/rowIndex';
import type { TableViewState } from '../../shared/tableMessages';

export class TableDocument implements vscode.CustomDocument {
  private current: Promise<CsvTable> | undefined;
  private readonly changed = new vscode.EventEmitter<'changed' | 'deleted'>();
  /** The file changed on disk (the table was reopened) or was deleted. */
  readonly onDidChangeFile = this.changed.event;
  private readonly progressed = new vscode.EventEmitter<IndexProgress>();
  readonly onDidProgress = this.progressed.event;
  private readonly watcher: vscode.FileSystemWatcher;
  private tempDir: string | undefined;
  /** The last state a panel reported (scroll, widths, sort, filter), for an editor reopened on the file. */
  savedState: TableViewState | undefined;
  private reopenTimer: ReturnType<typeof setTimeout> | undefined;
  /** Size and mtime of the file the engine was opened on: a watcher event with the same is no change. */
  private openedAs: string | undefined;
  deleted = false;

  constructor(readonly uri: vscode.Uri) {
    const dir = vscode.Uri.file(path.dirname(uri.fsPath));
    this.watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(dir, path.basename(uri.fsPath)),
    );
    const reopen = (): void => {
      // A download renames a complete file into place; wait for the burst of events to settle.
      if (this.reopenTimer) clearTimeout(this.reopenTimer);
      this.reopenTimer = setTimeout(() => void this.reopen(), 300);
    };
    this.watcher.onDidChange(reopen);
    this.watcher.onDidCreate(reopen);
    this.watcher.onDidDelete(() => {
      this.deleted = true;
      this.changed.fire('deleted');
    });
  }

  /** The engine over the file as it is now (opened on first use). */
  table(): Promise<CsvTable> {
    this.current ??= this.open();
    return this.current;
  }

  private async open(): Promise<CsvTable> {
    this.tempDir ??= await mkdtemp(path.join(tmpdir(), 'unique-analytics-table-'));
    this.openedAs = await this.fingerprint();
    return CsvTable.openFile(this.uri.fsPath, {
      utf8CopyPath: path.join(this.tempDir, 'utf8.csv'),
      onProgress: (p) => this.progressed.fire(p),
    });
  }

  private async fingerprint(): Promise<string | undefined> {
    try {
      const s = await stat(this.uri.fsPath);
      return `${s.size}:${s.mtimeMs}`;
    } catch {
      return undefined;
    }
  }

  private async reopen(): Promise<void> {
    // File watchers report late and twice (a download's rename, then its own events): only a real change counts.
    if (this.current && !this.deleted && (await this.fingerprint()) === this.openedAs) return;
    const old = this.current;
    this.current = undefined;
    this.deleted = false;
    if (old)
      void old.then(
        (t) => t.dispose(),
        () => undefined,
      );
    this.changed.fire('changed');
  }

  dispose(): void {
    if (this.reopenTimer) clearTimeout(this.reopenTimer);
    this.watcher.dispose();
    void this.current?.then(
      (t) => t.dispose(),
      () => undefined,
    );
    this.changed.dispose();
    this.progressed.dispose();
    if (this.tempDir) void rm(this.tempDir, { recursive: true, force: true });
  }
}
