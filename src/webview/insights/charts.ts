// The Insights webview's chart layer: a Vega-Lite spec compiled to Vega and drawn as SVG by Vega's own View,
// with the AST expression interpreter (vega-interpreter) instead of Vega's default code generation, so nothing
// needs `unsafe-eval`. No vega-embed (it injects a <style> element and inline styles). What Vega itself sets on
// the page is CSP-safe: styles only through the CSSOM (`el.style.setProperty`, never a style attribute or
// element), its default tooltip is the `title` attribute, text is SVG text nodes (bench/chartsCsp.mjs checks).
import { parse, View } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { compile, type Config, type TopLevelSpec } from 'vega-lite';
import { vegaLocale } from './chartLocale';

/** A Vega-Lite spec (data inline: the webview fetches nothing). */
export type ChartSpec = TopLevelSpec;

export interface ChartHandle {
  /** The chart as a PNG `data:image/png;base64,…` URL, `scale` × its size in CSS pixels (default 2). */
  toPng(scale?: number): Promise<string>;
  /** The chart as a standalone SVG document (text). */
  toSvg(): Promise<string>;
  /** Stops the view (listeners, timers) and empties the host. */
  dispose(): void;
}

/** What the charts take from VS Code's theme; see themeFromCss. */
export interface ChartTheme {
  /** Labels, titles, legend text. */
  foreground: string;
  /** Subtitles. */
  mutedForeground: string;
  /** Behind the chart: shown on screen and in the exported PNG/SVG. */
  background: string;
  /** Axis lines, ticks and grid. */
  lines: string;
  /** High contrast: the border drawn around marks and the view; undefined otherwise. */
  contrastBorder: string | undefined;
  /**
   * Colours of the categories, in order: VS Code's six chart colours, then the six again halfway to the text
   * colour (a stacked chart has up to nine series; a colour used twice would make two of them one).
   */
  categorical: string[];
  /** A rise and a fall (the comparison's change bars): VS Code's chart green and red. */
  rise: string;
  fall: string;
  /** Low and high end of sequential scales (heat maps). */
  ramp: [string, string];
  fontFamily: string;
  /** In CSS pixels. */
  fontSize: number;
  highContrast: boolean;
}

// VS Code's Dark Modern values: used only where a variable is missing (a page outside VS Code).
const FALLBACK = {
  foreground: '#cccccc',
  mutedForeground: '#9d9d9d',
  background: '#1f1f1f',
  lines: '#444444',
  blue: '#3794ff',
  orange: '#d18616',
  green: '#89d185',
  purple: '#b180d7',
  yellow: '#cca700',
  red: '#f14c4c',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Ubuntu, sans-serif',
  fontSize: 13,
};

/** Reads the theme from VS Code's CSS variables as seen by `el` (they are set on the webview's root). */
export function themeFromCss(el: Element): ChartTheme {
  const css = getComputedStyle(el);
  const v = (name: string): string => css.getPropertyValue(name).trim();
  const first = (...values: string[]): string => values.find((x) => x !== '') ?? '';
  const body = el.ownerDocument.body;
  const contrastBorder = v('--vscode-contrastBorder') || undefined;
  const highContrast =
    contrastBorder !== undefined ||
    (body?.classList.contains('vscode-high-contrast') ?? false) ||
    (body?.classList.contains('vscode-high-contrast-light') ?? false);
  const foreground = first(
    v('--vscode-charts-foreground'),
    v('--vscode-editor-foreground'),
    v('--vscode-foreground'),
    FALLBACK.foreground,
  );
  const background = first(
    v('--vscode-editor-background'),
    v('--vscode-sideBar-background'),
    FALLBACK.background,
  );
  const blue = v('--vscode-charts-blue') || FALLBACK.blue;
  const green = v('--vscode-charts-green') || FALLBACK.green;
  const red = v('--vscode-charts-red') || FALLBACK.red;
  const six = [
    blue,
    v('--vscode-charts-orange') || FALLBACK.orange,
    green,
    v('--vscode-charts-purple') || FALLBACK.purple,
    v('--vscode-charts-yellow') || FALLBACK.yellow,
    red,
  ];
  const categorical = [...six, ...six.map((c) => mix(c, foreground, 0.5))];
  const fontSize = Number.parseFloat(v('--vscode-font-size'));
  return {
    foreground,
    mutedForeground: first(v('--vscode-descriptionForeground'), foreground),
    background,
    lines: first(
      contrastBorder ?? '',
      v('--vscode-charts-lines'),
      v('--vscode-panel-border'),
      v('--vscode-widget-border'),
      FALLBACK.lines,
    ),
    contrastBorder,
    categorical,
    rise: green,
    fall: red,
    // A faint tint of the background at the low end, so an empty cell still reads as a cell.
    ramp: [mix(background, blue, highContrast ? 0.25 : 0.1), blue],
    fontFamily: v('--vscode-font-family') || FALLBACK.fontFamily,
    fontSize: Number.isFinite(fontSize) && fontSize > 0 ? fontSize : FALLBACK.fontSize,
    highContrast,
  };
}

/** `t` of the way from colour `a` to colour `b` (hex or rgb()/rgba(), as VS Code writes them); `b` if unreadable. */
function mix(a: string, b: string, t: number): string {
  const x = rgb(a);
  const y = rgb(b);
  if (!x || !y) return b;
  const c = x.map((xi, i) => Math.round(xi + ((y[i] ?? xi) - xi) * t));
  return `rgb(${c.join(', ')})`;
}

function rgb(color: string): number[] | undefined {
  const hex = /^#([\da-f]{3,8})$/i.exec(color)?.[1];
  if (hex && (hex.length === 3 || hex.length === 4)) {
    return [...hex.slice(0, 3)].map((d) => Number.parseInt(d + d, 16));
  }
  if (hex && (hex.length === 6 || hex.length === 8)) {
    return [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  }
  const fn = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(color);
  return fn ? fn.slice(1, 4).map(Number) : undefined;
}

/** A Vega-Lite config for the theme: text, guides and colours readable in light, dark and high contrast. */
export function vegaConfig(theme: ChartTheme): Config {
  const { foreground: fg, lines, fontFamily: font, fontSize } = theme;
  const hc = theme.highContrast;
  const label = Math.max(10, fontSize - 2);
  const markBorder =
    hc && theme.contrastBorder ? { stroke: theme.contrastBorder, strokeWidth: 1 } : {};
  return {
    background: theme.background,
    font,
    padding: 8,
    view: { stroke: hc ? lines : null },
    axis: {
      domainColor: lines,
      tickColor: lines,
      gridColor: lines,
      gridOpacity: hc ? 0.6 : 0.35,
      labelColor: fg,
      titleColor: fg,
      labelFont: font,
      titleFont: font,
      labelFontSize: label,
      titleFontSize: label,
      titleFontWeight: 'normal',
      labelOverlap: true,
      // Labels that touch count as overlapping ("1,2001,300" otherwise).
      labelSeparation: 4,
    },
    legend: {
      labelColor: fg,
      titleColor: fg,
      labelFont: font,
      titleFont: font,
      labelFontSize: label,
      titleFontSize: label,
      titleFontWeight: 'normal',
      ...(hc ? { symbolStrokeColor: theme.contrastBorder ?? fg, symbolStrokeWidth: 1 } : {}),
    },
    header: { labelColor: fg, titleColor: fg, labelFont: font, titleFont: font },
    title: {
      color: fg,
      subtitleColor: theme.mutedForeground,
      font,
      subtitleFont: font,
      fontSize: fontSize + 1,
      subtitleFontSize: label,
      fontWeight: 600,
      anchor: 'start',
    },
    // `diverging` is the comparison's change (specs.ts `changeSpec`: a threshold at 0): a fall, a rise.
    range: {
      category: theme.categorical,
      ramp: theme.ramp,
      heatmap: theme.ramp,
      diverging: [theme.fall, theme.rise],
    },
    // One series: the first category colour, not Vega's own blue.
    mark: { color: theme.categorical[0] },
    text: { color: fg, font },
    bar: markBorder,
    rect: markBorder,
    arc: markBorder,
    area: markBorder,
    line: { strokeWidth: hc ? 3 : 2 },
    point: { size: hc ? 60 : 40 },
    style: {
      // Saturdays and Sundays behind a chart over days (specs.ts): a tint of the text colour, no border even in
      // high contrast, where the bars in front have one.
      weekend: { fill: fg, opacity: hc ? 0.22 : 0.08, strokeWidth: 0 },
    },
  };
}

/**
 * Draws `spec` into `host` (its previous content replaced) and resolves once it is drawn. The theme's config is
 * the base; a `config` in the spec wins over it.
 */
export async function renderChart(
  host: HTMLElement,
  spec: ChartSpec,
  theme: ChartTheme,
): Promise<ChartHandle> {
  const locale = vegaLocale();
  const { spec: vgSpec } = compile(spec, {
    config: { ...vegaConfig(theme), ...(locale ? { locale } : {}) },
  });
  const runtime = parse(vgSpec, undefined, { ast: true });
  const view = new View(runtime, {
    expr: expressionInterpreter,
    renderer: 'svg',
    container: host,
    hover: true,
  });
  try {
    await view.runAsync();
  } catch (e) {
    view.finalize();
    throw e;
  }
  let disposed = false;
  return {
    // Both render headless from the view's scene (a canvas, an SVG string): the page's DOM is not touched.
    toPng: (scale = 2) => view.toImageURL('png', scale),
    toSvg: () => view.toSVG(),
    dispose: () => {
      if (disposed) return;
      disposed = true;
      view.finalize();
      host.replaceChildren();
    },
  };
}
