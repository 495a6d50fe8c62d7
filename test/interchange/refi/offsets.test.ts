import { describe, expect, it } from 'vitest';
import { RefiError } from '../../../src/interchange/refi/errors.ts';
import { codePointIndex } from '../../../src/interchange/refi/offsets.ts';

// The oracle: JavaScript's own code point iteration.
const cp = (text: string, u: number): number => Array.from(text.slice(0, u)).length;

describe('codePointIndex', () => {
  const cases: Array<[string, string]> = [
    ['empty', ''],
    ['ASCII only (identity)', 'plain text, no surrogates'],
    ['emoji first', '🙂 transparency'],
    ['math letters in a row', '𝔘𝔫𝔦𝔱𝔢𝔡 accountability 𝔁'],
    ['flag and skin tone', 'a🇺🇦b👍🏽c'],
    ['BMP non-ASCII (Cyrillic, CJK) counts 1:1', 'прозорість 透明 é'],
    ['only surrogate pairs', '😀😀😀'],
    ['lone surrogates count as one character each', 'a\uD800b\uDC00c'],
  ];
  it.each(cases)('%s: both directions agree with Array.from at every boundary', (_name, text) => {
    const index = codePointIndex(text);
    expect(index.length).toBe(Array.from(text).length);
    for (let u = 0; u <= text.length; u++) {
      const isInsidePair = u > 0 && u < text.length && /[\uD800-\uDBFF]/.test(text[u - 1]!) && /[\uDC00-\uDFFF]/.test(text[u]!);
      if (isInsidePair) continue;
      expect(index.toCodePoint(u), `u=${u}`).toBe(cp(text, u));
      expect(index.toUtf16(index.toCodePoint(u)), `u=${u}`).toBe(u);
    }
  });

  it('refuses an offset inside a surrogate pair instead of shifting it', () => {
    expect(() => codePointIndex('a🙂b').toCodePoint(2)).toThrow(RefiError);
    expect(() => codePointIndex('a🙂b').toCodePoint(2)).toThrow(/inside a surrogate pair/);
  });

  it.each([
    ['negative', -1],
    ['past the end', 5],
    ['fractional', 1.5],
  ])('refuses a %s offset in both directions', (_name, n) => {
    const index = codePointIndex('a🙂b'); // 4 UTF-16 units, 3 code points
    expect(() => index.toCodePoint(n)).toThrow(RefiError);
    expect(() => index.toUtf16(n === 5 ? 4 : n)).toThrow(RefiError);
  });
});
