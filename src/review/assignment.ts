// Who codes what. An item assigned to nobody is open to every coder; an item assigned to coders
// is served to them alone. Assigning an item to two or more coders makes it blind double coding:
// nextItem() shows each of them only their own decisions.
import type { Store } from '../store/index.ts';
import { requireCoder } from './coders.ts';
import { quote, ReviewError } from './errors.ts';
import { getQueue } from './queue.ts';
import { reviewSql } from './sql.ts';

/** Assigns every item of a queue to `perItem` of the coders (default: all of them), rotating
 *  through the list so the load is even and the result depends only on the order of `coders`.
 *  Returns the number of new assignments. */
export function assign(store: Store, queueId: string, coders: string[], opts: { perItem?: number } = {}): number {
  getQueue(store, queueId);
  if (coders.length === 0 || new Set(coders).size !== coders.length) {
    throw new ReviewError(`Unexpected coders ${quote(coders)}, expected a non-empty list of distinct coders`);
  }
  for (const c of coders) requireCoder(store, c);
  const perItem = opts.perItem ?? coders.length;
  if (!Number.isInteger(perItem) || perItem < 1 || perItem > coders.length) {
    throw new ReviewError(`Unexpected perItem ${perItem}, expected an integer from 1 to ${coders.length} (the number of coders)`);
  }
  const q = reviewSql(store.db);
  const at = new Date().toISOString();
  return store.db.transaction(() => {
    let added = 0;
    for (const item of q.items.all(queueId) as Array<{ id: number; position: number }>) {
      for (let j = 0; j < perItem; j++) added += q.assign.run(item.id, coders[(item.position * perItem + j) % coders.length]!, at).changes;
    }
    return added;
  }).immediate();
}

/** Assigns one item to the given coders. */
export function assignItem(store: Store, itemId: number, coders: string[]): void {
  const q = reviewSql(store.db);
  if (!q.item.get(itemId)) throw new ReviewError(`Unexpected queue item ${itemId}, expected an item of a queue`);
  for (const c of coders) requireCoder(store, c);
  const at = new Date().toISOString();
  store.db.transaction(() => {
    for (const c of coders) q.assign.run(itemId, c, at);
  })();
}

export interface ItemStatus {
  id: number;
  position: number;
  segmentId: string;
  suggestions: number;
  decided: number;
  markedDone: boolean;
  complete: boolean;
}

/** The items `coder` is to code in a queue, in order, each with whether the coder completed it
 *  for the queue's codebook version: every suggestion decided (decisions carried forward count),
 *  and for a unit without suggestions, a `done` mark. */
export function coderItems(store: Store, queueId: string, coder: string): ItemStatus[] {
  const queue = getQueue(store, queueId);
  return (reviewSql(store.db).coderItems.all({ queue: queueId, coder, version: queue.codebookVersion }) as ItemRow[]).map(status);
}

/** One item of coderItems(), or null when it is not in the queue or not the coder's to code:
 *  the same answer for one item without computing the whole queue (a request needs one). */
export function coderItem(store: Store, queueId: string, coder: string, itemId: number): ItemStatus | null {
  const queue = getQueue(store, queueId);
  const row = reviewSql(store.db).coderItem.get({ queue: queueId, coder, version: queue.codebookVersion, item: itemId }) as ItemRow | undefined;
  return row ? status(row) : null;
}

type ItemRow = Omit<ItemStatus, 'complete' | 'markedDone'> & { markedDone: number };

const status = (r: ItemRow): ItemStatus => ({
  ...r,
  markedDone: r.markedDone === 1,
  complete: r.decided === r.suggestions && (r.suggestions > 0 || r.markedDone === 1),
});

export interface CoderProgress {
  coder: string;
  items: number;
  complete: number;
  remaining: number;
}

/** Per coder (assigned in the queue, or who decided on one of its units): items to code, done. */
export function progress(store: Store, queueId: string): CoderProgress[] {
  getQueue(store, queueId);
  const coders = reviewSql(store.db).queueCoders.pluck().all({ queue: queueId }) as string[];
  return coders.map((coder) => {
    const items = coderItems(store, queueId, coder);
    const complete = items.filter((i) => i.complete).length;
    return { coder, items: items.length, complete, remaining: items.length - complete };
  });
}
