// The table's element helpers beyond `el` (src/webview/shared/dom.ts, re-exported here).
import { el } from '../shared/dom';

export { el };

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
