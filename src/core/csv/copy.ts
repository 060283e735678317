// Copy: a selection of rows and columns as text for the clipboard, in CSV (RFC 4180: fields with a
// delimiter, quote or line break quoted, quotes doubled, CRLF between records), TSV (tabs and line breaks
// in cells become spaces; what spreadsheets paste) or a Markdown table (header row, separator, pipes
// escaped, line breaks as spaces). Cells are copied as they are: a cell that starts like a formula is
// NOT altered here (that rule lives in formulaCells.ts).

import type { CopyFormat } from '../../shared/tableMessages';

export interface ColumnRange {
  /** First column (0-based, inclusive). */
  readonly start: number;
  /** Last column (inclusive). */
  readonly end: number;
}

export interface CopyOptions {
  /** Put the header's names first (CSV, TSV; Markdown always has them). Default true. */
  readonly includeHeader?: boolean;
}

export function formatSelection(
  rows: readonly (readonly string[])[],
  header: readonly string[],
  columns: ColumnRange,
  format: CopyFormat,
  options: CopyOptions = {},
): string {
  const pick = (row: readonly string[]): string[] => {
    const out: string[] = [];
    for (let c = columns.start; c <= columns.end; c++) out.push(row[c] ?? '');
    return out;
  };
  const head = pick(header);
  const body = rows.map(pick);
  const withHeader = options.includeHeader !== false;
  switch (format) {
    case 'csv':
      return (withHeader ? [head, ...body] : body)
        .map((r) => r.map(csvField).join(','))
        .join('\r\n');
    case 'tsv':
      return (withHeader ? [head, ...body] : body)
        .map((r) => r.map(tsvField).join('\t'))
        .join('\n');
    case 'markdown': {
      const lines = [
        `| ${head.map(markdownField).join(' | ')} |`,
        `|${head.map(() => ' --- ').join('|')}|`,
        ...body.map((r) => `| ${r.map(markdownField).join(' | ')} |`),
      ];
      return lines.join('\n');
    }
    default:
      throw new Error(`unknown copy format ${String(format)}`);
  }
}

export function csvField(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function tsvField(cell: string): string {
  return cell.replace(/\r\n|[\t\r\n]/g, ' ');
}

export function markdownField(cell: string): string {
  return cell
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r\n|[\r\n]/g, ' ');
}
