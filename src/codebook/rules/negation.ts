// negation: flags a hit when a cue ("lack of", "no") ends at most `window` words before it.
import type { NegationRule } from '../types.ts';
import { mustParse, parseAll, patternList, posInt, ruleSchema } from './fields.ts';
import type { RuleIssue, RuleModule } from './rule-module.ts';

export const DEFAULT_NEGATION_WINDOW = 3;

export const negation: RuleModule<NegationRule> = {
  meta: {
    type: 'negation',
    description: 'Marks a hit negated when a cue ends within `window` words before it (same sentence).',
    example: '{type: negation, cues: ["lack of", "no", "without"], window: 3}',
  },
  schema: ruleSchema('negation', { cues: patternList(), window: posInt().optional() }),
  normalize: (p, base) => ({
    ...base,
    type: 'negation',
    cues: p.cues as string[],
    window: (p.window as number | undefined) ?? DEFAULT_NEGATION_WINDOW,
  }),
  check(rule) {
    const issues: RuleIssue[] = [];
    parseAll('cues', rule.cues, issues);
    return issues;
  },
  compile: (rule) => ({ kind: 'negation', cues: mustParse(rule.cues), window: rule.window }),
};
