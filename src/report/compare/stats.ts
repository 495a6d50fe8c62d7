// The statistics behind `codeframe compare`: the chi-square distribution (through the regularized
// incomplete gamma function), Pearson's chi-square test of a contingency table with adjusted
// standardized residuals, and the percentile of a bootstrap distribution. Plain functions on
// numbers, no I/O, so each can be checked against published values.

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error below 1e-15 on the range we use). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x); // reflection
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let sum = c[0]!;
  for (let i = 1; i < 9; i++) sum += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const EPS = 1e-15;
const MAX_ITER = 10_000;

/** P(a, x) = γ(a, x) / Γ(a), the regularized lower incomplete gamma function (a > 0, x >= 0). */
export function regularizedGammaP(a: number, x: number): number {
  checkGammaArgs(a, x);
  if (x === 0) return 0;
  // The series converges fast below a + 1, the continued fraction above (Numerical Recipes §6.2).
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

/** Q(a, x) = 1 − P(a, x), computed directly so that small upper tails (tiny p-values) keep their digits. */
export function regularizedGammaQ(a: number, x: number): number {
  checkGammaArgs(a, x);
  if (x === 0) return 1;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

function checkGammaArgs(a: number, x: number): void {
  if (!(a > 0) || !Number.isFinite(a)) throw new RangeError(`Unexpected shape ${a}, expected a finite number > 0`);
  if (!(x >= 0)) throw new RangeError(`Unexpected x ${x}, expected a number >= 0`);
}

function gammaSeries(a: number, x: number): number {
  let ap = a;
  let del = 1 / a;
  let sum = del;
  for (let n = 0; n < MAX_ITER; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Q(a, x) by the modified Lentz continued fraction. */
function gammaContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** P(X <= x) for X ~ chi-square with `df` degrees of freedom. */
export function chiSquareCdf(x: number, df: number): number {
  return x <= 0 ? 0 : regularizedGammaP(df / 2, x / 2);
}

/** P(X >= x): the p-value of a chi-square statistic. */
export function chiSquareSf(x: number, df: number): number {
  return x <= 0 ? 1 : regularizedGammaQ(df / 2, x / 2);
}

export interface ChiSquareResult {
  /** Pearson's X²; null when the test is undefined (see `problem`). */
  statistic: number | null;
  df: number;
  p: number | null;
  n: number;
  /** Expected counts under independence, same shape as the input; null for a dropped row/column. */
  expected: (number | null)[][];
  /** (O − E) / sqrt(E (1 − row/N)(1 − col/N)) (Haberman 1973): about N(0, 1) under independence. */
  adjustedResiduals: (number | null)[][];
  minExpected: number | null;
  /** Cells (of the rows and columns kept) with an expected count below 5, and how many cells there are. */
  cellsBelow5: number;
  cells: number;
  /** Cochran's rule as this tool applies it: any expected count below 5 makes the p-value doubtful. */
  smallExpected: boolean;
  /** Rows and columns left out because their total is zero (they carry no information). */
  droppedRows: number[];
  droppedColumns: number[];
  problem: string | null;
}

/** Pearson's chi-square test of independence of an r × c table of counts. */
export function chiSquareTest(observed: readonly (readonly number[])[]): ChiSquareResult {
  const r = observed.length;
  const c = r ? observed[0]!.length : 0;
  for (const row of observed) {
    if (row.length !== c) throw new RangeError(`Unexpected ragged table (row of ${row.length}), expected ${c} columns in every row`);
    for (const v of row) if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`Unexpected count ${v}, expected a finite number >= 0`);
  }
  const rowSum = observed.map((row) => row.reduce((s, v) => s + v, 0));
  const colSum = Array.from({ length: c }, (_, j) => observed.reduce((s, row) => s + row[j]!, 0));
  const n = rowSum.reduce((s, v) => s + v, 0);
  const rows = rowSum.flatMap((s, i) => (s > 0 ? [i] : []));
  const cols = colSum.flatMap((s, j) => (s > 0 ? [j] : []));
  const expected = observed.map((row) => row.map(() => null as number | null));
  const adjustedResiduals = observed.map((row) => row.map(() => null as number | null));
  const result: ChiSquareResult = {
    statistic: null,
    df: Math.max(0, (rows.length - 1) * (cols.length - 1)),
    p: null,
    n,
    expected,
    adjustedResiduals,
    minExpected: null,
    cellsBelow5: 0,
    cells: rows.length * cols.length,
    smallExpected: false,
    droppedRows: rowSum.flatMap((s, i) => (s > 0 ? [] : [i])),
    droppedColumns: colSum.flatMap((s, j) => (s > 0 ? [] : [j])),
    problem: null,
  };
  if (rows.length < 2 || cols.length < 2) {
    result.problem =
      n === 0 ? 'no observations' : rows.length < 2 ? 'only one row has observations (nothing to compare)' : 'only one column has observations (nothing to compare)';
    return result;
  }
  let x2 = 0;
  let minE = Infinity;
  for (const i of rows) {
    for (const j of cols) {
      const e = (rowSum[i]! * colSum[j]!) / n;
      expected[i]![j] = e;
      const o = observed[i]![j]!;
      x2 += ((o - e) * (o - e)) / e;
      const v = e * (1 - rowSum[i]! / n) * (1 - colSum[j]! / n);
      adjustedResiduals[i]![j] = v > 0 ? (o - e) / Math.sqrt(v) : null;
      if (e < minE) minE = e;
      if (e < 5) result.cellsBelow5++;
    }
  }
  result.statistic = x2;
  result.p = chiSquareSf(x2, result.df);
  result.minExpected = minE;
  result.smallExpected = result.cellsBelow5 > 0;
  return result;
}

/** The `q` quantile of sorted values by the nearest-rank rule (the same rule as the agreement
 *  bootstrap in src/measure), so every bound is a value that some resample produced. */
export function nearestRank(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
