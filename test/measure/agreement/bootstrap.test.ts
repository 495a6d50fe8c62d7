import { describe, expect, it } from 'vitest';
import { alphaBootstrap, krippendorffAlpha, matrixFromUnitValues, mulberry32 } from '../../../src/measure/agreement/index.ts';

describe('alphaBootstrap', () => {
  const r = mulberry32(7);
  // 60 units, two coders who mostly agree on 3 categories.
  const units = Array.from({ length: 60 }, () => {
    const v = 1 + Math.floor(r() * 3);
    return [v, r() < 0.8 ? v : 1 + Math.floor(r() * 3)];
  });
  const m = matrixFromUnitValues(units);

  it('brackets the point estimate and is reproducible with the same seed', () => {
    const alpha = krippendorffAlpha(m).value!;
    const ci = alphaBootstrap(m, 'nominal', { samples: 500, seed: 3 });
    expect(ci.lower!).toBeLessThan(alpha);
    expect(ci.upper!).toBeGreaterThan(alpha);
    expect(ci.upper! - ci.lower!).toBeLessThan(0.5);
    expect(alphaBootstrap(m, 'nominal', { samples: 500, seed: 3 })).toEqual(ci);
    expect(alphaBootstrap(m, 'nominal', { samples: 500, seed: 4 }).lower).not.toBe(ci.lower);
  });

  it('counts resamples where alpha is undefined and says when there is nothing to resample', () => {
    const one = alphaBootstrap(matrixFromUnitValues([[1, 1], [2, 2]]), 'nominal', { samples: 200, seed: 1 });
    expect(one.undefinedSamples).toBeGreaterThan(0); // both draws of the same unit → one value → 0/0
    expect(one.lower).toBe(1);
    expect(alphaBootstrap(matrixFromUnitValues([[1]])).undefinedReason).toMatch(/no pairable units/);
  });
});
