import { afterEach, describe, expect, it } from 'vitest';
import { decide, itemView, nextItem, assign, ReviewError } from '../../src/review/index.ts';
import type { Store } from '../../src/store/index.ts';
import { reviewFixture, seg } from './fixture.ts';

let store: Store;
afterEach(() => store?.close());

const stateOf = (s: Store, segment: string, coder: string) =>
  s.db.prepare('SELECT code_id, status, present, negated, memo, spans FROM v_review_state WHERE segment_id = ? AND coder = ? ORDER BY code_id').all(segment, coder);

describe('the decision log', () => {
  it('refuses UPDATE and DELETE of decisions and adjudications', () => {
    const f = reviewFixture();
    store = f.store;
    const d = decide(store, { item: f.item('a', 's0'), coder: 'ann', action: 'accept', code: 'transparency' });
    expect(() => store.db.prepare('UPDATE reviews SET action = ? WHERE id = ?').run('reject', d.id)).toThrow(/append-only/);
    expect(() => store.db.prepare('DELETE FROM reviews WHERE id = ?').run(d.id)).toThrow(/append-only/);
    store.db.prepare(`INSERT INTO adjudications (segment_id, code_id, adjudicator, present, negated, reason, codebook_version, basis, created_at)
      VALUES (?, 'transparency', 'judge', 1, 0, 'clear', 'v1aaaaaaaaaa', '[]', 'now')`).run(seg('a', 's0'));
    expect(() => store.db.prepare('UPDATE adjudications SET present = 0').run()).toThrow(/append-only/);
    expect(() => store.db.prepare('DELETE FROM adjudications').run()).toThrow(/append-only/);
    expect(() => store.db.prepare('DELETE FROM queue_items').run()).toThrow(/append-only/);
    expect(store.db.prepare('SELECT count(*) AS n FROM reviews').get()).toEqual({ n: 1 });
  });

  it('refuses an unknown action even in raw SQL, and an unknown coder', () => {
    const f = reviewFixture();
    store = f.store;
    const raw = (action: string) =>
      store.db.prepare(`INSERT INTO reviews (segment_id, code_id, coder, action, created_at) VALUES (?, 'security', 'ann', ?, 'now')`).run(seg('a', 's0'), action);
    expect(() => raw('approve')).toThrow(/Unexpected review action/);
    expect(() => decide(store, { item: f.item('a', 's0'), coder: 'mallory', action: 'accept', code: 'security' })).toThrow('Unexpected coder `mallory`, expected a coder created with createCoder');
  });

  it('records coder, time, the coding and rule answered, codebook version and the suggestion identity', () => {
    const f = reviewFixture();
    store = f.store;
    const d = decide(store, { item: f.item('a', 's2'), coder: 'ann', action: 'reject', code: 'transparency' });
    const row = store.db.prepare('SELECT * FROM reviews WHERE id = ?').get(d.id) as Record<string, unknown>;
    const first = store.db.prepare(`SELECT id FROM codings WHERE segment_id = ? AND code_id = 'transparency' AND rule_id = 'r1' AND codebook_version = 'v1aaaaaaaaaa'`).get(seg('a', 's2')) as { id: number };
    expect(row).toMatchObject({ coder: 'ann', action: 'reject', code_id: 'transparency', coding_id: first.id, rule_id: 'r1', codebook_version: 'v1aaaaaaaaaa', queue_item: f.item('a', 's2') });
    expect(row.created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    // Both rules' hits are the identity (a:s2 is "Economic growth needs transparency.", at 56..91).
    expect(JSON.parse(row.basis as string)).toEqual([['r1', [[56, 91]]], ['r2', [[56, 91]]]]);
  });
});

describe('derived state', () => {
  it('is the latest decision not undone; undo is a new decision and can go back step by step', () => {
    const f = reviewFixture();
    store = f.store;
    const item = f.item('a', 's0');
    const s = seg('a', 's0');
    decide(store, { item, coder: 'ann', action: 'accept', code: 'transparency' });
    decide(store, { item, coder: 'ann', action: 'reject', code: 'transparency' });
    decide(store, { item, coder: 'ann', action: 'negate', code: 'transparency' });
    decide(store, { item, coder: 'ann', action: 'memo', code: 'transparency', memo: 'irony?' });
    expect(stateOf(store, s, 'ann')).toEqual([{ code_id: 'transparency', status: 'rejected', present: 0, negated: 1, memo: 'irony?', spans: null }]);
    const u1 = decide(store, { item, coder: 'ann', action: 'undo' }); // the memo
    const u2 = decide(store, { item, coder: 'ann', action: 'undo', code: 'transparency' }); // the negate
    const u3 = decide(store, { item, coder: 'ann', action: 'undo' }); // the reject
    expect([u1.undoes, u2.undoes, u3.undoes]).toEqual([4, 3, 2]);
    expect(stateOf(store, s, 'ann')).toEqual([{ code_id: 'transparency', status: 'accepted', present: 1, negated: null, memo: null, spans: null }]);
    decide(store, { item, coder: 'ann', action: 'undo' });
    expect(stateOf(store, s, 'ann')).toEqual([]);
    expect(() => decide(store, { item, coder: 'ann', action: 'undo' })).toThrow(/no decision left to undo/);
    expect(store.db.prepare('SELECT count(*) AS n FROM reviews').get()).toEqual({ n: 8 });
  });

  it("undo never touches another coder's decision", () => {
    const f = reviewFixture();
    store = f.store;
    const item = f.item('c', 's0');
    decide(store, { item, coder: 'ann', action: 'accept', code: 'security' });
    decide(store, { item, coder: 'bob', action: 'reject', code: 'security' });
    decide(store, { item, coder: 'ann', action: 'undo' });
    expect(stateOf(store, seg('c', 's0'), 'ann')).toEqual([]);
    expect(stateOf(store, seg('c', 's0'), 'bob')).toMatchObject([{ status: 'rejected' }]);
  });

  it('re-spans inside the unit only, and adds codes the rules missed', () => {
    const f = reviewFixture();
    store = f.store;
    const item = f.item('a', 's1'); // "Accountability too." at [35, 54)
    expect(() => decide(store, { item, coder: 'ann', action: 'respan', code: 'accountability', spans: [[30, 40]] })).toThrow('span [30,40) is outside unit [35,54)');
    expect(() => decide(store, { item, coder: 'ann', action: 'respan', code: 'accountability', spans: [[40, 40]] })).toThrow(ReviewError);
    decide(store, { item, coder: 'ann', action: 'respan', code: 'accountability', spans: [[35, 49]] });
    decide(store, { item, coder: 'ann', action: 'add', code: 'security' });
    expect(stateOf(store, seg('a', 's1'), 'ann')).toEqual([
      { code_id: 'accountability', status: 'respanned', present: 1, negated: null, memo: null, spans: '[[35,49]]' },
      { code_id: 'security', status: 'added', present: 1, negated: null, memo: null, spans: null },
    ]);
  });

  it.each([
    [{ action: 'accept', code: 'security' }, /expected a suggested code/],
    [{ action: 'add', code: 'accountability' }, /the rules suggest it/],
    [{ action: 'add', code: 'nope' }, /Unexpected code `nope`/],
    [{ action: 'accept' }, /without a code/],
    [{ action: 'memo', memo: '  ' }, /empty memo/],
    [{ action: 'accept', code: 'accountability', answers: 1 }, /Unexpected answers 1/],
    [{ action: 'zap', code: 'accountability' }, /Unexpected action `zap`/],
  ])('refuses %j', (extra, message) => {
    const f = reviewFixture();
    store = f.store;
    expect(() => decide(store, { item: f.item('a', 's1'), coder: 'ann', ...extra } as never)).toThrow(message);
    expect(store.db.prepare('SELECT count(*) AS n FROM reviews').get()).toEqual({ n: 0 });
  });
});

describe('blind double coding', () => {
  it("shows a coder only their own decisions, and serves assigned items to assigned coders only", () => {
    const f = reviewFixture();
    store = f.store;
    assign(store, f.queue, ['ann', 'bob']);
    const first = nextItem(store, f.queue, 'ann')!;
    expect(first.unit.segmentId).toBe(seg('a', 's0'));
    expect(first.suggestions.map((s) => s.codeId)).toEqual(['security', 'transparency']);
    expect(first.context).toEqual({ previous: null, next: 'Accountability too.' });
    expect(first.document).toMatchObject({ file: 'a.txt', title: 'A, "quoted"', actorGroup: 'global_south' });
    decide(store, { item: first.itemId, coder: 'ann', action: 'accept', code: 'security' });
    decide(store, { item: first.itemId, coder: 'ann', action: 'reject', code: 'transparency' });
    decide(store, { item: first.itemId, coder: 'ann', action: 'memo', memo: 'title sentence' });

    const forBob = nextItem(store, f.queue, 'bob')!;
    expect(forBob.itemId).toBe(first.itemId);
    expect(forBob.decisions).toEqual([]);
    expect(forBob.unitMemos).toEqual([]);
    const forAnn = itemView(store, first.itemId, 'ann');
    expect(forAnn.decisions.map((d) => [d.codeId, d.status, d.current])).toEqual([['security', 'accepted', true], ['transparency', 'rejected', true]]);
    expect(forAnn.unitMemos).toEqual(['title sentence']);
    expect(nextItem(store, f.queue, 'ann')!.unit.segmentId).toBe(seg('a', 's1'));
    expect(() => decide(store, { item: first.itemId, coder: 'cy', action: 'accept', code: 'security' })).toThrow(/expected one of the assigned coders: ann, bob/);
    expect(nextItem(store, f.queue, 'cy')).toBeNull();
  });

  it('needs a done mark to complete a unit the rules never coded', () => {
    const f = reviewFixture();
    store = f.store;
    const item = f.item('b', 's0');
    const after = (position: number) => nextItem(store, f.queue, 'ann', { after: position - 1 })!;
    const pos = itemView(store, item, 'ann').position;
    expect(after(pos).itemId).toBe(item);
    decide(store, { item, coder: 'ann', action: 'done' });
    expect(after(pos).itemId).not.toBe(item);
    decide(store, { item, coder: 'ann', action: 'undo' });
    expect(after(pos).itemId).toBe(item);
  });
});
