// Every queue of a database with its size and its coders, for `codeframe queue list` and for
// picking a default queue in `codeframe review --cli`. (Added beside queue.ts, which has no list.)
import type { Store, Unit } from '../store/index.ts';

export interface QueueSummary {
  id: string;
  name: string;
  codebookVersion: string;
  unit: Unit;
  runId: number | null;
  items: number;
  /** Coders with an assignment in the queue (empty: every item is open to every coder). */
  assigned: string[];
  createdAt: string;
}

/** Queues, newest first (ties by id). */
export function listQueues(store: Store): QueueSummary[] {
  const rows = store.db
    .prepare(
      `SELECT q.id, q.name, q.codebook_version AS codebookVersion, q.unit, q.run_id AS runId, q.created_at AS createdAt,
              (SELECT count(*) FROM queue_items qi WHERE qi.queue_id = q.id) AS items,
              (SELECT group_concat(coder, ',') FROM (SELECT DISTINCT a.coder FROM assignments a JOIN queue_items qi ON qi.id = a.item_id
                 WHERE qi.queue_id = q.id ORDER BY a.coder)) AS assigned
       FROM queues q ORDER BY q.created_at DESC, q.id`,
    )
    .all() as Array<Omit<QueueSummary, 'assigned'> & { assigned: string | null }>;
  return rows.map((r) => ({ ...r, assigned: r.assigned ? r.assigned.split(',') : [] }));
}
