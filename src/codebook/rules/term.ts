// term: single words, matched on their stem (default) or exact lowercase form.
import { describe } from '../explain.ts';
import type { TermRule } from '../types.ts';
import { matchMode, mustParse, parseAll, patternList, ruleSchema } from './fields.ts';
import type { RuleIssue, RuleModule } from './rule-module.ts';

export const term: RuleModule<TermRule> = {
  meta: {
    type: 'term',
    description: 'Codes a unit containing any of the words (stemmed unless match: exact).',
    example: '{type: term, terms: [transparency, disclose]}',
  },
  schema: ruleSchema('term', { terms: patternList(), match: matchMode().optional() }),
  normalize: (p, base) => ({
    ...base,
    type: 'term',
    terms: p.terms as string[],
    match: (p.match as TermRule['match'] | undefined) ?? 'stem',
  }),
  check(rule) {
    const issues: RuleIssue[] = [];
    parseAll('terms', rule.terms, issues, { match: rule.match }, (s) =>
      /\s/.test(s.trim())
        ? `expected a single word, got ${describe(s)} (use type: phrase for several words)`
        : null,
    );
    return issues;
  },
  compile: (rule) => ({ kind: 'match', patterns: mustParse(rule.terms, { match: rule.match }) }),
};

