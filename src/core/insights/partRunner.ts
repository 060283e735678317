// Runs a part of a split insights pass in a worker thread (the bundled partWorker.ts at `workerFile`):
// resolves with its recipe state, rejects with its error, and terminates it when the signal aborts.
import { Worker } from 'node:worker_threads';
import * as l10n from '@vscode/l10n';
import type { PartMessage } from './partWorker';
import type { RunPart } from './parts';

export function workerRunner(workerFile: string): RunPart {
  return (spec, onProgress, signal) =>
    new Promise((resolve, reject) => {
      signal?.throwIfAborted();
      const worker = new Worker(workerFile, { workerData: spec });
      const abort = (): void => {
        void worker.terminate();
        reject(
          signal?.reason instanceof Error
            ? signal.reason
            : new DOMException('Aborted', 'AbortError'),
        );
      };
      signal?.addEventListener('abort', abort, { once: true });
      const settle = (): void => {
        signal?.removeEventListener('abort', abort);
        void worker.terminate();
      };
      worker.on('message', (m: PartMessage) => {
        if (m.type === 'progress') onProgress(m.bytes);
        else if (m.type === 'done') {
          settle();
          resolve({ rows: m.rows, state: m.state });
        } else {
          settle();
          const e = new Error(m.message);
          e.name = m.name;
          reject(e);
        }
      });
      worker.on('error', (e) => {
        settle();
        reject(e);
      });
      worker.on('exit', (code) => {
        if (code !== 0)
          reject(new Error(l10n.t('the insights worker stopped (exit code {0})', code)));
      });
    });
}
