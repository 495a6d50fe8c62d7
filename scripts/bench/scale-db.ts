// The database of measure 5: ~1 M segments and ~5 M codings, built in a minute or two rather than
// the hours a `codeframe run` over ~150 MB would take. A real run over a small generated corpus is
// the seed; its documents are copied under new content hashes (their pages, segments, codings and
// coding_done rows with them, segment ids derived anew), and filler codings of the study's codes
// (rule_id 'bench:filler', spanning their unit) bring the codings to the target; the per-document
// counts the tables read (unit_code_counts, unit_code_pairs) are then recounted for every document
// through the store's own statements. Everything else (indexes, views, the codebook, runs) is what
// codeframe itself wrote. Reused while its stamp matches.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { readMigrations } from '../../src/store/migrate.ts';
import { refillAllUnitCounts } from '../../src/store/unit-counts.ts';
import { codeframeRun } from './e2e.ts';
import { generateCorpus } from './generate-corpus.ts';
import { MB, type BenchContext } from './lib.ts';

/** Bump when what is built changes for the same sizes. 2: the per-document unit counts (migration 004). */
const SCALE_VERSION = 2;

export interface ScaleDb {
  db: string;
  documents: number;
  segments: number;
  codings: number;
  dbBytes: number;
  baseMb: number;
  codebookVersion: string;
  buildSeconds: number;
  reused: boolean;
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

/** FNV-1a of a string → [0, 1): a fixed, platform-independent choice of filler codings. */
function unitHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 2 ** 32;
}

export async function buildScaleDb(ctx: BenchContext, work: string): Promise<ScaleDb> {
  const { reviewSegments: targetSegments, reviewCodings: targetCodings, reviewBaseMb: baseMb } = ctx.sizes;
  const db = join(work, `scale-${targetSegments}.db`);
  const stampFile = `${db}.json`;
  // The schema too: a database built before a new migration would be refused (or migrated at length) by codeframe.
  const schema = sha(readMigrations().map((m) => m.sha256).join(','));
  const stamp = { version: SCALE_VERSION, targetSegments, targetCodings, baseMb, codebook: sha(readFileSync(ctx.codebook, 'utf8')), schema };
  if (existsSync(db) && existsSync(stampFile)) {
    const saved = JSON.parse(readFileSync(stampFile, 'utf8')) as { stamp: typeof stamp; result: ScaleDb };
    if (JSON.stringify(saved.stamp) === JSON.stringify(stamp)) return { ...saved.result, db, reused: true };
  }
  const t0 = performance.now();
  for (const f of [db, `${db}-wal`, `${db}-shm`, stampFile]) rmSync(f, { force: true });

  const corpus = generateCorpus(join(ctx.outDir, `corpus-review-${baseMb}mb`), { seed: 4, bytes: baseMb * MB, meanDocBytes: 120 * 1024 }, ctx.texts);
  const seedRun = await codeframeRun(corpus.dir, ctx.codebook, work);
  if (seedRun.exitCode !== 0) throw new Error(`Unexpected exit ${seedRun.exitCode} of the seed run over ${corpus.dir}, expected 0`);
  const built = join(work, 'bench.db');
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(built + suffix)) renameSync(built + suffix, db + suffix);

  const d = new Database(db);
  try {
    // Bulk load of rows that are consistent by construction: no fsync, no per-row FK checks.
    d.pragma('synchronous = OFF');
    d.pragma('foreign_keys = OFF');
    d.function('h', { deterministic: true }, (s: unknown) => sha(String(s)));
    d.function('sid', { deterministic: true }, (s: unknown) => sha(String(s)).slice(0, 16));
    d.function('pick', { deterministic: true }, (s: unknown, p: unknown) => (unitHash(String(s)) < Number(p) ? 1 : 0));
    const { version, unit } = d.prepare(`SELECT codebook_version AS version, unit FROM coding_done LIMIT 1`).get() as { version: string; unit: string };
    const baseSegments = d.prepare(`SELECT count(*) FROM segments`).pluck().get() as number;
    if (baseSegments === 0) throw new Error(`Unexpected seed run without segments (${corpus.dir}), expected some`);
    d.exec(`CREATE TEMP TABLE base_docs AS SELECT sha256 FROM documents WHERE status = 'ingested';
            CREATE TEMP TABLE base_segs AS SELECT id FROM segments;`);

    const cols = (table: string): string[] => (d.pragma(`table_info(${table})`) as Array<{ name: string }>).map((c) => c.name);
    const copy = (table: string, map: Record<string, string>, where: string, skip: string[] = []): Database.Statement => {
      const names = cols(table).filter((c) => !skip.includes(c));
      return d.prepare(`INSERT INTO ${table} (${names.join(', ')}) SELECT ${names.map((c) => map[c] ?? c).join(', ')} FROM ${table} WHERE ${where}`);
    };
    const k = "(':' || @k)";
    const steps = [
      copy('documents', { sha256: `h(sha256 || ${k})`, file: `'copy' || @k || '/' || file` }, 'sha256 IN (SELECT sha256 FROM base_docs)'),
      copy('pages', { document: `h(document || ${k})` }, 'document IN (SELECT sha256 FROM base_docs)'),
      copy('segments', { id: `sid(id || ${k})`, document: `h(document || ${k})`, paragraph_id: `CASE WHEN paragraph_id IS NULL THEN NULL ELSE sid(paragraph_id || ${k}) END` },
        'id IN (SELECT id FROM base_segs)'),
      copy('codings', { segment_id: `sid(segment_id || ${k})` }, 'segment_id IN (SELECT id FROM base_segs)', ['id']),
      copy('coding_done', { document: `h(document || ${k})` }, 'document IN (SELECT sha256 FROM base_docs)'),
    ];
    const copies = Math.max(0, Math.ceil(targetSegments / baseSegments) - 1);
    for (let i = 1; i <= copies; i++) {
      d.transaction(() => steps.forEach((s) => s.run({ k: i })))();
      if (i % 5 === 0 || i === copies) ctx.log(`    scale database: copy ${i}/${copies}`);
    }

    const codings = (): number => d.prepare(`SELECT count(*) FROM codings`).pluck().get() as number;
    const units = d.prepare(`SELECT count(*) FROM segments WHERE kind = ?`).pluck().get(unit) as number;
    const codes = d.prepare(`SELECT count(*) FROM codes WHERE codebook_version = ?`).pluck().get(version) as number;
    const missing = targetCodings - codings();
    if (missing > 0) {
      const run = d.prepare(`SELECT max(run_id) FROM coding_done`).pluck().get() as number;
      d.transaction(() =>
        d.prepare(
          `INSERT INTO codings (segment_id, code_id, rule_id, codebook_version, run_id, spans, negated, source)
           SELECT s.id, c.code_id, 'bench:filler', @version, @run, json_array(json_array(s.start, s.end)), 0, 'rule'
           FROM segments s JOIN codes c ON c.codebook_version = @version
           WHERE s.kind = @unit AND pick(s.id || c.code_id, @p)`,
        ).run({ version, run, unit, p: Math.min(1, missing / (units * codes)) }),
      )();
    }
    // Copies and filler codings went around the store: count their units as the store would have.
    const t1 = performance.now();
    const recounted = refillAllUnitCounts(d);
    ctx.log(`    scale database: unit counts of ${recounted} coded documents in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    d.pragma('wal_checkpoint(TRUNCATE)');
    const result: ScaleDb = {
      db,
      documents: d.prepare(`SELECT count(*) FROM documents`).pluck().get() as number,
      segments: d.prepare(`SELECT count(*) FROM segments`).pluck().get() as number,
      codings: codings(),
      dbBytes: 0,
      baseMb: corpus.bytes / MB,
      codebookVersion: version,
      buildSeconds: (performance.now() - t0) / 1000,
      reused: false,
    };
    d.close();
    result.dbBytes = statSync(db).size + (existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size : 0);
    writeFileSync(stampFile, JSON.stringify({ stamp, result }, null, 2) + '\n');
    return result;
  } finally {
    if (d.open) d.close();
  }
}
