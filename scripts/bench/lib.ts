// What every measure of the benchmark shares: figures as median of runs with min–max, the
// normalized texts of ../shared/corpus (extracted once, cached under out/bench/texts), and the
// table printed to stdout as the bench goes.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { extractFile } from '../../src/ingest/extract.ts';
import { loadManifest } from '../../src/ingest/manifest.ts';
import { IngestError, type PageRange } from '../../src/types.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const SHARED_CORPUS = resolve(REPO_ROOT, '../shared/corpus');

/** One figure: the median of its runs, with the spread and the raw values. */
export interface Figure {
  median: number;
  min: number;
  max: number;
  runs: number[];
  unit: string;
}

export function figure(runs: number[], unit: string): Figure {
  if (runs.length === 0) throw new Error(`Unexpected empty list of runs for a figure in ${unit}, expected at least one`);
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs, unit };
}

/** Rates from wall times: amount / seconds for each run. */
export function rates(amount: number, seconds: number[], unit: string): Figure {
  return figure(seconds.map((s) => amount / s), unit);
}

export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : a >= 1 ? x.toFixed(2) : x.toFixed(3);
}

export function fmtFigure(f: Figure): string {
  return `${fmt(f.median)} ${f.unit} (${fmt(f.min)}–${fmt(f.max)}, n=${f.runs.length})`;
}

/** One line of the results table: a measure, what codeframe did, what its anchor did, the ratio. */
export interface Row {
  measure: string;
  codeframe: Figure;
  anchor: Figure | null;
  anchorName: string;
  /** codeframe / anchor on medians (for rates: > 1 means codeframe is faster). */
  ratio: number | null;
  goal: string;
}

export function row(measure: string, codeframe: Figure, anchorName: string, anchor: Figure | null, goal: string): Row {
  const ratio = anchor && anchor.median > 0 ? codeframe.median / anchor.median : null;
  return { measure, codeframe, anchor, anchorName, ratio, goal };
}

export function printRow(r: Row): void {
  const ratio = r.ratio === null ? '' : `  ratio ${r.ratio.toFixed(2)}×`;
  console.log(`  ${r.measure}: codeframe ${fmtFigure(r.codeframe)}` + (r.anchor ? ` | ${r.anchorName} ${fmtFigure(r.anchor)}` : '') + ratio);
}

export async function timed<T>(fn: () => T | Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, (performance.now() - t0) / 1000];
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  platform: string;
  date: string;
  loadAtStart: number[];
}

export function machine(): Machine {
  const c = cpus();
  return {
    cpu: c[0]?.model.trim() ?? 'unknown',
    cores: c.length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
    loadAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** A document of ../shared/corpus as ingest normalizes it. */
export interface CachedText {
  /** File name in ../shared/corpus. */
  file: string;
  format: string;
  language: string | null;
  actorGroup: string | null;
  text: string;
  pages: PageRange[];
}

interface CacheIndexEntry {
  file: string;
  bytes: number;
  mtimeMs: number;
  format: string;
  language: string | null;
  actorGroup: string | null;
  pages: PageRange[];
  textFile: string;
}

interface CacheIndex {
  entries: CacheIndexEntry[];
  failed: Array<{ file: string; reason: string }>;
}

/** The normalized texts of every readable document in `corpusDir`, extracted once with
 *  extractFile and cached in `cacheDir` (re-extracted when a file's size or mtime changes).
 *  Files that fail (encrypted, scanned without OCR) are listed in `failed`. */
export async function corpusTexts(
  cacheDir: string,
  corpusDir = SHARED_CORPUS,
): Promise<{ texts: CachedText[]; failed: Array<{ file: string; reason: string }> }> {
  if (!existsSync(corpusDir)) throw new Error(`Unexpected missing corpus ${corpusDir}, expected ../shared/corpus beside the repository`);
  mkdirSync(cacheDir, { recursive: true });
  const indexFile = join(cacheDir, 'index.json');
  const old: CacheIndex = existsSync(indexFile) ? JSON.parse(readFileSync(indexFile, 'utf8')) : { entries: [], failed: [] };
  const manifest = loadManifest(corpusDir);
  const files = readdirSync(corpusDir)
    .filter((f) => ['.pdf', '.md', '.html', '.htm', '.txt'].includes(extname(f).toLowerCase()) && !/^SOURCES\.md$/i.test(f))
    .sort();
  const index: CacheIndex = { entries: [], failed: [] };
  for (const file of files) {
    const abs = join(corpusDir, file);
    const info = statSync(abs);
    const hit = old.entries.find((e) => e.file === file && e.bytes === info.size && e.mtimeMs === info.mtimeMs);
    if (hit && existsSync(join(cacheDir, hit.textFile))) {
      index.entries.push(hit);
      continue;
    }
    try {
      const ex = await extractFile(abs);
      const entry = manifest.entries.get(file);
      const textFile = basename(file) + '.txt';
      writeFileSync(join(cacheDir, textFile), ex.text);
      index.entries.push({
        file,
        bytes: info.size,
        mtimeMs: info.mtimeMs,
        format: ex.format,
        language: entry?.language ?? ex.meta.language ?? null,
        actorGroup: entry?.actor_group ?? null,
        pages: ex.pages,
        textFile,
      });
    } catch (err) {
      if (!(err instanceof IngestError)) throw err;
      index.failed.push({ file, reason: `${err.code}: ${err.message}` });
    }
  }
  writeFileSync(indexFile, JSON.stringify(index));
  const texts = index.entries.map((e) => ({
    file: e.file,
    format: e.format,
    language: e.language,
    actorGroup: e.actorGroup,
    pages: e.pages,
    text: readFileSync(join(cacheDir, e.textFile), 'utf8'),
  }));
  return { texts, failed: index.failed };
}

export function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

export const MB = 1024 * 1024;

/** What the harness hands each measure. */
export interface BenchContext {
  /** out/bench (or the smoke test's temp folder). */
  outDir: string;
  /** Runs per figure (≥ 5 for the reported bench). */
  runs: number;
  texts: CachedText[];
  /** Study codebook (codebook/study.yml). */
  codebook: string;
  sizes: BenchSizes;
  full: boolean;
  log: (line: string) => void;
}

export interface BenchSizes {
  codeMb: number;
  segmentMb: number;
  compromiseMb: number;
  /** PDFs are taken smallest first until their pages reach this (Infinity: all). */
  pdfMaxPages: number;
  /** End-to-end corpora by size and by document count. */
  e2eMb: number[];
  e2eDocs: number[];
  /** Runs of the end-to-end measure (a 1 GB run takes minutes; see run.ts). */
  e2eRuns: number;
  /** Size of the corpus run under --cpu-prof (0: no profile). */
  profileMb: number;
  /** Measure 5: the scale database (segments, codings; the seed run's corpus in MB). */
  reviewSegments: number;
  reviewCodings: number;
  reviewBaseMb: number;
  /** Units in the review queue, and (GET item, POST decision) pairs timed against the server. */
  reviewQueue: number;
  reviewRequests: number;
}

export interface MeasureResult {
  id: string;
  title: string;
  rows: Row[];
  /** Everything else worth keeping: sizes, counts, agreement, per-run raw values. */
  details: Record<string, unknown>;
  notes: string[];
  skipped?: string;
}

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Runs a command to completion; resolves with its wall time and output, rejects with its stderr
 *  when it exits with a code not in `okCodes` (rg exits 1 when nothing matched). */
export function runCommand(
  cmd: string,
  args: string[],
  opts: { okCodes?: number[]; keepStdout?: boolean; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ seconds: number; stdout: string; stderr: string; pid: number }> {
  const ok = opts.okCodes ?? [0];
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', opts.keepStdout ? 'pipe' : 'ignore', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (d: Buffer) => out.push(d));
    child.stderr!.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === null || !ok.includes(code)) {
        reject(new Error(`Unexpected exit ${code} of ${cmd} ${args.join(' ')}, expected ${ok.join(' or ')}: ${stderr.slice(-2000)}`));
      } else resolvePromise({ seconds, stdout: Buffer.concat(out).toString('utf8'), stderr, pid: child.pid ?? 0 });
    });
  });
}

/** Is `cmd` on the PATH? */
export function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}
