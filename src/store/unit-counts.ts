// Per-document counts of coded units (tables unit_code_counts, unit_code_pairs and document_units,
// migration 004):
// what `codeframe tables` sums instead of reading every coded unit x code row (5 M rows at 1 M
// segments: 75 s). They count the auto codings exactly as codedUnits() defines them: at sentence
// level a sentence's own codes; at paragraph level a paragraph's own codes and its sentences' (the
// roll-up). One unit with several rules of a code counts once; a pair is two different codes in
// the same unit, stored once with code_a < code_b.
//
// The store refills a document's rows in the transaction that writes its codings and marks it
// coded (every unit it is coded at, since new codings of one version can change the counts of
// another unit); scripts/bench/scale-db.ts refills through the same function after it adds codings
// with SQL. Migration 004 backfills existing databases with the same count over all documents at
// once (SQL alone); a test holds the two equal.
import type Database from 'better-sqlite3';
import { stmt } from './statements.ts';

/** Scratch table of one document's distinct unit x code rows: filled once, read by both counts
 *  (a CTE read twice was materialized twice: 65 ms against 28 ms for a document of 7,500 codings). */
const SCRATCH = `CREATE TEMP TABLE IF NOT EXISTS unit_code_rows (
  unit TEXT NOT NULL, unit_id TEXT NOT NULL, code_id TEXT NOT NULL, PRIMARY KEY (unit, unit_id, code_id)
) WITHOUT ROWID`;

export const UNIT_COUNTS_SQL = {
  clearCounts: `DELETE FROM unit_code_counts WHERE document = @document AND codebook_version = @version`,
  clearPairs: `DELETE FROM unit_code_pairs WHERE document = @document AND codebook_version = @version`,
  /** The document's coded units x codes at every unit it is coded at with the version. */
  rows: `INSERT OR IGNORE INTO temp.unit_code_rows (unit, unit_id, code_id)
SELECT k.unit, CASE WHEN k.unit = 'paragraph' THEN coalesce(s.paragraph_id, s.id) ELSE s.id END, c.code_id
FROM coding_done k
JOIN segments s ON s.document = k.document AND (k.unit = 'paragraph' OR s.kind = 'sentence')
JOIN codings c ON c.segment_id = s.id AND c.codebook_version = k.codebook_version
WHERE k.document = @document AND k.codebook_version = @version`,
  fillCounts: `INSERT INTO unit_code_counts (document, codebook_version, unit, code_id, units)
SELECT @document, @version, unit, code_id, count(*) FROM temp.unit_code_rows GROUP BY unit, code_id`,
  fillPairs: `INSERT INTO unit_code_pairs (document, codebook_version, unit, code_a, code_b, units)
SELECT @document, @version, a.unit, a.code_id, b.code_id, count(*)
FROM temp.unit_code_rows a JOIN temp.unit_code_rows b ON b.unit = a.unit AND b.unit_id = a.unit_id AND b.code_id > a.code_id
GROUP BY a.unit, a.code_id, b.code_id`,
  clearRows: `DELETE FROM temp.unit_code_rows`,
  /** The document's segments of each kind it is coded at (segments never change once stored). */
  fillUnits: `INSERT OR IGNORE INTO document_units (document, kind, units)
SELECT k.document, k.unit, (SELECT count(*) FROM segments s WHERE s.document = k.document AND s.kind = k.unit)
FROM coding_done k WHERE k.document = @document AND k.codebook_version = @version`,
} as const;

/** Recounts one document's units per code and per code pair for one codebook version, at every
 *  unit it is marked coded at. Call inside the transaction that changed its codings or coding_done. */
export function refillUnitCounts(db: Database.Database, document: string, version: string): void {
  // Every time, not once per connection: created inside a transaction that is then rolled back
  // (a full disk), the table is gone again, and a "created already" flag made every later
  // document fail with `no such table: temp.unit_code_rows` (test/long/disk-full). IF NOT EXISTS
  // makes the repeat a no-op.
  db.exec(SCRATCH);
  const p = { document, version };
  const q = UNIT_COUNTS_SQL;
  stmt(db, q.clearRows).run();
  stmt(db, q.clearCounts).run(p);
  stmt(db, q.clearPairs).run(p);
  stmt(db, q.rows).run(p);
  stmt(db, q.fillCounts).run(p);
  stmt(db, q.fillPairs).run(p);
  stmt(db, q.clearRows).run();
  stmt(db, q.fillUnits).run(p);
}

/** Every (document, version) marked coded: what refillUnitCounts() must be called for after
 *  codings were written around the store (scripts/bench/scale-db.ts). */
export function refillAllUnitCounts(db: Database.Database): number {
  const todo = db.prepare(`SELECT DISTINCT document, codebook_version AS version FROM coding_done ORDER BY document, version`).all() as Array<{
    document: string;
    version: string;
  }>;
  db.transaction(() => {
    for (const t of todo) refillUnitCounts(db, t.document, t.version);
  })();
  return todo.length;
}
