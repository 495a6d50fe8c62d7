// Carry-forward across a codebook change, on a database built by the real pipeline: the demo
// corpus coded with codebook/study.yml, reviewed, then re-coded with a copy in which `growth` is
// no longer an eco-terms term and `strategy` is a new inf-terms term.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline, type PipelineOptions } from '../../src/pipeline/run.ts';
import { buildQueue, coderItems, createCoder, decide, diffRuns, finalCodings, itemView, queueItems, requeue, type RunDiff } from '../../src/review/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { REPO_ROOT } from '../helpers/shared.ts';

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-carry-'));
const db = join(tmp, 'codeframe.db');
let store: Store;
let run1: number;
let run2: number;
let q1: string;
let q2: string;
let decisions: number;
let diff: RunDiff;

const options = (codebook: string): PipelineOptions => ({
  command: 'run', corpus: join(REPO_ROOT, 'corpus'), codebook, db, out: tmp, stages: { ingest: true, code: true, tables: false },
});

beforeAll(async () => {
  run1 = (await runPipeline(options(join(REPO_ROOT, 'codebook/study.yml')))).runId;
  store = openStore(db);
  createCoder(store, 'ann');
  q1 = buildQueue(store, { name: 'everything coded', run: run1 });
  for (const item of queueItems(store, q1)) {
    for (const s of itemView(store, item.id, 'ann').suggestions) decide(store, { item: item.id, coder: 'ann', action: 'accept', code: s.codeId });
  }
  decisions = (store.db.prepare('SELECT count(*) AS n FROM reviews').get() as { n: number }).n;
  store.close();

  const yml = readFileSync(join(REPO_ROOT, 'codebook/study.yml'), 'utf8');
  const changed = yml
    .replace('labour, labor, talent, growth, gdp,', 'labour, labor, talent, gdp,')
    .replace('terms: [media, disinformation,', 'terms: [strategy, media, disinformation,');
  expect(changed).not.toBe(yml);
  writeFileSync(join(tmp, 'study-v2.yml'), changed);
  run2 = (await runPipeline(options(join(tmp, 'study-v2.yml')))).runId;
  store = openStore(db);
  q2 = requeue(store, q1, run2);
  diff = diffRuns(store, run1, run2);
}, 120_000);

afterAll(() => {
  store?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const quoteOf = (_text: string, spans: Array<[number, number]>, s: { start: number; text: string }) =>
  spans.map(([a, b]) => s.text.slice(a - s.start, b - s.start));

describe('diffRuns', () => {
  it('lists exactly the hits that changed, per code and rule', () => {
    expect(diff.versionA).not.toBe(diff.versionB);
    expect(diff.documents).toBe(8);
    expect(diff.byRule.map((r) => `${r.codeId}/${r.ruleId}`)).toEqual(['economic/eco-terms', 'information/inf-terms']);
    const words = (h: RunDiff['appeared'][number]) => quoteOf(h.text, h.spans, h).map((w) => w.toLowerCase());
    // Every eco-terms hit that quoted "growth" disappeared (and comes back without it if it had other words).
    const v1Growth = (store.db.prepare(
      `SELECT c.spans, s.start, s.text FROM codings c JOIN segments s ON s.id = c.segment_id WHERE c.rule_id = 'eco-terms' AND c.codebook_version = ?`,
    ).all(diff.versionA) as Array<{ spans: string; start: number; text: string }>).filter((c) =>
      quoteOf(c.text, JSON.parse(c.spans), c).some((w) => w.toLowerCase() === 'growth'),
    );
    const ecoGone = diff.disappeared.filter((h) => h.ruleId === 'eco-terms');
    expect(ecoGone.length).toBe(v1Growth.length);
    expect(ecoGone.length).toBeGreaterThan(0);
    for (const h of ecoGone) expect(words(h)).toContain('growth');
    for (const h of diff.appeared.filter((x) => x.ruleId === 'eco-terms')) expect(words(h)).not.toContain('growth');
    // Every English sentence that says "strategy"/"strategies" has a new inf-terms hit.
    const strategy = (store.db.prepare(
      `SELECT s.id, s.text FROM segments s JOIN documents d ON d.sha256 = s.document WHERE s.kind = 'sentence' AND d.language = 'en'`,
    ).all() as Array<{ id: string; text: string }>).filter((s) => /\bstrateg(y|ies)\b/i.test(s.text));
    const infNew = diff.appeared.filter((h) => h.ruleId === 'inf-terms');
    expect(new Set(infNew.map((h) => h.segmentId))).toEqual(new Set(strategy.map((s) => s.id)));
    for (const h of infNew) expect(words(h).some((w) => /^strateg/.test(w))).toBe(true);
    // Reviews touched: every disappeared hit had been accepted.
    for (const h of diff.disappeared) expect(h.reviews).toBeGreaterThan(0);
  });

  it('finds nothing between a run and itself', () => {
    const same = diffRuns(store, run1, run1);
    expect([same.appeared.length, same.disappeared.length, same.byRule]).toEqual([0, 0, []]);
  });
});

describe('carry-forward', () => {
  it('keeps every decision in the log', () => {
    expect((store.db.prepare('SELECT count(*) AS n FROM reviews').get() as { n: number }).n).toBe(decisions);
  });

  it('puts back in the queue exactly the units whose suggestions changed', () => {
    const changed = new Set([...diff.appeared, ...diff.disappeared].map((h) => h.segmentId));
    const items = coderItems(store, q2, 'ann');
    expect(items.length).toBeGreaterThanOrEqual(queueItems(store, q1).length);
    const pending = new Set(items.filter((i) => !i.complete).map((i) => i.segmentId));
    expect(pending).toEqual(changed);
    expect(pending.size).toBeGreaterThan(0);
    expect(items.filter((i) => i.complete).length).toBeGreaterThan(50);
  });

  it("marks a changed suggestion's decision not current, an unchanged one current", () => {
    const changedCodes = new Set([...diff.appeared, ...diff.disappeared].map((h) => `${h.segmentId}/${h.codeId}`));
    let seen = 0;
    for (const item of queueItems(store, q2)) {
      for (const d of itemView(store, item.id, 'ann').decisions) {
        expect(d.current, `${item.segmentId}/${d.codeId}`).toBe(!changedCodes.has(`${item.segmentId}/${d.codeId}`));
        seen++;
      }
    }
    expect(seen).toBe(decisions);
  });

  it('final codings of the new version use the carried reviews, and the rules where they changed', () => {
    const rows = finalCodings(store, { mode: 'final', codebookVersion: diff.versionB });
    const changedCodes = new Set([...diff.appeared, ...diff.disappeared].map((h) => `${h.segmentId}/${h.codeId}`));
    for (const r of rows) expect(r.source, `${r.segmentId}/${r.codeId}`).toBe(changedCodes.has(`${r.segmentId}/${r.codeId}`) ? 'auto' : 'coders');
    expect(rows.length).toBe(finalCodings(store, { mode: 'auto', codebookVersion: diff.versionB }).length);
  });
});
