// The tables from the per-document counts (unit_code_counts, unit_code_pairs) must be byte for byte
// what they were when they counted every coded unit x code row. The oracle is the row-based
// tables.ts as it was (test/report/tables-oracle.ts), on the hand-built fixture, the demo corpus and
// ../shared/corpus, coded at both units, with coders' decisions (agreeing, disagreeing, added
// codes, rejections) and adjudications, in every codings mode.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/pipeline/run.ts';
import { buildTables } from '../../src/report/tables.ts';
import type { CodingsChoice } from '../../src/report/final-tables.ts';
import { adjudicate, buildQueue, createCoder, decide, queueItems } from '../../src/review/index.ts';
import { openStore, type Store, type Unit } from '../../src/store/index.ts';
import { buildDemoDb } from '../helpers/demo-db.ts';
import { needShared, REPO_ROOT, shared } from '../helpers/shared.ts';
import { reviewFixture, V1 } from '../review/fixture.ts';
import { buildTables as oracleTables } from './tables-oracle.ts';

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-table-counts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const MODES: CodingsChoice[] = [{ mode: 'auto' }, { mode: 'final' }, { mode: 'coder', coder: 'ann' }, { mode: 'coder', coder: 'bob' }];

/** Every table of every mode at both units, new against the oracle. */
function expectSameTables(store: Store, version: string): number {
  let compared = 0;
  for (const unit of ['sentence', 'paragraph'] as Unit[]) {
    for (const codings of MODES) {
      const opts = { codebookVersion: version, unit, codings };
      let expected;
      try {
        expected = oracleTables(store, opts);
      } catch (err) {
        expect(() => buildTables(store, opts)).toThrow((err as Error).message);
        continue;
      }
      const got = buildTables(store, opts);
      expect(got.tables.map((t) => t.name)).toEqual(expected.tables.map((t) => t.name));
      got.tables.forEach((t, i) => {
        expect(t.csv, `${t.name}.csv ${unit} ${codings.mode}${codings.coder ?? ''}`).toBe(expected.tables[i]!.csv);
        expect(t.markdown, `${t.name}.md ${unit} ${codings.mode}${codings.coder ?? ''}`).toBe(expected.tables[i]!.markdown);
      });
      compared++;
    }
  }
  return compared;
}

/** Coders ann and bob review every `step`-th unit of a queue: they accept, reject, add codes the
 *  rules did not give, disagree on some; a judge settles part of the disagreements. */
function review(store: Store, version: string, unit: Unit, step: number): { decisions: number } {
  for (const c of ['ann', 'bob', 'judge']) {
    try {
      createCoder(store, c);
    } catch {
      // already there (the second unit's queue)
    }
  }
  const codes = store.db.prepare('SELECT code_id FROM codes WHERE codebook_version = ? ORDER BY ordinal').pluck().all(version) as string[];
  const queue = buildQueue(store, { name: `all ${unit}`, codebookVersion: version, unit, include: 'all' });
  const items = queueItems(store, queue);
  const suggested = store.db.prepare(
    `SELECT DISTINCT c.code_id FROM codings c JOIN segments s ON s.id = c.segment_id
     WHERE c.codebook_version = @version AND (s.id = @id OR s.paragraph_id = @id) AND (@unit = 'paragraph' OR s.kind = 'sentence') ORDER BY 1`,
  );
  let decisions = 0;
  items.forEach((item, i) => {
    if (i % step !== 0) return;
    const own = suggested.pluck().all({ version, id: item.segmentId, unit }) as string[];
    // Only a unit's own codings are suggestions; at paragraph level the sentences' are not.
    const direct = store.db.prepare('SELECT DISTINCT code_id FROM codings WHERE segment_id = ? AND codebook_version = ? ORDER BY 1').pluck().all(item.segmentId, version) as string[];
    const extra = codes.find((c) => !own.includes(c))!;
    for (const coder of ['ann', 'bob']) {
      direct.forEach((code, j) => {
        const reject = (i + j + (coder === 'bob' ? (i % 3 === 0 ? 1 : 0) : 0)) % 2 === 0;
        decide(store, { item: item.id, coder, action: reject ? 'reject' : 'accept', code });
        decisions++;
      });
      if (coder === 'ann' || i % 4 === 0) decide(store, { item: item.id, coder, action: 'add', code: extra }), decisions++;
      // A code the rules gave only through a sentence, dropped by the coders at paragraph level.
      const rolled = own.find((c) => !direct.includes(c));
      if (rolled) decide(store, { item: item.id, coder, action: 'add', code: rolled }), decisions++;
      if (direct.length === 0) decide(store, { item: item.id, coder, action: 'done' }), decisions++;
    }
    if (i % (step * 2) === 0 && direct[0]) {
      adjudicate(store, { item: item.id, code: direct[0], adjudicator: 'judge', present: i % 3 !== 0, reason: 'settled' });
    }
  });
  return { decisions };
}

/** Units per code and per pair as v_unit_codes (migration 001, an independent definition) has them,
 *  next to the stored counts: equal after any write. */
function recount(store: Store): { stored: unknown[]; recounted: unknown[] } {
  const db = store.db;
  const stored = [
    ...db.prepare('SELECT document, codebook_version, unit, code_id, NULL AS code_b, units FROM unit_code_counts').all(),
    ...db.prepare('SELECT document, codebook_version, unit, code_a, code_b, units FROM unit_code_pairs').all(),
  ];
  const recounted = [
    ...db.prepare(`SELECT document, codebook_version, kind AS unit, code_id, NULL AS code_b, count(*) AS units FROM v_unit_codes GROUP BY 1, 2, 3, 4`).all(),
    ...db.prepare(
      `SELECT a.document, a.codebook_version, a.kind AS unit, a.code_id AS code_a, b.code_id AS code_b, count(*) AS units
       FROM v_unit_codes a JOIN v_unit_codes b ON b.segment_id = a.segment_id AND b.codebook_version = a.codebook_version AND b.code_id > a.code_id
       GROUP BY 1, 2, 3, 4, 5`,
    ).all(),
  ];
  const order = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();
  return { stored: order(stored), recounted: order(recounted) };
}

describe('tables from per-document counts = tables from every row (hand-built fixture)', () => {
  it('v1 at both units (one coded at sentence level only), v2 paragraph roll-up, a superseded file, with reviews', () => {
    const f = reviewFixture();
    try {
      const { stored, recounted } = recount(f.store);
      expect(stored.length).toBeGreaterThan(10);
      expect(stored).toEqual(recounted);
      expect(expectSameTables(f.store, V1)).toBe(8); // v1 at paragraph level: no document, empty tables
      review(f.store, V1, 'sentence', 1);
      expect(expectSameTables(f.store, V1)).toBe(8);
      const v2 = f.store.db.prepare("SELECT version FROM codebooks WHERE version <> ?").pluck().get(V1) as string;
      review(f.store, v2, 'paragraph', 1);
      expect(expectSameTables(f.store, v2)).toBe(8);
    } finally {
      f.store.close();
    }
  });
});

describe('tables from per-document counts = tables from every row (demo corpus, both units)', () => {
  let store: Store;
  let version: string;
  beforeAll(async () => {
    const db = join(tmp, 'demo.db');
    version = (await buildDemoDb(db, join(tmp, 'demo-out'))).codebookVersion!;
    const codebook = join(REPO_ROOT, 'codebook/study.yml');
    const p = await runPipeline({ command: 'code', corpus: join(REPO_ROOT, 'corpus'), codebook, db, out: join(tmp, 'demo-out'), unit: 'paragraph', stages: { ingest: false, code: true, tables: false } });
    expect(p.codebookVersion).toBe(version);
    store = openStore(db);
  }, 120_000);
  afterAll(() => store?.close());

  it('counts equal a recount from v_unit_codes at both units', () => {
    const units = store.db.prepare('SELECT DISTINCT unit FROM coding_done ORDER BY 1').pluck().all();
    expect(units).toEqual(['paragraph', 'sentence']);
    const { stored, recounted } = recount(store);
    expect(stored.length).toBeGreaterThan(100);
    expect(stored).toEqual(recounted);
  });

  it('auto, final and coder tables are byte-identical before and after reviews and adjudications', () => {
    expect(expectSameTables(store, version)).toBe(4);
    expect(review(store, version, 'sentence', 7).decisions).toBeGreaterThan(20);
    expect(review(store, version, 'paragraph', 5).decisions).toBeGreaterThan(20);
    expect(expectSameTables(store, version)).toBe(8);
    // The header says how many unit-code pairs the reviews changed: not zero here.
    const final = buildTables(store, { codebookVersion: version, unit: 'sentence', codings: { mode: 'final' } }).tables[0]!.markdown;
    expect(final).toMatch(/\((\d+) unit-code pair\(s\) differ from auto\)/);
    expect(final).not.toMatch(/\(0 unit-code pair/);
  });
});

describe.runIf(needShared('table counts over ../shared/corpus'))('tables from per-document counts = tables from every row (../shared/corpus text files)', () => {
  // The Markdown and HTML files with the manifest (the PDFs add only time here: their codings are
  // counted by the same SQL), copied into a temporary corpus (the reader refuses links out of it).
  let store: Store;
  let version: string;
  beforeAll(async () => {
    const corpus = join(tmp, 'shared-corpus');
    mkdirSync(corpus);
    const files = readdirSync(shared('corpus')).filter((f) => /\.(txt|md|html?)$/i.test(f) || f === 'manifest.csv');
    for (const f of files) copyFileSync(shared('corpus', f), join(corpus, f));
    const db = join(tmp, 'shared.db');
    const common = { corpus, codebook: join(REPO_ROOT, 'codebook/study.yml'), db, out: join(tmp, 'shared-out') };
    const run = await runPipeline({ ...common, command: 'run', stages: { ingest: true, code: true, tables: false } });
    expect(run.documentsCoded).toBeGreaterThan(3);
    version = run.codebookVersion!;
    await runPipeline({ ...common, command: 'code', unit: 'paragraph', stages: { ingest: false, code: true, tables: false } });
    store = openStore(db);
  }, 120_000);
  afterAll(() => store?.close());

  it('counts equal a recount; every table of every mode equals the oracle, with reviews', () => {
    const { stored, recounted } = recount(store);
    expect(stored.length).toBeGreaterThan(100);
    expect(stored).toEqual(recounted);
    review(store, version, 'sentence', 11);
    review(store, version, 'paragraph', 9);
    expect(expectSameTables(store, version)).toBe(8);
  });
});

