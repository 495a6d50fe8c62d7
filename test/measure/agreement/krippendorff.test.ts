import { describe, expect, it } from 'vitest';
import { krippendorffAlpha, matrixFromUnitValues, reliabilityMatrix, type Level } from '../../../src/measure/agreement/index.ts';

// Hand-computed: units {1,1}, {1,2}, {3,3}. Coincidences o11 = 2, o12 = o21 = 1, o33 = 2; n1 = 3,
// n2 = 1, n3 = 2, n = 6. alpha = 1 − (n − 1) Σ o δ² / Σ n_c n_k δ².
//   nominal:  Σoδ² = 2, Σnnδ² = 2(3·1 + 3·2 + 1·2) = 22               → 1 − 5·2/22 = 6/11
//   interval: δ²12 = 1, δ²13 = 4, δ²23 = 1; Σnnδ² = 2(3 + 24 + 2) = 58 → 1 − 10/58 = 24/29
//   ordinal:  δ12 = 3+1 − (3+1)/2 = 2, δ13 = 6 − 5/2 = 3.5, δ23 = 3 − 3/2 = 1.5;
//             Σoδ² = 2·4 = 8, Σnnδ² = 2(3·4 + 6·12.25 + 2·2.25) = 180    → 1 − 40/180 = 7/9
//   ratio:    δ²12 = (1/3)², δ²13 = (2/4)², δ²23 = (1/5)²; Σoδ² = 2/9,
//             Σnnδ² = 2(3/9 + 6/4 + 2/25) = 287/75                      → 1 − (10/9)(75/287) = 611/861
const HAND = matrixFromUnitValues([[1, 1], [1, 2], [3, 3]]);
const HAND_EXPECTED: Record<Level, number> = { nominal: 6 / 11, interval: 24 / 29, ordinal: 7 / 9, ratio: 611 / 861 };

describe('krippendorffAlpha', () => {
  for (const [level, want] of Object.entries(HAND_EXPECTED) as Array<[Level, number]>) {
    it(`hand-computed ${level} alpha on three units`, () => {
      const r = krippendorffAlpha(HAND, level);
      expect(r.value).toBeCloseTo(want, 12);
      expect(r.pairableValues).toBe(6);
      expect(r.units).toBe(3);
      expect(r.unitsDropped).toBe(0);
      // alpha = 1 − D_o / D_e
      expect(1 - r.observedDisagreement! / r.expectedDisagreement!).toBeCloseTo(want, 12);
    });
  }

  it('builds the coincidence matrix of the hand case', () => {
    const r = krippendorffAlpha(HAND, 'nominal');
    expect(r.values).toEqual([1, 2, 3]);
    expect(r.coincidence).toEqual([[2, 1, 0], [1, 0, 0], [0, 0, 2]]);
  });

  it('ordinal alpha with string categories follows the given order, not the alphabet', () => {
    const words = matrixFromUnitValues([['low', 'low'], ['low', 'mid'], ['high', 'high']]);
    expect(krippendorffAlpha(words, 'ordinal', { order: ['low', 'mid', 'high'] }).value).toBeCloseTo(7 / 9, 12);
  });

  it('ordinal alpha with strings and no order is undefined, with the reason', () => {
    const r = krippendorffAlpha(matrixFromUnitValues([['a', 'b'], ['b', 'b']]), 'ordinal');
    expect(r.value).toBeNull();
    expect(r.undefinedReason).toMatch(/order/);
  });

  it.each([
    ['interval', [['x', 1], [2, 2]], /non-numeric value `x`/],
    ['ratio', [[-1, 1], [2, 2]], /negative value `-1`/],
  ] as const)('%s alpha on unsuitable values is undefined with the reason', (level, units, reason) => {
    const r = krippendorffAlpha(matrixFromUnitValues(units.map((u) => [...u])), level);
    expect(r.value).toBeNull();
    expect(r.undefinedReason).toMatch(reason);
  });

  it('drops units with fewer than two values and never fills missing ones', () => {
    const m = reliabilityMatrix([
      [1, 1, 3, null, null],
      [1, 2, 3, 2, null],
    ]);
    const r = krippendorffAlpha(m, 'nominal');
    expect(r.units).toBe(3);
    expect(r.unitsDropped).toBe(2);
    expect(r.value).toBeCloseTo(6 / 11, 12);
  });

  it('is undefined when no unit has two values', () => {
    const r = krippendorffAlpha(reliabilityMatrix([[1, null], [null, 2]]), 'nominal');
    expect(r.value).toBeNull();
    expect(r.undefinedReason).toMatch(/no pairable values/);
    expect(r.pairableValues).toBe(0);
  });

  it('keeps 1 and "1" apart', () => {
    const r = krippendorffAlpha(reliabilityMatrix([[1, 'a'], ['1', 'a']]), 'nominal');
    expect(r.values).toEqual([1, '1', 'a']);
    expect(r.value).not.toBe(1);
  });

  it('refuses NaN and ragged input as API misuse', () => {
    expect(() => reliabilityMatrix([[1, Number.NaN]])).toThrow(/Unexpected value `NaN`/);
    expect(() => reliabilityMatrix([[1, 2], [1]])).toThrow(/Unexpected 1 cells/);
  });
});
