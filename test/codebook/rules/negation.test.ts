import { runRuleTests } from './tester.ts';

const term = { id: 'r1', type: 'term', terms: ['transparency'] };
const neg = (extra: object = {}) => ({ id: 'r2', type: 'negation', cues: ['lack of', 'no', 'without', 'insufficient'], ...extra });

runRuleTests('negation', {
  valid: [
    { name: 'a cue right before the hit', rules: [term, neg()], text: 'There is a lack of transparency.', expect: [{ matched: ['transparency'], negated: true }] },
    { name: 'one word between', rules: [term, neg()], text: 'No meaningful transparency exists.', expect: [{ matched: ['transparency'], negated: true }] },
    { name: 'default window 3: 2 words between', rules: [term, neg()], text: 'no real public transparency', expect: [{ matched: ['transparency'], negated: true }] },
    { name: 'default window 3: 3 words between is too far', rules: [term, neg()], text: 'no real public sector transparency', expect: [{ matched: ['transparency'], negated: false }] },
    { name: 'window 5', rules: [term, neg({ window: 5 })], text: 'no real public sector transparency', expect: [{ matched: ['transparency'], negated: true }] },
    { name: 'a cue after the hit does not negate', rules: [term, neg()], text: 'Transparency without oversight.', expect: [{ matched: ['Transparency'], negated: false }] },
    { name: 'not across a sentence end', rules: [term, neg()], text: 'There is no doubt. Transparency matters.', expect: [{ matched: ['Transparency'], negated: false }] },
    { name: 'negated only when every hit is', rules: [term, neg()], text: 'Lack of transparency hurts, but transparency helps.', expect: [{ matched: ['transparency', 'transparency'], negated: false }] },
    { name: 'cues are stemmed too', rules: [term, neg()], text: 'Insufficiently transparency', expect: [{ matched: ['transparency'], negated: true }] },
  ],
  invalid: [
    { name: 'window 0', rules: [neg({ window: 0 })], path: 'window', message: 'expected a positive integer, got 0' },
    { name: 'cues missing', rules: [{ id: 'r', type: 'negation', window: 2 }], path: 'cues', message: 'expected a list of patterns, got nothing (the key is missing)' },
  ],
});
