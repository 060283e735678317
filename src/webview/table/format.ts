// Words and numbers of the table's status line: pure, no DOM. The numbers come from the host's messages;
// this only lays them out.

export function formatBytes(bytes: number, locale?: string): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = Math.max(0, bytes);
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const digits = u === 0 || v >= 100 ? 0 : 1;
  return `${v.toLocaleString(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${units[u]}`;
}

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

/** "12 of 1,204,330 rows · 412.3 MB", "1,204,330 rows so far · 412.3 MB" while indexing. */
export function statusText(f: StatusFacts, locale?: string): string {
  const more = f.indexing || !f.viewComplete ? '+' : '';
  const file = `${formatCount(f.fileRows, locale)}${f.indexing ? '+' : ''}`;
  const rows = f.filtered
    ? `${formatCount(f.viewRows, locale)}${more} of ${file} rows`
    : `${file} ${f.fileRows === 1 && !f.indexing ? 'row' : 'rows'}`;
  return `${rows} · ${formatBytes(f.fileBytes, locale)}${f.indexing ? ' · indexing…' : ''}`;
}

/** "3 matches", "40+ matches" while the host still counts, "No matches". */
export function matchText(count: number, complete: boolean, locale?: string): string {
  if (count === 0) return complete ? 'No matches' : 'Searching…';
  return `${formatCount(count, locale)}${complete ? '' : '+'} ${count === 1 && complete ? 'match' : 'matches'}`;
}

/** Fraction 0..1 of the file indexed. */
export const indexedFraction = (indexedBytes: number, fileBytes: number): number =>
  fileBytes > 0 ? Math.min(1, Math.max(0, indexedBytes / fileBytes)) : 1;
