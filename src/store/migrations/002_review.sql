-- 002_review: coders, review queues, blind double coding and adjudication (src/review).
-- Never edit this file once shipped. Every table and view is documented in src/store/SCHEMA.md.
--
-- The decision log is the `reviews` table of 001 (append-only by trigger, and a coding with
-- reviews cannot be deleted), extended here with the columns the review module needs: one log of
-- human decisions, not two. The current state is never stored; the views below derive it.

CREATE TABLE coders (
  name        TEXT PRIMARY KEY CHECK (name GLOB '[A-Za-z0-9]*' AND name NOT GLOB '*[^A-Za-z0-9._-]*'),
  label       TEXT,
  created_at  TEXT NOT NULL
);

CREATE TABLE queues (
  id                TEXT PRIMARY KEY,          -- content hash of the resolved spec: same spec, same queue
  name              TEXT NOT NULL CHECK (name <> ''),
  codebook_version  TEXT NOT NULL REFERENCES codebooks (version),
  unit              TEXT NOT NULL CHECK (unit IN ('paragraph', 'sentence')),
  run_id            INTEGER REFERENCES runs (id),
  spec              TEXT NOT NULL CHECK (json_valid(spec)),
  created_at        TEXT NOT NULL
);

CREATE TABLE queue_items (
  id          INTEGER PRIMARY KEY,
  queue_id    TEXT NOT NULL REFERENCES queues (id),
  segment_id  TEXT NOT NULL REFERENCES segments (id),
  position    INTEGER NOT NULL CHECK (position >= 0),
  stratum     TEXT,
  UNIQUE (queue_id, position),
  UNIQUE (queue_id, segment_id)
);

CREATE TABLE assignments (
  item_id     INTEGER NOT NULL REFERENCES queue_items (id),
  coder       TEXT NOT NULL REFERENCES coders (name),
  created_at  TEXT NOT NULL,
  PRIMARY KEY (item_id, coder)
) WITHOUT ROWID;
CREATE INDEX assignments_by_coder ON assignments (coder, item_id);

-- The decision log: what 001 left to the review module.
ALTER TABLE reviews ADD COLUMN undoes INTEGER REFERENCES reviews (id);
ALTER TABLE reviews ADD COLUMN negated INTEGER CHECK (negated IS NULL OR negated IN (0, 1));
ALTER TABLE reviews ADD COLUMN basis TEXT CHECK (basis IS NULL OR json_valid(basis));
ALTER TABLE reviews ADD COLUMN queue_item INTEGER REFERENCES queue_items (id);
CREATE INDEX reviews_by_undoes ON reviews (undoes) WHERE undoes IS NOT NULL;
CREATE INDEX reviews_by_coder ON reviews (coder, segment_id, id);

CREATE TRIGGER reviews_valid BEFORE INSERT ON reviews
BEGIN
  SELECT RAISE(ABORT, 'Unexpected review action, expected accept, reject, add, respan, negate, memo, done or undo')
  WHERE NEW.action NOT IN ('accept', 'reject', 'add', 'respan', 'negate', 'memo', 'done', 'undo');
  SELECT RAISE(ABORT, 'Unexpected undo review, expected `undoes` to name an earlier decision of the same coder that is not an undo')
  WHERE NEW.action = 'undo' AND NOT EXISTS (
    SELECT 1 FROM reviews t WHERE t.id = NEW.undoes AND t.coder = NEW.coder AND t.action <> 'undo');
  SELECT RAISE(ABORT, 'Unexpected `undoes` on a review that is not an undo')
  WHERE NEW.action <> 'undo' AND NEW.undoes IS NOT NULL;
END;

-- Adjudications: the final word on one code in one unit, with a reason. Append-only; the latest
-- one wins (a change of mind is a new adjudication).
CREATE TABLE adjudications (
  id                INTEGER PRIMARY KEY,
  segment_id        TEXT NOT NULL REFERENCES segments (id),
  code_id           TEXT NOT NULL,
  adjudicator       TEXT NOT NULL REFERENCES coders (name),
  present           INTEGER NOT NULL CHECK (present IN (0, 1)),
  negated           INTEGER NOT NULL CHECK (negated IN (0, 1)),
  spans             TEXT CHECK (spans IS NULL OR json_valid(spans)),
  picked            TEXT REFERENCES coders (name),
  reason            TEXT NOT NULL CHECK (trim(reason) <> ''),
  codebook_version  TEXT NOT NULL REFERENCES codebooks (version),
  basis             TEXT NOT NULL CHECK (json_valid(basis)),
  queue_id          TEXT REFERENCES queues (id),
  created_at        TEXT NOT NULL
);
CREATE INDEX adjudications_by_segment ON adjudications (segment_id, code_id, id);

CREATE TRIGGER adjudications_no_update BEFORE UPDATE ON adjudications
BEGIN
  SELECT RAISE(ABORT, 'adjudications are append-only: UPDATE is not allowed, append a new adjudication instead');
END;
CREATE TRIGGER adjudications_no_delete BEFORE DELETE ON adjudications
BEGIN
  SELECT RAISE(ABORT, 'adjudications are append-only: DELETE is not allowed');
END;
-- What was queued and who was asked is part of the record, too.
CREATE TRIGGER queue_items_no_update BEFORE UPDATE ON queue_items
BEGIN
  SELECT RAISE(ABORT, 'queue items are append-only: UPDATE is not allowed');
END;
CREATE TRIGGER queue_items_no_delete BEFORE DELETE ON queue_items
BEGIN
  SELECT RAISE(ABORT, 'queue items are append-only: DELETE is not allowed');
END;
CREATE TRIGGER assignments_no_update BEFORE UPDATE ON assignments
BEGIN
  SELECT RAISE(ABORT, 'assignments are append-only: UPDATE is not allowed');
END;
CREATE TRIGGER assignments_no_delete BEFORE DELETE ON assignments
BEGIN
  SELECT RAISE(ABORT, 'assignments are append-only: DELETE is not allowed');
END;

-- One suggestion = the hits of one code in one unit under one codebook version. `hits` is its
-- identity across versions: the hits' (rule_id, spans), ordered by rule id. A decision records
-- the `hits` it saw (reviews.basis) and stays current for a version while they are equal.
-- The order comes from the sorted subquery, not from `json_group_array(... ORDER BY ...)`: that
-- form needs SQLite 3.44, and older readers (Debian 12's sqlite3 and Python's sqlite3 module,
-- 3.40) then refuse the whole schema. An ORDER BY subquery under an aggregate is never flattened.
CREATE VIEW v_suggestions AS
SELECT c.segment_id, c.code_id, c.codebook_version,
       json_group_array(json_array(c.rule_id, json(c.spans))) AS hits,
       min(c.id) AS coding_id, count(*) AS rules, min(c.negated) AS all_negated, max(c.negated) AS any_negated
FROM (SELECT * FROM codings ORDER BY segment_id, code_id, codebook_version, rule_id) c
GROUP BY c.segment_id, c.code_id, c.codebook_version;

-- Each coder's current decision per unit x code: the latest decision not undone, per aspect
-- (presence: accept/reject/add/respan; negate; memo). Version-agnostic: see v_coder_codings.
CREATE VIEW v_review_state AS
WITH eff AS (
  SELECT r.*, CASE WHEN r.action IN ('negate', 'memo') THEN r.action ELSE 'presence' END AS aspect
  FROM reviews r
  WHERE r.action IN ('accept', 'reject', 'add', 'respan', 'negate', 'memo') AND r.code_id <> '*'
    AND NOT EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = r.id)
),
latest AS (
  SELECT *, row_number() OVER (PARTITION BY segment_id, code_id, coder, aspect ORDER BY id DESC) AS rn FROM eff
)
SELECT segment_id, code_id, coder,
       max(CASE WHEN aspect = 'presence' THEN action END) AS action,
       max(CASE WHEN aspect = 'presence' THEN CASE action WHEN 'accept' THEN 'accepted' WHEN 'reject' THEN 'rejected'
                                                          WHEN 'add' THEN 'added' ELSE 'respanned' END END) AS status,
       max(CASE WHEN aspect = 'presence' THEN action <> 'reject' END) AS present,
       max(CASE WHEN aspect = 'presence' THEN spans END) AS spans,
       max(CASE WHEN aspect = 'negate' THEN negated END) AS negated,
       max(CASE WHEN aspect = 'memo' THEN memo END) AS memo,
       max(CASE WHEN aspect = 'presence' THEN id END) AS decision_id,
       max(CASE WHEN aspect = 'presence' THEN coding_id END) AS coding_id,
       max(CASE WHEN aspect = 'presence' THEN rule_id END) AS rule_id,
       max(CASE WHEN aspect = 'presence' THEN codebook_version END) AS codebook_version,
       max(CASE WHEN aspect = 'presence' THEN basis END) AS basis,
       max(created_at) AS decided_at
FROM latest
WHERE rn = 1
GROUP BY segment_id, code_id, coder;

-- Per codebook version x unit x coder who decided anything there: how many of the version's
-- suggestions the coder has a current decision on, and whether the unit is complete (every
-- suggestion decided; a unit without suggestions needs a `done` mark).
CREATE VIEW v_coder_units AS
WITH touched AS (
  SELECT DISTINCT segment_id, coder FROM reviews
),
versions AS (
  SELECT t.segment_id, t.coder, k.codebook_version
  FROM touched t
  JOIN segments s ON s.id = t.segment_id
  JOIN coding_done k ON k.document = s.document AND k.unit = s.kind
),
done AS (
  SELECT r.segment_id, r.coder FROM reviews r
  WHERE r.action = 'done' AND NOT EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = r.id)
  GROUP BY r.segment_id, r.coder
)
SELECT v.codebook_version, v.segment_id, v.coder,
       (SELECT count(*) FROM v_suggestions g WHERE g.segment_id = v.segment_id AND g.codebook_version = v.codebook_version) AS suggestions,
       (SELECT count(*) FROM v_suggestions g JOIN v_review_state st
          ON st.segment_id = g.segment_id AND st.code_id = g.code_id AND st.coder = v.coder AND st.basis = g.hits
        WHERE g.segment_id = v.segment_id AND g.codebook_version = v.codebook_version) AS decided,
       d.coder IS NOT NULL AS marked_done
FROM versions v
LEFT JOIN done d ON d.segment_id = v.segment_id AND d.coder = v.coder;

-- What each coder coded, per codebook version: current decisions (the suggestion they answered
-- is unchanged in that version: `hits` equal to the decision's basis), and, in units the coder
-- completed, implicit absence of any code someone else decided there ('coded, without this
-- code' as opposed to 'did not code this unit').
CREATE VIEW v_coder_codings AS
WITH complete AS (
  SELECT codebook_version, segment_id, coder FROM v_coder_units
  WHERE decided = suggestions AND (suggestions > 0 OR marked_done)
),
explicit AS (
  SELECT k.codebook_version, st.segment_id, st.code_id, st.coder, st.present, st.status, st.spans,
         coalesce(st.negated, g.all_negated, 0) AS negated, st.memo, st.decision_id
  FROM v_review_state st
  JOIN segments s ON s.id = st.segment_id
  JOIN coding_done k ON k.document = s.document AND k.unit = s.kind
  LEFT JOIN v_suggestions g ON g.segment_id = st.segment_id AND g.code_id = st.code_id AND g.codebook_version = k.codebook_version
  WHERE st.action IS NOT NULL AND st.basis = coalesce(g.hits, '[]')
)
SELECT codebook_version, segment_id, code_id, coder, present, status, spans, negated, memo, decision_id, 'decided' AS how
FROM explicit
UNION ALL
SELECT c.codebook_version, c.segment_id, o.code_id, c.coder, 0, 'implicit', NULL, 0, NULL, NULL, 'implicit'
FROM complete c
JOIN (SELECT DISTINCT codebook_version, segment_id, code_id FROM explicit) o
  ON o.codebook_version = c.codebook_version AND o.segment_id = c.segment_id
WHERE NOT EXISTS (SELECT 1 FROM explicit e WHERE e.codebook_version = c.codebook_version AND e.segment_id = c.segment_id
                  AND e.code_id = o.code_id AND e.coder = c.coder);

-- The latest adjudication per unit x code that is current for a codebook version (same rule as
-- decisions: its basis equals the version's hits).
CREATE VIEW v_adjudication_state AS
WITH cur AS (
  SELECT k.codebook_version, a.*,
         row_number() OVER (PARTITION BY k.codebook_version, a.segment_id, a.code_id ORDER BY a.id DESC) AS rn
  FROM adjudications a
  JOIN segments s ON s.id = a.segment_id
  JOIN coding_done k ON k.document = s.document AND k.unit = s.kind
  LEFT JOIN v_suggestions g ON g.segment_id = a.segment_id AND g.code_id = a.code_id AND g.codebook_version = k.codebook_version
  WHERE a.basis = coalesce(g.hits, '[]')
)
SELECT codebook_version, segment_id, code_id, id AS adjudication_id, adjudicator, present, negated, spans, picked, reason, created_at
FROM cur WHERE rn = 1;

-- Units x codes where the coders who coded them (per v_coder_codings) differ on presence, or
-- agree it is present and differ on negation; `adjudicated` says whether it is settled.
CREATE VIEW v_disagreements AS
SELECT c.codebook_version, c.segment_id, c.code_id, count(*) AS coders,
       sum(c.present) AS present_votes,
       group_concat(CASE WHEN c.present THEN c.coder END, ',') AS present_coders,
       group_concat(CASE WHEN NOT c.present THEN c.coder END, ',') AS absent_coders,
       a.adjudication_id IS NOT NULL AS adjudicated
FROM v_coder_codings c
LEFT JOIN v_adjudication_state a
  ON a.codebook_version = c.codebook_version AND a.segment_id = c.segment_id AND a.code_id = c.code_id
GROUP BY c.codebook_version, c.segment_id, c.code_id
HAVING count(*) >= 2
   AND (min(c.present) <> max(c.present) OR (min(c.present) = 1 AND min(c.negated) <> max(c.negated)));

-- The codings tables use, per codebook version x unit x code: the adjudication where there is
-- one, else the coders' agreed decision, else the rules' suggestion; `source` says which.
-- Rows with present = 0 are suggestions overruled by coders or an adjudicator.
CREATE VIEW v_final_codings AS
WITH coders AS (
  SELECT codebook_version, segment_id, code_id, count(*) AS n,
         min(present) AS min_p, max(present) AS max_p, min(negated) AS min_n, max(negated) AS max_n,
         count(DISTINCT spans) AS distinct_spans, count(spans) AS with_spans, max(spans) AS any_spans
  FROM v_coder_codings
  GROUP BY codebook_version, segment_id, code_id
),
auto AS (
  SELECT g.* FROM v_suggestions g
  JOIN segments s ON s.id = g.segment_id
  JOIN coding_done k ON k.document = s.document AND k.unit = s.kind AND k.codebook_version = g.codebook_version
),
keys AS (
  SELECT codebook_version, segment_id, code_id FROM auto
  UNION SELECT codebook_version, segment_id, code_id FROM coders
  UNION SELECT codebook_version, segment_id, code_id FROM v_adjudication_state
)
SELECT k.codebook_version, s.kind AS unit, s.document AS sha256, k.segment_id, k.code_id,
       CASE WHEN a.adjudication_id IS NOT NULL THEN 'adjudicated'
            WHEN c.n > 0 AND c.min_p = c.max_p AND (c.min_p = 0 OR c.min_n = c.max_n) THEN 'coders'
            ELSE 'auto' END AS source,
       CASE WHEN a.adjudication_id IS NOT NULL THEN a.present
            WHEN c.n > 0 AND c.min_p = c.max_p AND (c.min_p = 0 OR c.min_n = c.max_n) THEN c.min_p
            ELSE g.segment_id IS NOT NULL END AS present,
       CASE WHEN a.adjudication_id IS NOT NULL THEN a.negated
            WHEN c.n > 0 AND c.min_p = c.max_p AND (c.min_p = 0 OR c.min_n = c.max_n) THEN c.min_n
            ELSE coalesce(g.all_negated, 0) END AS negated,
       CASE WHEN a.adjudication_id IS NOT NULL THEN a.spans
            WHEN c.n > 0 AND c.min_p = 1 AND c.max_p = 1 AND c.distinct_spans = 1 AND c.with_spans = c.n THEN c.any_spans
            END AS spans,
       g.hits, g.rules, coalesce(c.n, 0) AS coders,
       (c.n > 0 AND NOT (c.min_p = c.max_p AND (c.min_p = 0 OR c.min_n = c.max_n))) AS disputed,
       a.adjudication_id, s.start, s.end, s.page
FROM keys k
JOIN segments s ON s.id = k.segment_id
LEFT JOIN auto g ON g.codebook_version = k.codebook_version AND g.segment_id = k.segment_id AND g.code_id = k.code_id
LEFT JOIN coders c ON c.codebook_version = k.codebook_version AND c.segment_id = k.segment_id AND c.code_id = k.code_id
LEFT JOIN v_adjudication_state a ON a.codebook_version = k.codebook_version AND a.segment_id = k.segment_id AND a.code_id = k.code_id;
