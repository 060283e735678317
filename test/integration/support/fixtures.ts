// Fixtures the integration suites share: a suite's fake server with the activated extension around it
// (`useFakeServer`), an order as the fake server takes it (`wireOrder`), and yesterday's one-day range.
import type { UniqueAnalyticsTestApi } from '../../../src/extension';
import { startFakeServer } from '../../fakeServer/server';
import type { FakeOrderInput, FakeServer, FakeServerOptions } from '../../fakeServer/server';
import { activateExtension, connect, resetExtension } from './extension';

export interface FakeServerFixture {
  /** The installed extension's test API (set in the suite's `before`). */
  readonly api: UniqueAnalyticsTestApi;
  readonly server: FakeServer;
}

export interface UseFakeServerOptions extends FakeServerOptions {
  /** Orders to add before the extension connects, e.g. `(s) => s.seedMany(5, 'DONE')`. */
  readonly orders?: (server: FakeServer) => void;
  /** Point the extension at the server and sign in (`connect`) before the suite's tests. Default false. */
  readonly connect?: boolean;
}

/**
 * Mocha hooks for the calling `describe`: before its tests, activate the extension, reset it (default settings,
 * no token), start a fake server and optionally connect to it; after them, reset the extension and stop the
 * server. Returns the fixture, filled in once the suite's `before` hooks ran.
 */
export function useFakeServer(options: UseFakeServerOptions = {}): FakeServerFixture {
  const { orders, connect: connectFirst = false, ...serverOptions } = options;
  const fixture: { api?: UniqueAnalyticsTestApi; server?: FakeServer } = {};
  before(async () => {
    fixture.api = await activateExtension();
    await resetExtension(fixture.api);
    fixture.server = await startFakeServer(serverOptions);
    orders?.(fixture.server);
    if (connectFirst) await connect(fixture.api, fixture.server);
  });
  after(async () => {
    if (fixture.api) await resetExtension(fixture.api);
    await fixture.server?.stop();
  });
  return {
    get api() {
      if (!fixture.api) throw new Error('useFakeServer: the suite has not started yet');
      return fixture.api;
    },
    get server() {
      if (!fixture.server) throw new Error('useFakeServer: the suite has not started yet');
      return fixture.server;
    },
  };
}

/**
 * An order for the fake server's `addOrder`: a finished chat-interactions export of 3 May – 2 June 2024
 * (Zurich days), with `overrides` on top (any wire field, or the fake's `csvBytes` / `fails`).
 */
export function wireOrder(overrides: FakeOrderInput = {}): FakeOrderInput {
  return {
    type: 'CHAT_INTERACTION',
    state: 'DONE',
    configuration: { startDate: '2024-05-02T22:00:00.000Z', endDate: '2024-06-02T21:59:59.999Z' },
    ...overrides,
  };
}

/** Yesterday (UTC) as YYYY-MM-DD: a day every export kind accepts. */
export function yesterday(): string {
  return new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
}

/** Yesterday as a one-day range for Start Export. */
export function yesterdayRange(): { start: string; end: string } {
  const d = yesterday();
  return { start: d, end: d };
}
