// The read-only queries the REFI-QDA export needs (kept here, beside their only user, until the
// store owns them). Every list is ordered in SQL with BINARY collation, so two exports of the
// same database are byte-identical.
import type Database from 'better-sqlite3';
import { stmt } from '../../store/statements.ts';

export interface CodebookRow {
  version: string;
  codebook_id: string;
  title: string;
  json: string;
}

export interface CodeRow {
  code_id: string;
  label: string;
  group_id: string;
  definition: string;
  ordinal: number;
}

export interface DocumentRow {
  sha256: string;
  file: string;
  format: string;
  title: string | null;
  issuer: string | null;
  actor_group: string | null;
  country: string | null;
  date: string | null;
  doc_type: string | null;
  language: string | null;
  source_url: string | null;
  text: string;
  ingested_at: string;
}

export interface CodingRow {
  id: number;
  segment_id: string;
  kind: 'sentence' | 'paragraph';
  start: number;
  end: number;
  quote: string;
  code_id: string;
  rule_id: string;
  run_id: number;
  spans: string;
  negated: number;
}

export interface RunRow {
  id: number;
  command: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  tool_version: string;
}

export function codebookOf(db: Database.Database, version: string): CodebookRow | undefined {
  return stmt(db, 'SELECT version, codebook_id, title, json FROM codebooks WHERE version = ?').get(version) as CodebookRow | undefined;
}

export function codesOf(db: Database.Database, version: string): CodeRow[] {
  return stmt(db, 'SELECT code_id, label, group_id, definition, ordinal FROM codes WHERE codebook_version = ? ORDER BY ordinal, code_id').all(
    version,
  ) as CodeRow[];
}

/** Current documents coded with this version (at any unit), in file order. */
export function codedDocumentsOf(db: Database.Database, version: string): DocumentRow[] {
  return stmt(
    db,
    `SELECT d.sha256, d.file, d.format, d.title, d.issuer, d.actor_group, d.country, d.date, d.doc_type,
            d.language, d.source_url, d.text, d.ingested_at
     FROM current_documents d
     WHERE EXISTS (SELECT 1 FROM coding_done k WHERE k.document = d.sha256 AND k.codebook_version = ?)
     ORDER BY d.file, d.sha256`,
  ).all(version) as DocumentRow[];
}

/** Current documents not coded with this version (left out of the export; reported). */
export function uncodedDocumentCount(db: Database.Database, version: string): number {
  return (
    stmt(
      db,
      `SELECT count(*) AS n FROM current_documents d
       WHERE NOT EXISTS (SELECT 1 FROM coding_done k WHERE k.document = d.sha256 AND k.codebook_version = ?)`,
    ).get(version) as { n: number }
  ).n;
}

/** Every coding of one document with one version, with its segment, in text order. */
export function codingsOf(db: Database.Database, sha256: string, version: string): CodingRow[] {
  return stmt(
    db,
    `SELECT c.id, c.segment_id, s.kind, s.start, s.end, s.text AS quote, c.code_id, c.rule_id, c.run_id, c.spans, c.negated
     FROM codings c JOIN segments s ON s.id = c.segment_id
     WHERE s.document = ? AND c.codebook_version = ?
     ORDER BY s.start, s.end, c.code_id, s.kind, c.rule_id, c.id`,
  ).all(sha256, version) as CodingRow[];
}

/** The runs that wrote codings of this version. */
export function runsOf(db: Database.Database, version: string): RunRow[] {
  return stmt(
    db,
    `SELECT id, command, started_at, finished_at, status, tool_version FROM runs
     WHERE id IN (SELECT DISTINCT run_id FROM codings WHERE codebook_version = ?) ORDER BY id`,
  ).all(version) as RunRow[];
}
