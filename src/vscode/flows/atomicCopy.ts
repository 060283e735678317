// Copies a complete file to a new place without ever leaving a partial file under the final name:
// write to a temporary name beside the target, check it, then rename. Also the spreadsheet-safe copy.

import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as vscode from 'vscode';
import { spreadsheetSafeTransform, type FormulaCellReport } from '../../core/csv/formulaCells';

export async function copyCompleteFile(
  source: string,
  target: string,
  expectedBytes: number,
): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.part-${randomBytes(6).toString('hex')}`;
  try {
    await copyFile(source, temp);
    const { size } = await stat(temp);
    if (size !== expectedBytes) {
      throw new Error(
        vscode.l10n.t({
          message:
            'Copying {0} gave {1} bytes instead of {2}, so nothing was saved. Open the order again to re-download it.',
          args: [source, size, expectedBytes],
          comment: ['{0} is a file path; {1} and {2} are numbers of bytes'],
        }),
      );
    }
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw e;
  }
}

/**
 * Writes the spreadsheet-safe version of `source` (core/csv/formulaCells.ts) to `target`, through a
 * temporary name beside it; the source stays as it is. Returns how many cells were neutralised.
 */
export async function writeSpreadsheetSafeCopy(
  source: string,
  target: string,
): Promise<FormulaCellReport> {
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.part-${randomBytes(6).toString('hex')}`;
  const transform = spreadsheetSafeTransform();
  try {
    await pipeline(createReadStream(source), transform, createWriteStream(temp, { flags: 'wx' }));
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw e;
  }
  return transform.guard.report;
}
