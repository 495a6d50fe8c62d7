// The passages behind a cell of the comparison: every unit coded with a code, optionally only in
// one actor group's documents and only where the unit is also coded with other codes (a dimension,
// a level). A quote is the stored segment text, exactly `text.slice(start, end)` of the document,
// with file, title, page, [start, end) and the rule ids behind the coding: never re-found by search.
import { codesByUnit, type CodedData } from './compare/units.ts';

export interface QuoteFilter {
  code: string;
  actorGroup?: string;
  /** Co-codes: the unit must also carry each of these (e.g. a dimension and a level). */
  with?: string[];
  /** At most this many quotes; `total` still counts them all. */
  limit?: number;
}

export interface Quote {
  file: string;
  sha256: string;
  title: string | null;
  actorGroup: string;
  date: string | null;
  segmentId: string;
  page: number;
  start: number;
  end: number;
  text: string;
  /** Rule ids of the filtered code in this unit. */
  rules: string[];
  negated: boolean;
  source: string;
  /** Every code of the unit, codebook order. */
  codes: string[];
}

export interface QuoteResult {
  codings: CodedData['codings'];
  codebookVersion: string;
  unit: CodedData['unit'];
  basis: string;
  filter: QuoteFilter;
  total: number;
  quotes: Quote[];
}

/** What is wrong with a filter (unknown code or actor group), as messages; empty when it is fine. */
export function checkQuoteFilter(data: CodedData, filter: QuoteFilter): string[] {
  const codeIds = data.codes.map((c) => c.code_id);
  const problems: string[] = [];
  for (const c of [filter.code, ...(filter.with ?? [])]) {
    if (!codeIds.includes(c)) problems.push(`Unexpected code \`${c}\`, expected one of: ${codeIds.map((x) => `\`${x}\``).join(', ')}`);
  }
  if (filter.actorGroup !== undefined) {
    const groups = [...new Set(data.documents.map((d) => d.actor_group))].sort();
    if (!groups.includes(filter.actorGroup)) {
      problems.push(`Unexpected actor group \`${filter.actorGroup}\`, expected one of the coded documents' groups: ${groups.map((g) => `\`${g}\``).join(', ') || '(none)'}`);
    }
  }
  if (filter.limit !== undefined && !(Number.isInteger(filter.limit) && filter.limit > 0)) problems.push(`Unexpected limit ${filter.limit}, expected a whole number > 0`);
  return problems;
}

/** The quotes, in reading order (file, then offset). */
export function selectQuotes(data: CodedData, filter: QuoteFilter): QuoteResult {
  const docs = new Map(data.documents.map((d) => [d.sha256, d]));
  const unitCodes = codesByUnit(data.units);
  const order = new Map(data.codes.map((c, i) => [c.code_id, i]));
  const all: Quote[] = [];
  for (const u of data.units) {
    if (u.code_id !== filter.code) continue;
    if (filter.actorGroup !== undefined && u.actor_group !== filter.actorGroup) continue;
    const codes = unitCodes.get(u.segment_id)!;
    if (!(filter.with ?? []).every((c) => codes.has(c))) continue;
    const d = docs.get(u.sha256);
    if (!d) continue;
    all.push({
      file: d.file,
      sha256: d.sha256,
      title: d.title,
      actorGroup: u.actor_group,
      date: d.date,
      segmentId: u.segment_id,
      page: u.page,
      start: u.start,
      end: u.end,
      text: u.text,
      rules: u.rules,
      negated: u.negated,
      source: u.source,
      codes: [...codes].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)),
    });
  }
  return {
    codings: data.codings,
    codebookVersion: data.codebookVersion,
    unit: data.unit,
    basis: data.basis,
    filter,
    total: all.length,
    quotes: filter.limit === undefined ? all : all.slice(0, filter.limit),
  };
}

export function describeFilter(f: QuoteFilter): string {
  return (
    `code \`${f.code}\`` +
    (f.with?.length ? ` with ${f.with.map((c) => `\`${c}\``).join(' and ')}` : '') +
    (f.actorGroup !== undefined ? `, actor group \`${f.actorGroup}\`` : ', every actor group')
  );
}

const shown = (r: QuoteResult) => (r.quotes.length < r.total ? `showing ${r.quotes.length} of ${r.total}` : `${r.total}`);
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** For a terminal: one block per quote. */
export function quotesText(r: QuoteResult): string {
  const lines = [`${r.basis}`, `${cap(r.unit)}s with ${describeFilter(r.filter)}: ${shown(r)}.`, ''];
  for (const q of r.quotes) {
    lines.push(`${q.file} p.${q.page} [${q.start},${q.end})  ${q.actorGroup}${q.date ? `, ${q.date}` : ''}${q.title ? `  ${q.title}` : ''}`);
    lines.push(`  rules: ${q.rules.join(', ') || '(none: added by a coder)'}${q.negated ? '  (negated)' : ''}  codes: ${q.codes.join(', ')}`);
    lines.push(`  "${oneLine(q.text)}"`, '');
  }
  return lines.join('\n');
}

export function quotesMarkdown(r: QuoteResult): string {
  let md = `# Quotes: ${describeFilter(r.filter)}\n\n${r.basis}\n${cap(r.unit)}s: ${shown(r)}. Offsets are [start, end) UTF-16 positions in the document's normalized text.\n`;
  for (const q of r.quotes) {
    md +=
      `\n**${mdEscape(q.title ?? q.file)}** — \`${q.file}\`, p. ${q.page}, [${q.start}, ${q.end}), ${mdEscape(q.actorGroup)}${q.date ? `, ${q.date}` : ''}; ` +
      `rules: ${q.rules.map((x) => `\`${x}\``).join(', ') || '(added by a coder)'}${q.negated ? ' (negated)' : ''}; source: ${q.source}\n\n` +
      `> ${mdEscape(oneLine(q.text))}\n`;
  }
  return md;
}

/** Markdown control characters in quoted text, escaped so a quote renders as written. */
export function mdEscape(s: string): string {
  return s.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
