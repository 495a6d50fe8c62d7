// Words for rates per 1,000 words: a run of letters (with their combining marks) is one word;
// in scripts written without spaces (Han, Hiragana, Katakana) each character is one word, so
// a Chinese document is not counted as a handful of very long "words".
// Digits and punctuation are not words; "don't" counts as two.
//
// The definition is the regular expression WORD_PATTERN (below, exported for the test that holds
// the two equal). Running it over every sentence cost the workers more than coding did (bench
// profile: 1.1 s of 7.8 s per thread on 20 MB), so countWords walks the characters instead:
// ASCII letters are decided inline, every other code point once through the pattern's own
// character classes, then from a table.
const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}';
export const WORD_PATTERN = new RegExp(`[${CJK}]|(?:(?![${CJK}])[\\p{L}\\p{M}])+`, 'gu');

const IS_CJK = new RegExp(`^[${CJK}]$`, 'u');
const IS_LETTER = /^[\p{L}\p{M}]$/u;

// Classes of a code point: what the pattern does with it.
const UNKNOWN = 0;
const OTHER = 1; // ends a word
const LETTER = 2; // starts or continues a run
const SINGLE = 3; // a word on its own (Han, Hiragana, Katakana), and ends a run

const bmp = new Uint8Array(0x10000); // UNKNOWN until first seen
const astral = new Map<number, number>();

function classify(cp: number): number {
  const ch = String.fromCodePoint(cp);
  return IS_CJK.test(ch) ? SINGLE : IS_LETTER.test(ch) ? LETTER : OTHER;
}

function classOf(cp: number): number {
  if (cp < 0x10000) {
    let k = bmp[cp]!;
    if (k === UNKNOWN) bmp[cp] = k = classify(cp);
    return k;
  }
  let k = astral.get(cp);
  if (k === undefined) astral.set(cp, (k = classify(cp)));
  return k;
}

export function countWords(text: string): number {
  let n = 0;
  let inRun = false;
  const len = text.length;
  for (let i = 0; i < len; ) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      const lower = c | 0x20;
      if (lower >= 0x61 && lower <= 0x7a) {
        if (!inRun) n++, (inRun = true);
      } else inRun = false;
      i++;
      continue;
    }
    let cp = c;
    let width = 1;
    // A surrogate pair is one code point (as with the pattern's u flag); a lone surrogate is a
    // code point of its own, and not a letter.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    const k = classOf(cp);
    if (k === LETTER) {
      if (!inRun) n++, (inRun = true);
    } else {
      if (k === SINGLE) n++;
      inRun = false;
    }
    i += width;
  }
  return n;
}
