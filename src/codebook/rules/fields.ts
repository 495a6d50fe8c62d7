// Zod building blocks shared by the codebook and rule schemas. Messages say only what was
// expected; the loader appends what was found ("got ...") from the document itself.
import { z } from 'zod';
import { parsePattern, type Pattern, type PatternOptions } from '../patterns.ts';
import type { RuleIssue } from './rule-module.ts';

export const text = () => z.string({ error: 'expected a string' });
export const nonEmptyText = () =>
  z.string({ error: 'expected a string' }).trim().min(1, { error: 'expected a non-empty string' });

export const posInt = () =>
  z
    .number({ error: 'expected a positive integer' })
    .int({ error: 'expected a positive integer' })
    .positive({ error: 'expected a positive integer' });

export const nonNegInt = () =>
  z
    .number({ error: 'expected a non-negative integer' })
    .int({ error: 'expected a non-negative integer' })
    .nonnegative({ error: 'expected a non-negative integer' });

export const patternList = () =>
  z
    .array(z.string({ error: 'expected a pattern (a string)' }), { error: 'expected a list of patterns' })
    .min(1, { error: 'expected a non-empty list of patterns' });

export const langTag = () =>
  z
    .string({ error: 'expected a language subtag such as "en" or "uk"' })
    .regex(/^[a-z]{2,3}$/, { error: 'expected a language subtag such as "en" or "uk" (2-3 lowercase letters)' });

export const unitKind = () =>
  z.enum(['sentence', 'paragraph'], { error: 'expected "sentence" or "paragraph"' });

export const matchMode = () => z.enum(['stem', 'exact'], { error: 'expected "stem" or "exact"' });

/** The keys every rule may carry, plus its own. */
export function ruleSchema<T extends z.ZodRawShape>(type: string, shape: T) {
  return z.strictObject({
    id: z
      .string({ error: 'expected a rule id (a string)' })
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'expected a rule id of letters, digits, "_", "-", "."' })
      .optional(),
    type: z.literal(type),
    lang: langTag().optional(),
    unit: unitKind().optional(),
    ...shape,
  });
}

/** Parse every pattern of a list, collecting errors at `key[i]`. */
export function parseAll(
  key: string,
  sources: string[],
  issues: RuleIssue[],
  options: PatternOptions = {},
  extra?: (source: string) => string | null,
): Pattern[] {
  const out: Pattern[] = [];
  sources.forEach((source, i) => {
    const more = extra?.(source) ?? null;
    if (more !== null) {
      issues.push({ path: [key, i], message: more });
      return;
    }
    const p = parsePattern(source, options);
    if (typeof p === 'string') issues.push({ path: [key, i], message: p });
    else out.push(p);
  });
  return out;
}

/** For compile(): the patterns are known to be valid (check() ran at load time). */
export function mustParse(sources: string[], options: PatternOptions = {}): Pattern[] {
  return sources.map((s) => {
    const p = parsePattern(s, options);
    if (typeof p === 'string') throw new Error(`bug: unchecked pattern reached compile: ${p}`);
    return p;
  });
}
