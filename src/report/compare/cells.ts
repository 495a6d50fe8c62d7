// The study's structured comparison, as numbers (write.ts turns them into CSV and Markdown).
//
// A cell is (principle code, context, actor group):
//   context `all`             units coded with the principle
//   context dimension D       units coded with the principle and with D (same unit)
//   context level L           units coded with the principle and with L (same unit)
// in the documents of the actor group (the document's `actor_group`). Measures per cell:
//   units coded, documents with at least one (share of the group's documents), units per 1,000
//   words of the group's documents; each with a percentile bootstrap interval that resamples the
//   group's documents with replacement (documents are what was sampled; units within a document
//   are not independent), seeded per group so a group's interval depends on its own documents only.
// Test per (principle, context): Pearson's chi-square on units, coded vs not coded × actor group.
// Units, because the table counts units and the question is whether a group's units carry the code
// more often; the caveat (units of one document are clustered, so the p-value is optimistic) is
// printed with the test, and the document-resampled intervals are the check on it.
import type { CodeRow } from '../../store/index.ts';
import { mulberry32 } from '../../measure/agreement/bootstrap.ts';
import { chiSquareTest, nearestRank, type ChiSquareResult } from './stats.ts';
import { actorGroupsOf, codesByUnit, groupOf, type CodedData } from './units.ts';

export interface CompareOptions {
  /** Code group ids; default: the first group whose id starts with principle / dimension / level. */
  principles?: string;
  dimensions?: string;
  levels?: string;
  /** Bootstrap resamples; 0: no intervals. Default 1000. */
  bootstrap?: number;
  seed?: number;
  confidence?: number;
}

export type ContextKind = 'all' | 'dimension' | 'level';

export interface Context {
  by: ContextKind;
  /** The dimension or level code; null for `all`. */
  code: string | null;
}

export interface Interval {
  lower: number | null;
  upper: number | null;
}

/** Small counts are flagged, never hidden. */
export type CellFlag = 'few_documents' | 'few_units' | 'expected_below_5';

export interface CompareCell {
  principle: string;
  by: ContextKind;
  context: string | null;
  actorGroup: string;
  /** The group's documents, their words, and their units (segments of the unit kind). */
  documents: number;
  words: number;
  units: number;
  unitsCoded: number;
  documentsCoded: number;
  share: number | null;
  ratePer1000: number | null;
  ci: { unitsCoded: Interval; share: Interval; ratePer1000: Interval };
  /** Expected coded units under independence, and the adjusted standardized residual. */
  expected: number | null;
  adjustedResidual: number | null;
  flags: CellFlag[];
}

export interface CompareTest {
  principle: string;
  by: ContextKind;
  context: string | null;
  /** Actor groups in the test's columns (all groups; a group with no units is dropped by the test). */
  groups: string[];
  result: ChiSquareResult;
}

export interface Comparison {
  codings: CodedData['codings'];
  codebookVersion: string;
  unit: CodedData['unit'];
  basis: string;
  groups: { id: string; documents: number; words: number; units: number }[];
  principleGroup: string | null;
  dimensionGroup: string | null;
  levelGroup: string | null;
  principles: CodeRow[];
  contexts: Context[];
  cells: CompareCell[];
  tests: CompareTest[];
  bootstrap: { samples: number; seed: number; confidence: number; method: string };
  /** Why a part is empty (e.g. the codebook has no level group). */
  notes: string[];
}

export const FEW_DOCUMENTS = 5;
export const FEW_UNITS = 5;

export function buildComparison(data: CodedData, opts: CompareOptions = {}): Comparison {
  const samples = opts.bootstrap ?? 1000;
  const seed = opts.seed ?? 1;
  const confidence = opts.confidence ?? 0.95;
  if (!Number.isInteger(samples) || samples < 0) throw new RangeError(`Unexpected bootstrap ${samples}, expected a whole number >= 0`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`Unexpected confidence ${confidence}, expected a number between 0 and 1`);

  const pGroup = groupOf(data.codes, opts.principles, 'principle');
  const dGroup = groupOf(data.codes, opts.dimensions, 'dimension');
  const lGroup = groupOf(data.codes, opts.levels, 'level');
  const inGroup = (g: string | null) => data.codes.filter((c) => c.group_id === g);
  const principles = inGroup(pGroup);
  const contexts: Context[] = [
    { by: 'all', code: null },
    ...inGroup(dGroup).map((c) => ({ by: 'dimension' as const, code: c.code_id })),
    ...inGroup(lGroup).map((c) => ({ by: 'level' as const, code: c.code_id })),
  ];
  const notes: string[] = [];
  const groupIds = [...new Set(data.codes.map((c) => c.group_id))].map((g) => `\`${g}\``).join(', ') || '(none)';
  for (const [what, id, list] of [['principle', pGroup, principles], ['dimension', dGroup, inGroup(dGroup)], ['level', lGroup, inGroup(lGroup)]] as const) {
    if (list.length === 0) notes.push(`No ${what} codes: ${id === null ? `no code group id starts with "${what}"` : `group \`${id}\` has no codes`}; the codebook's groups: ${groupIds}.`);
  }

  // Per document, coded units per key (principle × context).
  const K = principles.length * contexts.length;
  const key = (p: number, c: number) => p * contexts.length + c;
  const docIndex = new Map(data.documents.map((d, i) => [d.sha256, i]));
  const perDoc = data.documents.map(() => new Int32Array(K));
  const unitDoc = new Map(data.units.map((u) => [u.segment_id, u.sha256]));
  for (const [segment, codes] of codesByUnit(data.units)) {
    const d = docIndex.get(unitDoc.get(segment)!);
    if (d === undefined) continue;
    principles.forEach((p, pi) => {
      if (!codes.has(p.code_id)) return;
      contexts.forEach((c, ci) => {
        if (c.code === null || codes.has(c.code)) perDoc[d]![key(pi, ci)]!++;
      });
    });
  }

  const groups = actorGroupsOf(data.documents).map((id) => {
    const docs = data.documents.flatMap((d, i) => (d.actor_group === id ? [i] : []));
    return {
      id,
      docs,
      documents: docs.length,
      words: docs.reduce((n, i) => n + data.documents[i]!.word_count, 0),
      units: docs.reduce((n, i) => n + data.documents[i]!.units, 0),
    };
  });

  const tail = (1 - confidence) / 2;
  const cellsByKey = new Map<number, CompareCell[]>();
  for (const g of groups) {
    const boot = samples > 0 ? bootstrapGroup(g.docs.map((i) => perDoc[i]!), g.docs.map((i) => data.documents[i]!.word_count), K, samples, seed ^ hash32(g.id)) : null;
    principles.forEach((p, pi) =>
      contexts.forEach((c, ci) => {
        const k = key(pi, ci);
        let unitsCoded = 0;
        let documentsCoded = 0;
        for (const i of g.docs) {
          unitsCoded += perDoc[i]![k]!;
          if (perDoc[i]![k]! > 0) documentsCoded++;
        }
        const interval = (xs: number[] | undefined): Interval => {
          if (!xs) return { lower: null, upper: null };
          const sorted = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
          return { lower: nearestRank(sorted, tail), upper: nearestRank(sorted, 1 - tail) };
        };
        const cell: CompareCell = {
          principle: p.code_id,
          by: c.by,
          context: c.code,
          actorGroup: g.id,
          documents: g.documents,
          words: g.words,
          units: g.units,
          unitsCoded,
          documentsCoded,
          share: g.documents ? documentsCoded / g.documents : null,
          ratePer1000: g.words ? (unitsCoded * 1000) / g.words : null,
          ci: { unitsCoded: interval(boot?.units[k]), share: interval(boot?.share[k]), ratePer1000: interval(boot?.rate[k]) },
          expected: null,
          adjustedResidual: null,
          flags: [],
        };
        if (g.documents < FEW_DOCUMENTS) cell.flags.push('few_documents');
        if (unitsCoded < FEW_UNITS) cell.flags.push('few_units');
        (cellsByKey.get(k) ?? cellsByKey.set(k, []).get(k)!).push(cell);
      }),
    );
  }

  // Cells in table order: principle, context, then actor group (the columns of one test together).
  const cells = [...cellsByKey.keys()].sort((a, b) => a - b).flatMap((k) => cellsByKey.get(k)!);
  const tests: CompareTest[] = [];
  principles.forEach((p, pi) =>
    contexts.forEach((c, ci) => {
      const row = cellsByKey.get(key(pi, ci)) ?? [];
      const result = chiSquareTest([row.map((x) => x.unitsCoded), row.map((x) => x.units - x.unitsCoded)]);
      if (result.droppedRows.includes(0) && result.n > 0) result.problem = `no ${data.unit} is coded this way`;
      row.forEach((cell, j) => {
        cell.expected = result.expected[0]![j] ?? null;
        cell.adjustedResidual = result.adjustedResiduals[0]![j] ?? null;
        if (cell.expected !== null && cell.expected < 5) cell.flags.push('expected_below_5');
      });
      tests.push({ principle: p.code_id, by: c.by, context: c.code, groups: row.map((x) => x.actorGroup), result });
    }),
  );

  return {
    codings: data.codings,
    codebookVersion: data.codebookVersion,
    unit: data.unit,
    basis: data.basis,
    groups: groups.map(({ id, documents, words, units }) => ({ id, documents, words, units })),
    principleGroup: pGroup,
    dimensionGroup: dGroup,
    levelGroup: lGroup,
    principles,
    contexts,
    cells,
    tests,
    bootstrap: {
      samples,
      seed,
      confidence,
      method: 'percentile (nearest rank), resampling each actor group\'s documents with replacement; PRNG mulberry32 seeded with seed XOR FNV-1a(group id)',
    },
    notes,
  };
}

interface GroupBootstrap {
  units: number[][];
  share: number[][];
  rate: number[][];
}

/** Resamples the group's documents `samples` times; one draw per resample serves every key, so the
 *  intervals of one group are consistent with each other. Rate is NaN when a resample has no words. */
function bootstrapGroup(counts: Int32Array[], words: number[], K: number, samples: number, seed: number): GroupBootstrap {
  const n = counts.length;
  const out: GroupBootstrap = { units: [], share: [], rate: [] };
  for (let k = 0; k < K; k++) out.units.push([]), out.share.push([]), out.rate.push([]);
  if (n === 0) return out;
  const random = mulberry32(seed >>> 0);
  const units = new Float64Array(K);
  const coded = new Float64Array(K);
  for (let b = 0; b < samples; b++) {
    units.fill(0);
    coded.fill(0);
    let w = 0;
    for (let t = 0; t < n; t++) {
      const i = Math.floor(random() * n);
      const row = counts[i]!;
      w += words[i]!;
      for (let k = 0; k < K; k++) {
        units[k]! += row[k]!;
        if (row[k]! > 0) coded[k]!++;
      }
    }
    for (let k = 0; k < K; k++) {
      out.units[k]!.push(units[k]!);
      out.share[k]!.push(coded[k]! / n);
      out.rate[k]!.push(w > 0 ? (units[k]! * 1000) / w : NaN);
    }
  }
  return out;
}

/** FNV-1a over UTF-16 code units: a stable 32-bit number per group id. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
