// Everything the report shows, read from the database once, as plain records (no HTML here).
// The counts come from src/report/compare (which codings count, the comparison with bootstrap
// intervals and chi-square tests, co-occurrence) and src/report/timeline.ts; the manifest (runs,
// every stored document with its hash and status) straight from the tables. Every list is in a
// fixed order, so the same database gives the same report.
import { createHash } from 'node:crypto';
import type { Store } from '../../store/index.ts';
import { TOOL_VERSION } from '../../version.ts';
import {
  actorGroupsOf,
  buildComparison,
  cooccurrence,
  loadCodedData,
  type CodedData,
  type CodingsMode,
  type Comparison,
  type CooccurrenceMatrix,
} from '../compare/index.ts';
import { buildTimeline, type PeriodCount, UNDATED } from '../timeline.ts';

export interface ReportOptions {
  codings?: CodingsMode;
  codebookVersion?: string;
  /** Bootstrap resamples for the intervals (default 1000) and their seed (default 1). */
  bootstrap?: number;
  seed?: number;
}

export interface RunRow {
  id: number;
  command: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  tool_version: string;
  codebook_version: string | null;
}

export interface ManifestDocument {
  file: string;
  sha256: string;
  bytes: number;
  format: string | null;
  status: string;
  failure_code: string | null;
  reason: string | null;
  title: string | null;
  actor_group: string | null;
  date: string | null;
  language: string | null;
  /** Latest version of its file (older versions stay stored but are not counted). */
  current: boolean;
  /** Counted in this report: current, ingested and fully coded with the version at the unit. */
  counted: boolean;
}

/** Counts of one code in one actor group (all codes, not only principles). */
export interface CodeGroupCell {
  code: string;
  actorGroup: string;
  documents: number;
  words: number;
  unitsCoded: number;
  documentsCoded: number;
  share: number | null;
  ratePer1000: number | null;
}

export interface ChronologyRow {
  file: string;
  title: string | null;
  actorGroup: string;
  date: string | null;
  /** Units per principle code, in `principles` order. */
  units: number[];
}

export interface ReportData {
  toolVersion: string;
  codebook: { id: string; title: string; version: string; file: string | null; created_at: string | null };
  data: CodedData;
  groups: string[];
  comparison: Comparison;
  codeGroups: CodeGroupCell[];
  cooccurrence: CooccurrenceMatrix[];
  /** Principle codes per year (every period a document is dated in, zeros included). */
  timeline: { code: string; counts: PeriodCount[] }[];
  chronology: ChronologyRow[];
  runs: RunRow[];
  manifest: ManifestDocument[];
  /** SHA-256 over "sha256  file\n" of the counted documents in file order: one hash to compare. */
  corpusHash: string;
}

export function gatherReportData(store: Store, opts: ReportOptions = {}): ReportData {
  const data = loadCodedData(store, { codings: opts.codings ?? 'final', codebookVersion: opts.codebookVersion });
  const comparison = buildComparison(data, { bootstrap: opts.bootstrap ?? 1000, seed: opts.seed ?? 1 });
  const groups = actorGroupsOf(data.documents);
  const db = store.db;
  const codebook = db
    .prepare('SELECT codebook_id AS id, title, version, file, created_at FROM codebooks WHERE version = ?')
    .get(data.codebookVersion) as ReportData['codebook'];
  const runs = db
    .prepare('SELECT id, command, started_at, finished_at, status, tool_version, codebook_version FROM runs ORDER BY id')
    .all() as RunRow[];
  const counted = new Set(data.documents.map((d) => d.sha256));
  const latest = new Set((db.prepare('SELECT sha256 FROM latest_documents').all() as { sha256: string }[]).map((r) => r.sha256));
  const manifest = (
    db
      .prepare(
        `SELECT file, sha256, bytes, format, status, failure_code, reason, title, actor_group, date, language
         FROM documents ORDER BY file, last_run_id, sha256`,
      )
      .all() as Omit<ManifestDocument, 'current' | 'counted'>[]
  ).map((d) => ({ ...d, current: latest.has(d.sha256), counted: counted.has(d.sha256) }));
  const corpusHash = createHash('sha256')
    .update(data.documents.map((d) => `${d.sha256}  ${d.file}\n`).join(''))
    .digest('hex');

  const timeline = comparison.principles.map((p) => ({ code: p.code_id, counts: buildTimeline(data, { code: p.code_id, period: 'year' }).counts }));
  return {
    toolVersion: TOOL_VERSION,
    codebook,
    data,
    groups,
    comparison,
    codeGroups: codeByGroup(data, groups),
    cooccurrence: cooccurrence(data),
    timeline,
    chronology: chronology(data, comparison.principles.map((p) => p.code_id)),
    runs,
    manifest,
    corpusHash,
  };
}

function codeByGroup(data: CodedData, groups: string[]): CodeGroupCell[] {
  const size = new Map(groups.map((g) => [g, { documents: 0, words: 0 }]));
  for (const d of data.documents) {
    const s = size.get(d.actor_group)!;
    s.documents++;
    s.words += d.word_count;
  }
  const units = new Map<string, number>();
  const docs = new Map<string, Set<string>>();
  for (const u of data.units) {
    const key = `${u.code_id}\u0000${u.actor_group}`;
    units.set(key, (units.get(key) ?? 0) + 1);
    (docs.get(key) ?? docs.set(key, new Set()).get(key)!).add(u.sha256);
  }
  return data.codes.flatMap((c) =>
    groups.map((g) => {
      const key = `${c.code_id}\u0000${g}`;
      const s = size.get(g)!;
      const unitsCoded = units.get(key) ?? 0;
      const documentsCoded = docs.get(key)?.size ?? 0;
      return {
        code: c.code_id,
        actorGroup: g,
        documents: s.documents,
        words: s.words,
        unitsCoded,
        documentsCoded,
        share: s.documents ? documentsCoded / s.documents : null,
        ratePer1000: s.words ? (unitsCoded * 1000) / s.words : null,
      };
    }),
  );
}

/** The counted documents in date order (undated last, then by file), with their principle units. */
function chronology(data: CodedData, principles: string[]): ChronologyRow[] {
  const n = new Map<string, number>();
  for (const u of data.units) n.set(`${u.sha256}\u0000${u.code_id}`, (n.get(`${u.sha256}\u0000${u.code_id}`) ?? 0) + 1);
  const sortKey = (date: string | null) => (date && /^\d{4}/.test(date) ? date : '\uffff');
  return [...data.documents]
    .sort((a, b) => cmp(sortKey(a.date), sortKey(b.date)) || cmp(a.file, b.file) || cmp(a.sha256, b.sha256))
    .map((d) => ({ file: d.file, title: d.title, actorGroup: d.actor_group, date: d.date, units: principles.map((p) => n.get(`${d.sha256}\u0000${p}`) ?? 0) }));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export { UNDATED };
