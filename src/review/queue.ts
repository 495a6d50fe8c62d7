// Review queues: the units coders are asked to review, chosen from the auto-codings of one run
// (its codebook version) by code, group, document, actor group, document type, or a seeded sample
// stratified by actor group and/or document type. A queue's id is a hash of its resolved spec,
// so building the same spec again returns the same queue, and its items are a pure function of
// the database and the spec (reading order: file, then offset).
import { createHash } from 'node:crypto';
import type { Store, Unit } from '../store/index.ts';
import { ReviewError } from './errors.ts';
import { stratifiedSample } from './sample.ts';
import { reviewSql } from './sql.ts';

export type Stratum = 'actor_group' | 'doc_type';

export interface QueueSpec {
  name: string;
  /** The run whose codings are reviewed (its codebook version); default: the latest completed coding run. */
  run?: number;
  /** Instead of a run: a codebook version. */
  codebookVersion?: string;
  unit?: Unit;
  /** Units with a suggestion of one of these codes / of a code in one of these groups. */
  codes?: string[];
  groups?: string[];
  /** Documents by sha256 or file path. */
  documents?: string[];
  actorGroups?: string[];
  docTypes?: string[];
  /** `coded` (default): units with a matching suggestion; `uncoded`: units no rule coded at all
   *  (to estimate what the rules miss); `all`: both. */
  include?: 'coded' | 'uncoded' | 'all';
  sample?: { size: number; seed: string | number; stratify?: Stratum[] };
}

export interface Queue {
  id: string;
  name: string;
  codebookVersion: string;
  unit: Unit;
  runId: number | null;
  spec: ResolvedSpec;
  createdAt: string;
}

export type ResolvedSpec = Required<Pick<QueueSpec, 'name' | 'codebookVersion' | 'unit' | 'include'>> & {
  run: number | null;
  codes: string[];
  groups: string[];
  documents: string[];
  actorGroups: string[];
  docTypes: string[];
  sample: { size: number; seed: string; stratify: Stratum[] } | null;
  /** Set by requeue(): the queue whose units this one carries over. */
  from?: string;
};

export interface QueueItem {
  id: number;
  segmentId: string;
  position: number;
  stratum: string | null;
}

const sorted = (xs: string[] | undefined): string[] => [...new Set(xs ?? [])].sort();

export function resolveSpec(store: Store, spec: QueueSpec): ResolvedSpec {
  const q = reviewSql(store.db);
  if (!spec.name?.trim()) throw new ReviewError('Unexpected empty queue name, expected a name');
  let version = spec.codebookVersion ?? null;
  let run = spec.run ?? null;
  if (run !== null) {
    const r = q.run.get(run) as { codebookVersion: string | null } | undefined;
    if (!r?.codebookVersion) throw new ReviewError(`Unexpected run ${run}, expected a run that coded the corpus (runs.codebook_version set)`);
    if (version !== null && version !== r.codebookVersion) {
      throw new ReviewError(`Unexpected codebook version \`${version}\` with run ${run}, expected \`${r.codebookVersion}\` (the run's)`);
    }
    version = r.codebookVersion;
  } else {
    version ??= store.latestCodebookVersion();
    if (!version) throw new ReviewError('Unexpected database without a coded run, expected `codeframe run` or `codeframe code` first');
    if (!q.hasVersion.get(version)) throw new ReviewError(`Unexpected codebook version \`${version}\`, expected one stored in the database`);
    run = (q.latestCodingRun.pluck().get(version) as number | undefined) ?? null;
  }
  const unit = spec.unit ?? ((q.codedUnit.pluck().get(version) as Unit | undefined) ?? 'sentence');
  const codes = q.codes.all(version) as Array<{ id: string; group: string }>;
  const known = (what: string, given: string[], valid: string[]) => {
    for (const g of given) {
      if (!valid.includes(g)) throw new ReviewError(`Unexpected ${what} \`${g}\` in queue spec, expected one of ${valid.join(', ')}`);
    }
  };
  known('code', spec.codes ?? [], codes.map((c) => c.id));
  known('group', spec.groups ?? [], [...new Set(codes.map((c) => c.group))]);
  const include = spec.include ?? 'coded';
  if (!['coded', 'uncoded', 'all'].includes(include)) throw new ReviewError(`Unexpected include \`${include}\`, expected coded, uncoded or all`);
  let sample: ResolvedSpec['sample'] = null;
  if (spec.sample) {
    const { size, seed, stratify = [] } = spec.sample;
    if (!Number.isInteger(size) || size < 1) throw new ReviewError(`Unexpected sample size ${size}, expected a positive integer`);
    for (const s of stratify) if (s !== 'actor_group' && s !== 'doc_type') throw new ReviewError(`Unexpected stratum \`${s}\`, expected actor_group or doc_type`);
    sample = { size, seed: String(seed), stratify: [...new Set(stratify)].sort() as Stratum[] };
  }
  return {
    name: spec.name.trim(), codebookVersion: version, unit, include, run,
    codes: sorted(spec.codes), groups: sorted(spec.groups), documents: sorted(spec.documents),
    actorGroups: sorted(spec.actorGroups), docTypes: sorted(spec.docTypes), sample,
  };
}

/** The units a spec selects, in queue order, with their stratum (null when not stratified). */
export function selectUnits(store: Store, spec: ResolvedSpec): Array<{ segmentId: string; stratum: string | null }> {
  const q = reviewSql(store.db);
  const suggested = new Map<string, Array<{ codeId: string; groupId: string }>>();
  for (const r of q.suggestedCodes.all(spec.codebookVersion) as Array<{ segmentId: string; codeId: string; groupId: string }>) {
    let list = suggested.get(r.segmentId);
    if (!list) suggested.set(r.segmentId, (list = []));
    list.push(r);
  }
  const codeFilter = spec.codes.length > 0 || spec.groups.length > 0;
  const matches = (id: string): boolean => {
    const list = suggested.get(id) ?? [];
    if (!codeFilter) return list.length > 0;
    return list.some((s) => spec.codes.includes(s.codeId) || spec.groups.includes(s.groupId));
  };
  type Row = { id: string; sha256: string; file: string; actorGroup: string | null; docType: string | null };
  const rows = (q.candidates.all({ version: spec.codebookVersion, unit: spec.unit }) as Row[]).filter((r) => {
    if (spec.documents.length > 0 && !spec.documents.includes(r.sha256) && !spec.documents.includes(r.file)) return false;
    if (spec.actorGroups.length > 0 && !spec.actorGroups.includes(r.actorGroup ?? '')) return false;
    if (spec.docTypes.length > 0 && !spec.docTypes.includes(r.docType ?? '')) return false;
    const uncoded = !suggested.has(r.id);
    if (spec.include === 'coded') return matches(r.id);
    if (spec.include === 'uncoded') return uncoded;
    return uncoded || matches(r.id);
  });
  const stratumOf = (r: Row): string | null =>
    spec.sample && spec.sample.stratify.length > 0
      ? spec.sample.stratify.map((k) => (k === 'actor_group' ? r.actorGroup : r.docType) ?? '(unassigned)').join('|')
      : null;
  if (!spec.sample) return rows.map((r) => ({ segmentId: r.id, stratum: null }));
  const picked = stratifiedSample(rows.map((r) => ({ id: r.id, stratum: stratumOf(r) ?? '' })), spec.sample.size, spec.sample.seed);
  return rows.filter((r) => picked.has(r.id)).map((r) => ({ segmentId: r.id, stratum: stratumOf(r) }));
}

export function queueIdOf(spec: ResolvedSpec): string {
  return 'q' + createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 12);
}

/** Builds (or finds: same resolved spec, same id) a queue; returns its id. One transaction. */
export function buildQueue(store: Store, spec: QueueSpec): string {
  return writeQueue(store, resolveSpec(store, spec));
}

/** Writes a queue: `first` (units carried over from an earlier queue) and then the spec's units. */
export function writeQueue(store: Store, resolved: ResolvedSpec, first: Array<{ segmentId: string; stratum: string | null }> = []): string {
  const q = reviewSql(store.db);
  const id = queueIdOf(resolved);
  store.db.transaction(() => {
    if (q.queue.get(id)) return;
    q.insertQueue.run(id, resolved.name, resolved.codebookVersion, resolved.unit, resolved.run, JSON.stringify(resolved), new Date().toISOString());
    const seen = new Set<string>();
    let position = 0;
    const add = (segmentId: string, stratum: string | null) => {
      if (seen.has(segmentId)) return;
      seen.add(segmentId);
      q.insertItem.run(id, segmentId, position++, stratum);
    };
    for (const u of [...first, ...selectUnits(store, resolved)]) add(u.segmentId, u.stratum);
  }).immediate();
  return id;
}

export function getQueue(store: Store, id: string): Queue {
  const row = reviewSql(store.db).queue.get(id) as (Omit<Queue, 'spec'> & { spec: string }) | undefined;
  if (!row) throw new ReviewError(`Unexpected queue \`${id}\`, expected the id of a queue made by buildQueue`);
  return { ...row, spec: JSON.parse(row.spec) as ResolvedSpec };
}

export function queueItems(store: Store, id: string): QueueItem[] {
  getQueue(store, id);
  return reviewSql(store.db).items.all(id) as QueueItem[];
}
