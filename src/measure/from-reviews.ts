// Agreement and rule quality from the review log: reads what coders decided (the views of
// migration 002) and feeds the plain-data functions of ./agreement and ./rule-quality.ts.
//
// A coder "coded" a unit when the unit is complete for them (every suggestion of the codebook
// version decided, or a `done` mark where nothing was suggested). Then each code is 1 (kept or
// added) or 0 (finished without it); a unit the coder did not finish is missing (null), never 0:
// a coder who stopped half-way did not judge the rest of the unit.
//
// The rules are scored against a reference per unit x code: the adjudication where there is one,
// else the value every coder who finished the unit agrees on; units where they disagree and nobody
// adjudicated are left out (and counted), so a dispute does not count for or against a rule.
import type { Store, Unit } from '../store/index.ts';
import { getQueue, ReviewError } from '../review/index.ts';
import { agreementByCode, type CodeAgreement, type Decision } from './agreement/by-code.ts';
import { pairwiseTable, type PairRow } from './agreement/cohen.ts';
import type { Cell } from './agreement/matrix.ts';
import { ruleQuality, type RuleQuality, type RuleQualityRow } from './rule-quality.ts';

/** The rules as a pseudo-coder in the coder x coder table (parentheses: no coder name can be this). */
export const RULES_CODER = '(rules)';
/** The pseudo-code of the pooled coder x coder rows (every unit x code cell of the queue). */
export const ALL_CODES = '(all codes)';

export interface ReviewScope {
  /** Default: the queue's version, else the latest coded version. */
  codebookVersion?: string;
  /** Default: the queue's unit, else the unit the version was last coded at. */
  unit?: Unit;
  /** Only the units of this queue (decisions made anywhere on them count: they belong to the unit). */
  queue?: string;
}

export interface ReviewData {
  codebookVersion: string;
  unit: Unit;
  queue: string | null;
  /** Codes of the version, codebook order. */
  codes: string[];
  /** Coders who finished at least one unit in scope, sorted. */
  coders: string[];
  /** One row per (unit, coder) who finished it: the codes kept or added. */
  decisions: Decision[];
  /** (unit, coder) pairs with decisions but not finished: missing in every matrix. */
  unfinished: number;
  /** Rule ids of each suggestion, unit → code → rules (units in scope only). */
  suggestions: Map<string, Map<string, string[]>>;
  /** Current adjudications, unit → code → present. */
  adjudications: Map<string, Map<string, boolean>>;
}

export interface PairAgreement extends PairRow {
  code: string;
}

export interface ReviewAgreement {
  codebookVersion: string;
  unit: Unit;
  queue: string | null;
  coders: string[];
  /** Units finished by at least one coder. */
  units: number;
  unfinished: number;
  byCode: CodeAgreement[];
  /** Per code (and pooled, code `(all codes)`), every pair of coders, the rules included as `(rules)`. */
  pairs: PairAgreement[];
  rules: RuleQuality;
  /** Unit x code pairs with a dispute nobody adjudicated: not used to score the rules. */
  disputedLeftOut: number;
}

export function reviewData(store: Store, scope: ReviewScope = {}): ReviewData {
  const db = store.db;
  let version = scope.codebookVersion ?? null;
  let unit = scope.unit ?? null;
  let inScope: (segment: string) => boolean;
  if (scope.queue) {
    const q = getQueue(store, scope.queue);
    if (version !== null && version !== q.codebookVersion) {
      throw new ReviewError(`Unexpected codebook version \`${version}\` with queue ${q.id}, expected \`${q.codebookVersion}\` (the queue's)`);
    }
    version = q.codebookVersion;
    unit ??= q.unit;
    const ids = new Set(db.prepare(`SELECT segment_id FROM queue_items WHERE queue_id = ?`).pluck().all(q.id) as string[]);
    inScope = (s) => ids.has(s);
  } else {
    version ??= store.latestCodebookVersion();
    if (!version) throw new ReviewError('Unexpected database without a coded run, expected `codeframe run` or `codeframe code` first');
    if (!db.prepare(`SELECT 1 FROM codebooks WHERE version = ?`).get(version)) {
      throw new ReviewError(`Unexpected codebook version \`${version}\`, expected one stored in the database`);
    }
    unit ??= (db.prepare(`SELECT unit FROM coding_done WHERE codebook_version = ? ORDER BY run_id DESC, unit DESC LIMIT 1`).pluck().get(version) as Unit | undefined) ?? 'sentence';
    inScope = () => true;
  }
  const codes = db.prepare(`SELECT code_id FROM codes WHERE codebook_version = ? ORDER BY ordinal`).pluck().all(version) as string[];

  const finished = new Map<string, Map<string, Set<string>>>(); // unit → coder → codes present
  let unfinished = 0;
  const unitRows = db
    .prepare(
      `SELECT u.segment_id AS segment, u.coder, u.suggestions, u.decided, u.marked_done AS markedDone
       FROM v_coder_units u JOIN segments s ON s.id = u.segment_id
       WHERE u.codebook_version = ? AND s.kind = ? ORDER BY u.segment_id, u.coder`,
    )
    .all(version, unit) as Array<{ segment: string; coder: string; suggestions: number; decided: number; markedDone: number }>;
  for (const r of unitRows) {
    if (!inScope(r.segment)) continue;
    // Touching a unit with a memo alone is not coding it, and is not "unfinished" work either.
    const complete = r.decided === r.suggestions && (r.suggestions > 0 || r.markedDone === 1);
    if (!complete) {
      if (r.decided > 0) unfinished++;
      continue;
    }
    let byCoder = finished.get(r.segment);
    if (!byCoder) finished.set(r.segment, (byCoder = new Map()));
    byCoder.set(r.coder, new Set());
  }
  for (const r of db
    .prepare(`SELECT segment_id AS segment, code_id AS code, coder FROM v_coder_codings WHERE codebook_version = ? AND present = 1`)
    .iterate(version) as IterableIterator<{ segment: string; code: string; coder: string }>) {
    finished.get(r.segment)?.get(r.coder)?.add(r.code);
  }

  const suggestions = new Map<string, Map<string, string[]>>();
  for (const r of db
    .prepare(`SELECT segment_id AS segment, code_id AS code, hits FROM v_suggestions WHERE codebook_version = ?`)
    .iterate(version) as IterableIterator<{ segment: string; code: string; hits: string }>) {
    if (!finished.has(r.segment)) continue; // only units someone finished are scored
    let byCode = suggestions.get(r.segment);
    if (!byCode) suggestions.set(r.segment, (byCode = new Map()));
    byCode.set(r.code, [...new Set((JSON.parse(r.hits) as Array<[string, unknown]>).map(([rule]) => rule))]);
  }
  const adjudications = new Map<string, Map<string, boolean>>();
  for (const r of db
    .prepare(`SELECT segment_id AS segment, code_id AS code, present FROM v_adjudication_state WHERE codebook_version = ?`)
    .all(version) as Array<{ segment: string; code: string; present: number }>) {
    if (!finished.has(r.segment)) continue;
    let byCode = adjudications.get(r.segment);
    if (!byCode) adjudications.set(r.segment, (byCode = new Map()));
    byCode.set(r.code, r.present === 1);
  }

  const decisions: Decision[] = [];
  const coderSet = new Set<string>();
  for (const [segment, byCoder] of finished) {
    for (const [coder, present] of byCoder) {
      coderSet.add(coder);
      decisions.push({ unit: segment, coder, codes: [...present].sort() });
    }
  }
  return { codebookVersion: version, unit, queue: scope.queue ?? null, codes, coders: [...coderSet].sort(), decisions, unfinished, suggestions, adjudications };
}

/** The reference (adjudicated, else agreed) per unit x code, as rows for ruleQuality(). */
export function ruleQualityRows(data: ReviewData): { rows: RuleQualityRow[]; disputedLeftOut: number } {
  const byUnit = new Map<string, Decision[]>();
  for (const d of data.decisions) {
    let list = byUnit.get(d.unit);
    if (!list) byUnit.set(d.unit, (list = []));
    list.push(d);
  }
  const rows: RuleQualityRow[] = [];
  let disputedLeftOut = 0;
  for (const [unit, decisions] of [...byUnit].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const suggested = data.suggestions.get(unit) ?? new Map<string, string[]>();
    const adjudicated = data.adjudications.get(unit) ?? new Map<string, boolean>();
    const candidates = new Set<string>([...suggested.keys(), ...adjudicated.keys(), ...decisions.flatMap((d) => d.codes ?? [])]);
    for (const code of [...candidates].sort()) {
      let reference = adjudicated.get(code);
      if (reference === undefined) {
        const votes = new Set(decisions.map((d) => (d.codes ?? []).includes(code)));
        if (votes.size > 1) {
          disputedLeftOut++;
          continue;
        }
        reference = [...votes][0]!;
      }
      const rules = suggested.get(code);
      if (rules) for (const ruleId of rules) rows.push({ unit, codeId: code, ruleId, suggested: true, accepted: reference });
      else if (reference) rows.push({ unit, codeId: code, ruleId: null, suggested: false, accepted: true });
    }
  }
  return { rows, disputedLeftOut };
}

/** Per code and pooled: every pair of coders, with the rules as one more coder (1 = suggested). */
export function coderPairs(data: ReviewData): PairAgreement[] {
  const units = [...new Set(data.decisions.map((d) => d.unit))].sort();
  const cell = new Map(data.decisions.map((d) => [`${d.unit}\u0000${d.coder}`, new Set(d.codes ?? [])]));
  const coders = [...data.coders, RULES_CODER];
  const value = (coder: string, unit: string, code: string): Cell => {
    if (coder === RULES_CODER) return data.suggestions.get(unit)?.has(code) ? 1 : 0;
    const codes = cell.get(`${unit}\u0000${coder}`);
    return codes === undefined ? null : codes.has(code) ? 1 : 0;
  };
  const out: PairAgreement[] = [];
  const matrixFor = (cells: Array<[string, string]>) => ({
    coders,
    units: cells.map(([u, c]) => `${u}|${c}`),
    matrix: coders.map((coder) => cells.map(([u, c]) => value(coder, u, c))),
  });
  for (const code of data.codes) {
    for (const p of pairwiseTable(matrixFor(units.map((u) => [u, code])))) out.push({ code, ...p });
  }
  const pooled = units.flatMap((u) => data.codes.map((c): [string, string] => [u, c]));
  for (const p of pairwiseTable(matrixFor(pooled))) out.push({ code: ALL_CODES, ...p });
  return out;
}

/** Everything `codeframe agreement` reports from the review log. */
export function reviewAgreement(store: Store, scope: ReviewScope = {}): ReviewAgreement {
  const data = reviewData(store, scope);
  const { rows, disputedLeftOut } = ruleQualityRows(data);
  return {
    codebookVersion: data.codebookVersion,
    unit: data.unit,
    queue: data.queue,
    coders: data.coders,
    units: new Set(data.decisions.map((d) => d.unit)).size,
    unfinished: data.unfinished,
    // Codebook order, as in every table.
    byCode: agreementByCode(data.decisions, { codes: data.codes }).sort((a, b) => data.codes.indexOf(a.code) - data.codes.indexOf(b.code)),
    pairs: coderPairs(data),
    rules: ruleQuality(rows),
    disputedLeftOut,
  };
}
