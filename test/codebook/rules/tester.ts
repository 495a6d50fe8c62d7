// One shared tester for rule types, after ESLint's RuleTester: each rule type lists `valid`
// options with texts and what they must produce, and `invalid` options with the diagnostic
// the loader must give. Rules are embedded in a one-code codebook, loaded through the real
// loader and coded through the real matcher.
import { describe, expect, it } from 'vitest';
import { compileCodebook } from '../../../src/code/index.ts';
import { CodebookError, parseCodebook, type Codebook } from '../../../src/codebook/index.ts';

export interface Hit {
  /** The matched text of each span, in order. */
  matched: string[];
  negated?: boolean;
}

export interface ValidCase {
  name: string;
  /** Rules of the code under test (each rule a JSON object: valid YAML flow style). */
  rules: object[];
  text: string;
  lang?: string | null;
  /** Codings of code `c`, one per rule that hit, in ruleId order; [] = must not be coded. */
  expect: Hit[];
}

export interface InvalidCase {
  name: string;
  rules: object[];
  /** Key path below the rule, e.g. "terms[0]" (the rule itself is codes[0].rules[0]). */
  path: string;
  message: RegExp | string;
}

export function codebookWith(rules: object[], extra = ''): string {
  return [
    'codebook: t',
    'title: Test',
    'languages: [en, uk]',
    'groups: [{id: g, label: G}]',
    'codes:',
    '  - id: c',
    '    label: C',
    '    group: g',
    '    definition: d',
    '    rules:',
    ...rules.map((r) => `      - ${JSON.stringify(r)}`),
    extra,
  ].join('\n');
}

export function codeText(cb: Codebook, text: string, lang: string | null = 'en') {
  const codings = compileCodebook(cb).codeUnits(text, [{ id: 'u', start: 0, end: text.length }], lang);
  return codings.map((c) => ({
    codeId: c.codeId,
    ruleId: c.ruleId,
    matched: c.spans.map(([s, e]) => text.slice(s, e)),
    negated: c.negated,
  }));
}

export function runRuleTests(type: string, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(`rule type ${type}`, () => {
    it.each(cases.valid)('valid: $name', ({ rules, text, lang, expect: want }) => {
      const cb = parseCodebook(codebookWith(rules), 'test.yml');
      const got = codeText(cb, text, lang === undefined ? 'en' : lang).map(({ matched, negated }) => ({ matched, negated }));
      expect(got).toEqual(want.map((h) => ({ matched: h.matched, negated: h.negated ?? false })));
    });
    it.each(cases.invalid)('invalid: $name', ({ rules, path, message }) => {
      let error: unknown;
      try {
        parseCodebook(codebookWith(rules), 'test.yml');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CodebookError);
      const ds = (error as CodebookError).diagnostics;
      const fullPath = `codes[0].rules[0]${path.startsWith('[') || path === '' ? '' : '.'}${path}`;
      const d = ds.find((x) => x.path === fullPath);
      expect(d, `no diagnostic at ${fullPath}; got ${ds.map((x) => `${x.path}: ${x.message}`).join(' | ')}`).toBeDefined();
      if (typeof message === 'string') expect(d!.message).toBe(message);
      else expect(d!.message).toMatch(message);
      expect(d!.line).toBe(11); // the rule's line in codebookWith()
    });
  });
}
