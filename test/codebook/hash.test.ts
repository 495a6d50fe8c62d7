import { describe, expect, it } from 'vitest';
import { canonicalJson, codebookVersion } from '../../src/codebook/index.ts';

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: [2, { d: null, c: 'x' }] }, '{"a":[2,{"c":"x","d":null}],"b":1}'],
    [{ a: undefined, b: 'é' }, '{"b":"é"}'],
    [[], '[]'],
    ['s', '"s"'],
  ])('%j → %s', (value, want) => {
    expect(canonicalJson(value)).toBe(want);
  });
});

describe('codebookVersion', () => {
  it('is 12 hex digits of sha256, independent of key order', () => {
    expect(codebookVersion({ a: 1, b: 2 })).toBe(codebookVersion({ b: 2, a: 1 }));
    // sha256('{"a":1,"b":2}') = 43258cff783fe7036d8a43033f830adfc60ec037382473548ac742b888292777
    expect(codebookVersion({ a: 1, b: 2 })).toBe('43258cff783f');
  });
});
