// The review side of codeframe: queues of units for coders, append-only decisions, blind double
// coding, adjudication, the final codings tables use, and carry-forward across codebook versions.
// Synchronous, one transaction per decision; safe for several connections on one WAL database.
export { ReviewError } from './errors.ts';
export { createCoder, listCoders, type Coder } from './coders.ts';
export { buildQueue, getQueue, queueItems, resolveSpec, type Queue, type QueueItem, type QueueSpec, type ResolvedSpec, type Stratum } from './queue.ts';
export { assign, assignItem, coderItem, coderItems, progress, type CoderProgress, type ItemStatus } from './assignment.ts';
export { createCoderItemsCache, type CoderItemsCache } from './item-cache.ts';
export { itemAt, itemView, nextItem, type Hit, type ItemView, type OwnDecision, type SuggestionView } from './state.ts';
export { ACTIONS, decide, UNIT_CODE, type Action, type Decision, type DecisionInput } from './decisions.ts';
export { adjudicate, disagreements, type Adjudication, type AdjudicationInput, type CoderCoding, type Disagreement } from './adjudication.ts';
export { finalCodings, type FinalCoding } from './final.ts';
export { requeue } from './carry-forward.ts';
export { diffRuns, type DiffHit, type RunDiff } from './diff.ts';
export { checkSpans, type Span } from './spans.ts';
