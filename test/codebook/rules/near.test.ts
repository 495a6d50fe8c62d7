import { runRuleTests } from './tester.ts';

const r = (extra: object) => ({ id: 'r', type: 'near', a: ['label*', 'watermark'], b: ['content', 'synthetic'], within: 5, ...extra });

runRuleTests('near', {
  valid: [
    // Labels(0) must be attached to synthetic(5) content(6): 5 words apart ok, 6 not.
    { name: 'a then b within 5 words', rules: [r({})], text: 'Labels must be attached to synthetic content.', expect: [{ matched: ['Labels', 'synthetic'] }] },
    { name: 'b then a (either order)', rules: [r({})], text: 'Synthetic media should carry a watermark.', expect: [{ matched: ['Synthetic', 'watermark'] }] },
    { name: 'too far apart', rules: [r({ within: 2 })], text: 'Labels must be attached to synthetic content.', expect: [] },
    { name: 'adjacent words are 1 apart', rules: [r({ within: 1 })], text: 'watermark synthetic', expect: [{ matched: ['watermark', 'synthetic'] }] },
    { name: 'a phrase on one side', rules: [r({ a: ['model card'], b: ['publish'], within: 3 })], text: 'Developers publish a model card.', expect: [{ matched: ['publish', 'model card'] }] },
    { name: 'one word cannot be both sides', rules: [r({ a: ['label*'], b: ['labels'] })], text: 'Labels everywhere.', expect: [] },
    { name: 'a only', rules: [r({})], text: 'A watermark alone.', expect: [] },
  ],
  invalid: [
    { name: 'within is a word', rules: [r({ within: 'five' })], path: 'within', message: 'expected a positive integer, got "five"' },
    { name: 'within is zero', rules: [r({ within: 0 })], path: 'within', message: 'expected a positive integer, got 0' },
    { name: 'b missing', rules: [{ id: 'r', type: 'near', a: ['x'], within: 2 }], path: 'b', message: 'expected a list of patterns, got nothing (the key is missing)' },
    { name: 'a bad pattern on one side', rules: [r({ b: ['ok', '*'] })], path: 'b[1]', message: /would match everywhere/ },
  ],
});
