// near: a pattern of `a` at most `within` words from a pattern of `b`, either order, same unit.
import type { NearRule } from '../types.ts';
import { mustParse, parseAll, patternList, posInt, ruleSchema } from './fields.ts';
import type { RuleIssue, RuleModule } from './rule-module.ts';

export const near: RuleModule<NearRule> = {
  meta: {
    type: 'near',
    description: 'Codes a unit where a pattern of `a` is within `within` words of a pattern of `b`.',
    example: '{type: near, a: ["label*", watermark], b: [content, synthetic], within: 5}',
  },
  schema: ruleSchema('near', { a: patternList(), b: patternList(), within: posInt() }),
  normalize: (p, base) => ({
    ...base,
    type: 'near',
    a: p.a as string[],
    b: p.b as string[],
    within: p.within as number,
  }),
  check(rule) {
    const issues: RuleIssue[] = [];
    parseAll('a', rule.a, issues);
    parseAll('b', rule.b, issues);
    return issues;
  },
  compile: (rule) => ({ kind: 'near', a: mustParse(rule.a), b: mustParse(rule.b), within: rule.within }),
};
