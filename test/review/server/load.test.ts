// Concurrent coders against `codeframe review` as a child process, at 8 × 30 decisions (the full
// 8 × 500 is test/long/review-load.test.ts), and the defect that load found: every request of the
// server recomputed the suggestions of the whole database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reviewSql } from '../../../src/review/sql.ts';
import { openStore } from '../../../src/store/index.ts';
import type { ReviewChild } from './child.ts';
import { loadDatabase, runCoders } from './load.ts';

describe('concurrent coders against `codeframe review`', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'codeframe-review-load-'));
  let server: ReviewChild | null = null;
  let fixture: { db: string; queue: string } | null = null;
  afterAll(async () => {
    await server?.kill9();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('8 coders × 30 decisions at once: 240 decisions recorded, each as its coder made it, no errors', async () => {
    fixture = loadDatabase(tmp, 30);
    await runCoders(fixture.db, fixture.queue, 30, (s) => (server = s));
  });

  // 8 × 500 decisions took over 10 minutes: each decision cost about a second, because every
  // lookup of a unit's suggestions went through v_suggestions, which SQLite aggregates over every
  // coding of the database before filtering, and one request made three such passes over the queue.
  it.each(['coderItems', 'coderItem', 'hits'] as const)('regression: %s reads codings through the index of one unit, never a scan of all codings', (name) => {
    const store = openStore(fixture!.db, { readonly: true });
    try {
      const stmt = reviewSql(store.db)[name];
      const plan = (store.db.prepare(`EXPLAIN QUERY PLAN ${stmt.source}`).all({ queue: fixture!.queue, coder: 'c1', version: 'v', item: 1, segment: 's', code: 'alpha' }) as Array<{ detail: string }>)
        .map((r) => r.detail);
      expect(plan.join('\n')).not.toMatch(/SCAN (codings|c\b|v_suggestions)/);
      expect(plan.join('\n')).toMatch(/SEARCH \w+ USING (COVERING )?INDEX sqlite_autoindex_codings_1 \(segment_id=\?/);
    } finally {
      store.close();
    }
  });
});
