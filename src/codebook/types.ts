// The validated, normalized codebook: every default applied, every rule id assigned. This is
// what the version hash is computed over and what the code stage compiles.
import type { SegmentKind } from '../types.ts';

export interface CodeGroup {
  id: string;
  label: string;
  description: string | null;
}

/** An anchor example (must be coded) or counterexample (must not be coded). */
export interface Example {
  text: string;
  /** BCP 47 tag; null = not given (checkExamples guesses it from the script). */
  lang: string | null;
  source: string | null;
  note: string | null;
}

interface RuleBase {
  /** Unique across the codebook; `${code}.${type}${index}` when not given. */
  id: string;
  /** Primary language subtag the rule is restricted to; null = every language. */
  lang: string | null;
  /** The segment kind the rule runs on (the codebook's `unit` when not given). */
  unit: SegmentKind;
}

export type MatchMode = 'stem' | 'exact';

export interface TermRule extends RuleBase {
  type: 'term';
  terms: string[];
  match: MatchMode;
}
export interface PhraseRule extends RuleBase {
  type: 'phrase';
  phrases: string[];
  max_gap: number;
  match: MatchMode;
}
export interface GlobRule extends RuleBase {
  type: 'glob';
  patterns: string[];
}
export interface NearRule extends RuleBase {
  type: 'near';
  a: string[];
  b: string[];
  within: number;
}
export interface NotRule extends RuleBase {
  type: 'not';
  patterns: string[];
}
export interface NegationRule extends RuleBase {
  type: 'negation';
  cues: string[];
  window: number;
}
export interface RegexRule extends RuleBase {
  type: 'regex';
  pattern: string;
  flags: string;
}

export type Rule = TermRule | PhraseRule | GlobRule | NearRule | NotRule | NegationRule | RegexRule;
export type RuleType = Rule['type'];

export interface Code {
  id: string;
  label: string;
  group: string;
  definition: string;
  include: string[];
  exclude: string[];
  examples: Example[];
  counterexamples: Example[];
  rules: Rule[];
}

export interface Codebook {
  id: string;
  title: string;
  description: string | null;
  languages: string[];
  unit: SegmentKind;
  groups: CodeGroup[];
  codes: Code[];
  /** First 12 hex digits of the SHA-256 of the canonical JSON of everything above. */
  version: string;
  /** Where it was read from (not part of the version). */
  file: string;
}

/** One problem in a codebook file; line and column are 1-based and point at the offending node. */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  /** Key path, e.g. `codes[3].rules[0].within`; "" for the document itself. */
  path: string;
  message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.file}:${d.line}:${d.column}`;
  return d.path ? `${where}: ${d.path}: ${d.message}` : `${where}: ${d.message}`;
}

/** A codebook that cannot be used; carries every problem found, not just the first (up to
 *  MAX_DIAGNOSTICS; `omitted` counts the rest). */
export class CodebookError extends Error {
  readonly diagnostics: Diagnostic[];
  readonly omitted: number;
  constructor(diagnostics: Diagnostic[], omitted = 0) {
    const n = diagnostics.length + omitted;
    const head = `Invalid codebook (${n} problem${n === 1 ? '' : 's'}):`;
    const tail = omitted > 0 ? [`  ... and ${omitted} more (only the first ${diagnostics.length} are listed)`] : [];
    super([head, ...diagnostics.map((d) => '  ' + formatDiagnostic(d)), ...tail].join('\n'));
    this.name = 'CodebookError';
    this.diagnostics = diagnostics;
    this.omitted = omitted;
  }
}
