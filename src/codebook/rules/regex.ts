// regex: the escape hatch, guarded. Refused at load time when it can backtrack catastrophically
// (safe-regex2), matches the empty string, or uses flags other than i, u, s.
import safeRegex from 'safe-regex2';
import { z } from 'zod';
import type { RegexRule } from '../types.ts';
import { nonEmptyText, ruleSchema } from './fields.ts';
import { ambiguousRepetition } from './regex-safety.ts';
import type { RuleIssue, RuleModule } from './rule-module.ts';

// Zero-width matches are found by scanning a few probes, not just "": `(?=x)` never matches ""
// but matches empty at every "x".
const LOOKBEHIND = /\(\?<[=!]/;
const EMPTY_PROBES = ['', 'a', ' ', 'A b. 1, ж-ї', 'x y z\nq', '.'];
/** A regex that matches each of these unrelated characters codes every unit (`.`, `[^x]`). */
const EVERYWHERE_PROBES = ['a', 'Q', '7', ' ', '.', ',', 'ж', '-'];
/** Longer patterns are not a rule but a program; the safety checks read the pattern in
 *  linear passes, yet there is no reason to let them read a megabyte. */
export const MAX_REGEX_LENGTH = 1000;

export const regex: RuleModule<RegexRule> = {
  meta: {
    type: 'regex',
    description: 'Codes a unit where the regular expression matches (flags: i, u, s).',
    example: '{type: regex, pattern: "\\\\bexplainab\\\\w*", flags: i}',
  },
  schema: ruleSchema('regex', {
    pattern: nonEmptyText(),
    // Length first: the duplicate check is quadratic in a long string (it once took seconds).
    flags: z
      .string({ error: 'expected flags (a string of i, u, s)' })
      .refine((f) => /^[ius]{0,3}$/.test(f) && new Set(f).size === f.length, { error: 'expected flags made of i, u, s (each at most once)' })
      .optional(),
  }),
  normalize: (p, base) => ({
    ...base,
    type: 'regex',
    pattern: p.pattern as string,
    flags: [...((p.flags as string | undefined) ?? '')].sort().join(''),
  }),
  check(rule) {
    const issues: RuleIssue[] = [];
    if (rule.pattern.length > MAX_REGEX_LENGTH) {
      issues.push({ path: ['pattern'], message: `expected a regular expression of at most ${MAX_REGEX_LENGTH} characters, got ${rule.pattern.length}` });
      return issues;
    }
    let re: RegExp;
    try {
      re = new RegExp(rule.pattern, rule.flags + 'g');
    } catch (e) {
      issues.push({ path: ['pattern'], message: `expected a valid regular expression, got ${JSON.stringify(short(rule.pattern))} (${(e as Error).message.slice(0, 200)})` });
      return issues;
    }
    let safe: boolean;
    let ambiguous: string | null;
    try {
      safe = safeRegex(re);
      ambiguous = safe ? ambiguousRepetition(rule.pattern, rule.flags.includes('i')) : null;
    } catch {
      safe = false; // a pattern the checkers cannot read (nested too deeply) is not run
      ambiguous = null;
    }
    if (ambiguous !== null) {
      issues.push({
        path: ['pattern'],
        message: `expected a regular expression without ambiguous repetition, got ${JSON.stringify(short(rule.pattern))} (${ambiguous}, so it can backtrack catastrophically; make the alternatives start differently, e.g. a[bc] for (?:ab|ac), or use term and phrase rules)`,
      });
      return issues;
    }
    if (!safe) {
      // safe-regex2's parser does not read lookbehinds and refuses them: say so, not "unsafe".
      const why = LOOKBEHIND.test(rule.pattern)
        ? 'lookbehind (?<= (?<! cannot be checked for safety; use a lookahead or a near/not rule'
        : 'it can backtrack catastrophically';
      issues.push({
        path: ['pattern'],
        message: `expected a regular expression without nested repetition, got ${JSON.stringify(short(rule.pattern))} (${why})`,
      });
      return issues; // do not run it, even on the short probes
    }
    if (EMPTY_PROBES.some((p) => matchesEmpty(re, p))) {
      issues.push({
        path: ['pattern'],
        message: `expected a regular expression that cannot match the empty string, got ${JSON.stringify(short(rule.pattern))}`,
      });
    } else if (EVERYWHERE_PROBES.every((p) => matchesAt0(re, p))) {
      issues.push({
        path: ['pattern'],
        message: `expected a regular expression that matches some text and not other, got ${JSON.stringify(short(rule.pattern))} (it matches any character: it would code every unit)`,
      });
    }
    return issues;
  },
  compile: (rule) => ({ kind: 'regex', regex: new RegExp(rule.pattern, rule.flags + 'g') }),
};

function matchesAt0(re: RegExp, probe: string): boolean {
  re.lastIndex = 0;
  return re.test(probe);
}

function matchesEmpty(re: RegExp, probe: string): boolean {
  re.lastIndex = 0;
  for (let m = re.exec(probe); m !== null; m = re.exec(probe)) {
    if (m[0].length === 0) return true;
  }
  return false;
}

function short(pattern: string): string {
  return pattern.length > 80 ? pattern.slice(0, 77) + '...' : pattern;
}
