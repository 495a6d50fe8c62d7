// Which codings tables count: auto, final (adjudicated > agreed coders > auto), one coder's.
// Fixture: test/review/fixture.ts (v1 sentence codings of a, c, d; v2 paragraph codings of a).
import { afterEach, describe, expect, it } from 'vitest';
import { codingsForTables, describeCodings, parseCodings, unitCodesFor } from '../../src/report/final-tables.ts';
import { adjudicate, decide, finalCodings } from '../../src/review/index.ts';
import { codedUnits, type CodedUnitRow, type Store } from '../../src/store/index.ts';
import { CODEBOOK_V2, reviewFixture, seg, V1 } from '../review/fixture.ts';

let store: Store;
afterEach(() => store?.close());

const keys = (rows: CodedUnitRow[]) => rows.map((r) => `${r.segment_id.slice(0, 1)}:${r.segment_id.slice(5)}/${r.code_id}`);
/** Units per code x actor group, as code_by_actor_group counts them. */
const cells = (rows: CodedUnitRow[]) => {
  const out: Record<string, number> = {};
  for (const r of rows) out[`${r.code_id}@${r.actor_group}`] = (out[`${r.code_id}@${r.actor_group}`] ?? 0) + 1;
  return out;
};

describe('parseCodings', () => {
  it.each([
    [undefined, { mode: 'final' }],
    ['final', { mode: 'final' }],
    ['auto', { mode: 'auto' }],
    ['coder:ann', { mode: 'coder', coder: 'ann' }],
    ['coder:', null],
    ['coders', null],
  ])('%s', (flag, expected) => expect(parseCodings(flag)).toEqual(expected));
});

describe('unitCodesFor', () => {
  it('without reviews, final is auto row for row (sentence and paragraph roll-up)', () => {
    store = reviewFixture().store;
    const v1 = { codebookVersion: V1, unit: 'sentence' as const };
    expect(unitCodesFor(store, { mode: 'final', ...v1 })).toEqual(codedUnits(store.db, V1, 'sentence'));
    expect(unitCodesFor(store, { mode: 'auto', ...v1 })).toHaveLength(10);
    const v2 = { codebookVersion: CODEBOOK_V2.version, unit: 'paragraph' as const };
    expect(unitCodesFor(store, { mode: 'final', ...v2 })).toEqual(codedUnits(store.db, CODEBOOK_V2.version, 'paragraph'));
    expect(codingsForTables(store, { mode: 'final', ...v1 }).description).toMatch(/\(0 unit-code pair\(s\) differ from auto\)$/);
  });

  it('a coder who rejects an auto coding and adds another changes the final counts by exactly those two', () => {
    const f = reviewFixture();
    store = f.store;
    const a0 = f.item('a', 's0');
    const c1 = f.item('c', 's1');
    decide(store, { item: a0, coder: 'ann', action: 'reject', code: 'transparency' });
    decide(store, { item: a0, coder: 'ann', action: 'accept', code: 'security' });
    decide(store, { item: c1, coder: 'ann', action: 'accept', code: 'security' });
    decide(store, { item: c1, coder: 'ann', action: 'add', code: 'accountability' });
    const v1 = { codebookVersion: V1, unit: 'sentence' as const };
    const auto = unitCodesFor(store, { mode: 'auto', ...v1 });
    const final = unitCodesFor(store, { mode: 'final', ...v1 });

    expect(keys(auto).filter((k) => !keys(final).includes(k))).toEqual(['a:s0/transparency']);
    expect(keys(final).filter((k) => !keys(auto).includes(k))).toEqual(['c:s1/accountability']);
    const [ca, cf] = [cells(auto), cells(final)];
    expect([ca['transparency@global_south'], cf['transparency@global_south']]).toEqual([2, 1]);
    expect([ca['accountability@major_power'], cf['accountability@major_power']]).toEqual([1, 2]);
    expect(Object.keys(cf).filter((k) => ca[k] !== cf[k]).sort()).toEqual(['accountability@major_power', 'transparency@global_south']);
    // The same rows as the review module's own final codings, in table order.
    expect(final.map((r) => `${r.segment_id}/${r.code_id}`)).toEqual(
      finalCodings(store, { mode: 'final', ...v1 }).map((r) => `${r.segmentId}/${r.codeId}`),
    );
    expect(keys(unitCodesFor(store, { mode: 'coder', coder: 'ann', ...v1 }))).toEqual(['a:s0/security', 'c:s1/accountability', 'c:s1/security']);
    expect(codingsForTables(store, { mode: 'final', ...v1 }).description).toMatch(/\(2 unit-code pair\(s\) differ from auto\)$/);
    expect(codingsForTables(store, { mode: 'coder', coder: 'ann', ...v1 }).description).toBe(describeCodings({ mode: 'coder', coder: 'ann' }, 2));
  });

  it('an adjudication overrules coders who disagree; a dispute without one keeps the rules\' coding', () => {
    const f = reviewFixture();
    store = f.store;
    const c0 = f.item('c', 's0');
    for (const coder of ['ann', 'bob']) decide(store, { item: c0, coder, action: 'accept', code: 'security' });
    decide(store, { item: c0, coder: 'ann', action: 'accept', code: 'accountability' });
    decide(store, { item: c0, coder: 'bob', action: 'reject', code: 'accountability' });
    const v1 = { codebookVersion: V1, unit: 'sentence' as const };
    expect(keys(unitCodesFor(store, { mode: 'final', ...v1 }))).toContain('c:s0/accountability');
    adjudicate(store, { item: c0, code: 'accountability', adjudicator: 'judge', pick: 'bob', reason: 'an office, not answerability' });
    expect(keys(unitCodesFor(store, { mode: 'final', ...v1 }))).not.toContain('c:s0/accountability');
    expect(keys(unitCodesFor(store, { mode: 'auto', ...v1 }))).toContain('c:s0/accountability');
  });

  it('refuses coder mode without a coder, and an unknown coder', () => {
    store = reviewFixture().store;
    expect(() => unitCodesFor(store, { mode: 'coder', codebookVersion: V1, unit: 'sentence' })).toThrow(/expected a coder name/);
    expect(() => unitCodesFor(store, { mode: 'coder', coder: 'zed', codebookVersion: V1, unit: 'sentence' })).toThrow(/Unexpected coder `zed`/);
  });
});

// codedUnits() and the final overrides read the tables directly for speed (the views took 8 s and
// 15 s on 250 k codings; scripts/bench/review.ts). These pin them to the views' definitions.
describe('regression: the direct queries behind the tables equal the views they replace', () => {
  const viaView = (s: Store, version: string, unit: string): CodedUnitRow[] =>
    s.db
      .prepare(
        `SELECT sha256, segment_id, code_id, coalesce(actor_group, '(unassigned)') AS actor_group
         FROM v_coded_segments WHERE codebook_version = ? AND unit = ? ORDER BY segment_id, code_id`,
      )
      .all(version, unit) as CodedUnitRow[];
  /** Final rows straight from v_final_codings (present, current documents coded at this unit). */
  const finalViaView = (s: Store, version: string, unit: string): string[] =>
    (s.db
      .prepare(
        `SELECT f.segment_id || '/' || f.code_id AS k FROM v_final_codings f
         JOIN current_documents d ON d.sha256 = f.sha256
         JOIN coding_done k ON k.document = f.sha256 AND k.codebook_version = f.codebook_version AND k.unit = @unit
         WHERE f.codebook_version = @version AND f.unit = @unit AND f.present = 1 ORDER BY f.segment_id, f.code_id`,
      )
      .pluck()
      .all({ version, unit }) as string[]);

  it('codedUnits: sentence rows and paragraph rows with the roll-up, row for row', () => {
    store = reviewFixture().store;
    const s = codedUnits(store.db, V1, 'sentence');
    expect(s.length).toBeGreaterThan(5);
    expect(s).toEqual(viaView(store, V1, 'sentence'));
    const p = codedUnits(store.db, CODEBOOK_V2.version, 'paragraph');
    expect(p.length).toBeGreaterThan(0);
    expect(p).toEqual(viaView(store, CODEBOOK_V2.version, 'paragraph'));
    expect(codedUnits(store.db, V1, 'paragraph')).toEqual(viaView(store, V1, 'paragraph'));
  });

  it('final: agreement, a dispute, an adjudication, an added code and an undo give the view\'s rows', () => {
    const f = reviewFixture();
    store = f.store;
    const [a0, c0, c1] = [f.item('a', 's0'), f.item('c', 's0'), f.item('c', 's1')];
    for (const coder of ['ann', 'bob']) decide(store, { item: c0, coder, action: 'accept', code: 'security' });
    decide(store, { item: c0, coder: 'ann', action: 'accept', code: 'accountability' });
    decide(store, { item: c0, coder: 'bob', action: 'reject', code: 'accountability' });
    decide(store, { item: a0, coder: 'ann', action: 'reject', code: 'transparency' });
    decide(store, { item: c1, coder: 'bob', action: 'add', code: 'accountability' });
    decide(store, { item: c1, coder: 'bob', action: 'reject', code: 'security' });
    decide(store, { item: c1, coder: 'bob', action: 'undo' });
    const v1 = { codebookVersion: V1, unit: 'sentence' as const };
    const direct = () => unitCodesFor(store, { mode: 'final', ...v1 }).map((r) => `${r.segment_id}/${r.code_id}`);
    expect(direct()).toEqual(finalViaView(store, V1, 'sentence'));
    adjudicate(store, { item: c0, code: 'accountability', adjudicator: 'judge', pick: 'bob', reason: 'not answerability' });
    expect(direct()).toEqual(finalViaView(store, V1, 'sentence'));
    expect(direct()).not.toContain(`${seg('c', 's0')}/accountability`);
    expect(direct()).toContain(`${seg('c', 's0')}/security`);
  });
});
