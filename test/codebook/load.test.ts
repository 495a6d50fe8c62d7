import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CodebookError, loadCodebook, parseCodebook, type Diagnostic } from '../../src/codebook/index.ts';
import { REPO_ROOT } from '../helpers/shared.ts';

const FIXTURES = resolve(REPO_ROOT, 'test/fixtures/codebooks');

function diagnostics(source: string, file = 'cb.yml'): Diagnostic[] {
  try {
    parseCodebook(source, file);
  } catch (e) {
    if (e instanceof CodebookError) return e.diagnostics;
    throw e;
  }
  throw new Error('expected a CodebookError, the codebook loaded');
}

const HEAD = 'codebook: t\ntitle: T\ngroups: [{id: g, label: G}]\ncodes:\n';
const CODE = '  - id: c\n    label: C\n    group: g\n    definition: d\n';

// Each case: a broken codebook and the one diagnostic it must produce (line:column 1-based).
const broken: Array<{ name: string; source: string; at: string; path: string; message: string | RegExp; count?: number }> = [
  { name: 'YAML syntax error', source: 'codebook: t\ntitle: [unclosed\n', at: '3:1', path: '', message: /^YAML syntax error: / },
  { name: 'bad indentation', source: 'codebook: t\n  title: x\n', at: '1:11', path: '', message: /^YAML syntax error: Nested mappings/, count: 2 },
  { name: 'duplicate key', source: HEAD + CODE + 'title: again\n', at: '9:1', path: '', message: 'duplicate key "title", expected each key at most once in a mapping' },
  { name: 'custom tag', source: 'codebook: !!js/function x\ntitle: T\n', at: '1:11', path: '', message: /^unexpected custom tag "!!js\/function", expected plain YAML values$/ },
  { name: 'billion laughs', source: 'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n', at: '2:8', path: '', message: /^YAML aliases expand too much .* expected at most 100 alias expansions$/ },
  { name: 'empty file', source: '', at: '1:1', path: '', message: 'expected a codebook (a mapping), got an empty value' },
  { name: 'a list at the top', source: '- a\n- b\n', at: '1:1', path: '', message: 'expected a codebook (a mapping), got a list of 2' },
  { name: 'unknown top-level key', source: HEAD.replace('title: T\n', 'title: T\nversoin: 2\n') + CODE, at: '3:1', path: 'versoin', message: 'unknown key "versoin", expected one of codebook, title, description, languages, unit, groups, codes' },
  { name: 'bad codebook id', source: HEAD.replace('codebook: t', 'codebook: My Book') + CODE, at: '1:11', path: 'codebook', message: 'expected a codebook id of lowercase letters, digits, "_" and "-", got "My Book"' },
  { name: 'bad unit', source: HEAD + CODE + 'unit: sentences\n', at: '9:7', path: 'unit', message: 'expected "sentence" or "paragraph", got "sentences"' },
  { name: 'no codes', source: HEAD + '  []\n', at: '5:3', path: 'codes', message: 'expected a non-empty list of codes, got an empty list' },
  { name: 'missing definition', source: HEAD + '  - id: c\n    label: C\n    group: g\n', at: '5:5', path: 'codes[0].definition', message: 'expected a string, got nothing (the key is missing)' },
  { name: 'misspelt code key with did-you-mean', source: HEAD + CODE + '    exampels: [x]\n', at: '9:5', path: 'codes[0].exampels', message: 'unknown key "exampels", expected one of id, label, group, definition, include, exclude, examples, counterexamples, rules (did you mean "examples"?)' },
  { name: 'duplicate code id', source: HEAD + CODE + CODE, at: '9:9', path: 'codes[1].id', message: 'duplicate code id "c", first defined at line 5' },
  { name: 'unknown group', source: HEAD + CODE.replace('group: g', 'group: gg'), at: '7:12', path: 'codes[0].group', message: 'unknown group "gg", expected one of g (did you mean "g"?)' },
  { name: 'duplicate group id', source: HEAD.replace('[{id: g, label: G}]', '[{id: g, label: G}, {id: g, label: H}]') + CODE, at: '3:34', path: 'groups[1].id', message: 'duplicate group id "g", first defined at line 3' },
  { name: 'unknown rule type', source: HEAD + CODE + '    rules:\n      - {type: proximity, a: [x]}\n', at: '10:16', path: 'codes[0].rules[0].type', message: 'unknown rule type, expected one of glob, near, negation, not, phrase, regex, term, got "proximity"' },
  { name: 'rule type typo', source: HEAD + CODE + '    rules:\n      - {type: trem, terms: [x]}\n', at: '10:16', path: 'codes[0].rules[0].type', message: /got "trem" \(did you mean "term"\?\)$/ },
  { name: 'rule without type', source: HEAD + CODE + '    rules:\n      - {terms: [x]}\n', at: '10:9', path: 'codes[0].rules[0].type', message: /^expected a rule type, expected one of .*, got nothing/ },
  { name: 'within as a word', source: HEAD + CODE + '    rules:\n      - type: near\n        a: [x]\n        b: [y]\n        within: five\n', at: '13:17', path: 'codes[0].rules[0].within', message: 'expected a positive integer, got "five"' },
  { name: 'duplicate rule id', source: HEAD + CODE + '    rules:\n      - {id: r, type: term, terms: [x]}\n      - {id: r, type: term, terms: [y]}\n', at: '11:9', path: 'codes[0].rules[1]', message: 'duplicate rule id "r", first used at line 10' },
  { name: 'default rule id collides with an explicit one', source: HEAD + CODE + '    rules:\n      - {type: term, terms: [x]}\n      - {id: c.term0, type: term, terms: [y]}\n', at: '11:9', path: 'codes[0].rules[1]', message: 'duplicate rule id "c.term0", first used at line 10' },
  { name: 'example object with a typo', source: HEAD + CODE + '    examples:\n      - {txt: "x"}\n', at: '10:10', path: 'codes[0].examples[0].txt', message: /^unknown key "txt", expected one of text, lang, source, note \(did you mean "text"\?\)$/, count: 2 },
  { name: 'example is a number', source: HEAD + CODE + '    examples: [42]\n', at: '9:16', path: 'codes[0].examples[0]', message: 'expected an example: a string or {text, lang?, source?, note?} (a mapping), got 42' },
];

describe('parseCodebook: broken codebooks', () => {
  it.each(broken)('$name', ({ source, at, path, message, count }) => {
    const ds = diagnostics(source);
    expect(ds).toHaveLength(count ?? 1);
    const d = ds.find((x) => x.path === path && (typeof message === 'string' ? x.message === message : message.test(x.message)));
    expect(d, ds.map((x) => `${x.line}:${x.column} ${x.path}: ${x.message}`).join('\n')).toBeDefined();
    if (!d) return;
    expect(`${d.line}:${d.column}`).toBe(at);
    expect(d.path).toBe(path);
    expect(d.file).toBe('cb.yml');
    if (typeof message === 'string') expect(d.message).toBe(message);
    else expect(d.message).toMatch(message);
  });
});

describe('loadCodebook', () => {
  it('collects every problem of a broken file, in file order, with file:line:col in the message', () => {
    const file = join(FIXTURES, 'broken.yml');
    let error: CodebookError | undefined;
    try {
      loadCodebook(file);
    } catch (e) {
      error = e as CodebookError;
    }
    expect(error).toBeInstanceOf(CodebookError);
    expect(error!.diagnostics.map((d) => `${d.line}:${d.column} ${d.path}`)).toEqual([
      '2:11 codebook',
      '4:7 unit',
      '11:12 codes[0].group',
      '14:56 codes[0].rules[0].within',
      '15:16 codes[0].rules[1].type',
      '16:9 codes[1].id',
    ]);
    expect(error!.message).toContain(`${file}:14:56: codes[0].rules[0].within: expected a positive integer, got "five"`);
    expect(error!.message).toContain('unknown group "principal", expected one of principle (did you mean "principle"?)');
  });

  it('refuses files over 5 MB before parsing them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codeframe-cb-'));
    const file = join(dir, 'huge.yml');
    writeFileSync(file, '# padding\n'.repeat(600_000));
    expect(() => loadCodebook(file)).toThrow(/huge\.yml:1:1: expected a codebook of at most 5\.0 MB, got 5\.7 MB/);
  });

  it('reports a missing file as a diagnostic', () => {
    expect(() => loadCodebook(join(FIXTURES, 'nope.yml'))).toThrow(CodebookError);
  });

  it('loads the sample fixture with defaults applied', () => {
    const cb = loadCodebook(join(FIXTURES, 'sample.yml'));
    expect(cb.id).toBe('sample');
    expect(cb.unit).toBe('sentence');
    expect(cb.languages).toEqual(['en', 'uk']);
    expect(cb.codes.map((c) => c.id)).toEqual(['transparency', 'security']);
    const security = cb.codes[1];
    expect(security.rules.map((r) => r.id)).toEqual(['security.term0', 'security.glob1']);
    expect(security.rules[0]).toEqual({ id: 'security.term0', type: 'term', lang: null, unit: 'sentence', terms: ['security', 'military', 'defence', 'defense'], match: 'stem' });
    const tra = cb.codes[0];
    expect(tra.examples[1]).toEqual({ text: 'Прозорість алгоритмів є ключовою.', lang: 'uk', source: null, note: null });
    expect(tra.rules.find((r) => r.type === 'negation')).toMatchObject({ window: 3, cues: ['lack of', 'absence of', 'no', 'without', 'insufficient'] });
    expect(tra.rules.find((r) => r.type === 'phrase')).toMatchObject({ max_gap: 1, match: 'stem' });
    expect(tra.rules.find((r) => r.type === 'regex')).toMatchObject({ flags: 'i' });
    expect(cb.version).toMatch(/^[0-9a-f]{12}$/);
  });
});

describe('codebook version', () => {
  const base = HEAD + CODE + '    rules:\n      - {type: term, terms: [transparency]}\n';
  const version = (s: string) => parseCodebook(s, 'v.yml').version;

  it('ignores comments, whitespace, quoting, key order and explicit defaults', () => {
    const same = [
      '# a comment\n' + base.replace('title: T', 'title: "T"   # trailing'),
      base.replace('{type: term, terms: [transparency]}', '{terms: [transparency], type: term, match: stem, id: c.term0}'),
      base + 'unit: sentence\n',
      base.replace('codes:\n', 'codes:\n\n\n'),
    ];
    for (const s of same) expect(version(s)).toBe(version(base));
  });

  it('changes when a rule, a definition or an example changes', () => {
    const v = version(base);
    expect(version(base.replace('[transparency]', '[transparent]'))).not.toBe(v);
    expect(version(base.replace('definition: d', 'definition: e'))).not.toBe(v);
    expect(version(base + '    examples: [x]\n')).not.toBe(v);
  });

  it('does not depend on the file name', () => {
    expect(parseCodebook(base, 'a.yml').version).toBe(parseCodebook(base, 'b/c.yml').version);
  });
});
