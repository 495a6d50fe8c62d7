// phrase: word sequences in order, with up to `max_gap` extra words between consecutive words.
import { describe } from '../explain.ts';
import { isMultiWord } from '../patterns.ts';
import type { PhraseRule } from '../types.ts';
import { matchMode, mustParse, nonNegInt, parseAll, patternList, ruleSchema } from './fields.ts';
import type { RuleIssue, RuleModule } from './rule-module.ts';

export const phrase: RuleModule<PhraseRule> = {
  meta: {
    type: 'phrase',
    description: 'Codes a unit containing any of the word sequences (max_gap extra words allowed).',
    example: '{type: phrase, phrases: ["model card", "incident reporting"], max_gap: 1}',
  },
  schema: ruleSchema('phrase', {
    phrases: patternList(),
    max_gap: nonNegInt().optional(),
    match: matchMode().optional(),
  }),
  normalize: (p, base) => ({
    ...base,
    type: 'phrase',
    phrases: p.phrases as string[],
    max_gap: (p.max_gap as number | undefined) ?? 0,
    match: (p.match as PhraseRule['match'] | undefined) ?? 'stem',
  }),
  check(rule) {
    const issues: RuleIssue[] = [];
    parseAll('phrases', rule.phrases, issues, { match: rule.match }, (s) =>
      isMultiWord(s) ? null : `expected two or more words, got ${describe(s)} (use type: term for one word)`,
    );
    return issues;
  },
  compile: (rule) => ({
    kind: 'match',
    patterns: mustParse(rule.phrases, { match: rule.match, maxGap: rule.max_gap }),
  }),
};
