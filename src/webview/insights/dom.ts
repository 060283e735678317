// The one way the Insights page makes elements: attributes and text are set as such, never parsed as HTML (names
// of assistants and documents come from the CSV and may hold anything, `<script>` included).

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

/** A button with a visible label; `className` 'btn' is secondary, 'btn primary' the main action. */
export function button(
  label: string,
  onClick: (b: HTMLButtonElement) => void,
  className = 'btn',
  attrs: Readonly<Record<string, string>> = {},
): HTMLButtonElement {
  const b = el('button', className, { type: 'button', ...attrs }, label);
  b.addEventListener('click', () => onClick(b));
  return b;
}

/** Text for screen readers only (the .sr-only class keeps it off screen, not out of the page). */
export const srOnly = (text: string): HTMLSpanElement => el('span', 'sr-only', {}, text);
