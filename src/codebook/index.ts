// The codebook: YAML file → validated, normalized, versioned Codebook; anchor-example checks.
export { loadCodebook, parseCodebook, MAX_CODEBOOK_BYTES } from './load.ts';
export { checkExamples, exampleLanguage, type ExampleFailure } from './check-examples.ts';
export { canonicalJson, codebookVersion } from './hash.ts';
export { RULE_TYPES, RULES } from './rules/index.ts';
export {
  CodebookError,
  formatDiagnostic,
  type Code,
  type Codebook,
  type CodeGroup,
  type Diagnostic,
  type Example,
  type GlobRule,
  type MatchMode,
  type NearRule,
  type NegationRule,
  type NotRule,
  type PhraseRule,
  type RegexRule,
  type Rule,
  type RuleType,
  type TermRule,
} from './types.ts';
