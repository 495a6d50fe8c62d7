// Every reference case in ../shared/agreement, read generically: each expected key maps to one of our
// outputs; an expected key with no mapping fails the test (so a new case cannot be silently ignored).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  cohenKappa,
  fleissFromCounts,
  fleissKappa,
  krippendorffAlpha,
  matrixFromCategoryCounts,
  matrixFromContingencyTable,
  matrixFromUnitValues,
  percentAgreement,
  reliabilityMatrix,
  scottPi,
  type Cell,
  type ReliabilityMatrix,
} from '../../../src/measure/agreement/index.ts';
import { needShared, shared } from '../../helpers/shared.ts';

const PUBLISHED_TOLERANCE = 5e-4;

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The case's data in our one shape, or a string saying why it cannot be built here. */
function matrixOf(data: Json, dir: string): ReliabilityMatrix | string {
  const format = String(data.format);
  if (format.startsWith('reliability_matrix')) return reliabilityMatrix(data.matrix as Cell[][], data.coders);
  if (format.startsWith('contingency_table')) return matrixFromContingencyTable(data.categories, data.table);
  if (format.startsWith('fleiss_counts')) return matrixFromCategoryCounts(data.counts);
  if (format.startsWith('units')) return matrixFromUnitValues(data.units);
  const ref = /^see (\S+)/.exec(format);
  if (ref) {
    const file = readdirSync(dir).find((f) => f.startsWith(ref[1]));
    return file ? matrixOf(readCase(`${dir}/${file}`).data, dir) : `its data is in \`${ref[1]}\`, which is not in ${dir}`;
  }
  throw new Error(`Unexpected data format \`${format}\`, expected reliability_matrix, contingency_table, fleiss_counts or units`);
}

function parseFraction(s: string): number {
  const m = /^(-?\d+)\/(\d+)$/.exec(s);
  if (!m) throw new Error(`Unexpected fraction \`${s}\`, expected a/b`);
  return Number(m[1]) / Number(m[2]);
}

/** expected key → what we computed (and the reason, when undefined). Keys ending in _exact (fractions)
 *  and _published (rounded) map to the same output as their stem. */
function actual(stem: string, m: ReliabilityMatrix, data: Json): { value: number | null | number[]; reason?: string } {
  const of = (r: { value: number | null; undefinedReason?: string }) => ({ value: r.value, reason: r.undefinedReason });
  switch (stem) {
    case 'alpha_nominal':
    case 'alpha_ordinal':
    case 'alpha_interval':
    case 'alpha_ratio':
      return of(krippendorffAlpha(m, stem.slice('alpha_'.length) as 'nominal'));
    case 'percent_agreement':
    case 'percent_agreement_listwise':
      return of(percentAgreement(m, 'mean_pairwise'));
    case 'cohen_kappa':
    case 'cohen_kappa_listwise':
      return of(cohenKappa(m));
    case 'cohen_pe':
      return { value: cohenKappa(m).expectedAgreement };
    case 'scott_pi':
      return of(scottPi(m));
    case 'fleiss_kappa':
      return of(fleissKappa(m));
    case 'P_bar':
      return { value: fleissKappa(m).pBar };
    case 'P_e':
      return { value: fleissKappa(m).pE };
    case 'P_i':
      return { value: fleissFromCounts(data.counts).unitAgreement };
    case 'p_j':
      return { value: fleissFromCounts(data.counts).categoryProportions };
    default:
      throw new Error(`no checker for expected key \`${stem}\``);
  }
}

/** The files are Python json.dump output: a tool's observed NaN is written as a bare `NaN`, which
 *  JSON.parse refuses. It only occurs in the tools' observations; read it as null. */
function readCase(path: string): Json {
  return JSON.parse(readFileSync(path, 'utf8').replace(/:\s*NaN(?=\s*[,}\]])/g, ': null'));
}

const IGNORED = new Set(['note', 'convention']);

function checks(expected: Json, tolerance: Json): Array<{ key: string; stem: string; want: number | null | number[]; tol: number }> {
  const exactTol = typeof tolerance === 'number' ? tolerance : Number(tolerance.exact);
  return Object.entries(expected)
    .filter(([key]) => !IGNORED.has(key))
    .map(([key, want]) => {
      if (key.endsWith('_published')) return { key, stem: key.slice(0, -'_published'.length), want: want as number, tol: PUBLISHED_TOLERANCE };
      if (key.endsWith('_exact')) return { key, stem: key.slice(0, -'_exact'.length), want: parseFraction(want as string), tol: exactTol };
      return { key, stem: key, want: want as number | null, tol: exactTol };
    });
}

const DIR = shared('agreement');
const files = existsSync(DIR) ? readdirSync(DIR).filter((f) => f.endsWith('.json')).sort() : [];

describe.runIf(needShared('published agreement cases'))('published agreement cases (../shared/agreement)', () => {
  it('finds the cases', () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
  });

  for (const file of files) {
    const doc = readCase(`${DIR}/${file}`);
    // A file is either one case (data + expected) or a list of named sub-cases.
    const cases: Array<{ name: string; data: Json; expected: Json }> = Array.isArray(doc.cases)
      ? doc.cases.map((c: Json) => ({ name: `${doc.id} / ${c.name}`, data: c.data, expected: c.expected }))
      : [{ name: doc.id, data: doc.data, expected: doc.expected }];
    for (const c of cases) {
      const m = matrixOf(c.data, DIR);
      if (typeof m === 'string') {
        it.skip(`${c.name}: skipped, ${m}`, () => {});
        continue;
      }
      for (const { key, stem, want, tol } of checks(c.expected, doc.tolerance)) {
        it(`${c.name}: ${key}`, () => {
          const { value: got, reason } = actual(stem, m, c.data);
          if (want === null) {
            // Undefined (0/0) must come back as null, with a reason, never as 1, 0 or NaN.
            expect(got).toBeNull();
            expect(reason).toMatch(/0\/0/);
            return;
          }
          if (Array.isArray(want)) {
            expect(Array.isArray(got)).toBe(true);
            const arr = got as number[];
            expect(arr.length).toBe(want.length);
            want.forEach((w, i) => expect(Math.abs(arr[i] - w), `${key}[${i}]: ${arr[i]} vs ${w}`).toBeLessThanOrEqual(tol));
            return;
          }
          expect(typeof got).toBe('number');
          expect(Math.abs((got as number) - want), `${key}: ${got} vs ${want}`).toBeLessThanOrEqual(tol);
        });
      }
    }
  }
});
