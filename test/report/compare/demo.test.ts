// End to end on the shipped demo corpus: the pipeline into a temporary folder, then the three
// commands as the CLI runs them (compare, quotes, timeline), producing every file.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { compareCommand } from '../../../src/cli/commands/compare.ts';
import { quotesCommand } from '../../../src/cli/commands/quotes.ts';
import { timelineCommand } from '../../../src/cli/commands/timeline.ts';
import { UsageError } from '../../../src/cli/errors.ts';
import { buildDemoDb } from '../../helpers/demo-db.ts';
import { openStore } from '../../../src/store/index.ts';

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-compare-demo-'));
const db = join(tmp, 'codeframe.db');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs a command, returning its exit code and what it printed. */
function capture(fn: () => number): { code: number; out: string } {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    return { code: fn(), out };
  } finally {
    spy.mockRestore();
  }
}

describe('compare, quotes and timeline on the demo corpus', () => {
  beforeAll(async () => {
    await buildDemoDb(db, tmp);
  });

  it('compare writes every table, the same bytes twice', () => {
    const first = capture(() => compareCommand({ db, out: join(tmp, 'a'), bootstrap: 200 }));
    expect(first.code).toBe(0);
    const files = readdirSync(join(tmp, 'a', 'tables')).sort();
    expect(files).toEqual([
      'compare_cells.csv', 'compare_cells.md', 'compare_chisquare.csv', 'compare_chisquare.md',
      'cooccurrence.csv', 'cooccurrence.md', 'cooccurrence_by_actor_group.csv', 'cooccurrence_by_actor_group.md',
    ]);
    capture(() => compareCommand({ db, out: join(tmp, 'b'), bootstrap: 200 }));
    for (const f of files) expect(readFileSync(join(tmp, 'b', 'tables', f), 'utf8'), f).toBe(readFileSync(join(tmp, 'a', 'tables', f), 'utf8'));
    expect(first.out).toMatch(/^Codings: final \(adjudicated where adjudicated/);

    const cells = readFileSync(join(tmp, 'a', 'tables', 'compare_cells.csv'), 'utf8').split('\r\n').slice(1, -1).map((l) => l.split(','));
    // study codebook: 3 principles × (all + 3 dimensions + 3 levels) × the demo's actor groups
    const groups = [...new Set(cells.map((c) => c[6]))];
    expect(groups.slice(0, 3)).toEqual(['major_power', 'global_south', 'multilateral']);
    expect(cells.length).toBe(3 * 7 * groups.length);
    const md = readFileSync(join(tmp, 'a', 'tables', 'compare_cells.md'), 'utf8');
    expect(md).toContain('## Principle × governance level (group `level`) × actor group');
  });

  it('compare --json carries the cells and the tests', () => {
    const r = capture(() => compareCommand({ db, out: join(tmp, 'j'), codings: 'auto', bootstrap: 50, seed: 3, json: true }));
    const json = JSON.parse(r.out);
    expect(json.codings).toBe('auto');
    expect(json.bootstrap).toMatchObject({ samples: 50, seed: 3 });
    expect(json.tests.length).toBe(21);
  });

  it('quotes lists the passages behind a cell, each equal to its document\'s text at [start, end)', () => {
    const r = capture(() => quotesCommand({ db, code: 'transparency', actorGroup: 'global_south', json: true }));
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.total).toBeGreaterThan(0);
    const store = openStore(db);
    try {
      for (const q of json.quotes) {
        const text = (store.db.prepare('SELECT text FROM documents WHERE sha256 = ?').get(q.sha256) as { text: string }).text;
        expect(q.text).toBe(text.slice(q.start, q.end));
        expect(q.actorGroup).toBe('global_south');
      }
    } finally {
      store.close();
    }
    expect(capture(() => quotesCommand({ db, code: 'transparency', md: true, limit: 2 })).out).toContain('# Quotes: code `transparency`, every actor group');
  });

  it('quotes and timeline refuse an unknown code with a usage error', () => {
    expect(() => quotesCommand({ db, code: 'transparancy' })).toThrow(UsageError);
    expect(() => timelineCommand({ db, out: tmp, code: 'interoperability', with: 'selectiv' })).toThrow(/Unexpected code `selectiv`/);
    expect(() => quotesCommand({ db: join(tmp, 'none.db'), code: 'transparency' })).toThrow(/no database/);
    expect(() => quotesCommand({ db, code: 'transparency', dimension: 'selective' })).toThrow(
      'Unexpected dimension `selective` (a code of group `level`), expected a code of group `dimension`: `security`, `information`, `economic`',
    );
  });

  it('timeline writes the chronology and the counts per period', () => {
    for (const [format, period] of [['md', 'year'], ['html', 'quarter']] as const) {
      const r = capture(() => timelineCommand({ db, out: join(tmp, 't'), code: 'interoperability', with: 'selective', format, period }));
      expect(r.code).toBe(0);
    }
    expect(readdirSync(join(tmp, 't', 'tables')).sort()).toEqual([
      'timeline_interoperability_with_selective_quarter.csv',
      'timeline_interoperability_with_selective_quarter.html',
      'timeline_interoperability_with_selective_year.csv',
      'timeline_interoperability_with_selective_year.md',
    ]);
    const csv = readFileSync(join(tmp, 't', 'tables', 'timeline_interoperability_with_selective_year.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe('period,code,units,documents,precision,documents_in_period,codings,codebook_version,unit');
    // every coded document is in exactly one period
    const inPeriods = csv.slice(1, -1).reduce((n, l) => n + Number(l.split(',')[5]), 0);
    const store = openStore(db);
    try {
      expect(inPeriods).toBe(store.db.prepare("SELECT count(*) FROM v_coded_documents WHERE unit = 'sentence'").pluck().get());
    } finally {
      store.close();
    }
  });
});
