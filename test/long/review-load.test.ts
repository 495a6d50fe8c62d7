// Concurrent coders at full size (issue 6, item 3): 8 coders × 500 decisions at once against one
// `codeframe review` process — 4,000 decisions, all acknowledged, all in `reviews` as made, no
// SQLITE_BUSY. The scenario is test/review/server/load.ts; `npm test` runs it at 8 × 30.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import type { ReviewChild } from '../review/server/child.ts';
import { loadDatabase, runCoders } from '../review/server/load.ts';

describe('8 concurrent coders against `codeframe review`', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'codeframe-review-load-'));
  let server: ReviewChild | null = null;
  afterAll(async () => {
    await server?.kill9();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('8 coders × 500 decisions at once: 4,000 decisions recorded, each as its coder made it, no errors', async () => {
    const { db, queue } = loadDatabase(tmp, 500);
    await runCoders(db, queue, 500, (s) => (server = s));
  });
});
