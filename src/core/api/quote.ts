// How text from a server is quoted in a message: one line, short, without control characters (which
// could fake line breaks or terminal escape codes in a notification or the log).

/** One line, at most `max` characters, for quoting an unexpected answer in a message. */
export function shortQuote(text: string, max = 120): string {
  const head = text.length > max * 4 ? text.slice(0, max * 4) : text;
  const one = stripControl(head).replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

/** Replaces control characters (which could fake line breaks or escape codes in a message) by spaces. */
function stripControl(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    out += c < 0x20 || c === 0x7f ? ' ' : ch;
  }
  return out;
}
