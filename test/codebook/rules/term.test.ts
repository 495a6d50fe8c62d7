import { runRuleTests } from './tester.ts';

const r = (extra: object) => ({ id: 'r', type: 'term', ...extra });

runRuleTests('term', {
  valid: [
    { name: 'matches on the stem', rules: [r({ terms: ['transparency'] })], text: 'Transparent reporting matters.', expect: [{ matched: ['Transparent'] }] },
    { name: 'every occurrence is a span', rules: [r({ terms: ['disclose'] })], text: 'Disclose what was disclosed.', expect: [{ matched: ['Disclose', 'disclosed'] }] },
    { name: 'match: exact ignores other forms', rules: [r({ terms: ['disclose'], match: 'exact' })], text: 'It was disclosed.', expect: [] },
    { name: 'match: exact is still case-insensitive', rules: [r({ terms: ['AI'], match: 'exact' })], text: 'ai, Ai and aid', expect: [{ matched: ['ai', 'Ai'] }] },
    { name: 'whole words only', rules: [r({ terms: ['art'] })], text: 'The article', expect: [] },
    { name: 'a part of a hyphenated word', rules: [r({ terms: ['generated'] })], text: 'AI-generated images', expect: [{ matched: ['generated'] }] },
    { name: 'a hyphenated term matches with or without the hyphen', rules: [r({ terms: ['ai-generated'] })], text: 'AI generated and AI-generated', expect: [{ matched: ['AI generated', 'AI-generated'] }] },
    { name: 'apostrophes split words', rules: [r({ terms: ['state'] })], text: "the state's duty", expect: [{ matched: ['state'] }] },
    { name: 'Cyrillic, case-insensitive', rules: [r({ terms: ['Прозорість'] })], text: 'ПРОЗОРІСТЬ важлива', lang: 'uk', expect: [{ matched: ['ПРОЗОРІСТЬ'] }] },
    { name: 'a term with a wildcard is a glob', rules: [r({ terms: ['transparen*'] })], text: 'transparently', expect: [{ matched: ['transparently'] }] },
    { name: 'NFD text matches an NFC term', rules: [r({ terms: ['café'] })], text: 'le cafe\u0301 ouvert', lang: 'xx', expect: [{ matched: ['cafe\u0301'] }] },
  ],
  invalid: [
    { name: 'spaces: use type phrase', rules: [r({ terms: ['model card'] })], path: 'terms[0]', message: 'expected a single word, got "model card" (use type: phrase for several words)' },
    { name: 'empty list', rules: [r({ terms: [] })], path: 'terms', message: 'expected a non-empty list of patterns, got an empty list' },
    { name: 'a string instead of a list', rules: [r({ terms: 'transparency' })], path: 'terms', message: 'expected a list of patterns, got "transparency"' },
    { name: 'a number instead of a pattern', rules: [r({ terms: [42] })], path: 'terms[0]', message: 'expected a pattern (a string), got 42' },
    { name: 'unknown match mode', rules: [r({ terms: ['x'], match: 'fuzzy' })], path: 'match', message: 'expected "stem" or "exact", got "fuzzy"' },
    { name: 'a bare wildcard matches everything', rules: [r({ terms: ['*'] })], path: 'terms[0]', message: /would match everywhere/ },
    { name: 'punctuation only', rules: [r({ terms: ['--'] })], path: 'terms[0]', message: 'expected a pattern with at least one letter or digit, got "--"' },
    { name: 'misspelt key', rules: [r({ terms: ['x'], matc: 'exact' })], path: 'matc', message: 'unknown key "matc", expected one of id, type, lang, unit, terms, match (did you mean "match"?)' },
    { name: 'rule lang is a primary subtag', rules: [r({ terms: ['x'], lang: 'en-GB' })], path: 'lang', message: /expected a language subtag such as "en" or "uk".*got "en-GB"/ },
  ],
});
