import { runRuleTests } from './tester.ts';

const rules = [
  { id: 'r1', type: 'term', terms: ['transparent', 'transparency'] },
  { id: 'r2', type: 'glob', patterns: ['clear*'] },
  { id: 'r3', type: 'not', patterns: ['transparent glass', 'see-through'] },
];

runRuleTests('not', {
  valid: [
    { name: 'a not phrase vetoes the code in the unit', rules, text: 'Transparent glass walls.', expect: [] },
    { name: 'the words apart do not veto', rules, text: 'Transparency matters; glass does not.', expect: [{ matched: ['Transparency'] }] },
    { name: 'a hyphenated not pattern', rules, text: 'A see-through policy ensures transparency.', expect: [] },
    { name: 'the veto covers every rule of the code', rules, text: 'Clear and transparent glass.', expect: [] },
    { name: 'no veto: every rule codes', rules, text: 'Clearly transparent.', expect: [{ matched: ['transparent'] }, { matched: ['Clearly'] }] },
  ],
  invalid: [
    { name: 'empty patterns', rules: [{ id: 'r', type: 'not', patterns: [] }], path: 'patterns', message: 'expected a non-empty list of patterns, got an empty list' },
    { name: 'a pattern that would veto everything', rules: [{ id: 'r', type: 'not', patterns: ['*'] }], path: 'patterns[0]', message: /would match everywhere/ },
  ],
});
