// Two coders deciding at the same moment on one database file lose nothing: every decision is an
// INSERT in its own IMMEDIATE transaction, and the busy timeout makes the other writer wait.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decide, itemView } from '../../src/review/index.ts';
import { openStore } from '../../src/store/index.ts';
import { REPO_ROOT } from '../helpers/shared.ts';
import { reviewFixture, seg } from './fixture.ts';

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-review-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function writer(db: string, queue: string, coder: string, rounds: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test/review/concurrent-writer.ts'), db, queue, coder, String(rounds)], { cwd: REPO_ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(`writer ${coder} exited ${code}: ${err}`))));
  });
}

describe('concurrent coders', () => {
  it('two processes deciding at the same time: every decision is in the log', async () => {
    const db = join(tmp, 'race.db');
    const f = reviewFixture(db);
    f.store.close();
    const [a, b] = await Promise.all([writer(db, f.queue, 'ann', 6), writer(db, f.queue, 'bob', 6)]);
    // Per round: 10 suggested codes in 6 coded units + 3 uncoded units (done) + 1 undo.
    expect(a).toBe(6 * 14);
    expect(b).toBe(a);
    const store = openStore(db);
    try {
      const counts = store.db.prepare('SELECT coder, count(*) AS n FROM reviews GROUP BY coder ORDER BY coder').all();
      expect(counts).toEqual([{ coder: 'ann', n: a }, { coder: 'bob', n: b }]);
    } finally {
      store.close();
    }
  }, 120_000);

  it('two handles on one file, interleaved, each see the other and lose nothing', () => {
    const db = join(tmp, 'handles.db');
    const f = reviewFixture(db);
    const other = openStore(db);
    try {
      const item = f.item('c', 's0');
      decide(f.store, { item, coder: 'ann', action: 'accept', code: 'security' });
      decide(other, { item, coder: 'bob', action: 'reject', code: 'security' });
      decide(f.store, { item, coder: 'ann', action: 'reject', code: 'accountability' });
      decide(other, { item, coder: 'ann', action: 'undo' }); // ann's reject, written by the other handle
      decide(f.store, { item, coder: 'bob', action: 'accept', code: 'accountability' });
      const state = (coder: string) => itemView(other, item, coder).decisions.map((d) => `${d.codeId}:${d.status}`);
      expect(state('ann')).toEqual(['security:accepted']);
      expect(state('bob')).toEqual(['accountability:accepted', 'security:rejected']);
      expect(f.store.db.prepare('SELECT count(*) AS n FROM reviews WHERE segment_id = ?').get(seg('c', 's0'))).toEqual({ n: 5 });
    } finally {
      other.close();
      f.store.close();
    }
  });
});
