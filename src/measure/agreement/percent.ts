// Percent agreement, which the literature uses in two senses; both are reported, by name:
// - `all_agree`: the share of units on which every coder who coded the unit gave the same value;
// - `mean_pairwise`: per unit, the share of coder pairs that agree, averaged over units (Fleiss' P̄;
//   NLTK's avg_Ao and R irr's agree() for two coders).
// For two coders they coincide. Units with fewer than two values are dropped (nothing to agree on).
import { checkMatrix, unitValues, valueKey, type ReliabilityMatrix } from './matrix.ts';
import { withValue, type StatisticBase } from './result.ts';

export type PercentDefinition = 'all_agree' | 'mean_pairwise';

export interface PercentResult extends StatisticBase {
  statistic: 'percent_agreement';
  definition: PercentDefinition;
}

export const PERCENT_DEFINITIONS: Record<PercentDefinition, string> = {
  all_agree: 'share of units (with 2+ values) on which all coders gave the same value',
  mean_pairwise: 'share of agreeing coder pairs per unit, averaged over units with 2+ values',
};

export function percentAgreement(m: ReliabilityMatrix, definition: PercentDefinition): PercentResult {
  checkMatrix(m);
  const perUnit = unitValues(m).filter((vs) => vs.length >= 2);
  let total = 0;
  for (const vs of perUnit) {
    const counts = new Map<string, number>();
    for (const v of vs) counts.set(valueKey(v), (counts.get(valueKey(v)) ?? 0) + 1);
    if (definition === 'all_agree') total += counts.size === 1 ? 1 : 0;
    else {
      let agreeing = 0;
      for (const c of counts.values()) agreeing += (c * (c - 1)) / 2;
      total += agreeing / ((vs.length * (vs.length - 1)) / 2);
    }
  }
  const base: PercentResult = {
    statistic: 'percent_agreement',
    definition,
    value: null,
    units: perUnit.length,
    unitsDropped: m.units.length - perUnit.length,
    coders: m.coders.length,
  };
  return perUnit.length === 0
    ? withValue(base, null, 'no unit has values from two or more coders (0/0)')
    : withValue(base, total / perUnit.length);
}
