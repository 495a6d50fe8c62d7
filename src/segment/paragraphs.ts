// Paragraphs: runs of text separated by at least one blank line. Ingest already separates
// paragraphs by exactly "\n\n"; this scanner also accepts "\r\n", lone "\r", several blank
// lines, blank lines holding spaces, and form feeds or U+2029 as hard breaks. A single line
// break is a wrapped line inside a paragraph (as in Markdown), not a paragraph end: plain-text
// sources wrap at ~72 columns and splitting there would cut sentences apart.
// The breaks are found with one global regex: V8 scans for them in native code, several times
// faster than a charCode loop over every character.
import { isSpace } from './chars.ts';

const LINE_BREAK = String.raw`(?:\r\n|\r(?!\n)|[\n\v\x85\u2028])`;
const BLANK = String.raw`[^\S\n\r\v\f\x85\u2028\u2029]*`; // spaces and tabs, not line breaks
const BREAK = new RegExp(`${LINE_BREAK}(?:${BLANK}${LINE_BREAK})+|[\\f\\u2029]`, 'g');

/** [start, end) of each paragraph of text, trimmed of whitespace, never empty. */
export function splitParagraphs(text: string): Array<[number, number]> {
  return paragraphsIn(text, 0, text.length);
}

/** splitParagraphs over text[from, to) only; the range ends count as paragraph ends. */
export function paragraphsIn(text: string, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const re = new RegExp(BREAK); // own lastIndex: callers may interleave
  re.lastIndex = from;
  let start = from;
  while (start < to) {
    const m = re.exec(text);
    const end = m === null || m.index >= to ? to : m.index;
    pushTrimmed(text, start, end, out);
    if (m === null || m.index >= to) break;
    start = m.index + m[0].length;
  }
  return out;
}

function pushTrimmed(text: string, start: number, end: number, out: Array<[number, number]>): void {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  if (end > start) out.push([start, end]);
}
