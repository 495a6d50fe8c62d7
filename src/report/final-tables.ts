// Which codings the tables count: the unit x code rows tables.ts aggregates, for one of
//   final      adjudicated where there is an adjudication, else what the coders who coded the unit
//              agree on (kept, added or rejected), else the rules' suggestion (the default);
//   auto       the rules alone (what tables counted before there were reviews);
//   coder:NAME one coder's current codings, on the units that coder decided.
// With no review in the database, final = auto, row for row.
import { codedUnits, type CodedUnitRow, type Store, type Unit } from '../store/index.ts';
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
 *  conditions are the view's; a test holds the two equal. */
function overridesOf(store: Store, version: string, unit: Unit): Map<string, { present: boolean; row: CodedUnitRow }> {
  const rows = store.db
    .prepare(
      `WITH coders AS (
         SELECT segment_id, code_id, min(present) AS min_p, max(present) AS max_p, min(negated) AS min_n, max(negated) AS max_n
         FROM v_coder_codings WHERE codebook_version = @version GROUP BY segment_id, code_id
       ),
       adjudicated AS (SELECT segment_id, code_id, present FROM v_adjudication_state WHERE codebook_version = @version),
       keys AS (SELECT segment_id, code_id FROM coders UNION SELECT segment_id, code_id FROM adjudicated)
       SELECT s.document AS sha256, k.segment_id, k.code_id, coalesce(d.actor_group, '(unassigned)') AS actor_group,
              coalesce(a.present, c.min_p) AS present
       FROM keys k
       JOIN segments s ON s.id = k.segment_id AND s.kind = @unit
       JOIN current_documents d ON d.sha256 = s.document
       JOIN coding_done kd ON kd.document = s.document AND kd.codebook_version = @version AND kd.unit = @unit
       LEFT JOIN coders c ON c.segment_id = k.segment_id AND c.code_id = k.code_id
       LEFT JOIN adjudicated a ON a.segment_id = k.segment_id AND a.code_id = k.code_id
       WHERE a.segment_id IS NOT NULL OR (c.min_p = c.max_p AND (c.min_p = 0 OR c.min_n = c.max_n))`,
    )
    .all({ version, unit }) as Array<CodedUnitRow & { present: number }>;
  return new Map(rows.map((r) => [key(r.segment_id, r.code_id), { present: r.present === 1, row: row(r.sha256, r.segment_id, r.code_id, r.actor_group) }]));
}
