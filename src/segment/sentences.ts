// Sentences: one pass over each paragraph, jumping from one terminal mark (. ! ? … 。 ؟ । ...)
// to the next with a global regex. Only there does it look around: at the marks and closers
// after it, at the word before it (abbreviations, initials, acronyms, list markers) and at what
// starts the next sentence. The text between marks is never touched, which is what makes it fast enough for
// tens of MB/s (compromise's splitter allocates strings per chunk instead).
import { abbreviationKind, STARTERS } from './abbreviations.ts';
import {
  isCjkTerminal,
  isCloser,
  isDigit,
  isLetter,
  isLower,
  isOpener,
  isSpace,
  isSpacedTerminal,
  isUpper,
} from './chars.ts';
import { paragraphsIn } from './paragraphs.ts';

/** Terminal marks; the regex engine finds the next one in native code, far faster than a
 *  charCode loop over all the letters between them. */
const MARK = /[.!?\u2026\u203c\u203d\u2047-\u2049\u061f\u06d4\u0964\u0965\u3002\uff01\uff1f\uff61]/g;

/** A sentence that is nothing but a list or section marker ("1.", "(a).", "4.1.", "IV.",
 *  "Sec. 2.", "Article 5."): the period after it does not end a sentence, the marker leads
 *  the next one. */
const LIST_MARKER =
  /^[*#_\s]*(?:(?:section|sec\.|article|art\.|chapter|ch\.|part|annex|§|стаття|ст\.|розділ|пункт|п\.)\s*)?[([]?(?:\d{1,3}(?:\.\d{1,3})*|[ivxlcdm]{1,7}|\p{L})[)\]]?\.$/iu;

/** A list item marker opening the next sentence: "(a) ", "(iv) ", "b) ". */
const LIST_ITEM = /^\(?(?:[a-z]{1,2}|[ivxl]{1,4})\)(?:\s|$)/;

/** A word after "No." or "Art." that is a number or a code: "II", "A", "A1". */
const CODE_WORD = /^(?:[IVXLCDM]+|[A-Z]\d*)$/;

/** [start, end) of each sentence in text[start, end). Paragraph breaks inside the range
 *  (blank lines) always end a sentence. */
export function splitSentences(text: string, start = 0, end = text.length): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  const marks = new MarkScanner(text);
  for (const [ps, pe] of paragraphsIn(text, from, to)) sentencesOfParagraph(text, ps, pe, out, marks);
  return out;
}

/** Finds terminal marks for one text, remembering the next one: a paragraph without marks
 *  must not make the regex run ahead to the far end of the text for every paragraph. */
export class MarkScanner {
  private readonly re = new RegExp(MARK);
  private from = Infinity;
  private at = -1;
  constructor(private readonly text: string) {}

  /** Offset of the first mark at or after `from`, or the text length if there is none. */
  next(from: number): number {
    if (this.from <= from && this.at >= from) return this.at; // no mark in [this.from, this.at)
    this.re.lastIndex = from;
    const m = this.re.exec(this.text);
    this.from = from;
    this.at = m === null ? this.text.length : m.index;
    return this.at;
  }
}

/** Appends the sentences of the trimmed paragraph text[ps, pe) to out. */
export function sentencesOfParagraph(
  text: string,
  ps: number,
  pe: number,
  out: Array<[number, number]>,
  marks: MarkScanner = new MarkScanner(text),
): void {
  let s = ps; // start of the open sentence
  let wordFree = ps; // text[s, wordFree) is known to hold no letter or digit
  let i = ps;
  while (i < pe) {
    i = marks.next(i);
    if (i >= pe) break;
    const c = text.charCodeAt(i);
    let j = i + 1; // end of the run of marks ("?!", "...", "。")
    let cjk = isCjkTerminal(c);
    while (j < pe) {
      const d = text.charCodeAt(j);
      if (isCjkTerminal(d)) cjk = true;
      else if (!isSpacedTerminal(d)) break;
      j++;
    }
    let k = j; // end of the closers after it ('."', '.)', '?’', '.**')
    while (k < pe && isCloser(text.charCodeAt(k))) k++;
    k = skipFootnoteRef(text, k, pe); // "governance.[12] The"
    if (k >= pe) break; // the paragraph end closes the sentence anyway
    const after = text.charCodeAt(k);
    let boundary: boolean;
    if (cjk) {
      // No space needed after 。！？, but '「行きません。」と言った' stays one sentence.
      boundary = k === j || isSpace(after) || isOpener(after);
    } else if (!isSpace(after)) {
      boundary = false; // 3.5, v1.2, U.S.A, e-mail and URL dots, "etc.,"
    } else {
      boundary = endsHere(text, s, i, j, k, pe);
    }
    if (boundary) {
      // A sentence needs a letter or digit: a lone "?" or "— ." joins the next one.
      const w = firstWord(text, wordFree, i);
      wordFree = w < 0 ? i : wordFree;
      if (w < 0) boundary = false;
    }
    if (boundary) {
      out.push([s, k]);
      let n = k;
      while (n < pe && isSpace(text.charCodeAt(n))) n++;
      s = n;
      wordFree = n;
      i = n;
    } else {
      i = j;
    }
  }
  out.push([s, pe]);
}

/** The marks text[i, j) and closers text[j, k) are followed by whitespace: do they end the
 *  sentence that started at s? */
function endsHere(text: string, s: number, i: number, j: number, k: number, pe: number): boolean {
  let n = k;
  while (isSpace(text.charCodeAt(n))) n++; // n < pe: the paragraph is trimmed
  // More marks follow: a spaced ellipsis ". . ." ends (if at all) at its last dot.
  if (isSpacedTerminal(text.charCodeAt(n))) return false;
  let r = n;
  while (r < pe && isOpener(text.charCodeAt(r))) r++;
  const next = r < pe ? text.charCodeAt(r) : 32;
  // A lowercase word after the mark continues the sentence: "e.g. the", "Yahoo! is", "... and";
  // but not a list item marker: "Policy. (a) This memorandum", "as follows. b) the term".
  if (isLower(next) && !LIST_ITEM.test(text.slice(n, n + 6))) return false;

  const c = text.charCodeAt(i);
  const dotsOnly = allDots(text, i, j);
  if (dotsOnly && (j - i > 1 || c === 0x2026)) {
    // An ellipsis ends a sentence only when it trails a word and a capital follows ("He
    // paused... Then"); spaced " ... " marks an omission inside a quotation.
    const before = i > s ? text.charCodeAt(i - 1) : 32;
    return !isSpace(before) && before !== 91 && before !== 40 && isUpper(next);
  }
  if (!dotsOnly) return true; // ? ! ؟ । and mixed runs

  // A single period.
  if (i - s < 24 && LIST_MARKER.test(text.slice(s, i + 1))) return false;
  if (k > j) return true; // closers after the period: 'said "no." Then', '(Zeng, 2025).'
  let t = i;
  while (t > s) {
    const d = text.charCodeAt(t - 1);
    if (d === 46 || isLetter(d)) t--;
    else break;
  }
  while (t < i && text.charCodeAt(t) === 46) t++;
  if (t === i) return true; // "2025).", "265.": no word before the period
  const word = text.slice(t, i);
  const kind = abbreviationKind(word);
  if (kind === 'never') return false;
  const opensParen = text.charCodeAt(n) === 40 || text.charCodeAt(n) === 91;
  if (kind === 'numeral') {
    if (opensParen || isDigit(next) || next === 35 || next === 0xa7) return false; // ( # §
    return !CODE_WORD.test(wordAt(text, r, pe));
  }
  if (kind === 'maybe') return !(opensParen || isDigit(next));
  const initial = word.length === 1 && isUpper(word.charCodeAt(0));
  if (kind === 'starter' || initial || isDottedAcronym(word)) {
    // "J. Zeng", "U.S. Government" go on; "in the U.S. The" ends.
    return isStarter(text, r, pe);
  }
  return true;
}

/** After a footnote reference "[12]" right after the marks, else k. */
function skipFootnoteRef(text: string, k: number, pe: number): number {
  if (k >= pe || text.charCodeAt(k) !== 91) return k;
  let x = k + 1;
  while (x < pe && x - k <= 4 && isDigit(text.charCodeAt(x))) x++;
  return x > k + 1 && x < pe && text.charCodeAt(x) === 93 ? x + 1 : k;
}

function allDots(text: string, i: number, j: number): boolean {
  for (let x = i; x < j; x++) {
    const d = text.charCodeAt(x);
    if (d !== 46 && d !== 0x2026) return false;
  }
  return true;
}

/** "U.S", "E.U", "Ph.D", "a.m": pieces of one or two letters joined by periods. */
function isDottedAcronym(word: string): boolean {
  if (word.indexOf('.') < 0) return false;
  let run = 0;
  for (let x = 0; x < word.length; x++) {
    if (word.charCodeAt(x) === 46) run = 0;
    else if (++run > 2) return false;
  }
  return true;
}

/** The run of letters and digits at r. */
function wordAt(text: string, r: number, pe: number): string {
  let e = r;
  while (e < pe) {
    const d = text.charCodeAt(e);
    if (isLetter(d) || isDigit(d)) e++;
    else break;
  }
  return text.slice(r, e);
}

/** A word that usually opens a sentence starts at r (and is not itself an initial "A."). */
function isStarter(text: string, r: number, pe: number): boolean {
  const w = wordAt(text, r, pe);
  if (w.length === 0) return false;
  if (r + w.length < pe && text.charCodeAt(r + w.length) === 46) return false;
  return STARTERS.has(w);
}

/** Offset of the first letter or digit in text[from, to), or -1. */
function firstWord(text: string, from: number, to: number): number {
  for (let x = from; x < to; x++) {
    const d = text.charCodeAt(x);
    if (isDigit(d) || isLetter(d)) return x;
  }
  return -1;
}
