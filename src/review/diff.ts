// `codeframe diff RUN_A RUN_B`: what changed between the codings of two runs' codebook versions,
// hit by hit. A hit is (segment, code, rule, spans), the identity carry-forward uses, so a hit
// listed here is exactly a suggestion whose reviews do not carry over. Only documents coded with
// both versions are compared (a document coded with one only would show its every hit as news).
import type { Store } from '../store/index.ts';
import { ReviewError } from './errors.ts';
import type { Span } from './spans.ts';
import { reviewSql } from './sql.ts';

export interface DiffHit {
  codingId: number;
  segmentId: string;
  codeId: string;
  ruleId: string;
  spans: Span[];
  negated: boolean;
  file: string;
  page: number;
  start: number;
  end: number;
  text: string;
  /** Decisions (not undos) on this code in this unit, any coder: review work this change touches. */
  reviews: number;
}

export interface RunDiff {
  runA: number;
  runB: number;
  versionA: string;
  versionB: string;
  documents: number;
  /** Documents coded with only one of the two versions (not compared). */
  onlyInA: number;
  onlyInB: number;
  /** Per code and rule, sorted by code then rule. */
  byRule: Array<{ codeId: string; ruleId: string; appeared: number; disappeared: number }>;
  appeared: DiffHit[];
  disappeared: DiffHit[];
}

function versionOf(store: Store, run: number): string {
  const r = reviewSql(store.db).run.get(run) as { codebookVersion: string | null } | undefined;
  if (!r) throw new ReviewError(`Unexpected run ${run}, expected the id of a run in the database (see the runs table)`);
  if (!r.codebookVersion) throw new ReviewError(`Unexpected run ${run}, expected a run that coded (this one has no codebook version)`);
  return r.codebookVersion;
}

export function diffRuns(store: Store, runA: number, runB: number): RunDiff {
  const q = reviewSql(store.db);
  const a = versionOf(store, runA);
  const b = versionOf(store, runB);
  const hits = (from: string, to: string): DiffHit[] =>
    (q.diffHits.all({ a: from, b: to }) as Array<Omit<DiffHit, 'spans' | 'negated'> & { spans: string; negated: number }>).map((h) => ({
      ...h, spans: JSON.parse(h.spans) as Span[], negated: h.negated === 1,
    }));
  const disappeared = a === b ? [] : hits(a, b);
  const appeared = a === b ? [] : hits(b, a);
  const byRule = new Map<string, { codeId: string; ruleId: string; appeared: number; disappeared: number }>();
  const bump = (h: DiffHit, k: 'appeared' | 'disappeared') => {
    const key = `${h.codeId}\u0000${h.ruleId}`;
    let row = byRule.get(key);
    if (!row) byRule.set(key, (row = { codeId: h.codeId, ruleId: h.ruleId, appeared: 0, disappeared: 0 }));
    row[k]++;
  };
  appeared.forEach((h) => bump(h, 'appeared'));
  disappeared.forEach((h) => bump(h, 'disappeared'));
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return {
    runA, runB, versionA: a, versionB: b,
    documents: (q.diffDocuments.all({ a, b }) as unknown[]).length,
    onlyInA: q.onlyCoded.pluck().get({ a, b }) as number,
    onlyInB: q.onlyCoded.pluck().get({ a: b, b: a }) as number,
    byRule: [...byRule.values()].sort((x, y) => cmp(x.codeId, y.codeId) || cmp(x.ruleId, y.ruleId)),
    appeared, disappeared,
  };
}
