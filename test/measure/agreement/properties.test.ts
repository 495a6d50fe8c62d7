// Properties every statistic must have, over random matrices from a seeded generator: perfect
// agreement gives 1 (or undefined with the reason when there is no variation), permuting coders or
// units changes nothing, and no output is ever NaN or ±Infinity.
import { describe, expect, it } from 'vitest';
import { agreementReport, LEVELS, mulberry32, reportRows, type Cell, type ReliabilityMatrix } from '../../../src/measure/agreement/index.ts';

function randomMatrix(seed: number, coders: number, units: number, categories: number, missing: number): ReliabilityMatrix {
  const r = mulberry32(seed);
  const matrix: Cell[][] = Array.from({ length: coders }, () =>
    Array.from({ length: units }, () => (r() < missing ? null : 1 + Math.floor(r() * categories))),
  );
  return { coders: matrix.map((_, i) => `c${i}`), units: Array.from({ length: units }, (_, i) => `u${i}`), matrix };
}

function shuffle<T>(xs: T[], seed: number): number[] {
  const r = mulberry32(seed);
  const idx = xs.map((_, i) => i);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx;
}

/** Paths of every number in a structure that is NaN or ±Infinity. */
function nonFinite(x: unknown, path = '$'): string[] {
  if (typeof x === 'number') return Number.isFinite(x) ? [] : [path];
  if (Array.isArray(x)) return x.flatMap((v, i) => nonFinite(v, `${path}[${i}]`));
  if (x && typeof x === 'object') return Object.entries(x).flatMap(([k, v]) => nonFinite(v, `${path}.${k}`));
  return [];
}

const values = (m: ReliabilityMatrix) =>
  reportRows(agreementReport(m, { levels: [...LEVELS] })).map(([name, variant, value]) => ({ name: `${name} ${variant}`, value }));

describe('agreement properties', () => {
  it('perfect agreement with variation gives 1 for every statistic', () => {
    const m: ReliabilityMatrix = { coders: ['a', 'b', 'c'], units: ['1', '2', '3', '4'], matrix: [[1, 2, 3, 2], [1, 2, 3, 2], [1, 2, 3, 2]] };
    for (const { name, value } of values(m)) {
      if (name.startsWith('cohen') || name.startsWith('scott')) continue; // three coders: see next test
      expect(value, name).toBe(1);
    }
    const two: ReliabilityMatrix = { ...m, coders: ['a', 'b'], matrix: m.matrix.slice(0, 2) };
    for (const { name, value } of values(two)) expect(value, name).toBe(1);
  });

  it('perfect agreement without variation: percent agreement 1, the chance-corrected ones undefined with the reason', () => {
    const report = agreementReport({ coders: ['a', 'b'], units: ['1', '2'], matrix: [['x', 'x'], ['x', 'x']] }, { levels: ['nominal'] });
    expect(report.percentAgreement.allAgree.value).toBe(1);
    for (const s of [report.cohenKappa, report.scottPi, report.fleissKappa, report.alpha[0]]) {
      expect(s.value, s.statistic).toBeNull();
      expect(s.undefinedReason, s.statistic).toMatch(/0\/0/);
    }
  });

  it('three coders: Cohen and Scott are undefined and point to the pairwise table', () => {
    const report = agreementReport(randomMatrix(3, 3, 10, 3, 0));
    expect(report.cohenKappa.value).toBeNull();
    expect(report.cohenKappa.undefinedReason).toMatch(/exactly two coders, found 3/);
    expect(report.pairwise.map((p) => `${p.coderA}-${p.coderB}`)).toEqual(['c0-c1', 'c0-c2', 'c1-c2']);
  });

  for (let seed = 1; seed <= 20; seed++) {
    const coders = 2 + (seed % 4);
    const m = randomMatrix(seed, coders, 5 + seed * 3, 2 + (seed % 4), seed % 3 === 0 ? 0 : 0.25);
    it(`seed ${seed}: permuting coders and units changes nothing; all values finite or null`, () => {
      const base = values(m);
      for (const { name, value } of base) {
        if (value !== null) {
          expect(Number.isFinite(value), name).toBe(true);
          expect(value, name).toBeLessThanOrEqual(1);
        }
      }
      const cp = shuffle(m.coders, seed + 100);
      const up = shuffle(m.units, seed + 200);
      const permuted: ReliabilityMatrix = {
        coders: cp.map((i) => m.coders[i]),
        units: up.map((j) => m.units[j]),
        matrix: cp.map((i) => up.map((j) => m.matrix[i][j])),
      };
      const after = values(permuted);
      base.forEach(({ name, value }, k) => {
        if (name.startsWith('cohen') || name.startsWith('scott')) {
          // Two coders swapped: kappa and pi are symmetric in the two.
          if (coders !== 2) return;
        }
        if (value === null) expect(after[k].value, name).toBeNull();
        else expect(after[k].value, name).toBeCloseTo(value, 12);
      });
      // No NaN or Infinity anywhere in the report (JSON.stringify would hide them as null).
      expect(nonFinite(agreementReport(m, { levels: [...LEVELS], bootstrapSamples: 50 }))).toEqual([]);
    });
  }
});
