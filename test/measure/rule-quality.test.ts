import { describe, expect, it } from 'vitest';
import { normalQuantile, ruleQuality, wilson, type RuleQualityRow } from '../../src/measure/rule-quality.ts';

describe('wilson', () => {
  it.each([
    // x, n, lower, upper — Wilson 95% (z = 1.959964), checked against the closed form by hand:
    // 8/10: centre (0.8 + 0.19208)/1.38415 = 0.71674, half 0.25082 … → [0.4902, 0.9433]
    [8, 10, 0.4901624, 0.9433178],
    [0, 10, 0, 0.2775328],
    [10, 10, 0.7224672, 1],
    [50, 100, 0.4038315, 0.5961685],
  ])('%i/%i', (x, n, lower, upper) => {
    const p = wilson(x, n);
    expect(p.value).toBe(x / n);
    expect(p.lower!).toBeCloseTo(lower, 6);
    expect(p.upper!).toBeCloseTo(upper, 6);
  });

  it('is undefined for 0/0, with the reason', () => {
    expect(wilson(0, 0)).toMatchObject({ value: null, lower: null, upper: null, undefinedReason: expect.stringMatching(/0\/0/) });
  });

  it('other confidence levels use the normal quantile', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.005)).toBeCloseTo(-2.575829304, 8);
    expect(wilson(8, 10, 0.99).lower!).toBeLessThan(wilson(8, 10).lower!);
  });
});

describe('ruleQuality', () => {
  const row = (unit: string, codeId: string, ruleId: string | null, suggested: boolean, accepted: boolean): RuleQualityRow => ({ unit, codeId, ruleId, suggested, accepted });
  const rows: RuleQualityRow[] = [
    // ECON: rule r1 suggests on u1, u2, u3 (u3 rejected); r2 suggests on u1 (accepted) and u4 (rejected).
    row('u1', 'ECON', 'r1', true, true),
    row('u1', 'ECON', 'r1', true, true), // a second match of r1 in u1: one suggestion
    row('u1', 'ECON', 'r2', true, true),
    row('u2', 'ECON', 'r1', true, true),
    row('u3', 'ECON', 'r1', true, false),
    row('u4', 'ECON', 'r2', true, false),
    // coders added ECON on u5 and u6, which no rule tagged
    row('u5', 'ECON', null, false, true),
    row('u6', 'ECON', null, false, true),
    // SEC: only rejected suggestions, nothing coded
    row('u1', 'SEC', 'r9', true, false),
  ];
  const result = ruleQuality(rows);
  const econ = result.codes.find((c) => c.codeId === 'ECON')!;

  it('per code: precision over units suggested, recall over units coded', () => {
    // suggested on u1–u4, accepted on u1, u2 → 2/4; coded u1, u2, u5, u6 → recall 2/4
    expect(econ).toMatchObject({ suggested: 4, accepted: 2, coded: 4, addedByCoders: 2 });
    expect(econ.precision).toMatchObject({ value: 0.5, numerator: 2, denominator: 4 });
    expect(econ.recall).toMatchObject({ value: 0.5, numerator: 2, denominator: 4 });
    expect(econ.precision.lower!).toBeCloseTo(wilson(2, 4).lower!, 15);
  });

  it('per rule: its own suggestions, and the share of coded units it found', () => {
    expect(econ.rules.map((r) => [r.ruleId, r.suggested, r.accepted, r.precision.value, r.recall.value])).toEqual([
      ['r1', 3, 2, 2 / 3, 2 / 4],
      ['r2', 2, 1, 1 / 2, 1 / 4],
    ]);
  });

  it('recall is undefined (0/0) for a code nobody kept', () => {
    const sec = result.codes.find((c) => c.codeId === 'SEC')!;
    expect(sec.precision.value).toBe(0);
    expect(sec.recall.value).toBeNull();
    expect(sec.recall.undefinedReason).toMatch(/0\/0/);
    expect(sec.rules[0].recall.value).toBeNull();
  });

  it('counts units where suggestions of different rules were judged differently', () => {
    expect(result.inconsistentUnits).toBe(0);
    const mixed = ruleQuality([row('u1', 'ECON', 'r1', true, true), row('u1', 'ECON', 'r2', true, false)]);
    expect(mixed.inconsistentUnits).toBe(1);
    expect(mixed.codes[0]).toMatchObject({ suggested: 1, accepted: 1, coded: 1 });
    expect(mixed.codes[0].rules.map((r) => r.precision.value)).toEqual([1, 0]);
  });
});
