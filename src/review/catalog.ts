// What the review UI needs besides one unit: the queues in a database, and each code of a codebook
// version with what a coder decides by — its definition and the inclusion/exclusion criteria, read
// from the codebook as parsed and stored (table `codebooks`, column `json`).
import type { Store } from '../store/index.ts';
import { ReviewError } from './errors.ts';

export interface CodeInfo {
  id: string;
  label: string;
  group: string;
  groupLabel: string;
  definition: string;
  include: string[];
  exclude: string[];
}

export interface QueueSummary {
  id: string;
  name: string;
  codebookVersion: string;
  unit: string;
  items: number;
  createdAt: string;
}

const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);

/** Every code of a codebook version, in codebook order, with its criteria. */
export function codeCatalog(store: Store, version: string): CodeInfo[] {
  const row = store.db.prepare(`SELECT json FROM codebooks WHERE version = ?`).get(version) as { json: string } | undefined;
  if (!row) throw new ReviewError(`Unexpected codebook version \`${version}\`, expected one stored in the database`);
  // The stored JSON is the loader's output, but older or hand-made rows may lack fields: read defensively.
  let parsed: { groups?: Array<{ id?: unknown; label?: unknown }>; codes?: Array<{ id?: unknown; include?: unknown; exclude?: unknown }> } = {};
  try {
    parsed = JSON.parse(row.json) as typeof parsed;
  } catch {
    parsed = {};
  }
  const groupLabels = new Map((parsed.groups ?? []).map((g) => [String(g.id), typeof g.label === 'string' ? g.label : String(g.id)]));
  const criteria = new Map((parsed.codes ?? []).map((c) => [String(c.id), { include: strings(c.include), exclude: strings(c.exclude) }]));
  const codes = store.db
    .prepare(`SELECT code_id AS id, label, group_id AS "group", definition FROM codes WHERE codebook_version = ? ORDER BY ordinal`)
    .all(version) as Array<{ id: string; label: string; group: string; definition: string }>;
  return codes.map((c) => ({
    ...c,
    groupLabel: groupLabels.get(c.group) ?? c.group,
    include: criteria.get(c.id)?.include ?? [],
    exclude: criteria.get(c.id)?.exclude ?? [],
  }));
}

/** The queues of a database, newest first. */
export function listQueues(store: Store): QueueSummary[] {
  return store.db
    .prepare(
      `SELECT q.id, q.name, q.codebook_version AS codebookVersion, q.unit, q.created_at AS createdAt,
              (SELECT count(*) FROM queue_items i WHERE i.queue_id = q.id) AS items
       FROM queues q ORDER BY q.created_at DESC, q.id`,
    )
    .all() as QueueSummary[];
}

export interface UnitContext {
  previous: string | null;
  next: string | null;
  document: { file: string; title: string | null; actorGroup: string | null; docType: string | null; date: string | null };
  page: number;
  start: number;
  end: number;
}

/** A unit's neighbours (same kind, same document) and its document, for the adjudication view. */
export function unitContext(store: Store, segmentId: string): UnitContext {
  const s = store.db
    .prepare(
      `SELECT s.document, s.kind, s.ordinal, s.page, s.start, s.end, d.file, d.title, d.actor_group AS actorGroup,
              d.doc_type AS docType, d.date
       FROM segments s JOIN documents d ON d.sha256 = s.document WHERE s.id = ?`,
    )
    .get(segmentId) as
    | { document: string; kind: string; ordinal: number; page: number; start: number; end: number; file: string; title: string | null; actorGroup: string | null; docType: string | null; date: string | null }
    | undefined;
  if (!s) throw new ReviewError(`Unexpected unit \`${segmentId}\`, expected a stored segment`);
  const neighbour = store.db.prepare(`SELECT text FROM segments WHERE document = ? AND kind = ? AND ordinal = ?`).pluck();
  const at = (o: number) => (o < 0 ? null : ((neighbour.get(s.document, s.kind, o) as string | undefined) ?? null));
  return {
    previous: at(s.ordinal - 1), next: at(s.ordinal + 1),
    document: { file: s.file, title: s.title, actorGroup: s.actorGroup, docType: s.docType, date: s.date },
    page: s.page, start: s.start, end: s.end,
  };
}
