// Words and numbers of the table's status line: pure, no DOM. The numbers come from the host's messages;
// this only lays them out, in the page's language (l10n.t, and Intl with the locale the caller passes).
import * as l10n from '@vscode/l10n';
import { formatBytes } from '../shared/bytes';

export { formatBytes };

export const formatCount = (n: number, locale?: string): string =>
  Math.max(0, Math.floor(n)).toLocaleString(locale);

export interface StatusFacts {
  /** Rows of the current view (after filters). */
  readonly viewRows: number;
  /** Rows indexed in the file so far (all of them once `indexing` is false). */
  readonly fileRows: number;
  readonly filtered: boolean;
  /** The file is still being indexed. */
  readonly indexing: boolean;
  /** A filter is still scanning (the view's row count grows). */
  readonly viewComplete: boolean;
  readonly fileBytes: number;
}

/** "12 of 1,204,330 rows · 412.3 MB", "1,204,330+ rows · 412.3 MB · indexing…" while indexing. */
export function statusText(f: StatusFacts, locale?: string): string {
  const more = f.indexing || !f.viewComplete ? '+' : '';
  // A count still growing ends in "+" ("1,204,330+"): the sentences take it as it is.
  const file = `${formatCount(f.fileRows, locale)}${f.indexing ? '+' : ''}`;
  const rows = f.filtered
    ? l10n.t({
        message: '{0} of {1} rows',
        args: [`${formatCount(f.viewRows, locale)}${more}`, file],
        comment: ['rows shown by the filters, of the rows in the file'],
      })
    : f.fileRows === 1 && !f.indexing
      ? l10n.t('1 row')
      : l10n.t('{0} rows', file);
  // Facts side by side, not a sentence: " · " between them.
  return [
    rows,
    formatBytes(f.fileBytes, locale),
    ...(f.indexing ? [l10n.t('indexing…')] : []),
  ].join(' · ');
}

/** "3 matches", "40+ matches" while the host still counts, "No matches". */
export function matchText(count: number, complete: boolean, locale?: string): string {
  if (count === 0) return complete ? l10n.t('No matches') : l10n.t('Searching…');
  if (count === 1 && complete) return l10n.t('1 match');
  return l10n.t('{0} matches', `${formatCount(count, locale)}${complete ? '' : '+'}`);
}

/** Fraction 0..1 of the file indexed. */
export const indexedFraction = (indexedBytes: number, fileBytes: number): number =>
  fileBytes > 0 ? Math.min(1, Math.max(0, indexedBytes / fileBytes)) : 1;
