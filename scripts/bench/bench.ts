// The benchmark harness: options, the measures in order, the table on stdout as it goes, and
// out/bench/results.json + out/bench/summary.md at the end. Every figure is the median of its
// runs with min–max; each measure runs codeframe and its anchor in the same run (alternating),
// so their ratio holds on a noisy shared machine even when the absolute figures move.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { measureCode } from './code.ts';
import { measureE2e } from './e2e.ts';
import {
  REPO_ROOT, corpusTexts, fmt, machine, printRow,
  type BenchContext, type BenchSizes, type Figure, type Machine, type MeasureResult,
} from './lib.ts';
import { measurePdf } from './pdf.ts';
import { measureReview } from './review.ts';
import { measureSegment } from './segment.ts';

export const MEASURES = ['code', 'segment', 'pdf', 'e2e', 'review'] as const;
export type MeasureId = (typeof MEASURES)[number];

export interface BenchOptions {
  mode: 'default' | 'quick' | 'full';
  outDir: string;
  runs: number;
  only: MeasureId[];
  /** Only these files of ../shared/corpus (a RegExp on the file name); all when absent. */
  sources?: string;
  codebook: string;
  sizes: BenchSizes;
  quiet?: boolean;
}

const SIZES: Record<BenchOptions['mode'], BenchSizes> = {
  // ~1 minute
  quick: { codeMb: 20, segmentMb: 10, compromiseMb: 0.3, pdfMaxPages: 60, e2eMb: [5], e2eDocs: [500], e2eRuns: 3, profileMb: 0,
    reviewSegments: 50_000, reviewCodings: 250_000, reviewBaseMb: 1, reviewQueue: 300, reviewRequests: 100 },
  // < 10 minutes on the 2-core development machine when it is otherwise idle. The end-to-end
  // corpus is 20 MB, not the 1 GB: `codeframe run` does ~1–3 MB/s and ~150 documents/s
  // today, so 5 runs of 1 GB would take hours and 10 k documents already take most of the budget
  // (--full runs 1 GB and 100 k documents).
  default: { codeMb: 200, segmentMb: 50, compromiseMb: 1.5, pdfMaxPages: Infinity, e2eMb: [20], e2eDocs: [10_000], e2eRuns: 5, profileMb: 10,
    // A tenth of measure 5's scale: at 1 M segments, building the database (4-5 min the first
    // time) and five `codeframe tables` runs (about a minute each) alone exceed the budget; --full
    // (or --only review --full) measures at 1 M.
    reviewSegments: 100_000, reviewCodings: 500_000, reviewBaseMb: 4, reviewQueue: 2000, reviewRequests: 300 },
  // the full sizes: 1 GB and 100 k documents (tens of minutes)
  full: { codeMb: 200, segmentMb: 50, compromiseMb: 1.5, pdfMaxPages: Infinity, e2eMb: [100, 1024], e2eDocs: [10_000, 100_000], e2eRuns: 5, profileMb: 50,
    reviewSegments: 1_000_000, reviewCodings: 5_000_000, reviewBaseMb: 4, reviewQueue: 2000, reviewRequests: 1000 },
};

const USAGE = `usage: npm run bench -- [--quick | --full] [--runs N] [--only code,segment,pdf,e2e,review] [--out DIR]
  [--code-mb MB] [--segment-mb MB] [--compromise-mb MB] [--pdf-max-pages N]
  [--e2e-mb MB,MB] [--e2e-docs N,N] [--e2e-runs N] [--profile-mb MB] [--sources REGEX] [--codebook FILE]
  [--review-segments N] [--review-codings N] [--review-base-mb MB] [--review-queue N] [--review-requests N]`;

export function parseBenchArgs(argv: string[]): BenchOptions {
  const mode = argv.includes('--full') ? 'full' : argv.includes('--quick') ? 'quick' : 'default';
  const sizes: BenchSizes = { ...SIZES[mode] };
  const opts: BenchOptions = {
    mode,
    outDir: resolve(REPO_ROOT, 'out/bench'),
    runs: mode === 'quick' ? 3 : 5,
    only: [...MEASURES],
    codebook: resolve(REPO_ROOT, 'codebook/study.yml'),
    sizes,
  };
  const num = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || !(n >= 0)) throw new Error(`Unexpected value ${JSON.stringify(v)} for ${flag}, expected a number ≥ 0\n${USAGE}`);
    return n;
  };
  const list = (flag: string, v: string | undefined): number[] => (v === '' ? [] : (v ?? '').split(',').map((x) => num(flag, x)));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = argv[i + 1];
    const take = (): string | undefined => (i++, v);
    switch (a) {
      case '--quick': case '--full': break;
      case '--runs': opts.runs = num(a, take()); sizes.e2eRuns = opts.runs; break;
      case '--out': opts.outDir = resolve(take() ?? ''); break;
      case '--only': {
        const ids = (take() ?? '').split(',');
        const bad = ids.filter((x) => !(MEASURES as readonly string[]).includes(x));
        if (bad.length) throw new Error(`Unexpected measure ${bad.join(', ')}, expected some of ${MEASURES.join(', ')}`);
        opts.only = ids as MeasureId[];
        break;
      }
      case '--sources': opts.sources = take(); break;
      case '--codebook': opts.codebook = resolve(take() ?? ''); break;
      case '--code-mb': sizes.codeMb = num(a, take()); break;
      case '--segment-mb': sizes.segmentMb = num(a, take()); break;
      case '--compromise-mb': sizes.compromiseMb = num(a, take()); break;
      case '--pdf-max-pages': sizes.pdfMaxPages = num(a, take()); break;
      case '--e2e-mb': sizes.e2eMb = list(a, take()); break;
      case '--e2e-docs': sizes.e2eDocs = list(a, take()); break;
      case '--e2e-runs': sizes.e2eRuns = num(a, take()); break;
      case '--profile-mb': sizes.profileMb = num(a, take()); break;
      case '--review-segments': sizes.reviewSegments = num(a, take()); break;
      case '--review-codings': sizes.reviewCodings = num(a, take()); break;
      case '--review-base-mb': sizes.reviewBaseMb = num(a, take()); break;
      case '--review-queue': sizes.reviewQueue = num(a, take()); break;
      case '--review-requests': sizes.reviewRequests = num(a, take()); break;
      default: throw new Error(`Unexpected argument ${JSON.stringify(a)}\n${USAGE}`);
    }
  }
  if (opts.runs < 1) throw new Error(`Unexpected --runs ${opts.runs}, expected at least 1`);
  return opts;
}

export interface BenchResults {
  machine: Machine;
  loadAtEnd: number[];
  seconds: number;
  command: string;
  options: BenchOptions;
  sources: { documents: string[]; failed: Array<{ file: string; reason: string }> };
  measures: MeasureResult[];
}

export async function runBench(opts: BenchOptions, argv: string[] = []): Promise<BenchResults> {
  const t0 = performance.now();
  const log = opts.quiet ? () => {} : (line: string) => console.log(line);
  mkdirSync(opts.outDir, { recursive: true });
  const m = machine();
  log(`codeframe bench (${opts.mode}): ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}, load ${m.loadAtStart.join(' ')}`);
  const filter = opts.sources ? new RegExp(opts.sources) : null;
  const all = await corpusTexts(join(opts.outDir, 'texts'));
  const texts = filter ? all.texts.filter((t) => filter.test(t.file)) : all.texts;
  if (texts.length === 0) throw new Error(`Unexpected empty source set (--sources ${opts.sources}), expected some documents of ../shared/corpus`);
  const ctx: BenchContext = { outDir: opts.outDir, runs: opts.runs, texts, codebook: opts.codebook, sizes: opts.sizes, full: opts.mode === 'full', log };
  const run: Record<MeasureId, (c: BenchContext) => Promise<MeasureResult>> = {
    code: measureCode, segment: measureSegment, pdf: measurePdf, e2e: measureE2e, review: measureReview,
  };
  const measures: MeasureResult[] = [];
  for (const id of MEASURES.filter((x) => opts.only.includes(x))) {
    log(`\n[${id}]`);
    const t = performance.now();
    const result = await run[id](ctx);
    measures.push(result);
    if (result.skipped) log(`  skipped: ${result.skipped}`);
    for (const r of result.rows) if (!opts.quiet) printRow(r);
    log(`  (${((performance.now() - t) / 1000).toFixed(0)} s)`);
  }
  const results: BenchResults = {
    machine: m,
    loadAtEnd: loadavg().map((x) => Math.round(x * 100) / 100),
    seconds: (performance.now() - t0) / 1000,
    command: ['npm run bench', ...(argv.length ? ['--', ...argv] : [])].join(' '),
    options: opts,
    sources: { documents: texts.map((t) => t.file), failed: all.failed },
    measures,
  };
  writeFileSync(join(opts.outDir, 'results.json'), JSON.stringify(results, (_k, v) => (v === Infinity ? 'Infinity' : v), 2) + '\n');
  writeFileSync(join(opts.outDir, 'summary.md'), summaryMarkdown(results));
  log(`\nwrote ${join(opts.outDir, 'results.json')} and summary.md in ${results.seconds.toFixed(0)} s (load at end ${results.loadAtEnd.join(' ')})`);
  return results;
}

const cell = (f: Figure | null): string => (f ? `${fmt(f.median)} ${f.unit} (${fmt(f.min)}–${fmt(f.max)})` : '—');

export function summaryMarkdown(r: BenchResults): string {
  const m = r.machine;
  const out: string[] = [
    `Measured ${m.date.slice(0, 16).replace('T', ' ')} UTC with \`${r.command}\` on ${m.cpu} (${m.cores} cores), ` +
      `${m.memoryGb} GB, Node ${m.node}; load average ${m.loadAtStart[0]} at start, ${r.loadAtEnd[0]} at end; ` +
      `${fmt(r.seconds)} s in all. Each figure: median of ${r.options.runs} runs (min–max); codeframe and its anchor alternate in the same run.`,
    '',
    '| measure | codeframe | anchor | anchor figure | ratio | goal |',
    '|---|---|---|---|---|---|',
  ];
  for (const x of r.measures) {
    if (x.skipped) out.push(`| ${x.title} | skipped: ${x.skipped} | | | | |`);
    for (const row of x.rows) {
      out.push(`| ${row.measure} | ${cell(row.codeframe)} | ${row.anchorName} | ${cell(row.anchor)} | ${row.ratio === null ? '—' : row.ratio.toFixed(2) + '×'} | ${row.goal} |`);
    }
  }
  const e2e = r.measures.find((x) => x.id === 'e2e');
  const cases = (e2e?.details.cases ?? []) as Array<Record<string, unknown>>;
  if (cases.length) {
    out.push('', '| corpus | documents | MB | wall s | documents/s | MB/s | peak RSS MB | database / text |', '|---|---|---|---|---|---|---|---|');
    for (const c of cases) {
      const f = (k: string) => cell(c[k] as Figure);
      out.push(`| ${c.name} | ${c.documents} | ${fmt(c.mb as number)} | ${f('wallSeconds')} | ${f('documentsPerSecond')} | ${f('mbPerSecond')} | ${f('peakRssMb')} | ${f('dbToText')} |`);
    }
  }
  out.push('');
  for (const x of r.measures) for (const n of x.notes) out.push(`- ${x.id}: ${n}`);
  for (const x of r.measures) {
    const profile = x.details.profile as { title: string; top: Array<{ name: string; where: string; thread: string; selfMs: number; percent: number }> } | null | undefined;
    if (!profile) continue;
    out.push('', `Profile of ${profile.title}, top self time:`, '');
    out.push('| self ms | % | function | where | thread |', '|---|---|---|---|---|');
    for (const e of profile.top.slice(0, 15)) out.push(`| ${e.selfMs.toFixed(0)} | ${e.percent.toFixed(1)} | ${e.name} | ${e.where} | ${e.thread} |`);
  }
  return out.join('\n') + '\n';
}

