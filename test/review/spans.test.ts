import { describe, expect, it } from 'vitest';
import { checkSpans } from '../../src/review/spans.ts';

describe('checkSpans', () => {
  const unit = { start: 10, end: 20 };
  it.each([
    [[[12, 15]], [[12, 15]]],
    [[[16, 18], [10, 12]], [[10, 12], [16, 18]]],
  ])('accepts and sorts %j', (spans, want) => {
    expect(checkSpans(spans, unit)).toEqual(want);
  });

  it.each([
    [[], /non-empty array/],
    [[[15, 15]], /start < end/],
    [[[9, 12]], /outside unit \[10,20\)/],
    [[[12, 15], [14, 16]], /overlapping/],
  ])('refuses %j', (spans, error) => {
    expect(() => checkSpans(spans, unit)).toThrow(error);
  });

  it('refuses an end inside a surrogate pair (regression: a coder could cut an emoji in half)', () => {
    const text = '😀😀 transparency'; // the unit's text; offsets are document offsets from 100
    const u = { start: 100, end: 100 + text.length, text };
    expect(() => checkSpans([[101, 103]], u)).toThrow(/splits a character at 101/);
    expect(() => checkSpans([[100, 103]], u)).toThrow(/splits a character at 103/);
    expect(checkSpans([[100, 104]], u)).toEqual([[100, 104]]);
  });
});
