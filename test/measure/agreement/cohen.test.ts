import { describe, expect, it } from 'vitest';
import { cohenKappa, pairwiseTable, reliabilityMatrix, scottPi } from '../../../src/measure/agreement/index.ts';

describe('cohenKappa', () => {
  it('drops units one coder did not code and says how many', () => {
    // a: x y x y  x ; b: x y y – –; third column disagrees; last two coded by one only / by neither.
    const m = reliabilityMatrix([
      ['x', 'y', 'x', 'y', null],
      ['x', 'y', 'y', null, null],
    ], ['a', 'b']);
    const r = cohenKappa(m);
    expect(r.units).toBe(3);
    expect(r.unitsDropped).toBe(2);
    expect(r.unitsCodedByOneOnly).toBe(1);
    expect(r.pair).toEqual(['a', 'b']);
    // po = 2/3; a: x 2/3, y 1/3; b: x 1/3, y 2/3; pe = 2/9 + 2/9 = 4/9; kappa = (2/3 − 4/9)/(5/9) = 2/5
    expect(r.observedAgreement).toBeCloseTo(2 / 3, 15);
    expect(r.expectedAgreement).toBeCloseTo(4 / 9, 15);
    expect(r.value).toBeCloseTo(0.4, 15);
  });

  it('is defined (0) when one coder used one category and the other two', () => {
    const r = cohenKappa(reliabilityMatrix([[1, 1, 1, 1], [1, 0, 1, 0]]));
    expect(r.value).toBe(0);
  });

  it('is undefined with no shared unit', () => {
    const r = cohenKappa(reliabilityMatrix([[1, null], [null, 1]]));
    expect(r.value).toBeNull();
    expect(r.undefinedReason).toMatch(/no unit coded by both/);
  });

  it('Scott pi uses the pooled marginals', () => {
    // Same data as the first test: pooled x 3/6, y 3/6, pe = 1/2, pi = (2/3 − 1/2)/(1/2) = 1/3 (NLTK's 0.333 in case E4).
    const m = reliabilityMatrix([['x', 'y', 'x'], ['x', 'y', 'y']]);
    expect(scottPi(m).value).toBeCloseTo(1 / 3, 15);
  });

  it('chooses a pair by name among more coders; unknown names are misuse', () => {
    const m = reliabilityMatrix([[1, 2, 1], [1, 2, 2], [1, 2, 1]], ['a', 'b', 'c']);
    expect(cohenKappa(m, ['a', 'c']).value).toBe(1);
    expect(() => cohenKappa(m, ['a', 'z'])).toThrow(/Unexpected coder `z`/);
  });
});

describe('pairwiseTable', () => {
  it('gives kappa and percent agreement per pair over the units both coded', () => {
    const m = reliabilityMatrix([
      [1, 0, 1, null],
      [1, 0, 0, 1],
      [null, 0, 1, 1],
    ], ['a', 'b', 'c']);
    const rows = pairwiseTable(m);
    expect(rows.map((r) => [r.coderA, r.coderB, r.units, r.percentAgreement])).toEqual([
      ['a', 'b', 3, 2 / 3],
      ['a', 'c', 2, 1],
      ['b', 'c', 3, 2 / 3],
    ]);
    expect(rows[1].cohenKappa.value).toBe(1);
  });
});
