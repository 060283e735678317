// The page's language, read once before the webview makes any string: the l10n bundle VS Code loaded for the
// extension (the host writes it into the page as a JSON data block, src/vscode/webviewPage.ts) configures
// @vscode/l10n, and its locale is what numbers and dates are formatted in. Without a block, English.
import * as l10n from '@vscode/l10n';
import { L10N_ELEMENT_ID } from '../../shared/webviewL10n';

/** Configures `l10n.t` from the page's block; returns the BCP 47 tag to hand to Intl ('en' when unknown). */
export function setUpL10n(doc: Document = document): string {
  let data: unknown;
  try {
    data = JSON.parse(doc.getElementById(L10N_ELEMENT_ID)?.textContent ?? 'null');
  } catch {
    data = null;
  }
  const o = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const bundle = o.bundle;
  if (typeof bundle === 'object' && bundle !== null && !Array.isArray(bundle))
    l10n.config({ contents: bundle as Record<string, string> });
  return canonicalLocale(o.locale) ?? canonicalLocale(doc.documentElement.lang) ?? 'en';
}

/** The tag as Intl writes it ("zh-cn" → "zh-CN"), or undefined when it is none. */
export function canonicalLocale(tag: unknown): string | undefined {
  if (typeof tag !== 'string' || tag === '') return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/**
 * A translated sentence with a node in it: `text` was made with `marker` as one of its arguments (say
 * `l10n.t('Computing insights of {0}…', marker)`), and the marker is replaced by `node`, so the words around
 * it stay in the translation's order.
 */
export function withNode(text: string, marker: string, node: Node): (string | Node)[] {
  const parts = text.split(marker);
  return parts.flatMap((part, i) => [
    ...(part !== '' ? [part] : []),
    ...(i < parts.length - 1 ? [node] : []),
  ]);
}

/** A marker no translation or argument holds (a control character). */
export const MARKER = '\u0001';
