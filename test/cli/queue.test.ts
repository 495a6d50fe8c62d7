// `codeframe coder add|list` and `codeframe queue build|list|assign|progress` on the hand-built
// fixture database (test/store/fixture.ts: 9 current sentence units, 5 of them coded by v1).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  coderAddCommand, coderListCommand, collect, collectEach, queueAssignCommand, queueBuildCommand, queueListCommand,
  queueProgressCommand, queueSpecOf, type QueueBuildFlags,
} from '../../src/cli/commands/queue.ts';
import { decide, queueItems } from '../../src/review/index.ts';
import { openStore } from '../../src/store/index.ts';
import { buildFixture, CODEBOOK_V1 } from '../store/fixture.ts';

const V1 = CODEBOOK_V1.version;

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-queue-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let db: string;
let n = 0;
beforeEach(() => {
  db = join(tmp, `q${++n}.db`);
  buildFixture(db).close();
});

function run(fn: () => number): { code: number; out: string } {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += chunk.toString();
    return true;
  });
  try {
    return { code: fn(), out };
  } finally {
    spy.mockRestore();
  }
}
const json = <T>(fn: () => number): T => JSON.parse(run(fn).out) as T;
const build = (flags: Partial<QueueBuildFlags>) => json<{ id: string; created: boolean; items: number }>(() => queueBuildCommand({ db, name: 'q', json: true, codebookVersion: V1, ...flags }));

describe('codeframe coder', () => {
  it('adds coders (idempotently) and lists them', () => {
    expect(run(() => coderAddCommand('ann', { db, label: 'Ann A.' })).out).toBe('coder ann added\n');
    expect(run(() => coderAddCommand('ann', { db })).out).toBe('coder ann exists (unchanged)\n');
    run(() => coderAddCommand('bob', { db }));
    expect(run(() => coderListCommand({ db })).out).toBe('ann  Ann A.\nbob\n');
    expect(json<Array<{ name: string }>>(() => coderListCommand({ db, json: true })).map((c) => c.name)).toEqual(['ann', 'bob']);
  });

  it('refuses a bad name as a usage error', () => {
    expect(() => coderAddCommand('a b', { db })).toThrow(expect.objectContaining({ name: 'UsageError', message: expect.stringMatching(/Unexpected coder name `a b`/) }));
  });

  it('refuses a missing database', () => {
    expect(() => coderListCommand({ db: join(tmp, 'nope.db') })).toThrow(/no database at/);
  });
});

describe('codeframe queue build', () => {
  it.each<[string, Partial<QueueBuildFlags>, number]>([
    ['coded units (default): a:s0 a:s1 a:s2 c:s0 c:s1 d:s1', {}, 6],
    ['uncoded units', { include: 'uncoded' }, 3],
    ['all units', { include: 'all' }, 9],
    ['one code', { code: ['security'] }, 3],
    ['codes given comma-separated', { code: 'security,economic' }, 5],
    ['a group', { group: ['dimensions'] }, 5],
    ['an actor group', { actorGroup: ['global_south'], include: 'all' }, 4],
    ['a document by path', { document: ['c.txt'] }, 2],
    ['a sample', { include: 'all', sample: 4, seed: '1' }, 4],
  ])('%s', (_, flags, items) => {
    expect(build(flags).items).toBe(items);
  });

  it('defaults to the latest coded version (v2, paragraphs of a.txt) and takes --run', () => {
    expect(json<{ queue: { unit: string; codebookVersion: string } }>(() => queueBuildCommand({ db, name: 'q', json: true })).queue).toMatchObject({ unit: 'paragraph', codebookVersion: 'v2bbbbbbbbbb' });
    expect(build({ run: 1, codebookVersion: undefined }).items).toBe(6);
  });

  it('gives the same queue for the same flags, and says so', () => {
    const a = build({ code: ['security'] });
    const b = build({ code: ['security'] });
    expect([a.created, b.created, b.id]).toEqual([true, false, a.id]);
    expect(run(() => queueBuildCommand({ db, name: 'q', code: ['security'], codebookVersion: V1 })).out).toMatch(/^queue exists \(same spec\): q[0-9a-f]{12}/);
  });

  it('prints the strata of a stratified sample', () => {
    const { out } = run(() => queueBuildCommand({ db, name: 's', codebookVersion: V1, include: 'all', sample: 4, seed: '2', stratify: 'actor_group' }));
    expect(out).toMatch(/4 sentence\(s\), codebook v1aaaaaaaaaa, run 2/);
    // 9 units: global_south 4, major_power 3, (unassigned) 2 → 4·4/9, 4·3/9, 4·2/9 → 2, 1, 1 (largest remainders).
    expect(out).toContain('  stratum (unassigned): 1\n  stratum global_south: 2\n  stratum major_power: 1\n');
  });

  it.each<[string, Partial<QueueBuildFlags>, RegExp]>([
    ['--sample without --seed', { sample: 3 }, /expected a seed/],
    ['--seed without --sample', { seed: '1' }, /--seed without --sample/],
    ['--stratify without --sample', { stratify: ['doc_type'] }, /--stratify without --sample/],
    ['an unknown stratum', { sample: 2, seed: '1', stratify: ['country'] }, /Unexpected --stratify `country`/],
    ['an unknown code (from the review module)', { code: ['nope'] }, /Unexpected code `nope` in queue spec, expected one of transparency/],
    ['a run that did not code', { run: 99, codebookVersion: undefined }, /Unexpected run 99/],
    ['a run of another codebook version', { run: 3 }, /Unexpected codebook version `v1aaaaaaaaaa` with run 3/],
  ])('refuses %s as a usage error', (_, flags, message) => {
    expect(() => queueBuildCommand({ db, name: 'q', codebookVersion: V1, ...flags })).toThrow(expect.objectContaining({ name: 'UsageError', message: expect.stringMatching(message) }));
  });

  it('keeps commas inside --document values', () => {
    expect(queueSpecOf({ db, name: 'q', document: ['a,b.txt'], code: ['x,y'] })).toMatchObject({ documents: ['a,b.txt'], codes: ['x', 'y'] });
    expect(collect('a, b', ['z'])).toEqual(['z', 'a', 'b']);
    expect(collectEach('a,b', [])).toEqual(['a,b']);
  });
});

describe('codeframe queue list, assign, progress', () => {
  it('assigns items to coders in turn and reports progress per coder', () => {
    for (const c of ['ann', 'bob']) run(() => coderAddCommand(c, { db }));
    const { id } = build({ include: 'all' });
    expect(run(() => queueListCommand({ db })).out).toMatch(new RegExp(`${id}\\s+9  sentence\\s+${CODEBOOK_V1.version}  \\(open\\)  q`));

    expect(run(() => queueAssignCommand(id, { db, coders: 'ann,bob', perItem: 1 })).out).toBe(`9 assignment(s) added to ${id}\n  ann: 5 item(s)\n  bob: 4 item(s)\n`);
    expect(json<Array<{ assigned: string[] }>>(() => queueListCommand({ db, json: true }))[0]!.assigned).toEqual(['ann', 'bob']);

    // ann finishes her first item (position 0: a:s0, two suggestions).
    const store = openStore(db);
    const first = queueItems(store, id)[0]!;
    for (const code of ['security', 'transparency']) decide(store, { item: first.id, coder: 'ann', action: 'accept', code });
    store.close();
    const p = json<{ items: number; coders: Array<{ coder: string; items: number; complete: number; remaining: number }> }>(() => queueProgressCommand(id, { db, json: true }));
    expect(p.items).toBe(9);
    expect(p.coders).toEqual([
      { coder: 'ann', items: 5, complete: 1, remaining: 4 },
      { coder: 'bob', items: 4, complete: 0, remaining: 4 },
    ]);
    expect(run(() => queueProgressCommand(id, { db })).out).toContain('ann        5         1          4    20.0%');
  });

  it('refuses unknown coders and queues as usage errors', () => {
    const { id } = build({});
    expect(() => queueAssignCommand(id, { db, coders: 'ghost' })).toThrow(expect.objectContaining({ name: 'UsageError', message: expect.stringMatching(/Unexpected coder `ghost`/) }));
    expect(() => queueProgressCommand('qnope', { db })).toThrow(expect.objectContaining({ name: 'UsageError', message: expect.stringMatching(/Unexpected queue `qnope`/) }));
  });
});
