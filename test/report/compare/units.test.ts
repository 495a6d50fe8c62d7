import { describe, expect, it } from 'vitest';
import { buildQueue, createCoder, decide, queueItems } from '../../../src/review/index.ts';
import { actorGroupsOf, loadCodedData } from '../../../src/report/compare/index.ts';
import { buildFixture, CODEBOOK_V2 } from '../../store/fixture.ts';
import { buildCompareFixture, CMP } from './fixture.ts';

const brief = (u: { segment_id: string; code_id: string; rules: string[]; source: string }) => `${u.segment_id} ${u.code_id} ${u.rules.join('+')} ${u.source}`;

describe('auto codings', () => {
  const data = loadCodedData(buildCompareFixture(), { codings: 'auto' });

  it('lists every unit × code in reading order with its rule ids, page, offsets and stored text', () => {
    expect(data.units.map(brief)).toEqual([
      'aaaa:s0 security sec1 auto', 'aaaa:s0 transparency r1 auto',
      'aaaa:s1 interoperability r1+r2 auto', 'aaaa:s1 selective r1 auto',
      'bbbb:s0 transparency r1 auto', 'bbbb:s0 universal r1 auto',
      'cccc:s0 interoperability r1 auto', 'cccc:s0 selective r1 auto', 'cccc:s1 security r1 auto',
      'cccc:s2 economic r1 auto', 'cccc:s2 interoperability r1 auto',
      'dddd:s0 transparency r1 auto', 'dddd:s1 interoperability r1 auto',
      'eeee:s0 interoperability r1 auto', 'eeee:s0 universal r1 auto',
    ]);
    expect(data.units[0]).toMatchObject({ actor_group: 'global_south', page: 1, start: 0, end: 36, text: '🤖 Transparency in security matters.', negated: false });
    expect(data.units.find((u) => u.segment_id === 'dddd:s0')!.negated).toBe(true);
    expect(data.basis).toBe('Codings: auto (the rules alone), codebook version `cmp000000001` (Comparison fixture); unit: sentence.');
  });

  it('at paragraph level, gives a paragraph the rule ids of its sentences (roll-up)', () => {
    const p = loadCodedData(buildFixture(), { codings: 'auto', codebookVersion: CODEBOOK_V2.version });
    expect(p.unit).toBe('paragraph');
    expect(p.units.map(brief)).toEqual(['aaaa:p0 transparency r1 auto', 'aaaa:p0 security r1 auto', 'aaaa:p1 transparency r1 auto']);
  });

  it('refuses an unknown codebook version with the known ones', () => {
    expect(() => loadCodedData(buildCompareFixture(), { codebookVersion: 'nope' })).toThrow('Unexpected codebook version `nope`, expected one of: `cmp000000001`');
  });
});

describe('final codings (review decisions count)', () => {
  it('equal the rules where nobody reviewed, and say so', () => {
    const data = loadCodedData(buildCompareFixture(), { codings: 'final' });
    expect(data.units.map(brief)).toEqual(loadCodedData(buildCompareFixture(), { codings: 'auto' }).units.map(brief));
    expect(data.basis).toContain('no unit here has a review decision, so these are the rules\' codings (15 unit-codes)');
  });

  it('drop a rejected suggestion, add a coder\'s code and count each source', () => {
    const store = buildCompareFixture();
    createCoder(store, 'ann');
    const queue = buildQueue(store, { name: 'all', codebookVersion: CMP.version, include: 'all' });
    const item = new Map(queueItems(store, queue).map((i) => [i.segmentId, i.id]));
    decide(store, { item: item.get('aaaa:s0')!, coder: 'ann', action: 'reject', code: 'transparency' });
    decide(store, { item: item.get('aaaa:s2')!, coder: 'ann', action: 'add', code: 'transparency' });
    const data = loadCodedData(store, { codings: 'final' });
    const t = data.units.filter((u) => u.code_id === 'transparency').map(brief);
    expect(t).toEqual(['aaaa:s2 transparency  coders', 'bbbb:s0 transparency r1 auto', 'dddd:s0 transparency r1 auto']);
    expect(data.basis).toContain('0 adjudicated, 1 by coders, 14 by the rules (unit-codes)');
    // auto still sees the rules' coding
    expect(loadCodedData(store, { codings: 'auto' }).units.filter((u) => u.code_id === 'transparency')).toHaveLength(3);
  });
});

describe('actor group order', () => {
  it('puts the study\'s groups first, the others in byte order, the unassigned last', () => {
    const docs = ['think_tank', '(unassigned)', 'multilateral', 'academic', 'global_south', 'major_power'].map((actor_group) => ({ actor_group }));
    expect(actorGroupsOf(docs)).toEqual(['major_power', 'global_south', 'multilateral', 'academic', 'think_tank', '(unassigned)']);
  });
});
