// The project database: one SQLite file (WAL, foreign keys on), migrated on open. Every write is
// synchronous and each document's segments and codings go in one transaction, so a run killed at
// any moment leaves either all of a document or none of it; coding_done, written in the same
// transaction as the codings, is what tells the next run which documents are finished.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { META_KEYS, type Coding, type DocumentMeta, type FailureCode, type PageRange, type Segment, type SourceFormat } from '../types.ts';
import { checkMigrated, checkNotForeign, migrate, StoreError } from './migrate.ts';
import { refillUnitCounts } from './unit-counts.ts';
import { countWords } from './word-count.ts';

export { StoreError } from './migrate.ts';

export type Unit = 'sentence' | 'paragraph';

export interface DocumentRecord {
  sha256: string;
  file: string;
  status: 'ingested' | 'failed';
  failureCode: string | null;
  reason: string | null;
  /** What the file said about itself (front matter, <title>, PDF info), JSON: the manifest is
   *  merged over it again whenever the manifest changes. */
  fileMeta: string;
}

export interface CodebookRecord {
  version: string;
  id: string;
  title: string;
  file: string;
  source: string;
  json: string;
  codes: Array<{ id: string; label: string; group: string; definition: string }>;
}

export interface StoreDocumentInput {
  sha256: string;
  file: string;
  bytes: number;
  format: SourceFormat;
  meta: DocumentMeta;
  /** The metadata found in the file itself, kept so a manifest edit can be merged over it later. */
  fileMeta?: Partial<DocumentMeta>;
  /** Word counts of the document and of each segment (same order), if the caller has them. */
  wordCounts?: { document: number; segments: number[] };
  text: string;
  pages: PageRange[];
  segments: Segment[];
  warnings: string[];
  runId: number;
  coding?: { codebookVersion: string; unit: Unit; codings: Coding[] };
}

export interface StatusReport {
  documents: Array<{
    file: string;
    sha256: string;
    status: string;
    failureCode: string | null;
    reason: string | null;
    segments: number;
    codings: number;
  }>;
  totals: Record<string, number>;
}

export interface Store {
  readonly db: Database.Database;
  close(): void;
  startRun(info: { command: string; toolVersion: string; codebookVersion: string | null; options: Record<string, unknown> }): number;
  finishRun(runId: number, status: 'completed' | 'failed', stats: Record<string, unknown>): void;
  saveCodebook(cb: CodebookRecord): void;
  findDocument(sha256: string): DocumentRecord | undefined;
  /** Records that `file` holds these bytes in this run (it becomes the file's current version). */
  markSeen(sha256: string, file: string, runId: number): boolean;
  recordFailure(d: { sha256: string; file: string; bytes: number; meta: DocumentMeta; code: FailureCode; reason: string; runId: number }): void;
  storeDocument(d: StoreDocumentInput): void;
  storeCodings(d: { sha256: string; codebookVersion: string; unit: Unit; runId: number; codings: Coding[] }): void;
  isCoded(sha256: string, codebookVersion: string, unit: string): boolean;
  documentsToCode(codebookVersion: string, unit: string): Array<{ sha256: string; language: string | null }>;
  loadDocument(sha256: string): { text: string; language: string | null; segments: Segment[] } | undefined;
  updateMeta(sha256: string, meta: DocumentMeta): boolean;
  latestCodebookVersion(): string | null;
  status(): StatusReport;
}


const now = (): string => new Date().toISOString();

/** Opens (creating folders and the file if needed) and migrates the database. `:memory:` works. */
export function openStore(file: string, opts: { readonly?: boolean } = {}): Store {
  return new SqliteStore(file, opts.readonly ?? false);
}

function metaParams(meta: DocumentMeta): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const k of META_KEYS) out[k] = meta[k] ?? null;
  return out;
}

function segmentText(text: string, s: Segment): string {
  if (!(Number.isInteger(s.start) && Number.isInteger(s.end) && 0 <= s.start && s.start <= s.end && s.end <= text.length)) {
    throw new StoreError(`Unexpected segment \`${s.id}\` at [${s.start}, ${s.end}), expected offsets within the text [0, ${text.length})`);
  }
  // The exact quote (DESIGN invariant 1): a UTF-16 slice, stored because SQLite's substr()
  // counts code points and would shift every quote after an emoji or other non-BMP character.
  return text.slice(s.start, s.end);
}

class SqliteStore implements Store {
  readonly db: Database.Database;
  private readonly q;

  constructor(file: string, readonly: boolean) {
    const memory = file === ':memory:';
    if (!memory && !readonly) mkdirSync(dirname(resolve(file)), { recursive: true });
    this.db = new Database(file, readonly ? { readonly: true, fileMustExist: true } : {});
    try {
      this.db.pragma('busy_timeout = 5000');
      this.db.pragma('foreign_keys = ON');
      if (readonly) {
        checkMigrated(this.db, { where: file });
      } else {
        // Refuse another application's database before anything is written to it: the WAL pragma
        // alone rewrites the file's header.
        checkNotForeign(this.db, file);
        if (!memory) this.db.pragma('journal_mode = WAL');
        this.db.pragma('synchronous = NORMAL');
        migrate(this.db, { where: file });
      }
    } catch (err) {
      this.db.close();
      throw err;
    }
    this.q = prepare(this.db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  startRun(info: { command: string; toolVersion: string; codebookVersion: string | null; options: Record<string, unknown> }): number {
    const r = this.q.startRun.run(info.command, now(), info.toolVersion, info.codebookVersion, JSON.stringify(info.options));
    return Number(r.lastInsertRowid);
  }

  finishRun(runId: number, status: 'completed' | 'failed', stats: Record<string, unknown>): void {
    const r = this.q.finishRun.run(now(), status, JSON.stringify(stats), runId);
    if (r.changes === 0) throw new StoreError(`Unexpected run id ${runId}, expected a run started with startRun()`);
  }

  saveCodebook(cb: CodebookRecord): void {
    this.db.transaction(() => {
      if (this.q.hasCodebook.get(cb.version)) return; // a version is a content hash: same version, same content
      this.q.insertCodebook.run(cb.version, cb.id, cb.title, cb.file, cb.source, cb.json, now());
      cb.codes.forEach((c, i) => this.q.insertCode.run(cb.version, c.id, c.label, c.group, c.definition, i));
    })();
  }

  findDocument(sha256: string): DocumentRecord | undefined {
    return this.q.findDocument.get(sha256) as DocumentRecord | undefined;
  }

  markSeen(sha256: string, file: string, runId: number): boolean {
    return this.q.touch.run(file, runId, sha256).changes > 0;
  }

  recordFailure(d: { sha256: string; file: string; bytes: number; meta: DocumentMeta; code: FailureCode; reason: string; runId: number }): void {
    this.db.transaction(() => {
      // The same bytes were read successfully before: keep that (a timeout now does not undo it).
      if (this.findDocument(d.sha256)?.status === 'ingested') {
        this.q.touch.run(d.file, d.runId, d.sha256);
        return;
      }
      this.q.upsertFailed.run({
        sha256: d.sha256, file: d.file, bytes: d.bytes, code: d.code, reason: d.reason, run: d.runId, ...metaParams(d.meta),
      });
    })();
  }

  storeDocument(d: StoreDocumentInput): void {
    // Check everything before the transaction: a bad record is a bug upstream, and must not
    // leave half a document behind.
    if (d.wordCounts && d.wordCounts.segments.length !== d.segments.length) {
      throw new StoreError(`Unexpected ${d.wordCounts.segments.length} segment word counts for ${d.segments.length} segments of ${d.file}`);
    }
    const rows = d.segments.map((s, i) => ({ s, text: segmentText(d.text, s), words: d.wordCounts?.segments[i] }));
    const ids = new Set(d.segments.map((s) => s.id));
    for (const s of d.segments) {
      if (s.kind === 'sentence' && !(s.paragraphId && ids.has(s.paragraphId))) {
        throw new StoreError(`Unexpected paragraphId \`${s.paragraphId}\` on sentence \`${s.id}\`, expected a paragraph of the same document`);
      }
    }
    if (d.coding) checkCodings(d.coding.codings, ids);
    // Paragraphs first: a sentence's paragraph_id references its paragraph.
    rows.sort((a, b) => Number(a.s.kind === 'sentence') - Number(b.s.kind === 'sentence'));

    this.db.transaction(() => {
      if (this.findDocument(d.sha256)?.status === 'ingested') {
        // Stored before (a re-run): segments are immutable; only note that the file was seen.
        this.q.touch.run(d.file, d.runId, d.sha256);
      } else {
        this.q.upsertIngested.run({
          sha256: d.sha256, file: d.file, bytes: d.bytes, format: d.format, text: d.text,
          words: d.wordCounts?.document ?? countWords(d.text), warnings: JSON.stringify(d.warnings), fileMeta: JSON.stringify(d.fileMeta ?? {}),
          run: d.runId, at: now(), ...metaParams(d.meta),
        });
        for (const p of d.pages) this.q.insertPage.run(d.sha256, p.page, p.start, p.end);
        for (const { s, text, words } of rows) {
          this.q.insertSegment.run(s.id, d.sha256, s.kind, s.start, s.end, s.page, s.paragraphId, s.ordinal, words ?? countWords(text), text);
        }
      }
      if (d.coding) this.writeCodings(d.sha256, d.coding.codebookVersion, d.coding.unit, d.runId, d.coding.codings);
    })();
  }

  storeCodings(d: { sha256: string; codebookVersion: string; unit: Unit; runId: number; codings: Coding[] }): void {
    if (this.findDocument(d.sha256)?.status !== 'ingested') {
      throw new StoreError(`Unexpected document ${d.sha256.slice(0, 12)} for storeCodings, expected an ingested document`);
    }
    checkCodings(d.codings, new Set(this.q.segmentIds.pluck().all(d.sha256) as string[]));
    this.db.transaction(() => this.writeCodings(d.sha256, d.codebookVersion, d.unit, d.runId, d.codings))();
  }

  private writeCodings(sha256: string, version: string, unit: Unit, runId: number, codings: Coding[]): void {
    let changed = 0;
    for (const c of codings) {
      changed += this.q.insertCoding.run(c.segmentId, c.codeId, c.ruleId, version, runId, JSON.stringify(c.spans), c.negated ? 1 : 0).changes;
    }
    changed += this.q.markCoded.run(sha256, version, unit, runId).changes;
    // The tables' per-document counts (migration 004), in the same transaction: new codings can
    // change the counts of every unit the document is coded at with this version.
    if (changed > 0) refillUnitCounts(this.db, sha256, version);
  }

  isCoded(sha256: string, codebookVersion: string, unit: string): boolean {
    return this.q.isCoded.get(sha256, codebookVersion, unit) !== undefined;
  }

  documentsToCode(codebookVersion: string, unit: string): Array<{ sha256: string; language: string | null }> {
    return this.q.toCode.all(codebookVersion, unit) as Array<{ sha256: string; language: string | null }>;
  }

  loadDocument(sha256: string): { text: string; language: string | null; segments: Segment[] } | undefined {
    const doc = this.q.loadText.get(sha256) as { text: string | null; language: string | null } | undefined;
    if (!doc || doc.text === null) return undefined;
    const segments = this.q.loadSegments.all(sha256) as Segment[];
    return { text: doc.text, language: doc.language, segments };
  }

  updateMeta(sha256: string, meta: DocumentMeta): boolean {
    return this.q.updateMeta.run({ sha256, ...metaParams(meta) }).changes > 0;
  }

  latestCodebookVersion(): string | null {
    return (this.q.latestVersion.pluck().get() as string | undefined) ?? null;
  }

  status(): StatusReport {
    const version = this.latestCodebookVersion();
    const documents = this.q.statusDocs.all({ version }) as StatusReport['documents'];
    const totals = this.q.statusTotals.get({ version }) as Record<string, number>;
    return { documents, totals };
  }
}

function checkCodings(codings: Coding[], segmentIds: Set<string>): void {
  for (const c of codings) {
    if (!segmentIds.has(c.segmentId)) {
      throw new StoreError(`Unexpected segment \`${c.segmentId}\` in a coding of \`${c.codeId}\`, expected a segment of the same document`);
    }
  }
}

// All statements of the store, prepared once per connection.
function prepare(db: Database.Database) {
  const META_COLS = META_KEYS.join(', ');
  const META_VALS = META_KEYS.map((k) => `@${k}`).join(', ');
  const META_SET = META_KEYS.map((k) => `${k} = excluded.${k}`).join(', ');
  return {
    startRun: db.prepare(`INSERT INTO runs (command, started_at, tool_version, codebook_version, options) VALUES (?, ?, ?, ?, ?)`),
    finishRun: db.prepare(`UPDATE runs SET finished_at = ?, status = ?, stats = ? WHERE id = ?`),
    hasCodebook: db.prepare(`SELECT 1 FROM codebooks WHERE version = ?`),
    insertCodebook: db.prepare(`INSERT INTO codebooks (version, codebook_id, title, file, source, json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`),
    insertCode: db.prepare(`INSERT INTO codes (codebook_version, code_id, label, group_id, definition, ordinal) VALUES (?, ?, ?, ?, ?, ?)`),
    findDocument: db.prepare(
      `SELECT sha256, file, status, failure_code AS failureCode, reason, file_meta AS fileMeta FROM documents WHERE sha256 = ?`,
    ),
    touch: db.prepare(`UPDATE documents SET file = ?, last_run_id = max(last_run_id, ?) WHERE sha256 = ?`),
    upsertFailed: db.prepare(
      `INSERT INTO documents (sha256, file, bytes, status, failure_code, reason, ${META_COLS}, first_run_id, last_run_id)
       VALUES (@sha256, @file, @bytes, 'failed', @code, @reason, ${META_VALS}, @run, @run)
       ON CONFLICT (sha256) DO UPDATE SET file = excluded.file, bytes = excluded.bytes,
         failure_code = excluded.failure_code, reason = excluded.reason, ${META_SET},
         last_run_id = max(last_run_id, excluded.last_run_id)`,
    ),
    upsertIngested: db.prepare(
      `INSERT INTO documents (sha256, file, bytes, format, status, ${META_COLS}, text, word_count, warnings, file_meta, first_run_id, last_run_id, ingested_at)
       VALUES (@sha256, @file, @bytes, @format, 'ingested', ${META_VALS}, @text, @words, @warnings, @fileMeta, @run, @run, @at)
       ON CONFLICT (sha256) DO UPDATE SET file = excluded.file, bytes = excluded.bytes, format = excluded.format,
         status = 'ingested', failure_code = NULL, reason = NULL, ${META_SET}, text = excluded.text,
         word_count = excluded.word_count, warnings = excluded.warnings, file_meta = excluded.file_meta,
         last_run_id = max(last_run_id, excluded.last_run_id), ingested_at = excluded.ingested_at`,
    ),
    insertPage: db.prepare(`INSERT INTO pages (document, page, start, end) VALUES (?, ?, ?, ?)`),
    insertSegment: db.prepare(
      `INSERT INTO segments (id, document, kind, start, end, page, paragraph_id, ordinal, word_count, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    segmentIds: db.prepare(`SELECT id FROM segments WHERE document = ?`),
    insertCoding: db.prepare(
      `INSERT INTO codings (segment_id, code_id, rule_id, codebook_version, run_id, spans, negated, source)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'rule') ON CONFLICT DO NOTHING`,
    ),
    markCoded: db.prepare(`INSERT INTO coding_done (document, codebook_version, unit, run_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`),
    isCoded: db.prepare(`SELECT 1 FROM coding_done WHERE document = ? AND codebook_version = ? AND unit = ?`),
    toCode: db.prepare(
      `SELECT d.sha256, d.language FROM current_documents d
       WHERE NOT EXISTS (SELECT 1 FROM coding_done k WHERE k.document = d.sha256 AND k.codebook_version = ? AND k.unit = ?)
       ORDER BY d.file, d.sha256`,
    ),
    loadText: db.prepare(`SELECT text, language FROM documents WHERE sha256 = ? AND status = 'ingested'`),
    loadSegments: db.prepare(
      `SELECT id, kind, start, end, page, paragraph_id AS paragraphId, ordinal FROM segments
       WHERE document = ? ORDER BY start, kind, ordinal`,
    ),
    updateMeta: db.prepare(
      `UPDATE documents SET ${META_KEYS.map((k) => `${k} = @${k}`).join(', ')}
       WHERE sha256 = @sha256 AND NOT (${META_KEYS.map((k) => `${k} IS @${k}`).join(' AND ')})`,
    ),
    latestVersion: db.prepare(
      `SELECT r.codebook_version FROM runs r
       WHERE r.status = 'completed' AND r.codebook_version IS NOT NULL
         AND EXISTS (SELECT 1 FROM coding_done k WHERE k.codebook_version = r.codebook_version)
       ORDER BY r.id DESC LIMIT 1`,
    ),
    statusDocs: db.prepare(
      `SELECT d.file, d.sha256, d.status, d.failure_code AS failureCode, d.reason,
         (SELECT count(*) FROM segments s WHERE s.document = d.sha256) AS segments,
         (SELECT count(*) FROM segments s JOIN codings c ON c.segment_id = s.id
          WHERE s.document = d.sha256 AND (@version IS NULL OR c.codebook_version = @version)) AS codings
       FROM latest_documents d ORDER BY d.file`,
    ),
    statusTotals: db.prepare(
      `SELECT (SELECT count(*) FROM latest_documents) AS files,
         (SELECT count(*) FROM latest_documents WHERE status = 'ingested') AS ingested,
         (SELECT count(*) FROM latest_documents WHERE status = 'failed') AS failed,
         (SELECT count(*) FROM documents) - (SELECT count(*) FROM latest_documents) AS superseded,
         (SELECT count(*) FROM current_documents d JOIN coding_done k ON k.document = d.sha256
          WHERE k.codebook_version IS @version) AS coded,
         (SELECT count(*) FROM segments s JOIN current_documents d ON d.sha256 = s.document) AS segments,
         (SELECT count(*) FROM codings c JOIN segments s ON s.id = c.segment_id JOIN current_documents d ON d.sha256 = s.document
          WHERE @version IS NULL OR c.codebook_version = @version) AS codings,
         (SELECT count(*) FROM runs) AS runs`,
    ),
  };
}
