-- 001_init: the first schema of a codeframe project database.
-- Never edit this file once shipped: the runner records its sha256 and refuses a database
-- whose applied migrations differ. Change the schema with a new numbered file.
-- Every table and view is documented in src/store/SCHEMA.md.

CREATE TABLE runs (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  command          TEXT NOT NULL,
  started_at       TEXT NOT NULL,
  finished_at      TEXT,
  status           TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
  tool_version     TEXT NOT NULL,
  codebook_version TEXT,
  options          TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(options)),
  stats            TEXT CHECK (stats IS NULL OR json_valid(stats))
);

CREATE TABLE documents (
  sha256        TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  file          TEXT NOT NULL,
  bytes         INTEGER NOT NULL CHECK (bytes >= 0),
  format        TEXT CHECK (format IN ('pdf', 'text', 'markdown', 'html')),
  status        TEXT NOT NULL CHECK (status IN ('ingested', 'failed')),
  failure_code  TEXT,
  reason        TEXT,
  title         TEXT,
  issuer        TEXT,
  actor_group   TEXT,
  country       TEXT,
  date          TEXT,
  doc_type      TEXT,
  language      TEXT,
  source_url    TEXT,
  text          TEXT,
  word_count    INTEGER,
  warnings      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(warnings)),
  file_meta     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(file_meta)),
  first_run_id  INTEGER NOT NULL REFERENCES runs (id),
  last_run_id   INTEGER NOT NULL REFERENCES runs (id),
  ingested_at   TEXT,
  CHECK (
    (status = 'ingested' AND failure_code IS NULL AND text IS NOT NULL AND format IS NOT NULL
      AND word_count IS NOT NULL AND ingested_at IS NOT NULL)
    OR (status = 'failed' AND failure_code IS NOT NULL AND text IS NULL)
  )
);
CREATE INDEX documents_by_file ON documents (file, last_run_id);

CREATE TABLE pages (
  document  TEXT NOT NULL REFERENCES documents (sha256),
  page      INTEGER NOT NULL CHECK (page >= 1),
  start     INTEGER NOT NULL CHECK (start >= 0),
  end       INTEGER NOT NULL CHECK (end >= start),
  PRIMARY KEY (document, page)
) WITHOUT ROWID;

CREATE TABLE segments (
  id            TEXT PRIMARY KEY,
  document      TEXT NOT NULL REFERENCES documents (sha256),
  kind          TEXT NOT NULL CHECK (kind IN ('paragraph', 'sentence')),
  start         INTEGER NOT NULL CHECK (start >= 0),
  end           INTEGER NOT NULL CHECK (end >= start),
  page          INTEGER NOT NULL,
  paragraph_id  TEXT REFERENCES segments (id),
  ordinal       INTEGER NOT NULL CHECK (ordinal >= 0),
  word_count    INTEGER NOT NULL CHECK (word_count >= 0),
  text          TEXT NOT NULL,
  CHECK ((kind = 'paragraph') = (paragraph_id IS NULL))
);
CREATE UNIQUE INDEX segments_by_document ON segments (document, kind, ordinal);
CREATE INDEX segments_by_paragraph ON segments (paragraph_id) WHERE paragraph_id IS NOT NULL;

CREATE TABLE codebooks (
  version      TEXT PRIMARY KEY,
  codebook_id  TEXT NOT NULL,
  title        TEXT NOT NULL,
  file         TEXT NOT NULL,
  source       TEXT NOT NULL,
  json         TEXT NOT NULL CHECK (json_valid(json)),
  created_at   TEXT NOT NULL
);

CREATE TABLE codes (
  codebook_version  TEXT NOT NULL REFERENCES codebooks (version),
  code_id           TEXT NOT NULL,
  label             TEXT NOT NULL,
  group_id          TEXT NOT NULL,
  definition        TEXT NOT NULL,
  ordinal           INTEGER NOT NULL,
  PRIMARY KEY (codebook_version, code_id)
) WITHOUT ROWID;

CREATE TABLE codings (
  id                INTEGER PRIMARY KEY,
  segment_id        TEXT NOT NULL REFERENCES segments (id),
  code_id           TEXT NOT NULL,
  rule_id           TEXT NOT NULL,
  codebook_version  TEXT NOT NULL,
  run_id            INTEGER NOT NULL REFERENCES runs (id),
  spans             TEXT NOT NULL CHECK (json_valid(spans)),
  negated           INTEGER NOT NULL CHECK (negated IN (0, 1)),
  source            TEXT NOT NULL DEFAULT 'rule' CHECK (source = 'rule'),
  FOREIGN KEY (codebook_version, code_id) REFERENCES codes (codebook_version, code_id),
  UNIQUE (segment_id, code_id, rule_id, codebook_version)
);

CREATE TABLE coding_done (
  document          TEXT NOT NULL REFERENCES documents (sha256),
  codebook_version  TEXT NOT NULL REFERENCES codebooks (version),
  unit              TEXT NOT NULL CHECK (unit IN ('paragraph', 'sentence')),
  run_id            INTEGER NOT NULL REFERENCES runs (id),
  PRIMARY KEY (document, codebook_version, unit)
) WITHOUT ROWID;

-- Human decisions: an append-only log (DESIGN.md invariant 4). The review module defines the
-- actions; the store only guarantees that nothing written here is ever changed or removed.
CREATE TABLE reviews (
  id                INTEGER PRIMARY KEY,
  coding_id         INTEGER REFERENCES codings (id),
  segment_id        TEXT NOT NULL REFERENCES segments (id),
  code_id           TEXT NOT NULL,
  coder             TEXT NOT NULL CHECK (coder <> ''),
  action            TEXT NOT NULL CHECK (action <> ''),
  spans             TEXT CHECK (spans IS NULL OR json_valid(spans)),
  memo              TEXT,
  created_at        TEXT NOT NULL,
  codebook_version  TEXT,
  rule_id           TEXT
);
CREATE INDEX reviews_by_segment ON reviews (segment_id, code_id, id);
CREATE INDEX reviews_by_coding ON reviews (coding_id) WHERE coding_id IS NOT NULL;

CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews
BEGIN
  SELECT RAISE(ABORT, 'reviews are append-only: UPDATE is not allowed, append a new review instead');
END;
CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews
BEGIN
  SELECT RAISE(ABORT, 'reviews are append-only: DELETE is not allowed');
END;

-- The latest version of each file path (a file that changes gets a new sha256): the one seen by
-- the most recent run, ingested or failed.
CREATE VIEW latest_documents AS
SELECT d.*
FROM documents d
WHERE NOT EXISTS (
  SELECT 1 FROM documents n
  WHERE n.file = d.file
    AND (n.last_run_id > d.last_run_id OR (n.last_run_id = d.last_run_id AND n.sha256 > d.sha256))
);

-- The documents that tables count: the latest version of each file path, if it could be ingested.
CREATE VIEW current_documents AS
SELECT * FROM latest_documents WHERE status = 'ingested';

-- Auto codings of a unit: one row per segment x code x codebook version that a rule coded,
-- counted only where the document is marked fully coded for that version and unit.
-- A sentence coding also codes its paragraph ("rolls up"); via says how a paragraph got the code.
CREATE VIEW v_unit_codes AS
WITH direct AS (
  SELECT c.segment_id, c.code_id, c.codebook_version,
         count(*) AS rules, max(c.negated) AS any_negated, min(c.negated) AS all_negated
  FROM codings c
  GROUP BY c.segment_id, c.code_id, c.codebook_version
),
rolled AS (
  SELECT p.id AS segment_id, d.code_id, d.codebook_version,
         max(s.kind = 'paragraph') AS direct, max(s.kind = 'sentence') AS from_sentence,
         sum(d.rules) AS rules, max(d.any_negated) AS any_negated, min(d.all_negated) AS all_negated
  FROM direct d
  JOIN segments s ON s.id = d.segment_id
  JOIN segments p ON p.id = coalesce(s.paragraph_id, s.id)
  GROUP BY p.id, d.code_id, d.codebook_version
)
SELECT s.document, s.id AS segment_id, s.kind, d.code_id, d.codebook_version,
       'sentence' AS via, d.rules, d.any_negated, d.all_negated
FROM direct d
JOIN segments s ON s.id = d.segment_id AND s.kind = 'sentence'
JOIN coding_done k ON k.document = s.document AND k.codebook_version = d.codebook_version AND k.unit = 'sentence'
UNION ALL
SELECT s.document, s.id, s.kind, r.code_id, r.codebook_version,
       CASE WHEN r.direct AND r.from_sentence THEN 'both' WHEN r.direct THEN 'paragraph' ELSE 'sentence' END,
       r.rules, r.any_negated, r.all_negated
FROM rolled r
JOIN segments s ON s.id = r.segment_id
JOIN coding_done k ON k.document = s.document AND k.codebook_version = r.codebook_version AND k.unit = 'paragraph';

-- One row per coded unit x code, with its document's metadata, page, offsets and exact text.
CREATE VIEW v_coded_segments AS
SELECT u.codebook_version, u.kind AS unit, u.code_id, k.label AS code_label, k.group_id AS code_group,
       d.sha256, d.file, d.title, d.issuer, d.actor_group, d.country, d.date, d.doc_type, d.language,
       u.segment_id, s.page, s.start, s.end, s.paragraph_id, s.ordinal, s.word_count,
       u.via, u.rules, u.any_negated, u.all_negated, s.text
FROM v_unit_codes u
JOIN current_documents d ON d.sha256 = u.document
JOIN segments s ON s.id = u.segment_id
JOIN codes k ON k.codebook_version = u.codebook_version AND k.code_id = u.code_id;

-- Coded units per current document x code (only codes with at least one unit; zeros are absent).
CREATE VIEW v_document_code_counts AS
SELECT codebook_version, unit, sha256, file, title, actor_group, country, date, doc_type,
       code_id, code_label, code_group, count(*) AS units
FROM v_coded_segments
GROUP BY codebook_version, unit, sha256, code_id;

-- The passages behind each cell of the code x actor group table (tables/code_by_actor_group).
CREATE VIEW v_code_actor_segments AS
SELECT codebook_version, unit, code_id, code_label, coalesce(actor_group, '(unassigned)') AS actor_group,
       sha256, file, title, page, start, end, segment_id, via, text
FROM v_coded_segments;

-- Documents that count for a codebook version and unit: current, ingested, fully coded.
CREATE VIEW v_coded_documents AS
SELECT k.codebook_version, k.unit, d.sha256, d.file, d.title, d.issuer,
       coalesce(d.actor_group, '(unassigned)') AS actor_group, d.country, d.date, d.doc_type, d.language,
       d.word_count,
       (SELECT count(*) FROM segments s WHERE s.document = d.sha256 AND s.kind = k.unit) AS units
FROM coding_done k
JOIN current_documents d ON d.sha256 = k.document;
