// Tidy exports for R, pandas and SPSS, as RFC 4180 CSV (UTF-8, CRLF, a header row):
//   tidy    one row per coded unit x code, with document metadata, position, rules and text
//   matrix  one row per unit of every counted document, one 0/1 column per code (codebook order)
// The documents and units are the ones the comparison tables count (v_coded_documents: current
// versions, fully coded with the codebook version at the unit). Which codings count is a
// parameter: `auto` (the rules, as the tables count them, read through v_coded_segments) or
// `final` (adjudicated > coders' agreed decision > rules, through v_final_codings), or any reader
// with the CodingsReader signature. Bytes depend only on the database.
import { codebookInfo, codedUnit, codesOf, StoreError, type CodeRow, type Store, type Unit } from '../store/index.ts';
import { csvRecord, type Cell } from './format.ts';

/** One unit x code that counts as coded. */
export interface UnitCoding {
  segment_id: string;
  code_id: string;
  /** Rules behind it, sorted; empty for a code a coder added. */
  rule_ids: string[];
  negated: boolean;
  /** Where the coding comes from: `auto`, or for final codings `adjudicated` | `coders` | `auto`. */
  source: string;
}

export type CodingsReader = (store: Store, codebookVersion: string, unit: Unit) => UnitCoding[];
export type CodingsMode = 'auto' | 'final';

export interface CsvExportOptions {
  codebookVersion?: string;
  /** Default: the unit the version was last coded at. */
  unit?: Unit;
  /** Default `auto`. */
  codings?: CodingsMode | CodingsReader;
}

export interface CsvExportSummary {
  codebookVersion: string;
  unit: Unit;
  codings: string;
  rows: number;
  columns: string[];
}

/** Document metadata columns, first in both exports. */
export const DOCUMENT_COLUMNS = ['file', 'sha256', 'title', 'issuer', 'actor_group', 'country', 'date', 'doc_type', 'language'] as const;
export const TIDY_COLUMNS = [
  ...DOCUMENT_COLUMNS,
  'segment_id', 'kind', 'page', 'start', 'end', 'code_id', 'code_label', 'code_group', 'rule_ids', 'negated', 'source', 'codebook_version', 'text',
] as const;
export const MATRIX_UNIT_COLUMNS = [...DOCUMENT_COLUMNS, 'segment_id', 'kind', 'page', 'start', 'end', 'word_count'] as const;

/** Auto codings exactly as the tables count them (paragraphs include their sentences' codes). */
export const autoCodings: CodingsReader = (store, version, unit) => {
  const rows = store.db
    .prepare(
      `SELECT segment_id, code_id, all_negated FROM v_coded_segments
       WHERE codebook_version = ? AND unit = ? ORDER BY segment_id, code_id`,
    )
    .all(version, unit) as Array<{ segment_id: string; code_id: string; all_negated: number }>;
  // The rules behind each unit x code: its own codings and, for a paragraph, its sentences'.
  const rules = new Map<string, Set<string>>();
  const ruleRows = store.db
    .prepare(
      `SELECT CASE WHEN @unit = 'paragraph' THEN coalesce(s.paragraph_id, s.id) ELSE s.id END AS unit_id, c.code_id, c.rule_id
       FROM codings c JOIN segments s ON s.id = c.segment_id
       WHERE c.codebook_version = @version AND (@unit = 'paragraph' OR s.kind = 'sentence')`,
    )
    .iterate({ version, unit }) as IterableIterator<{ unit_id: string; code_id: string; rule_id: string }>;
  for (const r of ruleRows) {
    const key = `${r.unit_id}\u0000${r.code_id}`;
    (rules.get(key) ?? rules.set(key, new Set()).get(key)!).add(r.rule_id);
  }
  return rows.map((r) => ({
    segment_id: r.segment_id,
    code_id: r.code_id,
    rule_ids: [...(rules.get(`${r.segment_id}\u0000${r.code_id}`) ?? [])].sort(byBytes),
    negated: r.all_negated === 1,
    source: 'auto',
  }));
};

/** Final codings: the auto rows (with the paragraph roll-up), with every decision of coders or an
 *  adjudicator on a unit of this kind applied on top (v_final_codings rows whose source is not
 *  `auto`): absent removes the code, present adds or keeps it with their negation. The same unit x
 *  code set as the tables' `final` (src/report/final-tables.ts); at sentence level it equals
 *  src/review finalCodings('final'). */
export const reviewedCodings: CodingsReader = (store, version, unit) => {
  const overrides = store.db
    .prepare(
      `SELECT f.segment_id, f.code_id, f.present, f.negated, f.source, f.hits
       FROM v_final_codings f
       JOIN current_documents d ON d.sha256 = f.sha256
       JOIN coding_done k ON k.document = f.sha256 AND k.codebook_version = f.codebook_version AND k.unit = @unit
       WHERE f.codebook_version = @version AND f.unit = @unit AND f.source <> 'auto'`,
    )
    .all({ version, unit }) as Array<{ segment_id: string; code_id: string; present: number; negated: number; source: string; hits: string | null }>;
  const byKey = new Map(overrides.map((o) => [`${o.segment_id}\u0000${o.code_id}`, o]));
  const out: UnitCoding[] = [];
  for (const a of autoCodings(store, version, unit)) {
    const key = `${a.segment_id}\u0000${a.code_id}`;
    const o = byKey.get(key);
    if (o === undefined) out.push(a);
    else if (o.present === 1) out.push({ ...a, negated: o.negated === 1, source: o.source });
    byKey.delete(key);
  }
  for (const o of byKey.values()) {
    if (o.present !== 1) continue;
    const rules = o.hits === null ? [] : (JSON.parse(o.hits) as Array<[string, unknown]>).map(([rule]) => rule);
    out.push({ segment_id: o.segment_id, code_id: o.code_id, rule_ids: [...new Set(rules)].sort(byBytes), negated: o.negated === 1, source: o.source });
  }
  return out;
};

export const CODINGS_READERS: Record<CodingsMode, CodingsReader> = { auto: autoCodings, final: reviewedCodings };

interface UnitRow {
  file: string;
  sha256: string;
  title: string | null;
  issuer: string | null;
  actor_group: string | null;
  country: string | null;
  date: string | null;
  doc_type: string | null;
  language: string | null;
  segment_id: string;
  kind: string;
  page: number;
  start: number;
  end: number;
  word_count: number;
  text: string;
}

interface Prepared {
  version: string;
  unit: Unit;
  codingsName: string;
  codes: CodeRow[];
  codings: Map<string, UnitCoding[]>;
  units: IterableIterator<UnitRow>;
}

function prepare(store: Store, opts: CsvExportOptions): Prepared {
  const version = opts.codebookVersion ?? store.latestCodebookVersion();
  if (!version) throw new StoreError('Unexpected database without a coded run, expected `codeframe run` or `codeframe code` first');
  if (!codebookInfo(store.db, version)) throw new StoreError(`Unexpected codebook version \`${version}\`, expected one stored in the database`);
  const unit: Unit = opts.unit ?? codedUnit(store.db, version) ?? 'sentence';
  const mode = opts.codings ?? 'auto';
  const reader = typeof mode === 'function' ? mode : CODINGS_READERS[mode];
  if (!reader) throw new StoreError(`Unexpected codings \`${String(mode)}\`, expected auto or final`);
  const codes = codesOf(store.db, version);
  const ordinal = new Map(codes.map((c, i) => [c.code_id, i]));
  const codings = new Map<string, UnitCoding[]>();
  for (const c of reader(store, version, unit)) {
    if (!ordinal.has(c.code_id)) continue; // e.g. a code a coder added that the codebook does not have
    (codings.get(c.segment_id) ?? codings.set(c.segment_id, []).get(c.segment_id)!).push(c);
  }
  for (const list of codings.values()) list.sort((a, b) => ordinal.get(a.code_id)! - ordinal.get(b.code_id)!);
  const units = store.db
    .prepare(
      `SELECT d.file, d.sha256, d.title, d.issuer, d.actor_group, d.country, d.date, d.doc_type, d.language,
              s.id AS segment_id, s.kind, s.page, s.start, s."end", s.word_count, s.text
       FROM coding_done k
       JOIN current_documents d ON d.sha256 = k.document
       JOIN segments s ON s.document = d.sha256 AND s.kind = k.unit
       WHERE k.codebook_version = ? AND k.unit = ?
       ORDER BY d.file, d.sha256, s.start, s.id`,
    )
    .iterate(version, unit) as IterableIterator<UnitRow>;
  return { version, unit, codingsName: typeof mode === 'function' ? mode.name || 'custom' : mode, codes, codings, units };
}

const documentCells = (u: UnitRow): Cell[] => [u.file, u.sha256, u.title, u.issuer, u.actor_group, u.country, u.date, u.doc_type, u.language];

/** One row per coded unit x code (codes in codebook order within a unit); `emit` gets each record. */
export function writeTidyCsv(store: Store, emit: (chunk: string) => void, opts: CsvExportOptions = {}): CsvExportSummary {
  const p = prepare(store, opts);
  const code = new Map(p.codes.map((c) => [c.code_id, c]));
  emit(csvRecord(TIDY_COLUMNS));
  let rows = 0;
  for (const u of p.units) {
    for (const c of p.codings.get(u.segment_id) ?? []) {
      const k = code.get(c.code_id)!;
      emit(
        csvRecord([
          ...documentCells(u), u.segment_id, u.kind, u.page, u.start, u.end,
          c.code_id, k.label, k.group_id, c.rule_ids.join(';'), c.negated ? 1 : 0, c.source, p.version, u.text,
        ]),
      );
      rows++;
    }
  }
  return { codebookVersion: p.version, unit: p.unit, codings: p.codingsName, rows, columns: [...TIDY_COLUMNS] };
}

/** One row per unit, a 0/1 column per code named by its id (`code_<id>` where an id would clash
 *  with a unit column). 1 = coded, negated or not, as the tables count it. */
export function writeMatrixCsv(store: Store, emit: (chunk: string) => void, opts: CsvExportOptions = {}): CsvExportSummary {
  const p = prepare(store, opts);
  const taken = new Set<string>(MATRIX_UNIT_COLUMNS);
  const codeColumns = p.codes.map((c) => (taken.has(c.code_id) ? `code_${c.code_id}` : c.code_id));
  const columns = [...MATRIX_UNIT_COLUMNS, ...codeColumns];
  emit(csvRecord(columns));
  let rows = 0;
  for (const u of p.units) {
    const coded = new Set((p.codings.get(u.segment_id) ?? []).map((c) => c.code_id));
    emit(csvRecord([...documentCells(u), u.segment_id, u.kind, u.page, u.start, u.end, u.word_count, ...p.codes.map((c) => (coded.has(c.code_id) ? 1 : 0))]));
    rows++;
  }
  return { codebookVersion: p.version, unit: p.unit, codings: p.codingsName, rows, columns };
}

/** The whole export as one string (tests, small corpora). */
export function csvExport(store: Store, format: 'csv' | 'matrix', opts: CsvExportOptions = {}): string {
  const chunks: string[] = [];
  (format === 'csv' ? writeTidyCsv : writeMatrixCsv)(store, (c) => chunks.push(c), opts);
  return chunks.join('');
}

function byBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
