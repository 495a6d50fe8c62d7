// What a coder sees of one unit: the text with its context (previous/next unit, document title,
// actor group, page), the rules' suggestions (codes with their matched spans and rule ids), and
// this coder's own current decisions, never another coder's (blind double coding).
import type { Store } from '../store/index.ts';
import { coderItem, coderItems } from './assignment.ts';
import { requireCoder } from './coders.ts';
import { ReviewError } from './errors.ts';
import { getQueue } from './queue.ts';
import type { Span } from './spans.ts';
import { reviewSql } from './sql.ts';

export interface Hit {
  codingId: number;
  ruleId: string;
  spans: Span[];
  negated: boolean;
}

export interface SuggestionView {
  codeId: string;
  label: string;
  group: string;
  definition: string;
  hits: Hit[];
  /** Every hit is negated (the rules' negation flag for the code). */
  negated: boolean;
  /** The suggestion's identity across codebook versions (v_suggestions.hits). */
  identity: string;
}

export interface OwnDecision {
  codeId: string;
  status: 'accepted' | 'rejected' | 'added' | 'respanned' | null;
  present: boolean | null;
  spans: Span[] | null;
  negated: boolean | null;
  memo: string | null;
  decisionId: number | null;
  /** False when the decision answered a suggestion that has changed in this codebook version
   *  (shown for the record; the code needs a new decision). */
  current: boolean;
}

export interface ItemView {
  queueId: string;
  itemId: number;
  position: number;
  total: number;
  codebookVersion: string;
  unit: { segmentId: string; kind: string; start: number; end: number; page: number; text: string };
  context: { previous: string | null; next: string | null };
  document: {
    sha256: string; file: string; title: string | null; issuer: string | null; actorGroup: string | null;
    country: string | null; date: string | null; docType: string | null; language: string | null;
  };
  suggestions: SuggestionView[];
  decisions: OwnDecision[];
  unitMemos: string[];
  done: boolean;
  complete: boolean;
  assignedTo: string[];
}

/** The first item of the queue (after position `after`, if given) that `coder` has not
 *  completed, or null when there is none. */
export function nextItem(store: Store, queueId: string, coder: string, opts: { after?: number } = {}): ItemView | null {
  requireCoder(store, coder);
  const next = coderItems(store, queueId, coder).find((i) => !i.complete && i.position > (opts.after ?? -1));
  return next ? itemView(store, next.id, coder) : null;
}

/** Item at a position (for previous/next navigation), whether complete or not. */
export function itemAt(store: Store, queueId: string, position: number, coder: string): ItemView | null {
  const id = reviewSql(store.db).itemAt.pluck().get(queueId, position) as number | undefined;
  return id === undefined ? null : itemView(store, id, coder);
}

export function itemView(store: Store, itemId: number, coder: string): ItemView {
  requireCoder(store, coder);
  const q = reviewSql(store.db);
  const item = q.item.get(itemId) as { id: number; queueId: string; segmentId: string; position: number; codebookVersion: string } | undefined;
  if (!item) throw new ReviewError(`Unexpected queue item ${itemId}, expected an item of a queue`);
  const queue = getQueue(store, item.queueId);
  const seg = q.segment.get(item.segmentId) as {
    id: string; kind: string; start: number; end: number; page: number; ordinal: number; text: string;
    sha256: string; file: string; title: string | null; issuer: string | null; actorGroup: string | null;
    country: string | null; date: string | null; docType: string | null; language: string | null;
  };
  const neighbour = (ordinal: number) =>
    ordinal < 0 ? null : ((q.neighbour.pluck().get(seg.sha256, seg.kind, ordinal) as string | undefined) ?? null);

  const codes = new Map((q.codes.all(queue.codebookVersion) as Array<{ id: string; label: string; group: string; definition: string }>).map((c) => [c.id, c]));
  const byCode = new Map<string, Hit[]>();
  for (const r of q.suggestions.all(item.segmentId, queue.codebookVersion) as Array<{ codingId: number; codeId: string; ruleId: string; spans: string; negated: number }>) {
    let list = byCode.get(r.codeId);
    if (!list) byCode.set(r.codeId, (list = []));
    list.push({ codingId: r.codingId, ruleId: r.ruleId, spans: JSON.parse(r.spans) as Span[], negated: r.negated === 1 });
  }
  const identity = (codeId: string) =>
    q.hits.pluck().get({ segment: item.segmentId, code: codeId, version: queue.codebookVersion }) as string;
  const suggestions: SuggestionView[] = [...byCode].map(([codeId, hits]) => {
    const c = codes.get(codeId);
    return {
      codeId, label: c?.label ?? codeId, group: c?.group ?? '', definition: c?.definition ?? '', hits,
      negated: hits.every((h) => h.negated), identity: identity(codeId),
    };
  });

  const decisions: OwnDecision[] = (q.ownState.all(item.segmentId, coder) as Array<{
    codeId: string; status: OwnDecision['status']; present: number | null; spans: string | null; negated: number | null;
    memo: string | null; decisionId: number | null; basis: string | null;
  }>).map((d) => ({
    codeId: d.codeId, status: d.status, present: d.present === null ? null : d.present === 1,
    spans: d.spans === null ? null : (JSON.parse(d.spans) as Span[]), negated: d.negated === null ? null : d.negated === 1,
    memo: d.memo, decisionId: d.decisionId, current: d.basis !== null && d.basis === identity(d.codeId),
  }));
  const notes = q.unitNotes.all(item.segmentId, coder) as Array<{ action: string; memo: string | null }>;
  const status = coderItem(store, item.queueId, coder, itemId);

  return {
    queueId: item.queueId, itemId, position: item.position, total: q.itemCount.pluck().get(item.queueId) as number,
    codebookVersion: queue.codebookVersion,
    unit: { segmentId: seg.id, kind: seg.kind, start: seg.start, end: seg.end, page: seg.page, text: seg.text },
    context: { previous: neighbour(seg.ordinal - 1), next: neighbour(seg.ordinal + 1) },
    document: {
      sha256: seg.sha256, file: seg.file, title: seg.title, issuer: seg.issuer, actorGroup: seg.actorGroup,
      country: seg.country, date: seg.date, docType: seg.docType, language: seg.language,
    },
    suggestions, decisions,
    unitMemos: notes.filter((n) => n.action === 'memo' && n.memo !== null).map((n) => n.memo!),
    done: notes.some((n) => n.action === 'done'),
    complete: status?.complete ?? false,
    assignedTo: q.assignees.pluck().all(itemId) as string[],
  };
}
