// The compiled matcher over real segment offsets: the rule behaviours the format promises,
// languages, unit kinds, offsets, order and determinism.
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCodebook, primaryLanguage } from '../../src/code/index.ts';
import { loadCodebook, parseCodebook } from '../../src/codebook/index.ts';
import type { Coding } from '../../src/types.ts';
import { REPO_ROOT } from '../helpers/shared.ts';

const sample = loadCodebook(join(resolve(REPO_ROOT, 'test/fixtures/codebooks'), 'sample.yml'));
const matcher = compileCodebook(sample);

/** Split text into sentence units at ". " (enough for these tests). */
function sentences(text: string): Array<{ id: string; start: number; end: number }> {
  const units: Array<{ id: string; start: number; end: number }> = [];
  const re = /[^.!?]+[.!?]?/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = m.index + (m[0].length - m[0].trimStart().length);
    if (m[0].trim()) units.push({ id: `s${units.length}`, start, end: m.index + m[0].trimEnd().length });
  }
  return units;
}

const show = (text: string, cs: Coding[]) => cs.map((c) => `${c.segmentId} ${c.ruleId}${c.negated ? ' NEG' : ''}: ${c.spans.map(([s, e]) => text.slice(s, e)).join(' | ')}`);

function code(text: string, lang: string | null = 'en'): string[] {
  return show(text, matcher.codeUnits(text, sentences(text), lang));
}

describe('the ten rule behaviours on one document', () => {
  it.each([
    ['1 term on its stem', 'Providers disclosed their data.', ['s0 tra-terms: disclosed']],
    ['2 Ukrainian glob in a uk document', 'Прозорість, прозорості, прозорого.', ['s0 tra-uk: Прозорість | прозорості | прозорого']],
    ['3 phrase with max_gap 1', 'They publish a model system card.', ['s0 tra-phr: model system card']],
    ['4 near, either order', 'Synthetic media must carry labels.', ['s0 tra-near: Synthetic | labels']],
    ['5 near is bounded by the unit', 'Labels are good. Synthetic media exist.', []],
    ['6 not vetoes the code in its unit only', 'Transparent glass. Transparency matters.', ['s1 tra-terms: Transparency']],
    ['7 negation flags, still codes', 'There is a lack of transparency.', ['s0 tra-terms NEG: transparency']],
    ['8 regex', 'Explainability is key.', ['s0 tra-rx: Explainability', 's0 tra-terms: Explainability']],
    ['9 hyphenated words match by parts', 'AI-generated content needs a label.', ['s0 tra-near: AI-generated | content | label']],
    ['10 codes are sorted by code id, then rule id', 'Cyber security, disclosed.', ['s0 security.glob1: Cyber', 's0 security.term0: security', 's0 tra-terms: disclosed']],
  ])('%s', (_name, text, want) => {
    const lang = /\p{Script=Cyrillic}/u.test(text) ? 'uk' : 'en';
    expect(code(text, lang)).toEqual(want);
  });
});

describe('languages', () => {
  const text = 'Прозорість важлива.';
  it.each([
    ['uk', ['s0 tra-uk: Прозорість']],
    ['uk-UA', ['s0 tra-uk: Прозорість']],
    ['en', []],
    ['en-GB', []],
    [null, ['s0 tra-uk: Прозорість']],
    ['und', ['s0 tra-uk: Прозорість']],
  ])('document language %s', (lang, want) => {
    expect(code(text, lang)).toEqual(want);
  });
  it('primaryLanguage', () => {
    expect([primaryLanguage('EN-gb'), primaryLanguage('zh_Hans'), primaryLanguage(''), primaryLanguage(null)]).toEqual(['en', 'zh', null, null]);
  });
  it('rules without lang are stemmed in the document language', () => {
    const cb = parseCodebook('codebook: t\ntitle: T\ngroups: [{id: g, label: G}]\ncodes:\n  - {id: c, label: C, group: g, definition: d, rules: [{id: r, type: term, terms: [прозорий]}]}\n', 't.yml');
    const m = compileCodebook(cb);
    const text = 'Прозорого звіту немає.';
    const run = (lang: string) => m.codeUnits(text, [{ id: 'u', start: 0, end: text.length }], lang).length;
    // uk stemmer: прозорий, прозорого → прозор; en (Porter) leaves Cyrillic words as they are
    expect([run('uk'), run('en')]).toEqual([1, 0]);
  });
});

describe('unit kinds', () => {
  const cb = parseCodebook(
    [
      'codebook: t',
      'title: T',
      'groups: [{id: g, label: G}]',
      'codes:',
      '  - id: c',
      '    label: C',
      '    group: g',
      '    definition: d',
      '    rules:',
      '      - {id: sent, type: term, terms: [label]}',
      '      - {id: para, type: near, unit: paragraph, a: [label], b: [synthetic], within: 8}',
      '      - {id: neg, type: negation, cues: [no]}',
    ].join('\n'),
    't.yml',
  );
  const m = compileCodebook(cb);
  const text = 'No labels here. Synthetic media spread.';
  it('segments carry their kind: each rule runs on its own kind', () => {
    const units = [
      { id: 'p0', kind: 'paragraph' as const, start: 0, end: text.length },
      { id: 's0', kind: 'sentence' as const, start: 0, end: 15 },
      { id: 's1', kind: 'sentence' as const, start: 16, end: text.length },
    ];
    expect(show(text, m.codeUnits(text, units, 'en'))).toEqual(['p0 para NEG: labels | Synthetic', 's0 sent NEG: labels']);
    expect(m.unitKinds).toEqual(['paragraph', 'sentence']);
  });
  it('units without a kind get the codebook default (sentence)', () => {
    expect(show(text, m.codeUnits(text, [{ id: 'x', start: 0, end: text.length }], 'en'))).toEqual(['x sent NEG: labels']);
  });
});

describe('offsets and order', () => {
  it('spans are absolute offsets into the text, sorted', () => {
    const text = 'Intro. We disclose and disclose again.';
    const cs = matcher.codeUnits(text, [{ id: 'b', start: 7, end: text.length }], 'en');
    expect(cs).toEqual([{ segmentId: 'b', codeId: 'transparency', ruleId: 'tra-terms', spans: [[10, 18], [23, 31]], negated: false }]);
  });
  it('a word cut by the unit end is cut with it', () => {
    const text = 'securityx';
    const cs = matcher.codeUnits(text, [{ id: 'u', start: 0, end: 8 }], 'en');
    expect(cs.map((c) => [c.ruleId, c.spans])).toEqual([['security.term0', [[0, 8]]]]);
  });
  it('units come out in input order', () => {
    const text = 'Security. Transparency.';
    const cs = matcher.codeUnits(text, [{ id: 'z', start: 10, end: 23 }, { id: 'a', start: 0, end: 9 }], 'en');
    expect(cs.map((c) => c.segmentId)).toEqual(['z', 'a']);
  });
  it('refuses units outside the text', () => {
    expect(() => matcher.codeUnits('abc', [{ id: 'u', start: 0, end: 9 }], 'en')).toThrow(/expected offsets within the text/);
  });
  it('regex runs on the unit alone: ^ is the unit start, a lookahead stops at the unit end', () => {
    const cb = parseCodebook('codebook: t\ntitle: T\ngroups: [{id: g, label: G}]\ncodes:\n  - {id: c, label: C, group: g, definition: d, rules: [{id: r, type: regex, pattern: "^data|open(?= data)"}]}\n', 't.yml');
    const text = 'open data';
    const cs = compileCodebook(cb).codeUnits(text, [{ id: 'a', start: 0, end: 4 }, { id: 'b', start: 5, end: 9 }], 'en');
    expect(cs.map((c) => c.segmentId)).toEqual(['b']);
  });
});

describe('the word table', () => {
  it('stays correct while it grows past its initial size (10 000 distinct words)', () => {
    const filler = Array.from({ length: 10_000 }, (_, i) => `w${i.toString(36)}x`).join(' ');
    const text = `${filler} security ${filler} disclosed`;
    const cs = matcher.codeUnits(text, [{ id: 'u', start: 0, end: text.length }], 'en');
    expect(show(text, cs)).toEqual(['u security.term0: security', 'u tra-terms: disclosed']);
    // and again, now that every word is in the table
    expect(show(text, matcher.codeUnits(text, [{ id: 'u', start: 0, end: text.length }], 'en'))).toEqual(['u security.term0: security', 'u tra-terms: disclosed']);
  });
  it('stays correct after it starts over (300 000 distinct words: past its size limit)', () => {
    const filler = Array.from({ length: 300_000 }, (_, i) => `q${i.toString(36)}`).join(' ');
    const text = `security ${filler} disclosed security`;
    const cs = matcher.codeUnits(text, [{ id: 'u', start: 0, end: text.length }], 'en');
    expect(show(text, cs)).toEqual(['u security.term0: security | security', 'u tra-terms: disclosed']);
  });
  it('astral letters are word characters (surrogate pairs hash as two code units)', () => {
    const cb = parseCodebook('codebook: t\ntitle: T\ngroups: [{id: g, label: G}]\ncodes:\n  - {id: c, label: C, group: g, definition: d, rules: [{id: r, type: term, terms: ["\\U0001D400bc"]}]}\n', 't.yml');
    const text = 'x \u{1D400}bc y';
    const cs = compileCodebook(cb).codeUnits(text, [{ id: 'u', start: 0, end: text.length }], 'zz');
    expect(cs.map((c) => c.spans)).toEqual([[[2, 6]]]);
  });
});

describe('determinism', () => {
  const text = 'Transparency and accountability. Лейбли для синтетичного контенту. AI-generated content needs labels, not a lack of disclosure. Cyber defence. '.repeat(20);
  const units = sentences(text);
  it('the same input gives identical output, across calls and compilations', () => {
    const a = JSON.stringify(matcher.codeUnits(text, units, null));
    const b = JSON.stringify(matcher.codeUnits(text, units, null));
    const c = JSON.stringify(compileCodebook(loadCodebook(sample.file)).codeUnits(text, units, null));
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(JSON.parse(a).length).toBeGreaterThan(60);
  });
  it('the matcher carries the codebook version', () => {
    expect(matcher.version).toBe(sample.version);
  });
});
