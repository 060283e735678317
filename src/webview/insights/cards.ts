// One card of the report: title, description, facts, the columns it looked for, its chart with the data table
// beside it (visible on "Show data", always there for screen readers), its actions and its note. What the card
// says is the host's; this only lays it out (its own words, the buttons and labels, go through l10n.t).
import * as l10n from '@vscode/l10n';
import type { InsightCard, InsightsToHost } from '../../shared/insightsMessages';
import type { ChartSet } from './chartSet';
import { dataTable } from './dataTable';
import { button, el } from './dom';
import { formatNumber } from './format';
import { cardSpec, isWide } from './specs';

export interface CardContext {
  readonly locale: string;
  readonly post: (m: InsightsToHost) => void;
  readonly charts: ChartSet;
  /** Cards whose data table is shown. */
  readonly shown: ReadonlySet<string>;
  readonly onToggle: (cardId: string, shown: boolean) => void;
  /** A line in the page's status (a local failure: the host has nothing to say about it). */
  readonly say: (text: string) => void;
}

/** Ids for aria-labelledby: card ids are the host's and may hold anything, these are the page's own. */
let nextId = 0;
export const domId = (prefix: string): string => `${prefix}-${++nextId}`;

export interface CardView {
  readonly element: HTMLElement;
  /** Draws the chart, if any: called once the card is in the page (Vega takes its container's width). */
  readonly draw: () => void;
}

export function renderCard(card: InsightCard, ctx: CardContext): CardView {
  const titleId = domId('card');
  // data-card: the host's id, for tests and the bench (an attribute value: whatever it holds stays text).
  const section = el('section', `card${isWide(card) ? ' wide' : ''}`, {
    'aria-labelledby': titleId,
    'data-card': card.id,
  });
  section.append(
    el('h2', '', { id: titleId }, card.title),
    el('p', 'description', {}, card.description),
  );
  if (card.facts?.length) section.append(factList(card.facts, ctx.locale));
  if (card.missing?.length) {
    section.append(el('p', 'missing', {}, l10n.t('Looked for: {0}', card.missing.join(', '))));
  }

  const spec = cardSpec(card);
  // Every card has a "Show data", a "Save as PNG"…: the group, named by the card, tells them apart.
  const actions = el('div', 'actions', { role: 'group', 'aria-labelledby': titleId });
  let draw = (): void => {};
  if (card.table && card.table.rows.length > 0) {
    const wrap = el('div', 'table-wrap');
    wrap.append(dataTable(card.table, dataOf(card.title), ctx.locale));
    if (spec) {
      const chart = chartFrame(card.description);
      section.append(chart.frame, wrap);
      draw = chartActions(card, ctx, chart.view, wrap, actions, spec);
    } else {
      // Nothing to draw (or a chart the table cannot feed): the table is the card's content.
      setShown(wrap, true, card.title);
      section.append(wrap);
    }
  } else if (card.table) {
    section.append(el('p', 'empty', {}, l10n.t('No rows.')));
  }
  if (card.table || card.facts?.length) {
    actions.append(
      button(l10n.t('Copy as Markdown'), () => ctx.post({ type: 'copyMarkdown', cardId: card.id })),
    );
  }
  if (actions.childElementCount > 0) section.append(actions);
  if (card.note) section.append(el('p', 'note', {}, card.note));
  return { element: section, draw };
}

function chartActions(
  card: InsightCard,
  ctx: CardContext,
  chart: HTMLElement,
  wrap: HTMLElement,
  actions: HTMLElement,
  spec: NonNullable<ReturnType<typeof cardSpec>>,
): () => void {
  const initiallyShown = ctx.shown.has(card.id);
  setShown(wrap, initiallyShown, card.title);
  const toggle = button(
    l10n.t('Show data'),
    (b) => {
      const shown = b.getAttribute('aria-pressed') !== 'true';
      b.setAttribute('aria-pressed', String(shown));
      setShown(wrap, shown, card.title);
      ctx.onToggle(card.id, shown);
    },
    'btn toggle',
    { 'aria-pressed': String(initiallyShown) },
  );
  const png = button(l10n.t('Save as PNG'), (b) => {
    const handle = ctx.charts.handle(card.id);
    if (!handle) return;
    b.disabled = true;
    handle
      .toPng(2)
      .then((dataUrl) => ctx.post({ type: 'savePng', cardId: card.id, dataUrl }))
      .catch((e: unknown) => ctx.say(l10n.t('The chart could not be saved as PNG: {0}', String(e))))
      .finally(() => (b.disabled = false));
  });
  const svg = button(l10n.t('Save as SVG'), (b) => {
    const handle = ctx.charts.handle(card.id);
    if (!handle) return;
    b.disabled = true;
    handle
      .toSvg()
      .then((text) => ctx.post({ type: 'saveSvg', cardId: card.id, svg: text }))
      .catch((e: unknown) => ctx.say(l10n.t('The chart could not be saved as SVG: {0}', String(e))))
      .finally(() => (b.disabled = false));
  });
  // Saving waits for the chart to be drawn.
  png.disabled = svg.disabled = true;
  actions.append(toggle, png, svg);
  return () =>
    void ctx.charts.draw(card.id, chart, spec).then((handle) => {
      png.disabled = svg.disabled = handle === undefined;
    });
}

/**
 * Where a chart goes: an image to screen readers, named by the card's description (the numbers are in the data
 * table beside it). Vega draws into the inner element and makes that a "graphics-document" with a label per
 * mark, hundreds on a chart over days; inside role=img they are not read one by one.
 */
export function chartFrame(description: string): { frame: HTMLElement; view: HTMLElement } {
  const frame = el('div', 'chart', { role: 'img', 'aria-label': description });
  const view = el('div', 'chart-view');
  frame.append(view);
  return { frame, view };
}

/**
 * The data table on screen (scrollable, reachable by Tab) or only for screen readers (off screen, out of the
 * Tab order).
 */
export function setShown(wrap: HTMLElement, shown: boolean, title: string): void {
  wrap.classList.toggle('sr-only', !shown);
  if (shown) {
    wrap.setAttribute('tabindex', '0');
    wrap.setAttribute('role', 'region');
    wrap.setAttribute('aria-label', dataOf(title));
  } else {
    wrap.removeAttribute('tabindex');
    wrap.removeAttribute('role');
    wrap.removeAttribute('aria-label');
  }
}

/** The name of a card's data table (its caption, its region's label). */
const dataOf = (title: string): string => l10n.t('Data of “{0}”', title);

export function factList(
  facts: readonly { readonly label: string; readonly value: string | number }[],
  locale: string,
): HTMLDListElement {
  const dl = el('dl', 'facts');
  for (const f of facts) {
    const item = el('div', 'fact');
    item.append(
      el('dt', '', {}, f.label),
      el('dd', '', {}, typeof f.value === 'number' ? formatNumber(f.value, locale) : f.value),
    );
    dl.append(item);
  }
  return dl;
}
