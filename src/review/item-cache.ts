// A coder's item list (coderItems: every item of the queue with its completion) kept between
// requests of the review server. Computing it reads every unit of the queue (40–80 ms for 2,000
// units on a 1 M-segment database; scripts/bench/review.ts), and each request needs it for the
// navigation and the progress bar. The list depends only on the coder's own decisions and on the
// assignments (the queue's units and the codings of its version do not change), so it stays valid
// while the coder's latest decision id and the number of assignments stay the same; both are
// checked on every use (a few index probes), so a decision written by another process (the terminal
// route, a second server) is never missed. After a decision this server wrote itself, only that
// item is computed again.
import type { Store } from '../store/index.ts';
import { coderItem, coderItems, type ItemStatus } from './assignment.ts';

interface Entry {
  items: ItemStatus[];
  lastReview: number;
  assignments: number;
  /** Decisions this server recorded since `lastReview`: decision id → item id. */
  own: Map<number, number>;
}

export interface CoderItemsCache {
  /** coderItems(store, queue, coder), from the cache when nothing it depends on changed. */
  items(coder: string): ItemStatus[];
  /** Tells the cache that `decisionId` (on `itemId`) was written by this process. */
  noteDecision(coder: string, itemId: number, decisionId: number): void;
}

export function createCoderItemsCache(store: Store, queueId: string): CoderItemsCache {
  const entries = new Map<string, Entry>();
  const lastReview = store.db.prepare(`SELECT coalesce(max(id), 0) FROM reviews WHERE coder = ?`).pluck();
  const newer = store.db.prepare(`SELECT id FROM reviews WHERE coder = ? AND id > ? ORDER BY id`).pluck();
  const assignments = store.db.prepare(`SELECT count(*) FROM assignments`).pluck();

  const fresh = (coder: string): Entry => {
    // Read the stamps first: a decision written while the list is computed makes the next use recompute.
    const entry: Entry = { lastReview: lastReview.get(coder) as number, assignments: assignments.get() as number, items: [], own: new Map() };
    entry.items = coderItems(store, queueId, coder);
    entries.set(coder, entry);
    return entry;
  };

  return {
    items(coder) {
      const e = entries.get(coder);
      if (!e || (assignments.get() as number) !== e.assignments) return fresh(coder).items;
      const ids = newer.all(coder, e.lastReview) as number[];
      if (ids.length === 0) return e.items;
      if (!ids.every((id) => e.own.has(id))) return fresh(coder).items;
      for (const itemId of new Set(ids.map((id) => e.own.get(id)!))) {
        const k = e.items.findIndex((i) => i.id === itemId);
        const status = coderItem(store, queueId, coder, itemId);
        if (k < 0 || !status) return fresh(coder).items;
        e.items[k] = status;
      }
      e.lastReview = ids[ids.length - 1]!;
      e.own.clear();
      return e.items;
    },
    noteDecision(coder, itemId, decisionId) {
      entries.get(coder)?.own.set(decisionId, itemId);
    },
  };
}
