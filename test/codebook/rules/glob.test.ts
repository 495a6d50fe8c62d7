import { runRuleTests } from './tester.ts';

const r = (extra: object) => ({ id: 'r', type: 'glob', ...extra });

runRuleTests('glob', {
  valid: [
    { name: '* matches any ending', rules: [r({ patterns: ['transparen*'] })], text: 'Transparency and transparent', expect: [{ matched: ['Transparency', 'transparent'] }] },
    { name: 'Ukrainian inflections of прозор*', rules: [r({ lang: 'uk', patterns: ['прозор*'] })], text: 'прозорість, прозорості, прозорого', lang: 'uk', expect: [{ matched: ['прозорість', 'прозорості', 'прозорого'] }] },
    { name: '? is exactly one character', rules: [r({ patterns: ['звітн?сть'] })], text: 'Звітність і звітнсть', lang: 'uk', expect: [{ matched: ['Звітність'] }] },
    { name: 'leading wildcard', rules: [r({ patterns: ['*ability'] })], text: 'accountability', expect: [{ matched: ['accountability'] }] },
    { name: 'whole word only', rules: [r({ patterns: ['transp?'] })], text: 'transparency', expect: [] },
    { name: 'a glob stays inside one hyphen part', rules: [r({ patterns: ['cyber*'] })], text: 'cyber-security', expect: [{ matched: ['cyber'] }] },
    { name: 'lang: uk rule skipped for an English document', rules: [r({ lang: 'uk', patterns: ['прозор*'] })], text: 'прозорість', lang: 'en', expect: [] },
    { name: 'lang: uk rule applies to uk-UA', rules: [r({ lang: 'uk', patterns: ['прозор*'] })], text: 'прозорість', lang: 'uk-UA', expect: [{ matched: ['прозорість'] }] },
    { name: 'unknown language gets every rule', rules: [r({ lang: 'uk', patterns: ['прозор*'] })], text: 'прозорість', lang: null, expect: [{ matched: ['прозорість'] }] },
  ],
  invalid: [
    { name: 'a bare *', rules: [r({ patterns: ['*'] })], path: 'patterns[0]', message: 'expected a pattern with at least one literal letter or digit, got "*" (it would match everywhere)' },
    { name: 'only wildcards', rules: [r({ patterns: ['?*'] })], path: 'patterns[0]', message: /would match everywhere/ },
    { name: 'no wildcard: use type term', rules: [r({ patterns: ['abc'] })], path: 'patterns[0]', message: 'expected a pattern with * or ?, got "abc" (use type: term for plain words)' },
    { name: 'patterns missing', rules: [r({})], path: 'patterns', message: 'expected a list of patterns, got nothing (the key is missing)' },
  ],
});
