// `codeframe compare` as files: the comparison cells, the chi-square tests and the co-occurrence
// matrices, each as CSV (tidy, one row per cell, for scripts) and Markdown (for people). Every file
// says which codings count (a `codings` column in CSV, the basis sentence in Markdown). Bytes depend
// only on the database and the options: fixed decimals, no timestamps, seeded bootstrap.
import type { Store } from '../../store/index.ts';
import { csv, markdownTable, thousands, type Cell } from '../format.ts';
import { writeTableFiles, type Table } from '../tables.ts';
import { buildComparison, FEW_DOCUMENTS, FEW_UNITS, type CompareCell, type CompareOptions, type CompareTest, type Comparison, type Interval } from './cells.ts';
import { ALL, cooccurrence, type CooccurrenceMatrix } from './cooccurrence.ts';
import { loadCodedData, type CodedData, type LoadOptions } from './units.ts';

export interface CompareResult {
  files: string[];
  comparison: Comparison;
  cooccurrence: CooccurrenceMatrix[];
}

export function writeCompare(store: Store, outDir: string, opts: LoadOptions & CompareOptions = {}): CompareResult {
  const data = loadCodedData(store, opts);
  const built = buildCompareTables(data, opts);
  return { files: writeTableFiles(outDir, built.tables), comparison: built.comparison, cooccurrence: built.cooccurrence };
}


export function buildCompareTables(data: CodedData, opts: CompareOptions = {}): { comparison: Comparison; cooccurrence: CooccurrenceMatrix[]; tables: Table[] } {
  const comparison = buildComparison(data, opts);
  const matrices = cooccurrence(data);
  const head = header(data);
  return {
    comparison,
    cooccurrence: matrices,
    tables: [
      cellsTable(comparison, data, head),
      testsTable(comparison, data, head),
      cooccurrenceTable('cooccurrence', matrices.filter((m) => m.actorGroup === ALL), data, head),
      cooccurrenceTable('cooccurrence_by_actor_group', matrices.filter((m) => m.actorGroup !== ALL), data, head),
    ],
  };
}

// ---- number formats (fixed decimals: the same bytes on every machine)

export const fixed = (x: number | null, d: number): string | null => (x === null || !Number.isFinite(x) ? null : x.toFixed(d));
export function pValue(p: number | null): string | null {
  if (p === null) return null;
  return p < 0.0001 ? p.toExponential(2) : p.toFixed(4);
}
const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const range = (i: Interval, f: (x: number | null) => string) => (i.lower === null ? '' : ` [${f(i.lower)}–${f(i.upper)}]`);

function header(data: CodedData): string {
  const words = data.documents.reduce((n, d) => n + d.word_count, 0);
  const units = data.documents.reduce((n, d) => n + d.units, 0);
  return (
    `${data.basis}\n` +
    `Documents: the current version of each file, coded with this version: N = ${data.documents.length} ` +
    `(${thousands(units)} ${data.unit}s, ${thousands(words)} words).\n`
  );
}

const contextLabel = (c: { by: string; context: string | null }) => (c.context === null ? '(all)' : c.context);

function cellsTable(cmp: Comparison, data: CodedData, head: string): Table {
  const lead = [cmp.codings, cmp.codebookVersion, cmp.unit];
  const rows: Cell[][] = cmp.cells.map((c) => [
    ...lead,
    c.principle, c.by, c.context, c.actorGroup, c.documents, c.words, c.units,
    c.unitsCoded, fixed(c.ci.unitsCoded.lower, 0), fixed(c.ci.unitsCoded.upper, 0),
    c.documentsCoded, fixed(c.share, 4), fixed(c.ci.share.lower, 4), fixed(c.ci.share.upper, 4),
    fixed(c.ratePer1000, 3), fixed(c.ci.ratePer1000.lower, 3), fixed(c.ci.ratePer1000.upper, 3),
    fixed(c.expected, 3), fixed(c.adjustedResidual, 3), c.flags.join(';'),
  ]);
  const csvText = csv(
    [
      'codings', 'codebook_version', 'unit', 'principle', 'by', 'context', 'actor_group', 'documents', 'words', 'units',
      'units_coded', 'units_coded_lower', 'units_coded_upper', 'documents_coded', 'share_of_documents', 'share_lower', 'share_upper',
      'rate_per_1000_words', 'rate_lower', 'rate_upper', 'expected_units_coded', 'adjusted_residual', 'flags',
    ],
    rows,
  );

  const b = cmp.bootstrap;
  const pctLevel = `${Math.round(b.confidence * 100)}%`;
  let md =
    `# Principles by actor group, dimension and governance level\n\n${head}` +
    `Cell (principle, context, actor group): ${data.unit}s of the group's documents coded with the principle ` +
    `(context "(all)"), or with the principle and the dimension or level code in the same ${data.unit}. ` +
    `Actor group: the document's \`actor_group\` in the manifest.\n` +
    `Each cell: ${data.unit}s coded · share of the group's documents with at least one · ${data.unit}s per 1,000 words · ` +
    `adjusted standardized residual of the chi-square test (bold: |r| ≥ 1.96).\n` +
    (b.samples > 0
      ? `[lo–hi]: ${pctLevel} percentile bootstrap interval, ${b.samples} resamples of each group's documents with replacement, seed ${b.seed}.\n`
      : 'No bootstrap intervals (--bootstrap 0).\n') +
    `Flags, shown not hidden: \`*\` fewer than ${FEW_UNITS} ${data.unit}s coded; \`°\` expected count below 5 (residual unreliable); ` +
    `\`(few)\` after a group: fewer than ${FEW_DOCUMENTS} documents (wide or degenerate intervals).\n` +
    `The passages behind a cell: \`codeframe quotes --code PRINCIPLE --actor-group GROUP [--dimension D | --level L] --codings ${cmp.codings}\`.\n`;
  for (const n of cmp.notes) md += `\n${n}\n`;

  const groupHead = cmp.groups.map((g) => `${g.id} (N = ${g.documents}${g.documents < FEW_DOCUMENTS ? ' (few)' : ''}; ${thousands(g.words)} words)`);
  const cellText = (c: CompareCell) => {
    const r = c.adjustedResidual === null ? 'r n/a' : `r ${c.adjustedResidual >= 0 ? '+' : ''}${c.adjustedResidual.toFixed(2)}`;
    return (
      `${c.unitsCoded}${c.flags.includes('few_units') ? '*' : ''}${range(c.ci.unitsCoded, (x) => String(x))} · ` +
      `${pct(c.share)}${range(c.ci.share, (x) => (x === null ? '' : (x * 100).toFixed(1)))} · ` +
      `${fixed(c.ratePer1000, 2) ?? 'n/a'}${range(c.ci.ratePer1000, (x) => fixed(x, 2) ?? '')} · ` +
      `${c.adjustedResidual !== null && Math.abs(c.adjustedResidual) >= 1.96 ? `**${r}**` : r}${c.flags.includes('expected_below_5') ? '°' : ''}`
    );
  };
  const sections: [string, 'all' | 'dimension' | 'level'][] = [
    ['Principle × actor group', 'all'],
    [`Principle × dimension (group \`${cmp.dimensionGroup ?? '-'}\`) × actor group`, 'dimension'],
    [`Principle × governance level (group \`${cmp.levelGroup ?? '-'}\`) × actor group`, 'level'],
  ];
  const label = new Map(data.codes.map((c) => [c.code_id, c.label]));
  for (const [title, by] of sections) {
    const contexts = cmp.contexts.filter((c) => c.by === by);
    if (contexts.length === 0 || cmp.principles.length === 0) continue;
    const rows: Cell[][] = [];
    for (const p of cmp.principles) {
      for (const ctx of contexts) {
        const row = cmp.cells.filter((c) => c.principle === p.code_id && c.by === by && c.context === ctx.code);
        const test = cmp.tests.find((t) => t.principle === p.code_id && t.by === by && t.context === ctx.code)!;
        rows.push([
          `${p.label} (\`${p.code_id}\`)${ctx.code === null ? '' : ` × ${label.get(ctx.code) ?? ctx.code} (\`${ctx.code}\`)`}`,
          ...row.map(cellText),
          testText(test),
        ]);
      }
    }
    md += `\n## ${title}\n\n` + markdownTable(['Principle' + (by === 'all' ? '' : ` × ${by}`), ...groupHead, `Chi-square (${data.unit}s)`], rows, ['l', ...cmp.groups.map(() => 'r' as const), 'l']);
  }
  return { name: 'compare_cells', csv: csvText, markdown: md };
}

function testText(t: CompareTest): string {
  const r = t.result;
  if (r.statistic === null) return `not computed: ${r.problem}`;
  return (
    `χ²(${r.df}) = ${r.statistic.toFixed(2)}, p = ${pValue(r.p)}` +
    (r.smallExpected ? `; ⚠ expected < 5 in ${r.cellsBelow5}/${r.cells} cells (min ${r.minExpected!.toFixed(2)}): p unreliable` : '')
  );
}

function testsTable(cmp: Comparison, data: CodedData, head: string): Table {
  const note = (t: CompareTest) => {
    const r = t.result;
    if (r.statistic === null) return `not computed: ${r.problem}`;
    const dropped = r.droppedColumns.map((j) => t.groups[j]);
    return (
      (r.smallExpected ? `Cochran: ${r.cellsBelow5} of ${r.cells} expected counts below 5 (min ${r.minExpected!.toFixed(3)}); the chi-square approximation is unreliable` : 'all expected counts >= 5') +
      (dropped.length ? `; left out (no ${data.unit}s): ${dropped.join(', ')}` : '')
    );
  };
  const rows: Cell[][] = cmp.tests.map((t) => [
    cmp.codings, cmp.codebookVersion, cmp.unit, t.principle, t.by, t.context,
    t.groups.length - t.result.droppedColumns.length, t.result.n, fixed(t.result.statistic, 4), t.result.df, pValue(t.result.p),
    fixed(t.result.minExpected, 3), t.result.cellsBelow5, t.result.cells, t.result.smallExpected ? 1 : 0, note(t),
  ]);
  const csvText = csv(
    ['codings', 'codebook_version', 'unit', 'principle', 'by', 'context', 'groups', 'n_units', 'chi_square', 'df', 'p_value', 'min_expected', 'cells_expected_below_5', 'cells', 'small_expected', 'note'],
    rows,
  );
  const md =
    `# Chi-square tests: principle coded × actor group\n\n${head}` +
    `Each test: Pearson's chi-square of the 2 × G table (${data.unit}s coded with the principle [and the context code] vs the ` +
    `group's other ${data.unit}s) × actor group; df = G − 1; p from the chi-square distribution (regularized gamma function). ` +
    `Observations are ${data.unit}s, because the tables count ${data.unit}s; ${data.unit}s of one document are not independent, so ` +
    `the p-value is optimistic: read it with the document-resampled intervals of compare_cells. ` +
    `A group with no ${data.unit}s is left out. Where any expected count is below 5 (Cochran's rule) the test is still shown, flagged.\n\n` +
    markdownTable(
      ['Principle', 'Context', 'Groups', `N (${data.unit}s)`, 'χ²', 'df', 'p', 'min E', 'E < 5', 'Note'],
      cmp.tests.map((t) => [
        t.principle, contextLabel(t), t.groups.length - t.result.droppedColumns.length, t.result.n, fixed(t.result.statistic, 3),
        t.result.df, pValue(t.result.p), fixed(t.result.minExpected, 2), `${t.result.cellsBelow5}/${t.result.cells}`, note(t),
      ]),
      ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    );
  return { name: 'compare_chisquare', csv: csvText, markdown: md };
}

function cooccurrenceTable(name: string, matrices: CooccurrenceMatrix[], data: CodedData, head: string): Table {
  const rows: Cell[][] = [];
  for (const m of matrices) {
    for (const p of m.pairs) rows.push([data.codings, data.codebookVersion, data.unit, m.actorGroup, p.a, p.b, p.unitsA, p.unitsB, p.both, fixed(p.jaccard, 4)]);
  }
  const csvText = csv(['codings', 'codebook_version', 'unit', 'actor_group', 'code_a', 'code_b', 'units_a', 'units_b', 'units_both', 'jaccard'], rows);
  let md =
    `# Co-occurrence of codes in the same ${data.unit}${name.endsWith('by_actor_group') ? ', by actor group' : ''}\n\n${head}` +
    `Counts: ${data.unit}s coded with both codes (diagonal: ${data.unit}s coded with the code). ` +
    `Jaccard: both / (either), empty when neither code is coded.\n`;
  for (const m of matrices) {
    const at = (a: string, b: string) => m.pairs.find((p) => p.a === a && p.b === b)!;
    if (m.actorGroup !== ALL) md += `\n## ${m.actorGroup} (N = ${m.documents}; ${thousands(m.units)} ${data.unit}s)\n`;
    const align = ['l' as const, ...m.codes.map(() => 'r' as const)];
    md += `\n${m.actorGroup === ALL ? '## Counts' : '### Counts'}\n\n` + markdownTable(['', ...m.codes], m.codes.map((a) => [a, ...m.codes.map((b) => at(a, b).both)]), align);
    md += `\n${m.actorGroup === ALL ? '## Jaccard' : '### Jaccard'}\n\n` + markdownTable(['', ...m.codes], m.codes.map((a) => [a, ...m.codes.map((b) => fixed(at(a, b).jaccard, 3))]), align);
  }
  return { name, csv: csvText, markdown: md };
}
