// The connections of this window: the `uniqueAnalytics.environments` setting (user settings only) plus the
// connection of the older settings, and which one is active (kept in global state, so a reload comes back
// to it). Tells listeners when the active one changes and which connections' definitions changed.
import { isDeepStrictEqual } from 'node:util';
import * as vscode from 'vscode';
import {
  chooseActive,
  listConnections,
  type Connection,
  type ConnectionList,
} from '../../core/connections/connectionList';
import { ACTIVE_CONNECTION_KEY } from '../../core/ids';
import type { Logger } from '../../core/ports';
import type { SettingsReader } from '../settings';

export interface ConnectionsChange {
  /** Another connection is active now (switched, or the active one was removed). */
  readonly activeChanged: boolean;
  /** Connections whose definition changed or that are gone: their orders must be listed afresh. */
  readonly redefined: ReadonlySet<string>;
}

export class ConnectionRegistry implements vscode.Disposable {
  private list: ConnectionList;
  private activeName: string | undefined;
  private readonly changed = new vscode.EventEmitter<ConnectionsChange>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private saidProblems = '';

  constructor(
    private readonly settings: SettingsReader,
    private readonly memento: vscode.Memento,
    private readonly log: Logger,
  ) {
    this.list = this.read();
    this.activeName = chooseActive(
      this.list.connections,
      memento.get<string>(ACTIVE_CONNECTION_KEY),
    )?.name;
    this.subscription = settings.onDidChange(({ changed }) => {
      if (!changed.has('environments') && !changed.has('baseUrl') && !changed.has('graphqlPath'))
        return;
      const before = this.list.connections;
      this.list = this.read();
      const redefined = new Set<string>();
      for (const old of before) {
        const now = this.list.connections.find((c) => c.name === old.name);
        if (!now || !isDeepStrictEqual(now.environment, old.environment)) redefined.add(old.name);
      }
      const previous = this.activeName;
      this.activeName = chooseActive(this.list.connections, previous)?.name;
      this.changed.fire({ activeChanged: previous !== this.activeName, redefined });
    });
  }

  get all(): readonly Connection[] {
    return this.list.connections;
  }

  /** The connection the view shows and commands act on (undefined only with an empty list). */
  get active(): Connection | undefined {
    return this.list.connections.find((c) => c.name === this.activeName);
  }

  /** True once the person configured named environments (the switcher is then shown). */
  get hasEnvironments(): boolean {
    return this.list.connections.some((c) => !c.fromSettings);
  }

  get(name: string): Connection | undefined {
    return this.list.connections.find((c) => c.name === name);
  }

  /** Makes `name` the active connection (remembered across reloads). */
  async switchTo(name: string): Promise<boolean> {
    const target = this.get(name);
    if (!target) return false;
    if (target.name === this.activeName) return true;
    this.activeName = target.name;
    await this.memento.update(ACTIVE_CONNECTION_KEY, target.name);
    this.log.info(`Switched to the connection "${target.name}".`);
    this.changed.fire({ activeChanged: true, redefined: new Set() });
    return true;
  }

  private read(): ConnectionList {
    const { environments, baseUrl, graphqlPath } = this.settings.current;
    const list = listConnections(environments, { baseUrl, graphqlPath });
    const said = list.problems.join('\n');
    if (said && said !== this.saidProblems) for (const p of list.problems) this.log.warn(p);
    this.saidProblems = said;
    return list;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
