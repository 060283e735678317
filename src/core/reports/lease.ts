// Exactly one VS Code window places a due report: a lease with an expiry, kept in the extension's global state
// (shared by the windows of one profile). A window may take the lease when nobody holds it, when it has
// expired, or when it holds it already (then it is renewed). Pure: the caller reads the stored lease, asks
// here, writes the result back, and reads again to confirm it won (global state has no compare-and-set).

export interface Lease {
  /** The window holding it (a random id per window). */
  readonly holder: string;
  /** ms since epoch. */
  readonly expiresAt: number;
}

/**
 * How long a lease lasts without renewal (the holder renews every quarter of it). Short, because a window that
 * goes away (a reload, a crash, closing VS Code) never gets to release it: the extension host exits before
 * its last write to global state lands (seen in E2E 71), so the next window waits for it to expire.
 */
export const LEASE_MS = 60_000;

export function tryAcquire(
  current: Lease | undefined,
  me: string,
  now: number,
  ttlMs = LEASE_MS,
): { readonly granted: boolean; readonly lease: Lease | undefined } {
  if (current && current.holder !== me && current.expiresAt > now)
    return { granted: false, lease: current };
  return { granted: true, lease: { holder: me, expiresAt: now + ttlMs } };
}

/** Gives the lease up (only the holder can). */
export function release(current: Lease | undefined, me: string): Lease | undefined {
  return current?.holder === me ? undefined : current;
}

/** A lease read back from storage; undefined when malformed. */
export function parseLease(value: unknown): Lease | undefined {
  const v = value as Partial<Lease> | null;
  return typeof v === 'object' &&
    v !== null &&
    typeof v.holder === 'string' &&
    typeof v.expiresAt === 'number' &&
    Number.isFinite(v.expiresAt)
    ? { holder: v.holder, expiresAt: v.expiresAt }
    : undefined;
}
