// Agreement and rule quality from the review log, on the hand-built fixture (test/review/fixture.ts):
// two coders review a queue with scripted decisions; the expected values are computed by hand below.
import { afterEach, describe, expect, it } from 'vitest';
import { ALL_CODES, reviewAgreement, reviewData, RULES_CODER } from '../../src/measure/from-reviews.ts';
import { adjudicate, assign, buildQueue, decide } from '../../src/review/index.ts';
import type { Store } from '../../src/store/index.ts';
import { reviewFixture, seg, V1 } from '../review/fixture.ts';

let store: Store;
afterEach(() => store?.close());

/** The scripted review. Security, unit by unit (ann, bob):
 *    a:s0 1 1 | a:s1 – 0 | b:s0 1 0 (ann added it) | c:s0 1 0 | c:s1 0 0 | d:s0 0 0 | e:s0 0 –
 *  and ann leaves d:s1 half done (unfinished: missing, not 0). */
function scripted() {
  const f = reviewFixture();
  store = f.store;
  const a0 = f.item('a', 's0'), a1 = f.item('a', 's1'), b0 = f.item('b', 's0'), c0 = f.item('c', 's0');
  const c1 = f.item('c', 's1'), d0 = f.item('d', 's0'), d1 = f.item('d', 's1'), e0 = f.item('e', 's0');
  const d = (item: number, coder: string, action: 'accept' | 'reject' | 'add' | 'done', code?: string) => decide(store, { item, coder, action, code });
  for (const c of ['ann', 'bob']) d(a0, c, 'accept', 'transparency'), d(a0, c, 'accept', 'security');
  d(a1, 'bob', 'accept', 'accountability');
  d(b0, 'ann', 'add', 'security'), d(b0, 'ann', 'done'), d(b0, 'bob', 'done');
  for (const c of ['ann', 'bob']) d(c0, c, 'accept', 'accountability');
  d(c0, 'ann', 'accept', 'security'), d(c0, 'bob', 'reject', 'security');
  for (const c of ['ann', 'bob']) d(c1, c, 'reject', 'security'), d(d0, c, 'done');
  d(e0, 'ann', 'done');
  d(d1, 'ann', 'accept', 'economic');
  // A memo alone is neither coding a unit nor unfinished work.
  decide(store, { item: f.item('a', 's2'), coder: 'cy', action: 'memo', memo: 'look again' });
  return f;
}

describe('reviewData', () => {
  it('keeps "did not finish the unit" (missing) apart from "finished without the code" (0)', () => {
    const f = scripted();
    const data = reviewData(store, { queue: f.queue });
    expect(data.coders).toEqual(['ann', 'bob']);
    expect(data.unfinished).toBe(1);
    const cells = Object.fromEntries(data.decisions.map((x) => [`${x.unit.slice(0, 1)}:${x.unit.slice(5)}/${x.coder}`, x.codes!.join(',')]));
    expect(cells).toEqual({
      'a:s0/ann': 'security,transparency', 'a:s0/bob': 'security,transparency', 'a:s1/bob': 'accountability',
      'b:s0/ann': 'security', 'b:s0/bob': '', 'c:s0/ann': 'accountability,security', 'c:s0/bob': 'accountability',
      'c:s1/ann': '', 'c:s1/bob': '', 'd:s0/ann': '', 'd:s0/bob': '', 'e:s0/ann': '',
    });
  });

  it('refuses a codebook version other than the queue\'s', () => {
    const f = scripted();
    expect(() => reviewData(store, { queue: f.queue, codebookVersion: 'v2bbbbbbbbbb' })).toThrow(/expected `v1aaaaaaaaaa`/);
  });
});

describe('reviewAgreement', () => {
  it('security: kappa 2/7, alpha 1/4, Fleiss 1/6 (computed by hand)', () => {
    const f = scripted();
    const r = reviewAgreement(store, { queue: f.queue });
    expect(r.units).toBe(7);
    expect(r.byCode.map((c) => c.code)).toEqual(['transparency', 'accountability', 'security', 'economic']);
    const sec = r.byCode.find((c) => c.code === 'security')!;
    // Both coded a:s0 b:s0 c:s0 c:s1 d:s0: ann 1 1 1 0 0, bob 1 0 0 0 0. po = 3/5.
    expect([sec.units, sec.coders, sec.withCode, sec.withoutCode, sec.missing]).toEqual([7, 2, 4, 8, 2]);
    expect(sec.percentAgreement.allAgree).toMatchObject({ value: 0.6, units: 5, unitsDropped: 2 });
    expect(sec.percentAgreement.meanPairwise.value).toBeCloseTo(0.6, 12);
    // pe = (3·1 + 2·4)/25 = 0.44; kappa = 0.16/0.56.
    expect(sec.cohenKappa.value).toBeCloseTo(2 / 7, 12);
    expect(sec.cohenKappa.unitsCodedByOneOnly).toBe(2);
    // 10 pairable values, n1 = 4, n0 = 6, o01 + o10 = 4: alpha = 1 - 9·4 / (2·4·6).
    expect(sec.alpha.value).toBeCloseTo(0.25, 12);
    // Fleiss over the 5 units with 2 ratings: P̄ = 0.6, Pe = 0.4² + 0.6² = 0.52.
    expect(sec.fleissKappa.value).toBeCloseTo(1 / 6, 12);
    // economic: ann's d:s1 is unfinished, so nobody coded economic anywhere: kappa 0/0.
    const eco = r.byCode.find((c) => c.code === 'economic')!;
    expect(eco.withCode).toBe(0);
    expect(eco.cohenKappa.value).toBeNull();
    expect(eco.cohenKappa.undefinedReason).toMatch(/expected agreement is 1/);
  });

  it('scores the rules against the adjudicated, else agreed, coding and leaves disputes out', () => {
    const f = scripted();
    adjudicate(store, { item: f.item('b', 's0'), code: 'security', adjudicator: 'judge', present: true, reason: 'defence is implied' });
    const r = reviewAgreement(store, { queue: f.queue });
    expect(r.disputedLeftOut).toBe(1); // c:s0 security
    const sec = r.rules.codes.find((c) => c.codeId === 'security')!;
    // a:s0 suggested by r2, kept; c:s1 suggested by r1, rejected; b:s0 added (adjudicated).
    expect([sec.suggested, sec.accepted, sec.coded, sec.addedByCoders]).toEqual([2, 1, 2, 1]);
    expect(sec.precision.value).toBe(0.5);
    expect(sec.recall.value).toBe(0.5);
    expect(sec.rules.map((x) => [x.ruleId, x.suggested, x.accepted, x.precision.value, x.recall.value])).toEqual([
      ['r1', 1, 0, 0, 0],
      ['r2', 1, 1, 1, 0.5],
    ]);
    expect(sec.precision.lower).toBeGreaterThan(0);
    expect(sec.precision.upper).toBeLessThan(1);
    const acc = r.rules.codes.find((c) => c.codeId === 'accountability')!;
    expect([acc.suggested, acc.accepted, acc.coded]).toEqual([2, 2, 2]); // a:s1 (bob alone), c:s0 (both)
  });

  it('puts the rules in the coder x coder table as one more coder', () => {
    const f = scripted();
    const r = reviewAgreement(store, { queue: f.queue });
    const pair = (code: string, a: string, b: string) => r.pairs.find((p) => p.code === code && p.coderA === a && p.coderB === b)!;
    expect(pair('security', 'ann', 'bob')).toMatchObject({ units: 5, percentAgreement: 0.6 });
    expect(pair('security', 'ann', 'bob').cohenKappa.value).toBeCloseTo(2 / 7, 12);
    // ann vs the rules on security: a:s0 1/1, b:s0 1/0, c:s0 1/1, c:s1 0/1, d:s0 0/0, e:s0 0/0.
    expect(pair('security', 'ann', RULES_CODER)).toMatchObject({ units: 6, percentAgreement: 4 / 6 });
    // Pooled: every unit x code cell both coded (5 units x 4 codes); they differ on b:s0 and c:s0 security only.
    expect(pair(ALL_CODES, 'ann', 'bob')).toMatchObject({ units: 20, percentAgreement: 18 / 20 });
  });

  it('regression: a queue scope leaves out decisions on units outside the queue', () => {
    const f = scripted();
    const only = buildQueue(store, { name: 'c only', codebookVersion: V1, documents: ['c.txt'] });
    assign(store, only, ['ann', 'bob']);
    const r = reviewAgreement(store, { queue: only });
    expect(r.units).toBe(2);
    expect(r.byCode.find((c) => c.code === 'security')!.cohenKappa.units).toBe(2);
    expect(seg('c', 's0')).toBe('cccc:s0');
    expect(f.queue).not.toBe(only);
  });
});
