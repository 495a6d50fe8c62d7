import { describe, expect, it } from 'vitest';
import { krippendorffAlpha, readReliabilityTable } from '../../../src/measure/agreement/index.ts';

describe('readReliabilityTable', () => {
  it('reads coders from the header and an empty cell as not coded', () => {
    const r = readReliabilityTable('\ufeffMeg,Owen\r\n0,1\r\n1,\r\n,0\r\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.matrix.coders).toEqual(['Meg', 'Owen']);
    expect(r.matrix.matrix).toEqual([['0', '1', null], ['1', null, '0']]);
    expect(r.matrix.units).toEqual(['1', '2', '3']);
  });

  it('parses numbers for the interval level and computes from them', () => {
    const r = readReliabilityTable('a,b\n1,1\n1,2\n3,3\n', 'interval');
    expect(r.ok && krippendorffAlpha(r.matrix, 'interval').value).toBeCloseTo(24 / 29, 12);
  });

  it.each([
    ['', /empty file/],
    ['a,,b\n1,2,3\n', /empty coder name in column 2/],
    ['a,a\n1,2\n', /duplicate coder name `a`/],
    ['a,b\n1,2,3\n', /3 cells on data row 1 \(line 2\)/],
    ['a,b\n1,"x\n', /CSV syntax/],
  ])('reports a bad file as a message: %j', (text, message) => {
    const r = readReliabilityTable(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('reports a non-number at the interval level with its place', () => {
    const r = readReliabilityTable('a,b\n1,2\n3,high\n', 'interval');
    expect(r).toEqual({ ok: false, message: 'Unexpected value `high` for coder `b` on data row 2 (line 3), expected a number for the interval level' });
  });
});
