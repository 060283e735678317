// The Insights page's element helpers beyond `el` (src/webview/shared/dom.ts, re-exported here).
import { el } from '../shared/dom';

export { el };

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
