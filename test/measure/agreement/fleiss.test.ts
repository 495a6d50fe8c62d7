import { describe, expect, it } from 'vitest';
import { fleissFromCounts, fleissKappa, reliabilityMatrix } from '../../../src/measure/agreement/index.ts';

describe('fleissKappa', () => {
  it('keeps the most common number of ratings per unit and counts the units dropped', () => {
    // Units 1–3 have 3 ratings, unit 4 has 2, unit 5 has 1.
    const m = reliabilityMatrix([
      ['a', 'a', 'b', 'a', 'b'],
      ['a', 'b', 'b', 'a', null],
      ['a', 'b', 'b', null, null],
    ]);
    const r = fleissKappa(m);
    expect(r.ratingsPerUnit).toBe(3);
    expect(r.units).toBe(3);
    expect(r.unitsDropped).toBe(2);
    // P_i: 1, 1/3, 1 → P̄ = 7/9; p_a = 4/9, p_b = 5/9 → P_e = 41/81; kappa = (63/81 − 41/81)/(40/81) = 22/40
    expect(r.pBar).toBeCloseTo(7 / 9, 15);
    expect(r.pE).toBeCloseTo(41 / 81, 15);
    expect(r.value).toBeCloseTo(0.55, 14);
    expect(r.categories).toEqual([{ value: 'a', proportion: 4 / 9 }, { value: 'b', proportion: 5 / 9 }]);
  });

  it('takes an explicit number of ratings per unit', () => {
    const m = reliabilityMatrix([['a', 'a', 'b', 'a', 'b'], ['a', 'b', 'b', 'a', null], ['a', 'b', 'b', null, null]]);
    const r = fleissKappa(m, { ratingsPerUnit: 2 });
    expect(r.units).toBe(1);
    expect(r.value).toBeNull();
    expect(r.undefinedReason).toMatch(/P_e = 1/);
  });

  it('breaks a tie between counts towards the larger number', () => {
    const m = reliabilityMatrix([[1, 1], [1, 2], [2, null]]);
    expect(fleissKappa(m).ratingsPerUnit).toBe(3);
  });

  it('the count-table core refuses unequal rows as misuse', () => {
    expect(() => fleissFromCounts([[1, 1], [2, 1]])).toThrow(/Unexpected 3 ratings for unit 2, expected 2/);
  });
});
