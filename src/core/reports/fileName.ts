// A file name a person chose (a saved report's pattern), made safe to write on any desktop system. Unlike
// csvFiles.ts, which reduces server data to `[A-Za-z0-9._-]`, it keeps spaces, accents and case: the name is the
// person's own words. It only ever yields one name, never a path, so a file cannot land outside its folder.

/** Longest name part before the extension, in UTF-8 bytes: file systems allow 255 per name. */
const MAX_STEM_BYTES = 200;

/**
 * `text` as one portable file name ending in `.<extension>`: path separators, characters Windows refuses
 * (`<>:"|?*`), control and invisible direction characters and
 * half surrogate pairs become `_`; runs of spaces become one; no leading
 * dot (hidden) and no trailing dot or space (Windows drops them); device names such as `CON` get a `_` in
 * front; at most 200 UTF-8 bytes before the extension, which is added once (`x.csv` stays `x.csv`). Spaces,
 * accents and `..` inside a name are kept: without a separator a name cannot leave its folder.
 */
export function safeFileName(text: string, extension: string): string {
  const suffix = `.${extension}`;
  let stem = text
    .normalize('NFC')
    .replace(
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u001f\u007f-\u009f/\\<>:"|?*\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g,
      '_',
    )
    .replace(/\p{Cs}/gu, '_') // half a surrogate pair: not a character any file system stores
    .replace(/\s+/g, ' ')
    .trim();
  if (stem.toLowerCase().endsWith(suffix.toLowerCase())) stem = stem.slice(0, -suffix.length);
  stem = trimEnds(stem);
  if (/^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i.test(stem)) stem = `_${stem}`;
  const encoder = new TextEncoder();
  if (encoder.encode(stem).length > MAX_STEM_BYTES) {
    // Whole characters only: cutting inside one would leave half a UTF-8 sequence.
    let cut = '';
    let bytes = 0;
    for (const ch of stem) {
      bytes += encoder.encode(ch).length;
      if (bytes > MAX_STEM_BYTES) break;
      cut += ch;
    }
    stem = trimEnds(cut);
  }
  return `${stem || 'report'}${suffix}`;
}

function trimEnds(stem: string): string {
  return stem.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
}
