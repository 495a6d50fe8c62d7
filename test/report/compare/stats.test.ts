import { describe, expect, it } from 'vitest';
import { chiSquareCdf, chiSquareSf, chiSquareTest, logGamma, nearestRank, regularizedGammaP, regularizedGammaQ } from '../../../src/report/compare/stats.ts';

describe('log-gamma and the regularized incomplete gamma function', () => {
  it.each([
    [0.5, Math.log(Math.sqrt(Math.PI))],
    [1, 0],
    [10, Math.log(362880)],
    [100, 359.1342053695754], // ln 99!
  ])('ln Γ(%d)', (x, want) => expect(logGamma(x)).toBeCloseTo(want, 11));

  it.each([
    // P(1, x) = 1 − e^−x; P(1/2, x) = erf(√x): erf(1) = 0.8427007929497149
    [1, 2, 1 - Math.exp(-2)],
    [1, 0.1, 1 - Math.exp(-0.1)],
    [0.5, 1, 0.8427007929497149],
    [3, 30, 1 - Math.exp(-30) * (1 + 30 + 450)],
  ])('P(%d, %d)', (a, x, want) => {
    expect(regularizedGammaP(a, x)).toBeCloseTo(want, 12);
    expect(regularizedGammaQ(a, x)).toBeCloseTo(1 - want, 12);
  });

  it('keeps the digits of a tiny upper tail (Q computed directly, not 1 − P)', () => {
    // Q(1, 50) = e^−50 ≈ 1.9e−22: 1 − P would give 0.
    expect(regularizedGammaQ(1, 50) / Math.exp(-50)).toBeCloseTo(1, 10);
  });

  it('refuses arguments outside the domain', () => {
    expect(() => regularizedGammaP(0, 1)).toThrow(/expected a finite number > 0/);
    expect(() => regularizedGammaP(1, -1)).toThrow(/expected a number >= 0/);
  });
});

describe('chi-square distribution against printed critical values', () => {
  it.each([
    // x, df, upper-tail p (tables of the chi-square distribution, e.g. NIST/SEMATECH e-Handbook 1.3.6.7.4)
    [3.841458820694124, 1, 0.05],
    [6.634896601021214, 1, 0.01],
    [10.827566170662733, 1, 0.001],
    [5.991464547107979, 2, 0.05],
    [9.21034037197618, 2, 0.01],
    [11.070497693516351, 5, 0.05],
    [23.209251158954356, 10, 0.01],
    [43.77297182574219, 30, 0.05],
  ])('χ² = %d with %d df → p = %d', (x, df, p) => {
    expect(chiSquareSf(x, df)).toBeCloseTo(p, 12);
    expect(chiSquareCdf(x, df)).toBeCloseTo(1 - p, 12);
  });

  it('has p = 1 at zero and p = e^(−x/2) for 2 df', () => {
    expect(chiSquareSf(0, 3)).toBe(1);
    expect(chiSquareSf(7.3, 2)).toBeCloseTo(Math.exp(-3.65), 14);
  });
});

describe('Pearson chi-square test of independence', () => {
  it('reproduces the textbook 2 × 3 table (Agresti 2007, Tables 2.5–2.6: gender × party identification)', () => {
    // Females: Democrat 762, Independent 327, Republican 468; males: 484, 239, 477.
    // Published: X² = 30.07, df = 2, P < 0.001; adjusted residuals (females) 4.50, 0.70, −5.32.
    const r = chiSquareTest([
      [762, 327, 468],
      [484, 239, 477],
    ]);
    expect(r.statistic).toBeCloseTo(30.07, 2);
    expect(r.df).toBe(2);
    expect(r.p).toBeCloseTo(Math.exp(-r.statistic! / 2), 15); // 2 df: exact
    expect(r.p).toBeCloseTo(2.954e-7, 9);
    expect(r.expected[0]![0]).toBeCloseTo(703.67, 2);
    expect(r.adjustedResiduals[0]!.map((x) => Number(x!.toFixed(2)))).toEqual([4.5, 0.7, -5.32]);
    expect(r.adjustedResiduals[1]!.map((x) => Number(x!.toFixed(2)))).toEqual([-4.5, -0.7, 5.32]);
    expect(r.smallExpected).toBe(false);
  });

  it('flags expected counts below 5 (Cochran) instead of hiding the test', () => {
    const r = chiSquareTest([
      [2, 1, 0],
      [3, 4, 2],
    ]);
    expect(r.statistic).toBeCloseTo(4 / 3, 12);
    expect(r.p).toBeCloseTo(Math.exp(-2 / 3), 12);
    expect(r.expected).toEqual([
      [1.25, 1.25, 0.5],
      [3.75, 3.75, 1.5],
    ]);
    expect(r.adjustedResiduals[0]![0]).toBeCloseTo(0.75 / Math.sqrt(1.25 * 0.75 * (7 / 12)), 12);
    expect({ below: r.cellsBelow5, cells: r.cells, min: r.minExpected, flag: r.smallExpected }).toEqual({ below: 6, cells: 6, min: 0.5, flag: true });
  });

  it('leaves out an empty column and says why a test cannot be computed', () => {
    const r = chiSquareTest([
      [1, 0, 3],
      [4, 0, 2],
    ]);
    expect(r.droppedColumns).toEqual([1]);
    expect(r.df).toBe(1);
    expect(r.expected[0]![1]).toBeNull();
    expect(chiSquareTest([[0, 0], [5, 6]]).problem).toBe('only one row has observations (nothing to compare)');
    expect(chiSquareTest([[0, 0], [0, 0]]).problem).toBe('no observations');
    expect(chiSquareTest([[3], [4]]).statistic).toBeNull();
  });
});

describe('nearest-rank percentile', () => {
  it('returns a value of the sample', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect([nearestRank(xs, 0.025), nearestRank(xs, 0.5), nearestRank(xs, 0.975)]).toEqual([1, 5, 10]);
    expect(nearestRank([], 0.5)).toBeNull();
  });
});
