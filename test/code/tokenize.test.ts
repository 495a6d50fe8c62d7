import { describe, expect, it } from 'vitest';
import { normalizeForm, patternWords, tokenize } from '../../src/code/tokenize.ts';

describe('tokenize', () => {
  it('splits on anything but letters, digits and marks, with absolute offsets', () => {
    const text = 'xx AI-generated, state’s G7 (2024) прозорість!';
    const w = tokenize(text, 3, text.length);
    expect(w.raw).toEqual(['AI', 'generated', 'state', 's', 'G7', '2024', 'прозорість']);
    expect(w.raw.map((_, i) => text.slice(w.starts[i], w.ends[i]))).toEqual(w.raw);
  });
  it('keeps combining marks inside a word (NFD text)', () => {
    expect(tokenize('cafe\u0301 ok').raw).toEqual(['cafe\u0301', 'ok']);
  });
});

describe('normalizeForm', () => {
  it.each([
    ['transparency', 'transparency'],
    ['Transparency', 'transparency'],
    ['ПРОЗОРІСТЬ', 'прозорість'],
    ['cafe\u0301', 'caf\u00e9'],
  ])('%s → %s', (raw, want) => {
    expect(normalizeForm(raw)).toBe(want);
  });
});

describe('patternWords', () => {
  it('splits like the text and keeps wildcards', () => {
    expect(patternWords('AI-gen* Зв?т')).toEqual(['ai', 'gen*', 'зв?т']);
  });
});
