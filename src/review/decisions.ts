// A coder's decisions: appended to the `reviews` log, one transaction each, never changed. The
// current state is derived (v_review_state); undo is one more decision that names the one it
// cancels. Each decision records the suggestion it answers: coding id, rule id, codebook version,
// and the suggestion's identity (`basis`: the hits of that code in that unit), which is what
// carries it forward to a later codebook version (see carry-forward.ts).
import type { Store } from '../store/index.ts';
import { requireCoder } from './coders.ts';
import { ReviewError } from './errors.ts';
import { checkSpans, unitText, type Span } from './spans.ts';
import { reviewSql } from './sql.ts';

export type Action = 'accept' | 'reject' | 'add' | 'respan' | 'negate' | 'memo' | 'done' | 'undo';

export const ACTIONS: readonly Action[] = ['accept', 'reject', 'add', 'respan', 'negate', 'memo', 'done', 'undo'];

/** The code a unit-level decision (done, a memo on the unit) is filed under. */
export const UNIT_CODE = '*';

export interface DecisionInput {
  /** Queue item (queue_items.id): the unit, and the codebook version the coder sees. */
  item: number;
  coder: string;
  action: Action;
  /** Required for accept, reject, add, respan, negate; optional for memo and undo (the unit). */
  code?: string;
  /** add (optional: default the whole unit) and respan (required). */
  spans?: Span[];
  /** memo: the text. */
  memo?: string;
  /** negate: true (default) marks the code negated, false unmarks it. */
  negated?: boolean;
  /** The coding answered (accept, reject, respan, negate); default: the first coding of the code in the unit. */
  answers?: number;
}

export interface Decision {
  id: number;
  action: Action;
  code: string;
  /** For undo: the decision it cancels. */
  undoes: number | null;
}

interface ItemRow { id: number; queueId: string; segmentId: string; codebookVersion: string; start: number; end: number }

const NEEDS_CODE: ReadonlySet<Action> = new Set(['accept', 'reject', 'add', 'respan', 'negate']);

/** Appends one decision (one IMMEDIATE transaction: checks and write see the same database). */
export function decide(store: Store, input: DecisionInput): Decision {
  const q = reviewSql(store.db);
  if (!ACTIONS.includes(input.action)) {
    throw new ReviewError(`Unexpected action \`${String(input.action)}\`, expected one of ${ACTIONS.join(', ')}`);
  }
  requireCoder(store, input.coder);
  const { action } = input;
  if (NEEDS_CODE.has(action) && !input.code) throw new ReviewError(`Unexpected ${action} without a code, expected \`code\``);
  if (action === 'done' && input.code) throw new ReviewError('Unexpected code on `done`, expected none: done marks the whole unit');
  if (input.spans !== undefined && action !== 'add' && action !== 'respan') {
    throw new ReviewError(`Unexpected spans on ${action}, expected spans only with add or respan`);
  }
  if (action === 'respan' && input.spans === undefined) throw new ReviewError('Unexpected respan without spans, expected `spans`');
  if (input.memo !== undefined && action !== 'memo') throw new ReviewError(`Unexpected memo on ${action}, expected a separate memo decision`);
  if (action === 'memo' && !input.memo?.trim()) throw new ReviewError('Unexpected empty memo, expected some text');
  if (input.negated !== undefined && action !== 'negate') throw new ReviewError(`Unexpected negated on ${action}, expected it only with negate`);
  if (input.answers !== undefined && !['accept', 'reject', 'respan', 'negate'].includes(action)) {
    throw new ReviewError(`Unexpected answers on ${action}, expected it only with accept, reject, respan or negate`);
  }

  return store.db.transaction((): Decision => {
    const item = q.item.get(input.item) as ItemRow | undefined;
    if (!item) throw new ReviewError(`Unexpected queue item ${input.item}, expected an item of a queue`);
    const assigned = q.assignees.pluck().all(item.id) as string[];
    if (assigned.length > 0 && !assigned.includes(input.coder)) {
      throw new ReviewError(`Unexpected coder \`${input.coder}\` for queue item ${item.id}, expected one of the assigned coders: ${assigned.join(', ')}`);
    }
    const at = new Date().toISOString();
    const base = { segment: item.segmentId, coder: input.coder, action, at, version: item.codebookVersion, item: item.id };

    if (action === 'undo') {
      const target = q.undoTarget.get({ segment: item.segmentId, coder: input.coder, code: input.code ?? null }) as
        | { id: number; codeId: string } | undefined;
      if (!target) {
        throw new ReviewError(`Unexpected undo: coder \`${input.coder}\` has no decision${input.code ? ` on \`${input.code}\`` : ''} left to undo in unit ${item.segmentId}`);
      }
      const r = q.insertReview.run({ ...base, code: target.codeId, codingId: null, spans: null, memo: null, ruleId: null, undoes: target.id, negated: null, basis: null });
      return { id: Number(r.lastInsertRowid), action, code: target.codeId, undoes: target.id };
    }

    const code = input.code ?? UNIT_CODE;
    if (code !== UNIT_CODE) {
      const known = (q.codes.all(item.codebookVersion) as Array<{ id: string }>).map((c) => c.id);
      if (!known.includes(code)) {
        throw new ReviewError(`Unexpected code \`${code}\`, expected a code of codebook version ${item.codebookVersion}: ${known.join(', ')}`);
      }
    }
    const basis = code === UNIT_CODE ? null : (q.hits.pluck().get({ segment: item.segmentId, code, version: item.codebookVersion }) as string);
    const suggested = basis !== null && basis !== '[]';
    if ((action === 'accept' || action === 'reject') && !suggested) {
      throw new ReviewError(`Unexpected ${action} of \`${code}\` in unit ${item.segmentId}, expected a suggested code (use add for a code the rules missed)`);
    }
    let coding: { id: number; ruleId: string } | null = null;
    if (suggested && action !== 'add' && action !== 'memo') {
      const answers = input.answers ?? firstCoding(q, item, code);
      const c = q.coding.get(answers) as { id: number; segmentId: string; codeId: string; ruleId: string; codebookVersion: string } | undefined;
      if (!c || c.segmentId !== item.segmentId || c.codeId !== code || c.codebookVersion !== item.codebookVersion) {
        throw new ReviewError(`Unexpected answers ${answers}, expected the id of a coding of \`${code}\` in unit ${item.segmentId} (version ${item.codebookVersion})`);
      }
      coding = { id: c.id, ruleId: c.ruleId };
    }
    if (action === 'add' && suggested) {
      throw new ReviewError(`Unexpected add of \`${code}\` in unit ${item.segmentId}: the rules suggest it, expected accept (or respan to change its spans)`);
    }
    const spans = input.spans === undefined ? null : JSON.stringify(checkSpans(input.spans, { ...item, text: unitText(store.db, item.segmentId) }));
    const r = q.insertReview.run({
      ...base, code, codingId: coding?.id ?? null, ruleId: coding?.ruleId ?? null, spans,
      memo: action === 'memo' ? input.memo!.trim() : null,
      undoes: null, negated: action === 'negate' ? Number(input.negated ?? true) : null, basis,
    });
    return { id: Number(r.lastInsertRowid), action, code, undoes: null };
  }).immediate();
}

function firstCoding(q: ReturnType<typeof reviewSql>, item: ItemRow, code: string): number {
  const rows = q.suggestions.all(item.segmentId, item.codebookVersion) as Array<{ codingId: number; codeId: string }>;
  return rows.filter((r) => r.codeId === code).map((r) => r.codingId).sort((a, b) => a - b)[0]!;
}
