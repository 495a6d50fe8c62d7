// Character-level clean-up shared by every reader: what a person would not see as a
// difference (ligatures, soft hyphens, odd spaces, invisible characters) is made uniform, and
// nothing that carries meaning (curly quotes, dashes, ZWJ/ZWNJ in Indic/Persian scripts) is touched.

const LIGATURES: Record<string, string> = {
  '\uFB00': 'ff',
  '\uFB01': 'fi',
  '\uFB02': 'fl',
  '\uFB03': 'ffi',
  '\uFB04': 'ffl',
  '\uFB05': 'st', // ﬅ long s + t
  '\uFB06': 'st',
};
const LIGATURE_RE = /[\uFB00-\uFB06]/g;

// TeX-made PDFs put a spacing accent before a dotless i ("na¨ıve"); the pair is unmistakable,
// so it becomes the accented letter. Other spacing accents are left alone ("don´t" is real text).
const TEX_ACCENT_RE = /([\u00A8\u00B4\u0060\u02C6])\u0131/g;
const TEX_ACCENTS: Record<string, string> = { '\u00A8': 'ï', '\u00B4': 'í', '\u0060': 'ì', '\u02C6': 'î' };

// Zero-width space, word joiner, BOM, Mongolian vowel separator, and invisible operators.
// ZWNJ/ZWJ (U+200C/D) are kept: they change how Persian, Indic and emoji text reads.
const INVISIBLE_RE = /[\u200B\u2060\uFEFF\u180E\u2061-\u2064]/g;
// Every Unicode space separator other than the plain space (NBSP, narrow NBSP, em space, ideographic space...).
const ODD_SPACE_RE = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
// C0/C1 controls other than tab and newline; vertical tab and form feed end a line.
const CONTROL_RE = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g;

/** Normalizes characters of a whole text, keeping its lines: CRLF/CR/VT/FF become "\n".
 *  Soft hyphens are kept here (a line-final one marks a word break); see stripSoftHyphens. */
export function cleanChars(text: string): string {
  let s = text;
  if (/[\r\u000B\u000C\u2028\u2029]/.test(s)) s = s.replace(/\r\n?|[\u000B\u000C\u2028\u2029]/g, '\n');
  s = s.normalize('NFC');
  if (LIGATURE_RE.test(s)) s = s.replace(LIGATURE_RE, (c) => LIGATURES[c] ?? c);
  if (s.includes('\u0131')) s = s.replace(TEX_ACCENT_RE, (_, a: string) => TEX_ACCENTS[a] ?? a);
  s = s.replace(INVISIBLE_RE, '').replace(ODD_SPACE_RE, ' ').replace(CONTROL_RE, '');
  return s;
}

/** Collapses runs of spaces/tabs to one space and trims. */
export function collapseSpaces(line: string): string {
  return line.replace(/[ \t]+/g, ' ').trim();
}

export const SOFT_HYPHEN = '\u00AD';

// Windows-1252 differs from Latin-1 in 0x80-0x9F (curly quotes, dashes, €). Node 20's
// TextDecoder('windows-1252') decodes those bytes as C1 controls, so the table is applied here.
const CP1252_HIGH =
  '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ'.split('');
/** Labels that the WHATWG Encoding Standard maps to windows-1252. */
export const WINDOWS_1252_LABELS = new Set([
  'windows-1252', 'cp1252', 'x-cp1252', 'iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'l1',
  'us-ascii', 'ascii', 'iso-ir-100', 'ibm819', 'cp819', 'csisolatin1', 'iso88591', 'iso_8859-1:1987',
  'ansi_x3.4-1968',
]);

export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const chunk = bytes.subarray(i, i + CHUNK);
    let s = '';
    for (const b of chunk) s += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
    parts.push(s);
  }
  return parts.join('');
}
