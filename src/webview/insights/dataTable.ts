// A card's data as a real <table>: what "Show data" shows and what a screen reader reads instead of the chart.
import type { DataTable } from '../../shared/insightsMessages';
import { el } from './dom';
import { cellText } from './format';

export function dataTable(table: DataTable, caption: string, locale: string): HTMLTableElement {
  const t = el('table', 'data');
  t.append(el('caption', 'sr-only', {}, caption));
  const head = el('tr');
  for (const c of table.columns) {
    head.append(el('th', c.type === 'number' ? 'num' : '', { scope: 'col' }, c.name));
  }
  t.append(el('thead', '', {}), el('tbody'));
  t.tHead?.append(head);
  const body = t.tBodies[0];
  for (const row of table.rows) {
    const tr = el('tr');
    table.columns.forEach((c, i) => {
      tr.append(
        el('td', c.type === 'number' ? 'num' : '', {}, cellText(row[i] ?? null, c.type, locale)),
      );
    });
    body?.append(tr);
  }
  return t;
}
