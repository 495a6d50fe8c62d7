// Adjudication: the units where the coders of a queue disagree on a code (presence, or negation
// of a code they agree is there), side by side, and the adjudicator's final word with a reason.
// Adjudications are appended like decisions; the latest current one is the final coding.
import type { Store } from '../store/index.ts';
import { requireCoder } from './coders.ts';
import { ReviewError } from './errors.ts';
import { getQueue } from './queue.ts';
import { checkSpans, unitText, type Span } from './spans.ts';
import { reviewSql } from './sql.ts';

export interface CoderCoding {
  coder: string;
  present: boolean;
  /** accepted | rejected | added | respanned, or `implicit`: the coder completed the unit
   *  without deciding this code (someone else added it), which counts as not coded. */
  status: string;
  spans: Span[] | null;
  negated: boolean;
  memo: string | null;
  decisionId: number | null;
}

export interface Adjudication {
  id: number;
  adjudicator: string;
  present: boolean;
  negated: boolean;
  spans: Span[] | null;
  picked: string | null;
  reason: string;
  createdAt: string;
}

export interface Disagreement {
  itemId: number;
  position: number;
  segmentId: string;
  codeId: string;
  text: string;
  page: number;
  file: string;
  /** The rules' hits for the code in this unit (`[]`: none, a coder added it). */
  hits: string;
  coders: CoderCoding[];
  adjudication: Adjudication | null;
}

function coderCodings(store: Store, version: string, segmentId: string, codeId: string): CoderCoding[] {
  const rows = reviewSql(store.db).coderCodings.all(version, segmentId, codeId) as Array<{
    coder: string; present: number; status: string; spans: string | null; negated: number; memo: string | null; decisionId: number | null;
  }>;
  return rows.map((r) => ({
    coder: r.coder, present: r.present === 1, status: r.status, spans: r.spans ? (JSON.parse(r.spans) as Span[]) : null,
    negated: r.negated === 1, memo: r.memo, decisionId: r.decisionId,
  }));
}

function adjudicationOf(store: Store, version: string, segmentId: string, codeId: string): Adjudication | null {
  const a = reviewSql(store.db).adjudicationState.get(version, segmentId, codeId) as
    | (Omit<Adjudication, 'present' | 'negated' | 'spans'> & { present: number; negated: number; spans: string | null })
    | undefined;
  if (!a) return null;
  return { ...a, present: a.present === 1, negated: a.negated === 1, spans: a.spans ? (JSON.parse(a.spans) as Span[]) : null };
}

/** Disagreements among the coders of a queue's units (by default only unsettled ones). */
export function disagreements(store: Store, queueId: string, opts: { includeSettled?: boolean } = {}): Disagreement[] {
  const queue = getQueue(store, queueId);
  const q = reviewSql(store.db);
  const rows = q.queueDisagreements.all(queueId) as Array<{ itemId: number; position: number; segmentId: string; codeId: string; adjudicated: number }>;
  return rows
    .filter((r) => opts.includeSettled || r.adjudicated === 0)
    .map((r) => {
      const seg = q.segment.get(r.segmentId) as { text: string; page: number; file: string };
      return {
        itemId: r.itemId, position: r.position, segmentId: r.segmentId, codeId: r.codeId,
        text: seg.text, page: seg.page, file: seg.file,
        hits: q.hits.pluck().get({ segment: r.segmentId, code: r.codeId, version: queue.codebookVersion }) as string,
        coders: coderCodings(store, queue.codebookVersion, r.segmentId, r.codeId),
        adjudication: adjudicationOf(store, queue.codebookVersion, r.segmentId, r.codeId),
      };
    });
}

export interface AdjudicationInput {
  /** Queue item (the unit and the codebook version). */
  item: number;
  code: string;
  adjudicator: string;
  /** Take this coder's coding as the final one ... */
  pick?: string;
  /** ... or write it: present (required without pick), negated, spans. */
  present?: boolean;
  negated?: boolean;
  spans?: Span[];
  reason: string;
}

/** Appends an adjudication; returns its id. */
export function adjudicate(store: Store, input: AdjudicationInput): number {
  const q = reviewSql(store.db);
  requireCoder(store, input.adjudicator);
  if (!input.reason?.trim()) throw new ReviewError('Unexpected adjudication without a reason, expected `reason`');
  if (input.pick !== undefined && (input.present !== undefined || input.negated !== undefined || input.spans !== undefined)) {
    throw new ReviewError('Unexpected pick together with present/negated/spans, expected either a coder to pick or a written coding');
  }
  if (input.pick === undefined && input.present === undefined) throw new ReviewError('Unexpected adjudication without pick or present, expected one');
  return store.db.transaction((): number => {
    const item = q.item.get(input.item) as { id: number; queueId: string; segmentId: string; codebookVersion: string; start: number; end: number } | undefined;
    if (!item) throw new ReviewError(`Unexpected queue item ${input.item}, expected an item of a queue`);
    const known = (q.codes.all(item.codebookVersion) as Array<{ id: string }>).map((c) => c.id);
    if (!known.includes(input.code)) throw new ReviewError(`Unexpected code \`${input.code}\`, expected one of ${known.join(', ')}`);
    let present: boolean, negated: boolean, spans: Span[] | null;
    if (input.pick !== undefined) {
      const picked = coderCodings(store, item.codebookVersion, item.segmentId, input.code).find((c) => c.coder === input.pick);
      if (!picked) {
        throw new ReviewError(`Unexpected pick \`${input.pick}\`: no current coding of \`${input.code}\` by that coder in unit ${item.segmentId}, expected a coder who coded it`);
      }
      ({ present, negated, spans } = picked);
    } else {
      present = input.present!;
      negated = present && (input.negated ?? false);
      spans = input.spans === undefined ? null : checkSpans(input.spans, { ...item, text: unitText(store.db, item.segmentId) });
    }
    const r = q.insertAdjudication.run({
      segment: item.segmentId, code: input.code, adjudicator: input.adjudicator, present: Number(present), negated: Number(negated),
      spans: spans ? JSON.stringify(spans) : null, picked: input.pick ?? null, reason: input.reason.trim(),
      version: item.codebookVersion, basis: q.hits.pluck().get({ segment: item.segmentId, code: input.code, version: item.codebookVersion }),
      queue: item.queueId, at: new Date().toISOString(),
    });
    return Number(r.lastInsertRowid);
  }).immediate();
}
