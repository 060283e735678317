// Paces a response body to a link speed (bytes per second), so a download from the fake on loopback takes as
// long as it would over a real link, for curl and the extension alike: a token bucket that fills at the rate
// and holds at most BURST_MS of it. The body goes out in slices of at most MAX_SLICE_BYTES (and at most
// 1/SLICES_PER_SECOND s of the link), each as soon as the bucket holds it. Node's timers fire ~1 ms late or
// more; the bucket carries what they owe, so the mean rate holds unless the server stalls for over BURST_MS
// (then, like an idle link, the time is lost). Each paced body has its own bucket: two downloads at once get
// the rate each.

/** What a late timer (or a client that stopped reading) may catch up at once, in ms of the link. */
export const BURST_MS = 50;
const MAX_SLICE_BYTES = 64 * 1024;
const SLICES_PER_SECOND = 200;

export class TokenBucket {
  /** The largest piece written at once. */
  readonly sliceBytes: number;
  /** The most the bucket holds. */
  readonly burstBytes: number;
  private tokens: number;
  private last: number;

  constructor(
    readonly bytesPerSecond: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((r) => setTimeout(r, ms)),
  ) {
    if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) {
      throw new RangeError(
        `a throttle needs a positive number of bytes per second, got ${bytesPerSecond}`,
      );
    }
    this.sliceBytes = Math.max(
      1,
      Math.min(MAX_SLICE_BYTES, Math.floor(bytesPerSecond / SLICES_PER_SECOND)),
    );
    this.burstBytes = Math.max(2 * this.sliceBytes, Math.floor((bytesPerSecond * BURST_MS) / 1000));
    // Starts with one slice, not a full bucket: the first bytes go at once, the rest at the rate.
    this.tokens = this.sliceBytes;
    this.last = now();
  }

  /** Resolves once `bytes` (at most `burstBytes`) may go, and takes them from the bucket. */
  async take(bytes: number): Promise<void> {
    if (bytes > this.burstBytes)
      throw new RangeError(`cannot take ${bytes} bytes at once (burst ${this.burstBytes})`);
    for (;;) {
      const t = this.now();
      this.tokens = Math.min(
        this.burstBytes,
        this.tokens + ((t - this.last) * this.bytesPerSecond) / 1000,
      );
      this.last = t;
      if (this.tokens >= bytes) {
        this.tokens -= bytes;
        return;
      }
      await this.sleep(
        Math.max(1, Math.ceil(((bytes - this.tokens) * 1000) / this.bytesPerSecond)),
      );
    }
  }

  /** `chunk` cut into pieces of at most `sliceBytes` (views, no copies). */
  *slices(chunk: Buffer): Generator<Buffer> {
    for (let off = 0; off < chunk.length; off += this.sliceBytes)
      yield chunk.subarray(off, off + this.sliceBytes);
  }
}

/** A rate as the fake's options, control route and CLI accept it: a finite number ≥ 0 (0 = not paced). */
export function isRate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
