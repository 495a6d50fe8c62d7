// The terminal review route, driven through streams over a queue built from the shipped demo corpus;
// what it did is checked in the `reviews` table afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { markSpans, pickQueue, reviewCliCommand } from '../../src/cli/commands/review-cli.ts';
import { buildDemoDb } from '../helpers/demo-db.ts';
import { assign, buildQueue, coderItems, createCoder, nextItem } from '../../src/review/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-review-cli-'));
const db = join(tmp, 'codeframe.db');
let store: Store;
let coded: string;
let uncoded: string;

beforeAll(async () => {
  await buildDemoDb(db, tmp);
  store = openStore(db);
  for (const c of ['ann', 'bob', 'cy', 'dee', 'eve']) createCoder(store, c);
});
afterAll(() => {
  store?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** A fresh queue per test (a new name is a new spec, so a new queue and new items). */
let n = 0;
beforeEach(() => {
  n++;
  coded = buildQueue(store, { name: `coded ${n}`, include: 'coded', sample: { size: 4, seed: 7 } });
  uncoded = buildQueue(store, { name: `uncoded ${n}`, include: 'uncoded', sample: { size: 2, seed: 7 } });
});

/** Runs the CLI with `script` as piped stdin; returns exit code and everything it printed. */
async function drive(coder: string, queue: string, script: string, tty = false): Promise<{ code: number; out: string; raw: boolean[] }> {
  const input = new PassThrough() as PassThrough & { isTTY?: boolean; setRawMode?: (b: boolean) => void };
  const output = new PassThrough() as PassThrough & { isTTY?: boolean };
  const raw: boolean[] = [];
  if (tty) {
    input.isTTY = true;
    input.setRawMode = (b) => void raw.push(b);
    output.isTTY = true;
  }
  let out = '';
  output.on('data', (d) => (out += d.toString()));
  const done = reviewCliCommand({ db, coder, queue }, { input, output });
  if (tty) for (const ch of script) input.write(ch); // one key per chunk, as a terminal sends them
  else input.write(script);
  input.end();
  const code = await done;
  return { code, out, raw };
}

const rows = (coder: string) =>
  store.db
    .prepare(`SELECT r.id, r.action, r.code_id AS code, r.undoes, r.memo, qi.queue_id AS queue FROM reviews r JOIN queue_items qi ON qi.id = r.queue_item WHERE r.coder = ? ORDER BY r.id`)
    .all(coder) as Array<{ id: number; action: string; code: string; undoes: number | null; memo: string | null; queue: string }>;

describe('codeframe review --cli (piped commands, one per line)', () => {
  it('accepts the selected suggestion and moves on: "a\\nn\\nq"', async () => {
    const first = nextItem(store, coded, 'ann')!;
    const { code, out } = await drive('ann', coded, 'a\nn\nq\n');
    expect(code).toBe(0);
    expect(rows('ann').map((r) => [r.action, r.code, r.queue])).toEqual([['accept', first.suggestions[0]!.codeId, coded]]);
    // The unit with its context and the matched words in brackets (not a terminal: no ANSI).
    expect(out).toContain(first.document.title!);
    expect(out).toContain(`page ${first.unit.page}`);
    expect(out).toContain(`actor group: ${first.document.actorGroup}`);
    const [s, e] = first.suggestions[0]!.hits[0]!.spans[0]!;
    expect(out).toContain(`[[${first.unit.text.slice(s - first.unit.start, e - first.unit.start)}]]`);
    expect(out).not.toContain('\x1b[');
    expect(out).toMatch(/1 decision\(s\) recorded/);
  });

  it('records reject, undo, accept, add (by number and by id) and a memo, in order, as new rows', async () => {
    const first = nextItem(store, coded, 'bob')!;
    const suggested = first.suggestions.map((s) => s.codeId);
    const codes = store.db.prepare(`SELECT code_id FROM codes WHERE codebook_version = ? ORDER BY ordinal`).pluck().all(first.codebookVersion) as string[];
    const missing = codes.filter((c) => !suggested.includes(c));
    const accepts = suggested.map(() => 'a\n').join('');
    const script = `r\nu\n${accepts}c\n${codes.indexOf(missing[0]!) + 1}\nc ${missing[1]}\nm needs a second look\nn\nq\n`;
    const { out } = await drive('bob', coded, script);
    const got = rows('bob');
    expect(got.map((r) => [r.action, r.code])).toEqual([
      ['reject', suggested[0]],
      ['undo', suggested[0]],
      ...suggested.map((c) => ['accept', c]),
      ['add', missing[0]],
      ['add', missing[1]],
      ['memo', '*'],
    ]);
    expect(got[1]!.undoes).toBe(got[0]!.id);
    expect(got.at(-1)!.memo).toBe('needs a second look');
    expect(out).toContain(`Added by you: ${[missing[0], missing[1]].sort().join(', ')}`);
    const state = store.db.prepare(`SELECT code_id, status FROM v_review_state WHERE coder = 'bob' AND segment_id = ? ORDER BY code_id`).all(first.unit.segmentId);
    expect(state).toEqual(
      [...suggested.map((c) => ({ code_id: c, status: 'accepted' })), { code_id: missing[0], status: 'added' }, { code_id: missing[1], status: 'added' }].sort((a, b) =>
        a.code_id < b.code_id ? -1 : 1,
      ),
    );
    expect(coderItems(store, coded, 'bob').find((i) => i.id === first.itemId)!.complete).toBe(true);
  });

  it('marks a unit without suggestions done with n, and refuses accept there', async () => {
    const first = nextItem(store, uncoded, 'cy')!;
    expect(first.suggestions).toEqual([]);
    const { out } = await drive('cy', uncoded, 'a\nn\nq\n');
    expect(out).toContain('! no suggestion in this unit');
    expect(rows('cy').map((r) => [r.action, r.code])).toEqual([['done', '*']]);
    expect(coderItems(store, uncoded, 'cy').filter((i) => i.complete).map((i) => i.id)).toEqual([first.itemId]);
  });

  it('shows a coder only their own decisions (blind double coding)', async () => {
    assign(store, coded, ['dee', 'eve']);
    await drive('dee', coded, 'r\nq\n');
    const { out } = await drive('eve', coded, 'q\n');
    expect(out).not.toContain('rejected');
    expect(out).toContain('→ undecided');
  });

  it('prints a ReviewError and goes on: an unknown code to add', async () => {
    const { code, out } = await drive('ann', uncoded, 'c no_such_code\nq\n');
    expect(code).toBe(0);
    expect(out).toMatch(/! Unexpected code `no_such_code`, expected a code of codebook version/);
  });

  it('refuses an unknown coder and an ambiguous queue as usage errors', async () => {
    await expect(drive('zed', coded, 'q\n')).rejects.toThrow(/Unexpected coder `zed`/);
    expect(() => pickQueue(store, undefined, 'ann')).toThrow(/expected --queue ID/);
  });
});

describe('codeframe review --cli on a terminal (raw keys)', () => {
  it('reads single keys in raw mode, marks matched words with ANSI, and restores the terminal', async () => {
    const first = nextItem(store, coded, 'cy')!;
    const { out, raw } = await drive('cy', coded, 'aq', true);
    expect(raw).toEqual([true, false]);
    expect(out).toContain('\x1b[1;4m');
    expect(rows('cy').filter((r) => r.queue === coded).map((r) => [r.action, r.code])).toEqual([['accept', first.suggestions[0]!.codeId]]);
  });

  it('edits a prompted line with backspace in raw mode (c, then the code id)', async () => {
    const first = nextItem(store, uncoded, 'eve')!;
    expect(first.suggestions).toEqual([]);
    await drive('eve', uncoded, 'c' + 'securx\x7fity\r' + 'q', true);
    expect(rows('eve').filter((r) => r.queue === uncoded).map((r) => [r.action, r.code])).toEqual([['add', 'security']]);
  });
});

describe('markSpans', () => {
  it.each([
    [[[10, 13]], false, 'ab[[cde]]fg'],
    [[[10, 12], [11, 13]], false, 'ab[[cde]]fg'],
    [[[10, 11], [12, 13]], true, 'ab\x1b[1;4mc\x1b[0md\x1b[1;4me\x1b[0mfg'],
    [[], false, 'abcdefg'],
  ] as Array<[Array<[number, number]>, boolean, string]>)('%j', (spans, ansi, expected) => {
    expect(markSpans('abcdefg', 8, spans, ansi)).toBe(expected);
  });
});
