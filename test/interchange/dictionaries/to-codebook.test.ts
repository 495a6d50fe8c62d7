// Dictionary → codebook: ids, rule kinds, drops, determinism, and that the codebook loads and codes.
import { describe, expect, it } from 'vitest';
import { parseCodebook } from '../../../src/codebook/index.ts';
import { compileCodebook } from '../../../src/code/index.ts';
import {
  assignIds,
  classifyEntry,
  convertDictionary,
  readLiwcDic,
  readQuantedaYaml,
  slug,
  writeCodebookYaml,
  type Dictionary,
} from '../../../src/interchange/dictionaries/index.ts';

const dict = (categories: Array<[string[], string[]]>, name = 'test dict'): Dictionary => ({
  name,
  format: 'quanteda',
  categories: categories.map(([path, entries]) => ({ path, entries })),
  warnings: [],
  notes: [],
});

describe('slug and assignIds', () => {
  it.each([
    ['HarmVirtue', 'harmvirtue'],
    ['care.virtue', 'care_virtue'],
    ['MODAL WORDS STRONG', 'modal_words_strong'],
    ['Réunion', 'reunion'],
    ['Россия', ''],
    ['  -5  ', '5'],
  ])('slug(%j) = %j', (name, want) => expect(slug(name)).toBe(want));

  it('uses the leaf; the whole path where leaves collide; then _2; a fallback for non-Latin names', () => {
    expect(assignIds([['A', 'x'], ['B', 'x'], ['C', 'y'], ['Россия'], ['A-x'], ['a x']], 'category')).toEqual([
      'a_x', 'b_x', 'y', 'category_4', 'a_x_2', 'a_x_3',
    ]);
  });
});

describe('classifyEntry', () => {
  it.each([
    ['Abandon', { kind: 'term', pattern: 'abandon' }],
    ['abandon*', { kind: 'glob', pattern: 'abandon*' }],
    ['heckl**', { kind: 'glob', pattern: 'heckl**' }],
    ['a lie', { kind: 'phrase', pattern: 'a lie' }],
    ['STATE_OWNED', { kind: 'phrase', pattern: 'state owned' }],
    ['2-faced', { kind: 'phrase', pattern: '2-faced' }],
    ['worth while*', { kind: 'glob', pattern: 'worth while*' }],
    ['  Port   Louis\t', { kind: 'phrase', pattern: 'port louis' }],
  ])('%j → %j', (entry, want) => expect(classifyEntry(entry)).toEqual(want));

  it.each(['*', '?*', '', '   ', 'a+', '$$'])('drops %j', (entry) => expect(classifyEntry(entry)).toHaveProperty('dropped'));
});

describe('convertDictionary', () => {
  const nested = dict([
    [['AFRICA', 'EAST', 'KE'], ['Kenya', 'Kenyan*', 'Nairobi', 'kenya']],
    [['AFRICA', 'EAST', 'ET'], ['Addis Ababa', '*']],
    [['EUROPE', 'WEST', 'FR'], ['France']],
  ]);

  it('nested: one group per top-level category, one code per leaf, rules by kind, drops and merges counted', () => {
    const r = convertDictionary(nested, { file: '/somewhere/newsmap.yml', lang: 'en' });
    const cb = parseCodebook(r.yaml, 'imported.yml');
    expect(cb.groups.map((g) => [g.id, g.label])).toEqual([['africa', 'AFRICA'], ['europe', 'EUROPE']]);
    expect(cb.codes.map((c) => [c.id, c.label, c.group])).toEqual([['ke', 'KE', 'africa'], ['et', 'ET', 'africa'], ['fr', 'FR', 'europe']]);
    expect(cb.codes[0].rules).toMatchObject([
      { type: 'term', match: 'exact', terms: ['kenya', 'nairobi'], lang: 'en' },
      { type: 'glob', patterns: ['kenyan*'], lang: 'en' },
    ]);
    expect(cb.codes[1].rules).toMatchObject([{ type: 'phrase', match: 'exact', phrases: ['addis ababa'], max_gap: 0 }]);
    expect(cb.languages).toEqual(['en']);
    expect(r.stats).toEqual({ groups: 2, categories: 3, entries: 7, patterns: 5, dropped: 1, merged: 1 });
    expect(r.warnings).toEqual([expect.stringMatching(/^AFRICA > EAST > ET: dropped "\*": expected a pattern with at least one literal/)]);
    expect(cb.codes[0].definition).toContain('path "AFRICA > EAST > KE"');
    expect(cb.codes[0].definition).toContain('match exactly (no stemming)');
    expect(cb.codes[0].examples).toEqual([]);
  });

  it('header names the file (base name only) and format, never a date; output is deterministic', () => {
    const a = writeCodebookYaml(nested, { file: '/somewhere/newsmap.yml' });
    expect(a.split('\n')[0]).toBe('# Imported by codeframe codebook import from newsmap.yml (quanteda YAML).');
    expect(a).not.toMatch(/20\d\d-\d\d-\d\d|somewhere/);
    expect(writeCodebookYaml(nested, { file: '/elsewhere/newsmap.yml' })).toBe(a);
  });

  it('flat: one group named after the dictionary; --id sets the codebook id', () => {
    const cb = parseCodebook(writeCodebookYaml(dict([[['A'], ['x']], [['B'], ['y']]]), { id: 'mine' }), 'f.yml');
    expect(cb.id).toBe('mine');
    expect(cb.groups).toEqual([{ id: 'test_dict', label: 'test dict', description: null }]);
    expect(cb.codes.map((c) => c.group)).toEqual(['test_dict', 'test_dict']);
  });

  it('a category with no usable entries becomes a code without rules, and still loads', () => {
    const cb = parseCodebook(writeCodebookYaml(dict([[['A'], ['x']], [['EMPTY'], []], [['STARS'], ['*']]])), 'f.yml');
    expect(cb.codes.map((c) => [c.id, c.rules.length])).toEqual([['a', 1], ['empty', 0], ['stars', 0]]);
  });

  it('YAML-sensitive labels and patterns survive the round trip (no, null, 911, "a: b")', () => {
    const cb = parseCodebook(writeCodebookYaml(dict([[['no'], ['null', '911', 'yes']], [['a: b'], ['on']]])), 'f.yml');
    expect(cb.codes.map((c) => c.label)).toEqual(['no', 'a: b']);
    expect(cb.codes[0].rules[0]).toMatchObject({ terms: ['null', '911', 'yes'] });
  });
});

describe('an imported codebook codes text', () => {
  const liwc = readLiwcDic('%\n01\tHarmVirtue\n02\tHarmVice\n%\nsafe*\t01\ncare\t01\nkill\t02\nwar\t02\n', { file: 'mfd.dic', name: 'mfd' });
  const matcher = compileCodebook(parseCodebook(writeCodebookYaml(liwc, { file: 'mfd.dic', lang: 'en' }), 'mfd.yml'));
  const code = (text: string) =>
    matcher.explainUnits(text, [{ id: 'u', start: 0, end: text.length }], 'en').map((c) => `${c.ruleId}:${c.matched.join(',')}`);

  it('a dictionary word and a wildcard word in one sentence', () => {
    expect(code('We care about safety in war.').sort()).toEqual(['harmvice.term0:war', 'harmvirtue.glob1:safety', 'harmvirtue.term0:care']);
  });

  it('exact match: a form the dictionary does not list is not coded (no stemming)', () => {
    expect(code('She cares; they killed.')).toEqual([]);
  });
});

describe('regression: the same category in two YAML spellings gives the same codebook', () => {
  it('flow and block lists', () => {
    const a = writeCodebookYaml(readQuantedaYaml('A: [x, y*]\n', { file: 'a.yml', name: 'd' }), { file: 'd.yml' });
    const b = writeCodebookYaml(readQuantedaYaml('A:\n  - x\n  - y*\n', { file: 'b.yml', name: 'd' }), { file: 'd.yml' });
    expect(a).toBe(b);
  });
});
