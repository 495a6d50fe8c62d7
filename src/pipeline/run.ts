// The one place where the stages are put in order:
//   corpus → ingest (worker threads) → segment → code → store → tables.
// Each stage is a plain function from its own module; this file only wires them and keeps count.
import { readFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import pLimit from 'p-limit';
import type { Matcher } from '../code/index.ts';
import { loadManifest, type Manifest } from '../ingest/manifest.ts';
import { oversizeReason } from '../ingest/sizes.ts';
import { createExtractorPool, type ExtractorPool } from '../ingest/pool.ts';
import { writeTables } from '../report/tables.ts';
import { openStore, type Store } from '../store/index.ts';
import type { DocumentMeta, FailureCode } from '../types.ts';
import { TOOL_VERSION } from '../version.ts';
import { listCorpusFiles, type CorpusFile } from './corpus-files.ts';
import { sha256, sha256File } from './hash.ts';
import { prepareCodebook, unitsOf, type Analysis, type AnalyzeContext, type AnalyzerOptions, type Unit } from './analyze.ts';
import { mergeMeta } from './meta.ts';
import { WriteBatch } from './write-batch.ts';
import { eachLimited } from './each-limited.ts';
import { silentProgress, type Progress } from './progress.ts';

export type { Unit } from './analyze.ts';

export interface PipelineOptions {
  /** The CLI command, recorded with the run. */
  command: string;
  corpus: string;
  codebook: string;
  db: string;
  out: string;
  stages: { ingest: boolean; code: boolean; tables: boolean };
  /** Coding unit; defaults to the codebook's `unit`. */
  unit?: Unit;
  threads?: number;
  /** Per-file extraction time limit. */
  timeoutMs?: number;
  /** Files larger than this are recorded as oversized without being read. */
  maxBytes?: number;
  /** Extract again the files whose earlier attempt failed (e.g. after a time-out). */
  retryFailed?: boolean;
  progress?: Progress;
}

export interface FailureNote {
  file: string;
  code: FailureCode;
  reason: string;
}

export interface PipelineSummary {
  runId: number;
  codebookVersion: string | null;
  unit: Unit;
  documents: {
    files: number;
    ingested: number;
    skipped: number;
    failed: number;
    duplicates: number;
    metadataUpdated: number;
  };
  /** Every file of the corpus that has a failure on record, new in this run or earlier. */
  failures: FailureNote[];
  segments: number;
  codings: number;
  documentsCoded: number;
  /** Manifest entries whose file is not in the corpus (sources still to download). */
  missingSources: Array<{ file: string; title: string | null; source_url: string | null }>;
  /** Corpus files without a manifest entry. */
  unlisted: string[];
  manifestProblems: string[];
  skippedPaths: Array<{ rel: string; reason: string }>;
  tables: string[];
  seconds: number;
}

const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;

export async function runPipeline(opts: PipelineOptions): Promise<PipelineSummary> {
  const started = performance.now();
  const progress = opts.progress ?? silentProgress;
  // Only the stages that code need a codebook; `codeframe ingest` works without one.
  const prepared = opts.stages.code ? prepareCodebook(opts.codebook, opts.unit) : null;
  const matcher = prepared?.matcher ?? null;
  const unit: Unit = prepared?.codebook.unit ?? opts.unit ?? 'sentence';
  const manifest = opts.stages.ingest ? loadManifest(opts.corpus) : emptyManifest();
  const listing = opts.stages.ingest
    ? listCorpusFiles(opts.corpus, [opts.db, opts.out].map((p) => safeRealpath(p)))
    : { files: [], skipped: [] };

  const store = openStore(opts.db);
  const runId = store.startRun({
    command: opts.command,
    toolVersion: TOOL_VERSION,
    codebookVersion: prepared?.codebook.version ?? null,
    options: { corpus: opts.corpus, codebook: opts.codebook, unit, stages: opts.stages, process: { pid: process.pid, host: hostname() } },
  });
  closeAbandonedRuns(store, runId);
  const summary: PipelineSummary = {
    runId,
    codebookVersion: prepared?.codebook.version ?? null,
    unit,
    documents: { files: listing.files.length, ingested: 0, skipped: 0, failed: 0, duplicates: 0, metadataUpdated: 0 },
    failures: [],
    segments: 0,
    codings: 0,
    documentsCoded: 0,
    missingSources: [],
    unlisted: [],
    manifestProblems: manifest.problems,
    skippedPaths: listing.skipped,
    tables: [],
    seconds: 0,
  };
  try {
    if (prepared) {
      const { codebook, source } = prepared;
      store.saveCodebook({
        version: codebook.version,
        id: codebook.id,
        title: codebook.title,
        file: opts.codebook,
        source,
        json: JSON.stringify(codebook),
        codes: codebook.codes.map((c) => ({ id: c.id, label: c.label, group: c.group, definition: c.definition })),
      });
    }
    if (opts.stages.ingest) {
      noteManifestCoverage(manifest, listing.files, summary);
      await ingestCorpus(listing.files, manifest, store, matcher, unit, runId, opts, progress, summary);
    }
    if (matcher) codeStoredDocuments(store, matcher, unit, runId, progress, summary);
    if (opts.stages.tables && matcher) {
      summary.tables = writeTables(store, opts.out, { codebookVersion: matcher.version }).files;
    }
    summary.seconds = round((performance.now() - started) / 1000, 2);
    store.finishRun(runId, 'completed', statsOf(summary));
    return summary;
  } catch (err) {
    // Recording the failure can fail too (a full disk): the error the user needs is the first one.
    try {
      store.finishRun(runId, 'failed', { error: String((err as Error).message ?? err) });
    } catch {
      // the run stays 'running'; the next run closes it (closeAbandonedRuns)
    }
    throw err;
  } finally {
    progress.stop();
    store.close();
  }
}

async function ingestCorpus(
  files: CorpusFile[],
  manifest: Manifest,
  store: Store,
  matcher: Matcher | null,
  unit: Unit,
  runId: number,
  opts: PipelineOptions,
  progress: Progress,
  summary: PipelineSummary,
): Promise<void> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  // Segmenting and coding run on the extraction workers too (analyze.ts), so they use both cores.
  const analyzer: AnalyzerOptions = { codebook: matcher ? resolve(opts.codebook) : null, unit: opts.unit };
  const pool: ExtractorPool = createExtractorPool({
    threads: opts.threads,
    timeoutMs: opts.timeoutMs,
    analyzer: { module: new URL('./analyze.ts', import.meta.url).href, options: analyzer },
  });
  // Reading is I/O; a few files in flight keep both parsing threads busy without holding the corpus in memory.
  const limit = pLimit(Math.max(2, (opts.threads ?? 2) * 2));
  // Files with the same bytes are one document. Which path stands for it is decided before any
  // file is read for good (a path with a manifest entry first, then the lowest path), so the
  // choice never depends on which read happens to finish first.
  const canonical = await choosePaths(files, manifest, limit);
  progress.start('ingest', files.length);

  // Documents are committed in batches (write-batch.ts); every write below goes through it.
  const writes = new WriteBatch(store.db);
  const metadataUpdated = new Set<string>();
  const failed = (file: string, code: FailureCode, reason: string): void => {
    summary.documents.failed++;
    summary.failures.push({ file, code, reason });
  };

  const ingestOne = async (f: CorpusFile): Promise<void> => {
    const entry = manifest.entries.get(f.rel);
    let hash: string;
    let bytes: Uint8Array | null = null;
    try {
      if (f.size > maxBytes) hash = await sha256File(f.abs);
      else {
        bytes = await readFile(f.abs);
        hash = sha256(bytes);
      }
    } catch (err) {
      // Without bytes there is no content identity; the path stands in so the failure is still on record.
      hash = sha256(new TextEncoder().encode(`unreadable:${f.rel}`));
      const reason = `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
      const meta = mergeMeta(entry, {});
      writes.add(() => {
        if (!store.findDocument(hash)) store.recordFailure({ sha256: hash, file: f.rel, bytes: f.size, meta, code: 'unreadable', reason, runId });
      });
      failed(f.rel, 'unreadable', reason);
      return;
    }

    const twin = canonical.get(hash);
    if (twin !== undefined && twin !== f.rel) {
      summary.documents.duplicates++;
      summary.manifestProblems.push(`${f.rel}: same bytes as ${twin}; stored once, under ${twin}`);
      return;
    }

    const known = store.findDocument(hash);
    if (known && (known.status === 'ingested' || !opts.retryFailed)) {
      summary.documents.skipped++;
      // These bytes are what the file holds now (it may have been changed and changed back).
      writes.add(() => store.markSeen(hash, f.rel, runId));
      if (known.status === 'failed') {
        summary.failures.push({ file: f.rel, code: known.failureCode as FailureCode, reason: known.reason ?? '' });
      } else if (entry) {
        const meta = mergeMeta(entry, JSON.parse(known.fileMeta) as Partial<DocumentMeta>);
        // A set, not a counter: a write may run twice (WriteBatch retries a failed batch).
        writes.add(() => {
          if (store.updateMeta(hash, meta)) metadataUpdated.add(hash);
        });
      }
      return;
    }

    if (bytes === null) {
      const reason = `file is ${oversizeReason(f.size, maxBytes)} (--max-mb)`;
      const meta = mergeMeta(entry, {});
      writes.add(() => store.recordFailure({ sha256: hash, file: f.rel, bytes: f.size, meta, code: 'oversized', reason, runId }));
      failed(f.rel, 'oversized', reason);
      return;
    }

    const context: AnalyzeContext = { sha256: hash, manifest: entry };
    const outcome = await pool.extract(bytes, f.rel, context); // bytes are transferred to the worker: not used after this
    if (!outcome.ok) {
      const meta = mergeMeta(entry, {});
      writes.add(() => store.recordFailure({ sha256: hash, file: f.rel, bytes: f.size, meta, code: outcome.code, reason: outcome.reason, runId }));
      failed(f.rel, outcome.code, outcome.reason);
      return;
    }
    const { extracted } = outcome;
    const { meta, segments, codings, wordCounts } = outcome.analysis as Analysis;
    const document = {
      sha256: hash,
      file: f.rel,
      bytes: f.size,
      format: extracted.format,
      meta,
      fileMeta: extracted.meta,
      wordCounts,
      text: extracted.text,
      pages: extracted.pages,
      segments,
      warnings: extracted.warnings,
      runId,
      coding: matcher && codings ? { codebookVersion: matcher.version, unit, codings } : undefined,
    };
    writes.add(() => store.storeDocument(document), extracted.text.length);
    summary.documents.ingested++;
    if (matcher) summary.documentsCoded++;
    summary.segments += segments.length;
    summary.codings += codings?.length ?? 0;
  };

  try {
    await eachLimited(files, limit, async (f) => {
      await ingestOne(f);
      progress.tick(f.rel);
    });
    writes.flush();
    summary.documents.metadataUpdated = metadataUpdated.size;
  } catch (err) {
    writes.flushAfterFailure();
    throw err;
  } finally {
    await pool.close();
    progress.stop();
  }
  summary.failures.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** sha256 → the path that stands for those bytes, for every content held by two or more paths. */
async function choosePaths(files: CorpusFile[], manifest: Manifest, limit: ReturnType<typeof pLimit>): Promise<Map<string, string>> {
  const hashes: Array<string | null> = new Array(files.length).fill(null);
  await eachLimited(files, limit, async (f, i) => {
    hashes[i] = await sha256File(f.abs).catch(() => null);
  });
  const paths = new Map<string, string[]>();
  hashes.forEach((h, i) => {
    if (h !== null) paths.set(h, [...(paths.get(h) ?? []), files[i]!.rel]);
  });
  const chosen = new Map<string, string>();
  for (const [h, rels] of paths) {
    if (rels.length < 2) continue;
    const listed = rels.filter((r) => manifest.entries.has(r)).sort();
    chosen.set(h, listed[0] ?? [...rels].sort()[0]!);
  }
  return chosen;
}

/** Codes what is stored but not yet coded with this codebook version (a new codebook, or a killed run). */
function codeStoredDocuments(
  store: Store,
  matcher: Matcher,
  unit: Unit,
  runId: number,
  progress: Progress,
  summary: PipelineSummary,
): void {
  const todo = store.documentsToCode(matcher.version, unit);
  if (todo.length === 0) return;
  progress.start('code', todo.length);
  const writes = new WriteBatch(store.db);
  try {
    for (const { sha256: hash } of todo) {
      const doc = store.loadDocument(hash);
      if (!doc) continue;
      const codings = matcher.codeUnits(doc.text, unitsOf(doc.segments, matcher), doc.language);
      writes.add(() => store.storeCodings({ sha256: hash, codebookVersion: matcher.version, unit, runId, codings }), doc.text.length);
      summary.documentsCoded++;
      summary.codings += codings.length;
      progress.tick();
    }
    writes.flush();
  } catch (err) {
    writes.flushAfterFailure();
    throw err;
  }
  progress.stop();
}

/** A run whose process was killed (or crashed, or lost its machine) stays `running` with no end:
 *  the review page, the HTML report and the REFI-QDA project would show it as still going. Each
 *  run records its process; a later run closes as failed (with `interrupted` in its stats) every
 *  `running` run of this host whose process is gone. What such a run committed stays valid: each
 *  document's rows and each document's codings were written in one transaction. Runs of another
 *  host, or whose process id is alive (possibly reused), are left alone: better open than wrong. */
export function closeAbandonedRuns(store: Store, byRun: number): number[] {
  const host = hostname();
  const running = store.db
    .prepare(`SELECT id, json_extract(options, '$.process.pid') AS pid, json_extract(options, '$.process.host') AS host
              FROM runs WHERE status = 'running' AND id <> ? ORDER BY id`)
    .all(byRun) as Array<{ id: number; pid: unknown; host: unknown }>;
  const closed: number[] = [];
  for (const r of running) {
    if (r.host !== host || typeof r.pid !== 'number' || processExists(r.pid)) continue;
    store.finishRun(r.id, 'failed', {
      error: `interrupted: its process (pid ${r.pid} on ${host}) ended without finishing the run (killed or crashed); closed by run ${byRun}`,
      interrupted: true,
      closedByRun: byRun,
    });
    closed.push(r.id);
  }
  return closed;
}

function processExists(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists and belongs to someone else.
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function noteManifestCoverage(manifest: Manifest, files: CorpusFile[], summary: PipelineSummary): void {
  const present = new Set(files.map((f) => f.rel));
  for (const [file, entry] of [...manifest.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!present.has(file)) summary.missingSources.push({ file, title: entry.title, source_url: entry.source_url });
  }
  summary.unlisted = files.filter((f) => !manifest.entries.has(f.rel)).map((f) => f.rel);
}

/** The real path of a file or folder that may not exist yet (its parent's real path + name). */
function safeRealpath(p: string): string {
  const abs = resolve(p);
  try {
    return realpathSync(abs);
  } catch {
    return join(safeRealpath(dirname(abs)), basename(abs));
  }
}

function emptyManifest(): Manifest {
  return { path: null, entries: new Map(), problems: [] };
}

function statsOf(s: PipelineSummary): Record<string, unknown> {
  return {
    ...s.documents,
    segments: s.segments,
    codings: s.codings,
    documentsCoded: s.documentsCoded,
    missingSources: s.missingSources.length,
    seconds: s.seconds,
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
