// The worker thread of a split insights pass (bundled to dist/insightsWorker.js): computes the one part it is
// given (parts.ts `computePart`) and posts progress and then its recipe's state, or the error. One part per
// worker; the main thread terminates it to cancel.
import { parentPort, workerData } from 'node:worker_threads';
import { computePart, type PartSpec } from './parts';

export type PartMessage =
  | { readonly type: 'progress'; readonly bytes: number }
  | { readonly type: 'done'; readonly rows: number; readonly state: unknown }
  | { readonly type: 'failed'; readonly message: string; readonly name: string };

if (parentPort) {
  const port = parentPort;
  let last = 0;
  computePart(workerData as PartSpec, (bytes) => {
    const now = Date.now();
    if (now - last < 100) return;
    last = now;
    port.postMessage({ type: 'progress', bytes } satisfies PartMessage);
  }).then(
    (r) => port.postMessage({ type: 'done', rows: r.rows, state: r.state } satisfies PartMessage),
    (e: unknown) =>
      port.postMessage({
        type: 'failed',
        message: e instanceof Error ? e.message : String(e),
        name: e instanceof Error ? e.name : 'Error',
      } satisfies PartMessage),
  );
}
