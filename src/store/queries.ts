// Read-only queries behind the tables and exports (src/report formats, this file selects).
// Every list is ordered in SQL (BINARY collation: byte order, the same on every machine), so
// what the reports write is deterministic.
import type Database from 'better-sqlite3';
import type { Unit } from './store.ts';
import { stmt } from './statements.ts';

export interface CodeRow {
  code_id: string;
  label: string;
  group_id: string;
  ordinal: number;
}

export interface CodedDocumentRow {
  sha256: string;
  file: string;
  title: string | null;
  actor_group: string;
  country: string | null;
  date: string | null;
  word_count: number;
  units: number;
}

export interface CodedUnitRow {
  sha256: string;
  segment_id: string;
  code_id: string;
  actor_group: string;
}

export interface ExportRow {
  file: string;
  sha256: string;
  segment_id: string;
  kind: string;
  start: number;
  end: number;
  page: number;
  text: string;
  code_id: string | null;
  rule_id: string | null;
  negated: number | null;
  spans: string | null;
}

/** The codes of a codebook version, in the codebook's own order. */
export function codesOf(db: Database.Database, version: string): CodeRow[] {
  return stmt(db, 'SELECT code_id, label, group_id, ordinal FROM codes WHERE codebook_version = ? ORDER BY ordinal').all(version) as CodeRow[];
}

/** The unit a version was coded at: the one of its most recent coding_done row. */
export function codedUnit(db: Database.Database, version: string): Unit | null {
  const row = stmt(db, 'SELECT unit FROM coding_done WHERE codebook_version = ? ORDER BY run_id DESC, unit DESC LIMIT 1').get(version) as
    | { unit: Unit }
    | undefined;
  return row?.unit ?? null;
}

/** The documents that count: current versions, fully coded with this version at this unit. */
export function codedDocuments(db: Database.Database, version: string, unit: Unit): CodedDocumentRow[] {
  return stmt(
    db,
    `SELECT sha256, file, title, actor_group, country, date, word_count, units FROM v_coded_documents
     WHERE codebook_version = ? AND unit = ? ORDER BY file, sha256`,
  ).all(version, unit) as CodedDocumentRow[];
}

/** Every coded unit x code: the rows of v_coded_segments for this version and unit, read from the
 *  tables directly. Through the view (which computes both units' rows, roll-up included, before it
 *  can filter) this took 8 s on 250 k codings; here it is one indexed pass over the coded
 *  documents. A paragraph counts the codes of its own coding and of its sentences' (the roll-up of
 *  v_unit_codes); a test holds the two equal. */
export function codedUnits(db: Database.Database, version: string, unit: Unit): CodedUnitRow[] {
  const segment = unit === 'paragraph' ? 'coalesce(s.paragraph_id, s.id)' : 's.id';
  return stmt(
    db,
    `SELECT s.document AS sha256, ${segment} AS segment_id, c.code_id, coalesce(d.actor_group, '(unassigned)') AS actor_group
     FROM coding_done k
     JOIN current_documents d ON d.sha256 = k.document
     JOIN segments s ON s.document = k.document ${unit === 'paragraph' ? '' : "AND s.kind = 'sentence'"}
     JOIN codings c ON c.segment_id = s.id AND c.codebook_version = k.codebook_version
     WHERE k.codebook_version = @version AND k.unit = @unit
     GROUP BY 2, 3
     ORDER BY 2, 3`,
  ).all({ version, unit }) as CodedUnitRow[];
}

/** Every segment of the current documents coded with this version (at any unit), each joined
 *  to its direct auto codings (none: one row with null code), in export order. */
export function exportRows(db: Database.Database, version: string): IterableIterator<ExportRow> {
  return stmt(
    db,
    `SELECT d.file, d.sha256, s.id AS segment_id, s.kind, s.start, s.end, s.page, s.text,
            c.code_id, c.rule_id, c.negated, c.spans
     FROM current_documents d
     JOIN segments s ON s.document = d.sha256
     LEFT JOIN codings c ON c.segment_id = s.id AND c.codebook_version = @version
     WHERE EXISTS (SELECT 1 FROM coding_done k WHERE k.document = d.sha256 AND k.codebook_version = @version)
     ORDER BY d.file, d.sha256, s.start, s.kind, s.id, c.code_id, c.rule_id`,
  ).iterate({ version }) as IterableIterator<ExportRow>;
}

export function codebookInfo(db: Database.Database, version: string): { codebook_id: string; title: string } | undefined {
  return stmt(db, 'SELECT codebook_id, title FROM codebooks WHERE version = ?').get(version) as
    | { codebook_id: string; title: string }
    | undefined;
}

export function codebookVersions(db: Database.Database): string[] {
  return stmt(db, 'SELECT version FROM codebooks ORDER BY created_at, version').pluck().all() as string[];
}
