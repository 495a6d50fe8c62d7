// Shapes of the codebook file, one strict object per level. Lists of nested objects are
// validated item by item by the loader (load.ts), so that every unknown key is reported
// against the keys of its own level.
import { z } from 'zod';
import { langTag, nonEmptyText, text, unitKind } from './rules/fields.ts';

const itemList = (what: string) =>
  z.array(z.unknown(), { error: `expected a list of ${what}` }).min(1, { error: `expected a non-empty list of ${what}` });
const optionalList = (what: string) => z.array(z.unknown(), { error: `expected a list of ${what}` }).optional();
const stringList = (what: string) =>
  z.array(text(), { error: `expected a list of ${what} (strings)` }).optional();

export const codebookSchema = z.strictObject({
  codebook: z
    .string({ error: 'expected a codebook id (a string)' })
    .regex(/^[a-z0-9_-]+$/, { error: 'expected a codebook id of lowercase letters, digits, "_" and "-"' }),
  title: nonEmptyText(),
  description: text().optional(),
  languages: z.array(langTag(), { error: 'expected a list of language subtags such as [en, uk]' }).optional(),
  unit: unitKind().optional(),
  groups: itemList('groups'),
  codes: itemList('codes'),
});

export const groupSchema = z.strictObject({
  id: z
    .string({ error: 'expected a group id (a string)' })
    .regex(/^[a-z0-9_]+$/, { error: 'expected a group id of lowercase letters, digits and "_"' }),
  label: nonEmptyText(),
  description: text().optional(),
});

export const codeSchema = z.strictObject({
  id: z
    .string({ error: 'expected a code id (a string)' })
    .regex(/^[a-z0-9_]+$/, { error: 'expected a code id of lowercase letters, digits and "_"' }),
  label: nonEmptyText(),
  group: z.string({ error: 'expected a group id (a string)' }),
  definition: nonEmptyText(),
  include: stringList('inclusion criteria'),
  exclude: stringList('exclusion criteria'),
  examples: optionalList('examples'),
  counterexamples: optionalList('counterexamples'),
  rules: optionalList('rules'),
});

export const exampleSchema = z.strictObject({
  text: nonEmptyText(),
  lang: z
    .string({ error: 'expected a language tag such as "en" or "uk"' })
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, { error: 'expected a language tag such as "en" or "uk"' })
    .optional(),
  source: text().optional(),
  note: text().optional(),
});

/** Keys of a strict object schema, for "expected one of ..." and did-you-mean. */
export function keysOf(schema: z.ZodObject): string[] {
  return Object.keys(schema.shape);
}
