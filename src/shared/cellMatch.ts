// What "a cell matches the find text" means, in one place for the host's search (core/csv/find.ts) and the
// webview's highlights of the matches on screen: a case-insensitive substring.

/** The form of the find text that `cellMatches` takes (computed once per search). */
export function findNeedle(query: string): string {
  return query.toLowerCase();
}

export function cellMatches(cell: string, needle: string): boolean {
  return needle !== '' && cell.toLowerCase().includes(needle);
}
