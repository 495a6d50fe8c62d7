// Process tracing: for a code (or a code in units also coded with another, e.g. interoperability
// with selective), the documents in date order with their coded quotes, actor group and page, and
// the counts per period for a plot.
// Dates are the manifest's ISO dates, possibly partial (2021, 2024-05, 2024-05-13). A partial date
// sorts at the start of its span (2024 before 2024-01-15) and is bucketed at its own precision when
// the period is finer (2024 stays "2024" under --period month, never guessed into January).
// Documents without a date, or with one that is not ISO, are listed last and flagged.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csv, markdownTable, type Cell } from './format.ts';
import { mdEscape, selectQuotes, type Quote } from './quotes.ts';
import type { CodedData } from './compare/units.ts';

export type Period = 'year' | 'quarter' | 'month';
export const PERIODS: readonly Period[] = ['year', 'quarter', 'month'];
export type DatePrecision = 'day' | 'month' | 'year' | 'none';

export interface PartialDate {
  raw: string | null;
  year: number | null;
  month: number | null;
  day: number | null;
  precision: DatePrecision;
  /** Why a non-empty date could not be read. */
  problem: string | null;
}

const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export function parsePartialDate(raw: string | null): PartialDate {
  const none: PartialDate = { raw, year: null, month: null, day: null, precision: 'none', problem: null };
  if (raw === null || raw.trim() === '') return none;
  const m = ISO.exec(raw.trim());
  const year = m ? Number(m[1]) : NaN;
  const month = m?.[2] ? Number(m[2]) : null;
  const day = m?.[3] ? Number(m[3]) : null;
  if (!m || (month !== null && (month < 1 || month > 12)) || (day !== null && (day < 1 || day > daysIn(year, month!)))) {
    return { ...none, problem: `Unexpected date \`${raw}\`, expected YYYY, YYYY-MM or YYYY-MM-DD` };
  }
  return { raw, year, month, day, precision: day !== null ? 'day' : month !== null ? 'month' : 'year', problem: null };
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Date order: by year, month, day, a partial date at the start of its span (coarser first), undated last. */
export function compareDates(a: PartialDate, b: PartialDate): number {
  if (a.year === null || b.year === null) return (a.year === null ? 1 : 0) - (b.year === null ? 1 : 0);
  return a.year - b.year || (a.month ?? 0) - (b.month ?? 0) || (a.day ?? 0) - (b.day ?? 0);
}

export const UNDATED = '(undated)';

/** The period bucket of a date: at the period's precision, or the date's own when it is coarser. */
export function periodOf(d: PartialDate, period: Period): { label: string; precision: 'year' | 'quarter' | 'month' | 'none'; sort: number } {
  if (d.year === null) return { label: UNDATED, precision: 'none', sort: Number.MAX_SAFE_INTEGER };
  const y = String(d.year).padStart(4, '0');
  if (period === 'year' || d.month === null) return { label: y, precision: 'year', sort: d.year * 100 };
  if (period === 'quarter') {
    const q = Math.ceil(d.month / 3);
    return { label: `${y}-Q${q}`, precision: 'quarter', sort: d.year * 100 + (q - 1) * 3 + 1 };
  }
  return { label: `${y}-${String(d.month).padStart(2, '0')}`, precision: 'month', sort: d.year * 100 + d.month };
}

export interface TimelineOptions {
  code: string;
  /** Count only units also coded with this code (e.g. a governance level). */
  with?: string;
  period?: Period;
}

export interface TimelineEntry {
  file: string;
  sha256: string;
  title: string | null;
  actorGroup: string;
  date: PartialDate;
  period: string;
  quotes: Quote[];
}

export interface PeriodCount {
  period: string;
  precision: 'year' | 'quarter' | 'month' | 'none';
  /** The code, or `code+with`. */
  code: string;
  units: number;
  documents: number;
  /** Coded documents dated in the period (with or without the code): the denominator for a share. */
  documentsInPeriod: number;
}

export interface Timeline {
  codings: CodedData['codings'];
  codebookVersion: string;
  unit: CodedData['unit'];
  basis: string;
  code: string;
  with: string | null;
  period: Period;
  entries: TimelineEntry[];
  counts: PeriodCount[];
  notes: string[];
}

export function buildTimeline(data: CodedData, opts: TimelineOptions): Timeline {
  const period = opts.period ?? 'year';
  const codeLabel = opts.with ? `${opts.code}+${opts.with}` : opts.code;
  const quotes = selectQuotes(data, { code: opts.code, with: opts.with ? [opts.with] : [] }).quotes;
  const byDoc = new Map<string, Quote[]>();
  for (const q of quotes) (byDoc.get(q.sha256) ?? byDoc.set(q.sha256, []).get(q.sha256)!).push(q);

  const docs = data.documents.map((d) => {
    const date = parsePartialDate(d.date);
    return { d, date, bucket: periodOf(date, period) };
  });
  const entries: TimelineEntry[] = docs
    .filter((x) => byDoc.has(x.d.sha256))
    .sort((a, b) => compareDates(a.date, b.date) || (a.d.file < b.d.file ? -1 : a.d.file > b.d.file ? 1 : 0) || (a.d.sha256 < b.d.sha256 ? -1 : 1))
    .map((x) => ({ file: x.d.file, sha256: x.d.sha256, title: x.d.title, actorGroup: x.d.actor_group, date: x.date, period: x.bucket.label, quotes: byDoc.get(x.d.sha256)! }));

  const buckets = new Map<string, PeriodCount & { sort: number }>();
  for (const x of docs) {
    const b = buckets.get(x.bucket.label) ?? buckets.set(x.bucket.label, { period: x.bucket.label, precision: x.bucket.precision, code: codeLabel, units: 0, documents: 0, documentsInPeriod: 0, sort: x.bucket.sort }).get(x.bucket.label)!;
    b.documentsInPeriod++;
    const n = byDoc.get(x.d.sha256)?.length ?? 0;
    b.units += n;
    if (n > 0) b.documents++;
  }
  const counts = [...buckets.values()].sort((a, b) => a.sort - b.sort || (a.period < b.period ? -1 : 1)).map(({ sort: _, ...c }) => c);

  const notes: string[] = [];
  if (period !== 'year') {
    const coarse = docs.filter((x) => x.date.precision === 'year').length;
    if (coarse) notes.push(`${coarse} document(s) dated only to the year are counted in the year's own bucket, not spread over its ${period}s.`);
  }
  const undated = docs.filter((x) => x.date.year === null);
  if (undated.length) {
    const bad = undated.filter((x) => x.date.problem);
    notes.push(
      `${undated.length} document(s) without a date${bad.length ? ` (${bad.length} with an unreadable one: ${bad.map((x) => `${x.d.file}: \`${x.date.raw}\``).join('; ')})` : ''} ` +
        `are listed last and counted under ${UNDATED}.`,
    );
  }
  return { codings: data.codings, codebookVersion: data.codebookVersion, unit: data.unit, basis: data.basis, code: opts.code, with: opts.with ?? null, period, entries, counts, notes };
}

function title(t: Timeline): string {
  return `Timeline: \`${t.code}\`${t.with ? ` in ${t.unit}s also coded \`${t.with}\`` : ''}`;
}

const dateText = (d: PartialDate) => (d.year === null ? (d.problem ? `undated (unreadable date "${d.raw}")` : 'undated') : d.raw!);

export function timelineCountsCsv(t: Timeline): string {
  const rows: Cell[][] = t.counts.map((c) => [c.period, c.code, c.units, c.documents, c.precision, c.documentsInPeriod, t.codings, t.codebookVersion, t.unit]);
  return csv(['period', 'code', 'units', 'documents', 'precision', 'documents_in_period', 'codings', 'codebook_version', 'unit'], rows);
}

export function timelineMarkdown(t: Timeline): string {
  let md =
    `# ${title(t)}\n\n${t.basis}\n` +
    `Documents in date order (partial dates at the start of their span, undated last), each with its ${t.unit}s coded ` +
    `\`${t.code}\`${t.with ? ` and \`${t.with}\`` : ''}. Counts per ${t.period}: ${t.unit}s and documents with the code; ` +
    `documents in period: every coded document dated there.\n`;
  for (const n of t.notes) md += `\n${n}\n`;
  md +=
    `\n## Counts per ${t.period}\n\n` +
    markdownTable(
      ['Period', `${cap(t.unit)}s`, 'Documents', 'Documents in period'],
      t.counts.map((c) => [c.period, c.units, c.documents, c.documentsInPeriod]),
      ['l', 'r', 'r', 'r'],
    );
  md += `\n## Chronology\n`;
  if (t.entries.length === 0) md += `\nNo document has a ${t.unit} coded this way.\n`;
  for (const e of t.entries) {
    md +=
      `\n### ${dateText(e.date)}${e.date.year === null ? ' ⚠' : ''} — ${mdEscape(e.title ?? e.file)}\n\n` +
      `${mdEscape(e.actorGroup)} · \`${e.file}\` · ${e.quotes.length} ${t.unit}(s)\n`;
    for (const q of e.quotes) {
      md += `\n> ${mdEscape(q.text.replace(/\s+/g, ' ').trim())}\n>\n> — p. ${q.page}, [${q.start}, ${q.end}); rules: ${q.rules.map((r) => `\`${r}\``).join(', ') || '(added by a coder)'}${q.negated ? ' (negated)' : ''}\n`;
    }
  }
  return md;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function timelineHtml(t: Timeline): string {
  const h = escapeHtml;
  const plain = (s: string) => s.replace(/`/g, '');
  const out: string[] = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${h(plain(title(t)))}</title>`,
    '<style>body{font:15px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}' +
      'table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}td.n{text-align:right}' +
      'blockquote{border-left:3px solid #889;margin:.8rem 0;padding:.2rem .8rem}footer{color:#555;font-size:.85em}.flag{color:#a40}</style>',
    '</head>',
    '<body>',
    `<h1>${h(plain(title(t)))}</h1>`,
    `<p>${h(plain(t.basis))}</p>`,
    ...t.notes.map((n) => `<p class="flag">${h(plain(n))}</p>`),
    `<h2>Counts per ${h(t.period)}</h2>`,
    `<table><thead><tr><th>Period</th><th>${h(cap(t.unit))}s</th><th>Documents</th><th>Documents in period</th></tr></thead><tbody>`,
    ...t.counts.map((c) => `<tr><td>${h(c.period)}</td><td class="n">${c.units}</td><td class="n">${c.documents}</td><td class="n">${c.documentsInPeriod}</td></tr>`),
    '</tbody></table>',
    '<h2>Chronology</h2>',
  ];
  if (t.entries.length === 0) out.push(`<p>No document has a ${h(t.unit)} coded this way.</p>`);
  for (const e of t.entries) {
    out.push(
      `<section data-sha256="${h(e.sha256)}">`,
      `<h3><time${e.date.year !== null ? ` datetime="${h(e.date.raw!)}"` : ''}>${h(dateText(e.date))}</time>${e.date.year === null ? ' <span class="flag">⚠</span>' : ''} — ${h(e.title ?? e.file)}</h3>`,
      `<p>${h(e.actorGroup)} · <code>${h(e.file)}</code> · ${e.quotes.length} ${h(t.unit)}(s)</p>`,
      ...e.quotes.map(
        (q) =>
          `<blockquote data-segment="${h(q.segmentId)}"><p>${h(q.text)}</p><footer>p. ${q.page}, [${q.start}, ${q.end}); rules: ${h(q.rules.join(', ') || '(added by a coder)')}${q.negated ? ' (negated)' : ''}</footer></blockquote>`,
      ),
      '</section>',
    );
  }
  out.push('</body>', '</html>', '');
  return out.join('\n');
}

/** OUT/tables/timeline_<code>[_with_<code>]_<period>.{md|html} and the counts as .csv. */
export function writeTimeline(t: Timeline, outDir: string, format: 'md' | 'html' = 'md'): string[] {
  const dir = join(outDir, 'tables');
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `timeline_${t.code}${t.with ? `_with_${t.with}` : ''}_${t.period}`);
  const files: string[] = [];
  for (const [file, content] of [
    [`${base}.${format}`, format === 'html' ? timelineHtml(t) : timelineMarkdown(t)],
    [`${base}.csv`, timelineCountsCsv(t)],
  ] as const) {
    writeFileSync(`${file}.tmp`, content);
    renameSync(`${file}.tmp`, file);
    files.push(file);
  }
  return files;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
