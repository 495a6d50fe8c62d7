// Anchor examples are executable tests of the rules: every example must be coded with its
// code, every counterexample must not be. Each example is coded as one unit with every rule
// (whatever its unit kind) so that a multi-sentence anchor still counts as one passage.
import { compileCodebook } from '../code/matcher.ts';
import type { Codebook, Example } from './types.ts';

export interface ExampleFailure {
  codeId: string;
  kind: 'example' | 'counterexample';
  text: string;
  lang: string;
  got: Array<{ codeId: string; ruleId: string; matched: string[]; negated: boolean }>;
  reason: string;
}

const CYRILLIC_LANGS = new Set(['uk', 'ru', 'be', 'bg', 'sr', 'mk', 'kk', 'ky', 'mn', 'tg']);

/** The language an example is coded in: its own `lang`, else guessed from its script among the
 *  codebook's languages (Cyrillic text → the first Cyrillic-script language listed), else
 *  unknown ("und"), which applies every rule. */
export function exampleLanguage(cb: Codebook, ex: Example): string {
  if (ex.lang) return ex.lang;
  if (cb.languages.length === 1) return cb.languages[0];
  const letters = ex.text.match(/\p{L}/gu) ?? [];
  const cyrillic = letters.filter((c) => /\p{Script=Cyrillic}/u.test(c)).length;
  const isCyrillic = cyrillic * 2 > letters.length;
  const found = cb.languages.find((l) => CYRILLIC_LANGS.has(l) === isCyrillic);
  return found ?? 'und';
}

export function checkExamples(cb: Codebook): { total: number; passed: number; failures: ExampleFailure[] } {
  const matcher = compileCodebook(cb);
  const failures: ExampleFailure[] = [];
  let total = 0;
  for (const code of cb.codes) {
    const cases = [
      ...code.examples.map((ex) => ({ ex, kind: 'example' as const })),
      ...code.counterexamples.map((ex) => ({ ex, kind: 'counterexample' as const })),
    ];
    for (const { ex, kind } of cases) {
      total++;
      const lang = exampleLanguage(cb, ex);
      const codings = matcher.explainUnits(ex.text, [{ id: 'example', start: 0, end: ex.text.length }], lang, '*');
      const got = codings.map((c) => ({ codeId: c.codeId, ruleId: c.ruleId, matched: c.matched, negated: c.negated }));
      const own = got.filter((g) => g.codeId === code.id);
      if (kind === 'example' && own.length === 0) {
        failures.push({ codeId: code.id, kind, text: ex.text, lang, got, reason: `expected code "${code.id}", got ${describeGot(got)}` });
      } else if (kind === 'counterexample' && own.length > 0) {
        const by = own.map((g) => `${g.ruleId} (${g.matched.map((m) => JSON.stringify(m)).join(', ')})`).join('; ');
        failures.push({ codeId: code.id, kind, text: ex.text, lang, got, reason: `expected no "${code.id}", got it from ${by}` });
      }
    }
  }
  return { total, passed: total - failures.length, failures };
}

function describeGot(got: ExampleFailure['got']): string {
  if (got.length === 0) return 'no codes';
  return [...new Set(got.map((g) => g.codeId))].map((c) => `"${c}"`).join(', ') + ' only';
}
