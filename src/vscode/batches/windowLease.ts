// The one VS Code window (of this profile) that places batch parts, merges them and runs due reports: a lease
// in the extension's global state, which every window of the profile shares. The decisions are core's
// (core/reports/lease.ts); this keeps it renewed while held, tries again while another window holds it, and
// gives it up on dispose. Global state has no compare-and-set: a window writes its claim, waits, and reads
// again; the claim that is read back wins.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { LEASE_MS, parseLease, release, tryAcquire } from '../../core/reports/lease';
import type { Logger } from '../../core/ports';

export const LEASE_KEY = 'uniqueAnalytics.runnerLease';
/** Renewed well before it ends; another window checks as often. */
const RENEW_MS = LEASE_MS / 4;
/** Time for a rival's claim to land before ours is read back. */
const SETTLE_MS = 500;

export class WindowLease implements vscode.Disposable {
  readonly me = randomUUID();
  private holding = false;
  private toldWaiting = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private readonly changed = new vscode.EventEmitter<boolean>();
  /** Fires with `true` when this window took the lease, `false` when it lost it. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly log: Logger,
    private readonly ttlMs = LEASE_MS,
  ) {
    void this.tick();
  }

  get held(): boolean {
    return this.holding;
  }

  private async tick(): Promise<void> {
    if (this.disposed) return;
    try {
      const now = Date.now();
      const { granted, lease } = tryAcquire(
        parseLease(this.memento.get(LEASE_KEY)),
        this.me,
        now,
        this.ttlMs,
      );
      let won = false;
      if (granted && lease) {
        await this.memento.update(LEASE_KEY, lease);
        await new Promise((r) => setTimeout(r, SETTLE_MS));
        won = parseLease(this.memento.get(LEASE_KEY))?.holder === this.me;
      }
      if (this.disposed) return;
      if (!won && !this.toldWaiting && !this.holding) {
        this.toldWaiting = true;
        this.log.info(
          'Another window places batch parts and runs due reports (or did until it closed: its claim ends within a minute).',
        );
      }
      if (won !== this.holding) {
        this.holding = won;
        this.log.info(
          won
            ? 'This window places batch parts and runs due reports.'
            : 'Another window places batch parts and runs due reports.',
        );
        this.changed.fire(won);
      }
    } catch (e) {
      this.log.warn(`Lease check failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!this.disposed)
      this.timer = setTimeout(() => void this.tick(), Math.min(RENEW_MS, this.ttlMs / 4));
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.holding)
      void this.memento.update(
        LEASE_KEY,
        release(parseLease(this.memento.get(LEASE_KEY)), this.me),
      );
    this.changed.dispose();
  }
}
