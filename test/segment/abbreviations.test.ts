// The abbreviation table: kinds, case handling, and the words that start sentences.
import { describe, expect, it } from 'vitest';
import { abbreviationKind, STARTERS } from '../../src/segment/abbreviations.ts';

describe('abbreviationKind', () => {
  it.each([
    ['Mr', 'never'],
    ['e.g', 'never'],
    ['i.e', 'never'],
    ['Cf', 'never'],
    ['напр', 'never'],
    ['див', 'never'],
    ['No', 'numeral'],
    ['Nos', 'numeral'],
    ['Art', 'numeral'],
    ['pp', 'numeral'],
    ['ст', 'numeral'],
    ['п', 'numeral'],
    ['etc', 'maybe'],
    ['Sept', 'maybe'],
    ['т.д', 'maybe'],
    ['т.п', 'maybe'],
    ['al', 'starter'],
    ['Inc', 'starter'],
    ['р', 'starter'],
    ['рр', 'starter'],
    ['policy', undefined],
    ['U.S', undefined], // dotted acronyms are recognised by shape, not listed
  ])('%s is %s', (word, kind) => {
    expect(abbreviationKind(word)).toBe(kind);
  });

  it('matches any letter case', () => {
    expect(abbreviationKind('DR')).toBe('never');
    expect(abbreviationKind('ETC')).toBe('maybe');
    expect(abbreviationKind('Див')).toBe('never');
  });

  it('lists capitalized sentence openers only', () => {
    for (const w of STARTERS) expect(w[0], w).toBe(w[0].toUpperCase());
    expect(STARTERS.has('The')).toBe(true);
    expect(STARTERS.has('Zeng')).toBe(false);
  });
});
