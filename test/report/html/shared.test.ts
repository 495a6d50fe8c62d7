// The report on ../shared/corpus (19 real policy documents in 5 languages and 4 formats, some of
// which cannot be read): every document in the manifest table, failures with their reason.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../../src/pipeline/run.ts';
import { writeReport } from '../../../src/report/html/index.ts';
import { openStore } from '../../../src/store/index.ts';
import { needShared, REPO_ROOT, shared } from '../../helpers/shared.ts';
import { selfContainedProblems } from './check.ts';

describe.runIf(needShared('the report on ../shared/corpus'))('the report on ../shared/corpus', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'codeframe-report-shared-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  let html = '';

  beforeAll(async () => {
    const db = join(tmp, 'codeframe.db');
    await runPipeline({
      command: 'run',
      corpus: shared('corpus'),
      codebook: join(REPO_ROOT, 'codebook/study.yml'),
      db,
      out: tmp,
      stages: { ingest: true, code: true, tables: false },
    });
    const store = openStore(db);
    try {
      await writeReport(store, tmp, { bootstrap: 200 });
    } finally {
      store.close();
    }
    html = readFileSync(join(tmp, 'report', 'index.html'), 'utf8');
  }, 180_000);

  it('lists the 19 documents in the manifest table, each with its sha256 and status', () => {
    const manifest = html.slice(html.indexOf('<section id="manifest">'));
    const table = manifest.slice(manifest.indexOf('<h3>Documents</h3>'));
    const rows = [...table.matchAll(/<tr><td><code>([^<]+)<\/code><\/td><td class="sha">([0-9a-f]{64})<\/td><td class="n">[\d,]+<\/td><td>[a-z]*<\/td><td>(ingested|failed)/g)];
    expect(rows).toHaveLength(19);
    expect(new Set(rows.map((r) => r[1])).size).toBe(19);
    expect(rows.map((r) => r[1])).toContain('JP_2019_AI-Strategy-2019_ENCRYPTED-owner-pw.pdf');
    const counted = rows.filter((r) => r[3] === 'ingested').length;
    expect(html).toContain(`<dt>Documents counted</dt><dd>${counted}</dd>`);
  });

  it('has the comparison, co-occurrence, timeline and plots, self-contained', () => {
    for (const id of ['method', 'codes', 'principles', 'tests', 'cooccurrence', 'timeline', 'documents', 'manifest']) expect(html).toContain(`<section id="${id}">`);
    expect(html.match(/<svg\b/g)).toHaveLength(4);
    expect(selfContainedProblems(html)).toEqual([]);
  });
});
