// Joins two wrapped lines of one paragraph, undoing the typesetter's word breaks.
//
// A line ending in "letter-" followed by a lowercase word is either a word broken by the
// typesetter ("trans-" + "parency") or a real compound that happened to wrap ("risk-" + "based").
// The heuristic, first rule that applies:
//   1. the part before the hyphen already holds a hyphen ("state-of-the-") → keep the hyphen;
//   2. the hyphenated form occurs unbroken elsewhere in the document → keep the hyphen;
//   3. the joined form occurs elsewhere in the document → join;
//   4. both parts are words of >= 4 letters that occur on their own in the document
//      ("mixed-" + "mode", "work-" + "load") → keep the hyphen;
//   5. the part before the hyphen is an acronym ("AI-", "EU-") or a known compound prefix
//      (COMPOUND_PREFIXES: "self", "non", "risk", "human", ...) → keep the hyphen;
//   6. otherwise join ("trans-parency" → "transparency").
// An uppercase or numeric continuation keeps the hyphen ("COVID-" + "19"); "pre-" + "and post-"
// keeps it with a space. A line-final soft hyphen always joins.
import { SOFT_HYPHEN } from './chars.ts';

export const COMPOUND_PREFIXES = new Set([
  'self', 'non', 'co', 'cross', 'multi', 'high', 'low', 'well', 'long', 'short', 'state',
  'evidence', 'risk', 'human', 'ai', 'ex', 'all', 'full', 'large', 'small', 'open', 'real',
  'user', 'data', 'rule', 'law', 'time', 'decision', 'general', 'machine', 'so', 'top', 'end',
  'third', 'first', 'second', 'medium', 'far', 'wide', 'world', 'life', 'case', 'cost',
  'value', 'sector', 'market', 'country', 'rights', 'gender', 'privacy', 'safety', 'security',
  'trust', 'public', 'private', 'peer', 'one', 'two', 'three', 'half', 'quasi', 'pseudo',
  'semi', 'anti', 'mid', 'follow', 'user', 'science', 'policy', 'technology', 'region',
  'industry', 'ill', 'best', 'better', 'like', 'good', 'low', 'built', 'fine', 'know',
]);

const WORD_RE = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;
const BROKEN_TAIL_RE = /([\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*)-$/u;

/** The word before a line-final hyphen ("trans" of "the trans-"; "state-of-the" of
 *  "state-of-the-"), or undefined when the hyphen follows no word. Looks at the last
 *  space-separated chunk only, so long lines cost nothing. */
function brokenPrefix(line: string): string | undefined {
  const chunk = line.slice(line.lastIndexOf(' ') + 1);
  const m = BROKEN_TAIL_RE.exec(chunk);
  if (!m) return undefined;
  // "(trans-" is fine; "x/trans-" too; but the match must reach back to a non-word character
  const lead = chunk.slice(0, m.index);
  return lead === '' || !/[\p{L}\p{N}-]$/u.test(lead) ? m[1] : undefined;
}
const CONJUNCTION_RE = /^(?:and|or|to|und|oder|bis|et|ou|y|o|e|a)\b/u;
const CJK_RE = /[\u3000-\u30FF\u3400-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]/u;

/** The words rules 2-4 will ask about: for each line broken after "letter-" (within a page or
 *  across a page break), the part before the hyphen, the continuation, and their joined and
 *  hyphenated forms, lowercased. */
function candidatesOf(pages: string[][]): Set<string> {
  const wanted = new Set<string>();
  let before: string | undefined; // of the previous non-blank line, when it was broken
  for (const lines of pages) {
    for (const line of lines) {
      if (line === '') continue;
      if (before) {
        const rest = /^[\p{L}\p{N}]+/u.exec(line)?.[0].toLowerCase();
        if (rest) wanted.add(before).add(rest).add(before + rest).add(`${before}-${rest}`);
      }
      before = line.endsWith('-') ? brokenPrefix(line)?.toLowerCase() : undefined;
    }
  }
  return wanted;
}

/** How often the words that matter for rules 2-4 occur in running text. The halves of words
 *  broken at a line end ("trans-" / "parency") are not counted. Only candidates are counted,
 *  which keeps this pass cheap on large documents. */
export function wordsOf(pages: string[][]): Map<string, number> {
  const wanted = candidatesOf(pages);
  const words = new Map<string, number>();
  if (wanted.size === 0) return words;
  let afterBreak = false;
  for (const lines of pages) {
    for (const line of lines) {
      if (line === '') continue;
      const tokens = line.toLowerCase().match(WORD_RE) ?? [];
      const broken = line.endsWith('-') || line.endsWith(SOFT_HYPHEN);
      const from = afterBreak ? 1 : 0;
      const to = broken ? tokens.length - 1 : tokens.length;
      for (let i = from; i < to; i++) {
        const w = tokens[i]!;
        if (wanted.has(w)) words.set(w, (words.get(w) ?? 0) + 1);
      }
      afterBreak = broken;
    }
  }
  return words;
}

/** Decides how `a` ends and what goes between it and `b`: returns [a as emitted, separator]. */
export function joinWrappedLines(a: string, b: string, words: ReadonlyMap<string, number>): [string, string] {
  if (a.endsWith(SOFT_HYPHEN)) return [a.slice(0, -1), ''];
  const last = a.at(-1)!;
  if (last === '-') {
    const before = brokenPrefix(a);
    if (!before) return [a, ' ']; // a dash standing alone ("a -") is punctuation
    if (CONJUNCTION_RE.test(b)) return [a, ' '];
    if (!/^\p{Ll}/u.test(b)) return [a, ''];
    return keepsHyphen(before, b, words) ? [a, ''] : [a.slice(0, -1), ''];
  }
  if ((last === '—' || last === '–') && !a.endsWith(' ' + last)) return [a, ''];
  if (CJK_RE.test(last) && CJK_RE.test(b[0]!)) return [a, ''];
  return [a, ' '];
}

function keepsHyphen(before: string, b: string, words: ReadonlyMap<string, number>): boolean {
  if (before.includes('-')) return true;
  const rest = /^[\p{L}\p{N}]+/u.exec(b)?.[0] ?? '';
  const lower = before.toLowerCase();
  if (words.has(`${lower}-${rest.toLowerCase()}`)) return true;
  if (words.has(`${lower}${rest.toLowerCase()}`)) return false;
  const alone = (w: string) => w.length >= 4 && words.has(w);
  if (alone(lower) && alone(rest.toLowerCase())) return true;
  if (/\p{Lu}.*\p{Lu}/u.test(before) && before === before.toUpperCase()) return true;
  return COMPOUND_PREFIXES.has(lower);
}
