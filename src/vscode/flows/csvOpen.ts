// Showing a CSV on disk: the real file in an editor tab with language `csv`; a file too large for the
// editor gets a read-only preview of its first lines (a virtual document) and the ways to the whole file.

import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LARGE_FILE_BYTES, readHeadLines } from '../../core/downloads/csvFiles';
import { maskEmails } from '../../core/trust/maskEmails';
import { guardSaveTarget, type SaveGuardDeps } from '../trust/saveGuard';
import { copyCompleteFile } from './atomicCopy';
import {
  PREVIEW_MAX_BYTES,
  PREVIEW_MAX_LINES,
  largeFileNotice,
  revealLabel,
} from '../../core/downloads/downloadMessages';

export const CSV_LANGUAGE = 'csv';
/** Virtual documents holding the head of a large CSV; the file's path travels in the URI's query. */
export const CSV_PREVIEW_SCHEME = 'unique-analytics-csv-preview';

/**
 * Serves preview documents; everything else it needs is in the URI. `masked` is the `maskEmails` setting,
 * read per preview. Register once at activation.
 */
export function registerCsvPreviewProvider(masked: () => boolean = () => false): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(CSV_PREVIEW_SCHEME, {
    provideTextDocumentContent: async (uri) => {
      const text = await previewText(sourcePathOf(uri));
      return masked() ? maskEmails(text) : text;
    },
  });
}

/**
 * Opens the CSV at `filePath`: the real file with language `csv`, or, above LARGE_FILE_BYTES (the size
 * on disk wins over `bytes`), a head preview plus a notice offering the full file, the folder, Save As.
 */
export async function openCsvFile(
  filePath: string,
  bytes: number,
  saveGuard?: SaveGuardDeps,
): Promise<vscode.TextEditor> {
  const size = await sizeOnDisk(filePath, bytes);
  if (size > LARGE_FILE_BYTES) return openPreview(filePath, size, saveGuard);
  let doc = await vscode.workspace.openTextDocument(vscode.Uri.file(filePath));
  if (doc.languageId !== CSV_LANGUAGE)
    doc = await vscode.languages.setTextDocumentLanguage(doc, CSV_LANGUAGE);
  return vscode.window.showTextDocument(doc, { preview: false });
}

async function sizeOnDisk(filePath: string, fallback: number): Promise<number> {
  try {
    return (await stat(filePath)).size;
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') {
      throw new Error(
        vscode.l10n.t(
          'The CSV file {0} is no longer there. Open the order again to download it.',
          filePath,
        ),
      );
    }
    return fallback;
  }
}

async function openPreview(
  filePath: string,
  bytes: number,
  saveGuard?: SaveGuardDeps,
): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.from({
    scheme: CSV_PREVIEW_SCHEME,
    path: `/${path.basename(filePath, '.csv')} (preview).csv`,
    query: filePath,
  });
  let doc: vscode.TextDocument;
  try {
    doc = await vscode.workspace.openTextDocument(uri);
  } catch {
    // The provider was not registered (it should be, at activation): an untitled copy still shows the head.
    doc = await vscode.workspace.openTextDocument({
      content: await previewText(filePath),
      language: CSV_LANGUAGE,
    });
  }
  if (doc.languageId !== CSV_LANGUAGE)
    doc = await vscode.languages.setTextDocumentLanguage(doc, CSV_LANGUAGE);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const lines =
    doc.lineCount > 0 && doc.lineAt(doc.lineCount - 1).text === ''
      ? doc.lineCount - 1
      : doc.lineCount;
  void offerWholeFile(filePath, bytes, lines, saveGuard);
  return editor;
}

async function previewText(filePath: string): Promise<string> {
  const head = await readHeadLines(filePath, PREVIEW_MAX_BYTES, PREVIEW_MAX_LINES);
  // The byte-order mark belongs to the file, not to what a person reads.
  return head.text.replace(/^\uFEFF/, '');
}

function sourcePathOf(uri: vscode.Uri): string {
  if (!path.isAbsolute(uri.query)) throw new Error(`Not a CSV preview address: ${uri.toString()}`);
  return uri.query;
}

/** The notice under a preview; its buttons open the whole file, its folder, or a copy elsewhere. */
async function offerWholeFile(
  filePath: string,
  bytes: number,
  shownLines: number,
  saveGuard?: SaveGuardDeps,
): Promise<void> {
  const openFull = vscode.l10n.t('Open Full File');
  const reveal = revealLabel(process.platform);
  const saveAs = vscode.l10n.t('Save As…');
  // The long file name is already the preview's tab title: the notice names the file as "This CSV".
  const thisCsv = vscode.l10n.t({
    message: 'This CSV',
    comment: ['names the file at the start of "{0} is 60 MB, too large to open in the editor…"'],
  });
  const choice = await vscode.window.showInformationMessage(
    largeFileNotice(thisCsv, bytes, shownLines),
    openFull,
    reveal,
    saveAs,
  );
  try {
    if (choice === openFull)
      await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(filePath));
    else if (choice === reveal) await revealInOs(filePath);
    else if (choice === saveAs) await saveFileCopyAs(filePath, bytes, saveGuard);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    void vscode.window.showErrorMessage(
      choice === openFull
        ? vscode.l10n.t('Could not open full file: {0}', why)
        : choice === reveal
          ? couldNotReveal(why)
          : choice === saveAs
            ? vscode.l10n.t('Could not save a copy: {0}', why)
            : vscode.l10n.t('Could not do that: {0}', why),
    );
  }
}

/** "Could not reveal in Finder: …", named like revealLabel names the file manager where the host runs. */
function couldNotReveal(why: string): string {
  if (process.platform === 'darwin') return vscode.l10n.t('Could not reveal in Finder: {0}', why);
  if (process.platform === 'win32')
    return vscode.l10n.t('Could not reveal in File Explorer: {0}', why);
  return vscode.l10n.t('Could not open containing folder: {0}', why);
}

async function revealInOs(filePath: string): Promise<void> {
  // `revealFileInOS` exists only where the UI runs on the same machine as the file (desktop VS Code).
  const commands = await vscode.commands.getCommands(true);
  if (commands.includes('revealFileInOS')) {
    await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(filePath));
    return;
  }
  await vscode.env.clipboard.writeText(filePath);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('The file is at {0} (path copied to the clipboard).', filePath),
  );
}

async function saveFileCopyAs(
  filePath: string,
  bytes: number,
  saveGuard?: SaveGuardDeps,
): Promise<void> {
  for (;;) {
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(filePath),
      filters: { [vscode.l10n.t('CSV files')]: ['csv'], [vscode.l10n.t('All files')]: ['*'] },
      saveLabel: vscode.l10n.t('Save CSV'),
    });
    if (!target || path.resolve(target.fsPath) === path.resolve(filePath)) return;
    const verdict = saveGuard ? await guardSaveTarget(saveGuard, target.fsPath, 'file') : 'write';
    if (verdict === 'cancel') return;
    if (verdict === 'write') return copyCompleteFile(filePath, target.fsPath, bytes);
  }
}
