// Words of a unit, as [start, end) offsets into the document text.
//
// A word is a maximal run of letters, digits and combining marks (\p{L}\p{N}\p{M}, any
// script). Hyphens and apostrophes split words: "AI-generated" is the two words "ai"
// "generated", "state's" is "state" "s". Patterns are split the same way, so the pattern
// "ai-generated" is the two-word sequence ai+generated (it matches "AI-generated", "AI
// generated", "AI‑generated"), and the term "generated" also matches inside "AI-generated".
// Distances (`within`, `window`, `max_gap`) count these words.
//
// The scanner classifies UTF-16 code units through a lazily filled table instead of running a
// Unicode regex per word: the regex costs ~1 µs a word, the table a few ns a character.

const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;
/** 0 = not classified yet, 1 = word character, 2 = not, 3 = surrogate (classify the pair).
 *  Exported for the matcher's fused scan-and-lookup loop (Plan.scanUnit), which reads
 *  CLASS[c] === 1 inline and calls wordCharAt for anything else. */
export const CLASS = new Uint8Array(65536);

function classify(c: number): number {
  const k = c >= 0xd800 && c <= 0xdfff ? 3 : WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
  CLASS[c] = k;
  return k;
}

/** Length (1 or 2 code units) of the word character at i, or 0. */
export function wordCharAt(text: string, i: number, end: number): number {
  const c = text.charCodeAt(i);
  let k = CLASS[c];
  if (k === 0) k = classify(c);
  if (k === 1) return 1;
  if (k === 2) return 0;
  if (c <= 0xdbff && i + 1 < end) {
    const cp = text.codePointAt(i)!;
    return cp > 0xffff && WORD_CHAR.test(String.fromCodePoint(cp)) ? 2 : 0;
  }
  return 0;
}

/** Fill starts/ends with the words of text[start, end); returns how many. Arrays are reused. */
export function scanWords(text: string, start: number, end: number, starts: number[], ends: number[]): number {
  let n = 0;
  let i = start;
  while (i < end) {
    let w = wordCharAt(text, i, end);
    while (w === 0) {
      i++;
      if (i >= end) return n;
      w = wordCharAt(text, i, end);
    }
    const s = i;
    while (w > 0) {
      i += w;
      if (i >= end) break;
      w = wordCharAt(text, i, end);
    }
    starts[n] = s;
    ends[n] = i;
    n++;
  }
  return n;
}

export interface Words {
  /** Each word as written (see normalizeForm for the form patterns are matched against). */
  raw: string[];
  starts: number[];
  ends: number[];
}

/** The words of text[start, end); offsets index the whole text. */
export function tokenize(text: string, start = 0, end = text.length): Words {
  const starts: number[] = [];
  const ends: number[] = [];
  const n = scanWords(text, start, end, starts, ends);
  const raw = Array.from({ length: n }, (_, i) => text.slice(starts[i], ends[i]));
  return { raw, starts, ends };
}

const ASCII_LOWER = /^[a-z0-9]*$/;

/** Lowercase + NFC; cheap for the common ASCII case. */
export function normalizeForm(word: string): string {
  if (ASCII_LOWER.test(word)) return word;
  return word.toLowerCase().normalize('NFC');
}

const PATTERN_WORD = /[\p{L}\p{N}\p{M}*?]+/gu;

/** Split a pattern the way text is split, keeping the glob wildcards * and ? inside words. */
export function patternWords(pattern: string): string[] {
  return [...pattern.normalize('NFC').matchAll(PATTERN_WORD)].map((m) => m[0].toLowerCase());
}
