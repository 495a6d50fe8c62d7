// Cohen's kappa (Cohen 1960) and Scott's pi (Scott 1955) for exactly two coders, over the units both
// coded (listwise: a unit one of them did not code is dropped and counted). Both are undefined when the
// expected agreement is 1, i.e. both coders used one and the same category (0/0).
import { checkMatrix, sortedDistinct, valueKey, type Cell, type ReliabilityMatrix, type Value } from './matrix.ts';
import { withValue, type StatisticBase } from './result.ts';

export interface TwoCoderResult extends StatisticBase {
  statistic: 'cohen_kappa' | 'scott_pi';
  /** The two coders compared. */
  pair: [string, string] | null;
  observedAgreement: number | null;
  expectedAgreement: number | null;
  /** Of the dropped units, those that exactly one of the two coded. */
  unitsCodedByOneOnly: number;
}

/** Which two coders: indices or names; defaults to the matrix's only two. */
export type PairChoice = [number | string, number | string];

export function cohenKappa(m: ReliabilityMatrix, pair?: PairChoice): TwoCoderResult {
  return twoCoder(m, 'cohen_kappa', pair);
}

export function scottPi(m: ReliabilityMatrix, pair?: PairChoice): TwoCoderResult {
  return twoCoder(m, 'scott_pi', pair);
}

function twoCoder(m: ReliabilityMatrix, statistic: TwoCoderResult['statistic'], pair?: PairChoice, checked = false): TwoCoderResult {
  if (!checked) checkMatrix(m);
  const base: TwoCoderResult = {
    statistic,
    pair: null,
    value: null,
    units: 0,
    unitsDropped: m.units.length,
    coders: m.coders.length,
    observedAgreement: null,
    expectedAgreement: null,
    unitsCodedByOneOnly: 0,
  };
  if (!pair && m.coders.length !== 2) {
    return withValue(base, null, `needs exactly two coders, found ${m.coders.length} (see the pairwise table)`);
  }
  const [ia, ib] = (pair ?? [0, 1]).map((p) => {
    const i = typeof p === 'number' ? p : m.coders.indexOf(p);
    if (i < 0 || i >= m.coders.length) throw new Error(`Unexpected coder \`${p}\`, expected one of ${m.coders.join(', ')}`);
    return i;
  });
  const a: Value[] = [];
  const b: Value[] = [];
  let oneOnly = 0;
  m.units.forEach((_, u) => {
    const x: Cell = m.matrix[ia][u];
    const y: Cell = m.matrix[ib][u];
    if (x !== null && y !== null) {
      a.push(x);
      b.push(y);
    } else if (x !== null || y !== null) oneOnly++;
  });
  const n = a.length;
  const counted = { ...base, pair: [m.coders[ia], m.coders[ib]] as [string, string], units: n, unitsDropped: m.units.length - n, unitsCodedByOneOnly: oneOnly };
  if (n === 0) return withValue(counted, null, 'no unit coded by both coders (0/0)');
  const categories = sortedDistinct([...a, ...b]).map(valueKey);
  const rowTotals = new Map(categories.map((c) => [c, 0]));
  const colTotals = new Map(categories.map((c) => [c, 0]));
  let agree = 0;
  for (let i = 0; i < n; i++) {
    const ka = valueKey(a[i]);
    const kb = valueKey(b[i]);
    if (ka === kb) agree++;
    rowTotals.set(ka, rowTotals.get(ka)! + 1);
    colTotals.set(kb, colTotals.get(kb)! + 1);
  }
  // Integer numerators keep the "expected agreement is exactly 1" test exact.
  let expectedNum = 0;
  for (const c of categories) {
    const r = rowTotals.get(c)!;
    const s = colTotals.get(c)!;
    expectedNum += statistic === 'cohen_kappa' ? 4 * r * s : (r + s) ** 2;
  }
  const expectedDen = 4 * n * n;
  const po = agree / n;
  const pe = expectedNum / expectedDen;
  const result = { ...counted, observedAgreement: po, expectedAgreement: pe };
  if (expectedNum === expectedDen) {
    return withValue(result, null, `expected agreement is 1: both coders used only \`${String(a[0])}\` (0/0)`);
  }
  return withValue(result, (po - pe) / (1 - pe));
}

export interface PairRow {
  coderA: string;
  coderB: string;
  /** Units both coded. */
  units: number;
  cohenKappa: TwoCoderResult;
  /** Share of the units both coded on which they gave the same value; null when they share none. */
  percentAgreement: number | null;
}

/** Every pair of coders (in matrix order), each over the units both coded. */
export function pairwiseTable(m: ReliabilityMatrix): PairRow[] {
  checkMatrix(m); // once: with hundreds of crowd coders there are tens of thousands of pairs
  const rows: PairRow[] = [];
  for (let i = 0; i < m.coders.length; i++) {
    for (let j = i + 1; j < m.coders.length; j++) {
      const kappa = twoCoder(m, 'cohen_kappa', [i, j], true);
      rows.push({ coderA: m.coders[i], coderB: m.coders[j], units: kappa.units, cohenKappa: kappa, percentAgreement: kappa.observedAgreement });
    }
  }
  return rows;
}
