// Spans a coder draws are [start, end) UTF-16 offsets into documents.text, like every other
// position (DESIGN.md invariant 1), and must lie inside the unit they code.
import type Database from 'better-sqlite3';
import { stmt } from '../store/statements.ts';
import { quote, ReviewError } from './errors.ts';

export type Span = [number, number];

/** Checks and sorts spans; refuses empty, inverted, overlapping or out-of-unit spans, and (given
 *  the unit's text) ends that fall inside a surrogate pair: such a span cuts a character (an
 *  emoji, 𝔘) in half and has no position in the code points REFI-QDA counts. */
export function checkSpans(spans: unknown, unit: { start: number; end: number; text?: string }): Span[] {
  if (!Array.isArray(spans) || spans.length === 0) {
    throw new ReviewError(`Unexpected spans ${quote(spans)}, expected a non-empty array of [start, end) pairs`);
  }
  const out: Span[] = spans.map((s) => {
    if (!Array.isArray(s) || s.length !== 2 || !s.every((n) => Number.isInteger(n)) || !(s[0] < s[1])) {
      throw new ReviewError(`Unexpected span ${quote(s)}, expected [start, end) with integers start < end`);
    }
    const [a, b] = s as Span;
    if (a < unit.start || b > unit.end) throw new ReviewError(`span [${a},${b}) is outside unit [${unit.start},${unit.end})`);
    for (const at of [a, b]) {
      if (unit.text !== undefined && isLowSurrogate(unit.text.charCodeAt(at - unit.start))) {
        throw new ReviewError(`span [${a},${b}) splits a character at ${at}, expected ends between characters`);
      }
    }
    return [a, b];
  });
  out.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  for (let i = 1; i < out.length; i++) {
    if (out[i]![0] < out[i - 1]![1]) {
      throw new ReviewError(`Unexpected overlapping spans [${out[i - 1]!.join(',')}) and [${out[i]!.join(',')}), expected disjoint spans`);
    }
  }
  return out;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The unit's own text (segments.text), for the surrogate check. */
export function unitText(db: Database.Database, segmentId: string): string | undefined {
  return (stmt(db, 'SELECT text FROM segments WHERE id = ?').get(segmentId) as { text: string } | undefined)?.text;
}
