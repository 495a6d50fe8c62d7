import { describe, expect, it } from 'vitest';
import { matrixFromCategoryCounts, matrixFromContingencyTable, matrixFromRows, sortedDistinct } from '../../../src/measure/agreement/index.ts';

describe('matrixFromRows', () => {
  const rows = [
    { unit: 's2', coder: 'b', value: 'Pro' },
    { unit: 's1', coder: 'a', value: 'Anti' },
    { unit: 's1', coder: 'a', value: 'Pro' }, // the same coder again, with another label
    { unit: 's1', coder: 'b', value: 'Anti' },
    { unit: 's2', coder: 'b', value: 'Pro' }, // again, same label
  ];

  it('sorts coders and units, keeps the first of repeated judgements and counts them', () => {
    const r = matrixFromRows(rows);
    expect(r.matrix).toEqual({ coders: ['a', 'b'], units: ['s1', 's2'], matrix: [['Anti', null], ['Anti', 'Pro']] });
    expect(r.duplicates).toBe(2);
    expect(r.conflictingDuplicates).toBe(1);
  });

  it('throws on a repeat when asked to', () => {
    expect(() => matrixFromRows(rows, { duplicates: 'error' })).toThrow(/second row for unit `s1` and coder `a`/);
  });
});

describe('converters', () => {
  it('a contingency table becomes two coders with one unit per count', () => {
    const m = matrixFromContingencyTable(['Y', 'N'], [[1, 2], [0, 1]]);
    expect(m.matrix).toEqual([['Y', 'Y', 'Y', 'N'], ['Y', 'N', 'N', 'N']]);
    expect(() => matrixFromContingencyTable(['Y'], [[-1]])).toThrow(/Unexpected count `-1`/);
  });

  it('a count table becomes units with that many values per category', () => {
    const m = matrixFromCategoryCounts([[2, 0], [1, 1]]);
    expect(m.matrix).toEqual([[0, 0], [0, 1]]);
  });

  it('orders values: numbers ascending, then strings', () => {
    expect(sortedDistinct(['b', 10, 'a', 2, 10, '1'])).toEqual([2, 10, '1', 'a', 'b']);
  });
});
