// The webview's few pages of rows of the current view, and which pages to ask the host for: pure, no DOM.
// Pages are PAGE_SIZE rows of one view (`viewId`); a new view empties the cache, an answer for an older view
// is dropped. A page asked for is not asked again while its answer is on the way (unless it is overdue); a page
// that came back short (the host had not indexed that far) waits for the next `progress` or a larger rowCount.
import { MAX_ROWS_PER_REQUEST, PAGE_ROWS } from '../../shared/tableMessages';

export const PAGE_SIZE = PAGE_ROWS;
/** Pages kept (the visible window needs 2-3; the rest make scrolling back free). */
export const MAX_PAGES = 40;
/** An answer not here after this long is given up on (the host may have dropped it). */
export const REQUEST_TIMEOUT_MS = 10_000;
/** Requests on the way at once (a fast scrollbar drag would otherwise ask for every page it passes). */
export const MAX_IN_FLIGHT = 4;

if (PAGE_SIZE > MAX_ROWS_PER_REQUEST) throw new Error('PAGE_SIZE exceeds MAX_ROWS_PER_REQUEST');

export interface CachedRow {
  readonly cells: readonly string[];
  readonly fileRow: number;
}

interface Page {
  readonly rows: (CachedRow | undefined)[];
  filled: number;
  /** The `generation` in which an answer came back short: not asked again until the generation moves on. */
  shortIn?: number;
  used: number;
}

export interface RowsAnswer {
  readonly requestId: number;
  readonly viewId: number;
  readonly start: number;
  readonly rows: readonly (readonly string[])[];
  readonly fileRows: readonly number[];
}

export interface PageRequest {
  readonly requestId: number;
  readonly viewId: number;
  readonly start: number;
  readonly count: number;
}

export class RowCache {
  private pages = new Map<number, Page>();
  private inFlight = new Map<number, { requestId: number; sentAt: number }>();
  private viewIdValue = -1;
  private rowCountValue = 0;
  private generation = 0;
  private useClock = 0;

  constructor(
    private nextRequestId: () => number,
    private readonly pageSize = PAGE_SIZE,
    private readonly maxPages = MAX_PAGES,
  ) {}

  get viewId(): number {
    return this.viewIdValue;
  }

  get rowCount(): number {
    return this.rowCountValue;
  }

  /** A view (new id: everything goes; same id: its row count changed). True when the id is new. */
  setView(viewId: number, rowCount: number): boolean {
    const fresh = viewId !== this.viewIdValue;
    if (fresh) {
      this.pages.clear();
      this.inFlight.clear();
      this.viewIdValue = viewId;
    } else if (rowCount !== this.rowCountValue) this.generation++;
    this.rowCountValue = Math.max(0, rowCount);
    return fresh;
  }

  /** Indexing moved on: pages that came back short may be asked for again. */
  progressed(): void {
    this.generation++;
  }

  get(row: number): CachedRow | undefined {
    const page = this.pages.get(Math.floor(row / this.pageSize));
    if (!page) return undefined;
    page.used = ++this.useClock;
    return page.rows[row % this.pageSize];
  }

  /** Keep an answer; false (and nothing kept) when it belongs to another view. */
  accept(a: RowsAnswer): boolean {
    if (a.viewId !== this.viewIdValue) return false;
    const asked: number[] = [];
    for (const [p, f] of this.inFlight) if (f.requestId === a.requestId) asked.push(p);
    for (const p of asked) this.inFlight.delete(p);
    for (let i = 0; i < a.rows.length; i++) {
      const row = a.start + i;
      if (row < 0) continue;
      const page = this.page(Math.floor(row / this.pageSize));
      const slot = row % this.pageSize;
      if (page.rows[slot] === undefined) page.filled++;
      page.rows[slot] = { cells: a.rows[i], fileRow: a.fileRows[i] ?? row };
      if (this.isComplete(Math.floor(row / this.pageSize))) delete page.shortIn;
    }
    // A page asked for and still not complete came back short: wait for more rows before asking again.
    if (asked.length === 0 && a.start >= 0) asked.push(Math.floor(a.start / this.pageSize));
    for (const p of asked) if (!this.isComplete(p)) this.page(p).shortIn = this.generation;
    return true;
  }

  private page(p: number): Page {
    let page = this.pages.get(p);
    if (!page) {
      page = { rows: [], filled: 0, used: 0 };
      this.pages.set(p, page);
    }
    page.used = ++this.useClock;
    return page;
  }

  /** Rows the page must hold to be complete in the current row count. */
  private expected(p: number): number {
    return Math.max(0, Math.min(this.pageSize, this.rowCountValue - p * this.pageSize));
  }

  private isComplete(p: number): boolean {
    const page = this.pages.get(p);
    return page !== undefined && page.filled >= this.expected(p);
  }

  /**
   * The requests to send for rows [first, end): pages not complete, not on the way, not waiting after a short
   * answer; nearest to `first` first, at most MAX_IN_FLIGHT on the way in all. Marks them as on the way.
   */
  requestsFor(first: number, end: number, now: number): PageRequest[] {
    for (const [p, f] of this.inFlight)
      if (now - f.sentAt > REQUEST_TIMEOUT_MS) this.inFlight.delete(p);
    const last = Math.min(end, this.rowCountValue) - 1;
    const out: PageRequest[] = [];
    if (last < first) return out;
    for (let p = Math.floor(first / this.pageSize); p <= Math.floor(last / this.pageSize); p++) {
      if (this.inFlight.size >= MAX_IN_FLIGHT) break;
      if (this.isComplete(p) || this.inFlight.has(p)) continue;
      if (this.pages.get(p)?.shortIn === this.generation) continue;
      const requestId = this.nextRequestId();
      this.inFlight.set(p, { requestId, sentAt: now });
      out.push({
        requestId,
        viewId: this.viewIdValue,
        start: p * this.pageSize,
        count: this.expected(p),
      });
    }
    this.evict(first, end);
    return out;
  }

  /** Drop the least recently used pages beyond maxPages, never one that overlaps [first, end). */
  private evict(first: number, end: number): void {
    if (this.pages.size <= this.maxPages) return;
    const keepFrom = Math.floor(first / this.pageSize);
    const keepTo = Math.floor(Math.max(first, end - 1) / this.pageSize);
    const victims = [...this.pages.entries()]
      .filter(([p]) => p < keepFrom || p > keepTo)
      .sort((a, b) => a[1].used - b[1].used);
    for (const [p] of victims.slice(0, this.pages.size - this.maxPages)) this.pages.delete(p);
  }

  /** Pages held (for tests and the memory bound). */
  get pageCount(): number {
    return this.pages.size;
  }

  get requestsOnTheWay(): number {
    return this.inFlight.size;
  }
}
