// Shared set-up for the flow suites (csvDownload, deleteFlow): a fake Unique server, a real UniqueClient
// over real HTTP, a real DownloadIndex over an in-memory store, and FlowDeps as the shell builds them.
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { UniqueClient } from '../../src/core/api/client';
import { DownloadIndex } from '../../src/core/downloads/downloadIndex';
import type { KeyValueStore } from '../../src/core/downloads/downloadIndex';
import { orderFromWire } from '../../src/core/orders/order';
import type { Order } from '../../src/core/orders/order';
import type { FlowDeps } from '../../src/vscode/flows/deps';
import { startFakeServer } from '../fakeServer/server';
import type { FakeOrderInput, FakeServer } from '../fakeServer/server';
import { wireOrder } from './support/fixtures';

export interface FlowsKit {
  readonly server: FakeServer;
  readonly deps: FlowDeps;
  readonly index: DownloadIndex;
  /** A fresh temporary download folder. */
  readonly folder: string;
  readonly settings: { openAfterDownload: boolean; deleteAfterDownload: boolean };
  /** Adds an order to the server and returns it as the extension's domain Order. */
  addOrder(input?: FakeOrderInput): Order;
  /** The CSV bytes the server serves for `id`, fetched directly (not through the code under test). */
  serverCsv(id: string): Promise<Buffer>;
  /** How many download requests reached the server so far. */
  downloads(): number;
  dispose(): Promise<void>;
}

export class MemoryStore implements KeyValueStore {
  private readonly map = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.map.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    this.map.set(key, value);
    return Promise.resolve();
  }
}

export async function startFlowsKit(opts: { token?: string } = {}): Promise<FlowsKit> {
  const server = await startFakeServer({ seed: 'empty' });
  const folder = await mkdtemp(path.join(os.tmpdir(), 'ua-flows-'));
  const log = vscode.window.createOutputChannel('Unique Analytics (flow tests)', { log: true });
  const token = opts.token ?? server.token;
  const client = new UniqueClient({
    baseUrl: server.url,
    graphqlPath: '/graphql',
    getToken: () => Promise.resolve(token),
    userAgent: 'unique-analytics-flow-tests',
    logger: log,
  });
  const index = new DownloadIndex(new MemoryStore());
  const settings = { openAfterDownload: true, deleteAfterDownload: false };
  const deps: FlowDeps = {
    api: () => client,
    index,
    downloadFolder: () => folder,
    log,
    settings: () => ({ ...settings }),
  };
  return {
    server,
    deps,
    index,
    folder,
    settings,
    addOrder: (input = {}) => orderFromWire(server.addOrder(wireOrder(input))),
    serverCsv: async (id) => {
      const res = await fetch(
        `${server.url}/analytics/analytics-scheduler/download/${encodeURIComponent(id)}`,
        {
          headers: { authorization: `Bearer ${server.token}`, accept: 'text/csv' },
        },
      );
      if (!res.ok) throw new Error(`direct download of ${id} answered ${res.status}`);
      return Buffer.from(await res.arrayBuffer());
    },
    downloads: () => server.requests.filter((r) => r.route === 'download').length,
    dispose: async () => {
      await server.stop();
      log.dispose();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
