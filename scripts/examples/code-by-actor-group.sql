-- Codes by actor group, from the database alone: the same numbers as out/tables/code_by_actor_group.csv.
--
--   sqlite3 -readonly out/codeframe.db < scripts/examples/code-by-actor-group.sql > code_by_actor_group.csv
--
-- sqlite3 older than 3.44 (Debian 12 ships 3.40) cannot read one of the review views; add
-- -cmd "PRAGMA writable_schema=ON" after -readonly (see README.md here). Copy this file and change
-- the SELECT to make your own table: the views are documented in src/store/SCHEMA.md.
--
-- What counts (as in codeframe's tables): auto codings of the codebook version of the latest
-- coding run, at the unit it was coded at, in the current version of each file. A unit counts
-- once per code however many rules coded it.
.headers on
.mode csv

WITH
-- The codebook version of the latest completed run that coded, and the unit it coded at.
params AS (
  SELECT r.codebook_version AS version,
         (SELECT k.unit FROM coding_done k WHERE k.codebook_version = r.codebook_version
          ORDER BY k.run_id DESC, k.unit DESC LIMIT 1) AS unit
  FROM runs r
  WHERE r.status = 'completed' AND r.codebook_version IS NOT NULL
    AND EXISTS (SELECT 1 FROM coding_done k WHERE k.codebook_version = r.codebook_version)
  ORDER BY r.id DESC
  LIMIT 1
),
-- Size of each actor group: documents and words.
actor_groups AS (
  SELECT d.actor_group, count(*) AS documents, sum(d.word_count) AS words
  FROM v_coded_documents d JOIN params p ON d.codebook_version = p.version AND d.unit = p.unit
  GROUP BY d.actor_group
),
-- Units coded and documents with at least one, per code and actor group.
cells AS (
  SELECT s.code_id, coalesce(s.actor_group, '(unassigned)') AS actor_group,
         count(*) AS units_coded, count(DISTINCT s.sha256) AS documents_coded
  FROM v_coded_segments s JOIN params p ON s.codebook_version = p.version AND s.unit = p.unit
  GROUP BY s.code_id, coalesce(s.actor_group, '(unassigned)')
)
SELECT c.code_id,
       c.label AS code_label,
       c.group_id AS code_group,
       g.actor_group,
       g.documents,
       g.words,
       coalesce(x.units_coded, 0) AS units_coded,
       coalesce(x.documents_coded, 0) AS documents_coded,
       printf('%.4f', 1.0 * coalesce(x.documents_coded, 0) / g.documents) AS share_of_documents,
       CASE WHEN g.words > 0 THEN printf('%.3f', 1000.0 * coalesce(x.units_coded, 0) / g.words) END AS rate_per_1000_words
FROM codes c
JOIN params p ON c.codebook_version = p.version
CROSS JOIN actor_groups g
LEFT JOIN cells x ON x.code_id = c.code_id AND x.actor_group = g.actor_group
-- Codebook order, then actor groups alphabetically with "(unassigned)" last.
ORDER BY c.ordinal, g.actor_group = '(unassigned)', g.actor_group;
