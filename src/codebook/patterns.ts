// The pattern mini-language shared by term, phrase, glob, near, not and negation rules.
//
//   transparency        one word, matched on its stem (or its exact lowercase form)
//   transparen*  зв?т   a glob over one word: * = any run of characters, ? = exactly one
//   model card          several words = a phrase (each word as above), in order
//   ai-generated        hyphens/apostrophes split words like spaces do (see code/tokenize.ts)
//
// Matching is case-insensitive and NFC. Stemming depends on the document's language and is
// done by the code stage; here a pattern is only parsed and checked.
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
    return `expected a pattern with at least one letter or digit, got ${JSON.stringify(source)}`;
  }
  const elements: PatternElement[] = words.map((form) =>
    WILDCARD.test(form)
      ? { kind: 'glob', form, regex: globRegex(form) }
      : { kind: 'word', form, match: options.match ?? 'stem' },
  );
  // A pattern with no literal character anywhere ("*", "?*", "* *") would code every unit.
  const literal = elements.some((e) => e.kind === 'word' || /[^*?]/.test(e.form));
  if (!literal) {
    return `expected a pattern with at least one literal letter or digit, got ${JSON.stringify(source)} (it would match everywhere)`;
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

function globRegex(glob: string): RegExp {
  let body = '';
  for (const ch of glob) {
    if (ch === '*') body += '.*';
    else if (ch === '?') body += '.';
    else body += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${body}$`, 'su');
}
