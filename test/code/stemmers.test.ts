import { describe, expect, it } from 'vitest';
import { stemmerFor, stemmerKey } from '../../src/code/stemmers.ts';

describe('stemmers', () => {
  it.each([
    ['en', ['transparency', 'transparent'], true],
    ['en', ['disclose', 'disclosed', 'discloses'], true],
    ['en', ['disclose', 'disclosure'], false], // Porter: disclosur; anchor examples catch such gaps
    ['uk', ['прозорого', 'прозорий'], true],
    ['ru', ['прозрачный', 'прозрачная', 'прозрачного'], true],
    ['uk', ['прозорість', 'прозорості'], false], // natural's uk stemmer: use a glob (прозор*)
    ['es', ['transparencia', 'transparencias'], true],
    ['en', ['art', 'article'], false],
  ])('%s: %j share a stem: %s', (lang, words, same) => {
    const stem = stemmerFor(stemmerKey(lang));
    const stems = new Set(words.map(stem));
    expect(stems.size === 1).toBe(same);
  });
  it('languages without a stemmer match the exact form', () => {
    expect(stemmerKey('zh')).toBe('exact');
    expect(stemmerFor('exact')('数据')).toBe('数据');
  });
});
