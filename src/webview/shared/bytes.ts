// A size as both webviews write it: "412 MB", "1.5 KB", "300 bytes" (units of 1024, like VS Code), the number
// in the page's locale and the unit translated (French writes "Mo").
import * as l10n from '@vscode/l10n';

export function formatBytes(bytes: number, locale?: string): string {
  let v = Math.max(0, bytes);
  let u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    u++;
  }
  const digits = u === 0 || v >= 100 ? 0 : 1;
  const n = new Intl.NumberFormat(locale, {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(v);
  switch (u) {
    case 0:
      return l10n.t('{0} bytes', n);
    case 1:
      return l10n.t({ message: '{0} KB', args: [n], comment: ['kilobytes'] });
    case 2:
      return l10n.t({ message: '{0} MB', args: [n], comment: ['megabytes'] });
    case 3:
      return l10n.t({ message: '{0} GB', args: [n], comment: ['gigabytes'] });
    default:
      return l10n.t({ message: '{0} TB', args: [n], comment: ['terabytes'] });
  }
}
