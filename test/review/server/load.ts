// Concurrent coders against the real server, shared by test/review/server/load.test.ts (8 × 30)
// and test/long/review-load.test.ts (8 × 500): `codeframe review` runs as a child process and 8
// coders (8 HTTP clients on loopback, each with its own login, cookie and CSRF token) work through
// their units the way the page does — next open unit, decide each suggestion, next open unit — all
// at once. Every
// decision must be acknowledged (no 5xx, no SQLITE_BUSY anywhere) and be in `reviews` exactly as
// the client made it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { assignItem, buildQueue, createCoder, queueItems } from '../../../src/review/index.ts';
import { openStore } from '../../../src/store/index.ts';
import { cli, startReviewChild, type ReviewChild } from './child.ts';
import { loggedIn, type Client, type Reply } from './client.ts';

export const CODERS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'];
const FILES = 8;

/** Ten codes, each coded by one word: every unit of the corpus carries all ten as suggestions,
 *  so a coder makes ten decisions per unit, as on the page (a, then the next suggestion). */
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];
const CODEBOOK = `codebook: load
title: Load test
languages: [en]
unit: sentence
groups: [{id: g, label: Group}]
codes:
${WORDS.map((w) => `  - {id: ${w}, label: ${w}, group: g, definition: The word ${w}., rules: [{type: term, terms: [${w}]}]}`).join('\n')}
`;

/** A corpus of FILES text files of `sentences` sentences each, each naming all ten words. */
function writeCorpus(dir: string, sentences: number): void {
  mkdirSync(dir, { recursive: true });
  for (let f = 0; f < FILES; f++) {
    const s: string[] = [];
    for (let k = 0; k < sentences; k++) s.push(`Passage ${f}-${k} names ${WORDS.join(' and ')} in turn.`);
    writeFileSync(join(dir, `file-${f}.txt`), s.join('\n\n') + '\n');
  }
}

interface Made { item: number; segment: string; code: string; action: 'accept' | 'reject'; id: number }

/** One coder working like the page: the first unfinished unit, decide its suggestions one after
 *  another, then the next open unit. */
async function work(port: number, coder: string, perCoder: number, errors: string[]): Promise<Made[]> {
  const c: Client = await loggedIn(port, coder);
  const made: Made[] = [];
  const check = (r: Reply, what: string): boolean => {
    if (r.status !== 200 || /SQLITE|BUSY/i.test(r.text)) {
      errors.push(`${coder} ${what}: ${r.status} ${r.text.slice(0, 200)}`);
      return false;
    }
    return true;
  };
  let r = await c.get('/api/item');
  if (!check(r, 'first item')) return made;
  let item = r.json.item;
  while (made.length < perCoder && item) {
    const v = item.view;
    const decided = new Set(v.decisions.filter((d: { current: boolean; status: string | null }) => d.current && d.status).map((d: { codeId: string }) => d.codeId));
    const pending = v.suggestions.find((g: { codeId: string }) => !decided.has(g.codeId));
    if (!pending) {
      errors.push(`${coder}: item ${v.itemId} served as open with every suggestion decided`);
      return made;
    }
    const action = made.length % 2 ? 'reject' : 'accept';
    r = await c.post('/api/decide', { item: v.itemId, action, code: pending.codeId });
    if (!check(r, `decide ${v.itemId}`)) return made;
    made.push({ item: v.itemId, segment: v.unit.segmentId, code: pending.codeId, action, id: r.json.decision.id });
    item = r.json.item;
    if (!item.view.complete) continue;
    const next = item.nav.nextOpen;
    if (next === null) break;
    r = await c.get(`/api/item?id=${next}`);
    if (!check(r, `item ${next}`)) return made;
    item = r.json.item;
  }
  return made;
}

/** A database whose queue has units with ten suggestions each, `perCoder` / 10 (and a spare)
 *  for each of the 8 coders (disjoint slices: coder k codes every 8th unit from k), in `dir`. */
export function loadDatabase(dir: string, perCoder: number): { db: string; queue: string } {
  const db = join(dir, 'load.db');
  writeCorpus(join(dir, 'corpus'), Math.ceil(perCoder / WORDS.length) + 1);
  writeFileSync(join(dir, 'load.yml'), CODEBOOK);
  const run = cli(['run', '--corpus', join(dir, 'corpus'), '--codebook', join(dir, 'load.yml'), '--db', db, '--out', join(dir, 'out')]);
  if (run.code !== 0) throw new Error(`codeframe run exited ${run.code}: ${run.stderr}`);
  const store = openStore(db);
  try {
    for (const c of CODERS) createCoder(store, c);
    const queue = buildQueue(store, { name: 'load', include: 'coded' });
    const items = queueItems(store, queue);
    store.db.transaction(() => items.forEach((it, i) => assignItem(store, it.id, [CODERS[i % CODERS.length]!])))();
    return { db, queue };
  } finally {
    store.close();
  }
}

/** Starts `codeframe review` on the queue, runs the 8 coders at once, stops the server, and
 *  asserts: no error reply, nothing about SQLite on the server's stderr, every coder made
 *  `perCoder` decisions and `reviews` holds exactly those, row for row. */
export async function runCoders(db: string, queue: string, perCoder: number, started: (s: ReviewChild) => void): Promise<void> {
  const store = openStore(db, { readonly: true });
  try {
    expect(store.db.prepare(`SELECT count(*) FROM v_suggestions WHERE segment_id IN (SELECT segment_id FROM queue_items WHERE queue_id = ?)`).pluck().get(queue) as number)
      .toBeGreaterThanOrEqual(CODERS.length * perCoder);
  } finally {
    store.close();
  }
  const server = await startReviewChild(['--db', db, '--queue', queue, '--port', '0']);
  started(server);
  const errors: string[] = [];
  const made = await Promise.all(CODERS.map((c) => work(server.port, c, perCoder, errors)));
  const stderr = server.stderr();
  expect(await server.stop()).toBe(0);

  expect(errors).toEqual([]);
  expect(stderr).not.toMatch(/SQLITE|BUSY|internal error/i);
  expect(made.map((m) => m.length)).toEqual(CODERS.map(() => perCoder));

  const check = openStore(db, { readonly: true });
  try {
    const rows = check.db.prepare('SELECT id, coder, action, code_id AS code, segment_id AS segment, queue_item AS item FROM reviews ORDER BY id').all() as
      Array<{ id: number; coder: string; action: string; code: string; segment: string; item: number }>;
    expect(rows).toHaveLength(CODERS.length * perCoder);
    expect(new Set(rows.map((r) => `${r.coder}|${r.segment}|${r.code}`)).size).toBe(rows.length);
    const byId = new Map(rows.map((r) => [r.id, r]));
    CODERS.forEach((coder, k) => {
      for (const m of made[k]!) {
        expect(byId.get(m.id)).toEqual({ id: m.id, coder, action: m.action, code: m.code, segment: m.segment, item: m.item });
      }
    });
    expect(check.db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    check.close();
  }
}
