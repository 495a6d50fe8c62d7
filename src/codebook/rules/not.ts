// not: an exclusion. Where any pattern occurs in a unit, the code's hits there are dropped.
import type { NotRule } from '../types.ts';
import { mustParse, parseAll, patternList, ruleSchema } from './fields.ts';
import type { RuleIssue, RuleModule } from './rule-module.ts';

export const not: RuleModule<NotRule> = {
  meta: {
    type: 'not',
    description: "Vetoes the code's hits in a unit where any of the patterns occurs.",
    example: '{type: not, patterns: ["transparent glass", "see-through"]}',
  },
  schema: ruleSchema('not', { patterns: patternList() }),
  normalize: (p, base) => ({ ...base, type: 'not', patterns: p.patterns as string[] }),
  check(rule) {
    const issues: RuleIssue[] = [];
    parseAll('patterns', rule.patterns, issues);
    return issues;
  },
  compile: (rule) => ({ kind: 'veto', patterns: mustParse(rule.patterns) }),
};
