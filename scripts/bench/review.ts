// Measure 5: review and tables at scale (1 M segments, 5 M codings; next queue item and a
// decision over HTTP p95 ≤ 20 ms, `codeframe tables` ≤ 2 s). It needs the review server
// (src/review/server) committed; until then it is reported as skipped, with the reason.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, type BenchContext, type MeasureResult } from './lib.ts';

export async function measureReview(_ctx: BenchContext): Promise<MeasureResult> {
  const server = join(REPO_ROOT, 'src/review/server');
  const tracked = spawnSync('git', ['ls-files', '--', 'src/review/server'], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout?.trim();
  const skipped = !existsSync(server)
    ? 'review server not built yet (src/review/server does not exist)'
    : !tracked
      ? 'review server not committed yet (src/review/server is work in progress)'
      : 'review server exists but this measure is not written yet';
  return { id: 'review', title: 'Review and tables at scale', rows: [], details: {}, notes: [], skipped };
}
