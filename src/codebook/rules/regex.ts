// regex: the escape hatch, guarded. Refused at load time when it can backtrack catastrophically
// (safe-regex2), matches the empty string, or uses flags other than i, u, s.
import safeRegex from 'safe-regex2';
import { z } from 'zod';
import type { RegexRule } from '../types.ts';
import { nonEmptyText, ruleSchema } from './fields.ts';
import type { RuleIssue, RuleModule } from './rule-module.ts';

// Zero-width matches are found by scanning a few probes, not just "": `(?=x)` never matches ""
// but matches empty at every "x".
const LOOKBEHIND = /\(\?<[=!]/;
const EMPTY_PROBES = ['', 'a', ' ', 'A b. 1, ж-ї', 'x y z\nq', '.'];

export const regex: RuleModule<RegexRule> = {
  meta: {
    type: 'regex',
    description: 'Codes a unit where the regular expression matches (flags: i, u, s).',
    example: '{type: regex, pattern: "\\\\bexplainab\\\\w*", flags: i}',
  },
  schema: ruleSchema('regex', {
    pattern: nonEmptyText(),
    flags: z
      .string({ error: 'expected flags (a string of i, u, s)' })
      .regex(/^(?!.*(.).*\1)[ius]*$/, { error: 'expected flags made of i, u, s (each at most once)' })
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
    let re: RegExp;
    try {
      re = new RegExp(rule.pattern, rule.flags + 'g');
    } catch (e) {
      issues.push({ path: ['pattern'], message: `expected a valid regular expression, got ${JSON.stringify(rule.pattern)} (${(e as Error).message})` });
      return issues;
    }
    if (!safeRegex(re)) {
      // safe-regex2's parser does not read lookbehinds and refuses them: say so, not "unsafe".
      const why = LOOKBEHIND.test(rule.pattern)
        ? 'lookbehind (?<= (?<! cannot be checked for safety; use a lookahead or a near/not rule'
        : 'it can backtrack catastrophically';
      issues.push({
        path: ['pattern'],
        message: `expected a regular expression without nested repetition, got ${JSON.stringify(rule.pattern)} (${why})`,
      });
      return issues; // do not run it, even on the short probes
    }
    if (EMPTY_PROBES.some((p) => matchesEmpty(re, p))) {
      issues.push({
        path: ['pattern'],
        message: `expected a regular expression that cannot match the empty string, got ${JSON.stringify(rule.pattern)}`,
      });
    }
    return issues;
  },
  compile: (rule) => ({ kind: 'regex', regex: new RegExp(rule.pattern, rule.flags + 'g') }),
};

function matchesEmpty(re: RegExp, probe: string): boolean {
  re.lastIndex = 0;
  for (let m = re.exec(probe); m !== null; m = re.exec(probe)) {
    if (m[0].length === 0) return true;
  }
  return false;
}
