// The worker thread of a split insights pass (bundled to dist/insightsWorker.js): computes the one part it is
// given (parts.ts `computePart`) and posts progress and then its recipe's state, or the error. One part per
// worker; the main thread terminates it to cancel. A thread starts without the host's l10n setup: the host
// passes its bundle and locale along, so an error message made here is in the display language too.
import { parentPort, workerData } from 'node:worker_threads';
import * as l10n from '@vscode/l10n';
import { setDisplayLocale } from '../l10n/locale';
import { computePart, type PartSpec } from './parts';

/** What the worker is started with: its part, and the host's l10n bundle (none in English) and locale. */
export interface PartWorkerData extends PartSpec {
  readonly l10n?: { readonly bundle?: Record<string, string>; readonly locale: string };
}

export type PartMessage =
  | { readonly type: 'progress'; readonly bytes: number }
  | { readonly type: 'done'; readonly rows: number; readonly state: unknown }
  | { readonly type: 'failed'; readonly message: string; readonly name: string };

if (parentPort) {
  const port = parentPort;
  const { l10n: language, ...spec } = workerData as PartWorkerData;
  if (language?.bundle) l10n.config({ contents: language.bundle });
  setDisplayLocale(language?.locale);
  let last = 0;
  computePart(spec, (bytes) => {
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
