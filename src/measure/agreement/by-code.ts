// Agreement per code over coders' decisions: each unit is "has the code" (1) or "coded, without the
// code" (0) for each coder, and null where the coder did not code the unit at all. Keeping null apart
// from 0 is the point: a unit one coder never saw is not a unit where the coder rejected the code.
import { cohenKappa, pairwiseTable, type PairRow, type TwoCoderResult } from './cohen.ts';
import { fleissKappa, type FleissResult } from './fleiss.ts';
import { krippendorffAlpha, type AlphaResult } from './krippendorff.ts';
import { byCodeUnit, type Cell, type ReliabilityMatrix } from './matrix.ts';
import { percentAgreement, type PercentResult } from './percent.ts';

export interface Decision {
  unit: string;
  coder: string;
  /** The codes this coder gave the unit; [] = coded, no code applies; null = did not code it. */
  codes: string[] | null;
}

export interface CodeAgreement {
  code: string;
  /** Units in the matrix (every unit that appears in the decisions) and coders. */
  units: number;
  coders: number;
  /** Cells with 1 / with 0 / null. */
  withCode: number;
  withoutCode: number;
  missing: number;
  percentAgreement: { allAgree: PercentResult; meanPairwise: PercentResult };
  cohenKappa: TwoCoderResult;
  fleissKappa: FleissResult;
  alpha: AlphaResult;
  pairwise: PairRow[];
}

/** One entry per code, sorted by code id. `codes` adds codes no coder used (their statistics are then
 *  undefined, with the reason), so a table can list the whole codebook. */
export function agreementByCode(decisions: Iterable<Decision>, options: { codes?: string[] } = {}): CodeAgreement[] {
  const cells = new Map<string, Map<string, Set<string> | null>>();
  const coderSet = new Set<string>();
  const codeSet = new Set<string>(options.codes ?? []);
  for (const d of decisions) {
    coderSet.add(d.coder);
    let byCoder = cells.get(d.unit);
    if (!byCoder) cells.set(d.unit, (byCoder = new Map()));
    if (byCoder.has(d.coder)) {
      throw new Error(`Unexpected second decision for unit \`${d.unit}\` and coder \`${d.coder}\`, expected the current state: one row per unit and coder`);
    }
    byCoder.set(d.coder, d.codes === null ? null : new Set(d.codes));
    for (const c of d.codes ?? []) codeSet.add(c);
  }
  const coders = [...coderSet].sort(byCodeUnit);
  const units = [...cells.keys()].sort(byCodeUnit);
  return [...codeSet].sort(byCodeUnit).map((code) => {
    const matrix: Cell[][] = coders.map((coder) =>
      units.map((unit) => {
        const codes = cells.get(unit)!.get(coder);
        return codes === undefined || codes === null ? null : codes.has(code) ? 1 : 0;
      }),
    );
    const m: ReliabilityMatrix = { coders, units, matrix };
    const flat = matrix.flat();
    return {
      code,
      units: units.length,
      coders: coders.length,
      withCode: flat.filter((v) => v === 1).length,
      withoutCode: flat.filter((v) => v === 0).length,
      missing: flat.filter((v) => v === null).length,
      percentAgreement: { allAgree: percentAgreement(m, 'all_agree'), meanPairwise: percentAgreement(m, 'mean_pairwise') },
      cohenKappa: cohenKappa(m),
      fleissKappa: fleissKappa(m),
      alpha: krippendorffAlpha(m, 'nominal'),
      pairwise: pairwiseTable(m),
    };
  });
}
