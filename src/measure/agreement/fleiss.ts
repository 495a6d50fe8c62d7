// Fleiss' kappa (Fleiss 1971): agreement among a fixed number of ratings per unit, coders need not be
// the same people from unit to unit. Units with a different number of ratings are dropped and counted;
// by default the number kept is the most common count among units with 2+ ratings (ties: the larger).
// Undefined when every rating falls in one category (P_e = 1, 0/0).
import { checkMatrix, sortedDistinct, unitValues, valueKey, type ReliabilityMatrix, type Value } from './matrix.ts';
import { withValue, type StatisticBase } from './result.ts';

export interface FleissCore {
  value: number | null;
  undefinedReason?: string;
  /** P̄: mean agreement per unit; P_e: chance agreement Σ p_j². */
  pBar: number | null;
  pE: number | null;
  /** p_j, the share of all ratings in category j. */
  categoryProportions: number[];
  /** P_i per unit. */
  unitAgreement: number[];
}

/** From a count table: counts[i][j] = ratings of unit i in category j; every row must sum to the same n >= 2. */
export function fleissFromCounts(counts: number[][]): FleissCore {
  const empty: FleissCore = { value: null, pBar: null, pE: null, categoryProportions: [], unitAgreement: [] };
  if (counts.length === 0) return { ...empty, undefinedReason: 'no units' };
  const sums = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const n = sums[0];
  const odd = sums.findIndex((s) => s !== n);
  if (odd >= 0) throw new Error(`Unexpected ${sums[odd]} ratings for unit ${odd + 1}, expected ${n} as for unit 1 (Fleiss' kappa needs the same number per unit)`);
  if (n < 2) return { ...empty, undefinedReason: `needs 2+ ratings per unit, found ${n}` };
  const N = counts.length;
  const k = counts[0].length;
  const unitAgreement = counts.map((row) => (row.reduce((a, c) => a + c * c, 0) - n) / (n * (n - 1)));
  const pBar = unitAgreement.reduce((a, b) => a + b, 0) / N;
  const colTotals = Array.from({ length: k }, (_, j) => counts.reduce((a, row) => a + row[j], 0));
  const categoryProportions = colTotals.map((t) => t / (N * n));
  const pE = categoryProportions.reduce((a, p) => a + p * p, 0);
  const used = colTotals.filter((t) => t > 0).length;
  if (used < 2) return { value: null, undefinedReason: 'every rating is in one category: P_e = 1 (0/0)', pBar, pE, categoryProportions, unitAgreement };
  return { value: (pBar - pE) / (1 - pE), pBar, pE, categoryProportions, unitAgreement };
}

export interface FleissResult extends StatisticBase {
  statistic: 'fleiss_kappa';
  /** The fixed number of ratings per unit used. */
  ratingsPerUnit: number | null;
  pBar: number | null;
  pE: number | null;
  categories: Array<{ value: Value; proportion: number }>;
}

export function fleissKappa(m: ReliabilityMatrix, options: { ratingsPerUnit?: number } = {}): FleissResult {
  checkMatrix(m);
  const perUnit = unitValues(m);
  const base: FleissResult = {
    statistic: 'fleiss_kappa',
    value: null,
    units: 0,
    unitsDropped: perUnit.length,
    coders: m.coders.length,
    ratingsPerUnit: null,
    pBar: null,
    pE: null,
    categories: [],
  };
  const r = options.ratingsPerUnit ?? modalCount(perUnit.map((vs) => vs.length).filter((c) => c >= 2));
  if (r === null) return withValue(base, null, 'no unit has ratings from two or more coders');
  const kept = perUnit.filter((vs) => vs.length === r);
  const counted = { ...base, ratingsPerUnit: r, units: kept.length, unitsDropped: perUnit.length - kept.length };
  if (kept.length === 0) return withValue(counted, null, `no unit has exactly ${r} ratings`);
  const categories = sortedDistinct(kept.flat());
  const index = new Map(categories.map((v, j) => [valueKey(v), j]));
  const counts = kept.map((vs) => {
    const row = new Array<number>(categories.length).fill(0);
    for (const v of vs) row[index.get(valueKey(v))!]++;
    return row;
  });
  const core = fleissFromCounts(counts);
  const result = {
    ...counted,
    pBar: core.pBar,
    pE: core.pE,
    categories: categories.map((value, j) => ({ value, proportion: core.categoryProportions[j] })),
  };
  return withValue(result, core.value, core.undefinedReason);
}

function modalCount(counts: number[]): number | null {
  const freq = new Map<number, number>();
  for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1);
  let best: number | null = null;
  for (const [c, f] of freq) {
    if (best === null || f > freq.get(best)! || (f === freq.get(best)! && c > best)) best = c;
  }
  return best;
}
