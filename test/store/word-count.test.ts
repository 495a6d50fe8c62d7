// countWords walks characters for speed; its definition is WORD_PATTERN. The two must agree on
// every text: the real documents of ../shared and generated strings that mix the cases where a
// hand-written scanner goes wrong (marks, CJK beside Latin, surrogate pairs, lone surrogates).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countWords, WORD_PATTERN } from '../../src/store/word-count.ts';
import { needShared, shared } from '../helpers/shared.ts';

function byPattern(text: string): number {
  return text.match(new RegExp(WORD_PATTERN.source, WORD_PATTERN.flags))?.length ?? 0;
}

describe('countWords', () => {
  it.each([
    ['', 0],
    ['AI diffusion changes the rules', 5],
    ["don't", 2],
    ['GPT-4 and 2025', 2], // digits are not words
    ['naïve café', 2],
    ['e\u0301te\u0301', 1], // combining acute accents continue the word
    ['人工智能', 4], // each Han character is a word
    ['AI人工', 3], // a Han character ends a Latin run
    ['ひらがなカタカナ', 8],
    ['コーヒー', 4], // U+30FC (Script=Common) is a letter: a run of its own between Katakana
    ['\u{1D400}\u{1D401} x', 2], // mathematical bold letters: astral, one run
    ['\u{20000}\u{20001}', 2], // CJK Extension B: astral Han
    ['a\uD800b', 2], // a lone surrogate is not a letter
    ['\uDC00\uD800', 0],
    ['emoji 😀 here', 2],
    ['Привет мир', 2],
    ['مرحبا بالعالم', 2],
  ])('%j has %i words, as the pattern says', (text, n) => {
    expect(byPattern(text)).toBe(n);
    expect(countWords(text)).toBe(n);
  });

  it('agrees with the pattern on 5,000 generated strings of mixed scripts', () => {
    const pieces = [
      'a', 'Z', ' ', '-', "'", '1', '.', '\n', 'é', 'e\u0301', '\u0301', 'ß', 'Ω', 'я', 'ع', '\u05D0', 'अ', '\u093F',
      '人', '工', 'ひ', 'カ', 'ー', '々', '〇', '、', '\u{1D400}', '\u{20000}', '😀', '\uD800', '\uDC00', '\u00A0', '\u200B', 'ｱ', 'Ａ',
    ];
    let seed = 20261127;
    const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % pieces.length;
    for (let i = 0; i < 5000; i++) {
      let s = '';
      const len = 1 + (i % 40);
      for (let j = 0; j < len; j++) s += pieces[next()];
      expect(countWords(s), JSON.stringify(s)).toBe(byPattern(s));
    }
  });
});

describe.runIf(needShared('word counts over the real documents'))('countWords on ../shared', () => {
  it('agrees with the pattern on every text, Markdown and HTML file of ../shared', () => {
    const files = readdirSync(shared(), { recursive: true })
      .map(String)
      .filter((f) => /\.(txt|md|html?)$/i.test(f))
      .sort();
    expect(files.length).toBeGreaterThan(10);
    let total = 0;
    for (const f of files) {
      const text = readFileSync(join(shared(), f), 'utf8');
      const n = byPattern(text);
      expect(countWords(text), f).toBe(n);
      total += n;
    }
    expect(total).toBeGreaterThan(50_000);
  });
});
