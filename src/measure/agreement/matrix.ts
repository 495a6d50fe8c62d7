// The reliability matrix every agreement statistic reads: coders × units, one value per cell,
// null = this coder did not code this unit ("missing", never the same as a value such as 0).
// Also the converters from the other shapes data arrives in (long rows, values per unit,
// a two-coder contingency table, Fleiss' category counts), so each statistic has one input.

export type Value = string | number;
export type Cell = Value | null;

export interface ReliabilityMatrix {
  coders: string[];
  /** Unit ids, one per column; defaults to "1", "2", ... when the data has none. */
  units: string[];
  /** matrix[coder][unit]. */
  matrix: Cell[][];
}

/** Throws on API misuse (ragged rows, NaN, ±Infinity, ids that do not match the matrix);
 *  data problems such as too few coders are reported by each statistic as undefined, with a reason. */
export function checkMatrix(m: ReliabilityMatrix): void {
  if (m.matrix.length !== m.coders.length) {
    throw new Error(`Unexpected ${m.matrix.length} matrix rows, expected one per coder (${m.coders.length})`);
  }
  m.matrix.forEach((row, c) => {
    if (row.length !== m.units.length) {
      throw new Error(`Unexpected ${row.length} cells for coder \`${m.coders[c]}\`, expected one per unit (${m.units.length})`);
    }
    row.forEach((v, u) => {
      if (v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) return;
      throw new Error(`Unexpected value \`${String(v)}\` (coder \`${m.coders[c]}\`, unit \`${m.units[u]}\`), expected a string, a finite number or null`);
    });
  });
}

/** Build from rows of values (coders × units) without names. */
export function reliabilityMatrix(matrix: Cell[][], coders?: string[], units?: string[]): ReliabilityMatrix {
  const width = matrix[0]?.length ?? 0;
  const m = {
    coders: coders ?? matrix.map((_, i) => String(i + 1)),
    units: units ?? Array.from({ length: width }, (_, i) => String(i + 1)),
    matrix,
  };
  checkMatrix(m);
  return m;
}

/** Identity of a value for counting: 1 and "1" are different categories. */
export function valueKey(v: Value): string {
  return (typeof v === 'number' ? 'n:' : 's:') + String(v);
}

/** The non-missing values of each unit (a column of the matrix), coders' order kept. */
export function unitValues(m: ReliabilityMatrix): Value[][] {
  return m.units.map((_, u) => {
    const values: Value[] = [];
    for (const row of m.matrix) {
      const v = row[u];
      if (v !== null) values.push(v);
    }
    return values;
  });
}

/** Distinct values in a stable order: numbers ascending, then strings by code unit. */
export function sortedDistinct(values: Iterable<Value>): Value[] {
  const byKey = new Map<string, Value>();
  for (const v of values) byKey.set(valueKey(v), v);
  return [...byKey.values()].sort(compareValues);
}

export function compareValues(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface LongRow {
  unit: string;
  coder: string;
  value: Value | null;
}

export interface FromRowsResult {
  matrix: ReliabilityMatrix;
  /** Rows for a (unit, coder) already seen: the first row wins. */
  duplicates: number;
  /** Of those, how many carried a different value from the first. */
  conflictingDuplicates: number;
}

/** Long format (one row per coder judgement) → matrix. Coders and units are sorted, so the result does
 *  not depend on row order. A coder judging a unit twice is one coder, not two: the first row is kept
 *  (with `duplicates: 'error'` it throws instead), and both counts are returned so a caller can say so. */
export function matrixFromRows(rows: Iterable<LongRow>, options: { duplicates?: 'first' | 'error' } = {}): FromRowsResult {
  const cells = new Map<string, Map<string, Value | null>>();
  const coderSet = new Set<string>();
  let duplicates = 0;
  let conflictingDuplicates = 0;
  for (const r of rows) {
    coderSet.add(r.coder);
    let byCoder = cells.get(r.unit);
    if (!byCoder) cells.set(r.unit, (byCoder = new Map()));
    if (byCoder.has(r.coder)) {
      if (options.duplicates === 'error') {
        throw new Error(`Unexpected second row for unit \`${r.unit}\` and coder \`${r.coder}\`, expected one row per unit and coder`);
      }
      duplicates++;
      const first = byCoder.get(r.coder) ?? null;
      const same = first === null || r.value === null ? first === r.value : valueKey(first) === valueKey(r.value);
      if (!same) conflictingDuplicates++;
      continue;
    }
    byCoder.set(r.coder, r.value);
  }
  const coders = [...coderSet].sort(byCodeUnit);
  const units = [...cells.keys()].sort(byCodeUnit);
  const matrix = coders.map((c) => units.map((u) => cells.get(u)!.get(c) ?? null));
  return { matrix: { coders, units, matrix }, duplicates, conflictingDuplicates };
}

export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Values per unit (coder identity unknown) → matrix: the k-th value of a unit goes to coder k. Right for
 *  alpha, percent agreement and Fleiss' kappa, which do not use coder identity; not for Cohen's kappa. */
export function matrixFromUnitValues(units: Cell[][]): ReliabilityMatrix {
  const width = Math.max(0, ...units.map((u) => u.length));
  const matrix = Array.from({ length: width }, (_, k) => units.map((u) => u[k] ?? null));
  return reliabilityMatrix(matrix);
}

/** Two-coder contingency table (rows = coder A's category, columns = coder B's) → 2 × N matrix. */
export function matrixFromContingencyTable(categories: Value[], table: number[][]): ReliabilityMatrix {
  const a: Cell[] = [];
  const b: Cell[] = [];
  table.forEach((row, i) =>
    row.forEach((count, j) => {
      if (!Number.isInteger(count) || count < 0) throw new Error(`Unexpected count \`${count}\` at [${i}][${j}], expected a non-negative integer`);
      for (let k = 0; k < count; k++) {
        a.push(categories[i]);
        b.push(categories[j]);
      }
    }),
  );
  return reliabilityMatrix([a, b], ['A', 'B']);
}

/** Fleiss' count table (rows = units, columns = categories, n_ij = raters putting unit i in j) → matrix,
 *  with the categories numbered 0.. unless named. */
export function matrixFromCategoryCounts(counts: number[][], categories?: Value[]): ReliabilityMatrix {
  return matrixFromUnitValues(counts.map((row) => row.flatMap((n, j) => Array<Cell>(n).fill(categories ? categories[j] : j))));
}
