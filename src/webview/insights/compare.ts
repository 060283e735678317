// The comparison with the previous period, at the top of the report: totals before and now with their change,
// users new / returning / lapsed (or why that cannot be told), and the assistants that moved most, as a table
// and as bars of their change. Every figure is the host's (src/shared/insightsMessages.ts `Comparison`).
import type { Comparison, InsightsReport } from '../../shared/insightsMessages';
import type { CardContext, CardView } from './cards';
import { chartFrame, domId, factList } from './cards';
import { dataTable } from './dataTable';
import { el, srOnly } from './dom';
import { change, formatNumber, windowText } from './format';
import { changeSpec } from './specs';

/** The chart id of the assistants' change (ChartSet). */
export const COMPARE_CHART_ID = 'compare-assistants';

export const PSEUDONYMISED_TEXT =
  "User-level compare is unavailable: this tenant's exports use pseudonyms that change on every export.";

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
  section.append(el('h2', '', { id: titleId }, 'Compared with the previous period'));
  const before = c.previousWindow ?? previous.window;
  if (before || c.currentWindow) {
    const periods = el('p', 'description');
    if (c.currentWindow) periods.append(`This period: ${windowText(c.currentWindow, locale)}. `);
    if (before) periods.append(`Previous period: ${windowText(before, locale)}.`);
    section.append(periods);
  }

  if (c.totals.length > 0) {
    const t = el('table', 'data totals');
    t.append(el('caption', 'sr-only', {}, 'Totals, previous period and this one'));
    const head = el('tr');
    head.append(
      el('th', '', { scope: 'col' }, 'Total'),
      el('th', 'num', { scope: 'col' }, 'Previous'),
      el('th', 'num', { scope: 'col' }, 'Current'),
      el('th', 'num', { scope: 'col' }, 'Change'),
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

  section.append(el('h3', '', {}, 'Users'));
  if (c.users) {
    const u = c.users;
    section.append(
      factList(
        [
          { label: 'Active this period', value: u.current },
          { label: 'Active in the previous period', value: u.previous },
          { label: 'New (active now, not before)', value: u.fresh },
          { label: 'Returning (active in both)', value: u.returning },
          { label: 'Lapsed (active before, not now)', value: u.lapsed },
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
          ? PSEUDONYMISED_TEXT
          : 'User-level compare is unavailable for these exports.',
      ),
    );
  }

  let draw = (): void => {};
  if (c.assistants.rows.length > 0) {
    section.append(el('h3', '', {}, 'Assistants'));
    const description =
      'Change in interactions per assistant from the previous period to this one, biggest rise first.';
    const spec = changeSpec(c.assistants, description);
    if (spec) {
      const chart = chartFrame(description);
      section.append(chart.frame);
      draw = () => void ctx.charts.draw(COMPARE_CHART_ID, chart.view, spec);
    }
    const wrap = el('div', 'table-wrap', {
      tabindex: '0',
      role: 'region',
      'aria-label': 'Assistants, previous period and this one',
    });
    wrap.append(dataTable(c.assistants, 'Assistants, previous period and this one', locale));
    section.append(wrap);
  }
  return { element: section, draw };
}

/** "▲ 12.5%" in green, "▼ 3%" in red; the arrow is hidden from screen readers, which hear "up"/"down". */
function changeCell(previous: number, current: number, locale: string): HTMLTableCellElement {
  const ch = change(previous, current, locale);
  const td = el('td', `num change ${ch.direction}`);
  const arrow = ch.direction === 'up' ? '▲' : ch.direction === 'down' ? '▼' : '–';
  td.append(
    el('span', 'arrow', { 'aria-hidden': 'true' }, arrow),
    srOnly(ch.direction === 'same' ? 'unchanged' : `${ch.direction} `),
    ch.direction === 'same' ? '' : ch.text,
  );
  return td;
}
