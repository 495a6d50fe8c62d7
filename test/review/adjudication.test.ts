// Disagreements, adjudication, and which coding tables use (v_final_codings precedence).
import { afterEach, describe, expect, it } from 'vitest';
import { adjudicate, assign, decide, disagreements, finalCodings } from '../../src/review/index.ts';
import type { Store } from '../../src/store/index.ts';
import { reviewFixture, seg, V1 } from './fixture.ts';

let store: Store;
afterEach(() => store?.close());

const final = (s: Store) =>
  Object.fromEntries(
    (s.db.prepare(`SELECT segment_id, code_id, source, present, negated FROM v_final_codings WHERE codebook_version = ? AND unit = 'sentence'`).all(V1) as Array<
      { segment_id: string; code_id: string; source: string; present: number; negated: number }
    >).map((r) => [`${r.segment_id.slice(5)}@${r.segment_id.slice(0, 1)}/${r.code_id}`, `${r.source}:${r.present}${r.negated ? ' negated' : ''}`]),
  );

describe('final codings precedence', () => {
  it('adjudicated, else agreed coders, else auto', () => {
    const f = reviewFixture();
    store = f.store;
    assign(store, f.queue, ['ann', 'bob']);
    const c0 = f.item('c', 's0');
    // c:s0 security: both reject -> coders:0; accountability: disagree -> auto, then adjudicated.
    decide(store, { item: c0, coder: 'ann', action: 'reject', code: 'security' });
    decide(store, { item: c0, coder: 'bob', action: 'reject', code: 'security' });
    decide(store, { item: c0, coder: 'ann', action: 'accept', code: 'accountability' });
    decide(store, { item: c0, coder: 'bob', action: 'reject', code: 'accountability' });
    // a:s1: ann accepts and adds economic; bob accepts only -> economic disputed (implicit absence).
    const a1 = f.item('a', 's1');
    decide(store, { item: a1, coder: 'ann', action: 'accept', code: 'accountability' });
    decide(store, { item: a1, coder: 'ann', action: 'add', code: 'economic' });
    decide(store, { item: a1, coder: 'bob', action: 'accept', code: 'accountability' });
    // c:s1 security: both accept, one marks it negated -> disagreement on negation.
    const c1 = f.item('c', 's1');
    decide(store, { item: c1, coder: 'ann', action: 'accept', code: 'security' });
    decide(store, { item: c1, coder: 'bob', action: 'accept', code: 'security' });
    decide(store, { item: c1, coder: 'bob', action: 'negate', code: 'security' });

    expect(disagreements(store, f.queue).map((d) => [d.segmentId, d.codeId, d.coders.map((c) => `${c.coder}:${c.status}${c.negated ? '!' : ''}`).join(' ')])).toEqual([
      [seg('a', 's1'), 'economic', 'ann:added bob:implicit'],
      [seg('c', 's0'), 'accountability', 'ann:accepted bob:rejected'],
      [seg('c', 's1'), 'security', 'ann:accepted bob:accepted!'],
    ]);
    let rows = final(store);
    expect(rows).toMatchObject({ 's0@c/security': 'coders:0', 's0@c/accountability': 'auto:1', 's1@a/accountability': 'coders:1', 's1@a/economic': 'auto:0', 's1@c/security': 'auto:1', 's0@a/security': 'auto:1' });

    adjudicate(store, { item: c0, code: 'accountability', adjudicator: 'judge', pick: 'bob', reason: 'names an office, not answerability' });
    adjudicate(store, { item: a1, code: 'economic', adjudicator: 'judge', present: true, reason: 'implicit economic reference' });
    adjudicate(store, { item: c1, code: 'security', adjudicator: 'judge', pick: 'bob', reason: 'negated in context' });
    rows = final(store);
    expect(rows).toMatchObject({ 's0@c/accountability': 'adjudicated:0', 's1@a/economic': 'adjudicated:1', 's1@c/security': 'adjudicated:1 negated' });
    expect(disagreements(store, f.queue)).toEqual([]);
    expect(disagreements(store, f.queue, { includeSettled: true })[1]!.adjudication).toMatchObject({ adjudicator: 'judge', picked: 'bob', present: false });

    // A later adjudication wins; the earlier one stays on record.
    adjudicate(store, { item: c0, code: 'accountability', adjudicator: 'judge', present: true, reason: 'second look' });
    expect(final(store)['s0@c/accountability']).toBe('adjudicated:1');
    expect(store.db.prepare('SELECT count(*) AS n FROM adjudications').get()).toEqual({ n: 4 });

    const keys = (mode: 'final' | 'auto' | 'coder', coder?: string) =>
      finalCodings(store, { mode, coder, codebookVersion: V1, unit: 'sentence' }).map((r) => `${r.segmentId.slice(0, 1)}${r.segmentId.slice(5)}/${r.codeId}`);
    expect(keys('final')).not.toContain('cs0/security');
    expect(keys('final')).toContain('as1/economic');
    expect(keys('auto')).toContain('cs0/security');
    expect(keys('auto')).not.toContain('as1/economic');
    expect(keys('coder', 'bob')).toEqual(['as1/accountability', 'cs1/security']);
  });

  it('refuses an adjudication without a reason, or picking a coder who did not code it', () => {
    const f = reviewFixture();
    store = f.store;
    expect(() => adjudicate(store, { item: f.item('c', 's0'), code: 'security', adjudicator: 'judge', present: true, reason: ' ' })).toThrow(/without a reason/);
    expect(() => adjudicate(store, { item: f.item('c', 's0'), code: 'security', adjudicator: 'judge', pick: 'ann', reason: 'x' })).toThrow(/Unexpected pick `ann`/);
  });
});
