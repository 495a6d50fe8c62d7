// Crash and resume (issue 6, item 1): `codeframe run` over ../shared/corpus, a re-code with a
// changed codebook (`codeframe code`) and `codeframe tables` are killed with SIGKILL (the whole
// process group, worker threads included) at seeded moments — during start-up, ingest, the
// run's table stage, coding and the tables command — and started again, in one chain, until each
// finishes. After every kill the database must be sound (integrity, foreign keys), hold nothing
// twice and nothing half-written (every stored document and every coding_done mark is complete,
// as in an uninterrupted run), and every table file present must be whole; at the end every
// export and table equals an uninterrupted run's, byte for byte (REFI-QDA with its run
// provenance masked: which run wrote a coding legitimately differs).
// Seed: CRASH_SEED (default below); the kill points are printed.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/measure/agreement/bootstrap.ts';
import { needShared, REPO_ROOT, shared } from '../helpers/shared.ts';
import { groupSurvivors, killAll, peek, runAndKill, startCli, type Outcome } from './lib/kill.ts';
import { differences, exportsOf, filesOf } from './lib/outputs.ts';

const SEED = Number(process.env.CRASH_SEED ?? 20261127);
const TOTAL = 19; // documents in ../shared/corpus, all readable

/** Per document and per (document, codebook version): what an uninterrupted run stores. */
interface Fingerprint {
  documents: Map<string, { file: string; status: string; words: number | null; pages: number; segments: string }>;
  codings: Map<string, number>; // `${sha256} ${version}` → codings
  done: Set<string>; // `${sha256} ${version} ${unit}`
}

function fingerprint(db: Database.Database): Fingerprint {
  const documents = new Map<string, { file: string; status: string; words: number | null; pages: number; segments: string }>();
  const rows = db
    .prepare(
      `SELECT d.sha256, d.file, d.status, d.word_count AS words,
         (SELECT count(*) FROM pages p WHERE p.document = d.sha256) AS pages,
         (SELECT count(*) || ' segments, ' || coalesce(sum("end" - start), 0) || ' chars, ' || coalesce(sum(word_count), 0) || ' words, '
                 || coalesce(sum(kind = 'sentence'), 0) || ' sentences'
          FROM segments s WHERE s.document = d.sha256) AS segments
       FROM documents d`,
    )
    .all() as Array<{ sha256: string; file: string; status: string; words: number | null; pages: number; segments: string }>;
  for (const { sha256, ...r } of rows) documents.set(sha256, r);
  const codings = new Map<string, number>();
  for (const r of db
    .prepare(`SELECT s.document, c.codebook_version AS version, count(*) AS n FROM codings c JOIN segments s ON s.id = c.segment_id GROUP BY 1, 2`)
    .all() as Array<{ document: string; version: string; n: number }>) {
    codings.set(`${r.document} ${r.version}`, r.n);
  }
  const done = new Set(
    (db.prepare(`SELECT document, codebook_version AS version, unit FROM coding_done`).all() as Array<{ document: string; version: string; unit: string }>).map(
      (r) => `${r.document} ${r.version} ${r.unit}`,
    ),
  );
  return { documents, codings, done };
}

/** Everything wrong with the database as a killed run left it, compared with the reference. */
function problemsOf(db: Database.Database, ref: Fingerprint): string[] {
  const out: string[] = [];
  const integrity = db.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') out.push(`integrity_check: ${String(integrity)}`);
  const fk = db.pragma('foreign_key_check') as unknown[];
  if (fk.length) out.push(`foreign_key_check: ${JSON.stringify(fk.slice(0, 3))}`);
  const duplicates: Array<[string, string]> = [
    ['documents per file', `SELECT count(*) - count(DISTINCT file) FROM documents WHERE status = 'ingested'`],
    ['segments', `SELECT count(*) - count(DISTINCT document || ' ' || kind || ' ' || start || ' ' || "end") FROM segments`],
    ['pages', `SELECT count(*) - count(DISTINCT document || ' ' || page) FROM pages`],
    ['codings', `SELECT count(*) - count(DISTINCT segment_id || ' ' || code_id || ' ' || rule_id || ' ' || codebook_version) FROM codings`],
    ['coding_done', `SELECT count(*) - count(DISTINCT document || ' ' || codebook_version || ' ' || unit) FROM coding_done`],
    ['codes', `SELECT count(*) - count(DISTINCT codebook_version || ' ' || code_id) FROM codes`],
  ];
  for (const [what, sql] of duplicates) {
    const n = db.prepare(sql).pluck().get() as number;
    if (n !== 0) out.push(`${n} duplicated ${what}`);
  }
  // A codebook stored without its codes would label no table.
  const codeless = db.prepare(`SELECT count(*) FROM codebooks b WHERE NOT EXISTS (SELECT 1 FROM codes c WHERE c.codebook_version = b.version)`).pluck().get() as number;
  if (codeless) out.push(`${codeless} codebooks without codes`);
  const got = fingerprint(db);
  for (const [sha, d] of got.documents) {
    const want = ref.documents.get(sha);
    if (!want) out.push(`document ${d.file} (${sha.slice(0, 12)}) is not in the uninterrupted run`);
    else if (JSON.stringify(d) !== JSON.stringify(want)) out.push(`document ${d.file} is half-written: ${JSON.stringify(d)}, expected ${JSON.stringify(want)}`);
  }
  // Codings are visible only with their document's coding_done mark, and then all of them.
  const versions = new Set([...got.codings.keys(), ...got.done].map((k) => k.split(' ')[1]!));
  for (const sha of got.documents.keys()) {
    for (const v of versions) {
      const key = `${sha} ${v}`;
      const done = [...got.done].some((k) => k.startsWith(key + ' '));
      const n = got.codings.get(key) ?? 0;
      const want = done ? (ref.codings.get(key) ?? 0) : 0;
      if (n !== want) out.push(`document ${got.documents.get(sha)!.file}, codebook ${v}: ${n} codings ${done ? 'with' : 'without'} coding_done, expected ${want}`);
    }
  }
  return out;
}

/** Files of OUT/tables that are not equal to the reference's (half-written ones); .tmp files are the
 *  writer's scratch and may be partial. */
function tableProblems(dir: string, ref: Map<string, Buffer>): string[] {
  const tables = join(dir, 'tables');
  if (!existsSync(tables)) return [];
  return readdirSync(tables)
    .filter((f) => !f.endsWith('.tmp'))
    .filter((f) => !ref.get(f)?.equals(readFileSync(join(tables, f))))
    .map((f) => `table ${f} differs from the uninterrupted run's (half-written or wrong)`);
}

describe.runIf(needShared('crash and resume over ../shared/corpus'))('kill -9 at seeded moments, then resume', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'codeframe-crash-'));
  const corpus = shared('corpus');
  const v2File = join(tmp, 'study-v2.yml');
  const ref = { db: join(tmp, 'ref', 'codeframe.db'), out: join(tmp, 'ref', 'run'), tablesOut: join(tmp, 'ref', 'tables-cmd') };
  const crash = { db: join(tmp, 'crash', 'codeframe.db'), out: join(tmp, 'crash', 'run'), tablesOut: join(tmp, 'crash', 'tables-cmd') };
  const args = (w: typeof ref) => ({
    run: ['run', '--corpus', corpus, '--db', w.db, '--out', w.out, '--json'],
    code: ['code', '--codebook', v2File, '--db', w.db, '--json'],
    tables: ['tables', '--db', w.db, '--out', w.tablesOut, '--json'],
  });
  const timing: Record<string, number> = {};
  let refPrint: Fingerprint;
  let refRunTables: Map<string, Buffer>;
  let refCmdTables: Map<string, Buffer>;
  let v1 = '';
  let v2 = '';
  const kills: Array<{ phase: string; at: number; step: string }> = [];
  const problems: string[] = [];

  afterAll(() => {
    killAll();
    rmSync(tmp, { recursive: true, force: true });
  });

  async function uninterrupted(what: string, argv: string[]): Promise<Outcome> {
    const p = startCli(argv);
    const o = await p.done;
    timing[what] = (timing[what] ?? 0) + o.ms;
    if (o.code !== 0) throw new Error(`codeframe ${argv.join(' ')} exited ${o.code} ${o.signal ?? ''}:\n${o.stderr}`);
    return o;
  }

  beforeAll(async () => {
    // The changed codebook: one term added to a rule (a new version that codes a little more).
    const study = readFileSync(join(REPO_ROOT, 'codebook/study.yml'), 'utf8');
    const changed = study.replace('insurgency, terrorism]', 'insurgency, terrorism, sabotage, militia]');
    expect(changed).not.toBe(study);
    writeFileSync(v2File, changed);
    const a = args(ref);
    const t0 = Date.now();
    await uninterrupted('reference run', a.run);
    await uninterrupted('reference code', a.code);
    await uninterrupted('reference tables', a.tables);
    timing['reference total'] = Date.now() - t0;
    const versions = peek(ref.db, (db) => db.prepare(`SELECT command, codebook_version AS v FROM runs ORDER BY id`).all() as Array<{ command: string; v: string }>)!;
    v1 = versions.find((r) => r.command === 'run')!.v;
    v2 = versions.find((r) => r.command === 'code')!.v;
    refPrint = peek(ref.db, fingerprint)!;
    refRunTables = filesOf(join(ref.out, 'tables'));
    refCmdTables = filesOf(join(ref.tablesOut, 'tables'));
  }, 300_000);

  it('survives at least 20 kills across start-up, ingest, table writing and coding, checked after each', async () => {
    expect(refPrint.documents.size).toBe(TOTAL);
    expect(v1).not.toBe(v2);
    const rng = mulberry32(SEED);
    const between = (lo: number, hi: number) => Math.round(lo + rng() * (hi - lo));
    const a = args(crash);
    const count = (sql: string, ...params: unknown[]) => peek(crash.db, (db) => db.prepare(sql).pluck().get(...params) as number) ?? 0;
    const ingested = () => count(`SELECT count(*) FROM documents WHERE status = 'ingested'`);
    const maxRun = () => count(`SELECT coalesce(max(id), 0) FROM runs`);
    const codedV2 = () => count(`SELECT count(*) FROM coding_done WHERE codebook_version = ?`, v2);
    const t0 = Date.now();

    /** One start of the chain: killed `delay` ms after `when` holds, then everything checked. */
    const attempt = async (
      step: string,
      argv: string[],
      when: (() => boolean) | null,
      delay: number,
      classify: (o: Outcome, started: number) => string,
      arm?: (kill: () => void) => () => void,
    ) => {
      const started = Date.now();
      const o = await runAndKill(argv, when, delay, { pollMs: 25, arm });
      const t = Date.now();
      const survivors = await groupSurvivors(o.pid);
      timing['waiting for the group to end'] = (timing['waiting for the group to end'] ?? 0) + Date.now() - t;
      if (survivors.length) problems.push(`${step}: process group ${o.pid} still running after it ended: ${survivors.join(', ')}`);
      timing[o.killed ? 'killed processes' : 'attempts that finished first'] = (timing[o.killed ? 'killed processes' : 'attempts that finished first'] ?? 0) + o.ms;
      if (!o.killed) {
        if (o.code !== 0) problems.push(`${step}: exited ${o.code} ${o.signal ?? ''} without being killed:\n${o.stderr}`);
        return false;
      }
      const phase = classify(o, started);
      kills.push({ phase, at: o.ms, step });
      const checking = Date.now();
      const found = [
        ...(peek(crash.db, (db) => problemsOf(db, refPrint)) ?? (existsSync(crash.db) ? ['database unreadable after the kill'] : [])),
        ...tableProblems(crash.out, refRunTables),
        ...tableProblems(crash.tablesOut, refCmdTables),
      ];
      timing['checks after kills'] = (timing['checks after kills'] ?? 0) + Date.now() - checking;
      problems.push(...found.map((p) => `after kill ${kills.length} (${phase}, ${o.ms} ms into ${step}): ${p}`));
      return true;
    };
    // Where a killed `run` was: starting, ingesting, skipping files stored before, past the corpus
    // (the table stage), or already done (exiting).
    const runPhase = (before: number) => () => {
      const run = maxRun();
      if (run <= before) return 'run: start-up (no run row yet)';
      if (count(`SELECT count(*) FROM runs WHERE id = ? AND status = 'completed'`, run)) return 'run: completed, exiting';
      const touched = count(`SELECT count(*) FROM documents WHERE last_run_id = ?`, run);
      if (touched === TOTAL) return 'run: table stage';
      if (touched === 0 && ingested() < TOTAL) return 'run: start-up (listing, hashing, workers starting)';
      return ingested() < TOTAL ? 'run: ingest' : 'run: ingest (skipping stored files)';
    };
    // Where a killed `tables` was: before writing, or with some table files already replaced.
    const tablesPhase = (_o: Outcome, started: number) => {
      const dir = join(crash.tablesOut, 'tables');
      const fresh = existsSync(dir) && readdirSync(dir).some((f) => statSync(join(dir, f)).mtimeMs >= started);
      return fresh ? 'tables command: writing' : 'tables command: loading and counting';
    };

    // 1. `codeframe run`: kills in start-up (database, codebook, listing, workers), then after 1-2
    // more documents are stored. Each restart loses the documents in flight, so a few kills suffice.
    let before = 0;
    for (let i = 0; i < 4; i++) {
      before = maxRun();
      await attempt('run', a.run, null, between(200, 2500), runPhase(before));
    }
    // (Until 5 kills landed mid-ingest: on a fast machine a delay can overshoot a short phase.)
    const landed = (phase: string) => kills.filter((k) => k.phase === phase).length;
    for (let i = 0; i < 12 && ingested() < TOTAL && landed('run: ingest') < 5; i++) {
      const target = Math.min(TOTAL, ingested() + 1 + Math.floor(rng() * 2));
      before = maxRun();
      await attempt('run', a.run, () => ingested() >= target, between(0, 400), runPhase(before));
    }
    // ... then in the table stage: once this run has seen every file (stored or skipped).
    for (let i = 0, n = 0; i < 8 && n < 3; i++) {
      before = maxRun();
      const seenAll = () => maxRun() > before && count(`SELECT count(*) FROM documents WHERE last_run_id = ?`, maxRun()) === TOTAL;
      if (await attempt('run', a.run, seenAll, between(0, 400), runPhase(before))) n++;
    }
    await uninterrupted('chain', a.run);

    // 2. `codeframe code` with the changed codebook: kills a seeded 0-250 ms after its run row
    // appears (coding begins right after it), until 3 have landed mid-coding. The coded count
    // cannot be the trigger: documents are committed in batches (src/pipeline/write-batch.ts), and
    // these 19 go from 0 to 19 coded in one commit. Nor can the reference command's time: later
    // starts are faster (tsx's compile cache), so a kill timed on it came after the end.
    for (let i = 0; i < 12 && codedV2() < TOTAL && landed('code: coding') < 3; i++) {
      const runsBefore = maxRun();
      const codePhase = () => (codedV2() === TOTAL ? 'code: after the last document' : maxRun() > runsBefore ? 'code: coding' : 'code: start-up');
      await attempt('code', a.code, () => maxRun() > runsBefore, between(0, 250), codePhase);
    }
    await uninterrupted('chain', a.code);

    // 3. `codeframe tables`: kills at a seeded share of the reference command's time, and (the
    // writing itself takes milliseconds) on the first file event in the tables folder.
    const tablesMs = timing['reference tables']!;
    const tablesDir = join(crash.tablesOut, 'tables');
    mkdirSync(tablesDir, { recursive: true });
    const onFirstWrite = (kill: () => void) => {
      const w = watch(tablesDir, () => kill());
      return () => w.close();
    };
    // (Cheap, so they also make up the 20 kills if the stages above ran out of documents early.)
    for (let i = 0, n = 0; i < 14 && (n < 4 || kills.length < 20); i++) {
      const arm = i % 2 === 1 ? onFirstWrite : undefined;
      if (await attempt('tables', a.tables, null, arm ? 60_000 : between(tablesMs * 0.3, tablesMs), tablesPhase, arm)) n++;
    }
    await uninterrupted('chain', a.tables);
    timing['chain total'] = Date.now() - t0;

    const byPhase: Record<string, number> = {};
    for (const k of kills) byPhase[k.phase] = (byPhase[k.phase] ?? 0) + 1;
    console.log(
      `crash-resume, seed ${SEED}: ${kills.length} kills\n` +
        Object.entries(byPhase).map(([p, n]) => `  ${String(n).padStart(2)}  ${p}`).join('\n') +
        `\n  kill points (ms into the process): ${kills.map((k) => `${k.step}@${k.at}`).join(' ')}` +
        `\n  timing (ms): ${JSON.stringify(timing)}`,
    );
    expect(problems).toEqual([]);
    expect(kills.length).toBeGreaterThanOrEqual(20);
    const n = (prefix: string) => kills.filter((k) => k.phase.startsWith(prefix)).length;
    expect(n('run: start-up') + n('run: ingest'), 'kills during start-up and ingest').toBeGreaterThanOrEqual(8);
    expect(n('run: ingest'), 'kills while documents are stored').toBeGreaterThanOrEqual(5);
    expect(n('code: coding'), 'kills during coding').toBeGreaterThanOrEqual(3);
    expect(n('run: table stage') + n('tables command'), 'kills around table writing').toBeGreaterThanOrEqual(5);
  }, 600_000);

  it('ends with the same documents, segments and codings as the uninterrupted run', () => {
    const got = peek(crash.db, (db) => {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      return fingerprint(db);
    })!;
    expect([...got.documents].sort()).toEqual([...refPrint.documents].sort());
    expect([...got.codings].sort()).toEqual([...refPrint.codings].sort());
    expect([...got.done].sort()).toEqual([...refPrint.done].sort());
    expect(got.done.size).toBe(2 * TOTAL);
  });

  it('regression: a killed run stayed `running` forever; the next run closes it as failed (interrupted)', () => {
    const runs = peek(crash.db, (db) => db.prepare(`SELECT id, command, status, finished_at, stats FROM runs ORDER BY id`).all() as Array<{ id: number; command: string; status: string; finished_at: string | null; stats: string | null }>)!;
    const killed = runs.filter((r) => r.status !== 'completed');
    // Kills in the middle of ingest or coding certainly left a run unfinished (a kill at a phase's
    // edge may land just before the run row or just after its completion: not counted).
    expect(kills.filter((k) => k.phase === 'run: ingest' || k.phase === 'code: coding').length).toBeLessThanOrEqual(killed.length);
    expect(killed.length).toBeGreaterThan(10);
    for (const r of killed) {
      expect(r.status, `run ${r.id}`).toBe('failed');
      expect(r.finished_at, `run ${r.id}`).not.toBeNull();
      expect(JSON.parse(r.stats ?? '{}'), `run ${r.id}`).toMatchObject({ interrupted: true });
    }
    // The last run of each command completed (earlier completed ones: table-stage kills that came too late).
    expect(runs.filter((r) => r.status === 'completed').at(-1)!.command).toBe('code');
    expect(runs.some((r) => r.status === 'completed' && r.command === 'run')).toBe(true);
  });

  it('exports every format byte-identical to the uninterrupted run, for both codebook versions', async () => {
    for (const v of [v1, v2]) {
      const want = await exportsOf(ref.db, join(tmp, 'ref', `exports-${v}`), v);
      const got = await exportsOf(crash.db, join(tmp, 'crash', `exports-${v}`), v);
      expect(want.get('e.jsonl')!.length).toBeGreaterThan(1_000_000);
      expect(differences(want, got, { runs: true }), `codebook ${v}`).toEqual([]);
    }
  }, 300_000);

  it('writes table files byte-identical to the uninterrupted run, and leaves no scratch file', () => {
    expect(refRunTables.size).toBeGreaterThanOrEqual(6);
    expect(differences(refRunTables, filesOf(join(crash.out, 'tables')))).toEqual([]);
    expect(differences(refCmdTables, filesOf(join(crash.tablesOut, 'tables')))).toEqual([]);
    // The changed codebook shows in the tables of the latest version (the comparison is not vacuous).
    expect(refCmdTables.get('code_by_actor_group.md')!.equals(refRunTables.get('code_by_actor_group.md')!)).toBe(false);
  });
});
