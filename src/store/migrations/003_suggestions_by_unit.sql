-- 003_suggestions_by_unit: v_suggestions and v_coder_codings as views SQLite can look up by unit.
-- Never edit this file once shipped (see 001_init.sql).
--
-- 002 defined v_suggestions as an aggregate over a sorted subquery of every coding. SQLite cannot
-- push a join constraint into such a view, so each query that joined it (v_coder_codings,
-- v_adjudication_state, v_final_codings and through them the final tables) first grouped and
-- sorted every coding of the database: `codeframe tables` took 44 s on 250 k codings with a few
-- reviews, growing with the corpus (scripts/bench/review.ts). This definition has the same columns
-- and the same values, row for row, but no aggregate at its top: one row per unit × code × version
-- (the coding with the lowest rule id), the rest from correlated subqueries over the codings index
-- of that one unit. SQLite flattens it into the query that uses it, so a lookup costs a few index
-- probes. The hits stay in rule id order without `json_group_array(... ORDER BY ...)`, which needs
-- SQLite 3.44 (older readers, e.g. Debian 12's sqlite3 and Python's sqlite3 3.40, would refuse the
-- schema): the ordered subquery feeds the aggregate in order.
DROP VIEW v_suggestions;
CREATE VIEW v_suggestions AS
SELECT c.segment_id, c.code_id, c.codebook_version,
       (SELECT json_group_array(json_array(h.rule_id, json(h.spans)))
        FROM (SELECT x.rule_id, x.spans FROM codings x
              WHERE x.segment_id = c.segment_id AND x.code_id = c.code_id AND x.codebook_version = c.codebook_version
              ORDER BY x.rule_id) h) AS hits,
       (SELECT min(x.id) FROM codings x
        WHERE x.segment_id = c.segment_id AND x.code_id = c.code_id AND x.codebook_version = c.codebook_version) AS coding_id,
       (SELECT count(*) FROM codings x
        WHERE x.segment_id = c.segment_id AND x.code_id = c.code_id AND x.codebook_version = c.codebook_version) AS rules,
       (SELECT min(x.negated) FROM codings x
        WHERE x.segment_id = c.segment_id AND x.code_id = c.code_id AND x.codebook_version = c.codebook_version) AS all_negated,
       (SELECT max(x.negated) FROM codings x
        WHERE x.segment_id = c.segment_id AND x.code_id = c.code_id AND x.codebook_version = c.codebook_version) AS any_negated
FROM codings c
WHERE NOT EXISTS (SELECT 1 FROM codings y
                  WHERE y.segment_id = c.segment_id AND y.code_id = c.code_id AND y.codebook_version = c.codebook_version
                    AND y.rule_id < c.rule_id);

-- v_coder_codings uses its `explicit` rows (the coders' current decisions: as many rows as there
-- are decisions) three times. SQLite 3.5x chose to evaluate the view's join to v_suggestions for
-- the second use by building an index over every suggestion of the database (3 s for one review on
-- 250 k codings). MATERIALIZED computes those few rows once, by index lookups. Same columns, same rows.
DROP VIEW v_coder_codings;
CREATE VIEW v_coder_codings AS
WITH complete AS (
  SELECT codebook_version, segment_id, coder FROM v_coder_units
  WHERE decided = suggestions AND (suggestions > 0 OR marked_done)
),
explicit AS MATERIALIZED (
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
