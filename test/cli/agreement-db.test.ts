// `codeframe agreement --db`: the statistics from the review log, on screen, as CSV and as JSON.
// Two coders on the fixture; security over the 3 units both finished: ann 1 1 0, bob 1 0 0.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { agreementDbCommand } from '../../src/cli/commands/agreement-db.ts';
import { decide } from '../../src/review/index.ts';
import { reviewFixture } from '../review/fixture.ts';

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-agreement-db-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function fixtureDb(name: string): { db: string; queue: string } {
  const db = join(tmp, `${name}.db`);
  const f = reviewFixture(db);
  const d = (doc: string, id: string, coder: string, action: 'accept' | 'reject', code: string) => decide(f.store, { item: f.item(doc, id), coder, action, code });
  for (const c of ['ann', 'bob']) {
    d('a', 's0', c, 'accept', 'transparency'), d('a', 's0', c, 'accept', 'security');
    d('c', 's0', c, 'accept', 'accountability');
    d('c', 's1', c, 'reject', 'security');
  }
  d('c', 's0', 'ann', 'accept', 'security'), d('c', 's0', 'bob', 'reject', 'security');
  f.store.close();
  return { db, queue: f.queue };
}

function run(fn: () => number): string {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += chunk.toString()), true));
  try {
    expect(fn()).toBe(0);
    return out;
  } finally {
    spy.mockRestore();
  }
}

const csvRows = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\r\n').map((l) => l.split(','));

describe('codeframe agreement --db', () => {
  it('writes the three CSV files with kappa 0.4 and alpha 4/9 for security (by hand)', () => {
    const { db, queue } = fixtureDb('csv');
    const out = join(tmp, 'out');
    const text = run(() => agreementDbCommand({ db, queue, out }));
    const byCode = csvRows(join(out, 'agreement_by_code.csv'));
    expect(byCode[0]!.slice(0, 3)).toEqual(['code_id', 'coders', 'units']);
    const sec = Object.fromEntries(byCode[0]!.map((h, i) => [h, byCode.find((r) => r[0] === 'security')![i]]));
    expect(sec).toMatchObject({ coders: '2', units: '3', with_code: '3', without_code: '3', missing: '0', cohen_units: '3', alpha_units: '3' });
    // po = 2/3, pe = (2·1 + 1·2)/9 = 4/9: kappa = (2/9)/(5/9); alpha = 1 - 5·2/(2·3·3).
    expect(Number(sec.cohen_kappa)).toBeCloseTo(0.4, 12);
    expect(Number(sec.krippendorff_alpha)).toBeCloseTo(4 / 9, 12);
    expect(Number(sec.percent_all_agree)).toBeCloseTo(2 / 3, 12);
    // economic: nobody coded it anywhere: kappa undefined, with the reason in the note.
    expect(byCode.find((r) => r[0] === 'economic')!.at(-1)).toMatch(/cohen undefined: expected agreement is 1/);

    const pairs = csvRows(join(out, 'coder_pairs.csv'));
    expect(pairs.filter((r) => r[0] === 'security').map((r) => `${r[1]}/${r[2]}:${r[3]}`)).toEqual(['ann/bob:3', 'ann/(rules):3', 'bob/(rules):3']);

    // c:s0 security is disputed and not adjudicated: left out of the rule scores.
    const rules = csvRows(join(out, 'rule_quality.csv'));
    expect(rules.filter((r) => r[0] === 'security').map((r) => r.slice(0, 7))).toEqual([
      ['security', '*', '2', '1', '1', '0', '0.5'],
      ['security', 'r1', '1', '0', '1', '', '0'],
      ['security', 'r2', '1', '1', '1', '', '1'],
    ]);
    expect(text).toContain('1 disputed unit x code left out');
    expect(text).toMatch(/^security\s+2\s+3\s+0\s+0\.667\s+0\.667\s+0\.400\s+0\.333\s+0\.444\s+3/m);
    expect(text).toMatch(/^security\s+r2\s+1\s+1\s+1\s+1\.000 \[0\.207, 1\.000\]/m);
  });

  it('prints everything as JSON with --json', () => {
    const { db, queue } = fixtureDb('json');
    const r = JSON.parse(run(() => agreementDbCommand({ db, queue, json: true })));
    expect(r).toMatchObject({ codebookVersion: 'v1aaaaaaaaaa', unit: 'sentence', queue, coders: ['ann', 'bob'], units: 3, disputedLeftOut: 1 });
    expect(r.byCode.find((c: { code: string }) => c.code === 'security').cohenKappa.value).toBeCloseTo(0.4, 12);
  });

  it('refuses an unknown queue as a usage error', () => {
    const { db } = fixtureDb('bad');
    expect(() => agreementDbCommand({ db, queue: 'qnope' })).toThrow(expect.objectContaining({ name: 'UsageError' }));
  });
});
