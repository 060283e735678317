// The display language for numbers and dates (Intl), set once by the adapter from VS Code's display language.
// Core cannot ask VS Code; strings themselves go through @vscode/l10n, which the adapter configures likewise.
// Days stay Zurich days whatever the language: only how they are written changes.

let current = 'en';

/** Sets the BCP 47 tag Intl formats with; an unknown or malformed tag falls back to English. */
export function setDisplayLocale(tag: string | undefined): void {
  try {
    current = tag ? (Intl.getCanonicalLocales(tag)[0] ?? 'en') : 'en';
  } catch {
    current = 'en';
  }
}

/** The BCP 47 tag to hand to Intl (`en` until the adapter sets one). */
export function displayLocale(): string {
  return current;
}
