// The one way the table's webview makes elements: attributes and text are set as such, never parsed as HTML
// (cell text comes from the CSV and may hold anything, `<script>` included).

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  attrs?: Readonly<Record<string, string>>,
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (attrs) for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

export function button(
  label: string,
  title: string,
  onClick: () => void,
  className = 'btn',
): HTMLButtonElement {
  const b = el('button', className, { type: 'button', title, 'aria-label': title }, label);
  b.addEventListener('click', onClick);
  return b;
}

/** Ctrl on Windows and Linux, Cmd on macOS. */
export const isMod = (e: KeyboardEvent | MouseEvent): boolean => e.ctrlKey || e.metaKey;
