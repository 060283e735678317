// The two fetches the client runs on: `nodeFetch` (what the extension passes) and the global fetch (any
// standard fetch must keep working). Suites that talk HTTP run once per transport.
import { nodeFetch } from '../../../src/core/api/nodeFetch';
import type { FetchFn } from '../../../src/core/ports';

export const TRANSPORTS: readonly (readonly [name: string, fetch: FetchFn])[] = [
  ['nodeFetch', nodeFetch],
  ['global fetch', (url, init) => globalThis.fetch(url, init)],
];

/** The transport by the name in TRANSPORT_NAME (for child processes), nodeFetch by default. */
export function transportNamed(name: string | undefined): FetchFn {
  return (TRANSPORTS.find(([n]) => n === name) ?? TRANSPORTS[0])[1];
}
