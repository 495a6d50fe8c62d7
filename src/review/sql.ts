// Every statement of the review module, prepared once per database handle (a WeakMap keyed by
// the better-sqlite3 connection), so a busy review server never re-parses SQL. The tables and
// views are created by src/store/migrations/002_review.sql and documented in src/store/SCHEMA.md.
import type Database from 'better-sqlite3';

const cache = new WeakMap<Database.Database, ReturnType<typeof prepare>>();

export function reviewSql(db: Database.Database): ReturnType<typeof prepare> {
  let q = cache.get(db);
  if (!q) cache.set(db, (q = prepare(db)));
  return q;
}

/** The codebook hits of one code in one unit: the suggestion's identity (`[]`: none). The same
 *  JSON text as v_suggestions.hits (rules in rule id order: the ordered subquery feeds the
 *  aggregate in order, as in the view), but read through the codings index of that one unit: a
 *  lookup through 002's view aggregated every coding of the database first, which made each
 *  request of the review server take a second on a corpus of a few thousand units. */
const hitsOf = (segment: string, code: string, version: string): string =>
  `(SELECT json_group_array(json_array(h.rule_id, json(h.spans)))
    FROM (SELECT x.rule_id, x.spans FROM codings x
          WHERE x.segment_id = ${segment} AND x.code_id = ${code} AND x.codebook_version = ${version} ORDER BY x.rule_id) h)`;
const HITS = hitsOf('@segment', '@code', '@version');

/** The items a coder is to code (assigned to them, or assigned to nobody), with completion.
 *  Suggestions are read from `codings` per unit (index on segment_id), not from v_suggestions,
 *  which SQLite computes for the whole database before filtering (see hitsOf). */
const CODER_ITEMS = `SELECT qi.id, qi.position, qi.segment_id AS segmentId,
              (SELECT count(DISTINCT g.code_id) FROM codings g WHERE g.segment_id = qi.segment_id AND g.codebook_version = @version) AS suggestions,
              (SELECT count(*) FROM (SELECT DISTINCT c.code_id FROM codings c WHERE c.segment_id = qi.segment_id AND c.codebook_version = @version) g
               JOIN reviews r ON r.id = (
                  SELECT max(x.id) FROM reviews x
                  WHERE x.segment_id = qi.segment_id AND x.code_id = g.code_id AND x.coder = @coder
                    AND x.action IN ('accept', 'reject', 'add', 'respan')
                    AND NOT EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = x.id))
               WHERE r.basis = ${hitsOf('qi.segment_id', 'g.code_id', '@version')}) AS decided,
              EXISTS (SELECT 1 FROM reviews x WHERE x.segment_id = qi.segment_id AND x.coder = @coder AND x.action = 'done'
                        AND NOT EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = x.id)) AS markedDone
       FROM queue_items qi
       WHERE qi.queue_id = @queue
         AND (EXISTS (SELECT 1 FROM assignments a WHERE a.item_id = qi.id AND a.coder = @coder)
              OR NOT EXISTS (SELECT 1 FROM assignments a WHERE a.item_id = qi.id))`;

function prepare(db: Database.Database) {
  return {
    // coders
    insertCoder: db.prepare(`INSERT INTO coders (name, label, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`),
    coder: db.prepare(`SELECT name, label, created_at AS createdAt FROM coders WHERE name = ?`),
    coders: db.prepare(`SELECT name, label, created_at AS createdAt FROM coders ORDER BY name`),

    // runs, versions, codes
    run: db.prepare(`SELECT id, codebook_version AS codebookVersion, status FROM runs WHERE id = ?`),
    codes: db.prepare(`SELECT code_id AS id, label, group_id AS "group", definition FROM codes WHERE codebook_version = ? ORDER BY ordinal`),
    hasVersion: db.prepare(`SELECT 1 FROM codebooks WHERE version = ?`),
    latestCodingRun: db.prepare(
      `SELECT id FROM runs WHERE status = 'completed' AND codebook_version = ? ORDER BY id DESC LIMIT 1`,
    ),
    codedUnit: db.prepare(`SELECT unit FROM coding_done WHERE codebook_version = ? ORDER BY run_id DESC, unit DESC LIMIT 1`),

    // queue building
    candidates: db.prepare(
      `SELECT s.id, s.start, d.sha256, d.file, d.actor_group AS actorGroup, d.doc_type AS docType
       FROM current_documents d
       JOIN coding_done k ON k.document = d.sha256 AND k.codebook_version = @version AND k.unit = @unit
       JOIN segments s ON s.document = d.sha256 AND s.kind = @unit
       ORDER BY d.file, d.sha256, s.start, s.id`,
    ),
    suggestedCodes: db.prepare(
      `SELECT g.segment_id AS segmentId, g.code_id AS codeId, c.group_id AS groupId
       FROM v_suggestions g JOIN codes c ON c.codebook_version = g.codebook_version AND c.code_id = g.code_id
       WHERE g.codebook_version = ?`,
    ),
    queue: db.prepare(`SELECT id, name, codebook_version AS codebookVersion, unit, run_id AS runId, spec, created_at AS createdAt FROM queues WHERE id = ?`),
    insertQueue: db.prepare(`INSERT INTO queues (id, name, codebook_version, unit, run_id, spec, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`),
    insertItem: db.prepare(`INSERT INTO queue_items (queue_id, segment_id, position, stratum) VALUES (?, ?, ?, ?)`),
    items: db.prepare(`SELECT id, segment_id AS segmentId, position, stratum FROM queue_items WHERE queue_id = ? ORDER BY position`),
    item: db.prepare(
      `SELECT qi.id, qi.queue_id AS queueId, qi.segment_id AS segmentId, qi.position, q.codebook_version AS codebookVersion,
              s.start, s.end, s.kind, s.document
       FROM queue_items qi JOIN queues q ON q.id = qi.queue_id JOIN segments s ON s.id = qi.segment_id WHERE qi.id = ?`,
    ),
    itemAt: db.prepare(`SELECT id FROM queue_items WHERE queue_id = ? AND position = ?`),
    itemCount: db.prepare(`SELECT count(*) FROM queue_items WHERE queue_id = ?`),

    // assignment
    assign: db.prepare(`INSERT INTO assignments (item_id, coder, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`),
    assignees: db.prepare(`SELECT coder FROM assignments WHERE item_id = ? ORDER BY coder`),
    queueCoders: db.prepare(
      `SELECT DISTINCT a.coder FROM assignments a JOIN queue_items qi ON qi.id = a.item_id WHERE qi.queue_id = @queue
       UNION SELECT DISTINCT r.coder FROM reviews r JOIN queue_items qi ON qi.segment_id = r.segment_id WHERE qi.queue_id = @queue
       ORDER BY 1`,
    ),
    coderItems: db.prepare(`${CODER_ITEMS} ORDER BY qi.position`),
    /** One item of coderItems (null if the coder is not to code it): what one request needs. */
    coderItem: db.prepare(`${CODER_ITEMS} AND qi.id = @item`),

    // the unit and its context
    segment: db.prepare(
      `SELECT s.id, s.kind, s.start, s.end, s.page, s.ordinal, s.text, s.paragraph_id AS paragraphId,
              d.sha256, d.file, d.title, d.issuer, d.actor_group AS actorGroup, d.country, d.date, d.doc_type AS docType, d.language
       FROM segments s JOIN documents d ON d.sha256 = s.document WHERE s.id = ?`,
    ),
    neighbour: db.prepare(`SELECT text FROM segments WHERE document = ? AND kind = ? AND ordinal = ?`),
    suggestions: db.prepare(
      `SELECT c.id AS codingId, c.code_id AS codeId, c.rule_id AS ruleId, c.spans, c.negated
       FROM codings c WHERE c.segment_id = ? AND c.codebook_version = ? ORDER BY c.code_id, c.rule_id`,
    ),
    hits: db.prepare(`SELECT ${HITS} AS hits`),
    coding: db.prepare(`SELECT id, segment_id AS segmentId, code_id AS codeId, rule_id AS ruleId, codebook_version AS codebookVersion FROM codings WHERE id = ?`),
    ownState: db.prepare(
      `SELECT code_id AS codeId, action, status, present, spans, negated, memo, decision_id AS decisionId, basis, codebook_version AS codebookVersion
       FROM v_review_state WHERE segment_id = ? AND coder = ? ORDER BY code_id`,
    ),
    unitNotes: db.prepare(
      `SELECT r.id, r.action, r.memo FROM reviews r
       WHERE r.segment_id = ? AND r.coder = ? AND r.code_id = '*' AND r.action IN ('memo', 'done')
         AND NOT EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = r.id) ORDER BY r.id`,
    ),

    // decisions
    insertReview: db.prepare(
      `INSERT INTO reviews (coding_id, segment_id, code_id, coder, action, spans, memo, created_at, codebook_version, rule_id, undoes, negated, basis, queue_item)
       VALUES (@codingId, @segment, @code, @coder, @action, @spans, @memo, @at, @version, @ruleId, @undoes, @negated, @basis, @item)`,
    ),
    /** The coder's latest decision in a unit (for one code, or any) that is neither an undo nor undone. */
    undoTarget: db.prepare(
      `SELECT r.id, r.code_id AS codeId, r.action FROM reviews r
       WHERE r.segment_id = @segment AND r.coder = @coder AND r.action <> 'undo' AND (@code IS NULL OR r.code_id = @code)
         AND NOT EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = r.id)
       ORDER BY r.id DESC LIMIT 1`,
    ),
    review: db.prepare(`SELECT * FROM reviews WHERE id = ?`),

    // adjudication
    coderCodings: db.prepare(
      `SELECT coder, present, status, spans, negated, memo, decision_id AS decisionId, how FROM v_coder_codings
       WHERE codebook_version = ? AND segment_id = ? AND code_id = ? ORDER BY coder`,
    ),
    queueDisagreements: db.prepare(
      `SELECT qi.id AS itemId, qi.position, v.segment_id AS segmentId, v.code_id AS codeId, v.coders, v.present_coders AS presentCoders,
              v.absent_coders AS absentCoders, v.adjudicated
       FROM queue_items qi JOIN queues q ON q.id = qi.queue_id
       JOIN v_disagreements v ON v.segment_id = qi.segment_id AND v.codebook_version = q.codebook_version
       WHERE qi.queue_id = ? ORDER BY qi.position, v.code_id`,
    ),
    adjudicationState: db.prepare(
      `SELECT adjudication_id AS id, adjudicator, present, negated, spans, picked, reason, created_at AS createdAt
       FROM v_adjudication_state WHERE codebook_version = ? AND segment_id = ? AND code_id = ?`,
    ),
    insertAdjudication: db.prepare(
      `INSERT INTO adjudications (segment_id, code_id, adjudicator, present, negated, spans, picked, reason, codebook_version, basis, queue_id, created_at)
       VALUES (@segment, @code, @adjudicator, @present, @negated, @spans, @picked, @reason, @version, @basis, @queue, @at)`,
    ),

    // final codings (current documents only, like every table)
    finalRows: db.prepare(
      `SELECT f.sha256, d.file, coalesce(d.actor_group, '(unassigned)') AS actorGroup, f.segment_id AS segmentId, f.code_id AS codeId,
              f.negated, f.source, f.spans, f.hits, f.coders, f.adjudication_id AS adjudicationId
       FROM v_final_codings f JOIN current_documents d ON d.sha256 = f.sha256
       WHERE f.codebook_version = @version AND f.unit = @unit AND f.present = 1
       ORDER BY f.segment_id, f.code_id`,
    ),
    autoRows: db.prepare(
      `SELECT s.document AS sha256, d.file, coalesce(d.actor_group, '(unassigned)') AS actorGroup, g.segment_id AS segmentId, g.code_id AS codeId,
              g.all_negated AS negated, 'auto' AS source, NULL AS spans, g.hits, 0 AS coders, NULL AS adjudicationId
       FROM v_suggestions g JOIN segments s ON s.id = g.segment_id AND s.kind = @unit
       JOIN current_documents d ON d.sha256 = s.document
       JOIN coding_done k ON k.document = d.sha256 AND k.codebook_version = @version AND k.unit = @unit
       WHERE g.codebook_version = @version
       ORDER BY g.segment_id, g.code_id`,
    ),
    coderRows: db.prepare(
      `SELECT s.document AS sha256, d.file, coalesce(d.actor_group, '(unassigned)') AS actorGroup, c.segment_id AS segmentId, c.code_id AS codeId,
              c.negated, 'coder' AS source, c.spans, g.hits, 1 AS coders, NULL AS adjudicationId
       FROM v_coder_codings c JOIN segments s ON s.id = c.segment_id AND s.kind = @unit
       JOIN current_documents d ON d.sha256 = s.document
       LEFT JOIN v_suggestions g ON g.segment_id = c.segment_id AND g.code_id = c.code_id AND g.codebook_version = c.codebook_version
       WHERE c.codebook_version = @version AND c.coder = @coder AND c.present = 1
       ORDER BY c.segment_id, c.code_id`,
    ),

    // diff of two runs
    diffDocuments: db.prepare(
      `SELECT DISTINCT a.document FROM coding_done a JOIN coding_done b ON b.document = a.document AND b.unit = a.unit
       WHERE a.codebook_version = @a AND b.codebook_version = @b`,
    ),
    onlyCoded: db.prepare(
      `SELECT count(DISTINCT a.document) FROM coding_done a WHERE a.codebook_version = @a
         AND NOT EXISTS (SELECT 1 FROM coding_done b WHERE b.document = a.document AND b.unit = a.unit AND b.codebook_version = @b)`,
    ),
    /** Hits of `@a` missing from `@b` (identity: segment, code, rule, spans), in documents coded with both. */
    diffHits: db.prepare(
      `SELECT c.id AS codingId, c.segment_id AS segmentId, c.code_id AS codeId, c.rule_id AS ruleId, c.spans, c.negated,
              d.file, s.page, s.start, s.end, s.text,
              (SELECT count(*) FROM reviews r WHERE r.segment_id = c.segment_id AND r.code_id = c.code_id AND r.action <> 'undo') AS reviews
       FROM codings c JOIN segments s ON s.id = c.segment_id JOIN documents d ON d.sha256 = s.document
       WHERE c.codebook_version = @a
         AND EXISTS (SELECT 1 FROM coding_done ka JOIN coding_done kb ON kb.document = ka.document AND kb.unit = ka.unit
                     WHERE ka.document = s.document AND ka.codebook_version = @a AND kb.codebook_version = @b)
         AND NOT EXISTS (SELECT 1 FROM codings o WHERE o.segment_id = c.segment_id AND o.code_id = c.code_id AND o.rule_id = c.rule_id
                         AND o.codebook_version = @b AND json(o.spans) = json(c.spans))
       ORDER BY c.code_id, c.rule_id, d.file, s.start, c.segment_id`,
    ),
  };
}
