// The review server's per-coder item list: served from memory while nothing it depends on changed,
// and always equal to a fresh coderItems() — after the server's own decisions, another process's
// decisions, undo, and new assignments.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assign, coderItems, createCoderItemsCache, decide } from '../../src/review/index.ts';
import { openStore } from '../../src/store/index.ts';
import { reviewFixture } from './fixture.ts';

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-item-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('createCoderItemsCache', () => {
  it('answers from memory while nothing changed, and as coderItems() after every kind of change', () => {
    const db = join(tmp, 'cache.db');
    const f = reviewFixture(db);
    const other = openStore(db); // a second process: the terminal route, another server
    try {
      const cache = createCoderItemsCache(f.store, f.queue);
      const fresh = (coder: string) => coderItems(f.store, f.queue, coder);
      const first = cache.items('ann');
      expect(first).toEqual(fresh('ann'));
      expect(cache.items('ann')).toBe(first); // unchanged: the same list, not recomputed

      // The server's own decisions, an undo among them: only those items change.
      const a0 = f.item('a', 's0');
      for (const [action, code] of [['accept', 'transparency'], ['reject', 'security'], ['undo', undefined]] as const) {
        cache.items('ann');
        const d = decide(f.store, { item: a0, coder: 'ann', action, ...(code ? { code } : {}) });
        cache.noteDecision('ann', a0, d.id);
        expect(cache.items('ann')).toEqual(fresh('ann'));
      }
      decide(f.store, { item: a0, coder: 'ann', action: 'reject', code: 'security' });
      cache.noteDecision('ann', a0, Number(f.store.db.prepare('SELECT max(id) FROM reviews').pluck().get()));
      const done = cache.items('ann').find((i) => i.id === a0)!;
      expect(done.complete).toBe(true);

      // Another process decides for ann: seen on the next use although this cache was not told.
      const c0 = f.item('c', 's0');
      decide(other, { item: c0, coder: 'ann', action: 'accept', code: 'security' });
      expect(cache.items('ann')).toEqual(fresh('ann'));
      expect(cache.items('ann').find((i) => i.id === c0)!.decided).toBe(1);

      // Another coder's decisions do not touch ann's list; new assignments do.
      const before = cache.items('ann');
      decide(other, { item: c0, coder: 'bob', action: 'reject', code: 'security' });
      expect(cache.items('ann')).toBe(before);
      expect(cache.items('bob')).toEqual(fresh('bob'));
      assign(other, f.queue, ['bob'], { perItem: 1 });
      expect(cache.items('ann')).toEqual(fresh('ann'));
      expect(cache.items('ann').length).toBeLessThan(before.length);
    } finally {
      other.close();
      f.store.close();
    }
  });
});
