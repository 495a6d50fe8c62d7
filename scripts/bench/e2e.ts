// Measure 4: end to end `codeframe run` (the CLI, as a child process under /usr/bin/time for its
// peak RSS) on generated corpora of text files: by size (large documents) and by document count
// (small ones). Each run starts from an empty database. Figures: wall time, documents/s, MB/s,
// peak RSS, database size / text size. Anchor: ripgrep on both cores (`rg -j2 -c -i -w -f
// KEYWORDS`) over the same files: what reading everything and finding the keywords costs.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCodebook } from '../../src/codebook/index.ts';
import { plainKeywords } from './code.ts';
import { generateCorpus, type CorpusSpec } from './generate-corpus.ts';
import { summarizeProfiles, type ProfileEntry } from './profile.ts';
import { MB, REPO_ROOT, escapeRegex, figure, hasCommand, rates, row, runCommand, type BenchContext, type MeasureResult, type Row } from './lib.ts';

const BIN = join(REPO_ROOT, 'src/cli/bin.mjs');
const TIME = '/usr/bin/time';
const PROBE = pathToFileURL(join(REPO_ROOT, 'scripts/bench/rss-probe.mjs')).href;

export interface RunFigures {
  seconds: number;
  /** Peak RSS of the codeframe process (VmHWM at exit, all its threads). */
  maxRssMb: number;
  /** /usr/bin/time %M: the max over the process and its children (tsx's esbuild service). */
  maxRssWithChildrenMb: number;
  dbBytes: number;
  documents: number;
  exitCode: number;
}

/** One `codeframe run` from an empty database; `nodeArgs` go before the script (e.g. --cpu-prof). */
export async function codeframeRun(corpus: string, codebook: string, work: string, nodeArgs: string[] = []): Promise<RunFigures> {
  const db = join(work, 'bench.db');
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  rmSync(join(work, 'out'), { recursive: true, force: true });
  const timeFile = join(work, 'time.txt');
  const rssFile = join(work, 'rss.txt');
  rmSync(rssFile, { force: true });
  const env = { ...process.env, CODEFRAME_BENCH_RSS_FILE: rssFile };
  const args = [...nodeArgs, '--import', PROBE, BIN, 'run', '--corpus', corpus, '--codebook', codebook, '--db', db, '--out', join(work, 'out'), '--json'];
  const useTime = existsSync(TIME);
  const res = useTime
    ? await runCommand(TIME, ['-f', '%e %M %x', '-o', timeFile, process.execPath, ...args], { okCodes: [0, 1], keepStdout: true, env })
    : await runCommand(process.execPath, args, { okCodes: [0, 1], keepStdout: true, env });
  const summary = JSON.parse(res.stdout) as { documents: { ingested: number; failed: number } };
  const [, maxRssKb, exit] = useTime ? readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-3).map(Number) : [0, NaN, 0];
  let dbBytes = 0;
  for (const f of [db, `${db}-wal`]) if (existsSync(f)) dbBytes += statSync(f).size;
  const vmHwmKb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : NaN;
  return { seconds: res.seconds, maxRssMb: vmHwmKb / 1024, maxRssWithChildrenMb: maxRssKb! / 1024, dbBytes, documents: summary.documents.ingested, exitCode: exit! };
}

interface CorpusCase {
  name: string;
  spec: CorpusSpec;
}

export function e2eCases(ctx: BenchContext): CorpusCase[] {
  return [
    ...ctx.sizes.e2eMb.map((mb) => ({ name: `${mb}mb`, spec: { seed: 1, bytes: mb * MB, meanDocBytes: 120 * 1024 } })),
    ...ctx.sizes.e2eDocs.map((docs) => ({ name: `${docs}docs`, spec: { seed: 2, docs, meanDocBytes: 2 * 1024 } })),
  ];
}

export async function measureE2e(ctx: BenchContext): Promise<MeasureResult> {
  const cb = loadCodebook(ctx.codebook);
  const keywordFile = join(ctx.outDir, 'e2e-keywords.txt');
  writeFileSync(keywordFile, plainKeywords(cb).map(escapeRegex).join('\n') + '\n');
  const haveRg = hasCommand('rg');
  const work = join(ctx.outDir, 'e2e-work');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });

  const rows: Row[] = [];
  const cases: Record<string, unknown>[] = [];
  for (const c of e2eCases(ctx)) {
    const corpus = generateCorpus(join(ctx.outDir, `corpus-${c.name}`), c.spec, ctx.texts);
    const mb = corpus.bytes / MB;
    ctx.log(`  corpus ${c.name}: ${corpus.docs} documents, ${mb.toFixed(1)} MB (${corpus.reused ? 'reused' : 'generated'})`);
    const rgArgs = ['-j2', '-c', '-i', '-w', '-f', keywordFile, join(corpus.dir, 'docs')];
    if (haveRg) await runCommand('rg', rgArgs, { okCodes: [0, 1] }); // page cache warm for both
    const runs: RunFigures[] = [];
    const rg: number[] = [];
    for (let r = 0; r < ctx.sizes.e2eRuns; r++) {
      const f = await codeframeRun(corpus.dir, ctx.codebook, work);
      if (f.documents !== corpus.docs) {
        throw new Error(`Unexpected ${f.documents} documents ingested from ${corpus.dir}, expected ${corpus.docs}`);
      }
      runs.push(f);
      if (haveRg) rg.push((await runCommand('rg', rgArgs, { okCodes: [0, 1] })).seconds);
      ctx.log(`  run ${r + 1}: ${f.seconds.toFixed(1)} s = ${(mb / f.seconds).toFixed(1)} MB/s, ${(corpus.docs / f.seconds).toFixed(0)} docs/s, ` +
        `peak RSS ${f.maxRssMb.toFixed(0)} MB, db ${(f.dbBytes / MB).toFixed(0)} MB` + (haveRg ? `; rg -j2 ${(mb / rg[r]!).toFixed(1)} MB/s` : ''));
    }
    const secs = runs.map((f) => f.seconds);
    rows.push(row(`run ${c.name} (MB/s)`, rates(mb, secs, 'MB/s'), 'rg -j2 -c -i -w -f KEYWORDS', haveRg ? rates(mb, rg, 'MB/s') : null,
      c.spec.bytes !== undefined ? '≥ 11 MB/s (1 GB ≤ 90 s)' : ''));
    cases.push({
      name: c.name,
      documents: corpus.docs,
      mb,
      wallSeconds: figure(secs, 's'),
      documentsPerSecond: rates(corpus.docs, secs, 'docs/s'),
      mbPerSecond: rates(mb, secs, 'MB/s'),
      peakRssMb: figure(runs.map((f) => f.maxRssMb), 'MB'),
      peakRssWithChildrenMb: figure(runs.map((f) => f.maxRssWithChildrenMb), 'MB'),
      dbMb: figure(runs.map((f) => f.dbBytes / MB), 'MB'),
      dbToText: figure(runs.map((f) => f.dbBytes / corpus.bytes), '×'),
      rgSeconds: rg,
    });
  }

  let profile: { title: string; mb: number; seconds: number; top: ProfileEntry[]; dir: string } | null = null;
  if (ctx.sizes.profileMb > 0) {
    const spec: CorpusSpec = { seed: 3, bytes: ctx.sizes.profileMb * MB, meanDocBytes: 120 * 1024 };
    const corpus = generateCorpus(join(ctx.outDir, `corpus-profile-${ctx.sizes.profileMb}mb`), spec, ctx.texts);
    const dir = join(ctx.outDir, 'profile');
    rmSync(dir, { recursive: true, force: true });
    const f = await codeframeRun(corpus.dir, ctx.codebook, work, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    const top = summarizeProfiles(readdirSync(dir).filter((n) => n.endsWith('.cpuprofile')).map((n) => join(dir, n)), 25);
    profile = { title: `one ${(corpus.bytes / MB).toFixed(0)} MB end-to-end run under \`node --cpu-prof\` (${f.seconds.toFixed(1)} s)`, mb: corpus.bytes / MB, seconds: f.seconds, top, dir };
    ctx.log(`  profile of a ${profile.mb.toFixed(0)} MB run (${f.seconds.toFixed(1)} s, under --cpu-prof), top self time:`);
    for (const e of top.slice(0, 12)) ctx.log(`    ${e.selfMs.toFixed(0).padStart(7)} ms ${e.percent.toFixed(1).padStart(5)}%  ${e.name}  ${e.where}  [${e.thread}]`);
  }
  return {
    id: 'e2e',
    title: 'End to end `codeframe run` (CLI child process, empty database each run)',
    rows,
    details: { cases, profile },
    notes: [
      'wall time of `node src/cli/bin.mjs run --json` (ingest on 2 worker threads, segment, code, store, tables), from process start to exit',
      'peak RSS: VmHWM of the codeframe process at exit (worker threads included), read by scripts/bench/rss-probe.mjs; /usr/bin/time %M (which also covers tsx\'s esbuild child) is kept as peakRssWithChildrenMb; database: .db + -wal after the run',
      haveRg ? 'anchor: rg -j2 (both cores) over the same files, page cache warm' : 'rg not installed: no anchor',
    ],
  };
}
