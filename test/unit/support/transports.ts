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

/**
 * The suite `body` once per transport, titled `<title> (<transport>)`. Before its tests, `use` gets the
 * block's transport: the suites keep it where their client builders read it.
 */
export function describeEachTransport(
  title: string,
  use: (fetch: FetchFn, name: string) => void,
  body: (this: Mocha.Suite) => void,
): void {
  for (const [name, fetch] of TRANSPORTS) {
    describe(`${title} (${name})`, function () {
      before(() => use(fetch, name));
      body.call(this);
    });
  }
}
