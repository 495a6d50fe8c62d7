// What a REFI-QDA export holds, read from the store and shaped the way QDA tools expect: codes
// nested under their group, one text source per current document, and one selection per coded
// unit × code (the rules behind it are its provenance). Offsets are converted to code points
// here, once; the XML writers only format.
import type { Store } from '../../store/index.ts';
import { RefiError } from './errors.ts';
import { guidOf } from './guid.ts';
import { codePointIndex, type CodePointIndex } from './offsets.ts';
import { codebookOf, codedDocumentsOf, codesOf, codingsOf, runsOf, uncodedDocumentCount, type DocumentRow, type RunRow } from './queries.ts';

/** What the review stage will say about one exported coding (unit × code). */
export interface ReviewSubject {
  codebookVersion: string;
  document: string;
  start: number;
  end: number;
  codeId: string;
  codingIds: number[];
  segmentIds: string[];
  /** The rules' spans (UTF-16, sorted, distinct), to tell a re-spanned coding from a kept one. */
  ruleSpans?: Array<[number, number]>;
}

/** `status` goes into the provenance ('auto' until the review module decides); a `coder` becomes
 *  a <User> and the selection's modifyingUser. Return null to leave the coding out (rejected). */
export interface ReviewInfo {
  status: string;
  coder?: string | null;
  /** The human coders who made the call (each becomes a <User>); overrides `coder`. */
  coders?: string[];
  /** Spans a coder or adjudicator drew (UTF-16): the selection covers these instead of the unit. */
  spans?: Array<[number, number]> | null;
}

/** A coding made by people where no rule fired (a coder's `add`, or an adjudication). */
export interface HumanCoding {
  segmentId: string;
  unit: 'sentence' | 'paragraph';
  codeId: string;
  /** The unit (UTF-16). */
  start: number;
  end: number;
  quote: string;
  negated: boolean;
  /** UTF-16; the whole unit when the coder drew none. */
  spans: Array<[number, number]>;
  status: string;
  coders: string[];
  /** When it was decided (ISO 8601), the selection's creation date. */
  at: string | null;
}

export type ReviewHook = ((subject: ReviewSubject) => ReviewInfo | null) & {
  /** The human codings of one document that no rule coding carries (exported as selections too). */
  added?: (document: string) => HumanCoding[];
};

export interface RefiOptions {
  /** Default: store.latestCodebookVersion(). */
  codebookVersion?: string;
  /** Review status of each coding; default: every coding is 'auto'. */
  review?: ReviewHook;
  /** false: the codebook only (for a .qdc). Default true. */
  documents?: boolean;
}

export interface RuleHit {
  codingId: number;
  segmentId: string;
  unit: 'sentence' | 'paragraph';
  ruleId: string;
  runId: number;
  negated: boolean;
  /** UTF-16, as stored. */
  spans: Array<[number, number]>;
}

export interface ExportSelection {
  guid: string;
  codingGuid: string;
  codeId: string;
  /** UTF-16 offsets (as stored) and code point positions (as written). */
  start: number;
  end: number;
  startChar: number;
  endChar: number;
  quote: string;
  hits: RuleHit[];
  status: string;
  /** The coders, comma-separated, as written in the provenance; null for the rules alone. */
  coder: string | null;
  /** Each one a <User>; the first is the selection's modifying (and, for an added one, creating) user. */
  coders: string[];
  /** Where people drew the selection: the unit and their spans (UTF-16); null for a rule selection. */
  drawn: { segmentId: string; unit: 'sentence' | 'paragraph'; spans: Array<[number, number]>; negated: boolean } | null;
  created: string | null;
}

export interface ExportDocument {
  row: DocumentRow;
  guid: string;
  index: CodePointIndex;
  selections: ExportSelection[];
}

export interface ExportCode {
  guid: string;
  id: string;
  label: string;
  group: string;
  definition: string;
  include: string[];
  exclude: string[];
}

export interface ExportGroup {
  guid: string;
  id: string;
  label: string;
  description: string | null;
  codes: ExportCode[];
}

export interface RefiModel {
  codebook: { id: string; version: string; title: string; description: string | null };
  groups: ExportGroup[];
  /** Codes whose group the codebook does not list (written at the top level). */
  ungrouped: ExportCode[];
  documents: ExportDocument[];
  uncodedDocuments: number;
  runs: RunRow[];
  rulesUser: { guid: string; name: string };
  coders: Array<{ guid: string; name: string }>;
}

export const RULES_USER = 'codeframe rules';

/** ISO 8601 from the store → xsd:dateTime without fractions (what every tool parses). */
export function xsdDateTime(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso);
  return m ? `${m[1]}Z` : null;
}

function distinctSpans(spans: Array<[number, number]>): Array<[number, number]> {
  const seen = new Map(spans.map((s) => [`${s[0]},${s[1]}`, s] as const));
  return [...seen.values()].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

interface CodebookJson {
  description?: string | null;
  groups?: Array<{ id: string; label: string; description: string | null }>;
  codes?: Array<{ id: string; include?: string[]; exclude?: string[] }>;
}

/** Reads everything the export writes. Throws RefiError for a version the database lacks. */
export function buildModel(store: Store, opts: RefiOptions = {}): RefiModel {
  const version = opts.codebookVersion ?? store.latestCodebookVersion();
  if (!version) throw new RefiError('Unexpected database without a coded run, expected at least one `codeframe run` or `codeframe code`');
  const cb = codebookOf(store.db, version);
  if (!cb) throw new RefiError(`Unexpected codebook version \`${version}\`, expected one stored in the database`);
  const json = JSON.parse(cb.json) as CodebookJson;
  const criteria = new Map((json.codes ?? []).map((c) => [c.id, c]));

  const codes: ExportCode[] = codesOf(store.db, version).map((c) => ({
    guid: guidOf('code', cb.codebook_id, c.code_id),
    id: c.code_id,
    label: c.label,
    group: c.group_id,
    definition: c.definition,
    include: criteria.get(c.code_id)?.include ?? [],
    exclude: criteria.get(c.code_id)?.exclude ?? [],
  }));
  const groups: ExportGroup[] = (json.groups ?? []).map((g) => ({
    guid: guidOf('group', cb.codebook_id, g.id),
    id: g.id,
    label: g.label,
    description: g.description ?? null,
    codes: codes.filter((c) => c.group === g.id),
  }));
  const grouped = new Set(groups.map((g) => g.id));
  const ungrouped = codes.filter((c) => !grouped.has(c.group));

  const runs = runsOf(store.db, version);
  const runStart = new Map(runs.map((r) => [r.id, xsdDateTime(r.started_at)]));
  const review: ReviewHook = opts.review ?? (() => ({ status: 'auto', coder: null }));
  const coders = new Map<string, string>();

  const rowsToExport = opts.documents === false ? [] : codedDocumentsOf(store.db, version);
  const documents: ExportDocument[] = rowsToExport.map((row) => {
    const index = codePointIndex(row.text);
    const selections: ExportSelection[] = [];
    const rows = codingsOf(store.db, row.sha256, version);
    for (let i = 0; i < rows.length; ) {
      const first = rows[i]!;
      const hits: RuleHit[] = [];
      for (; i < rows.length && rows[i]!.start === first.start && rows[i]!.end === first.end && rows[i]!.code_id === first.code_id; i++) {
        const r = rows[i]!;
        hits.push({
          codingId: r.id, segmentId: r.segment_id, unit: r.kind, ruleId: r.rule_id, runId: r.run_id,
          negated: r.negated === 1, spans: JSON.parse(r.spans) as Array<[number, number]>,
        });
      }
      const ruleSpans = distinctSpans(hits.flatMap((h) => h.spans));
      const verdict = review({
        codebookVersion: version, document: row.sha256, start: first.start, end: first.end, codeId: first.code_id,
        codingIds: hits.map((h) => h.codingId), segmentIds: [...new Set(hits.map((h) => h.segmentId))], ruleSpans,
      });
      if (verdict === null) continue;
      const names = verdict.coders ?? (verdict.coder ? [verdict.coder] : []);
      for (const n of names) coders.set(n, guidOf('user', n));
      const created = hits.map((h) => runStart.get(h.runId) ?? null).filter((d): d is string => d !== null).sort()[0] ?? null;
      const base = { codeId: first.code_id, hits, status: verdict.status, coder: names.length ? names.join(', ') : null, coders: names, created };
      if (verdict.spans) {
        // Re-spanned: one selection per drawn span, keyed by unit so two units cannot collide.
        const segmentId = hits[0]!.segmentId;
        for (const [a, b] of verdict.spans) {
          const key = [version, row.sha256, a, b, first.code_id, 'drawn', segmentId] as const;
          selections.push({
            ...base, guid: guidOf('selection', ...key), codingGuid: guidOf('coding', ...key), start: a, end: b,
            startChar: index.toCodePoint(a), endChar: index.toCodePoint(b), quote: row.text.slice(a, b),
            drawn: { segmentId, unit: hits[0]!.unit, spans: verdict.spans, negated: hits.every((h) => h.negated) },
          });
        }
        continue;
      }
      const key = [version, row.sha256, first.start, first.end, first.code_id] as const;
      selections.push({
        ...base,
        guid: guidOf('selection', ...key),
        codingGuid: guidOf('coding', ...key),
        start: first.start,
        end: first.end,
        startChar: index.toCodePoint(first.start),
        endChar: index.toCodePoint(first.end),
        quote: first.quote,
        drawn: null,
      });
    }
    for (const h of review.added?.(row.sha256) ?? []) {
      for (const n of h.coders) coders.set(n, guidOf('user', n));
      for (const [a, b] of h.spans) {
        const key = [version, row.sha256, a, b, h.codeId, 'drawn', h.segmentId] as const;
        selections.push({
          guid: guidOf('selection', ...key), codingGuid: guidOf('coding', ...key), codeId: h.codeId, start: a, end: b,
          startChar: index.toCodePoint(a), endChar: index.toCodePoint(b), quote: row.text.slice(a, b), hits: [],
          status: h.status, coder: h.coders.length ? h.coders.join(', ') : null, coders: h.coders, created: xsdDateTime(h.at),
          drawn: { segmentId: h.segmentId, unit: h.unit, spans: h.spans, negated: h.negated },
        });
      }
    }
    // Text order, whatever made the selection (a stable sort: rule selections keep their order).
    selections.sort((x, y) => x.start - y.start || x.end - y.end || (x.codeId < y.codeId ? -1 : x.codeId > y.codeId ? 1 : 0));
    return { row, guid: guidOf('source', row.sha256), index, selections };
  });

  return {
    codebook: { id: cb.codebook_id, version, title: cb.title, description: json.description ?? null },
    groups,
    ungrouped,
    documents,
    uncodedDocuments: uncodedDocumentCount(store.db, version),
    runs,
    rulesUser: { guid: guidOf('user', RULES_USER), name: RULES_USER },
    coders: [...coders].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, guid]) => ({ guid, name })),
  };
}
