import { runRuleTests } from './tester.ts';

const r = (pattern: string, flags?: string) => ({ id: 'r', type: 'regex', pattern, ...(flags === undefined ? {} : { flags }) });

runRuleTests('regex', {
  valid: [
    { name: 'flag i', rules: [r('\\bexplainab\\w*', 'i')], text: 'Explainability and explainable AI', expect: [{ matched: ['Explainability', 'explainable'] }] },
    { name: 'case-sensitive without i', rules: [r('\\bAI\\b')], text: 'ai and AI', expect: [{ matched: ['AI'] }] },
    { name: 'flag u for Unicode classes', rules: [r('\\p{L}+ість', 'u')], text: 'Прозорість', lang: 'uk', expect: [{ matched: ['Прозорість'] }] },
    { name: 'no match', rules: [r('\\bGDPR\\b')], text: 'No regulation named.', expect: [] },
  ],
  invalid: [
    { name: 'catastrophic backtracking', rules: [r('(a+)+$')], path: 'pattern', message: 'expected a regular expression without nested repetition, got "(a+)+$" (it can backtrack catastrophically)' },
    { name: 'lookbehind cannot be checked', rules: [r('(?<!open )data')], path: 'pattern', message: /\(lookbehind \(\?<= \(\?<! cannot be checked for safety/ },
    { name: 'matches the empty string', rules: [r('a*')], path: 'pattern', message: 'expected a regular expression that cannot match the empty string, got "a*"' },
    { name: 'a lookahead matches empty', rules: [r('(?=x)')], path: 'pattern', message: /cannot match the empty string/ },
    { name: 'flag g is not allowed', rules: [r('x', 'g')], path: 'flags', message: 'expected flags made of i, u, s (each at most once), got "g"' },
    { name: 'a repeated flag', rules: [r('x', 'ii')], path: 'flags', message: /each at most once/ },
    { name: 'syntax error', rules: [r('(')], path: 'pattern', message: /^expected a valid regular expression, got "\(" \(/ },
    { name: 'empty pattern', rules: [r('')], path: 'pattern', message: 'expected a non-empty string, got ""' },
  ],
});
