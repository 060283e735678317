// Starts bench/downloadServer in its own process and waits for the line saying where it listens.

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ServedCsv {
  readonly url: string;
  readonly token: string;
  readonly orderId: string;
  readonly bytes: number;
  /** The pace of the CSV body (0: unshaped loopback). */
  readonly bytesPerSecond: number;
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * `buildDir` holds the bundled downloadServer.js (the directory of the running benchmark); `bytesPerSecond`
 * paces the CSV body as a link of that speed would (0: as fast as the reader takes it).
 */
export async function startServerProcess(
  buildDir: string,
  bytes: number,
  bytesPerSecond = 0,
): Promise<ServedCsv> {
  const child = spawn(
    process.execPath,
    [
      join(buildDir, 'downloadServer.js'),
      '--bytes',
      String(bytes),
      '--rate',
      String(bytesPerSecond),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const line = await firstLine(child);
  const info = JSON.parse(line) as {
    url: string;
    token: string;
    orderId: string;
    bytes: number;
    bytesPerSecond: number;
  };
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.stdin?.end();
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  return { ...info, pid: child.pid ?? 0, stop };
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!child.stdout) return reject(new Error('server process has no stdout'));
    const rl = createInterface({ input: child.stdout });
    rl.once('line', (l) => {
      rl.close();
      resolve(l);
    });
    child.once('exit', (code) => reject(new Error(`download server exited early (code ${code})`)));
    child.once('error', reject);
  });
}
