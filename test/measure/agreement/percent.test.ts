import { describe, expect, it } from 'vitest';
import { percentAgreement, reliabilityMatrix } from '../../../src/measure/agreement/index.ts';

describe('percentAgreement', () => {
  // Three coders: unit 1 all agree; unit 2 two of three (1 of 3 pairs); unit 3 has one value (dropped).
  const m = reliabilityMatrix([
    ['x', 'x', 'x'],
    ['x', 'x', null],
    ['x', 'y', null],
  ]);

  it('all_agree counts units where every coder agrees', () => {
    const r = percentAgreement(m, 'all_agree');
    expect(r).toMatchObject({ definition: 'all_agree', value: 0.5, units: 2, unitsDropped: 1, coders: 3 });
  });

  it('mean_pairwise averages the share of agreeing pairs per unit', () => {
    expect(percentAgreement(m, 'mean_pairwise').value).toBeCloseTo((1 + 1 / 3) / 2, 15);
  });

  it('is undefined when no unit has two values', () => {
    const r = percentAgreement(reliabilityMatrix([['x', null]]), 'all_agree');
    expect(r.value).toBeNull();
    expect(r.undefinedReason).toMatch(/0\/0/);
  });
});
