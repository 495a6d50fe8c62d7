// The review status of each exported coding, from the final codings (v_final_codings:
// adjudicated, else what the coders agree on, else the rules). A coding the coders rejected or an
// adjudicator ruled absent is left out, as in the tables; one they kept says so, with who kept it
// and the spans they drew; a code a coder added where no rule fired becomes a selection of its own.
import type { Store } from '../../store/index.ts';
import { stmt } from '../../store/statements.ts';
import type { HumanCoding, ReviewHook, ReviewInfo } from './model.ts';

type Spans = Array<[number, number]>;

interface FinalRow {
  segment_id: string;
  source: 'adjudicated' | 'coders' | 'auto';
  present: number;
  spans: string | null;
}

interface AddedRow {
  segment_id: string;
  source: 'adjudicated' | 'coders';
  unit: 'sentence' | 'paragraph';
  code_id: string;
  start: number;
  end: number;
  quote: string;
  negated: number;
  spans: string | null;
}

const sameSpans = (a: Spans, b: Spans): boolean => JSON.stringify(a) === JSON.stringify(b);

export function finalReviewHook(store: Store, codebookVersion: string): ReviewHook {
  const db = store.db;
  // Every final coding that is not the rules' alone, read once: such a row has coders' decisions or
  // an adjudication on its unit, which restricts the view to reviewed units. (A query per coding
  // through v_final_codings made an export of 19 documents take minutes.)
  const reviewedRows = stmt(
    db,
    `SELECT f.segment_id, f.code_id, f.source, f.present, f.spans, f.unit, f.sha256, f.start, f.end, f.negated,
            f.hits IS NULL AS unhit, s.text AS quote
     FROM v_final_codings f JOIN segments s ON s.id = f.segment_id
     WHERE f.codebook_version = ? AND f.source <> 'auto'
       AND f.segment_id IN (SELECT segment_id FROM reviews UNION SELECT segment_id FROM adjudications)
     ORDER BY f.start, f.end, f.code_id, f.unit, f.segment_id`,
  ).all(codebookVersion) as Array<FinalRow & AddedRow & { sha256: string; unhit: number }>;
  const final = new Map(reviewedRows.map((r) => [`${r.segment_id}\u0000${r.code_id}`, r]));
  // Who made the final call: the adjudicator, else the coders who kept the code (by name, so
  // the export is the same whatever order they decided in); when: their latest decision.
  const adjudicator = stmt(
    db,
    `SELECT adjudicator AS name, created_at AS at FROM v_adjudication_state WHERE codebook_version = ? AND segment_id = ? AND code_id = ?`,
  );
  const coders = stmt(
    db,
    `SELECT c.coder AS name, r.created_at AS at FROM v_coder_codings c LEFT JOIN reviews r ON r.id = c.decision_id
     WHERE c.codebook_version = ? AND c.segment_id = ? AND c.code_id = ? AND c.present = 1 ORDER BY c.coder`,
  );
  const who = (source: string, segmentId: string, codeId: string): { coders: string[]; at: string | null } => {
    const rows = (source === 'adjudicated' ? adjudicator : coders).all(codebookVersion, segmentId, codeId) as Array<{ name: string; at: string | null }>;
    const at = rows.map((r) => r.at).filter((d): d is string => d !== null).sort().at(-1) ?? null;
    return { coders: [...new Set(rows.map((r) => r.name))], at };
  };

  const hook = (subject: Parameters<ReviewHook>[0]): ReviewInfo | null => {
    const reviewed = subject.segmentIds.map((id) => final.get(`${id}\u0000${subject.codeId}`)).filter((r) => r !== undefined);
    if (reviewed.length === 0) return { status: 'auto' };
    const kept = reviewed.filter((r) => r.present === 1);
    if (kept.length === 0) return null;
    const adjudicated = kept.some((r) => r.source === 'adjudicated');
    const names = [...new Set(kept.flatMap((r) => who(r.source, r.segment_id, subject.codeId).coders))].sort();
    // Spans a coder or adjudicator drew (NULL: the rules' spans stand).
    const drawn = kept.map((r) => (r.spans === null ? null : (JSON.parse(r.spans) as Spans))).find((s) => s !== null) ?? null;
    const respanned = drawn !== null && !(subject.ruleSpans !== undefined && sameSpans(drawn, subject.ruleSpans));
    const info: ReviewInfo = { status: adjudicated ? 'adjudicated' : respanned ? 'respanned' : 'accepted' };
    if (names.length > 0) info.coders = names;
    if (respanned) info.spans = drawn;
    return info;
  };

  return Object.assign(hook, {
    added: (document: string): HumanCoding[] =>
      reviewedRows.filter((r) => r.sha256 === document && r.present === 1 && r.unhit === 1).map((r) => {
        const { coders: names, at } = who(r.source, r.segment_id, r.code_id);
        return {
          segmentId: r.segment_id, unit: r.unit, codeId: r.code_id, start: r.start, end: r.end, quote: r.quote,
          negated: r.negated === 1, spans: r.spans === null ? [[r.start, r.end]] : (JSON.parse(r.spans) as Spans),
          status: r.source === 'adjudicated' ? 'adjudicated' : 'added', coders: names, at,
        };
      }),
  });
}
