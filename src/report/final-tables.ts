// Which codings the tables count: the unit x code rows tables.ts aggregates, for one of
//   final      adjudicated where there is an adjudication, else what the coders who coded the unit
//              agree on (kept, added or rejected), else the rules' suggestion (the default);
//   auto       the rules alone (what tables counted before there were reviews);
//   coder:NAME one coder's current codings, on the units that coder decided.
// With no review in the database, final = auto, row for row.
import {
  autoCodesOfUnits,
  codedDocuments,
  codedUnits,
  unitCodeCounts,
  unitCodePairs,
  type CodedDocumentRow,
  type CodedUnitRow,
  type Store,
  type Unit,
} from '../store/index.ts';
import { finalCodings, ReviewError } from '../review/index.ts';

export type CodingsMode = 'auto' | 'final' | 'coder';

export interface CodingsChoice {
  mode: CodingsMode;
  /** Required with mode `coder`. */
  coder?: string;
}

/** `auto`, `final` or `coder:NAME` (the `--codings` flag) → a choice; null for anything else. */
export function parseCodings(flag: string | undefined): CodingsChoice | null {
  if (flag === undefined || flag === 'final') return { mode: 'final' };
  if (flag === 'auto') return { mode: 'auto' };
  const m = /^coder:(.+)$/.exec(flag);
  return m ? { mode: 'coder', coder: m[1]! } : null;
}

/** The first line of every table's header: which codings count. `changed`: for final, the unit x
 *  code pairs that differ from auto; for coder, the units the coder decided. */
export function describeCodings(choice: CodingsChoice, changed?: number): string {
  switch (choice.mode) {
    case 'auto':
      return 'auto codings (the rules alone; reviews ignored)';
    case 'final':
      return 'final codings: adjudicated where present, else what the coders agree on (accepted, added, rejected), else auto' +
        (changed === undefined ? '' : ` (${changed} unit-code pair(s) differ from auto)`);
    case 'coder':
      return `codings of coder \`${choice.coder}\` alone: only the ${changed ?? 'N'} unit(s) that coder decided count`;
  }
}

type Options = CodingsChoice & { codebookVersion: string; unit: Unit };

/** The rows tables.ts counts (sha256, segment_id, code_id, actor_group), ordered by segment_id, code_id
 *  like codedUnits(): principle x dimension relies on a unit's codes being adjacent. */
export function unitCodesFor(store: Store, opts: Options): CodedUnitRow[] {
  return compute(store, opts).rows;
}

/** unitCodesFor() and the header line describing it, in one pass over the database (for tables.ts). */
export function codingsForTables(store: Store, opts: Options): { rows: CodedUnitRow[]; description: string } {
  const { rows, changed } = compute(store, opts);
  if (opts.mode === 'auto') return { rows, description: describeCodings(opts) };
  if (opts.mode === 'coder') return { rows, description: describeCodings(opts, new Set(rows.map((r) => r.segment_id)).size) };
  return { rows, description: describeCodings(opts, changed) };
}

/** What the tables count, aggregated: units per document (sha256) and code, units and documents per
 *  code x actor group, units per ordered pair of different codes (a\u0000b and b\u0000a alike).
 *  documentCode is by document, then code: a key per document x code cost 4.9 M string keys built
 *  and looked up for 100,000 documents x 49 codes (3 s and ~100 MB in `codeframe tables`). */
export interface TableCounts {
  documentCode: Map<string, Map<string, number>>;
  codeGroup: Map<string, { units: number; documents: number }>;
  pairs: Map<string, number>;
}

/** Key of the TableCounts maps. */
export const countKey = (a: string, b: string): string => `${a}\u0000${b}`;

/** The counts of tables.ts and the header line describing them. auto and final sum the per-document
 *  counts the store keeps (unit_code_counts, unit_code_pairs), final with the few reviewed units
 *  applied as deltas: each one's auto codes taken out, its final codes put in. coder (a few rows)
 *  counts the rows. The same numbers as countRows(codingsForTables().rows); a test holds them equal. */
export function countsForTables(
  store: Store,
  opts: Options & { docs?: CodedDocumentRow[] },
): { counts: TableCounts; description: string } {
  if (opts.mode === 'coder') {
    const { rows, description } = codingsForTables(store, opts);
    return { counts: countRows(rows), description };
  }
  if (opts.mode !== 'auto' && opts.mode !== 'final') {
    throw new ReviewError(`Unexpected codings mode \`${String(opts.mode)}\`, expected auto, final or coder`);
  }
  const { codebookVersion: version, unit } = opts;
  const db = store.db;
  const docs = opts.docs ?? codedDocuments(db, version, unit);
  const documentCode = new Map<string, Map<string, number>>();
  for (const r of unitCodeCounts(db, version, unit)) addDocumentCode(documentCode, r.sha256, r.code_id, r.units);
  const pairs = new Map<string, number>();
  for (const r of unitCodePairs(db, version, unit)) {
    pairs.set(countKey(r.code_a, r.code_b), r.units);
    pairs.set(countKey(r.code_b, r.code_a), r.units);
  }
  let changed = 0;
  const reviewed =
    opts.mode === 'final' && db.prepare(`SELECT EXISTS (SELECT 1 FROM reviews) OR EXISTS (SELECT 1 FROM adjudications)`).pluck().get() === 1;
  if (reviewed) {
    // Per reviewed unit: its auto codes and its final codes (auto, with the overrides on top).
    const overrides = overridesOf(store, version, unit);
    const units = new Map<string, { sha256: string; auto: Set<string>; final: Set<string> }>();
    for (const o of overrides.values()) {
      if (!units.has(o.row.segment_id)) units.set(o.row.segment_id, { sha256: o.row.sha256, auto: new Set(), final: new Set() });
    }
    for (const r of autoCodesOfUnits(db, version, [...units.keys()])) units.get(r.segment_id)!.auto.add(r.code_id);
    for (const [id, u] of units) {
      for (const code of u.auto) {
        if (overrides.get(key(id, code))?.present === false) changed++;
        else u.final.add(code);
      }
    }
    for (const o of overrides.values()) {
      const u = units.get(o.row.segment_id)!;
      if (o.present && !u.auto.has(o.row.code_id)) {
        u.final.add(o.row.code_id);
        changed++;
      }
    }
    const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
    const apply = (sha256: string, codes: Set<string>, sign: number) => {
      for (const a of codes) {
        addDocumentCode(documentCode, sha256, a, sign);
        for (const b of codes) if (a !== b) add(pairs, countKey(a, b), sign);
      }
    };
    for (const u of units.values()) {
      apply(u.sha256, u.auto, -1);
      apply(u.sha256, u.final, +1);
    }
  }
  const codeGroup = new Map<string, { units: number; documents: number }>();
  const group = new Map(docs.map((d) => [d.sha256, d.actor_group]));
  for (const [sha256, codes] of documentCode) {
    const g = group.get(sha256);
    if (g === undefined) continue;
    for (const [code, n] of codes) {
      if (n === 0) continue;
      const ck = countKey(code, g);
      const c = codeGroup.get(ck) ?? codeGroup.set(ck, { units: 0, documents: 0 }).get(ck)!;
      c.units += n;
      c.documents++;
    }
  }
  return { counts: { documentCode, codeGroup, pairs }, description: opts.mode === 'auto' ? describeCodings(opts) : describeCodings(opts, changed) };
}

function addDocumentCode(m: TableCounts['documentCode'], sha256: string, code: string, n: number): void {
  const codes = m.get(sha256) ?? m.set(sha256, new Map()).get(sha256)!;
  codes.set(code, (codes.get(code) ?? 0) + n);
}

/** TableCounts of unit x code rows (sha256, segment_id, code_id, actor_group) ordered by segment:
 *  the codes of one unit are adjacent. */
export function countRows(rows: readonly CodedUnitRow[]): TableCounts {
  const documentCode = new Map<string, Map<string, number>>();
  const codeGroup = new Map<string, { units: number; documents: number; seen: Set<string> }>();
  for (const u of rows) {
    addDocumentCode(documentCode, u.sha256, u.code_id, 1);
    const gk = countKey(u.code_id, u.actor_group);
    const c = codeGroup.get(gk) ?? codeGroup.set(gk, { units: 0, documents: 0, seen: new Set() }).get(gk)!;
    c.units++;
    if (!c.seen.has(u.sha256)) c.seen.add(u.sha256), c.documents++;
  }
  const pairs = new Map<string, number>();
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j < rows.length && rows[j]!.segment_id === rows[i]!.segment_id) j++;
    for (let a = i; a < j; a++) {
      for (let b = i; b < j; b++) {
        if (a === b) continue;
        const k = countKey(rows[a]!.code_id, rows[b]!.code_id);
        pairs.set(k, (pairs.get(k) ?? 0) + 1);
      }
    }
    i = j;
  }
  return { documentCode, codeGroup, pairs };
}

/** The rows, and (final mode) how many unit-code pairs differ from the rules alone. */
function compute(store: Store, opts: Options): { rows: CodedUnitRow[]; changed: number } {
  if (opts.mode === 'coder') {
    if (!opts.coder) throw new ReviewError('Unexpected mode `coder` without `coder`, expected a coder name');
    const rows = finalCodings(store, { mode: 'coder', coder: opts.coder, codebookVersion: opts.codebookVersion, unit: opts.unit })
      .map((f) => row(f.sha256, f.segmentId, f.codeId, f.actorGroup));
    return { rows: sorted(rows), changed: 0 };
  }
  const auto = codedUnits(store.db, opts.codebookVersion, opts.unit);
  if (opts.mode === 'auto') return { rows: auto, changed: 0 };
  if (opts.mode !== 'final') throw new ReviewError(`Unexpected codings mode \`${String(opts.mode)}\`, expected auto, final or coder`);
  // The auto rows (at paragraph level they include paragraphs coded through their sentences), with
  // every decision of coders or an adjudicator on a unit of this kind applied on top: present adds
  // the code, absent removes it. At sentence level this is exactly finalCodings('final').
  // No decision and no adjudication anywhere: final is auto, without evaluating the review views.
  const reviewed = store.db.prepare(`SELECT EXISTS (SELECT 1 FROM reviews) OR EXISTS (SELECT 1 FROM adjudications)`).pluck().get() === 1;
  if (!reviewed) return { rows: auto, changed: 0 };
  // Millions of auto rows, a few overrides: only rows of a reviewed unit are looked up.
  const overrides = overridesOf(store, opts.codebookVersion, opts.unit);
  const reviewedUnits = new Set([...overrides.values()].map((o) => o.row.segment_id));
  const kept: CodedUnitRow[] = [];
  const inAuto = new Set<string>();
  let changed = 0;
  for (const r of auto) {
    if (!reviewedUnits.has(r.segment_id)) {
      kept.push(r);
      continue;
    }
    const k = key(r.segment_id, r.code_id);
    inAuto.add(k);
    if (overrides.get(k)?.present === false) changed++;
    else kept.push(r);
  }
  const added = [...overrides].filter(([k, o]) => o.present && !inAuto.has(k)).map(([, o]) => o.row);
  changed += added.length;
  return { rows: added.length ? mergeSorted(kept, sorted(added)) : kept, changed };
}

/** Two lists sorted by (segment_id, code_id), merged. */
function mergeSorted(a: CodedUnitRow[], b: CodedUnitRow[]): CodedUnitRow[] {
  const out: CodedUnitRow[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && compareRows(a[i]!, b[j]!) <= 0)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

const key = (segment: string, code: string) => `${segment}\u0000${code}`;
const row = (sha256: string, segment_id: string, code_id: string, actor_group: string): CodedUnitRow => ({ sha256, segment_id, code_id, actor_group });
const compareRows = (a: CodedUnitRow, b: CodedUnitRow): number =>
  a.segment_id < b.segment_id ? -1 : a.segment_id > b.segment_id ? 1 : a.code_id < b.code_id ? -1 : a.code_id > b.code_id ? 1 : 0;
const sorted = (rows: CodedUnitRow[]) => rows.sort(compareRows);

/** Coders' and adjudicators' word per unit x code: the rows of v_final_codings whose source is not
 *  the rules alone, in the current documents coded with the version at this unit. Such a row has
 *  coders' decisions or an adjudication, so it is found from those (a few rows) rather than through
 *  the view, which first joins every suggestion of the database (15 s on 250 k codings). The
 *  conditions are the view's; a test holds the two equal. The decided keys drive the joins (CROSS
 *  JOIN fixes the order): left to itself SQLite scanned every segment of the unit's kind and looked
 *  the keys up (240 ms at 100 k segments, growing with the corpus); MATERIALIZED evaluates the
 *  coders' view once for its two uses. */
function overridesOf(store: Store, version: string, unit: Unit): Map<string, { present: boolean; row: CodedUnitRow }> {
  const rows = store.db
    .prepare(
      `WITH coders AS MATERIALIZED (
         SELECT segment_id, code_id, min(present) AS min_p, max(present) AS max_p, min(negated) AS min_n, max(negated) AS max_n
         FROM v_coder_codings WHERE codebook_version = @version GROUP BY segment_id, code_id
       ),
       adjudicated AS MATERIALIZED (SELECT segment_id, code_id, present FROM v_adjudication_state WHERE codebook_version = @version),
       keys AS (SELECT segment_id, code_id FROM coders UNION SELECT segment_id, code_id FROM adjudicated)
       SELECT s.document AS sha256, k.segment_id, k.code_id, coalesce(d.actor_group, '(unassigned)') AS actor_group,
              coalesce(a.present, c.min_p) AS present
       FROM keys k
       CROSS JOIN segments s ON s.id = k.segment_id AND s.kind = @unit
       JOIN current_documents d ON d.sha256 = s.document
       JOIN coding_done kd ON kd.document = s.document AND kd.codebook_version = @version AND kd.unit = @unit
       LEFT JOIN coders c ON c.segment_id = k.segment_id AND c.code_id = k.code_id
       LEFT JOIN adjudicated a ON a.segment_id = k.segment_id AND a.code_id = k.code_id
       WHERE a.segment_id IS NOT NULL OR (c.min_p = c.max_p AND (c.min_p = 0 OR c.min_n = c.max_n))`,
    )
    .all({ version, unit }) as Array<CodedUnitRow & { present: number }>;
  return new Map(rows.map((r) => [key(r.segment_id, r.code_id), { present: r.present === 1, row: row(r.sha256, r.segment_id, r.code_id, r.actor_group) }]));
}
