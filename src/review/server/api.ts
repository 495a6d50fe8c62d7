// The JSON API behind the review page. Every handler gets the coder from the session, never from
// the request body, and serves only the items of this server's queue that the coder is to code, so
// blind double coding holds at the API too: a coder reads their own decisions and nobody else's;
// disagreements are for adjudicators alone.
import type { Store } from '../../store/index.ts';
import { codeCatalog, unitContext, type CodeInfo } from '../catalog.ts';
import {
  ACTIONS, adjudicate, coderItem, decide, disagreements, itemView, listCoders,
  type Action, type AdjudicationInput, type DecisionInput, type ItemStatus, type Queue, type Span,
} from '../index.ts';
import { quote } from '../errors.ts';
import { HttpError } from './http.ts';
import type { Session } from './security.ts';
import type { CoderItemsCache } from '../item-cache.ts';

export interface ApiContext {
  store: Store;
  queue: Queue;
  mode: 'loopback' | 'token';
  defaultCoder: string | null;
  adjudicators: ReadonlySet<string>;
  /** Each coder's item list between requests (item-cache.ts). */
  items: CoderItemsCache;
}

export interface ItemPayload {
  view: ReturnType<typeof itemView>;
  nav: { index: number; count: number; prev: number | null; next: number | null; nextOpen: number | null };
  progress: { complete: number; items: number };
}

const int = (x: unknown, what: string): number => {
  if (typeof x !== 'number' || !Number.isSafeInteger(x)) throw new HttpError(400, `Unexpected ${what} ${quote(x)}, expected an integer`);
  return x;
};
const optString = (x: unknown, what: string): string | undefined => {
  if (x === undefined || x === null) return undefined;
  if (typeof x !== 'string') throw new HttpError(400, `Unexpected ${what} ${quote(x)}, expected a string`);
  return x;
};
const optBool = (x: unknown, what: string): boolean | undefined => {
  if (x === undefined || x === null) return undefined;
  if (typeof x !== 'boolean') throw new HttpError(400, `Unexpected ${what} ${quote(x)}, expected true or false`);
  return x;
};
const optSpans = (x: unknown): Span[] | undefined => (x === undefined || x === null ? undefined : (x as Span[])); // checked by checkSpans

export function sessionInfo(ctx: ApiContext, session: Session | null): Record<string, unknown> {
  const items = session ? ctx.items.items(session.coder) : [];
  return {
    coder: session?.coder ?? null,
    csrf: session?.csrf ?? null,
    adjudicator: session ? ctx.adjudicators.has(session.coder) : false,
    mode: ctx.mode,
    // On loopback anyone at this machine may pick a name; over the network, names are not listed.
    coders: ctx.mode === 'loopback' ? listCoders(ctx.store).map((c) => c.name) : [],
    defaultCoder: ctx.mode === 'loopback' ? ctx.defaultCoder : null,
    queue: { id: ctx.queue.id, name: ctx.queue.name, codebookVersion: ctx.queue.codebookVersion, unit: ctx.queue.unit, items: items.length },
  };
}

export function codes(ctx: ApiContext): CodeInfo[] {
  return codeCatalog(ctx.store, ctx.queue.codebookVersion);
}

function payload(ctx: ApiContext, coder: string, items: ItemStatus[], index: number): ItemPayload {
  const item = items[index]!;
  const open = items.findIndex((i, k) => k > index && !i.complete);
  return {
    view: itemView(ctx.store, item.id, coder),
    nav: {
      index, count: items.length,
      prev: index > 0 ? items[index - 1]!.id : null,
      next: index + 1 < items.length ? items[index + 1]!.id : null,
      nextOpen: open >= 0 ? items[open]!.id : (items.find((i) => !i.complete && i.id !== item.id)?.id ?? null),
    },
    progress: { complete: items.filter((i) => i.complete).length, items: items.length },
  };
}

/** GET /api/item?id=N: that item; without id: the coder's first unfinished item (or the first). */
export function getItem(ctx: ApiContext, coder: string, params: URLSearchParams): ItemPayload | null {
  const items = ctx.items.items(coder);
  if (items.length === 0) return null;
  const raw = params.get('id');
  if (raw === null) {
    const open = items.findIndex((i) => !i.complete);
    return payload(ctx, coder, items, open >= 0 ? open : 0);
  }
  if (!/^\d{1,15}$/.test(raw)) throw new HttpError(400, `Unexpected id \`${raw.slice(0, 20)}\`, expected an item id`);
  const index = items.findIndex((i) => i.id === Number(raw));
  if (index < 0) throw new HttpError(404, `Unexpected item ${raw}, expected one of your items in queue ${ctx.queue.id}`);
  return payload(ctx, coder, items, index);
}

/** POST /api/decide: one decision by the session's coder; answers with the item as it now stands. */
export function postDecide(ctx: ApiContext, coder: string, body: Record<string, unknown>): { decision: ReturnType<typeof decide>; item: ItemPayload } {
  const itemId = int(body.item, 'item');
  const action = optString(body.action, 'action');
  if (!action || !ACTIONS.includes(action as Action)) throw new HttpError(400, `Unexpected action \`${String(action)}\`, expected one of ${ACTIONS.join(', ')}`);
  if (!coderItem(ctx.store, ctx.queue.id, coder, itemId)) throw new HttpError(404, `Unexpected item ${itemId}, expected one of your items in queue ${ctx.queue.id}`);
  const input: DecisionInput = { item: itemId, coder, action: action as Action };
  const code = optString(body.code, 'code');
  if (code !== undefined) input.code = code;
  const spans = optSpans(body.spans);
  if (spans !== undefined) input.spans = spans;
  const memo = optString(body.memo, 'memo');
  if (memo !== undefined) input.memo = memo;
  const negated = optBool(body.negated, 'negated');
  if (negated !== undefined) input.negated = negated;
  if (body.answers !== undefined && body.answers !== null) input.answers = int(body.answers, 'answers');
  ctx.items.items(coder); // the list as it stands before, so that only this item is computed after
  const decision = decide(ctx.store, input);
  ctx.items.noteDecision(coder, itemId, decision.id);
  const items = ctx.items.items(coder);
  return { decision, item: payload(ctx, coder, items, items.findIndex((i) => i.id === itemId)) };
}

function requireAdjudicator(ctx: ApiContext, coder: string): void {
  if (!ctx.adjudicators.has(coder)) {
    throw new HttpError(403, `Unexpected request from \`${coder}\`: disagreements are shown to adjudicators only (codeframe review --adjudicator NAME)`);
  }
}

/** GET /api/disagreements[?settled=1]: side by side, with each unit's context. */
export function getDisagreements(ctx: ApiContext, coder: string, params: URLSearchParams): unknown[] {
  requireAdjudicator(ctx, coder);
  return disagreements(ctx.store, ctx.queue.id, { includeSettled: params.get('settled') === '1' }).map((d) => ({
    ...d, hits: JSON.parse(d.hits) as unknown, context: unitContext(ctx.store, d.segmentId),
  }));
}

/** POST /api/adjudicate: the final coding of one code in one unit, with a reason. */
export function postAdjudicate(ctx: ApiContext, coder: string, body: Record<string, unknown>): { id: number } {
  requireAdjudicator(ctx, coder);
  const input: AdjudicationInput = {
    item: int(body.item, 'item'), code: optString(body.code, 'code') ?? '', adjudicator: coder, reason: optString(body.reason, 'reason') ?? '',
  };
  const pick = optString(body.pick, 'pick');
  if (pick !== undefined) input.pick = pick;
  const present = optBool(body.present, 'present');
  if (present !== undefined) input.present = present;
  const negated = optBool(body.negated, 'negated');
  if (negated !== undefined) input.negated = negated;
  const spans = optSpans(body.spans);
  if (spans !== undefined) input.spans = spans;
  const item = ctx.store.db.prepare(`SELECT queue_id FROM queue_items WHERE id = ?`).pluck().get(input.item);
  if (item !== ctx.queue.id) throw new HttpError(404, `Unexpected item ${input.item}, expected an item of queue ${ctx.queue.id}`);
  return { id: adjudicate(ctx.store, input) };
}
