// The report's sections as HTML strings, each from ReportData (and its plots). Every value that
// comes from the database is escaped here; numbers have fixed decimals.
import { FEW_DOCUMENTS, FEW_UNITS } from '../compare/cells.ts';
import { ALL, type CompareCell, type CompareTest, type Interval } from '../compare/index.ts';
import { thousands } from '../format.ts';
import type { ReportData } from './data.ts';
import { UNDATED } from './data.ts';
import { esc, escCode } from './escape.ts';
import type { Plot } from './plots.ts';
import { figure, table } from './template.ts';

export interface Section {
  id: string;
  title: string;
  html: string;
}

const fixed = (x: number | null, d: number) => (x === null || !Number.isFinite(x) ? 'n/a' : x.toFixed(d));
const pct = (x: number | null) => (x === null || !Number.isFinite(x) ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const pValue = (p: number | null) => (p === null ? 'n/a' : p < 0.0001 ? p.toExponential(2) : p.toFixed(4));
const interval = (i: Interval, f: (x: number | null) => string) => (i.lower === null || i.upper === null ? '' : `[${f(i.lower)}–${f(i.upper)}]`);
const count = (n: number, what: string) => `${thousands(n)} ${what}${n === 1 ? '' : 's'}`;
const plotOf = (plots: Plot[], name: string) => plots.find((p) => p.name === name);

function codeName(r: ReportData, id: string): string {
  const c = r.data.codes.find((x) => x.code_id === id);
  return c ? `${esc(c.label)} <code>${esc(id)}</code>` : `<code>${esc(id)}</code>`;
}

function groupHead(r: ReportData, g: { id: string; documents: number; words: number }): string {
  return `${esc(g.id)}<br><span class="muted">N = ${g.documents}${g.documents < FEW_DOCUMENTS ? ' (few)' : ''}; ${thousands(g.words)} words</span>`;
}

export function summarySection(r: ReportData): string {
  const docs = r.data.documents;
  return [
    `<h1>codeframe report: ${esc(r.codebook.title)}</h1>`,
    `<p class="muted">${escCode(r.data.basis)}</p>`,
    '<dl class="facts">',
    `<dt>Codebook</dt><dd><code>${esc(r.codebook.id)}</code> version <code>${esc(r.codebook.version)}</code>${r.codebook.file ? ` (${esc(r.codebook.file)})` : ''}</dd>`,
    `<dt>Codings</dt><dd>${esc(r.data.codings)}</dd>`,
    `<dt>Unit</dt><dd>${esc(r.data.unit)}</dd>`,
    `<dt>Documents counted</dt><dd>${docs.length}</dd>`,
    `<dt>Corpus hash</dt><dd class="mono">${esc(r.corpusHash)}</dd>`,
    `<dt>Report tool version</dt><dd>${esc(r.toolVersion)}</dd>`,
    '</dl>',
  ].join('\n');
}

export function methodSection(r: ReportData): Section {
  const d = r.data;
  const words = d.documents.reduce((n, x) => n + x.word_count, 0);
  const units = d.documents.reduce((n, x) => n + x.units, 0);
  const byGroup = r.comparison.groups.map((g) => `${esc(g.id)} ${g.documents}`).join(', ');
  const dates = d.documents.map((x) => x.date).filter((x): x is string => !!x && /^\d{4}/.test(x)).sort();
  const undated = d.documents.length - dates.length;
  const langs = new Map<string, number>();
  const langOf = new Map(r.manifest.map((m) => [m.sha256, m.language ?? '(unknown)']));
  for (const x of d.documents) langs.set(langOf.get(x.sha256)!, (langs.get(langOf.get(x.sha256)!) ?? 0) + 1);
  const codeGroups = [...new Set(d.codes.map((c) => c.group_id))];
  const failed = r.manifest.filter((m) => m.current && m.status !== 'ingested');
  const notCoded = r.manifest.filter((m) => m.current && m.status === 'ingested' && !m.counted);
  const b = r.comparison.bootstrap;
  const coded = r.runs.filter((x) => x.codebook_version === r.codebook.version);
  const toolVersions = [...new Set(r.runs.map((x) => x.tool_version))].sort();
  const p = [
    `This report counts <strong>${d.documents.length} documents</strong> (by actor group: ${byGroup || 'none'}), ` +
      (dates.length ? `dated ${esc(dates[0]!)} to ${esc(dates[dates.length - 1]!)}${undated ? ` (${undated} undated)` : ''}, ` : 'none of them dated, ') +
      `in ${[...langs].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([l, n]) => `${esc(l)} ${n}`).join(', ') || 'no language'}: ` +
      `the current version of each file in the corpus, ingested and fully coded with codebook <code>${esc(r.codebook.id)}</code> ` +
      `(“${esc(r.codebook.title)}”), version <code>${esc(r.codebook.version)}</code>, at the ${esc(d.unit)} level ` +
      `(${count(units, d.unit)}, ${count(words, 'word')}).`,
    `The codebook has ${d.codes.length} codes in ${codeGroups.length} groups (${codeGroups.map((g) => `<code>${esc(g)}</code>`).join(', ')}); ` +
      `each rule-based coding records the rule, the offsets and the codebook version. ${escCode(d.basis)}`,
    `For each code and actor group the report gives the ${d.unit}s coded, the share of the group's documents with at least one, ` +
      `and ${d.unit}s coded per 1,000 words of the group's documents. ` +
      (b.samples > 0
        ? `Intervals are ${Math.round(b.confidence * 100)}% percentile bootstrap intervals from ${b.samples} resamples of each group's documents with replacement (seed ${b.seed}). `
        : 'No bootstrap intervals were computed. ') +
      `Differences between actor groups are tested with Pearson's chi-square on ${d.unit}s (coded or not × actor group), with adjusted standardized residuals; ` +
      `${d.unit}s of one document are not independent, so the p-values are optimistic. Cells with fewer than ${FEW_UNITS} coded ${d.unit}s, ` +
      `groups with fewer than ${FEW_DOCUMENTS} documents and tests with expected counts below 5 are flagged, not hidden.`,
    `The database records ${count(r.runs.length, 'run')} (${coded.length} with this codebook version; tool version${toolVersions.length === 1 ? '' : 's'} ${toolVersions.map(esc).join(', ') || 'none'}).` +
      (failed.length ? ` ${count(failed.length, 'file')} could not be read and ${failed.length === 1 ? 'is' : 'are'} not counted (reasons in the manifest).` : '') +
      (notCoded.length ? ` ${count(notCoded.length, 'ingested file')} ${notCoded.length === 1 ? 'is' : 'are'} not yet coded with this version and not counted.` : '') +
      ` The run manifest at the end lists every stored file with its SHA-256; the corpus hash above is the SHA-256 of the counted documents' “sha256  file” lines in file order, so a replication can be checked against this report.`,
  ];
  return { id: 'method', title: 'Method', html: p.map((x) => `<p>${x}</p>`).join('\n') };
}

export function codesSection(r: ReportData, plots: Plot[]): Section {
  const groups = r.comparison.groups;
  const plot = plotOf(plots, 'code-by-actor-group');
  const unit = r.data.unit;
  const rows = r.data.codes.map((c) => [
    codeName(r, c.code_id),
    esc(c.group_id),
    ...r.groups.map((g) => {
      const x = r.codeGroups.find((y) => y.code === c.code_id && y.actorGroup === g)!;
      return `${x.unitsCoded}${x.unitsCoded < FEW_UNITS ? '*' : ''} · ${pct(x.share)} · ${fixed(x.ratePer1000, 2)}`;
    }),
  ]);
  return {
    id: 'codes',
    title: 'Codes by actor group',
    html: [
      plot ? figure(plot.svg, `Every code × actor group: ${esc(unit)}s coded per 1,000 words (colour), with the number of ${esc(unit)}s coded in brackets.`, 'fig-code-by-actor-group') : '',
      `<p>Each cell: ${esc(unit)}s coded (<code>*</code> fewer than ${FEW_UNITS}) · share of the group's documents with at least one · ${esc(unit)}s per 1,000 words.</p>`,
      table(['Code', 'Group', ...groups.map((g) => groupHead(r, g))], rows, ['', '', ...groups.map(() => 'n')]),
    ].join('\n'),
  };
}

function cellHtml(c: CompareCell): string {
  const res = c.adjustedResidual;
  const rText = res === null ? 'r n/a' : `r ${res >= 0 ? '+' : ''}${res.toFixed(2)}`;
  return (
    `${c.unitsCoded}${c.flags.includes('few_units') ? '*' : ''} <span class="muted">${interval(c.ci.unitsCoded, (x) => String(x))}</span><br>` +
    `${pct(c.share)} <span class="muted">${interval(c.ci.share, (x) => (x === null ? '' : (x * 100).toFixed(1)))}</span><br>` +
    `${fixed(c.ratePer1000, 2)} <span class="muted">${interval(c.ci.ratePer1000, (x) => fixed(x, 2))}</span><br>` +
    (res !== null && Math.abs(res) >= 1.96 ? `<strong class="sig">${rText}</strong>` : rText) +
    (c.flags.includes('expected_below_5') ? '°' : '')
  );
}

function testHtml(t: CompareTest | undefined): string {
  if (!t) return '';
  const x = t.result;
  if (x.statistic === null) return `<span class="muted">not computed: ${esc(x.problem)}</span>`;
  return `χ²(${x.df}) = ${x.statistic.toFixed(2)}<br>p = ${pValue(x.p)}` + (x.smallExpected ? `<br><span class="flag">expected &lt; 5 in ${x.cellsBelow5}/${x.cells}</span>` : '');
}

export function principlesSection(r: ReportData, plots: Plot[]): Section {
  const cmp = r.comparison;
  const unit = r.data.unit;
  const plot = plotOf(plots, 'principle-rates');
  const level = `${Math.round(cmp.bootstrap.confidence * 100)}%`;
  const parts: string[] = [];
  if (plot) {
    parts.push(
      figure(
        plot.svg,
        `Principle codes by actor group: ${esc(unit)}s per 1,000 words` +
          (cmp.bootstrap.samples > 0 ? `, with ${level} bootstrap intervals (whiskers; ${cmp.bootstrap.samples} resamples of each group's documents, seed ${cmp.bootstrap.seed}).` : '.'),
        'fig-principle-rates',
      ),
    );
  }
  parts.push(
    `<p>Each cell: ${esc(unit)}s coded · share of the group's documents · ${esc(unit)}s per 1,000 words, each with its ${level} interval in brackets · ` +
      `adjusted standardized residual (bold: |r| ≥ 1.96). <code>*</code> fewer than ${FEW_UNITS} ${esc(unit)}s coded; <code>°</code> expected count below 5. ` +
      `A context (dimension or level) counts ${esc(unit)}s coded with the principle and the context code in the same ${esc(unit)}. ` +
      `The passages behind a cell: <code>codeframe quotes --code PRINCIPLE --actor-group GROUP --codings ${esc(cmp.codings)}</code>.</p>`,
  );
  for (const n of cmp.notes) parts.push(`<p class="flag">${escCode(n)}</p>`);
  const label = new Map(r.data.codes.map((c) => [c.code_id, c.label]));
  const blocks: [string, 'all' | 'dimension' | 'level'][] = [
    ['Principle × actor group', 'all'],
    [`Principle × dimension (<code>${esc(cmp.dimensionGroup ?? '-')}</code>) × actor group`, 'dimension'],
    [`Principle × governance level (<code>${esc(cmp.levelGroup ?? '-')}</code>) × actor group`, 'level'],
  ];
  for (const [title, by] of blocks) {
    const contexts = cmp.contexts.filter((c) => c.by === by);
    if (!contexts.length || !cmp.principles.length) continue;
    const rows: string[][] = [];
    for (const p of cmp.principles) {
      for (const ctx of contexts) {
        const cells = cmp.cells.filter((c) => c.principle === p.code_id && c.by === by && c.context === ctx.code);
        const test = cmp.tests.find((t) => t.principle === p.code_id && t.by === by && t.context === ctx.code);
        rows.push([
          codeName(r, p.code_id) + (ctx.code === null ? '' : ` × ${esc(label.get(ctx.code) ?? ctx.code)}`),
          ...cmp.groups.map((g) => {
            const c = cells.find((x) => x.actorGroup === g.id);
            return c ? cellHtml(c) : '';
          }),
          testHtml(test),
        ]);
      }
    }
    parts.push(`<h3>${title}</h3>`, table(['Principle', ...cmp.groups.map((g) => groupHead(r, g)), `χ² (${esc(unit)}s)`], rows, ['', ...cmp.groups.map(() => 'n'), '']));
  }
  return { id: 'principles', title: 'Principles by actor group, dimension and level', html: parts.join('\n') };
}

export function testsSection(r: ReportData): Section {
  const cmp = r.comparison;
  const unit = r.data.unit;
  const rows = cmp.tests.map((t) => {
    const x = t.result;
    const dropped = x.droppedColumns.map((j) => t.groups[j]).filter((g): g is string => !!g);
    const note =
      x.statistic === null
        ? `not computed: ${esc(x.problem)}`
        : (x.smallExpected ? `<span class="flag">${x.cellsBelow5} of ${x.cells} expected counts below 5: approximation unreliable</span>` : 'all expected counts ≥ 5') +
          (dropped.length ? `; left out (no ${esc(unit)}s): ${dropped.map(esc).join(', ')}` : '');
    return [
      codeName(r, t.principle),
      t.context === null ? '(all)' : esc(t.context),
      String(t.groups.length - x.droppedColumns.length),
      thousands(x.n),
      fixed(x.statistic, 3),
      String(x.df),
      pValue(x.p),
      fixed(x.minExpected, 2),
      note,
    ];
  });
  return {
    id: 'tests',
    title: 'Chi-square tests',
    html: [
      `<p>Pearson's chi-square of ${esc(unit)}s coded with the principle (and the context code) against the group's other ${esc(unit)}s × actor group; df = groups − 1. ` +
        `Observations are ${esc(unit)}s of documents, which are clustered: read p with the document-resampled intervals above.</p>`,
      table(['Principle', 'Context', 'Groups', `N (${esc(unit)}s)`, 'χ²', 'df', 'p', 'min E', 'Note'], rows, ['', '', 'n', 'n', 'n', 'n', 'n', 'n', '']),
    ].join('\n'),
  };
}

export function cooccurrenceSection(r: ReportData, plots: Plot[]): Section {
  const unit = r.data.unit;
  const plot = plotOf(plots, 'cooccurrence');
  const matrixTable = (m: (typeof r.cooccurrence)[number]) => {
    const at = new Map(m.pairs.map((p) => [`${p.a}\u0000${p.b}`, p]));
    return table(
      ['', ...m.codes.map((c) => `<code>${esc(c)}</code>`)],
      m.codes.map((a) => [`<code>${esc(a)}</code>`, ...m.codes.map((b) => {
        const p = at.get(`${a}\u0000${b}`)!;
        return `${p.both}<br><span class="muted">${fixed(p.jaccard, 2)}</span>`;
      })]),
      ['', ...m.codes.map(() => 'n')],
    );
  };
  const overall = r.cooccurrence.find((m) => m.actorGroup === ALL);
  const parts = [
    plot ? figure(plot.svg, `Co-occurrence of codes in the same ${esc(unit)}, all documents: Jaccard index (colour) and ${esc(unit)}s coded with both (number; diagonal: ${esc(unit)}s coded with the code).`, 'fig-cooccurrence') : '',
    `<p>Each cell: ${esc(unit)}s coded with both codes (diagonal: with the code), and Jaccard's index both / either (n/a: neither is coded).</p>`,
    overall ? matrixTable(overall) : '',
    ...r.cooccurrence
      .filter((m) => m.actorGroup !== ALL)
      .map((m) => `<details><summary>${esc(m.actorGroup)} (N = ${m.documents}; ${count(m.units, unit)})</summary>\n${matrixTable(m)}\n</details>`),
  ];
  return { id: 'cooccurrence', title: `Co-occurrence in the same ${unit}`, html: parts.join('\n') };
}

export function timelineSection(r: ReportData, plots: Plot[]): Section {
  const unit = r.data.unit;
  const plot = plotOf(plots, 'timeline');
  const periods = r.timeline[0]?.counts.map((c) => c.period) ?? [];
  const undated = periods.includes(UNDATED);
  const rows = periods.map((period, i) => [
    esc(period),
    String(r.timeline[0]!.counts[i]!.documentsInPeriod),
    ...r.timeline.map((t) => {
      const c = t.counts.find((x) => x.period === period)!;
      return `${c.units} <span class="muted">(${c.documents} doc.)</span>`;
    }),
  ]);
  const chronology = r.chronology.map((c) => [
    esc(c.date ?? 'undated'),
    `${esc(c.title ?? c.file)}<br><code class="muted">${esc(c.file)}</code>`,
    esc(c.actorGroup),
    ...c.units.map(String),
  ]);
  const heads = r.timeline.map((t) => codeName(r, t.code));
  return {
    id: 'timeline',
    title: 'Timeline',
    html: [
      plot ? figure(plot.svg, `Principle codes over time: ${esc(unit)}s coded per year of the documents' dates; only years with a dated document are shown, so a line may join years that are not adjacent${undated ? '; undated documents are left out of the plot (see the table)' : ''}.`, 'fig-timeline') : '',
      `<p>Per year: the documents dated in it, and for each principle the ${esc(unit)}s coded (documents with at least one). ` +
        `Partial dates count in their year. For the quotes in date order: <code>codeframe timeline --code CODE</code>.</p>`,
      r.timeline.length ? table(['Year', 'Documents', ...heads], rows, ['', 'n', ...heads.map(() => 'n')]) : '<p>No principle codes in this codebook.</p>',
      '<h3>Chronology</h3>',
      `<p>The counted documents in date order, with their ${esc(unit)}s coded per principle.</p>`,
      table(['Date', 'Document', 'Actor group', ...heads], chronology, ['d', '', '', ...heads.map(() => 'n')]),
    ].join('\n'),
  };
}

export function documentsSection(r: ReportData): Section {
  const unit = r.data.unit;
  const n = new Map<string, number>();
  for (const u of r.data.units) n.set(`${u.sha256}\u0000${u.code_id}`, (n.get(`${u.sha256}\u0000${u.code_id}`) ?? 0) + 1);
  const codes = r.data.codes.map((c) => c.code_id);
  const rows = r.data.documents.map((d) => [
    `<code>${esc(d.file)}</code>`,
    esc(d.actor_group),
    esc(d.date ?? ''),
    thousands(d.word_count),
    thousands(d.units),
    ...codes.map((c) => String(n.get(`${d.sha256}\u0000${c}`) ?? 0)),
  ]);
  return {
    id: 'documents',
    title: 'Code counts per document',
    html: [
      `<p>Each cell: the document's ${esc(unit)}s coded with the code.</p>`,
      table(['File', 'Actor group', 'Date', 'Words', `${esc(unit)}s`, ...codes.map((c) => `<code>${esc(c)}</code>`)], rows, ['', '', 'd', 'n', 'n', ...codes.map(() => 'n')]),
    ].join('\n'),
  };
}

export function manifestSection(r: ReportData): Section {
  const runs = r.runs.map((x) => [
    String(x.id),
    esc(x.command),
    esc(x.status),
    esc(x.started_at),
    esc(x.finished_at ?? ''),
    esc(x.tool_version),
    x.codebook_version ? `<code>${esc(x.codebook_version)}</code>` : '',
  ]);
  const docs = r.manifest.map((d) => [
    `<code>${esc(d.file)}</code>`,
    esc(d.sha256),
    thousands(d.bytes),
    esc(d.format ?? ''),
    esc(d.status) + (d.failure_code ? ` (${esc(d.failure_code)})<br><span class="muted">${esc(d.reason)}</span>` : ''),
    esc(d.actor_group ?? ''),
    esc(d.date ?? ''),
    esc(d.language ?? ''),
    d.counted ? 'yes' : d.current ? 'no' : 'no (older version)',
  ]);
  return {
    id: 'manifest',
    title: 'Run manifest',
    html: [
      '<dl class="facts">',
      `<dt>Codebook</dt><dd><code>${esc(r.codebook.id)}</code> “${esc(r.codebook.title)}”</dd>`,
      `<dt>Codebook version</dt><dd><code>${esc(r.codebook.version)}</code> (SHA-256 of the canonical codebook, first 12 hex digits)</dd>`,
      `<dt>Codebook file</dt><dd>${esc(r.codebook.file ?? '')}${r.codebook.created_at ? ` <span class="muted">stored ${esc(r.codebook.created_at)}</span>` : ''}</dd>`,
      `<dt>Tool version</dt><dd>${esc(r.toolVersion)} (this report); per run below</dd>`,
      `<dt>Codings</dt><dd>${esc(r.data.codings)}; unit ${esc(r.data.unit)}</dd>`,
      `<dt>Corpus hash</dt><dd class="mono">${esc(r.corpusHash)} (${r.data.documents.length} counted documents)</dd>`,
      '</dl>',
      '<h3>Runs</h3>',
      table(['Run', 'Command', 'Status', 'Started (UTC)', 'Finished (UTC)', 'Tool version', 'Codebook version'], runs, ['n', '', '', 'd', 'd']),
      '<h3>Documents</h3>',
      `<p>Every stored file, with the SHA-256 of its bytes. Counted: the current version, ingested and fully coded with codebook version <code>${esc(r.codebook.version)}</code> at the ${esc(r.data.unit)} level.</p>`,
      table(['File', 'SHA-256', 'Bytes', 'Format', 'Status', 'Actor group', 'Date', 'Language', 'Counted'], docs, ['', 'sha', 'n', '', '', '', 'd']),
    ].join('\n'),
  };
}
