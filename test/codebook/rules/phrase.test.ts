import { runRuleTests } from './tester.ts';

const r = (extra: object) => ({ id: 'r', type: 'phrase', ...extra });

runRuleTests('phrase', {
  valid: [
    { name: 'a two-word phrase', rules: [r({ phrases: ['model card'] })], text: 'Publish a model card for each system.', expect: [{ matched: ['model card'] }] },
    { name: 'each word on its stem', rules: [r({ phrases: ['model card'] })], text: 'Model cards are published.', expect: [{ matched: ['Model cards'] }] },
    { name: 'max_gap 0: no words between', rules: [r({ phrases: ['model card'] })], text: 'model and card', expect: [] },
    { name: 'order matters', rules: [r({ phrases: ['model card'] })], text: 'card model', expect: [] },
    { name: 'max_gap 1 allows one word', rules: [r({ phrases: ['incident reporting'], max_gap: 1 })], text: 'incident and reporting', expect: [{ matched: ['incident and reporting'] }] },
    { name: 'max_gap 1 refuses two', rules: [r({ phrases: ['incident reporting'], max_gap: 1 })], text: 'incident of the reporting', expect: [] },
    { name: 'tries every gap before giving up', rules: [r({ phrases: ['data sharing agreement'], max_gap: 1 })], text: 'data about sharing sharing agreement', expect: [{ matched: ['data about sharing sharing agreement'] }] },
    { name: 'a hyphen counts as a word boundary', rules: [r({ phrases: ['ai generated content'] })], text: 'AI-generated content', expect: [{ matched: ['AI-generated content'] }] },
    { name: 'globs inside phrases', rules: [r({ phrases: ['прозор* звіт*'] })], text: 'Прозорий звіт', lang: 'uk', expect: [{ matched: ['Прозорий звіт'] }] },
  ],
  invalid: [
    { name: 'one word: use type term', rules: [r({ phrases: ['transparency'] })], path: 'phrases[0]', message: 'expected two or more words, got "transparency" (use type: term for one word)' },
    { name: 'negative max_gap', rules: [r({ phrases: ['a b'], max_gap: -1 })], path: 'max_gap', message: 'expected a non-negative integer, got -1' },
    { name: 'fractional max_gap', rules: [r({ phrases: ['a b'], max_gap: 1.5 })], path: 'max_gap', message: 'expected a non-negative integer, got 1.5' },
    { name: 'phrases missing', rules: [r({ terms: ['a b'] })], path: 'phrases', message: 'expected a list of patterns, got nothing (the key is missing)' },
  ],
});
