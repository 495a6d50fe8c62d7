// End to end over real files: the shipped demo corpus, ../shared/corpus (19 real policy documents in
// 5 languages and 4 formats) and ../shared/pdfs (corrupt, encrypted, scanned, RTL, CJK, a fake PDF).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline, type PipelineOptions, type PipelineSummary } from '../../src/pipeline/run.ts';
import { exportJsonl } from '../../src/report/export-jsonl.ts';
import { countWords, openStore } from '../../src/store/index.ts';
import { needShared, REPO_ROOT, shared } from '../helpers/shared.ts';

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-run-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function options(name: string, corpus: string, extra: Partial<PipelineOptions> = {}): PipelineOptions {
  return {
    command: 'run',
    corpus,
    codebook: join(REPO_ROOT, 'codebook/study.yml'),
    db: join(tmp, name, 'codeframe.db'),
    out: join(tmp, name),
    stages: { ingest: true, code: true, tables: true },
    ...extra,
  };
}

function exportOf(db: string): string {
  const store = openStore(db);
  try {
    const lines: string[] = [];
    exportJsonl(store, (line) => lines.push(line), {});
    return lines.join('');
  } finally {
    store.close();
  }
}

function count(db: string, table: string): number {
  const conn = new Database(db, { readonly: true });
  try {
    return (conn.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    conn.close();
  }
}

describe('the shipped demo corpus', () => {
  let summary: PipelineSummary;
  beforeAll(async () => {
    summary = await runPipeline(options('demo', join(REPO_ROOT, 'corpus')));
  });

  it('ingests every demo file without failure and codes them', () => {
    expect(summary.failures).toEqual([]);
    expect(summary.documents.ingested).toBe(summary.documents.files);
    expect(summary.documents.ingested).toBeGreaterThanOrEqual(5);
    expect(summary.codings).toBeGreaterThan(50);
    expect(summary.unlisted).toEqual([]);
  });

  it('reports the study sources that are listed in the manifest but not present', () => {
    expect(summary.missingSources.length).toBeGreaterThanOrEqual(10);
    const withUrl = summary.missingSources.filter((m) => m.source_url !== null);
    expect(withUrl.length).toBeGreaterThanOrEqual(10);
    for (const m of withUrl) expect(m.source_url, m.file).toMatch(/^https?:\/\//);
  });

  it('stores word counts that equal counting each stored text (they are computed on the workers, by sentence)', () => {
    const conn = new Database(join(tmp, 'demo', 'codeframe.db'), { readonly: true });
    const segs = conn.prepare('SELECT text, word_count AS n FROM segments').all() as Array<{ text: string; n: number }>;
    const docs = conn.prepare('SELECT text, word_count AS n FROM documents').all() as Array<{ text: string; n: number }>;
    conn.close();
    expect(segs.length).toBeGreaterThan(100);
    for (const r of [...segs, ...docs]) expect(r.n, r.text.slice(0, 60)).toBe(countWords(r.text));
  });

  it('writes the comparison tables', () => {
    expect(summary.tables.length).toBeGreaterThanOrEqual(6);
    for (const f of summary.tables) expect(readFileSync(join(tmp, 'demo', f.replace(/^.*?tables\//, 'tables/'))).length).toBeGreaterThan(0);
  });
});

describe.runIf(needShared('end-to-end run over ../shared/corpus'))('../shared/corpus end to end', () => {
  let first: PipelineSummary;
  let db: string;
  beforeAll(async () => {
    const opts = options('shared', shared('corpus'));
    db = opts.db;
    first = await runPipeline(opts);
  }, 300_000);

  it('ends every file ingested or with a recorded reason, and completes', () => {
    const store = openStore(db);
    const status = store.status();
    store.close();
    expect(status.documents).toHaveLength(first.documents.files);
    expect(first.documents.files).toBe(19);
    for (const d of status.documents) {
      if (d.status === 'failed') expect(d.reason, d.file).toMatch(/\w{6,}/);
      else expect(d.segments, d.file).toBeGreaterThan(0);
    }
    // All 19 are readable documents: none should fail.
    expect(status.documents.filter((d) => d.status === 'failed').map((d) => `${d.file}: ${d.reason}`)).toEqual([]);
  });

  it('parses the owner-password PDF (Japan) and uses the OCR layer of the scanned PDF (Indonesia)', () => {
    const conn = new Database(db, { readonly: true });
    const text = (file: string) =>
      (conn.prepare('SELECT text FROM documents WHERE file = ?').get(file) as { text: string } | undefined)?.text ?? '';
    const jp = text('JP_2019_AI-Strategy-2019_ENCRYPTED-owner-pw.pdf');
    const id = text('ID_2023_SE-Kominfo-9-2023_Etika-Kecerdasan-Artifisial_SCANNED-OCR_id.pdf');
    conn.close();
    expect(jp).toMatch(/AI Strategy/i);
    expect(jp.length).toBeGreaterThan(10_000);
    expect(id).toMatch(/Kecerdasan Artifisial/i);
  });

  it('takes metadata from manifest.csv', () => {
    const conn = new Database(db, { readonly: true });
    const row = conn
      .prepare('SELECT actor_group, country, language, date FROM documents WHERE file = ?')
      .get('BR_2021_EBIA_Estrategia-Brasileira-de-IA_pt.pdf');
    conn.close();
    expect(row).toEqual({ actor_group: 'global_south', country: 'Brazil', language: 'pt', date: '2021' });
  });

  it('is idempotent: a second run adds nothing', async () => {
    const before = ['documents', 'segments', 'codings', 'pages'].map((t) => count(db, t));
    const again = await runPipeline(options('shared', shared('corpus')));
    expect(again.documents.ingested).toBe(0);
    expect(again.documents.skipped).toBe(19);
    expect(again.codings).toBe(0);
    expect(['documents', 'segments', 'codings', 'pages'].map((t) => count(db, t))).toEqual(before);
  }, 300_000);

  it('is deterministic: a fresh run (one thread instead of two) exports byte-identical JSONL', async () => {
    const other = options('shared-2', shared('corpus'), { threads: 1 });
    await runPipeline(other);
    const a = exportOf(db);
    const b = exportOf(other.db);
    expect(a.length).toBeGreaterThan(1_000_000);
    expect(b === a).toBe(true);
  }, 300_000);
});

describe.runIf(needShared('robustness run over ../shared/pdfs'))('../shared/pdfs: no crash, no hang, a reason for each failure', () => {
  it('records every tricky PDF as ingested or failed with a reason', async () => {
    const opts = options('pdfs', shared('pdfs'), { timeoutMs: 30_000 });
    const summary = await runPipeline(opts);
    const store = openStore(opts.db);
    const status = store.status();
    store.close();
    expect(status.documents).toHaveLength(summary.documents.files);
    const byFile = new Map(status.documents.map((d) => [d.file, d]));
    expect(byFile.get('FAKE-PDF_html-404-page_ASEAN_Guide_AI_Governance_Ethics_2024.pdf')?.failureCode).toBe('misnamed');
    expect(byFile.get('pr6531_1.pdf')?.failureCode).toBe('encrypted');
    expect(byFile.get('issue7200.pdf')?.failureCode).toBe('image_only');
    expect(byFile.get('tracemonkey.pdf')?.status).toBe('ingested');
    for (const d of status.documents) {
      if (d.status === 'failed') expect(d.reason?.length, d.file).toBeGreaterThan(10);
    }
  }, 300_000);
});

describe('bad input is data: each file ends ingested or with a recorded reason, and the batch goes on', () => {
  it('records empty, binary, oversized and misnamed files and ingests the rest', async () => {
    const corpus = join(tmp, 'bad-input');
    mkdirSync(corpus, { recursive: true });
    writeFileSync(join(corpus, 'empty.txt'), '');
    writeFileSync(join(corpus, 'garbage.txt'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    writeFileSync(join(corpus, 'big.txt'), 'Transparency matters. '.repeat(100_000)); // 2.2 MB > 1 MB limit
    writeFileSync(join(corpus, 'fake.pdf'), '<!DOCTYPE html><html><head><title>Page not found</title></head><body>404</body></html>');
    writeFileSync(join(corpus, 'good.md'), '# A good file\n\nStates agree on transparency and accountability of AI systems.\n');
    const opts = { ...options('bad-input', corpus), maxBytes: 1024 * 1024 };
    const summary = await runPipeline(opts);
    expect(summary.documents.ingested).toBe(1);
    expect(summary.failures.map((f) => [f.file, f.code])).toEqual([
      ['big.txt', 'oversized'],
      ['empty.txt', 'empty'],
      ['fake.pdf', 'misnamed'],
      ['garbage.txt', 'unsupported'],
    ]);
    const store = openStore(opts.db);
    const status = store.status();
    store.close();
    const failed = status.documents.filter((d) => d.status === 'failed');
    expect(failed).toHaveLength(4);
    for (const d of failed) expect(d.reason, d.file).toMatch(/\w+ \w+ \w+/);
    expect(failed.find((d) => d.file === 'big.txt')?.reason).toMatch(/larger than the limit/);
    // A second run skips the recorded failures instead of reading them again, and still reports them.
    const again = await runPipeline(opts);
    expect(again.documents.skipped).toBe(5);
    expect(again.failures).toHaveLength(4);
  }, 120_000);
});

describe('two paths with the same bytes', () => {
  it('are stored once, under the path the manifest lists (regression: a stray copy without an entry won by read timing)', async () => {
    const corpus = join(tmp, 'twins');
    mkdirSync(join(corpus, 'backup'), { recursive: true });
    mkdirSync(join(corpus, 'sources'), { recursive: true });
    const text = 'India asks for transparency and accountability in AI.\n';
    writeFileSync(join(corpus, 'backup', 'x.txt'), text);
    writeFileSync(join(corpus, 'sources', 'x.txt'), text);
    writeFileSync(join(corpus, 'manifest.yml'), 'documents:\n  - file: sources/x.txt\n    actor_group: global_south\n    country: India\n');
    const opts = options('twins', corpus);
    const summary = await runPipeline(opts);
    expect(summary.documents).toMatchObject({ ingested: 1, duplicates: 1 });
    expect(summary.manifestProblems).toContain('backup/x.txt: same bytes as sources/x.txt; stored once, under sources/x.txt');
    const conn = new Database(opts.db, { readonly: true });
    const rows = conn.prepare('SELECT file, actor_group FROM documents').all();
    conn.close();
    expect(rows).toEqual([{ file: 'sources/x.txt', actor_group: 'global_south' }]);
  }, 120_000);
});

describe('metadata from the file itself', () => {
  it('survives a second run (regression: a re-run merged the manifest over nothing and wiped <title> and <html lang>)', async () => {
    const corpus = join(tmp, 'file-meta');
    mkdirSync(corpus, { recursive: true });
    writeFileSync(join(corpus, 'a.html'), '<html lang="uk"><head><title>Doc</title></head><body><p>Transparency and accountability matter for security.</p></body></html>');
    writeFileSync(join(corpus, 'manifest.yml'), 'documents:\n  - file: a.html\n    actor_group: ukraine\n');
    const opts = options('file-meta', corpus);
    await runPipeline(opts);
    const again = await runPipeline(opts);
    expect(again.documents.metadataUpdated).toBe(0);
    writeFileSync(join(corpus, 'manifest.yml'), 'documents:\n  - file: a.html\n    actor_group: global_south\n');
    const edited = await runPipeline(opts);
    expect(edited.documents.metadataUpdated).toBe(1);
    const conn = new Database(opts.db, { readonly: true });
    const row = conn.prepare('SELECT title, language, actor_group FROM documents').get();
    conn.close();
    expect(row).toEqual({ title: 'Doc', language: 'uk', actor_group: 'global_south' });
  }, 120_000);
});

describe('the database and tables inside the corpus folder', () => {
  it('are not ingested as documents (regression: a run ingested its own codeframe.db and tables)', async () => {
    const corpus = join(tmp, 'nested');
    cpSync(join(REPO_ROOT, 'corpus'), corpus, { recursive: true });
    const opts = { ...options('nested', corpus), db: join(corpus, 'out', 'codeframe.db'), out: join(corpus, 'out') };
    const first = await runPipeline(opts);
    const second = await runPipeline(opts);
    expect(second.documents.files).toBe(first.documents.files);
    expect(second.documents.ingested).toBe(0);
    expect(second.unlisted).toEqual([]);
  }, 120_000);
});

describe('a changed file', () => {
  it('is stored as a new version, and tables count only the current one', async () => {
    const corpus = join(tmp, 'changing-corpus');
    cpSync(join(REPO_ROOT, 'corpus'), corpus, { recursive: true });
    const opts = options('changing', corpus);
    await runPipeline(opts);
    const file = join(corpus, 'demo', readdirMd(corpus)[0]!);
    writeFileSync(file, readFileSync(file, 'utf8') + '\n\nAn added paragraph on transparency and accountability.\n');
    const second = await runPipeline(opts);
    expect(second.documents.ingested).toBe(1);
    const conn = new Database(opts.db, { readonly: true });
    const versions = conn.prepare('SELECT count(*) AS n FROM documents').get() as { n: number };
    const current = conn.prepare('SELECT count(*) AS n FROM current_documents').get() as { n: number };
    conn.close();
    expect(versions.n).toBe(current.n + 1);
  }, 120_000);
});

function readdirMd(corpus: string): string[] {
  const manifest = readFileSync(join(corpus, 'manifest.yml'), 'utf8');
  return [...manifest.matchAll(/file:\s*demo\/(\S+\.md)/g)].map((m) => m[1]!);
}

describe('--unit paragraph', () => {
  it('codes paragraphs instead of sentences, and records the unit', async () => {
    const opts = options('paragraphs', join(REPO_ROOT, 'corpus'), { unit: 'paragraph' });
    const summary = await runPipeline(opts);
    expect(summary.unit).toBe('paragraph');
    expect(summary.codings).toBeGreaterThan(20);
    const conn = new Database(opts.db, { readonly: true });
    const kinds = conn
      .prepare('SELECT DISTINCT s.kind FROM codings c JOIN segments s ON s.id = c.segment_id')
      .all()
      .map((r) => (r as { kind: string }).kind);
    const done = conn.prepare('SELECT DISTINCT unit FROM coding_done').all();
    conn.close();
    expect(kinds).toEqual(['paragraph']);
    expect(done).toEqual([{ unit: 'paragraph' }]);
  }, 120_000);
});
