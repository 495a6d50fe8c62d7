import { describe, expect, it } from 'vitest';
import { parsePattern } from '../../src/codebook/patterns.ts';

const shape = (source: string) => {
  const p = parsePattern(source);
  return typeof p === 'string' ? p : p.elements.map((e) => `${e.kind}:${e.form}`);
};

describe('parsePattern', () => {
  it.each([
    ['transparency', ['word:transparency']],
    ['Model Card', ['word:model', 'word:card']],
    ['AI-generated', ['word:ai', 'word:generated']],
    ["state's", ['word:state', 'word:s']],
    ['прозор*', ['glob:прозор*']],
    ['cyber-*', ['word:cyber', 'glob:*']],
    ['  lack   of  ', ['word:lack', 'word:of']],
  ])('%s', (source, want) => {
    expect(shape(source)).toEqual(want);
  });

  it.each(['*', '?', '**', '* ?', '', '   ', '--', '!!'])('refuses %j', (source) => {
    expect(shape(source)).toMatch(/^expected a pattern with at least one (literal )?letter or digit/);
  });

  it('globs are anchored to the whole word, ? is one code point', () => {
    const p = parsePattern('звітн?сть');
    if (typeof p === 'string') throw new Error(p);
    const re = (p.elements[0] as { regex: RegExp }).regex;
    expect(['звітність', 'звітнсть', 'звітністьх'].map((w) => re.test(w))).toEqual([true, false, false]);
  });

  it('regex metacharacters in a glob are literal', () => {
    const p = parsePattern('a.b*');
    // "." separates words, so this is two elements; the glob part has no metacharacters left
    expect(typeof p === 'string' ? p : p.elements.map((e) => e.form)).toEqual(['a', 'b*']);
  });
});
