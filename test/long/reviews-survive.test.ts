// Reviews survive everything (issue 6, item 2). With decisions in the database, made through the
// model and through the HTTP API of a real `codeframe review` process: kill -9 that process in the
// middle of a burst of decisions, re-run the pipeline, re-code with a changed codebook, ingest a
// changed file, export REFI-QDA and read it back. After every step, `reviews` holds every row it
// held before, unchanged (each snapshot is a superset of the last), every decision the server
// acknowledged is there, and the final codings still show the coders' decisions.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importQdpx } from '../../src/interchange/refi/index.ts';
import { buildQueue, createCoder, decide, itemView, queueItems } from '../../src/review/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { REPO_ROOT } from '../helpers/shared.ts';
import { cli, startReviewChild, type ReviewChild } from '../review/server/child.ts';
import { loggedIn } from '../review/server/client.ts';

type Row = Record<string, unknown> & { id: number };

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-survive-'));
const corpus = join(tmp, 'corpus');
const db = join(tmp, 'survive.db');
const out = join(tmp, 'out');
const STUDY = join(REPO_ROOT, 'codebook/study.yml');
const CHANGED = join(tmp, 'changed.yml');
let child: ReviewChild | null = null;

afterAll(async () => {
  await child?.kill9();
  rmSync(tmp, { recursive: true, force: true });
});

function withStore<T>(fn: (s: Store) => T): T {
  const s = openStore(db);
  try {
    return fn(s);
  } finally {
    s.close();
  }
}

const snapshot = (): Row[] => withStore((s) => s.db.prepare('SELECT * FROM reviews ORDER BY id').all() as Row[]);

/** Every row of `before` is in `after`, column for column. */
function expectSuperset(before: Row[], after: Row[], step: string): void {
  const byId = new Map(after.map((r) => [r.id, r]));
  const missing = before.filter((r) => byId.get(r.id) === undefined).map((r) => r.id);
  expect(missing, `${step}: rows gone`).toEqual([]);
  const changed = before.filter((r) => JSON.stringify(byId.get(r.id)) !== JSON.stringify(r)).map((r) => r.id);
  expect(changed, `${step}: rows changed`).toEqual([]);
  expect(after.length, step).toBeGreaterThanOrEqual(before.length);
}

function run(args: string[], step: string): void {
  const r = cli(['run', '--corpus', corpus, '--db', db, '--out', out, ...args]);
  expect(r.code, `${step}: ${r.stderr}`).toBe(0);
}

/** For codebook version `v`: each coder's latest current presence decision, and what
 *  v_final_codings says of that unit × code. */
function finalOfDecisions(v: string): Array<{ id: number; action: string; source: string | null; present: number | null }> {
  return withStore((s) => s.db.prepare(
    `WITH latest AS (
       SELECT r.* FROM reviews r
       WHERE r.action IN ('accept', 'reject', 'add', 'respan') AND NOT EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = r.id)
         AND r.id = (SELECT max(x.id) FROM reviews x WHERE x.segment_id = r.segment_id AND x.code_id = r.code_id AND x.coder = r.coder
                     AND x.action IN ('accept', 'reject', 'add', 'respan') AND NOT EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = x.id)))
     SELECT l.id, l.action, f.source, f.present FROM latest l
     JOIN segments s ON s.id = l.segment_id
     LEFT JOIN v_final_codings f ON f.codebook_version = @v AND f.segment_id = l.segment_id AND f.code_id = l.code_id
     WHERE EXISTS (SELECT 1 FROM coding_done k WHERE k.document = s.document AND k.codebook_version = @v AND k.unit = s.kind)
       AND l.basis = coalesce((SELECT hits FROM v_suggestions g WHERE g.segment_id = l.segment_id AND g.code_id = l.code_id AND g.codebook_version = @v), '[]')
     ORDER BY l.id`,
  ).all({ v }) as Array<{ id: number; action: string; source: string | null; present: number | null }>);
}

function expectFinalShowsDecisions(v: string, step: string): number {
  const rows = finalOfDecisions(v);
  for (const r of rows) expect({ step, ...r }).toEqual({ step, id: r.id, action: r.action, source: 'coders', present: r.action === 'reject' ? 0 : 1 });
  return rows.length;
}

/** POST that resolves with status 0 when the server is gone (it may be killed mid-request). */
function post(port: number, path: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return new Promise((resolve) => {
    const data = JSON.stringify(body);
    const req = request({ host: '127.0.0.1', port, method: 'POST', path, headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) });
        } catch {
          resolve({ status: 0, json: null });
        }
      });
      res.on('error', () => resolve({ status: 0, json: null }));
    });
    req.on('error', () => resolve({ status: 0, json: null }));
    req.end(data);
  });
}

describe('reviews survive a killed server, re-runs, a changed codebook, a changed file and export', () => {
  it('never loses or changes a decision, and the final codings still show them', async () => {
    cpSync(join(REPO_ROOT, 'corpus'), corpus, { recursive: true });
    run(['--codebook', STUDY], 'first run');

    // Decisions through the model: ann on the first half of the queue.
    const { queue, v1, bobItems } = withStore((s) => {
      for (const c of ['ann', 'bob']) createCoder(s, c);
      const queue = buildQueue(s, { name: 'survive', include: 'all' });
      const items = queueItems(s, queue);
      const half = Math.floor(items.length / 2);
      let n = 0;
      for (const it of items.slice(0, half)) {
        const v = itemView(s, it.id, 'ann');
        v.suggestions.forEach((g, k) => {
          if (k % 3 === 2) {
            const [a, b] = [v.unit.start, Math.min(v.unit.end, v.unit.start + 12)];
            decide(s, { item: it.id, coder: 'ann', action: 'respan', code: g.codeId, spans: [[a, b]] });
          } else decide(s, { item: it.id, coder: 'ann', action: k % 3 === 0 ? 'accept' : 'reject', code: g.codeId });
        });
        if (v.suggestions.length === 0 && n % 4 === 0) decide(s, { item: it.id, coder: 'ann', action: 'add', code: 'ukraine' });
        if (n % 5 === 0) decide(s, { item: it.id, coder: 'ann', action: 'memo', memo: `memo ${n}` });
        if (n % 7 === 0 && v.suggestions.length > 0) {
          decide(s, { item: it.id, coder: 'ann', action: 'negate', code: v.suggestions[0]!.codeId });
          decide(s, { item: it.id, coder: 'ann', action: 'undo' });
        }
        n++;
      }
      return { queue, v1: s.latestCodebookVersion()!, bobItems: items.slice(half).map((i) => i.id) };
    });
    const model = snapshot();
    expect(model.length).toBeGreaterThan(50);

    // Decisions through HTTP: bob's burst on the second half, and kill -9 in the middle of it.
    child = await startReviewChild(['--db', db, '--queue', queue, '--port', '0']);
    const bob = await loggedIn(child.port, 'bob');
    const headers = { origin: bob.origin, cookie: bob.cookie, 'x-csrf-token': bob.csrf };
    const work = withStore((s) => bobItems.flatMap((id) => itemView(s, id, 'bob').suggestions.map((g, k) => ({ item: id, code: g.codeId, action: k % 2 ? 'reject' : 'accept' }))));
    expect(work.length).toBeGreaterThan(60);
    // A few decisions land before the burst, so the burst starts from a database the server wrote.
    for (const w of work.slice(0, 5)) expect((await post(child.port, '/api/decide', w, headers)).status).toBe(200);
    const acked: Array<{ id: number; item: number; code: string; action: string }> = [];
    const victim = child;
    let killed: Promise<void> | null = null;
    await Promise.all(work.slice(5).map(async (w) => {
      const r = await post(victim.port, '/api/decide', w, headers);
      if (r.status === 200) {
        acked.push({ id: r.json.decision.id, ...w });
        if (acked.length === 20) killed = victim.kill9();
      } else expect(r.status).toBe(0); // refused only by the kill
    }));
    await killed;
    child = null;
    expect(acked.length).toBeGreaterThanOrEqual(20);
    expect(acked.length).toBeLessThan(work.length - 5); // the kill did cut the burst short

    const afterKill = snapshot();
    expect(withStore((s) => s.db.pragma('integrity_check', { simple: true }))).toBe('ok');
    expectSuperset(model, afterKill, 'kill -9 of the server');
    const byId = new Map(afterKill.map((r) => [r.id, r]));
    for (const a of acked) {
      expect(byId.get(a.id)).toMatchObject({ coder: 'bob', action: a.action, code_id: a.code, queue_item: a.item });
    }
    const decidedV1 = expectFinalShowsDecisions(v1, 'after the kill');
    expect(decidedV1).toBeGreaterThan(40);

    // The same run again: adds nothing, removes nothing.
    run(['--codebook', STUDY], 're-run');
    const rerun = snapshot();
    expectSuperset(afterKill, rerun, 're-run');
    expect(rerun.length).toBe(afterKill.length);

    // A changed codebook: one rule loses its first term; the documents are re-coded.
    const yml = readFileSync(STUDY, 'utf8');
    const changed = yml.replace(/terms: \[threat, /, 'terms: [');
    expect(changed).not.toBe(yml);
    writeFileSync(CHANGED, changed);
    run(['--codebook', CHANGED], 're-code with a changed codebook');
    const recoded = snapshot();
    expectSuperset(rerun, recoded, 're-code');
    const v2 = withStore((s) => s.latestCodebookVersion()!);
    expect(v2).not.toBe(v1);

    // A changed file: stored as a new version; its old segments keep their decisions.
    appendFileSync(join(corpus, 'demo/eu-ai-act-2024-summary.md'), '\nA new closing sentence on transparency and security.\n');
    run(['--codebook', CHANGED], 'ingest a changed file');
    const reingested = snapshot();
    expectSuperset(recoded, reingested, 'changed file');
    expect(withStore((s) => s.db.prepare(`SELECT count(*) FROM documents WHERE file = 'demo/eu-ai-act-2024-summary.md'`).pluck().get())).toBe(2);

    // REFI-QDA export and read back: the coders are in the project, and nothing in the log moved.
    const qdpx = join(tmp, 'survive.qdpx');
    const exp = cli(['export', '--format', 'qdpx', '--db', db, '--out', qdpx]);
    expect(exp.code, exp.stderr).toBe(0);
    const project = importQdpx(qdpx);
    expect(project.users.map((u) => u.name)).toEqual(expect.arrayContaining(['ann', 'bob']));
    expectSuperset(reingested, snapshot(), 'export');

    // The final codings still show every decision: under v1 all of them, under v2 those whose
    // suggestion the changed rule left as it was.
    expect(expectFinalShowsDecisions(v1, 'final, v1')).toBe(decidedV1);
    const carried = expectFinalShowsDecisions(v2, 'final, v2');
    expect(carried).toBeGreaterThan(0);
    expect(carried).toBeLessThanOrEqual(decidedV1);
  });
});
