// Keyword in context over the stored corpus, with the codebook's own pattern language, to develop
// and check rules. The pattern becomes the single rule of a one-code codebook, validated by the
// codebook loader (so a pattern KWIC accepts is a rule the codebook accepts, and vice versa) and
// run by the same matcher over the stored units: a KWIC hit is exactly what that rule would code.
// Each hit says which codes and rules of a stored codebook version already code its unit.
import { compileCodebook } from '../code/index.ts';
import { primaryLanguage } from '../code/matcher.ts';
import { CodebookError, parseCodebook, type MatchMode } from '../codebook/index.ts';
import { hasWildcard, isMultiWord } from '../codebook/patterns.ts';
import { codedUnit, type Store, type Unit } from '../store/index.ts';
import { csv } from './format.ts';

export type KwicPatternType = 'term' | 'glob' | 'phrase' | 'regex';
export const KWIC_PATTERN_TYPES: readonly KwicPatternType[] = ['term', 'glob', 'phrase', 'regex'];

export interface KwicOptions {
  /** Default: glob when the pattern has * or ?, phrase when it has several words, else term. */
  patternType?: KwicPatternType;
  /** term/phrase: stem (default) or exact. */
  match?: MatchMode;
  /** phrase: extra words allowed between the words (default 0). */
  maxGap?: number;
  /** regex: flags among i, u, s (default none, as in a codebook: pass "i" for case-insensitive). */
  flags?: string;
  /** Characters of context on each side (default 60). */
  width?: number;
  /** At most this many hits (after sorting); `total` still counts them all. */
  limit?: number;
  /** Only hits in units that `codebookVersion` codes with this code. */
  code?: string;
  /** Only hits in units not coded (with `code` when given, else with any code). */
  uncoded?: boolean;
  /** Only documents whose language has this primary subtag (en, uk, ...). */
  lang?: string;
  /** Units to search and to report codings of; default: the unit `codebookVersion` was coded at. */
  unit?: Unit;
  /** Whose codings fill `coded_by`; default the latest coded version; null when none is stored. */
  codebookVersion?: string;
}

export interface KwicCodedBy {
  code_id: string;
  rule_id: string;
  negated: boolean;
  /** One of the coding's spans overlaps the hit: the rule codes this very occurrence. */
  covers_hit: boolean;
}

export interface KwicHit {
  file: string;
  sha256: string;
  language: string | null;
  segment_id: string;
  kind: Unit;
  page: number;
  /** [start, end) UTF-16 offsets of the match in the document text. */
  start: number;
  end: number;
  left: string;
  match: string;
  right: string;
  /** false: the document is not coded with `codebookVersion` (coded_by is then empty). */
  document_coded: boolean;
  coded_by: KwicCodedBy[];
}

export interface KwicResult {
  pattern: string;
  patternType: KwicPatternType;
  /** The rule the pattern became, as it would be written in a codebook. */
  rule: Record<string, unknown>;
  codebookVersion: string | null;
  unit: Unit;
  documents: number;
  total: number;
  hits: KwicHit[];
}

/** Thrown for a pattern or option the user must fix (the CLI maps it to a usage error). */
export class KwicError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KwicError';
  }
}

export function detectPatternType(pattern: string): KwicPatternType {
  if (hasWildcard(pattern)) return 'glob';
  return isMultiWord(pattern) ? 'phrase' : 'term';
}

/** The codebook rule a KWIC pattern stands for (without id/lang/unit). */
export function kwicRule(pattern: string, opts: Pick<KwicOptions, 'patternType' | 'match' | 'maxGap' | 'flags'> = {}): Record<string, unknown> {
  const type = opts.patternType ?? detectPatternType(pattern);
  switch (type) {
    case 'term':
      return { type, terms: [pattern], match: opts.match ?? 'stem' };
    case 'phrase':
      return { type, phrases: [pattern], max_gap: opts.maxGap ?? 0, match: opts.match ?? 'stem' };
    case 'glob':
      return { type, patterns: [pattern] };
    case 'regex':
      return { type, pattern, flags: opts.flags ?? '' };
    default:
      throw new KwicError(`Unexpected pattern type \`${String(type)}\`, expected one of ${KWIC_PATTERN_TYPES.join(', ')}`);
  }
}

/** The one-code codebook KWIC runs; exported so tests and scripts can run the same thing. */
export function kwicCodebookYaml(rule: Record<string, unknown>, unit: Unit): string {
  // JSON is YAML: no quoting rules to get wrong for patterns with ":", "#", quotes or Cyrillic.
  const cb = {
    codebook: 'kwic',
    title: 'KWIC',
    unit,
    groups: [{ id: 'kwic', label: 'KWIC' }],
    codes: [{ id: 'kwic', label: 'KWIC', group: 'kwic', definition: 'The KWIC pattern.', rules: [{ id: 'kwic', ...rule }] }],
  };
  return JSON.stringify(cb, null, 2) + '\n';
}

interface DocRow {
  sha256: string;
  file: string;
  language: string | null;
  text: string;
  coded: number;
}

interface SegRow {
  id: string;
  kind: Unit;
  start: number;
  end: number;
  page: number;
}

interface CodingRow {
  segment_id: string;
  code_id: string;
  rule_id: string;
  negated: number;
  spans: string;
}

export function kwic(store: Store, pattern: string, opts: KwicOptions = {}): KwicResult {
  const width = opts.width ?? 60;
  if (!Number.isInteger(width) || width < 0) throw new KwicError(`Unexpected width ${String(width)}, expected a whole number >= 0`);
  if (opts.limit !== undefined && !(Number.isInteger(opts.limit) && opts.limit >= 0)) {
    throw new KwicError(`Unexpected limit ${String(opts.limit)}, expected a whole number >= 0`);
  }
  const db = store.db;
  const version = opts.codebookVersion ?? store.latestCodebookVersion();
  if (opts.codebookVersion !== undefined && db.prepare('SELECT 1 FROM codebooks WHERE version = ?').get(opts.codebookVersion) === undefined) {
    throw new KwicError(`Unexpected codebook version \`${opts.codebookVersion}\`, expected one stored in the database`);
  }
  if (opts.code !== undefined) {
    if (version === null) throw new KwicError(`Unexpected --code \`${opts.code}\` with no coded run in the database, expected \`codeframe run\` first`);
    const known = db.prepare('SELECT code_id FROM codes WHERE codebook_version = ? ORDER BY ordinal').pluck().all(version) as string[];
    if (!known.includes(opts.code)) {
      throw new KwicError(`Unexpected code \`${opts.code}\`, expected one of: ${known.join(', ')} (codebook version ${version})`);
    }
  }
  const unit: Unit = opts.unit ?? (version !== null ? codedUnit(db, version) : null) ?? 'sentence';
  const patternType = opts.patternType ?? detectPatternType(pattern);
  const rule = kwicRule(pattern, { ...opts, patternType });
  let matcher;
  try {
    matcher = compileCodebook(parseCodebook(kwicCodebookYaml(rule, unit), 'pattern'));
  } catch (e) {
    if (e instanceof CodebookError) {
      const why = e.diagnostics.map((d) => `${d.path.replace(/^codes\[0\]\.rules\[0\]\.?/, '') || 'pattern'}: ${d.message}`).join('; ');
      throw new KwicError(`Unexpected ${patternType} pattern ${JSON.stringify(pattern)}: ${why}`);
    }
    throw e;
  }

  const lang = opts.lang === undefined ? null : primaryLanguage(opts.lang);
  const docs = (
    db
      .prepare(
        `SELECT d.sha256, d.file, d.language, d.text,
                EXISTS (SELECT 1 FROM coding_done k WHERE k.document = d.sha256 AND k.codebook_version = @version AND k.unit = @unit) AS coded
         FROM current_documents d ORDER BY d.file, d.sha256`,
      )
      .all({ version, unit }) as DocRow[]
  ).filter((d) => opts.lang === undefined || primaryLanguage(d.language) === lang);
  const segmentsOf = db.prepare('SELECT id, kind, start, "end", page FROM segments WHERE document = ? AND kind = ? ORDER BY start, id');
  const codingsOf = db.prepare(
    `SELECT c.segment_id, c.code_id, c.rule_id, c.negated, c.spans
     FROM codings c JOIN segments s ON s.id = c.segment_id
     LEFT JOIN codes k ON k.codebook_version = c.codebook_version AND k.code_id = c.code_id
     WHERE s.document = ? AND s.kind = ? AND c.codebook_version = ?
     ORDER BY c.segment_id, k.ordinal, c.code_id, c.rule_id`,
  );

  const hits: KwicHit[] = [];
  for (const doc of docs) {
    const segs = segmentsOf.all(doc.sha256, unit) as SegRow[];
    if (segs.length === 0) continue;
    const bySegment = new Map(segs.map((s) => [s.id, s]));
    const codings = new Map<string, CodingRow[]>();
    if (doc.coded && version !== null) {
      for (const c of codingsOf.all(doc.sha256, unit, version) as CodingRow[]) {
        const list = codings.get(c.segment_id) ?? codings.set(c.segment_id, []).get(c.segment_id)!;
        list.push(c);
      }
    }
    for (const coding of matcher.codeUnits(doc.text, segs, doc.language)) {
      const seg = bySegment.get(coding.segmentId)!;
      const here = codings.get(seg.id) ?? [];
      if (opts.code !== undefined && !opts.uncoded && !here.some((c) => c.code_id === opts.code)) continue;
      if (opts.uncoded && here.some((c) => opts.code === undefined || c.code_id === opts.code)) continue;
      // One coding of the one rule carries every occurrence in the unit as a span: one hit each.
      for (const [start, end] of coding.spans) {
        hits.push({
          file: doc.file,
          sha256: doc.sha256,
          language: doc.language,
          segment_id: seg.id,
          kind: seg.kind,
          page: seg.page,
          start,
          end,
          ...context(doc.text, start, end, width),
          document_coded: doc.coded === 1,
          coded_by: here.map((c) => ({
            code_id: c.code_id,
            rule_id: c.rule_id,
            negated: c.negated === 1,
            covers_hit: (JSON.parse(c.spans) as Array<[number, number]>).some(([s, e]) => s < end && start < e),
          })),
        });
      }
    }
  }
  // Documents come in (file, sha256) order and units in start order, but the spans of one unit and
  // overlapping units (none today) could interleave: sort to make the order a promise.
  hits.sort((a, b) => cmp(a.file, b.file) || cmp(a.sha256, b.sha256) || a.start - b.start || a.end - b.end || cmp(a.segment_id, b.segment_id));
  const total = hits.length;
  if (opts.limit !== undefined) hits.length = Math.min(hits.length, opts.limit);
  return { pattern, patternType, rule, codebookVersion: version, unit, documents: docs.length, total, hits };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Up to `width` characters each side, never splitting a surrogate pair; line breaks shown as spaces. */
function context(text: string, start: number, end: number, width: number): { left: string; match: string; right: string } {
  let from = Math.max(0, start - width);
  if (from > 0 && isLowSurrogate(text.charCodeAt(from))) from++;
  let to = Math.min(text.length, end + width);
  if (to < text.length && isLowSurrogate(text.charCodeAt(to))) to--;
  const flat = (s: string) => s.replace(/[\r\n\t]/g, ' ');
  return { left: flat(text.slice(from, start)), match: flat(text.slice(start, end)), right: flat(text.slice(end, to)) };
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** `code:rule` list; a rule that codes this very occurrence is marked with `*`, a negated coding with `!`. */
export function codedByLabel(hit: KwicHit): string {
  if (!hit.document_coded) return '(document not coded)';
  if (hit.coded_by.length === 0) return '-';
  return hit.coded_by.map((c) => `${c.code_id}:${c.rule_id}${c.covers_hit ? '*' : ''}${c.negated ? '!' : ''}`).join(' ');
}

/** Aligned concordance lines: location, right-aligned left context, the match, right context,
 *  then the codes already coding the unit. `bold` wraps the match in ANSI bold (terminals). */
export function formatKwic(result: KwicResult, opts: { width?: number; bold?: boolean } = {}): string {
  const width = opts.width ?? 60;
  const locs = result.hits.map((h) => `${h.file}:${h.page}:${h.start}-${h.end}`);
  const locWidth = Math.max(0, ...locs.map(displayWidth));
  const matchWidth = Math.min(40, Math.max(0, ...result.hits.map((h) => displayWidth(h.match))));
  const lines = result.hits.map((h, i) => {
    const left = fitLeft(h.left, width);
    const right = fitRight(h.right, width);
    const match = opts.bold ? `\u001b[1m${h.match}\u001b[22m` : h.match;
    const pad = ' '.repeat(Math.max(0, matchWidth - displayWidth(h.match)));
    return `${padEnd(locs[i]!, locWidth)}  ${left} | ${match}${pad} | ${right}  ${codedByLabel(h)}`;
  });
  const shown = result.hits.length === result.total ? `${result.total}` : `${result.hits.length} of ${result.total}`;
  const coded = result.codebookVersion === null ? 'no coded version stored' : `coded by: codebook version ${result.codebookVersion}`;
  lines.push(
    `${shown} hit${result.total === 1 ? '' : 's'} of ${result.patternType} ${JSON.stringify(result.pattern)} in ${result.documents} document${result.documents === 1 ? '' : 's'} (${result.unit}s; ${coded}; * = the rule codes this occurrence, ! = negated)`,
  );
  return lines.join('\n') + '\n';
}

export const KWIC_CSV_HEADER = [
  'file', 'sha256', 'language', 'segment_id', 'kind', 'page', 'start', 'end', 'left', 'match', 'right', 'document_coded', 'coded_codes', 'coded_rules', 'covering_rules',
] as const;

/** RFC 4180 CSV of the hits (rules as "code:rule" joined by ";"). */
export function kwicCsv(result: KwicResult): string {
  return csv(
    KWIC_CSV_HEADER,
    result.hits.map((h) => [
      h.file, h.sha256, h.language, h.segment_id, h.kind, h.page, h.start, h.end, h.left, h.match, h.right,
      h.document_coded ? 1 : 0,
      [...new Set(h.coded_by.map((c) => c.code_id))].join(';'),
      h.coded_by.map((c) => `${c.code_id}:${c.rule_id}`).join(';'),
      h.coded_by.filter((c) => c.covers_hit).map((c) => `${c.code_id}:${c.rule_id}`).join(';'),
    ]),
  );
}

// Terminal columns: combining marks take none, East Asian wide characters two.
const ZERO_WIDTH = /^[\p{M}\u200b-\u200f\u2060\ufeff]$/u;
const WIDE = /^[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]$/u;

function charWidth(ch: string): number {
  if (ZERO_WIDTH.test(ch)) return 0;
  return WIDE.test(ch) ? 2 : 1;
}

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch);
  return w;
}

function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

/** The last `width` columns of s, padded on the left. */
function fitLeft(s: string, width: number): string {
  const chars = [...s];
  let w = 0;
  let i = chars.length;
  while (i > 0 && w + charWidth(chars[i - 1]!) <= width) w += charWidth(chars[--i]!);
  return ' '.repeat(width - w) + chars.slice(i).join('');
}

/** The first `width` columns of s (not padded: it is the last column but one). */
function fitRight(s: string, width: number): string {
  let w = 0;
  let out = '';
  for (const ch of s) {
    if (w + charWidth(ch) > width) break;
    w += charWidth(ch);
    out += ch;
  }
  return out + ' '.repeat(width - w);
}
