// The comparison tables, from what is stored, as CSV (for scripts) and Markdown (for people):
//   code_by_actor_group     code x actor group: units coded, share of documents, rate per 1,000 words
//   principle_by_dimension  units coded with both a principle code and a dimension code
//   document_code_counts    coded units per document and code
// Only auto codings of one codebook version count, in the current version of each file that is
// fully coded with it. Output bytes depend only on the database: no timestamps, fixed decimals.
import { join } from 'node:path';
import {
  codebookInfo,
  codebookVersions,
  codedDocuments,
  codedUnit,
  codesOf,
  StoreError,
  type CodedDocumentRow,
  type CodeRow,
  type Store,
  type Unit,
} from '../store/index.ts';
import { csv, markdownTable, ratio, thousands, type Cell } from './format.ts';
import { countKey, countsForTables, type CodingsChoice, type TableCounts } from './final-tables.ts';
import { ensureDir, writeFilesAtomically } from './write-files.ts';

export interface TablesOptions {
  codebookVersion?: string;
  /** Which codings count (default: final = adjudicated, else the coders', else the rules'). */
  codings?: CodingsChoice;
  /** Unit to count; defaults to the unit the version was last coded at. */
  unit?: Unit;
  /** Code groups crossed in principle_by_dimension; default: the first group whose id starts with
   *  "principle" and the first that starts with "dimension". */
  principles?: string;
  dimensions?: string;
}

export interface Table {
  name: string;
  csv: string;
  markdown: string;
}

const UNASSIGNED = '(unassigned)';

export function writeTables(store: Store, outDir: string, opts: TablesOptions = {}): { files: string[]; codebookVersion: string } {
  const { codebookVersion, tables } = buildTables(store, opts);
  return { files: writeTableFiles(outDir, tables), codebookVersion };
}

/** Writes each table as OUT/tables/NAME.csv and .md. All are written under temporary names, then
 *  renamed: a reader, a killed run or a full disk never leaves half a table, nor new tables beside
 *  old ones of an earlier run (a failure before the renames keeps the old set whole). */
export function writeTableFiles(outDir: string, tables: readonly Table[]): string[] {
  const dir = join(outDir, 'tables');
  ensureDir(dir);
  const files = tables.flatMap((t) => [
    { file: join(dir, `${t.name}.csv`), content: t.csv },
    { file: join(dir, `${t.name}.md`), content: t.markdown },
  ]);
  writeFilesAtomically(files);
  return files.map((f) => f.file);
}

/** The tables as strings, without touching the file system. */
export function buildTables(store: Store, opts: TablesOptions = {}): { codebookVersion: string; unit: Unit; tables: Table[] } {
  const db = store.db;
  const version = opts.codebookVersion ?? store.latestCodebookVersion();
  if (!version) throw new StoreError('Unexpected database without a coded run, expected `codeframe run` or `codeframe code` first');
  const info = codebookInfo(db, version);
  if (!info) {
    const known = codebookVersions(db);
    throw new StoreError(
      `Unexpected codebook version \`${version}\`, expected one of: ${known.length ? known.map((v) => `\`${v}\``).join(', ') : '(none stored)'}`,
    );
  }
  const unit: Unit = opts.unit ?? codedUnit(db, version) ?? 'sentence';
  const codes = codesOf(db, version);
  const docs = codedDocuments(db, version, unit);
  // Summed from the per-document counts the store keeps, not from every coded unit (5 M rows at
  // 1 M segments); see countsForTables().
  const { counts, description } = countsForTables(store, { ...(opts.codings ?? { mode: 'final' }), codebookVersion: version, unit, docs });
  const ctx: Context = { store, version, unit, codes, docs, counts, header: header(description, version, info.title, unit, docs) };
  return {
    codebookVersion: version,
    unit,
    tables: [codeByActorGroup(ctx), principleByDimension(ctx, opts), documentCodeCounts(ctx)],
  };
}

interface Context {
  store: Store;
  version: string;
  unit: Unit;
  codes: CodeRow[];
  docs: CodedDocumentRow[];
  counts: TableCounts;
  header: string;
}

function header(codings: string, version: string, title: string, unit: Unit, docs: CodedDocumentRow[]): string {
  const words = docs.reduce((n, d) => n + d.word_count, 0);
  const units = docs.reduce((n, d) => n + d.units, 0);
  const lines = [
    `Counts: ${codings}, codebook version \`${version}\` (${title}); unit: ${unit}.`,
    `Documents: the current version of each file, coded with this version: N = ${docs.length} ` +
      `(${thousands(units)} ${unit}s, ${thousands(words)} words).`,
  ];
  if (unit === 'paragraph') lines.push('A paragraph counts as coded when a rule coded it or one of its sentences.');
  return lines.join('\n') + '\n';
}

/** Actor groups in byte order, the unassigned last. */
function actorGroups(docs: CodedDocumentRow[]): string[] {
  const groups = [...new Set(docs.map((d) => d.actor_group))];
  return groups.sort((a, b) => (a === UNASSIGNED ? 1 : b === UNASSIGNED ? -1 : a < b ? -1 : a > b ? 1 : 0));
}

function codeByActorGroup(ctx: Context): Table {
  const groups = actorGroups(ctx.docs);
  const size = new Map(groups.map((g) => [g, { documents: 0, words: 0 }]));
  for (const d of ctx.docs) {
    const s = size.get(d.actor_group)!;
    s.documents++;
    s.words += d.word_count;
  }
  const cell = (code: string, g: string) => {
    const c = ctx.counts.codeGroup.get(countKey(code, g)) ?? { units: 0, documents: 0 };
    const s = size.get(g)!;
    return { ...s, units: c.units, coded: c.documents, share: ratio(c.documents, s.documents, 4), rate: ratio(c.units, s.words, 3, 1000) };
  };

  const rows: Cell[][] = [];
  for (const code of ctx.codes) {
    for (const g of groups) {
      const c = cell(code.code_id, g);
      rows.push([code.code_id, code.label, code.group_id, g, c.documents, c.words, c.units, c.coded, c.share, c.rate]);
    }
  }
  const csvText = csv(
    ['code_id', 'code_label', 'code_group', 'actor_group', 'documents', 'words', 'units_coded', 'documents_coded', 'share_of_documents', 'rate_per_1000_words'],
    rows,
  );

  const mdRows = ctx.codes.map((code) => [
    `${code.label} (\`${code.code_id}\`)`,
    code.group_id,
    ...groups.map((g) => {
      const c = cell(code.code_id, g);
      const share = c.share === null ? 'n/a' : `${(Number(c.share) * 100).toFixed(1)}%`;
      return `${c.units} · ${share} · ${c.rate ?? 'n/a'}`;
    }),
  ]);
  const md =
    `# Codes by actor group\n\n${ctx.header}` +
    `Each cell: ${ctx.unit}s coded · share of the group's documents with at least one · ${ctx.unit}s coded per 1,000 words.\n` +
    `The passages behind a cell: \`SELECT * FROM v_code_actor_segments WHERE codebook_version = '${ctx.version}' ` +
    `AND unit = '${ctx.unit}' AND code_id = ... AND actor_group = ...\`\n\n` +
    markdownTable(
      ['Code', 'Group', ...groups.map((g) => `${g} (N = ${size.get(g)!.documents}; ${thousands(size.get(g)!.words)} words)`)],
      mdRows,
      ['l', 'l', ...groups.map(() => 'r' as const)],
    );
  return { name: 'code_by_actor_group', csv: csvText, markdown: md };
}

function principleByDimension(ctx: Context, opts: TablesOptions): Table {
  const groupIds = [...new Set(ctx.codes.map((c) => c.group_id))];
  const pick = (wanted: string | undefined, prefix: RegExp) => wanted ?? groupIds.find((g) => prefix.test(g)) ?? null;
  const pGroup = pick(opts.principles, /^principle/i);
  const dGroup = pick(opts.dimensions, /^dimension/i);
  const principles = ctx.codes.filter((c) => c.group_id === pGroup);
  const dimensions = ctx.codes.filter((c) => c.group_id === dGroup);
  const units = (p: string, d: string) => ctx.counts.pairs.get(countKey(p, d)) ?? 0;

  const rows: Cell[][] = [];
  for (const p of principles) for (const d of dimensions) rows.push([p.code_id, p.label, d.code_id, d.label, units(p.code_id, d.code_id)]);
  const csvText = csv(['principle', 'principle_label', 'dimension', 'dimension_label', 'units'], rows);

  let body: string;
  if (principles.length === 0 || dimensions.length === 0) {
    body =
      `The codebook has no ${principles.length === 0 ? `principle group (${pGroup ?? 'no group id starting with "principle"'})` : ''}` +
      `${principles.length === 0 && dimensions.length === 0 ? ' and no ' : ''}` +
      `${dimensions.length === 0 ? `dimension group (${dGroup ?? 'no group id starting with "dimension"'})` : ''}; ` +
      `its groups: ${groupIds.map((g) => `\`${g}\``).join(', ') || '(none)'}.\n`;
  } else {
    body =
      `Each cell: ${ctx.unit}s coded with both the principle (row, group \`${pGroup}\`) and the dimension (column, group \`${dGroup}\`).\n\n` +
      markdownTable(
        ['Principle', ...dimensions.map((d) => `${d.label} (\`${d.code_id}\`)`)],
        principles.map((p) => [`${p.label} (\`${p.code_id}\`)`, ...dimensions.map((d) => units(p.code_id, d.code_id))]),
        ['l', ...dimensions.map(() => 'r' as const)],
      );
  }
  return { name: 'principle_by_dimension', csv: csvText, markdown: `# Principles by dimension (co-occurrence)\n\n${ctx.header}${body}` };
}

function documentCodeCounts(ctx: Context): Table {
  const codeIds = ctx.codes.map((c) => c.code_id);
  const none = new Map<string, number>();
  const counts = (sha: string) => {
    const of = ctx.counts.documentCode.get(sha) ?? none;
    return codeIds.map((c) => of.get(c) ?? 0);
  };
  // A row per document (100,000 and more in a large study): generated as each is written out.
  const rows = function* (): Generator<Cell[]> {
    for (const d of ctx.docs) yield [d.file, d.sha256, d.title, d.actor_group, d.country, d.date, d.word_count, d.units, ...counts(d.sha256)];
  };
  const mdRows = function* (): Generator<Cell[]> {
    for (const d of ctx.docs) yield [d.file, d.actor_group, thousands(d.word_count), d.units, ...counts(d.sha256)];
  };
  const csvText = csv(['file', 'sha256', 'title', 'actor_group', 'country', 'date', 'words', 'units', ...codeIds], rows());
  const md =
    `# Code counts per document\n\n${ctx.header}Each cell: ${ctx.unit}s of the document coded with the code.\n\n` +
    markdownTable(
      ['File', 'Actor group', 'Words', `${cap(ctx.unit)}s`, ...codeIds.map((c) => `\`${c}\``)],
      mdRows(),
      ['l', 'l', 'r', 'r', ...codeIds.map(() => 'r' as const)],
    );
  return { name: 'document_code_counts', csv: csvText, markdown: md };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
