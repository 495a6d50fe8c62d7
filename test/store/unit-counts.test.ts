// The per-document counts behind the tables (unit_code_counts, unit_code_pairs; migration 004,
// src/store/unit-counts.ts) equal a recount from the codings after every kind of write, and the
// migration's backfill of an older database equals what the store writes as it codes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codedDocuments, openStore, type Store } from '../../src/store/index.ts';
import { refillAllUnitCounts, refillUnitCounts } from '../../src/store/unit-counts.ts';
import { buildFixture, coding, CODEBOOK_V1, CODEBOOK_V2, docInput, sha } from './fixture.ts';

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-unit-counts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Row = Record<string, unknown>;
const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();

function stored(store: Store): string[] {
  return sorted([
    ...store.db.prepare('SELECT document, codebook_version, unit, code_id, NULL AS code_b, units FROM unit_code_counts').all(),
    ...store.db.prepare('SELECT document, codebook_version, unit, code_a AS code_id, code_b, units FROM unit_code_pairs').all(),
    ...store.db.prepare('SELECT document, kind, units FROM document_units').all(),
  ]);
}

/** The same numbers from v_unit_codes (migration 001): an independent definition of a coded unit. */
function recounted(store: Store): string[] {
  return sorted([
    ...store.db.prepare('SELECT document, codebook_version, kind AS unit, code_id, NULL AS code_b, count(*) AS units FROM v_unit_codes GROUP BY 1, 2, 3, 4').all(),
    ...store.db
      .prepare(
        `SELECT a.document, a.codebook_version, a.kind AS unit, a.code_id, b.code_id AS code_b, count(*) AS units
         FROM v_unit_codes a JOIN v_unit_codes b ON b.segment_id = a.segment_id AND b.codebook_version = a.codebook_version AND b.code_id > a.code_id
         GROUP BY 1, 2, 3, 4, 5`,
      )
      .all(),
    // Every document and unit coded has its segment count (kept when no longer coded: segments never change).
    ...store.db
      .prepare(
        `SELECT k.document, k.kind, (SELECT count(*) FROM segments s WHERE s.document = k.document AND s.kind = k.kind) AS units
         FROM (SELECT document, unit AS kind FROM coding_done UNION SELECT document, kind FROM document_units) k`,
      )
      .all(),
  ]);
}

const countsOf = (store: Store, document: string, version: string, unit: string) =>
  store.db
    .prepare('SELECT code_id, units FROM unit_code_counts WHERE document = ? AND codebook_version = ? AND unit = ? ORDER BY code_id')
    .all(document, version, unit) as Row[];

describe('unit counts written with the codings', () => {
  it('the fixture: sentence counts, paragraph roll-up, pairs once per unit however many rules', () => {
    const store = buildFixture();
    expect(stored(store)).toEqual(recounted(store));
    // a.txt v1 (sentences): s0 transparency+security, s1 accountability, s2 economic+transparency (two rules).
    expect(countsOf(store, sha('a'), CODEBOOK_V1.version, 'sentence')).toEqual([
      { code_id: 'accountability', units: 1 },
      { code_id: 'economic', units: 1 },
      { code_id: 'security', units: 1 },
      { code_id: 'transparency', units: 2 },
    ]);
    // a.txt v2 (paragraphs): p0 gets transparency (s0) and security (s1 and p0 itself), p1 transparency.
    expect(countsOf(store, sha('a'), CODEBOOK_V2.version, 'paragraph')).toEqual([
      { code_id: 'security', units: 1 },
      { code_id: 'transparency', units: 2 },
    ]);
    expect(
      store.db.prepare('SELECT code_a, code_b, units FROM unit_code_pairs WHERE document = ? AND codebook_version = ?').all(sha('a'), CODEBOOK_V2.version),
    ).toEqual([{ code_a: 'security', code_b: 'transparency', units: 1 }]);
    store.close();
  });

  it('a re-code with new rules, and a second unit of the same version, keep every unit right', () => {
    const store = buildFixture();
    const run = store.startRun({ command: 'code', toolVersion: '0.1.0', codebookVersion: CODEBOOK_V1.version, options: {} });
    const c = docInput(sha('c'), 'c.txt', [['Security and accountability.', 'More security.']], { actor_group: 'major_power' }, run);
    // Same version, a rule added: c:s1 gains accountability (the sentence counts change) ...
    store.storeCodings({ sha256: sha('c'), codebookVersion: CODEBOOK_V1.version, unit: 'sentence', runId: run, codings: [coding(c.seg('s1'), 'accountability', 'r9')] });
    expect(countsOf(store, sha('c'), CODEBOOK_V1.version, 'sentence')).toEqual([
      { code_id: 'accountability', units: 2 },
      { code_id: 'security', units: 2 },
    ]);
    // ... and coding it at paragraph level adds a paragraph coding, which leaves the sentences alone.
    store.storeCodings({ sha256: sha('c'), codebookVersion: CODEBOOK_V1.version, unit: 'paragraph', runId: run, codings: [coding(c.seg('p0'), 'economic')] });
    expect(countsOf(store, sha('c'), CODEBOOK_V1.version, 'paragraph')).toEqual([
      { code_id: 'accountability', units: 1 },
      { code_id: 'economic', units: 1 },
      { code_id: 'security', units: 1 },
    ]);
    // a.txt, coded with v2 at paragraph level, now coded with v2 at sentence level too: the new
    // sentence coding also changes its paragraph's counts (the roll-up).
    store.storeCodings({ sha256: sha('a'), codebookVersion: CODEBOOK_V2.version, unit: 'sentence', runId: run, codings: [] });
    const a = docInput(sha('a'), 'a.txt', [['Transparency matters for security.', 'Accountability too.'], ['Economic growth needs transparency.']], {}, run);
    store.storeCodings({ sha256: sha('a'), codebookVersion: CODEBOOK_V2.version, unit: 'sentence', runId: run, codings: [coding(a.seg('s2'), 'economic')] });
    store.finishRun(run, 'completed', {});
    expect(stored(store)).toEqual(recounted(store));
    store.close();
  });

  it('a changed file is a new document with its own counts; the old one keeps its own', () => {
    const store = buildFixture();
    const run = store.startRun({ command: 'run', toolVersion: '0.1.0', codebookVersion: CODEBOOK_V1.version, options: {} });
    const b2 = docInput(sha('7'), 'b.txt', [['Transparency and security now.']], { actor_group: 'global_south' }, run);
    b2.coding = { codebookVersion: CODEBOOK_V1.version, unit: 'sentence', codings: [coding(b2.seg('s0'), 'transparency'), coding(b2.seg('s0'), 'security')] };
    store.storeDocument(b2);
    store.finishRun(run, 'completed', {});
    expect(countsOf(store, sha('7'), CODEBOOK_V1.version, 'sentence')).toHaveLength(2);
    expect(stored(store)).toEqual(recounted(store));
    store.close();
  });

  it('deleting a coding_done row (to have a document coded again) drops its counts; coding it again restores them', () => {
    const store = buildFixture();
    const before = stored(store);
    store.db.prepare('DELETE FROM coding_done WHERE document = ? AND codebook_version = ?').run(sha('a'), CODEBOOK_V1.version);
    expect(countsOf(store, sha('a'), CODEBOOK_V1.version, 'sentence')).toEqual([]);
    expect(stored(store)).toEqual(recounted(store));
    const run = store.startRun({ command: 'code', toolVersion: '0.1.0', codebookVersion: CODEBOOK_V1.version, options: {} });
    // The codings are still there (insert-only): marking the document coded again counts them.
    store.storeCodings({ sha256: sha('a'), codebookVersion: CODEBOOK_V1.version, unit: 'sentence', runId: run, codings: [] });
    expect(stored(store)).toEqual(before);
    store.close();
  });

  it('refillAllUnitCounts (scale-db.ts, after codings written with SQL) recounts every coded document', () => {
    const store = buildFixture();
    const before = stored(store);
    store.db.exec('DELETE FROM unit_code_counts; DELETE FROM unit_code_pairs; DELETE FROM document_units');
    expect(refillAllUnitCounts(store.db)).toBe(7); // (document, version) pairs in coding_done
    expect(stored(store)).toEqual(before);
    store.close();
  });
});

describe('regression: a rolled-back transaction took the scratch table with it', () => {
  it('recounting after a transaction that created temp.unit_code_rows was rolled back still works', () => {
    // A fresh connection: the first recount creates the scratch table inside the transaction.
    const store = buildFixture();
    const file = join(tmp, 'rollback.db');
    store.db.exec(`VACUUM INTO '${file}'`);
    store.close();
    const db = openStore(file).db;
    const done = db.prepare('SELECT document, codebook_version AS version FROM coding_done ORDER BY 1, 2').all() as Array<{ document: string; version: string }>;
    expect(done.length).toBeGreaterThan(0);
    const first = done[0]!;
    // A full disk, say: the transaction that made the table fails after it.
    expect(() =>
      db.transaction(() => {
        refillUnitCounts(db, first.document, first.version);
        throw new Error('SQLITE_FULL');
      })(),
    ).toThrow('SQLITE_FULL');
    // Was: `no such table: temp.unit_code_rows` for every document after that (the run exited 70).
    expect(() => db.transaction(() => refillUnitCounts(db, first.document, first.version))()).not.toThrow();
    db.close();
  });
});

describe('migration 004 on a database written before it', () => {
  it('backfills the same counts the store writes as it codes', () => {
    const file = join(tmp, 'old.db');
    const written = buildFixture(file);
    const expected = stored(written);
    expect(expected.length).toBeGreaterThan(15);
    // Back to the schema of 003: no count tables, 004 not applied.
    written.db.exec(`DROP TRIGGER coding_done_delete_counts; DROP TABLE unit_code_counts; DROP TABLE unit_code_pairs; DROP TABLE document_units;
                     DELETE FROM schema_migrations WHERE name = '004_unit_counts.sql'`);
    written.close();
    const migrated = openStore(file);
    expect(migrated.db.prepare("SELECT count(*) FROM schema_migrations WHERE name = '004_unit_counts.sql'").pluck().get()).toBe(1);
    expect(stored(migrated)).toEqual(expected);
    expect(stored(migrated)).toEqual(recounted(migrated));
    migrated.close();
  });
});

describe('codedDocuments', () => {
  it('is v_coded_documents row for row, with units from document_units or, without them, counted', () => {
    const store = buildFixture();
    const viaView = (version: string, unit: string) =>
      store.db
        .prepare(`SELECT sha256, file, title, actor_group, country, date, word_count, units FROM v_coded_documents
                  WHERE codebook_version = ? AND unit = ? ORDER BY file, sha256`)
        .all(version, unit);
    const cases = [[CODEBOOK_V1.version, 'sentence'], [CODEBOOK_V2.version, 'paragraph'], [CODEBOOK_V1.version, 'paragraph']] as const;
    for (const [version, unit] of cases) expect(codedDocuments(store.db, version, unit)).toEqual(viaView(version, unit));
    expect(codedDocuments(store.db, CODEBOOK_V1.version, 'sentence').map((d) => d.units)).toEqual([3, 1, 2, 2, 1]);
    store.db.exec('DELETE FROM document_units');
    for (const [version, unit] of cases) expect(codedDocuments(store.db, version, unit)).toEqual(viaView(version, unit));
    store.close();
  });
});
