import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkExamples, exampleLanguage, loadCodebook, parseCodebook } from '../../src/codebook/index.ts';
import { REPO_ROOT } from '../helpers/shared.ts';

const cbWith = (codeYaml: string, languages = '[en, uk]') =>
  parseCodebook(
    `codebook: t\ntitle: T\nlanguages: ${languages}\ngroups: [{id: g, label: G}]\ncodes:\n${codeYaml}`,
    't.yml',
  );

describe('checkExamples', () => {
  it('passes every anchor of the sample codebook', () => {
    const cb = loadCodebook(join(resolve(REPO_ROOT, 'test/fixtures/codebooks'), 'sample.yml'));
    expect(checkExamples(cb)).toEqual({ total: 5, passed: 5, failures: [] });
  });

  it('reports an example its rules miss, with what was coded instead', () => {
    const cb = cbWith(
      [
        '  - id: a',
        '    label: A',
        '    group: g',
        '    definition: d',
        '    examples: ["Openness matters."]',
        '    rules: [{id: a1, type: term, terms: [transparency]}]',
        '  - id: b',
        '    label: B',
        '    group: g',
        '    definition: d',
        '    rules: [{id: b1, type: term, terms: [openness]}]',
      ].join('\n'),
    );
    const result = checkExamples(cb);
    expect(result.total).toBe(1);
    expect(result.passed).toBe(0);
    expect(result.failures).toEqual([
      {
        codeId: 'a',
        kind: 'example',
        text: 'Openness matters.',
        lang: 'en',
        got: [{ codeId: 'b', ruleId: 'b1', matched: ['Openness'], negated: false }],
        reason: 'expected code "a", got "b" only',
      },
    ]);
  });

  it('reports a counterexample that is coded, naming the rule and the words', () => {
    const cb = cbWith(
      [
        '  - id: a',
        '    label: A',
        '    group: g',
        '    definition: d',
        '    counterexamples: [{text: "Transparent glass.", note: physical}]',
        '    rules: [{id: a1, type: term, terms: [transparent]}]',
      ].join('\n'),
    );
    const [f] = checkExamples(cb).failures;
    expect(f.kind).toBe('counterexample');
    expect(f.reason).toBe('expected no "a", got it from a1 ("Transparent")');
  });

  it('codes a multi-sentence example as one unit with rules of every unit kind', () => {
    const cb = cbWith(
      [
        '  - id: a',
        '    label: A',
        '    group: g',
        '    definition: d',
        '    examples: ["Models need labels. Synthetic content too."]',
        '    rules: [{type: near, unit: paragraph, a: [label*], b: [synthetic], within: 2}]',
      ].join('\n'),
    );
    expect(checkExamples(cb).passed).toBe(1);
  });

  it('a negated hit still counts as coded (the coding exists, flagged)', () => {
    const cb = cbWith(
      [
        '  - id: a',
        '    label: A',
        '    group: g',
        '    definition: d',
        '    examples: ["There is a lack of transparency."]',
        '    rules: [{type: term, terms: [transparency]}, {type: negation, cues: [lack of]}]',
      ].join('\n'),
    );
    expect(checkExamples(cb)).toMatchObject({ passed: 1, failures: [] });
  });
});

describe('exampleLanguage', () => {
  const cb = cbWith('  - id: a\n    label: A\n    group: g\n    definition: d\n');
  const ex = (text: string, lang: string | null = null) => ({ text, lang, source: null, note: null });
  it.each([
    ['explicit lang wins', ex('Прозорість', 'ru'), 'ru'],
    ['Cyrillic text → the first Cyrillic language listed', ex('Прозорість алгоритмів'), 'uk'],
    ['Latin text → the first other language', ex('Transparency'), 'en'],
  ])('%s', (_name, example, want) => {
    expect(exampleLanguage(cb, example)).toBe(want);
  });
  it('a single listed language is used for every example', () => {
    expect(exampleLanguage(cbWith('  - id: a\n    label: A\n    group: g\n    definition: d\n', '[uk]'), ex('Transparency'))).toBe('uk');
  });
  it('no languages listed: unknown, so every rule applies', () => {
    expect(exampleLanguage(cbWith('  - id: a\n    label: A\n    group: g\n    definition: d\n', '[]'), ex('Transparency'))).toBe('und');
  });
});
