// Determinism: what a study hands on (every export format and every table file) depends only on
// the corpus and the codebook — not on the run, the worker count, the folder the corpus sits in,
// or the order its files were created (and so listed and finished) in.
// The REFI-QDA project is compared with its creation times masked: they are when the run happened
// (provenance), the one thing two runs legitimately differ in (see maskProvenance).
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, differences, exportsOf, filesOf } from '../long/lib/outputs.ts';
import { needShared, REPO_ROOT, shared } from '../helpers/shared.ts';

const CODEBOOK = join(REPO_ROOT, 'codebook/study.yml');
const tmp = mkdtempSync(join(tmpdir(), 'codeframe-determinism-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every file under `dir`, relative, sorted. */
function walk(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel))
    .sort()
    .flatMap((name) => (statSync(join(dir, rel, name)).isDirectory() ? walk(dir, join(rel, name)) : [join(rel, name)]));
}

/** A copy of `files` of `from` in a new folder, created in the given order (directory listings
 *  and inode numbers follow creation order on most file systems). */
function copyInOrder(from: string, files: string[], to: string): string {
  for (const rel of files) {
    mkdirSync(dirname(join(to, rel)), { recursive: true });
    cpSync(join(from, rel), join(to, rel));
  }
  return to;
}

/** `codeframe run` into a fresh folder, then `compare`, then every export: name → bytes. */
async function runAndCollect(name: string, corpus: string, extra: string[] = []): Promise<Map<string, Buffer>> {
  const dir = join(tmp, name);
  const db = join(dir, 'codeframe.db');
  const code = await cli(['run', '--corpus', corpus, '--codebook', CODEBOOK, '--db', db, '--out', dir, '--json', ...extra]);
  expect(code, `codeframe run ${name}`).toBe(0);
  expect(await cli(['compare', '--db', db, '--out', dir, '--bootstrap', '200', '--seed', '7'])).toBe(0);
  const outputs = await exportsOf(db, join(dir, 'exports'));
  for (const [k, v] of filesOf(join(dir, 'tables'), 'tables/')) outputs.set(k, v);
  return outputs;
}

describe('the demo corpus: every export and table is byte-identical across runs', () => {
  const demo = join(REPO_ROOT, 'corpus');
  const runs = new Map<string, Map<string, Buffer>>();
  beforeAll(async () => {
    const files = walk(demo);
    runs.set('first', await runAndCollect('first', demo, ['--threads', '2']));
    runs.set('one thread', await runAndCollect('one-thread', demo, ['--threads', '1']));
    const reversed = copyInOrder(demo, [...files].reverse(), join(tmp, 'corpus-reversed'));
    // A second fresh run, of a copy created in reverse order, in another folder.
    runs.set('reversed copy', await runAndCollect('reversed', reversed, ['--threads', '2']));
  }, 120_000);

  it('collects every export format and table (the comparison below is not vacuous)', () => {
    const names = [...runs.get('first')!.keys()];
    for (const expected of ['e.jsonl', 'e.csv', 'e-auto.csv', 'e.matrix.csv', 'e.qdc', 'e.qdpx/project.qde', 'tables/code_by_actor_group.csv', 'tables/document_code_counts.md']) {
      expect(names).toContain(expected);
    }
    expect(names.filter((n) => n.startsWith('tables/compare')).length).toBeGreaterThan(0);
    // The 8 documents and the project note.
    expect(names.filter((n) => n.startsWith('e.qdpx/sources/')).length).toBe(9);
    expect(runs.get('first')!.get('e.jsonl')!.toString().split('\n').length).toBeGreaterThan(100);
    expect(runs.get('first')!.get('e.csv')!.toString().split('\r\n').length).toBeGreaterThan(100);
  });

  it.each(['reversed copy', 'one thread'])('a fresh run (%s) gives the same bytes as the first', (name) => {
    expect(differences(runs.get('first')!, runs.get(name)!)).toEqual([]);
  });

  it('differs where the data differ (the comparison can fail)', () => {
    const a = runs.get('first')!;
    const b = new Map(a);
    b.set('e.jsonl', Buffer.concat([a.get('e.jsonl')!, Buffer.from('\n')]));
    expect(differences(a, b)).toHaveLength(1);
  });
});

describe.runIf(needShared('determinism over a subset of ../shared/corpus'))('real documents: two threads vs one, reversed creation order', () => {
  // Formats and sizes that finish at different speeds on the workers: Chinese HTML, Markdown from
  // 2 KB to 144 KB (the PDFs: the demo corpus above, and the crash/resume long test's full runs).
  const SUBSET = [
    'CN_2023-07-10_CAC_Interim-Measures-Generative-AI-Services_zh.html',
    'US_2023-10-30_EO14110_safe-secure-trustworthy-AI.md',
    'US_2023-11-01_Harris_London_AI_speech.md',
    'US_2024-03-21_Harris_statement_UNGA_AI_resolution.md',
    'US_2024-03-21_Sullivan_statement_UNGA_AI_resolution.md',
    'manifest.csv',
  ];
  let two: Map<string, Buffer>;
  let one: Map<string, Buffer>;
  beforeAll(async () => {
    two = await runAndCollect('shared-two', copyInOrder(shared('corpus'), SUBSET, join(tmp, 'shared-sorted')), ['--threads', '2']);
    one = await runAndCollect('shared-one', copyInOrder(shared('corpus'), [...SUBSET].reverse(), join(tmp, 'shared-reversed')), ['--threads', '1']);
  }, 180_000);

  it('gives byte-identical exports and tables', () => {
    expect(two.get('e.jsonl')!.length).toBeGreaterThan(100_000);
    expect(differences(two, one)).toEqual([]);
  });
});
