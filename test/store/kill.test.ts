// A run killed at any moment leaves a consistent database, and the next run finishes the job.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { REPO_ROOT } from '../helpers/shared.ts';
import { CODEBOOK_V1 } from './fixture.ts';
import { bigDoc, SENTENCES } from './kill-writer.ts';

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-kill-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it('regression: SIGKILL in the middle of storing leaves whole documents or none, and a re-run completes', async () => {
  const db = join(tmp, 'killed.db');
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test/store/kill-writer.ts'), db], { cwd: REPO_ROOT });
  let committed = 0;
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  await new Promise<void>((done, fail) => {
    child.stdout.on('data', (c: Buffer) => {
      committed += c.toString().split('\n').filter(Boolean).length;
      // Let it commit a few documents, then kill it while it is (most likely) inside the next transaction.
      if (committed >= 3) setTimeout(() => child.kill('SIGKILL'), 7);
    });
    child.on('exit', () => done());
    child.on('error', fail);
  });
  expect(stderr).toBe('');
  expect(committed).toBeGreaterThanOrEqual(3);

  const store = openStore(db);
  expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(store.db.pragma('foreign_key_check')).toEqual([]);
  // Every stored document is whole: all its segments, all its codings, marked coded.
  const perDoc = store.db
    .prepare(
      `SELECT d.sha256, (SELECT count(*) FROM segments s WHERE s.document = d.sha256) AS segments,
        (SELECT count(*) FROM codings c JOIN segments s ON s.id = c.segment_id WHERE s.document = d.sha256) AS codings,
        (SELECT count(*) FROM coding_done k WHERE k.document = d.sha256) AS done
       FROM documents d ORDER BY d.sha256`,
    )
    .all() as Array<{ segments: number; codings: number; done: number }>;
  expect(perDoc.length).toBeGreaterThanOrEqual(committed);
  for (const d of perDoc) expect(d).toMatchObject({ segments: SENTENCES + 1, codings: SENTENCES, done: 1 });

  // The next run stores what is missing and adds nothing twice.
  const run = store.startRun({ command: 'run', toolVersion: 't', codebookVersion: CODEBOOK_V1.version, options: {} });
  const total = perDoc.length + 2;
  for (let i = 1; i <= total; i++) {
    const d = bigDoc(i, run);
    if (store.findDocument(d.sha256)?.status !== 'ingested') store.storeDocument(d);
  }
  store.finishRun(run, 'completed', {});
  expect(store.db.prepare('SELECT count(*) AS n FROM segments').get()).toEqual({ n: total * (SENTENCES + 1) });
  expect(store.db.prepare('SELECT count(*) AS n FROM coding_done').get()).toEqual({ n: total });
  store.close();
});
