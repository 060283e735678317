// The page's drawn charts by id: drawn once, drawn again in a new theme, disposed with their cards. Each chart's
// draws run one after the other (Vega must not draw twice into one element at once); `onIdle` runs when no draw
// is left, which is when the page marks 'ua-insights:charts-drawn' (bench/chartsCsp.mjs waits for it).
//
// Width changes need nothing here: a 'container'-wide spec compiles to a width signal that Vega updates on its
// container's `resize` (Vega's own ResizeObserver on the host element).
import { type ChartHandle, type ChartSpec, type ChartTheme, renderChart } from './charts';

interface Entry {
  readonly host: HTMLElement;
  readonly spec: ChartSpec;
  handle: ChartHandle | undefined;
  /** The last draw queued for this chart. */
  queue: Promise<ChartHandle | undefined>;
  disposed: boolean;
}

export class ChartSet {
  private readonly charts = new Map<string, Entry>();
  private pending = 0;

  constructor(
    private theme: ChartTheme,
    private readonly onIdle: () => void,
    private readonly onBusy: () => void = () => {},
  ) {}

  get currentTheme(): ChartTheme {
    return this.theme;
  }

  /** Draws `spec` into `host` as chart `id` (a chart of that id is disposed first). */
  draw(id: string, host: HTMLElement, spec: ChartSpec): Promise<ChartHandle | undefined> {
    this.dispose(id);
    const entry: Entry = {
      host,
      spec,
      handle: undefined,
      queue: Promise.resolve(undefined),
      disposed: false,
    };
    this.charts.set(id, entry);
    return this.queue(entry);
  }

  /** The drawn chart, once drawn. */
  handle(id: string): ChartHandle | undefined {
    return this.charts.get(id)?.handle;
  }

  /** Draws every chart again in `theme` (VS Code's theme changed). */
  retheme(theme: ChartTheme): void {
    this.theme = theme;
    for (const entry of this.charts.values()) void this.queue(entry);
  }

  dispose(id: string): void {
    const entry = this.charts.get(id);
    if (!entry) return;
    entry.disposed = true;
    entry.handle?.dispose();
    entry.handle = undefined;
    this.charts.delete(id);
  }

  /** Disposes every chart whose id `keep` does not accept. */
  disposeAll(keep: (id: string) => boolean = () => false): void {
    for (const id of [...this.charts.keys()]) if (!keep(id)) this.dispose(id);
  }

  private queue(entry: Entry): Promise<ChartHandle | undefined> {
    if (this.pending++ === 0) this.onBusy();
    entry.queue = entry.queue
      .then(() => this.render(entry))
      .finally(() => {
        if (--this.pending === 0) this.onIdle();
      });
    return entry.queue;
  }

  private async render(entry: Entry): Promise<ChartHandle | undefined> {
    if (entry.disposed) return undefined;
    const { host } = entry;
    // The old chart goes before the new one is drawn: keep its height meanwhile, so the page does not jump.
    if (entry.handle) {
      host.style.minHeight = `${host.offsetHeight}px`;
      entry.handle.dispose();
      entry.handle = undefined;
    }
    try {
      const handle = await renderChart(host, entry.spec, this.theme);
      if (entry.disposed) {
        handle.dispose();
        return undefined;
      }
      entry.handle = handle;
      return handle;
    } catch (e) {
      console.error('Insights: a chart could not be drawn:', e);
      host.replaceChildren();
      return undefined;
    } finally {
      host.style.removeProperty('min-height');
    }
  }
}
