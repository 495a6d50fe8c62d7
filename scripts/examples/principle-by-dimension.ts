// Principles by dimension: units coded with both a principle code and a dimension code, from the
// database alone (the same numbers as out/tables/principle_by_dimension.csv), printed as a table.
//
//   npx tsx scripts/examples/principle-by-dimension.ts [out/codeframe.db]
//
// An example to copy: open the database read-only, run one SQL query over the views documented in
// src/store/SCHEMA.md, shape the rows in TypeScript. Nothing here uses codeframe's own code.
import Database from 'better-sqlite3';
import { pathToFileURL } from 'node:url';

// The codebook groups to cross (the study's codebook/study.yml calls them `principle` and `dimension`).
const PRINCIPLES = 'principle';
const DIMENSIONS = 'dimension';

export interface Cell {
  principle: string;
  dimension: string;
  units: number;
}

export interface PrincipleByDimension {
  codebookVersion: string;
  unit: string;
  principles: string[];
  dimensions: string[];
  cells: Cell[];
}

export function principleByDimension(dbFile: string, groups = { principles: PRINCIPLES, dimensions: DIMENSIONS }): PrincipleByDimension {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    // The codebook version of the latest completed run that coded, and the unit it coded at (what the tables count).
    const params = db
      .prepare(
        `SELECT r.codebook_version AS version,
                (SELECT k.unit FROM coding_done k WHERE k.codebook_version = r.codebook_version
                 ORDER BY k.run_id DESC, k.unit DESC LIMIT 1) AS unit
         FROM runs r
         WHERE r.status = 'completed' AND r.codebook_version IS NOT NULL
           AND EXISTS (SELECT 1 FROM coding_done k WHERE k.codebook_version = r.codebook_version)
         ORDER BY r.id DESC LIMIT 1`,
      )
      .get() as { version: string; unit: string } | undefined;
    if (!params) throw new Error(`${dbFile}: no coded run yet (run \`codeframe run\` first)`);

    const codes = (group: string) =>
      db.prepare('SELECT code_id FROM codes WHERE codebook_version = ? AND group_id = ? ORDER BY ordinal').pluck().all(params.version, group) as string[];

    // Every pair of a principle and a dimension with the number of units coded with both.
    // v_coded_segments has one row per coded unit x code, so a self-join on the unit pairs its codes.
    const rows = db
      .prepare(
        `WITH coded AS (
           SELECT segment_id, code_id, code_group FROM v_coded_segments
           WHERE codebook_version = @version AND unit = @unit
         )
         SELECT p.code_id AS principle, d.code_id AS dimension, count(*) AS units
         FROM coded p JOIN coded d ON d.segment_id = p.segment_id
         WHERE p.code_group = @principles AND d.code_group = @dimensions AND p.code_id <> d.code_id
         GROUP BY p.code_id, d.code_id`,
      )
      .all({ ...params, ...groups }) as Cell[];

    const principles = codes(groups.principles);
    const dimensions = codes(groups.dimensions);
    const count = new Map(rows.map((r) => [`${r.principle}|${r.dimension}`, r.units]));
    const cells = principles.flatMap((p) => dimensions.map((d) => ({ principle: p, dimension: d, units: count.get(`${p}|${d}`) ?? 0 })));
    return { codebookVersion: params.version, unit: params.unit, principles, dimensions, cells };
  } finally {
    db.close();
  }
}

/** Rows = principles, columns = dimensions, numbers right-aligned. */
export function formatTable(t: PrincipleByDimension): string {
  const header = ['', ...t.dimensions];
  const body = t.principles.map((p) => [p, ...t.dimensions.map((d) => String(t.cells.find((c) => c.principle === p && c.dimension === d)!.units))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    `${t.unit}s coded with both a principle (row) and a dimension (column); codebook version ${t.codebookVersion}`,
    line(header),
    ...body.map(line),
  ].join('\n') + '\n';
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(formatTable(principleByDimension(process.argv[2] ?? 'out/codeframe.db')));
}
