// End to end on the shipped demo corpus: the pipeline into a temporary folder, then the report as
// `codeframe report` writes it. Checks every section, the plots' marks against the data, the
// tables against tables.ts, that the page is self-contained, deterministic and escapes what it shows.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { reportCommand } from '../../../src/cli/commands/report.ts';
import { UsageError } from '../../../src/cli/errors.ts';
import { buildDemoDb } from '../../helpers/demo-db.ts';
import { buildReport, writeReport } from '../../../src/report/html/index.ts';
import { countMarks, HEATMAP_MARKS, BAR_MARKS, POINT_MARKS } from '../../../src/report/plots/index.ts';
import { buildTables } from '../../../src/report/tables.ts';
import { openStore, type Store } from '../../../src/store/index.ts';
import { selfContainedProblems } from './check.ts';

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-report-'));
const db = join(tmp, 'codeframe.db');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SECTIONS = ['method', 'codes', 'principles', 'tests', 'cooccurrence', 'timeline', 'documents', 'manifest'];
const BOOT = { bootstrap: 200 };

async function withStore<T>(fn: (store: Store) => Promise<T> | T): Promise<T> {
  const store = openStore(db);
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    return { code: await fn(), out };
  } finally {
    spy.mockRestore();
  }
}

describe('the report on the demo corpus', () => {
  beforeAll(async () => {
    await buildDemoDb(db, tmp);
  });

  it('`codeframe report` writes out/report/index.html with every section and each plot as an SVG file', async () => {
    const out = join(tmp, 'out');
    const { code, out: printed } = await capture(() => reportCommand({ db, out, codings: 'auto', bootstrap: 200 }));
    expect(code).toBe(0);
    const dir = join(out, 'report');
    expect(readdirSync(dir).sort()).toEqual(['code-by-actor-group.svg', 'cooccurrence.svg', 'index.html', 'principle-rates.svg', 'timeline.svg']);
    expect(printed).toContain(join(dir, 'index.html'));
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    for (const id of SECTIONS) expect(html, id).toContain(`<section id="${id}">`);
    // Each plot inline, and the same bytes as its file.
    for (const name of ['code-by-actor-group', 'principle-rates', 'cooccurrence', 'timeline']) {
      expect(html).toContain(readFileSync(join(dir, `${name}.svg`), 'utf8'));
    }
    expect(html.match(/<svg\b/g)).toHaveLength(4);
  });

  it('is self-contained: no script, no external URL, only links inside the page', async () => {
    const { html } = await withStore((s) => buildReport(s, BOOT));
    expect(selfContainedProblems(html)).toEqual([]);
    expect(html).toContain('<style>');
    expect(html).toContain('href="#manifest"');
  });

  it('the check itself catches what it should (it can fail)', () => {
    const problems = selfContainedProblems('<p><script>x</script><img src="https://e.org/a.png"><a href="http://e.org">x</a></p>');
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      '<script>', 'src/href to another host', 'embedded resource', 'link not inside the page', 'link not inside the page',
    ]);
    expect(selfContainedProblems('<style>@import url(//cdn.example/x.css)</style>').length).toBeGreaterThan(0);
  });

  it('draws one heatmap cell per code × actor group, one bar per principle × group, one point per principle × year', async () => {
    const r = await withStore((s) => buildReport(s, BOOT));
    const svg = (name: string) => r.plots.find((p) => p.name === name)!.svg;
    const codes = r.data.data.codes.length;
    const groups = r.data.groups.length;
    expect(codes).toBe(12);
    expect(r.data.groups).toEqual(['major_power', 'global_south', 'multilateral', 'ukraine']);
    expect(countMarks(svg('code-by-actor-group'), HEATMAP_MARKS)).toBe(codes * groups);
    expect(countMarks(svg('cooccurrence'), HEATMAP_MARKS)).toBe(codes * codes);
    expect(countMarks(svg('principle-rates'), BAR_MARKS)).toBe(3 * groups);
    const years = new Set(r.data.data.documents.map((d) => d.date!.slice(0, 4))).size;
    expect(countMarks(svg('timeline'), POINT_MARKS)).toBe(3 * years);
  });

  it('counts what tables.ts counts (codings auto): units coded per code and actor group', async () => {
    await withStore(async (s) => {
      const r = await buildReport(s, { codings: 'auto', ...BOOT });
      const csv = buildTables(s, {}).tables.find((t) => t.name === 'code_by_actor_group')!.csv;
      const rows = parse(csv, { columns: true }) as Record<string, string>[];
      expect(rows.length).toBe(r.data.codeGroups.length);
      for (const row of rows) {
        const cell = r.data.codeGroups.find((c) => c.code === row.code_id && c.actorGroup === row.actor_group)!;
        expect([cell.unitsCoded, cell.documentsCoded, cell.documents], `${row.code_id} ${row.actor_group}`).toEqual([
          Number(row.units_coded), Number(row.documents_coded), Number(row.documents),
        ]);
      }
    });
  });

  it('states the method from the data and lists every document with its sha256 in the manifest', async () => {
    const r = await withStore((s) => buildReport(s, { codings: 'auto', ...BOOT }));
    const method = r.html.slice(r.html.indexOf('<section id="method">'), r.html.indexOf('<section id="codes">'));
    expect(method).toContain('<strong>8 documents</strong> (by actor group: major_power 3, global_south 2, multilateral 2, ukraine 1)');
    expect(method).toContain('dated 2018-06 to 2024-10-24');
    expect(method).toContain(`version <code>${r.data.codebook.version}</code>, at the sentence level`);
    expect(method).toContain('Codings: auto (the rules alone)');
    expect(method).toContain('95% percentile bootstrap intervals from 200 resamples');
    const manifest = r.html.slice(r.html.indexOf('<section id="manifest">'));
    expect(r.data.manifest).toHaveLength(8);
    for (const d of r.data.manifest) {
      expect(manifest).toContain(d.sha256);
      expect(manifest).toContain(`<code>${d.file}</code>`);
    }
    expect(manifest).toContain('<td>completed</td>');
    expect(r.data.corpusHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('says which codings count, in the page and in the header of the tables', async () => {
    const auto = await withStore((s) => buildReport(s, { codings: 'auto', ...BOOT }));
    const final = await withStore((s) => buildReport(s, { codings: 'final', ...BOOT }));
    expect(auto.html).toContain('<dt>Codings</dt><dd>auto</dd>');
    expect(final.html).toContain('<dt>Codings</dt><dd>final</dd>');
    expect(final.html).toContain('Codings: final (adjudicated where adjudicated');
  });

  it('is deterministic: the same database gives the same bytes, in one process and across writes', async () => {
    const a = await withStore((s) => writeReport(s, join(tmp, 'det-a'), BOOT));
    const b = await withStore((s) => writeReport(s, join(tmp, 'det-b'), BOOT));
    expect(a.files.length).toBe(5);
    for (const f of a.files) {
      const g = f.replace('det-a', 'det-b');
      expect(readFileSync(g, 'utf8'), f).toBe(readFileSync(f, 'utf8'));
    }
    expect(b.report.html).toBe(a.report.html);
    // Ids unique across the plots of the page (vega numbers them process-wide).
    const ids = [...a.report.html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('refuses a bad --codings, an unknown codebook version and a missing database as usage errors', async () => {
    await expect(reportCommand({ db, out: tmp, codings: 'coder:x' })).rejects.toThrow(UsageError);
    await expect(capture(() => reportCommand({ db, out: tmp, codebookVersion: 'nope' }))).rejects.toThrow(/Unexpected codebook version `nope`/);
    await expect(reportCommand({ db: join(tmp, 'none.db'), out: tmp })).rejects.toThrow(/no database/);
    expect(existsSync(join(tmp, 'none.db'))).toBe(false);
  });

  // Last: it changes the database.
  it('escapes titles and actor groups from the manifest (a title with <script> and &)', async () => {
    await withStore((s) => {
      const doc = s.db.prepare("SELECT * FROM documents WHERE file LIKE '%eu-ai-act%'").get() as Record<string, string | null>;
      const meta = { title: '<script>alert("x")</script> & "co"', issuer: doc.issuer, actor_group: '<b>bold</b>&', country: doc.country, date: doc.date, doc_type: doc.doc_type, language: doc.language, source_url: doc.source_url };
      expect(s.updateMeta(doc.sha256!, meta)).toBe(true);
    });
    const r = await withStore((s) => buildReport(s, BOOT));
    expect(r.html).not.toMatch(/<script/i);
    expect(r.html).not.toContain('<b>bold');
    expect(r.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;co&quot;');
    expect(r.html).toContain('&lt;b&gt;bold&lt;/b&gt;&amp;');
    // In the plots too (vega writes the actor group as an axis label).
    expect(r.plots.find((p) => p.name === 'code-by-actor-group')!.svg).toContain('&lt;b&gt;bold&lt;/b&gt;&amp;');
    expect(selfContainedProblems(r.html)).toEqual([]);
  });
});
