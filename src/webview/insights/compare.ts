// The comparison with the previous period, at the top of the report: totals before and now with their change,
// users new / returning / lapsed (or why that cannot be told), and the assistants that moved most, as a table
// and as bars of their change. Every figure is the host's (src/shared/insightsMessages.ts `Comparison`); the
// words are the page's, through l10n.t.
import * as l10n from '@vscode/l10n';
import type { Comparison, InsightsReport } from '../../shared/insightsMessages';
import type { CardContext, CardView } from './cards';
import { chartFrame, domId, factList } from './cards';
import { dataTable } from './dataTable';
import { el, srOnly } from './dom';
import { change, formatNumber, windowText } from './format';
import { MARKER } from '../shared/l10n';
import { changeSpec } from './specs';

/** The chart id of the assistants' change (ChartSet). */
export const COMPARE_CHART_ID = 'compare-assistants';

/** Why new / returning / lapsed users are not shown for pseudonymised exports. */
export const pseudonymisedText = (): string =>
  l10n.t(
    "User-level compare is unavailable: this tenant's exports use pseudonyms that change on every export.",
  );

export function renderCompare(
  previous: InsightsReport,
  c: Comparison,
  ctx: Pick<CardContext, 'locale' | 'charts'>,
): CardView {
  const { locale } = ctx;
  const titleId = domId('compare');
  const section = el('section', 'card wide compare', {
    'aria-labelledby': titleId,
    'data-card': COMPARE_CHART_ID,
  });
  section.append(el('h2', '', { id: titleId }, l10n.t('Compared with the previous period')));
  const before = c.previousWindow ?? previous.window;
  if (before || c.currentWindow) {
    const periods = el('p', 'description');
    // Two sentences, one after the other.
    if (c.currentWindow)
      periods.append(`${l10n.t('This period: {0}.', windowText(c.currentWindow, locale))} `);
    if (before) periods.append(l10n.t('Previous period: {0}.', windowText(before, locale)));
    section.append(periods);
  }

  if (c.totals.length > 0) {
    const t = el('table', 'data totals');
    t.append(el('caption', 'sr-only', {}, l10n.t('Totals, previous period and this one')));
    const head = el('tr');
    head.append(
      el('th', '', { scope: 'col' }, l10n.t({ message: 'Total', comment: ['column header'] })),
      el(
        'th',
        'num',
        { scope: 'col' },
        l10n.t({ message: 'Previous', comment: ['column header: the previous period'] }),
      ),
      el(
        'th',
        'num',
        { scope: 'col' },
        l10n.t({ message: 'Current', comment: ['column header: this period'] }),
      ),
      el('th', 'num', { scope: 'col' }, l10n.t({ message: 'Change', comment: ['column header'] })),
    );
    const body = el('tbody');
    for (const row of c.totals) {
      const tr = el('tr');
      tr.append(
        el('th', '', { scope: 'row' }, row.label),
        el('td', 'num', {}, formatNumber(row.previous, locale)),
        el('td', 'num', {}, formatNumber(row.current, locale)),
        changeCell(row.previous, row.current, locale),
      );
      body.append(tr);
    }
    t.append(el('thead'), body);
    t.tHead?.append(head);
    const wrap = el('div', 'table-wrap plain');
    wrap.append(t);
    section.append(wrap);
  }

  section.append(el('h3', '', {}, l10n.t('Users')));
  if (c.users) {
    const u = c.users;
    section.append(
      factList(
        [
          { label: l10n.t('Active this period'), value: u.current },
          { label: l10n.t('Active in the previous period'), value: u.previous },
          { label: l10n.t('New (active now, not before)'), value: u.fresh },
          { label: l10n.t('Returning (active in both)'), value: u.returning },
          { label: l10n.t('Lapsed (active before, not now)'), value: u.lapsed },
        ],
        locale,
      ),
    );
  } else {
    section.append(
      el(
        'p',
        'notice',
        {},
        c.pseudonymised
          ? pseudonymisedText()
          : l10n.t('User-level compare is unavailable for these exports.'),
      ),
    );
  }

  let draw = (): void => {};
  if (c.assistants.rows.length > 0) {
    section.append(el('h3', '', {}, l10n.t('Assistants')));
    const description = l10n.t(
      'Change in interactions per assistant from the previous period to this one, biggest rise first.',
    );
    const spec = changeSpec(c.assistants, description);
    if (spec) {
      const chart = chartFrame(description);
      section.append(chart.frame);
      draw = () => void ctx.charts.draw(COMPARE_CHART_ID, chart.view, spec);
    }
    const name = l10n.t('Assistants, previous period and this one');
    const wrap = el('div', 'table-wrap', { tabindex: '0', role: 'region', 'aria-label': name });
    wrap.append(dataTable(c.assistants, name, locale));
    section.append(wrap);
  }
  return { element: section, draw };
}

/**
 * "▲ 12.5%" in green, "▼ 3%" in red; the arrow is hidden from screen readers, which hear "up 12.5%" / "down 3%":
 * the words of the sentence around the figure are for them only.
 */
function changeCell(previous: number, current: number, locale: string): HTMLTableCellElement {
  const ch = change(previous, current, locale);
  const td = el('td', `num change ${ch.direction}`);
  const arrow = ch.direction === 'up' ? '▲' : ch.direction === 'down' ? '▼' : '–';
  td.append(el('span', 'arrow', { 'aria-hidden': 'true' }, arrow));
  if (ch.direction === 'same') {
    td.append(
      srOnly(l10n.t({ message: 'unchanged', comment: ['a total, from one period to the next'] })),
    );
    return td;
  }
  const said =
    ch.direction === 'up'
      ? l10n.t({
          message: 'up {0}',
          args: [MARKER],
          comment: ['a rise by {0}: "up 12.5%", "up new"'],
        })
      : l10n.t({ message: 'down {0}', args: [MARKER], comment: ['a fall by {0}: "down 3%"'] });
  const [before = '', after = ''] = said.split(MARKER);
  if (before) td.append(srOnly(before));
  td.append(ch.text);
  if (after) td.append(srOnly(after));
  return td;
}
