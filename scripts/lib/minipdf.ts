// A small, dependency-free writer of valid PDF 1.4 files with text only: enough to generate the
// demo corpus PDF from source in this repository. It uses the standard Helvetica fonts with
// WinAnsiEncoding (nothing embedded), places each line with BT/Tm/Tj/ET, writes an xref table
// with exact byte offsets, and is deterministic: no dates, and the /ID is a hash of the body,
// so the same input always gives the same bytes.
import { createHash } from 'node:crypto';

export type FontName = 'Helvetica' | 'Helvetica-Bold';

/** One line of text, placed with its baseline's left end at (x, y) in points from bottom-left. */
export interface TextLine {
  x: number;
  y: number;
  size: number;
  font: FontName;
  text: string;
}

export interface PdfPage {
  lines: TextLine[];
}

/** Document information dictionary; values are plain strings (no dates, on purpose). */
export interface PdfInfo {
  Title?: string;
  Author?: string;
  Subject?: string;
  Keywords?: string;
  Creator?: string;
  Producer?: string;
}

export interface PdfSpec {
  width: number;
  height: number;
  pages: PdfPage[];
  info?: PdfInfo;
  /** Catalog /Lang, a BCP 47 tag. */
  lang?: string;
}

const FONT_KEYS: Record<FontName, string> = { Helvetica: 'F1', 'Helvetica-Bold': 'F2' };

// Advance widths (1/1000 em) of ASCII 32..126, from the standard Adobe font metrics.
// prettier-ignore
const ASCII_WIDTHS: Record<FontName, number[]> = {
  Helvetica: [278,278,355,556,556,889,667,191,333,333,389,584,278,333,278,278,556,556,556,556,556,556,556,556,556,556,278,278,584,584,584,556,1015,667,667,722,722,667,611,778,722,278,500,667,556,833,722,778,667,778,722,667,611,722,667,944,667,667,611,278,278,278,469,556,333,556,556,500,556,556,278,556,556,222,222,500,222,833,556,556,556,556,333,500,278,556,500,722,500,500,500,334,260,334,584],
  'Helvetica-Bold': [278,333,474,556,556,889,722,238,333,333,389,584,278,333,278,278,556,556,556,556,556,556,556,556,556,556,333,333,584,584,584,611,975,722,722,722,722,667,611,778,722,278,556,722,611,833,722,778,667,778,722,667,611,722,667,944,667,667,611,333,278,333,584,556,333,556,611,556,611,556,333,611,611,278,278,556,278,889,611,611,611,611,389,556,333,611,556,778,556,556,500,389,280,389,584],
};

// WinAnsiEncoding 0x80..0x9F differs from Latin-1; 0xA0..0xFF is Latin-1.
const WIN_ANSI_SPECIALS: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88,
  '‰': 0x89, 'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93,
  '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b,
  'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};
const SPECIAL_WIDTHS: Record<string, number> = {
  '…': 1000, '–': 556, '—': 1000, '‘': 222, '’': 222, '“': 333, '”': 333, '•': 350, '€': 556,
};

export const SOFT_HYPHEN = '\u00AD';

/** The WinAnsi code of one character; throws for characters the standard fonts cannot show. */
export function winAnsiCode(char: string): number {
  const special = WIN_ANSI_SPECIALS[char];
  if (special !== undefined) return special;
  const code = char.codePointAt(0) ?? 0;
  if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) return code;
  throw new Error(`Unexpected character \`${char}\` (U+${code.toString(16).toUpperCase().padStart(4, '0')}), expected one that WinAnsiEncoding can show`);
}

/** Width of `text` in points when set in `font` at `size`. */
export function textWidth(text: string, font: FontName, size: number): number {
  let units = 0;
  for (const char of text) units += charWidth(char, font);
  return (units * size) / 1000;
}

function charWidth(char: string, font: FontName): number {
  const code = char.charCodeAt(0);
  if (code >= 0x20 && code <= 0x7e) return ASCII_WIDTHS[font][code - 0x20];
  if (char === SOFT_HYPHEN) return 0;
  const special = SPECIAL_WIDTHS[char];
  if (special !== undefined) return special;
  // Accented Latin letters are as wide as their base letter (é as e).
  const base = char.normalize('NFD')[0];
  if (base !== char && base.charCodeAt(0) >= 0x20 && base.charCodeAt(0) <= 0x7e) return charWidth(base, font);
  return 556;
}

export interface WrappedText {
  lines: string[];
  /** How many lines end in a word broken at a soft hyphen. */
  hyphenated: number;
}

/**
 * Greedy line breaking at spaces. A word that does not fit may be broken at one of its soft
 * hyphens (U+00AD), which then shows as "-" at the line end, as typeset reports do; soft hyphens
 * that are not used are dropped. A word longer than the whole line is left to overflow.
 */
export function wrapText(text: string, font: FontName, size: number, maxWidth: number): WrappedText {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const lines: string[] = [];
  let hyphenated = 0;
  let line = '';
  const fits = (s: string) => textWidth(s, font, size) <= maxWidth;
  const visible = (s: string) => s.replaceAll(SOFT_HYPHEN, '');
  let queue = [...words];
  while (queue.length > 0) {
    const word = queue.shift()!;
    const candidate = line === '' ? visible(word) : `${line} ${visible(word)}`;
    if (fits(candidate) || line === '') {
      if (!fits(candidate) && word.includes(SOFT_HYPHEN)) {
        // Alone on the line and still too long: break it at the last soft hyphen that fits.
        const split = lastFittingBreak('', word, fits);
        if (split) {
          lines.push(split.head);
          hyphenated++;
          queue = [split.tail, ...queue];
          continue;
        }
      }
      line = candidate;
      continue;
    }
    const split = word.includes(SOFT_HYPHEN) ? lastFittingBreak(line, word, fits) : null;
    if (split) {
      lines.push(split.head);
      hyphenated++;
      line = '';
      queue = [split.tail, ...queue];
    } else {
      lines.push(line);
      line = '';
      queue = [word, ...queue];
    }
  }
  if (line !== '') lines.push(line);
  return { lines, hyphenated };
}

function lastFittingBreak(
  line: string,
  word: string,
  fits: (s: string) => boolean,
): { head: string; tail: string } | null {
  const parts = word.split(SOFT_HYPHEN);
  for (let k = parts.length - 1; k >= 1; k--) {
    const prefix = parts.slice(0, k).join('');
    const head = line === '' ? `${prefix}-` : `${line} ${prefix}-`;
    if (fits(head)) return { head, tail: parts.slice(k).join(SOFT_HYPHEN) };
  }
  return null;
}

/** Serializes the document. The result is plain bytes; write it with fs.writeFileSync. */
export function buildPdf(spec: PdfSpec): Uint8Array {
  // Fixed object numbers: 1 catalog, 2 page tree, 3–4 fonts, 5 info, then page + content pairs.
  const pageRef = (i: number) => 6 + 2 * i;
  const contentRef = (i: number) => 7 + 2 * i;
  const objects: string[] = [];
  const lang = spec.lang ? ` /Lang ${literal(spec.lang)}` : '';
  objects[1] = `<< /Type /Catalog /Pages 2 0 R${lang} >>`;
  const kids = spec.pages.map((_, i) => `${pageRef(i)} 0 R`).join(' ');
  objects[2] = `<< /Type /Pages /Kids [${kids}] /Count ${spec.pages.length} >>`;
  objects[3] = fontObject('Helvetica');
  objects[4] = fontObject('Helvetica-Bold');
  const info = Object.entries(spec.info ?? {})
    .map(([key, value]) => `/${key} ${textString(value as string)}`)
    .join(' ');
  objects[5] = `<< ${info} >>`;
  const resources = `<< /Font << /F1 3 0 R /F2 4 0 R >> >>`;
  spec.pages.forEach((page, i) => {
    objects[pageRef(i)] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(spec.width)} ${num(spec.height)}] ` +
      `/Resources ${resources} /Contents ${contentRef(i)} 0 R >>`;
    const content = page.lines.map(showLine).join('');
    objects[contentRef(i)] = `<< /Length ${content.length} >>\nstream\n${content}endstream`;
  });

  // The second header line is a comment with bytes > 127, so tools treat the file as binary.
  let body = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  for (let n = 1; n < objects.length; n++) {
    offsets[n] = body.length; // every char is one byte: the body is built from latin1 only
    body += `${n} 0 obj\n${objects[n]}\nendobj\n`;
  }
  const xrefAt = body.length;
  const xref = [
    'xref',
    `0 ${objects.length}`,
    '0000000000 65535 f ',
    ...offsets.slice(1).map((o) => `${String(o).padStart(10, '0')} 00000 n `),
  ].join('\n');
  const id = createHash('md5').update(Buffer.from(body, 'latin1')).digest('hex').toUpperCase();
  const trailer =
    `trailer\n<< /Size ${objects.length} /Root 1 0 R /Info 5 0 R /ID [<${id}> <${id}>] >>\n` +
    `startxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(`${body}${xref}\n${trailer}`, 'latin1'));
}

function fontObject(name: FontName): string {
  return `<< /Type /Font /Subtype /Type1 /BaseFont /${name} /Encoding /WinAnsiEncoding >>`;
}

function showLine(line: TextLine): string {
  const text = line.text.replaceAll(SOFT_HYPHEN, '');
  return (
    `BT /${FONT_KEYS[line.font]} ${num(line.size)} Tf 1 0 0 1 ${num(line.x)} ${num(line.y)} Tm ` +
    `${literal(text)} Tj ET\n`
  );
}

/** A PDF literal string in WinAnsi bytes, kept ASCII: `\ ( )` escaped, other bytes as \ooo. */
function literal(text: string): string {
  let out = '(';
  for (const char of text) {
    const code = winAnsiCode(char);
    if (char === '\\' || char === '(' || char === ')') out += `\\${char}`;
    else if (code >= 0x20 && code <= 0x7e) out += char;
    else out += `\\${code.toString(8).padStart(3, '0')}`;
  }
  return `${out})`;
}

/** A text string for the info dictionary: literal when ASCII, else UTF-16BE with a BOM. */
function textString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return literal(text);
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return `<${hex}>`;
}

/** Numbers without float noise (72.00000001) and without a trailing ".0", for stable bytes. */
function num(n: number): string {
  return String(Math.round(n * 100) / 100);
}
