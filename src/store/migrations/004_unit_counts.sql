-- 004_unit_counts: per-document counts of coded units, what `codeframe tables` sums.
-- Never edit this file once shipped (see 001_init.sql).
--
-- The tables counted every coded unit x code row of the database in JavaScript: 5 M rows and
-- 75 s at 1 M segments (scripts/bench/review.ts). These two tables hold, per document, codebook
-- version and unit it is marked coded at (coding_done), the units coded with each code and with
-- each pair of codes, for the auto codings exactly as codedUnits() counts them: at sentence level
-- a sentence's own codings; at paragraph level a paragraph's own and its sentences' (the roll-up).
-- The store refills a document's rows in the transaction that writes its codings and marks it
-- coded (src/store/unit-counts.ts); the tables then sum a few rows per document. Below, the same
-- count over every coded document at once fills them for databases coded before this migration.

CREATE TABLE unit_code_counts (
  document          TEXT NOT NULL,
  codebook_version  TEXT NOT NULL,
  unit              TEXT NOT NULL CHECK (unit IN ('paragraph', 'sentence')),
  code_id           TEXT NOT NULL,
  units             INTEGER NOT NULL CHECK (units > 0),
  PRIMARY KEY (document, codebook_version, unit, code_id)
) WITHOUT ROWID;

-- Units coded with both codes; each unordered pair once (code_a < code_b, byte order).
CREATE TABLE unit_code_pairs (
  document          TEXT NOT NULL,
  codebook_version  TEXT NOT NULL,
  unit              TEXT NOT NULL CHECK (unit IN ('paragraph', 'sentence')),
  code_a            TEXT NOT NULL,
  code_b            TEXT NOT NULL,
  units             INTEGER NOT NULL CHECK (units > 0),
  CHECK (code_a < code_b),
  PRIMARY KEY (document, codebook_version, unit, code_a, code_b)
) WITHOUT ROWID;

-- Segments of each kind per document (segments never change once stored): the `units` of
-- v_coded_documents and of the tables' headers, without counting a million index entries each time.
CREATE TABLE document_units (
  document  TEXT NOT NULL,
  kind      TEXT NOT NULL CHECK (kind IN ('paragraph', 'sentence')),
  units     INTEGER NOT NULL CHECK (units >= 0),
  PRIMARY KEY (document, kind)
) WITHOUT ROWID;

-- A document no longer marked coded at a unit (a coding_done row deleted, e.g. by hand to have it
-- coded again) counts no more there.
CREATE TRIGGER coding_done_delete_counts AFTER DELETE ON coding_done
BEGIN
  DELETE FROM unit_code_counts WHERE document = old.document AND codebook_version = old.codebook_version AND unit = old.unit;
  DELETE FROM unit_code_pairs WHERE document = old.document AND codebook_version = old.codebook_version AND unit = old.unit;
END;

INSERT INTO unit_code_counts (document, codebook_version, unit, code_id, units)
WITH rows AS MATERIALIZED (
  SELECT DISTINCT k.document, k.codebook_version, k.unit,
         CASE WHEN k.unit = 'paragraph' THEN coalesce(s.paragraph_id, s.id) ELSE s.id END AS unit_id, c.code_id
  FROM coding_done k
  JOIN segments s ON s.document = k.document AND (k.unit = 'paragraph' OR s.kind = 'sentence')
  JOIN codings c ON c.segment_id = s.id AND c.codebook_version = k.codebook_version
)
SELECT document, codebook_version, unit, code_id, count(*) FROM rows GROUP BY document, codebook_version, unit, code_id;

INSERT INTO unit_code_pairs (document, codebook_version, unit, code_a, code_b, units)
WITH rows AS MATERIALIZED (
  SELECT DISTINCT k.document, k.codebook_version, k.unit,
         CASE WHEN k.unit = 'paragraph' THEN coalesce(s.paragraph_id, s.id) ELSE s.id END AS unit_id, c.code_id
  FROM coding_done k
  JOIN segments s ON s.document = k.document AND (k.unit = 'paragraph' OR s.kind = 'sentence')
  JOIN codings c ON c.segment_id = s.id AND c.codebook_version = k.codebook_version
)
SELECT a.document, a.codebook_version, a.unit, a.code_id, b.code_id, count(*)
FROM rows a
JOIN rows b ON b.document = a.document AND b.codebook_version = a.codebook_version AND b.unit = a.unit
           AND b.unit_id = a.unit_id AND b.code_id > a.code_id
GROUP BY a.document, a.codebook_version, a.unit, a.code_id, b.code_id;

INSERT INTO document_units (document, kind, units)
SELECT k.document, k.unit, (SELECT count(*) FROM segments s WHERE s.document = k.document AND s.kind = k.unit)
FROM (SELECT DISTINCT document, unit FROM coding_done) k;
