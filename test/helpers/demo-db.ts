// The database most report, review and interchange tests start from: `codeframe run` over the
// shipped demo corpus (corpus/) with the study codebook, built once per test file.
import { join } from 'node:path';
import { runPipeline, type PipelineSummary } from '../../src/pipeline/run.ts';
import { REPO_ROOT } from './shared.ts';

/** Ingests and codes corpus/ into `db` (tables into `out`/tables when asked); throws when a demo
 *  file failed, so a broken demo corpus shows here and not as odd counts further on. */
export async function buildDemoDb(db: string, out: string, opts: { tables?: boolean } = {}): Promise<PipelineSummary> {
  const summary = await runPipeline({
    command: 'run',
    corpus: join(REPO_ROOT, 'corpus'),
    codebook: join(REPO_ROOT, 'codebook/study.yml'),
    db,
    out,
    stages: { ingest: true, code: true, tables: opts.tables ?? false },
  });
  if (summary.failures.length > 0) throw new Error(`demo corpus: ${summary.failures.map((f) => `${f.file}: ${f.reason}`).join('; ')}`);
  return summary;
}
