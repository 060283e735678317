// The charts' dates and numbers in the display language (src/webview/insights/chartLocale.ts): English keeps
// the patterns it always had; German and French get their own order, month names and separators, read from
// Intl, and d3 (what Vega formats with) writes them as the language does.
import * as assert from 'node:assert/strict';
import { timeFormatLocale, utcFormat } from 'd3-time-format';
import { formatLocale } from 'd3-format';
import {
  dayAxisFormat,
  dayTooltipFormat,
  monthAxisFormat,
  setChartLocale,
  vegaLocale,
} from '../../../src/webview/insights/chartLocale';

const DAY = new Date(Date.UTC(2024, 11, 7)); // Saturday 7 December 2024

function written(format: string): string {
  const locale = vegaLocale();
  return locale
    ? timeFormatLocale(locale.time as object).utcFormat(format)(DAY)
    : utcFormat(format)(DAY);
}

describe('chart locale', () => {
  after(() => setChartLocale('en'));

  it('English: the patterns and d3 locale the charts always had', () => {
    setChartLocale('en');
    assert.equal(dayAxisFormat(), '%b %d');
    assert.equal(monthAxisFormat(), '%b %Y');
    assert.equal(dayTooltipFormat(), '%a %b %d, %Y');
    assert.equal(vegaLocale(), undefined);
    assert.equal(written(dayAxisFormat()), 'Dec 07');
  });

  it('German: "07. Dez.", "Dez. 2024", "Sa., 07. Dez. 2024", 1.234.567,5', () => {
    setChartLocale('de');
    assert.equal(written(dayAxisFormat()), '07. Dez.');
    assert.equal(written(monthAxisFormat()), 'Dez. 2024');
    assert.equal(written(dayTooltipFormat()), 'Sa., 07. Dez. 2024');
    const number = vegaLocale()!.number as object;
    assert.equal(formatLocale(number).format(',.1f')(1234567.5), '1.234.567,5');
  });

  it('French: "07 déc.", "déc. 2024", "sam. 07 déc. 2024", thousands apart by a narrow space', () => {
    setChartLocale('fr');
    assert.equal(written(dayAxisFormat()), '07 déc.');
    assert.equal(written(monthAxisFormat()), 'déc. 2024');
    assert.equal(written(dayTooltipFormat()), 'sam. 07 déc. 2024');
    const number = vegaLocale()!.number as object;
    assert.equal(formatLocale(number).format(',')(1234567), '1\u202f234\u202f567');
  });

  it('an unknown tag falls back to English', () => {
    setChartLocale('not a locale!');
    assert.equal(dayAxisFormat(), '%b %d');
  });
});
