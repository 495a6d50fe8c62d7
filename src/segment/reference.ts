// compromise as a reference sentence splitter, for the quality tests and the benchmark only:
// index.ts does not export this file, so the pipeline never loads compromise.
// compromise's own offsets drift after contractions ("it's", "We're" become two terms), so
// each of its sentences is located in the text by its characters instead, skipping whitespace.
import nlp from 'compromise';
import { isSpace } from './chars.ts';

/** compromise's sentences as [start, end) offsets into text (tokenizer only: no tagging). */
export function compromiseSentences(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let cursor = 0;
  for (const s of nlp.tokenize(text).json() as Array<{ text: string }>) {
    const span = locate(text, s.text, cursor);
    if (span === null) {
      throw new Error(`Unexpected compromise sentence ${JSON.stringify(s.text.slice(0, 60))}, expected text found after offset ${cursor}`);
    }
    out.push(span);
    cursor = span[1];
  }
  return out;
}

/** Where sentence (whitespace ignored) occurs in text from `from` on, matching from the first
 *  non-space character. */
function locate(text: string, sentence: string, from: number): [number, number] | null {
  let i = from;
  let start = -1;
  for (let x = 0; x < sentence.length; x++) {
    const c = sentence.charCodeAt(x);
    if (isSpace(c)) continue;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== c) return null;
    if (start < 0) start = i;
    i++;
  }
  return start < 0 ? null : [start, i];
}

/** A Markdown or plain-text file as ingest would roughly normalize it: front matter dropped,
 *  wrapped lines joined, whitespace runs collapsed, paragraphs joined by "\n\n". */
export function plainParagraphs(raw: string): string {
  let text = raw.replace(/\r\n?/g, '\n');
  if (text.startsWith('---\n')) {
    const close = text.indexOf('\n---\n', 4);
    if (close >= 0) text = text.slice(close + 5);
  }
  return text
    .split(/\n[ \t\u00a0]*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0)
    .join('\n\n');
}

/** The English body of the seed article: from "Introduction." up to the references. */
export function seedEnglishBody(seed: string): string {
  const from = seed.indexOf('**Introduction.**');
  const to = seed.indexOf('**References:**');
  if (from < 0 || to < from) {
    throw new Error('Unexpected seed text, expected "**Introduction.**" before "**References:**"');
  }
  return seed.slice(from, to).trim();
}
