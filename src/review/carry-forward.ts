// Carry-forward: when the codebook changes and the corpus is re-coded, every decision stays in
// the log, attached to its segment (segment ids do not depend on the codebook). A decision is
// current for a codebook version when the suggestion it answered is unchanged there:
//
//   suggestion identity = (segment_id, code_id, and the set of its hits' (rule_id, spans))
//
// (v_suggestions.hits; recorded with each decision as reviews.basis). So a decision on a code
// whose hits are the same in the new version keeps counting; a code with a new, dropped or
// re-spanned hit (or a renamed rule) needs a new decision and its unit is back in the queue; an
// added code (basis `[]`) stays current while no rule suggests it. Nothing is deleted: a stale
// decision is still shown to its coder, marked not current.
import type { Store } from '../store/index.ts';
import { ReviewError } from './errors.ts';
import { getQueue, resolveSpec, writeQueue, type QueueSpec } from './queue.ts';
import { reviewSql } from './sql.ts';

/** A new queue for the codings of `run`: the units of the old queue first (in their order; units
 *  of documents no longer current are dropped), then the units the old spec selects in the new
 *  version. Assignments are copied per unit. Returns the new queue's id (same inputs, same id). */
export function requeue(store: Store, queueId: string, run: number): string {
  const old = getQueue(store, queueId);
  const q = reviewSql(store.db);
  const { codebookVersion: _v, run: _r, from: _f, sample, ...rest } = old.spec;
  const spec: QueueSpec = { ...rest, run, sample: sample ?? undefined };
  const resolved = { ...resolveSpec(store, spec), from: queueId };
  if (resolved.unit !== old.unit) {
    throw new ReviewError(`Unexpected run ${run} coded at the ${resolved.unit} level, expected the queue's unit (${old.unit})`);
  }
  const current = new Set(
    (q.candidates.all({ version: resolved.codebookVersion, unit: resolved.unit }) as Array<{ id: string }>).map((c) => c.id),
  );
  const items = q.items.all(queueId) as Array<{ id: number; segmentId: string; stratum: string | null }>;
  const kept = items.filter((i) => current.has(i.segmentId));
  const id = writeQueue(store, resolved, kept.map((i) => ({ segmentId: i.segmentId, stratum: i.stratum })));
  const at = new Date().toISOString();
  store.db.transaction(() => {
    const bySegment = new Map((q.items.all(id) as Array<{ id: number; segmentId: string }>).map((i) => [i.segmentId, i.id]));
    for (const i of kept) {
      for (const coder of q.assignees.pluck().all(i.id) as string[]) q.assign.run(bySegment.get(i.segmentId)!, coder, at);
    }
  }).immediate();
  return id;
}
