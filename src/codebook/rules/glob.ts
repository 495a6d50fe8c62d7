// glob: wildcards over a single word (`прозор*`, `звітн?сть`); any script, exact lowercase form.
import { describe } from '../explain.ts';
import { hasWildcard } from '../patterns.ts';
import type { GlobRule } from '../types.ts';
import { mustParse, parseAll, patternList, ruleSchema } from './fields.ts';
import type { RuleIssue, RuleModule } from './rule-module.ts';

export const glob: RuleModule<GlobRule> = {
  meta: {
    type: 'glob',
    description: 'Codes a unit containing a word that matches any glob (* any run, ? one character).',
    example: '{type: glob, lang: uk, patterns: ["прозор*", "звітн?сть"]}',
  },
  schema: ruleSchema('glob', { patterns: patternList() }),
  normalize: (p, base) => ({ ...base, type: 'glob', patterns: p.patterns as string[] }),
  check(rule) {
    const issues: RuleIssue[] = [];
    parseAll('patterns', rule.patterns, issues, {}, (s) =>
      hasWildcard(s) ? null : `expected a pattern with * or ?, got ${describe(s)} (use type: term for plain words)`,
    );
    return issues;
  },
  compile: (rule) => ({ kind: 'match', patterns: mustParse(rule.patterns) }),
};
