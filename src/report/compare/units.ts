// The coded units the comparison, the quotes and the timeline count, and which codings they are.
// Everything downstream takes a `CodedData` and never queries the database itself, so the source of
// codings can be swapped (e.g. for src/report/final-tables.ts once it lands) without touching the
// statistics. Two sources today:
//   auto   the rules alone (v_coded_segments: a sentence coding also codes its paragraph)
//   final  v_final_codings through src/review: adjudicated where adjudicated, else what every coder
//          who coded the unit agrees on, else the rules (present = 1 only)
import {
  codebookInfo,
  codebookVersions,
  codedDocuments,
  codedUnit,
  codesOf,
  StoreError,
  type CodedDocumentRow,
  type CodeRow,
  type Store,
  type Unit,
} from '../../store/index.ts';
import { finalCodings } from '../../review/index.ts';

export type CodingsMode = 'auto' | 'final';
export const CODINGS_MODES: readonly CodingsMode[] = ['auto', 'final'];

/** One unit × code that counts. */
export interface UnitCode {
  sha256: string;
  /** The document's actor group, `(unassigned)` when the manifest gives none. */
  actor_group: string;
  segment_id: string;
  code_id: string;
  page: number;
  start: number;
  end: number;
  /** The exact stored quote: the document's text.slice(start, end). */
  text: string;
  /** Rule ids behind the coding, sorted (empty for a code a coder added). */
  rules: string[];
  negated: boolean;
  /** Where the coding comes from: `auto` (rules), `coders` (agreeing coders), `adjudicated`. */
  source: 'auto' | 'coders' | 'adjudicated';
}

export interface CodedData {
  codings: CodingsMode;
  codebookVersion: string;
  codebookTitle: string;
  unit: Unit;
  codes: CodeRow[];
  /** The documents that count (current, fully coded with the version at the unit), by file. */
  documents: CodedDocumentRow[];
  /** Ordered by document (as `documents`), then start offset, then the code's place in the codebook. */
  units: UnitCode[];
  /** One sentence on which codings count, repeated in every output. */
  basis: string;
}

export const UNASSIGNED = '(unassigned)';

export interface LoadOptions {
  codings?: CodingsMode;
  codebookVersion?: string;
  unit?: Unit;
}

export function loadCodedData(store: Store, opts: LoadOptions = {}): CodedData {
  const db = store.db;
  const mode = opts.codings ?? 'final';
  const version = opts.codebookVersion ?? store.latestCodebookVersion();
  if (!version) throw new StoreError('Unexpected database without a coded run, expected `codeframe run` or `codeframe code` first');
  const info = codebookInfo(db, version);
  if (!info) {
    const known = codebookVersions(db);
    throw new StoreError(`Unexpected codebook version \`${version}\`, expected one of: ${known.length ? known.map((v) => `\`${v}\``).join(', ') : '(none stored)'}`);
  }
  const unit: Unit = opts.unit ?? codedUnit(db, version) ?? 'sentence';
  const codes = codesOf(db, version);
  const documents = codedDocuments(db, version, unit);
  const units = mode === 'auto' ? autoUnits(store, version, unit) : finalUnits(store, version, unit, documents);
  sortUnits(units, documents, codes);
  return { codings: mode, codebookVersion: version, codebookTitle: info.title, unit, codes, documents, units, basis: basisOf(mode, version, info.title, unit, units) };
}

function basisOf(mode: CodingsMode, version: string, title: string, unit: Unit, units: UnitCode[]): string {
  const where = `codebook version \`${version}\` (${title}); unit: ${unit}`;
  if (mode === 'auto') return `Codings: auto (the rules alone), ${where}.`;
  const n = { adjudicated: 0, coders: 0, auto: 0 };
  for (const u of units) n[u.source]++;
  const reviewed = n.adjudicated + n.coders;
  return (
    `Codings: final (adjudicated where adjudicated, else the coders' agreed decision, else the rules), ${where}; ` +
    (reviewed === 0
      ? `no unit here has a review decision, so these are the rules' codings (${n.auto} unit-codes).`
      : `${n.adjudicated} adjudicated, ${n.coders} by coders, ${n.auto} by the rules (unit-codes).`) +
    (unit === 'paragraph' ? ' At paragraph level, final codings count only codings of the paragraph itself (no roll-up of sentence codings).' : '')
  );
}

function autoUnits(store: Store, version: string, unit: Unit): UnitCode[] {
  const rows = store.db
    .prepare(
      `SELECT sha256, coalesce(actor_group, '${UNASSIGNED}') AS actor_group, segment_id, code_id, page, start, "end", text, all_negated
       FROM v_coded_segments WHERE codebook_version = ? AND unit = ?`,
    )
    .all(version, unit) as Array<Omit<UnitCode, 'rules' | 'negated' | 'source'> & { all_negated: number }>;
  const rules = ruleIds(store, version, unit);
  return rows.map(({ all_negated, ...r }) => ({
    ...r,
    rules: [...(rules.get(`${r.segment_id}\u0000${r.code_id}`) ?? [])].sort(byteOrder),
    negated: all_negated === 1,
    source: 'auto' as const,
  }));
}

/** Rule ids per unit × code; at paragraph level a sentence's rules belong to its paragraph too. */
function ruleIds(store: Store, version: string, unit: Unit): Map<string, Set<string>> {
  const rows = store.db
    .prepare(
      `SELECT c.segment_id, s.kind, s.paragraph_id, c.code_id, c.rule_id FROM codings c
       JOIN segments s ON s.id = c.segment_id JOIN current_documents d ON d.sha256 = s.document
       WHERE c.codebook_version = ?`,
    )
    .iterate(version) as IterableIterator<{ segment_id: string; kind: Unit; paragraph_id: string | null; code_id: string; rule_id: string }>;
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    const id = r.kind === unit ? r.segment_id : unit === 'paragraph' ? r.paragraph_id : null;
    if (id === null) continue;
    const key = `${id}\u0000${r.code_id}`;
    (out.get(key) ?? out.set(key, new Set()).get(key)!).add(r.rule_id);
  }
  return out;
}

function finalUnits(store: Store, version: string, unit: Unit, documents: CodedDocumentRow[]): UnitCode[] {
  const counted = new Set(documents.map((d) => d.sha256));
  const rows = finalCodings(store, { mode: 'final', codebookVersion: version, unit }).filter((f) => counted.has(f.sha256));
  const seg = store.db.prepare('SELECT page, start, "end", text FROM segments WHERE id = ?');
  return rows.map((f) => {
    const s = seg.get(f.segmentId) as { page: number; start: number; end: number; text: string };
    const hits = f.hits ? (JSON.parse(f.hits) as Array<[string, unknown]>) : [];
    return {
      sha256: f.sha256,
      actor_group: f.actorGroup,
      segment_id: f.segmentId,
      code_id: f.codeId,
      ...s,
      rules: [...new Set(hits.map((h) => h[0]))].sort(byteOrder),
      negated: f.negated === 1,
      source: f.source === 'coder' ? 'coders' : f.source,
    };
  });
}

function sortUnits(units: UnitCode[], documents: CodedDocumentRow[], codes: CodeRow[]): void {
  const docAt = new Map(documents.map((d, i) => [d.sha256, i]));
  const codeAt = new Map(codes.map((c, i) => [c.code_id, i]));
  units.sort(
    (a, b) =>
      (docAt.get(a.sha256) ?? -1) - (docAt.get(b.sha256) ?? -1) ||
      a.start - b.start ||
      byteOrder(a.segment_id, b.segment_id) ||
      (codeAt.get(a.code_id) ?? -1) - (codeAt.get(b.code_id) ?? -1) ||
      byteOrder(a.code_id, b.code_id),
  );
}

export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Codes of each unit (segment id → set of code ids), for co-coding filters. */
export function codesByUnit(units: readonly UnitCode[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const u of units) (out.get(u.segment_id) ?? out.set(u.segment_id, new Set()).get(u.segment_id)!).add(u.code_id);
  return out;
}

/** Actor groups in the study's order: major powers, Global South, multilateral, then the others
 *  from the manifest in byte order, the unassigned last. */
export function actorGroupsOf(documents: readonly { actor_group: string }[]): string[] {
  const focus = ['major_power', 'global_south', 'multilateral'];
  const rank = (g: string) => (g === UNASSIGNED ? 2 : focus.includes(g) ? 0 : 1);
  return [...new Set(documents.map((d) => d.actor_group))].sort(
    (a, b) => rank(a) - rank(b) || (rank(a) === 0 ? focus.indexOf(a) - focus.indexOf(b) : byteOrder(a, b)),
  );
}

/** The code group whose id is `wanted`, else the first whose id starts with `prefix`. */
export function groupOf(codes: readonly CodeRow[], wanted: string | undefined, prefix: string): string | null {
  if (wanted !== undefined) return wanted;
  const ids = [...new Set(codes.map((c) => c.group_id))];
  return ids.find((g) => g.toLowerCase().startsWith(prefix)) ?? null;
}
