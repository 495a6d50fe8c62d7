import { describe, expect, it } from 'vitest';
import { describe as describeValue, didYouMean, formatPath } from '../../src/codebook/explain.ts';

describe('describe', () => {
  it.each([
    [undefined, 'nothing (the key is missing)'],
    [null, 'an empty value'],
    ['five', '"five"'],
    [5, '5'],
    [false, 'false'],
    [[], 'an empty list'],
    [[1, 2], 'a list of 2'],
    [{ a: 1 }, 'a mapping'],
    ['x'.repeat(100), JSON.stringify('x'.repeat(57) + '...')],
  ])('%j → %s', (value, want) => {
    expect(describeValue(value)).toBe(want);
  });
});

describe('didYouMean', () => {
  const keys = ['definition', 'examples', 'counterexamples', 'include', 'exclude'];
  it.each([
    ['defintion', 'definition'],
    ['exampels', 'examples'],
    ['Include', 'include'],
    ['colour', null],
  ])('%s → %s', (word, want) => {
    expect(didYouMean(word, keys)).toBe(want);
  });
  it('a swap of neighbours is one edit (trem → term)', () => {
    expect(didYouMean('trem', ['glob', 'term', 'near'])).toBe('term');
  });
});

describe('formatPath', () => {
  it('writes indexes in brackets and keys with dots', () => {
    expect(formatPath(['codes', 3, 'rules', 0, 'within'])).toBe('codes[3].rules[0].within');
    expect(formatPath([])).toBe('');
  });
});
