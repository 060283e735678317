// The one way our webviews make elements: attributes and text are set as such, never parsed as HTML (cell text
// and the names of assistants and documents come from the CSV and may hold anything, `<script>` included).

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
