// Krippendorff's alpha through the coincidence matrix (Krippendorff 2011, "Computing Krippendorff's
// Alpha-Reliability"): units with fewer than two values are unpairable and dropped, missing values are
// never filled, and alpha = 1 - D_o / D_e is undefined (null, with the reason) when D_e = 0.
import { checkMatrix, compareValues, sortedDistinct, unitValues, valueKey, type ReliabilityMatrix, type Value } from './matrix.ts';
import { withValue, type StatisticBase } from './result.ts';

export type Level = 'nominal' | 'ordinal' | 'interval' | 'ratio';
export const LEVELS: readonly Level[] = ['nominal', 'ordinal', 'interval', 'ratio'];

export interface AlphaResult extends StatisticBase {
  statistic: 'krippendorff_alpha';
  level: Level;
  /** n: values in pairable units (the total of the coincidence matrix). */
  pairableValues: number;
  observedDisagreement: number | null;
  expectedDisagreement: number | null;
  /** The distinct values in order and the coincidence matrix o[c][k] over them. */
  values: Value[];
  coincidence: number[][];
}

export interface AlphaOptions {
  /** For ordinal data given as strings: the categories from lowest to highest. */
  order?: Value[];
}

/** Per pairable unit: the value indices and their counts there, and m_u. Shared with the bootstrap. */
export interface PairableUnit {
  counts: Array<[number, number]>;
  m: number;
}

export interface Prepared {
  values: Value[];
  units: PairableUnit[];
  dropped: number;
  /** Set when the values do not suit the level (strings for interval, negatives for ratio). */
  problem?: string;
}

export function prepareUnits(m: ReliabilityMatrix, level: Level, options: AlphaOptions = {}): Prepared {
  checkMatrix(m);
  const perUnit = unitValues(m);
  const pairable = perUnit.filter((vs) => vs.length >= 2);
  const all = pairable.flat();
  let values = sortedDistinct(all);
  let problem: string | undefined;
  if (level === 'interval' || level === 'ratio') {
    const bad = values.find((v) => typeof v !== 'number');
    if (bad !== undefined) problem = `Unexpected non-numeric value \`${bad}\`, expected numbers for the ${level} metric`;
    else if (level === 'ratio' && (values[0] as number) < 0) problem = `Unexpected negative value \`${values[0]}\`, expected values >= 0 for the ratio metric`;
  } else if (level === 'ordinal') {
    if (options.order) {
      const rank = new Map(options.order.map((v, i) => [valueKey(v), i]));
      const unknown = values.find((v) => !rank.has(valueKey(v)));
      if (unknown !== undefined) problem = `Unexpected value \`${unknown}\`, expected one of the given order`;
      else values = values.sort((a, b) => rank.get(valueKey(a))! - rank.get(valueKey(b))!);
    } else if (values.some((v) => typeof v !== 'number')) {
      problem = 'Unexpected non-numeric values for the ordinal metric, expected numbers or an explicit `order`';
    } else values = values.sort(compareValues);
  }
  const index = new Map(values.map((v, i) => [valueKey(v), i]));
  const units = pairable.map((vs) => {
    const c = new Map<number, number>();
    for (const v of vs) {
      const i = index.get(valueKey(v))!;
      c.set(i, (c.get(i) ?? 0) + 1);
    }
    return { counts: [...c.entries()].sort((a, b) => a[0] - b[0]), m: vs.length };
  });
  return { values, units, dropped: perUnit.length - pairable.length, problem };
}

export interface Coincidences {
  /** o[c][k] = Σ_u n_uc (n_uk − [c = k]) / (m_u − 1). */
  o: number[][];
  /** n_c = Σ_k o_ck, counted directly (integers, no rounding error), and n = Σ n_c. */
  marginals: number[];
  n: number;
}

/** `weights[u]` = how many times unit u counts (the bootstrap's resample); default once each. */
export function coincidenceMatrix(size: number, units: readonly PairableUnit[], weights?: readonly number[]): Coincidences {
  const o = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const marginals = new Array<number>(size).fill(0);
  units.forEach((u, i) => {
    const times = weights ? weights[i] : 1;
    if (times === 0) return;
    const f = times / (u.m - 1);
    for (const [c, nc] of u.counts) {
      marginals[c] += times * nc;
      for (const [k, nk] of u.counts) o[c][k] += f * nc * (c === k ? nc - 1 : nk);
    }
  });
  return { o, marginals, n: marginals.reduce((a, b) => a + b, 0) };
}

/** δ²(c, k) for every pair of value indices. Ordinal uses the marginals n_g (Krippendorff 2011, E). */
export function distanceMatrix(level: Level, values: Value[], marginals: number[]): number[][] {
  const size = values.length;
  const d = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (let c = 0; c < size; c++) {
    for (let k = c + 1; k < size; k++) {
      let delta: number;
      if (level === 'nominal') delta = 1;
      else if (level === 'ordinal') {
        let s = 0;
        for (let g = c; g <= k; g++) s += marginals[g];
        delta = (s - (marginals[c] + marginals[k]) / 2) ** 2;
      } else {
        const a = values[c] as number;
        const b = values[k] as number;
        delta = level === 'interval' ? (a - b) ** 2 : a + b === 0 ? 0 : ((a - b) / (a + b)) ** 2;
      }
      d[c][k] = d[k][c] = delta;
    }
  }
  return d;
}

/** alpha from a coincidence matrix: 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck. */
export function alphaFromCoincidence(level: Level, values: Value[], { o, marginals, n }: Coincidences) {
  const d = distanceMatrix(level, values, marginals);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < values.length; c++) {
    for (let k = 0; k < values.length; k++) {
      observed += o[c][k] * d[c][k];
      expected += marginals[c] * marginals[k] * d[c][k];
    }
  }
  const Do = n > 0 ? observed / n : null;
  const De = n > 1 ? expected / (n * (n - 1)) : null;
  const used = marginals.filter((x) => x > 0).length;
  const value = used >= 2 && expected > 0 ? 1 - ((n - 1) * observed) / expected : null;
  return { n, Do, De, used, value };
}

export function krippendorffAlpha(m: ReliabilityMatrix, level: Level = 'nominal', options: AlphaOptions = {}): AlphaResult {
  const prep = prepareUnits(m, level, options);
  const base: AlphaResult = {
    statistic: 'krippendorff_alpha',
    level,
    value: null,
    units: prep.units.length,
    unitsDropped: prep.dropped,
    coders: m.coders.length,
    pairableValues: 0,
    observedDisagreement: null,
    expectedDisagreement: null,
    values: prep.values,
    coincidence: [],
  };
  if (prep.problem) return withValue(base, null, prep.problem);
  const co = coincidenceMatrix(prep.values.length, prep.units);
  const r = alphaFromCoincidence(level, prep.values, co);
  const full = { ...base, pairableValues: r.n, observedDisagreement: r.Do, expectedDisagreement: r.De, coincidence: co.o };
  if (r.n === 0) return withValue(full, null, 'no pairable values: no unit has values from two or more coders');
  if (r.used < 2) return withValue(full, null, `expected disagreement is 0: every pairable value is \`${prep.values[0]}\` (0/0)`);
  return withValue(full, r.value);
}
