// Character classes of the segment scanners, ASCII and Cyrillic fast paths against the regex
// fallback.
import { describe, expect, it } from 'vitest';
import { isCjkTerminal, isCloser, isLetter, isLower, isOpener, isSpace, isSpacedTerminal, isUpper } from '../../src/segment/chars.ts';

const code = (ch: string) => ch.charCodeAt(0);

describe('segment character classes', () => {
  it.each([
    ['a', { lower: true, upper: false, letter: true }],
    ['Z', { lower: false, upper: true, letter: true }],
    ['і', { lower: true, upper: false, letter: true }], // Ukrainian і (U+0456)
    ['Є', { lower: false, upper: true, letter: true }], // U+0404
    ['ґ', { lower: true, upper: false, letter: true }], // U+0491, outside the fast path
    ['Ґ', { lower: false, upper: true, letter: true }],
    ['é', { lower: true, upper: false, letter: true }],
    ['中', { lower: false, upper: false, letter: true }],
    ['ب', { lower: false, upper: false, letter: true }],
    ['5', { lower: false, upper: false, letter: false }],
    ['’', { lower: false, upper: false, letter: false }],
  ])('%s', (ch, want) => {
    expect({ lower: isLower(code(ch)), upper: isUpper(code(ch)), letter: isLetter(code(ch)) }).toEqual(want);
  });

  it('knows whitespace beyond ASCII and nothing else', () => {
    for (const ch of [' ', '\t', '\n', '\r', '\f', '\v', '\u0085', '\u00a0', '\u2003', '\u2028', '\u2029', '\u202f', '\u3000', '\ufeff']) {
      expect(isSpace(code(ch)), JSON.stringify(ch)).toBe(true);
    }
    for (const ch of ['a', '.', '\u200b', '_', '\u00ad']) expect(isSpace(code(ch)), JSON.stringify(ch)).toBe(false);
  });

  it('tells spaced terminals, CJK terminals, closers and openers apart', () => {
    expect([...'.!?…؟।॥'].every((ch) => isSpacedTerminal(code(ch)))).toBe(true);
    expect([...'。！？'].every((ch) => isCjkTerminal(code(ch)) && !isSpacedTerminal(code(ch)))).toBe(true);
    expect([...',;:'].some((ch) => isSpacedTerminal(code(ch)))).toBe(false);
    expect([...'")]’”»」'].every((ch) => isCloser(code(ch)))).toBe(true);
    expect([...'([“‘«「'].every((ch) => isOpener(code(ch)) && !isCloser(code(ch)))).toBe(true);
  });
});
