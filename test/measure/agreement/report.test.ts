import { describe, expect, it } from 'vitest';
import { agreementReport, formatRows, reliabilityMatrix, reportRows, ROW_HEADER } from '../../../src/measure/agreement/index.ts';

describe('agreementReport / reportRows', () => {
  // Krippendorff 2011 section A (Meg and Owen): alpha 2/21, kappa 1/11, percent 0.6.
  const m = reliabilityMatrix([[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]], ['Meg', 'Owen']);

  it('names each statistic and its variant, with counts', () => {
    const rows = reportRows(agreementReport(m, { levels: ['nominal', 'interval'] }));
    expect(rows.map((r) => `${r[0]}/${r[1]}`)).toEqual([
      'percent_agreement/all_agree',
      'percent_agreement/mean_pairwise',
      'cohen_kappa/',
      'scott_pi/',
      'fleiss_kappa/2 ratings/unit',
      'krippendorff_alpha/nominal',
      'krippendorff_alpha/interval',
    ]);
    expect(rows[2][2]).toBeCloseTo(1 / 11, 15);
    expect(rows[5][2]).toBeCloseTo(2 / 21, 15);
    expect(rows[5].slice(3, 6)).toEqual([10, 0, 2]);
  });

  it('formats a table with undefined values as a dash and the reason in the note', () => {
    const flat = reliabilityMatrix([[1, 1], [1, 1]]);
    const text = formatRows(ROW_HEADER, reportRows(agreementReport(flat)));
    expect(text).toMatch(/^statistic\s+variant\s+value/);
    expect(text).toMatch(/krippendorff_alpha\s+nominal\s+—\s+2\s+0\s+2\s+undefined: expected disagreement is 0/);
    expect(text).not.toMatch(/NaN/);
  });
});
