// Each researcher-facing example in scripts/examples runs against a database built by the real
// pipeline on the shipped demo corpus, and gives the numbers of the tables codeframe writes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoDb } from '../helpers/demo-db.ts';
import { formatTable, principleByDimension } from '../../scripts/examples/principle-by-dimension.ts';
import { REPO_ROOT } from '../helpers/shared.ts';

const EXAMPLES = join(REPO_ROOT, 'scripts/examples');
const tmp = mkdtempSync(join(tmpdir(), 'codeframe-examples-'));
const db = join(tmp, 'codeframe.db');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Row = Record<string, string>;
const table = (name: string): Row[] => parse(readFileSync(join(tmp, 'tables', `${name}.csv`)), { columns: true }) as Row[];

beforeAll(async () => {
  await buildDemoDb(db, tmp, { tables: true });
});

describe('scripts/examples', () => {
  it('holds exactly the examples tested here (a new example needs a test)', () => {
    expect(readdirSync(EXAMPLES).sort()).toEqual(['README.md', 'code-by-actor-group.sql', 'principle-by-dimension.ts']);
  });

  it('code-by-actor-group.sql gives the rows of tables/code_by_actor_group.csv', () => {
    // The sqlite3 shell reads the dot-commands (.headers, .mode); a library runs the one statement.
    const sql = readFileSync(join(EXAMPLES, 'code-by-actor-group.sql'), 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('.'))
      .join('\n');
    const conn = new Database(db, { readonly: true });
    try {
      const rows = (conn.prepare(sql).all() as Array<Record<string, string | number | null>>).map((r) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? '' : String(v)])),
      );
      const expected = table('code_by_actor_group');
      expect(expected.length).toBeGreaterThanOrEqual(40); // 12 codes x 4 actor groups on the demo corpus
      expect(rows).toEqual(expected);
    } finally {
      conn.close();
    }
  });

  it('principle-by-dimension.ts gives the cells of tables/principle_by_dimension.csv', () => {
    const t = principleByDimension(db);
    const expected = table('principle_by_dimension').map((r) => ({ principle: r.principle, dimension: r.dimension, units: Number(r.units) }));
    expect(expected.some((c) => c.units > 0)).toBe(true);
    expect(t.cells).toEqual(expected);
    expect(t.principles).toEqual(['transparency', 'accountability', 'interoperability']);
    expect(t.dimensions).toEqual(['security', 'information', 'economic']);
  });

  it('principle-by-dimension.ts runs from the command line and prints the table', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(EXAMPLES, 'principle-by-dimension.ts'), db], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(formatTable(principleByDimension(db)));
    const cells = table('principle_by_dimension');
    const row = run.stdout.split('\n').find((l) => l.startsWith('transparency '))!;
    expect(row.trim().split(/\s+/).slice(1)).toEqual(cells.filter((c) => c.principle === 'transparency').map((c) => c.units));
  });
});
