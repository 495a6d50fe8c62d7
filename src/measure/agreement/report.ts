// Every statistic for one reliability matrix, as one object (for --json), and the same flattened to
// rows (for the screen table and the CSV in out/).
import { alphaBootstrap, type AlphaInterval } from './bootstrap.ts';
import { cohenKappa, pairwiseTable, scottPi, type PairRow, type TwoCoderResult } from './cohen.ts';
import { fleissKappa, type FleissResult } from './fleiss.ts';
import { krippendorffAlpha, type AlphaOptions, type AlphaResult, type Level } from './krippendorff.ts';
import { checkMatrix, type ReliabilityMatrix } from './matrix.ts';
import { percentAgreement, PERCENT_DEFINITIONS, type PercentResult } from './percent.ts';

export interface AgreementReport {
  units: number;
  coders: number;
  /** Cells with a value / without (null = the coder did not code the unit). */
  values: number;
  missing: number;
  percentAgreement: { allAgree: PercentResult; meanPairwise: PercentResult };
  cohenKappa: TwoCoderResult;
  scottPi: TwoCoderResult;
  fleissKappa: FleissResult;
  alpha: AlphaResult[];
  alphaInterval?: AlphaInterval[];
  pairwise: PairRow[];
}

export interface ReportOptions extends AlphaOptions {
  /** Levels of measurement for alpha; default nominal only. */
  levels?: Level[];
  /** Bootstrap CI for alpha: number of resamples (0 or absent = none). */
  bootstrapSamples?: number;
  seed?: number;
  ratingsPerUnit?: number;
}

export function agreementReport(m: ReliabilityMatrix, options: ReportOptions = {}): AgreementReport {
  checkMatrix(m);
  const levels = options.levels ?? ['nominal'];
  const values = m.matrix.reduce((a, row) => a + row.filter((v) => v !== null).length, 0);
  const report: AgreementReport = {
    units: m.units.length,
    coders: m.coders.length,
    values,
    missing: m.units.length * m.coders.length - values,
    percentAgreement: { allAgree: percentAgreement(m, 'all_agree'), meanPairwise: percentAgreement(m, 'mean_pairwise') },
    cohenKappa: cohenKappa(m),
    scottPi: scottPi(m),
    fleissKappa: fleissKappa(m, { ratingsPerUnit: options.ratingsPerUnit }),
    alpha: levels.map((level) => krippendorffAlpha(m, level, options)),
    pairwise: pairwiseTable(m),
  };
  if (options.bootstrapSamples) {
    report.alphaInterval = levels.map((level) => alphaBootstrap(m, level, { ...options, samples: options.bootstrapSamples, seed: options.seed }));
  }
  return report;
}

export const ROW_HEADER = ['statistic', 'variant', 'value', 'units', 'units_dropped', 'coders', 'note'] as const;
export type Row = [string, string, number | null, number, number, number, string];

/** One row per statistic; `note` carries the reason when the value is undefined, else what it means. */
export function reportRows(r: AgreementReport): Row[] {
  const row = (s: { value: number | null; units: number; unitsDropped: number; coders: number; undefinedReason?: string }, name: string, variant: string, note: string): Row => [
    name,
    variant,
    s.value,
    s.units,
    s.unitsDropped,
    s.coders,
    s.undefinedReason ? `undefined: ${s.undefinedReason}` : note,
  ];
  const rows: Row[] = [
    row(r.percentAgreement.allAgree, 'percent_agreement', 'all_agree', PERCENT_DEFINITIONS.all_agree),
    row(r.percentAgreement.meanPairwise, 'percent_agreement', 'mean_pairwise', PERCENT_DEFINITIONS.mean_pairwise),
    row(r.cohenKappa, 'cohen_kappa', '', `units both coded; ${r.cohenKappa.unitsCodedByOneOnly} coded by one only`),
    row(r.scottPi, 'scott_pi', '', 'units both coded'),
    row(r.fleissKappa, 'fleiss_kappa', r.fleissKappa.ratingsPerUnit === null ? '' : `${r.fleissKappa.ratingsPerUnit} ratings/unit`, 'units with a different number of ratings dropped'),
  ];
  r.alpha.forEach((a, i) => {
    const ci = r.alphaInterval?.[i];
    const ciNote = ci && ci.lower !== null ? `; ${Math.round(ci.confidence * 100)}% bootstrap CI [${ci.lower.toFixed(3)}, ${ci.upper!.toFixed(3)}] (${ci.samples} resamples of units)` : '';
    rows.push(row(a, 'krippendorff_alpha', a.level, `${a.pairableValues} pairable values; units with < 2 values dropped${ciNote}`));
  });
  return rows;
}

/** Fixed-width text table for the terminal; values to 3 decimals, undefined as "—". */
export function formatRows(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  const cells = [header.map(String), ...rows.map((r) => r.map((c) => (c === null ? '—' : typeof c === 'number' && !Number.isInteger(c) ? c.toFixed(3) : String(c))))];
  const last = header.length - 1;
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (i === last ? 0 : r[i].length))));
  return cells.map((r) => r.map((c, i) => (i === last ? c : i >= 2 && i < last ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n') + '\n';
}
