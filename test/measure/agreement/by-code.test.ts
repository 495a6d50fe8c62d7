import { describe, expect, it } from 'vitest';
import { agreementByCode, type Decision } from '../../../src/measure/agreement/index.ts';

const decisions: Decision[] = [
  { unit: 'u1', coder: 'ann', codes: ['ECON', 'SEC'] },
  { unit: 'u1', coder: 'bob', codes: ['ECON'] },
  { unit: 'u2', coder: 'ann', codes: [] },
  { unit: 'u2', coder: 'bob', codes: ['SEC'] },
  { unit: 'u3', coder: 'ann', codes: ['ECON'] },
  { unit: 'u3', coder: 'bob', codes: null }, // bob never coded u3: missing, not "without ECON"
  { unit: 'u4', coder: 'ann', codes: [] },
  { unit: 'u4', coder: 'bob', codes: [] },
];

describe('agreementByCode', () => {
  const byCode = new Map(agreementByCode(decisions, { codes: ['UNUSED'] }).map((c) => [c.code, c]));

  it('lists every code used, plus the requested ones, sorted', () => {
    expect([...byCode.keys()]).toEqual(['ECON', 'SEC', 'UNUSED']);
  });

  it('keeps "did not code the unit" apart from "coded, without this code"', () => {
    const econ = byCode.get('ECON')!;
    expect(econ).toMatchObject({ units: 4, coders: 2, withCode: 3, withoutCode: 4, missing: 1 });
    // ECON: u1 1/1, u2 0/0, u3 1/–, u4 0/0 → u3 dropped; 3 units, all agree.
    expect(econ.cohenKappa).toMatchObject({ units: 3, unitsDropped: 1, unitsCodedByOneOnly: 1, value: 1 });
    expect(econ.alpha).toMatchObject({ units: 3, unitsDropped: 1, value: 1 });
    expect(econ.percentAgreement.allAgree.value).toBe(1);
  });

  it('computes the statistics on the binary matrix', () => {
    const sec = byCode.get('SEC')!;
    // SEC: u1 1/0, u2 0/1, u4 0/0 → po = 1/3; ann 1/3 yes, bob 1/3 yes → pe = 1/9 + 4/9 = 5/9;
    // kappa = (1/3 − 5/9)/(4/9) = −1/2
    expect(sec.cohenKappa.value).toBeCloseTo(-0.5, 15);
    expect(sec.pairwise).toHaveLength(1);
    expect(sec.pairwise[0]).toMatchObject({ coderA: 'ann', coderB: 'bob', units: 3, percentAgreement: 1 / 3 });
    // Same data through alpha: n = 6, o01 = o10 = 2, o00 = 2, o11 = 0; n0 = 4, n1 = 2 → 1 − 5·4/16 = −1/4
    expect(sec.alpha.value).toBeCloseTo(-0.25, 15);
  });

  it('a code nobody used is undefined with the reason (only one value, 0)', () => {
    const unused = byCode.get('UNUSED')!;
    expect(unused.withCode).toBe(0);
    expect(unused.alpha.value).toBeNull();
    expect(unused.alpha.undefinedReason).toMatch(/0\/0/);
    expect(unused.percentAgreement.allAgree.value).toBe(1);
  });

  it('refuses two decisions for one unit and coder: the input is the current state', () => {
    expect(() => agreementByCode([...decisions, { unit: 'u1', coder: 'ann', codes: [] }])).toThrow(/second decision for unit `u1` and coder `ann`/);
  });

  it('does not depend on the order of the decisions', () => {
    const reversed = agreementByCode([...decisions].reverse(), { codes: ['UNUSED'] });
    expect(reversed).toEqual([...byCode.values()]);
  });
});
