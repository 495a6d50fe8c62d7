// `codeframe review` as the CLI runs it: finds or builds the queue, prints the URL, stops on a
// signal with exit 0, and refuses with a UsageError what a user must fix.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reviewCommand, type ReviewFlags } from '../../../src/cli/commands/review.ts';
import { reviewFixture } from '../fixture.ts';
import { Client } from './client.ts';

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-review-cmd-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function fixtureDb(): { db: string; queue: string } {
  const db = join(tmp, `f${n++}.db`);
  const f = reviewFixture(db);
  f.store.close();
  return { db, queue: f.queue };
}

/** Runs the command until it prints its URL, calls `use` with the port, then stops it. */
async function running(flags: ReviewFlags, use: (port: number, lines: string[]) => Promise<void>): Promise<number> {
  const stop = new AbortController();
  const lines: string[] = [];
  let ready!: (port: number) => void;
  const port = new Promise<number>((r) => (ready = r));
  const done = reviewCommand(flags, {
    signal: stop.signal,
    log: (line) => {
      lines.push(line);
      const m = /^open http:\/\/127\.0\.0\.1:(\d+)\//.exec(line);
      if (m) ready(Number(m[1]));
    },
  });
  await Promise.race([port.then((p) => use(p, lines)), done]);
  stop.abort();
  return done;
}

describe('codeframe review', () => {
  it('serves the only queue of the database, prints the URL, and exits 0 on a signal', async () => {
    const { db, queue } = fixtureDb();
    const code = await running({ db, port: 0, coder: 'ann' }, async (port, lines) => {
      expect(lines[0]).toContain(`(${queue}, 9 units`);
      const session = (await new Client(port).get('/api/session')).json;
      expect(session).toMatchObject({ coder: null, defaultCoder: 'ann', mode: 'loopback', queue: { id: queue } });
    });
    expect(code).toBe(0);
  });

  it('with --assign gives every unit to each coder, and creates them', async () => {
    const { db } = fixtureDb();
    const code = await running({ db, port: 0, assign: 'ann,dora', adjudicator: 'judge' }, async (_port, lines) => {
      expect(lines).toContain('assigned: 18 new assignments (ann, dora on every unit)');
    });
    expect(code).toBe(0);
  });

  it.each<[string, Partial<ReviewFlags>, RegExp]>([
    ['a network address without tokens', { host: '0.0.0.0' }, /Unexpected address 0\.0\.0\.0 without access tokens.*--token-file/],
    ['a missing token file', { tokenFile: '/nonexistent/tokens.txt' }, /cannot read the token file \/nonexistent\/tokens\.txt: ENOENT/],
    ['an unknown queue', { queue: 'qnope' }, /Unexpected queue `qnope`/],
    ['--sample without --build', { sample: 3 }, /--sample needs --build/],
    ['a missing database', { db: '/nonexistent/x.db' }, /no database at \/nonexistent\/x\.db/],
  ])('refuses %s with a UsageError', async (_what, extra, message) => {
    const { db } = fixtureDb();
    await expect(reviewCommand({ db, port: 0, ...extra })).rejects.toMatchObject({ name: 'UsageError', message: expect.stringMatching(message) });
  });

  it('refuses a token file with a short token, naming the line', async () => {
    const { db } = fixtureDb();
    const file = join(tmp, 'tokens.txt');
    writeFileSync(file, '# coders\nann 0123456789abcdef0123456789\nbob short\n');
    await expect(reviewCommand({ db, port: 0, tokenFile: file, host: '0.0.0.0' })).rejects.toMatchObject({
      name: 'UsageError', message: `${file}:3: Unexpected token of 5 characters for \`bob\`, expected at least 20 (e.g. \`openssl rand -hex 16\`)`,
    });
  });

  it('asks for --queue when the database has several queues', async () => {
    const { db } = fixtureDb();
    const code = await running({ db, port: 0, build: true, sample: 2, seed: '7' }, async (_port, lines) => {
      expect(lines[0]).toContain('queue "sample of 2 (seed 7)"');
    });
    expect(code).toBe(0);
    await expect(reviewCommand({ db, port: 0 })).rejects.toMatchObject({ message: expect.stringMatching(/has 2 review queues; pass --queue ID/) });
  });
});
