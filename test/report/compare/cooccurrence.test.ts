import { describe, expect, it } from 'vitest';
import { cooccurrence, loadCodedData } from '../../../src/report/compare/index.ts';
import { buildCompareFixture } from './fixture.ts';

const matrices = cooccurrence(loadCodedData(buildCompareFixture(), { codings: 'auto' }));
const pair = (group: string, a: string, b: string) => {
  const p = matrices.find((m) => m.actorGroup === group)!.pairs.find((x) => x.a === a && x.b === b)!;
  return [p.unitsA, p.unitsB, p.both, p.jaccard];
};

describe('co-occurrence of codes in the same unit', () => {
  it('has one matrix overall and one per actor group, in the study\'s order', () => {
    expect(matrices.map((m) => [m.actorGroup, m.documents, m.units])).toEqual([
      ['(all)', 5, 12],
      ['major_power', 2, 5],
      ['global_south', 2, 5],
      ['multilateral', 1, 2],
    ]);
    expect(matrices[0]!.pairs).toHaveLength(36);
  });

  it.each([
    // group, a, b, units with a, with b, with both, Jaccard = both / (a + b − both)
    ['(all)', 'transparency', 'security', 3, 2, 1, 1 / 4], // a:s0 | a:s0 b:s0 d:s0 | a:s0 c:s1
    ['(all)', 'interoperability', 'selective', 5, 2, 2, 2 / 5],
    ['(all)', 'selective', 'interoperability', 2, 5, 2, 2 / 5], // symmetric
    ['(all)', 'interoperability', 'universal', 5, 2, 1, 1 / 6],
    ['(all)', 'transparency', 'transparency', 3, 3, 3, 1], // diagonal
    ['(all)', 'transparency', 'interoperability', 3, 5, 0, 0],
    ['global_south', 'interoperability', 'selective', 1, 1, 1, 1],
    ['major_power', 'interoperability', 'economic', 3, 1, 1, 1 / 3],
    ['multilateral', 'security', 'economic', 0, 0, 0, null], // 0/0: undefined, not 0
  ] as const)('%s: %s with %s', (g, a, b, na, nb, both, j) => {
    expect(pair(g, a, b)).toEqual([na, nb, both, j]);
  });
});
