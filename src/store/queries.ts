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

/** The documents that count: current versions, fully coded with this version at this unit. The
 *  rows of v_coded_documents, with `units` from document_units (migration 004) where the store
 *  wrote it: the view counts the segments of every document anew (0.3 s at 1 M segments). A
 *  test holds the two equal. */
export function codedDocuments(db: Database.Database, version: string, unit: Unit): CodedDocumentRow[] {
  return stmt(
    db,
    `SELECT d.sha256, d.file, d.title, coalesce(d.actor_group, '(unassigned)') AS actor_group, d.country, d.date, d.word_count,
            coalesce(u.units, (SELECT count(*) FROM segments s WHERE s.document = d.sha256 AND s.kind = k.unit)) AS units
     FROM coding_done k
     JOIN current_documents d ON d.sha256 = k.document
     LEFT JOIN document_units u ON u.document = k.document AND u.kind = k.unit
     WHERE k.codebook_version = ? AND k.unit = ? ORDER BY d.file, d.sha256`,
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

/** Units coded per document and code (table unit_code_counts, kept by the store at write time),
 *  for the documents codedDocuments() lists: the auto codings codedUnits() returns, counted. */
export function unitCodeCounts(db: Database.Database, version: string, unit: Unit): IterableIterator<{ sha256: string; code_id: string; units: number }> {
  return stmt(
    db,
    `SELECT n.document AS sha256, n.code_id, n.units
     FROM coding_done k
     JOIN current_documents d ON d.sha256 = k.document
     JOIN unit_code_counts n ON n.document = k.document AND n.codebook_version = k.codebook_version AND n.unit = k.unit
     WHERE k.codebook_version = @version AND k.unit = @unit`,
  ).iterate({ version, unit }) as IterableIterator<{ sha256: string; code_id: string; units: number }>; // a row per document x code: streamed, not held as an array
}

/** Units coded with both codes of each pair (code_a < code_b), summed over the documents
 *  codedDocuments() lists (table unit_code_pairs). */
export function unitCodePairs(db: Database.Database, version: string, unit: Unit): Array<{ code_a: string; code_b: string; units: number }> {
  return stmt(
    db,
    `SELECT p.code_a, p.code_b, sum(p.units) AS units
     FROM coding_done k
     JOIN current_documents d ON d.sha256 = k.document
     JOIN unit_code_pairs p ON p.document = k.document AND p.codebook_version = k.codebook_version AND p.unit = k.unit
     WHERE k.codebook_version = @version AND k.unit = @unit
     GROUP BY p.code_a, p.code_b`,
  ).all({ version, unit }) as Array<{ code_a: string; code_b: string; units: number }>;
}

/** The auto codes of a few units (segment ids of this unit's kind), as codedUnits() has them: a
 *  paragraph's own codes and its sentences'. Caller's job: the units are of coded current documents. */
export function autoCodesOfUnits(db: Database.Database, version: string, unitIds: readonly string[]): Array<{ segment_id: string; code_id: string }> {
  if (unitIds.length === 0) return [];
  return stmt(
    db,
    `WITH units (id) AS (SELECT value FROM json_each(@ids)),
     members (unit_id, segment_id) AS (
       SELECT id, id FROM units
       UNION ALL
       SELECT u.id, s.id FROM units u JOIN segments s ON s.paragraph_id = u.id
     )
     SELECT DISTINCT m.unit_id AS segment_id, c.code_id
     FROM members m JOIN codings c ON c.segment_id = m.segment_id AND c.codebook_version = @version
     ORDER BY 1, 2`,
  ).all({ version, ids: JSON.stringify(unitIds) }) as Array<{ segment_id: string; code_id: string }>;
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
