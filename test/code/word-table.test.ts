// The word table: exact lookups of words inside a text (never a hash match alone), words kept
// inline in their slot and in the pool, growth and start-over.
import { describe, expect, it } from 'vitest';
import { HASH_PRIME, HASH_SEED, WordTable, hashFinish } from '../../src/code/word-table.ts';

function hashOf(text: string, start = 0, end = text.length): number {
  let h = HASH_SEED;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), HASH_PRIME);
  return hashFinish(h);
}

describe('find and add', () => {
  it.each([
    ['one code unit', 'a'],
    ['inline, even length', 'abcdefgh'],
    ['inline, odd length', 'transpare'],
    ['the longest inline word', 'abcdefghij'],
    ['pooled', 'transparency'],
    ['code units with the top bit set (packed into negative ints)', '\uffff\u8000\uabcd'],
    ['a surrogate pair', '\u{1D400}\u{1D401}x'],
    ['Cyrillic', 'прозорість'],
  ])('%s', (_name, word) => {
    const t = new WordTable(1000, 1 << 20);
    const text = `<${word}>`;
    const h = hashOf(text, 1, 1 + word.length);
    expect(t.find(text, 1, 1 + word.length, h)).toBe(-1);
    expect(t.add(text, 1, 1 + word.length, h, 2)).toBe(0);
    expect(t.find(text, 1, 1 + word.length, h)).toBe(0);
    expect(t.tag).toBe(2);
    // the same word in another string, at another offset
    expect(t.find(`xy${word}`, 2, 2 + word.length, h)).toBe(0);
  });

  it('a hash match alone is not a hit: words with the same hash and length stay apart', () => {
    const t = new WordTable(1000, 1 << 20);
    const words = ['ab', 'ba', 'ac', 'abcdefghijkl', 'abcdefghijkm', 'x\u8000', 'x\u8001'];
    const H = 12345; // every word forced onto the same hash
    words.forEach((w, i) => {
      expect(t.find(w, 0, w.length, H)).toBe(-1);
      expect(t.add(w, 0, w.length, H, i & 3)).toBe(i);
    });
    words.forEach((w, i) => {
      expect(t.find(w, 0, w.length, H)).toBe(i);
      expect(t.tag).toBe(i & 3);
    });
    expect(t.find('ca', 0, 2, H)).toBe(-1);
    expect(t.find('abcdefghijkn', 0, 12, H)).toBe(-1);
    expect(t.find('a', 0, 1, H)).toBe(-1); // a prefix of a kept word
  });

  it('keeps every word while it grows (20 000 words from 4 096 slots)', () => {
    const t = new WordTable(1_000_000, 1 << 24);
    const words = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}${i % 7 === 0 ? 'longerthanten' : ''}`);
    words.forEach((w, i) => expect(t.add(w, 0, w.length, hashOf(w), i % 4)).toBe(i));
    const wrong = words.filter((w, i) => t.find(w, 0, w.length, hashOf(w)) !== i);
    expect(wrong).toEqual([]);
    expect(t.generation).toBe(0);
  });

  it('starts over past its entry limit, and ids restart from 0', () => {
    const t = new WordTable(100, 1 << 20, 16);
    for (let i = 0; i < 300; i++) {
      const w = `q${i}`;
      if (t.find(w, 0, w.length, hashOf(w)) < 0) t.add(w, 0, w.length, hashOf(w), 1);
    }
    expect(t.generation).toBeGreaterThan(0);
    expect(t.size).toBeLessThan(128); // it starts over at the first growth past 100 entries
    expect(t.find('q299', 0, 4, hashOf('q299'))).toBe(t.size - 1);
    expect(t.find('q0', 0, 2, hashOf('q0'))).toBe(-1);
  });

  it('starts over past its pool limit, and refuses a word too long to keep', () => {
    const t = new WordTable(1000, 1 << 10);
    const long = (i: number) => `${'x'.repeat(40)}${i}`;
    for (let i = 0; i < 40; i++) t.add(long(i), 0, long(i).length, hashOf(long(i)), 0);
    expect(t.generation).toBeGreaterThan(0);
    expect(t.find(long(39), 0, long(39).length, hashOf(long(39)))).toBe(t.size - 1);
    const huge = 'y'.repeat(100); // more than a sixteenth of the pool limit
    expect(t.add(huge, 0, huge.length, hashOf(huge), 0)).toBe(-1);
    expect(t.find(huge, 0, huge.length, hashOf(huge))).toBe(-1);
  });

  it('refuses a tag that does not fit beside the length', () => {
    expect(() => new WordTable(10, 1 << 10).add('a', 0, 1, 1, 4)).toThrow(/Unexpected tag 4, expected 0..3/);
  });
});
