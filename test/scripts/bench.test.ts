// The benchmark cannot rot: a tiny run of every measure writes results.json and summary.md of
// the documented shape, with numbers for codeframe and each anchor. Nothing here is timed.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBenchArgs, runBench, type BenchResults } from '../../scripts/bench/bench.ts';
import { plainKeywords } from '../../scripts/bench/code.ts';
import { generateCorpus, rng } from '../../scripts/bench/generate-corpus.ts';
import { figure, hasCommand, type CachedText } from '../../scripts/bench/lib.ts';
import { summarizeProfiles } from '../../scripts/bench/profile.ts';
import { loadCodebook } from '../../src/codebook/index.ts';
import { needShared } from '../helpers/shared.ts';

const tmp = mkdtempSync(join(tmpdir(), 'cf-bench-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('figure: median with min–max', () => {
  it.each([
    { runs: [3], median: 3, min: 3, max: 3 },
    { runs: [5, 1, 3], median: 3, min: 1, max: 5 },
    { runs: [4, 1, 3, 2], median: 2.5, min: 1, max: 4 },
  ])('$runs → median $median', ({ runs, median, min, max }) => {
    expect(figure(runs, 'x')).toEqual({ median, min, max, runs, unit: 'x' });
  });

  it('refuses an empty list of runs', () => {
    expect(() => figure([], 'MB/s')).toThrow(/expected at least one/);
  });
});

describe('parseBenchArgs', () => {
  it.each([
    { argv: [], runs: 5, codeMb: 200 },
    { argv: ['--quick'], runs: 3, codeMb: 20 },
    { argv: ['--runs', '7', '--code-mb', '3'], runs: 7, codeMb: 3 },
  ])('$argv', ({ argv, runs, codeMb }) => {
    const o = parseBenchArgs(argv);
    expect(o.runs).toBe(runs);
    expect(o.sizes.codeMb).toBe(codeMb);
  });

  it.each([
    { argv: ['--only', 'code,nope'], message: /Unexpected measure nope/ },
    { argv: ['--runs', 'x'], message: /Unexpected value "x" for --runs/ },
    { argv: ['--frobnicate'], message: /Unexpected argument "--frobnicate"/ },
  ])('refuses $argv', ({ argv, message }) => {
    expect(() => parseBenchArgs(argv)).toThrow(message);
  });
});

describe('generateCorpus', () => {
  const sources: CachedText[] = [
    { file: 'a.md', format: 'markdown', language: 'en', actorGroup: null, pages: [], text: 'Alpha one.\n\nAlpha two is longer.\n\nAlpha three.' },
    { file: 'b.md', format: 'markdown', language: 'uk', actorGroup: null, pages: [], text: 'Бета один.\n\nБета два.' },
  ];
  const read = (dir: string): string[] => {
    const out = [readFileSync(join(dir, 'manifest.csv'), 'utf8')];
    for (const sub of readdirSync(join(dir, 'docs')).sort()) {
      for (const f of readdirSync(join(dir, 'docs', sub)).sort()) out.push(readFileSync(join(dir, 'docs', sub, f), 'utf8'));
    }
    return out;
  };

  it('gives the same bytes for the same seed, other bytes for another seed', () => {
    const spec = { seed: 7, docs: 30, meanDocBytes: 300 };
    const a = generateCorpus(join(tmp, 'gen-a'), spec, sources);
    const b = generateCorpus(join(tmp, 'gen-b'), spec, sources);
    const c = generateCorpus(join(tmp, 'gen-c'), { ...spec, seed: 8 }, sources);
    expect(a.docs).toBe(30);
    expect(read(a.dir)).toEqual(read(b.dir));
    expect(read(c.dir)).not.toEqual(read(a.dir));
  });

  it('writes distinct files (the pipeline stores equal bytes once) and a manifest row for each', () => {
    const g = generateCorpus(join(tmp, 'gen-d'), { seed: 1, docs: 40, meanDocBytes: 200 }, sources);
    const [manifest, ...docs] = read(g.dir);
    expect(new Set(docs).size).toBe(40);
    const rows = manifest!.trim().split('\n');
    expect(rows[0]).toBe('file,title,issuer,country,actor_group,date,doc_type,language');
    expect(rows).toHaveLength(41);
    expect(rows[1]).toMatch(/^docs\/000\/000000\.txt,[^,]+,[^,]+,[A-Z0-9]+,[a-z_]+,\d{4}-\d{2}-\d{2},[a-z]+,(en|uk)$/);
  });

  it('stops at a byte budget and reuses a corpus whose spec is unchanged', () => {
    const spec = { seed: 3, bytes: 5000, meanDocBytes: 400 };
    const first = generateCorpus(join(tmp, 'gen-e'), spec, sources);
    expect(first.bytes).toBeGreaterThanOrEqual(5000);
    expect(first.reused).toBe(false);
    expect(generateCorpus(join(tmp, 'gen-e'), spec, sources)).toEqual({ ...first, reused: true });
  });

  it('rng is the same sequence for a seed', () => {
    const a = rng(42);
    const b = rng(42);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});

describe('summarizeProfiles', () => {
  it('adds self time per function and thread from sample deltas, leaving idle out', () => {
    const node = (id: number, functionName: string, url = '', lineNumber = 0) => ({ id, callFrame: { functionName, url, lineNumber } });
    const profile = {
      nodes: [node(1, '(root)'), node(2, 'scan', 'file:///x/src/code/tokenize.ts', 9), node(3, '(idle)'), node(4, '(garbage collector)')],
      startTime: 0,
      endTime: 100,
      samples: [2, 2, 3, 4],
      timeDeltas: [0, 10_000, 20_000, 30_000, 0],
    };
    const file = join(tmp, 'CPU.20260101.000000.123.0.001.cpuprofile');
    writeFileSync(file, JSON.stringify(profile));
    const top = summarizeProfiles([file], 5);
    expect(top.map((e) => [e.name, e.where.endsWith('tokenize.ts:10'), e.thread, e.selfMs])).toEqual([
      ['scan', true, 'main', 30],
      ['(garbage collector)', false, 'main', 0],
    ]);
    expect(top[0]!.percent).toBe(100);
  });
});

describe('plainKeywords', () => {
  it('takes the study codebook terms and phrases without glob characters', () => {
    const words = plainKeywords(loadCodebook('codebook/study.yml'));
    expect(words.length).toBeGreaterThan(50);
    expect(words).toContain('cybersecurity');
    expect(words.some((w) => /[*?]/.test(w))).toBe(false);
  });
});

describe.runIf(needShared('bench smoke run'))('npm run bench, tiny', () => {
  let results: BenchResults;
  const out = join(tmp, 'bench');
  beforeAll(async () => {
    const opts = parseBenchArgs([
      '--out', out, '--runs', '1',
      // two short statements (Markdown) and two small PDFs keep the source extraction quick
      '--sources', '^(US_2024-03-21|UN_2024|OECD)',
      '--code-mb', '0.5', '--segment-mb', '0.2', '--compromise-mb', '0.02', '--pdf-max-pages', '25',
      '--e2e-mb', '0.2', '--e2e-docs', '20', '--profile-mb', '0.1',
      '--review-segments', '3000', '--review-codings', '12000', '--review-base-mb', '0.2', '--review-queue', '30', '--review-requests', '8',
    ]);
    results = await runBench({ ...opts, quiet: true });
  }, 300_000);

  it('writes results.json with the machine and every measure', () => {
    const json = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as BenchResults;
    expect(Object.keys(json.machine).sort()).toEqual(['cores', 'cpu', 'date', 'loadAtStart', 'memoryGb', 'node', 'platform']);
    expect(json.machine.node).toBe(process.version);
    expect(json.measures.map((m) => m.id)).toEqual(['code', 'segment', 'pdf', 'e2e', 'review']);
    expect(json.sources.documents).toHaveLength(4);
  });

  it('gives each measure numbers for codeframe and, where installed, its anchor', () => {
    const anchors: Record<string, string> = { code: 'rg', pdf: 'pdftotext', e2e: 'rg' };
    for (const m of results.measures.filter((x) => !x.skipped)) {
      expect(m.rows.length, m.id).toBeGreaterThan(0);
      for (const r of m.rows) {
        expect(r.codeframe.runs).toHaveLength(1);
        expect(r.codeframe.median, `${m.id} ${r.measure}`).toBeGreaterThan(0);
        const tool = anchors[m.id];
        if (tool === undefined || hasCommand(tool)) {
          expect(r.anchor?.median, `${m.id} anchor`).toBeGreaterThan(0);
          expect(r.ratio).toBeCloseTo(r.codeframe.median / r.anchor!.median, 9);
        }
      }
    }
  });

  it('records the end-to-end figures and a profile', () => {
    const e2e = results.measures.find((m) => m.id === 'e2e')!;
    const cases = e2e.details.cases as Array<{ name: string; documents: number; peakRssMb: { median: number }; dbToText: { median: number } }>;
    expect(cases.map((c) => c.name)).toEqual(['0.2mb', '20docs']);
    expect(cases[1]!.documents).toBe(20);
    for (const c of cases) {
      expect(c.peakRssMb.median).toBeGreaterThan(10);
      expect(c.dbToText.median).toBeGreaterThan(0);
    }
    const profile = e2e.details.profile as { top: Array<{ selfMs: number }> };
    expect(profile.top.length).toBeGreaterThan(0);
  });

  it('reports segmentation agreement with compromise and the PDF warm-up', () => {
    const seg = results.measures.find((m) => m.id === 'segment')!.details.agreement as { f1: number };
    expect(seg.f1).toBeGreaterThan(0.5);
    expect(seg.f1).toBeLessThanOrEqual(1);
    const pdf = results.measures.find((m) => m.id === 'pdf')!.details as { pages: number; warmupSeconds: { median: number } };
    expect(pdf.pages).toBe(20);
    expect(pdf.warmupSeconds.median).toBeGreaterThan(0);
  });

  it('builds the scale database to its targets and times the review server and tables against their anchors', () => {
    const review = results.measures.find((m) => m.id === 'review')!;
    expect(review.skipped).toBeUndefined();
    const db = review.details.database as { segments: number; codings: number };
    expect(db.segments).toBeGreaterThanOrEqual(3000);
    expect(db.codings).toBeGreaterThanOrEqual(12000);
    expect(review.rows.map((r) => r.measure)).toEqual(['next queue item (HTTP)', 'decision (HTTP)', 'codeframe tables (CLI)']);
    expect(review.details.requests).toBe(8);
    expect((review.details.profile as { top: unknown[] }).top.length).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/Profile of `codeframe tables` on the scale database/);
  });

  it('writes summary.md with the table', () => {
    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(md).toContain('| measure | codeframe | anchor | anchor figure | ratio | goal |');
    expect(md).toMatch(/\| code stage \| [\d.]+ MB\/s/);
    expect(md).toMatch(/\| PDF extraction \| [\d.]+ pages\/s/);
    expect(md).toContain('| 20docs | 20 |');
  });
});
