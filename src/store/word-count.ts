// Words for rates per 1,000 words: a run of letters (with their combining marks) is one word;
// in scripts written without spaces (Han, Hiragana, Katakana) each character is one word, so
// a Chinese document is not counted as a handful of very long "words".
// Digits and punctuation are not words; "don't" counts as two.
const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}';
const WORD = new RegExp(`[${CJK}]|(?:(?![${CJK}])[\\p{L}\\p{M}])+`, 'gu');

export function countWords(text: string): number {
  let n = 0;
  WORD.lastIndex = 0;
  while (WORD.exec(text) !== null) n++;
  return n;
}
