import { describe, expect, it } from 'vitest';
import { buildComparison, loadCodedData, type CompareCell } from '../../../src/report/compare/index.ts';
import { buildFixture } from '../../store/fixture.ts';
import { buildCompareFixture } from './fixture.ts';

const data = loadCodedData(buildCompareFixture(), { codings: 'auto' });
const cmp = buildComparison(data, { bootstrap: 500, seed: 42 });
const cell = (principle: string, context: string | null, group: string) =>
  cmp.cells.find((c) => c.principle === principle && c.context === context && c.actorGroup === group)!;
const point = (c: CompareCell) => ({ units: c.unitsCoded, docs: c.documentsCoded, share: c.share, rate: c.ratePer1000 });

describe('cells: principle × context × actor group (hand-built database, see fixture.ts)', () => {
  it('orders actor groups as the study does and sizes them', () => {
    expect(cmp.groups).toEqual([
      { id: 'major_power', documents: 2, words: 13, units: 5 },
      { id: 'global_south', documents: 2, words: 16, units: 5 },
      { id: 'multilateral', documents: 1, words: 4, units: 2 },
    ]);
    expect(cmp.contexts.map((c) => c.code)).toEqual([null, 'security', 'economic', 'universal', 'selective']);
    expect(cmp.notes).toEqual([]);
  });

  it.each([
    // principle, context, group, units, documents coded, share, rate per 1,000 words
    ['transparency', null, 'global_south', 2, 2, 1, 125],
    ['transparency', null, 'major_power', 1, 1, 0.5, 1000 / 13],
    ['transparency', null, 'multilateral', 0, 0, 0, 0],
    ['interoperability', null, 'major_power', 3, 2, 1, 3000 / 13],
    ['transparency', 'security', 'global_south', 1, 1, 0.5, 62.5],
    ['interoperability', 'economic', 'major_power', 1, 1, 0.5, 1000 / 13],
    ['interoperability', 'selective', 'global_south', 1, 1, 0.5, 62.5],
    ['interoperability', 'selective', 'major_power', 1, 1, 0.5, 1000 / 13],
    ['interoperability', 'universal', 'multilateral', 1, 1, 1, 250],
    ['transparency', 'universal', 'global_south', 1, 1, 0.5, 62.5],
  ] as const)('%s × %s × %s', (p, ctx, g, units, docs, share, rate) => {
    expect(point(cell(p, ctx, g))).toEqual({ units, docs, share, rate });
  });

  it('attaches the chi-square expected count and adjusted residual to each cell', () => {
    const t = cmp.tests.find((x) => x.principle === 'transparency' && x.context === null)!;
    expect(t.groups).toEqual(['major_power', 'global_south', 'multilateral']);
    // units coded [1, 2, 0] of [5, 5, 2]: X² = 4/3, df 2, p = e^(−2/3)
    expect(t.result.statistic).toBeCloseTo(4 / 3, 12);
    expect(t.result.p).toBeCloseTo(Math.exp(-2 / 3), 12);
    expect(cell('transparency', null, 'global_south').expected).toBe(1.25);
    expect(cell('transparency', null, 'global_south').adjustedResidual).toBeCloseTo(0.75 / Math.sqrt(1.25 * 0.75 * (7 / 12)), 12);
  });

  it('flags small counts and says why a test is not computed, rather than hiding either', () => {
    expect(cell('transparency', null, 'global_south').flags).toEqual(['few_documents', 'few_units', 'expected_below_5']);
    const none = cmp.tests.find((x) => x.principle === 'transparency' && x.context === 'economic')!;
    expect(none.result.statistic).toBeNull();
    expect(none.result.problem).toBe('no sentence is coded this way');
    expect(cell('transparency', 'economic', 'global_south')).toMatchObject({ unitsCoded: 0, expected: null, flags: ['few_documents', 'few_units'] });
  });
});

describe('bootstrap intervals (documents resampled within each actor group)', () => {
  it('contain the point estimate in every cell', () => {
    for (const c of cmp.cells) {
      for (const [est, ci] of [[c.unitsCoded, c.ci.unitsCoded], [c.share, c.ci.share], [c.ratePer1000, c.ci.ratePer1000]] as const) {
        expect(ci.lower, `${c.principle}/${c.context}/${c.actorGroup}`).not.toBeNull();
        expect(ci.lower!).toBeLessThanOrEqual(est!);
        expect(ci.upper!).toBeGreaterThanOrEqual(est!);
      }
    }
  });

  it('are degenerate for a group of one document (every resample is that document)', () => {
    expect(cell('interoperability', null, 'multilateral').ci).toEqual({
      unitsCoded: { lower: 1, upper: 1 },
      share: { lower: 1, upper: 1 },
      ratePer1000: { lower: 250, upper: 250 },
    });
  });

  it('span the values a two-document group can produce', () => {
    // global_south: a (1 interoperability unit, 11 words), b (0, 5 words): resamples aa, ab, bb.
    const c = cell('interoperability', null, 'global_south');
    expect(c.ci.unitsCoded).toEqual({ lower: 0, upper: 2 });
    expect(c.ci.share).toEqual({ lower: 0, upper: 1 });
    expect(c.ci.ratePer1000).toEqual({ lower: 0, upper: 1000 / 11 });
  });

  it('are the same for the same seed and change with the seed', () => {
    const again = buildComparison(loadCodedData(buildCompareFixture(), { codings: 'auto' }), { bootstrap: 500, seed: 42 });
    expect(again.cells).toEqual(cmp.cells);
    const other = buildComparison(data, { bootstrap: 20, seed: 43 });
    const first = buildComparison(data, { bootstrap: 20, seed: 42 });
    expect(other.cells.map((c) => c.ci)).not.toEqual(first.cells.map((c) => c.ci));
  });

  it('do not depend on the other groups (each group has its own seeded stream)', () => {
    const onlyTwo = { ...data, documents: data.documents.filter((d) => d.actor_group !== 'multilateral'), units: data.units.filter((u) => u.actor_group !== 'multilateral') };
    const c = buildComparison(onlyTwo, { bootstrap: 500, seed: 42 }).cells.find((x) => x.principle === 'transparency' && x.context === null && x.actorGroup === 'major_power')!;
    expect(c.ci).toEqual(cell('transparency', null, 'major_power').ci);
  });

  it('are absent with --bootstrap 0', () => {
    const c = buildComparison(data, { bootstrap: 0 }).cells[0]!;
    expect(c.ci.share).toEqual({ lower: null, upper: null });
  });
});

describe('a codebook without a level group', () => {
  it('compares what it has and says what is missing', () => {
    const c = buildComparison(loadCodedData(buildFixture(), { codings: 'auto', codebookVersion: 'v1aaaaaaaaaa' }), { bootstrap: 10 });
    expect(c.principleGroup).toBe('principles');
    expect(c.dimensionGroup).toBe('dimensions');
    expect(c.contexts.map((x) => x.code)).toEqual([null, 'security', 'economic']);
    expect(c.notes).toEqual(['No level codes: no code group id starts with "level"; the codebook\'s groups: `principles`, `dimensions`.']);
    // (unassigned) comes last
    expect(c.groups.map((g) => g.id)).toEqual(['major_power', 'global_south', '(unassigned)']);
  });
});
