// The pattern mini-language shared by term, phrase, glob, near, not and negation rules.
//
//   transparency        one word, matched on its stem (or its exact lowercase form)
//   transparen*  зв?т   a glob over one word: * = any run of characters, ? = exactly one
//   model card          several words = a phrase (each word as above), in order
//   ai-generated        hyphens/apostrophes split words like spaces do (see code/tokenize.ts)
//
// Matching is case-insensitive and NFC. Stemming depends on the document's language and is
// done by the code stage; here a pattern is only parsed and checked.
import { describe } from './explain.ts';
import { patternWords } from '../code/tokenize.ts';
import type { MatchMode } from './types.ts';

export type PatternElement =
  | { kind: 'word'; form: string; match: MatchMode }
  | { kind: 'glob'; form: string; regex: RegExp };

export interface Pattern {
  /** The pattern as written in the codebook (reported as the matched pattern). */
  source: string;
  elements: PatternElement[];
  /** Extra words allowed between consecutive elements. */
  maxGap: number;
}

export interface PatternOptions {
  match?: MatchMode;
  maxGap?: number;
}

const WILDCARD = /[*?]/;

/** Parse one pattern; returns an error message ("expected ..., got ...") when it is unusable. */
export function parsePattern(source: string, options: PatternOptions = {}): Pattern | string {
  const words = patternWords(source);
  if (words.length === 0) {
    return `expected a pattern with at least one letter or digit, got ${describe(source)}`;
  }
  const elements: PatternElement[] = words.map((form) =>
    WILDCARD.test(form)
      ? { kind: 'glob', form, regex: globRegex(form) }
      : { kind: 'word', form, match: options.match ?? 'stem' },
  );
  // A pattern with no literal character anywhere ("*", "?*", "* *") would code every unit.
  const literal = elements.some((e) => e.kind === 'word' || /[^*?]/.test(e.form));
  if (!literal) {
    return `expected a pattern with at least one literal letter or digit, got ${describe(source)} (it would match everywhere)`;
  }
  return { source, elements, maxGap: options.maxGap ?? 0 };
}

/** Does the pattern contain a glob wildcard? */
export function hasWildcard(source: string): boolean {
  return WILDCARD.test(source);
}

/** Is the pattern more than one word (after splitting on spaces, hyphens, apostrophes)? */
export function isMultiWord(source: string): boolean {
  return patternWords(source).length > 1;
}

/** The glob as an anchored regex that cannot backtrack polynomially. `^a.*b.*c$` tries
 *  O(n^k) splits of a long word that does not match (k = number of stars); here each middle
 *  segment is found at its leftmost place inside a lookahead, which JS never re-enters
 *  (`(?=(.*?b))\1` is an atomic group), and leftmost is always right for a glob: whatever
 *  matched after a later place also matches after an earlier one. O(word x pattern). */
export function globRegex(glob: string): RegExp {
  const segments = glob.split(/\*+/).map((seg) => [...seg].map((ch) => (ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join(''));
  let body: string;
  if (segments.length === 1) body = segments[0];
  else {
    const middle = segments.slice(1, -1).filter((seg) => seg !== '');
    body = segments[0] + middle.map((seg, i) => `(?=([^]*?${seg}))\\${i + 1}`).join('') + '.*' + segments[segments.length - 1];
  }
  return new RegExp(`^${body}$`, 'su');
}
