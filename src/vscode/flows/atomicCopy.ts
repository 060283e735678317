// Copies a complete file to a new place without ever leaving a partial file under the final name:
// copy to a temporary name beside the target, check the size, then rename.

import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';

export async function copyCompleteFile(source: string, target: string, expectedBytes: number): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.part-${randomBytes(6).toString('hex')}`;
  try {
    await copyFile(source, temp);
    const { size } = await stat(temp);
    if (size !== expectedBytes) {
      throw new Error(
        `Copying ${source} gave ${size} bytes instead of ${expectedBytes}, so nothing was saved. Open the order again to re-download it.`,
      );
    }
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw e;
  }
}
