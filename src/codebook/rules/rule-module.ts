// The contract of a rule type, after ESLint's rule modules: `meta` describes it, `schema`
// validates its YAML shape, `check` finds problems the shape cannot express (a glob that
// matches everything, a regex that can backtrack), `compile` turns it into a program that the
// code stage links into one matcher.
import { z } from 'zod';
import type { Pattern } from '../patterns.ts';
import type { Rule } from '../types.ts';

/** What a rule does once compiled. The matcher evaluates programs, never rule types. */
export type RuleProgram =
  /** Codes the unit where any pattern occurs (term, phrase, glob). */
  | { kind: 'match'; patterns: Pattern[] }
  /** Codes the unit where a pattern of `a` and one of `b` are at most `within` words apart. */
  | { kind: 'near'; a: Pattern[]; b: Pattern[]; within: number }
  /** Vetoes every hit of the code in a unit where any pattern occurs. */
  | { kind: 'veto'; patterns: Pattern[] }
  /** Flags a hit as negated when a cue ends at most `window` words before it. */
  | { kind: 'negation'; cues: Pattern[]; window: number }
  /** Codes the unit where the regex matches. */
  | { kind: 'regex'; regex: RegExp };

/** A problem inside one rule; `path` is relative to the rule (e.g. ['terms', 2]). */
export interface RuleIssue {
  path: Array<string | number>;
  message: string;
}

export interface RuleMeta {
  type: Rule['type'];
  description: string;
  /** A one-line YAML example, shown in errors and docs. */
  example: string;
}

export interface RuleModule<R extends Rule = Rule> {
  meta: RuleMeta;
  /** Validates the rule as written (strict: unknown keys are errors). */
  schema: z.ZodType;
  /** Fills in rule-specific defaults; `base` carries id, lang and unit already resolved. */
  normalize(parsed: Record<string, unknown>, base: Pick<Rule, 'id' | 'lang' | 'unit'>): R;
  check(rule: R): RuleIssue[];
  compile(rule: R): RuleProgram;
}
