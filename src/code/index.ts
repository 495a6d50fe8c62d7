// The code stage: a validated codebook compiled into a matcher over segment offsets.
export { compileCodebook, CompiledCodebook, primaryLanguage, type ExplainedCoding, type Matcher, type MatcherOptions, type Unit } from './matcher.ts';
export { tokenize, type Words } from './tokenize.ts';
