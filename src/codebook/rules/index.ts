// The registry of rule types, sorted by name. Adding a type = one module here + its tests.
import { glob } from './glob.ts';
import { near } from './near.ts';
import { negation } from './negation.ts';
import { not } from './not.ts';
import { phrase } from './phrase.ts';
import { regex } from './regex.ts';
import type { RuleModule } from './rule-module.ts';
import { term } from './term.ts';
import type { Rule, RuleType } from '../types.ts';

export const RULES: Readonly<Record<RuleType, RuleModule<any>>> = Object.freeze({
  glob,
  near,
  negation,
  not,
  phrase,
  regex,
  term,
});

export const RULE_TYPES = Object.keys(RULES).sort() as RuleType[];

export function ruleModule<R extends Rule>(type: R['type']): RuleModule<R> {
  return RULES[type] as RuleModule<R>;
}

export type { RuleIssue, RuleModule, RuleProgram } from './rule-module.ts';
