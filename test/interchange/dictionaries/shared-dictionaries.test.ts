// Every dictionary staged in ../shared/dictionaries imports, loads as a codebook, and keeps
// exactly the categories and entries the file holds. Expected counts were checked by hand
// (awk over the files, PyYAML for the nested YAML); the simple formats are also counted here
// with a line scan that shares no code with the readers.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCodebook } from '../../../src/codebook/index.ts';
import { compileCodebook } from '../../../src/code/index.ts';
import { convertDictionary, readDictionary, writeCodebookYaml, type DictionaryFormat } from '../../../src/interchange/dictionaries/index.ts';
import { needShared, shared } from '../../helpers/shared.ts';

const ROOT = shared('dictionaries');

/** file → format detected, and entries per category ("path > leaf": count), in file order. */
const EXPECTED: Record<string, { format: DictionaryFormat; categories: Record<string, number>; dropped?: number; merged?: number }> = {
  'lexicoder/LSD2015_lexicoder-original_CRLF.lc3': { format: 'lexicoder', categories: { negative: 2858, positive: 1709 } },
  'liwc-dic/moral_foundations_dictionary_v1.dic': {
    format: 'liwc',
    categories: { HarmVirtue: 16, HarmVice: 35, FairnessVirtue: 26, FairnessVice: 18, IngroupVirtue: 29, IngroupVice: 23, AuthorityVirtue: 45, AuthorityVice: 37, PurityVirtue: 35, PurityVice: 54, MoralityGeneral: 41 },
  },
  'liwc-dic/mft_original_emfd-repo-copy.dic': {
    format: 'liwc',
    categories: { 'care.virtue': 16, 'care.vice': 35, 'fairness.virtue': 26, 'fairness.vice': 18, 'loyalty.virtue': 29, 'loyalty.vice': 23, 'authority.virtue': 45, 'authority.vice': 37, 'sanctity.virtue': 35, 'sanctity.vice': 54, moral: 41 },
  },
  'other-formats/AFINN-111.tsv.txt': {
    format: 'afinn',
    categories: { 'negative > neg5': 16, 'negative > neg4': 43, 'negative > neg3': 264, 'negative > neg2': 966, 'negative > neg1': 309, 'neutral > zero': 1, 'positive > pos1': 208, 'positive > pos2': 448, 'positive > pos3': 172, 'positive > pos4': 45, 'positive > pos5': 5 },
  },
  'other-formats/HuLiu_negative-words-UTF8.txt': { format: 'wordlist', categories: { 'HuLiu_negative-words-UTF8': 4783 } },
  'other-formats/HuLiu_positive-words.txt': { format: 'wordlist', categories: { 'HuLiu_positive-words': 2006 }, dropped: 1 },
  'other-formats/eMFD_emfd_scoring.csv': { format: 'emfd', categories: { care: 532, fairness: 446, loyalty: 315, authority: 360, sanctity: 281 } },
  'quanteda-test-fixtures/mary.dic': { format: 'liwc', categories: { 'A category': 3, 'Another category': 2 } },
  'quanteda-test-fixtures/mary.lc3': { format: 'lexicoder', categories: { 'A category': 3, 'Another category': 2 } },
  'quanteda-test-fixtures/mary.ykd': { format: 'yoshikoder', categories: { 'A CATEGORY': 3, 'ANOTHER CATEGORY': 2 } },
  'quanteda-test-fixtures/mary.yml': { format: 'quanteda', categories: { 'A CATEGORY': 3, ANOTHER: 3 } },
  'wordstat-cat/Loughran_and_McDonald_2014.cat': {
    format: 'wordstat',
    categories: { NEGATIVE: 2355, POSITIVE: 354, UNCERTAINTY: 297, LITIGIOUS: 903, CONSTRAINING: 184, SUPERFLUOUS: 56, INTERESTING: 68, 'MODAL WORDS STRONG': 15, 'MODAL WORDS WEAK': 0 },
  },
  // 241 ISO codes under 5 regions; PyYAML counts 819 patterns (english), 737 with 4 exact
  // duplicates (russian: 733 read), 642 distinct after lowercasing.
  'yaml-newsmap/newsmap_english.yml': { format: 'quanteda', categories: {} },
  'yaml-newsmap/newsmap_russian.yml': { format: 'quanteda', categories: {}, merged: 91 },
};
const NEWSMAP = { 'yaml-newsmap/newsmap_english.yml': 819, 'yaml-newsmap/newsmap_russian.yml': 733 } as Record<string, number>;

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));

const lines = (file: string) => readFileSync(file, 'utf8').split(/\r\n|\r|\n/);

/** Independent counts by line scan, for the line-per-entry formats. */
function scanCounts(rel: string): Record<string, number> | null {
  const file = join(ROOT, rel);
  const counts: Record<string, number> = {};
  const bump = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);
  if (rel.endsWith('.lc3')) {
    let cat = '';
    for (const l of lines(file)) {
      if (l.startsWith('+')) counts[(cat = l.slice(1).split('#')[0])] = 0;
      else if (l.trim()) bump(cat);
    }
    return counts;
  }
  if (rel.endsWith('.dic')) {
    let section = 0;
    const names = new Map<number, string>();
    for (const l of lines(file)) {
      const t = l.trim().split(/\s+/);
      if (l.startsWith('%')) section++;
      else if (section === 1 && t[0]) {
        const name = l.trim().slice(t[0].length).trim();
        names.set(Number(t[0]), name);
        counts[name] = 0;
      }
      else if (section === 2 && t[0]) for (const id of t.slice(1)) bump(names.get(Number(id))!);
    }
    return counts;
  }
  if (rel.endsWith('.cat')) {
    let cat = '';
    for (const l of lines(file)) {
      if (/^\S/.test(l)) counts[(cat = l.trim())] = 0;
      else if (l.trim()) bump(cat);
    }
    return counts;
  }
  if (rel.includes('HuLiu')) {
    const name = rel.split('/')[1].replace(/\.txt$/, '');
    counts[name] = lines(file).filter((l) => l.trim() && !l.startsWith(';')).length;
    return counts;
  }
  return null;
}

describe.runIf(needShared('dictionary import of ../shared/dictionaries'))('shared dictionaries', () => {
  const files = walk(ROOT).map((f) => relative(ROOT, f)).filter((f) => f !== 'SOURCES.md').sort();

  it('the table covers exactly the files staged (a new file needs its expected counts here)', () => {
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each(Object.keys(EXPECTED))('%s', (rel) => {
    const want = EXPECTED[rel];
    const dict = readDictionary(join(ROOT, rel));
    const result = convertDictionary(dict, { file: rel, lang: rel.includes('russian') ? 'ru' : 'en' });

    it('is detected, and keeps every category with its exact entry count', () => {
      expect(dict.format).toBe(want.format);
      const got = Object.fromEntries(dict.categories.map((c) => [c.path.join(' > '), c.entries.length]));
      if (rel in NEWSMAP) {
        expect(dict.categories.length).toBe(241);
        expect(new Set(dict.categories.map((c) => c.path[0]))).toEqual(new Set(['AFRICA', 'AMERICA', 'ASIA', 'EUROPE', 'OCEANIA']));
        expect(dict.categories.every((c) => c.path.length === 3)).toBe(true);
        expect(dict.categories.reduce((n, c) => n + c.entries.length, 0)).toBe(NEWSMAP[rel]);
      } else {
        expect(got).toEqual(want.categories);
        expect(Object.keys(got)).toEqual(Object.keys(want.categories)); // file order
      }
      const scanned = scanCounts(rel);
      if (scanned) expect(got).toEqual(scanned);
    });

    it('becomes a codebook that loads, one code per category, with every entry kept, dropped or merged', () => {
      const cb = parseCodebook(result.yaml, `${rel}.yml`);
      expect(cb.codes.length).toBe(dict.categories.length);
      const patterns = cb.codes.reduce(
        (n, c) => n + c.rules.reduce((m, r) => m + ('terms' in r ? r.terms.length : 'phrases' in r ? r.phrases.length : 'patterns' in r ? r.patterns.length : 0), 0),
        0,
      );
      expect(patterns).toBe(result.stats.patterns);
      expect(result.stats.patterns + result.stats.dropped + result.stats.merged).toBe(result.stats.entries);
      expect(result.stats.dropped).toBe(want.dropped ?? 0);
      expect(result.stats.merged).toBe(want.merged ?? 0);
      expect(new Set(cb.codes.map((c) => c.id)).size).toBe(cb.codes.length);
    });
  });

  describe('the quanteda fixtures mary.* (one dictionary in four formats)', () => {
    const yaml = (f: string) => writeCodebookYaml(readDictionary(join(ROOT, 'quanteda-test-fixtures', f)), { file: f });
    const body = (f: string) => yaml(f).split('\n').slice(1).join('\n');

    it('mary.dic and mary.lc3 give byte-identical codebooks but for the header line', () => {
      expect(yaml('mary.dic').split('\n')[0]).toBe('# Imported by codeframe codebook import from mary.dic (LIWC .dic).');
      expect(yaml('mary.lc3').split('\n')[0]).toBe('# Imported by codeframe codebook import from mary.lc3 (Lexicoder .lc3).');
      expect(body('mary.lc3')).toBe(body('mary.dic'));
    });

    it('mary.ykd differs from them only in the letter case of the category names it writes in capitals', () => {
      expect(body('mary.ykd')).not.toBe(body('mary.dic'));
      expect(body('mary.ykd').toLowerCase()).toBe(body('mary.dic').toLowerCase());
    });

    it('mary.yml differs upstream: "category" is an entry of a category named ANOTHER (see SOURCES.md)', () => {
      const cb = parseCodebook(yaml('mary.yml'), 'mary.yml');
      expect(cb.codes.map((c) => [c.id, c.rules.flatMap((r) => ('terms' in r ? r.terms : []))])).toEqual([
        ['a_category', ['more', 'lamb', 'little']],
        ['another', ['category', 'had', 'mary']],
      ]);
      // The first category is the same code as from the other three formats.
      const dic = parseCodebook(yaml('mary.dic'), 'mary.dic.yml');
      expect(cb.codes[0].rules).toEqual(dic.codes[0].rules);
    });
  });

  describe('regressions: the traps of real files', () => {
    it('trailing tabs and "%\\t\\t" lines: the emfd-repo copy of the MFD has the same entries as v1', () => {
      const v1 = readDictionary(join(ROOT, 'liwc-dic/moral_foundations_dictionary_v1.dic'));
      const copy = readDictionary(join(ROOT, 'liwc-dic/mft_original_emfd-repo-copy.dic'));
      expect(copy.categories.map((c) => c.entries)).toEqual(v1.categories.map((c) => c.entries));
      expect(copy.categories.flatMap((c) => c.entries).filter((e) => /\s/.test(e))).toEqual([]);
    });

    it('CRLF with a leading space (LSD2015): no pattern keeps a CR or a space at either end', () => {
      const d = readDictionary(join(ROOT, 'lexicoder/LSD2015_lexicoder-original_CRLF.lc3'));
      const all = d.categories.flatMap((c) => c.entries);
      expect(all.filter((e) => e !== e.trim() || e.includes('\r'))).toEqual([]);
      expect(all.slice(0, 2)).toEqual(['a lie', 'abandon*']);
    });

    it('wildcards and phrases (LSD2015): globs, multi-word globs and phrases go to their rule kinds', () => {
      const cb = parseCodebook(
        writeCodebookYaml(readDictionary(join(ROOT, 'lexicoder/LSD2015_lexicoder-original_CRLF.lc3')), { file: 'LSD2015.lc3' }),
        'lsd.yml',
      );
      const neg = cb.codes.find((c) => c.id === 'negative')!;
      const byType = Object.fromEntries(neg.rules.map((r) => [r.type, r]));
      expect((byType.glob as { patterns: string[] }).patterns).toContain('abandon*');
      expect((byType.phrase as { phrases: string[] }).phrases).toContain('a lie');
      expect((byType.term as { terms: string[] }).terms).toContain('achy');
    });

    it('nested categories (newsmap) code a country by name, demonym glob and capital phrase', () => {
      const cb = parseCodebook(writeCodebookYaml(readDictionary(join(ROOT, 'yaml-newsmap/newsmap_english.yml')), { lang: 'en' }), 'n.yml');
      expect(cb.groups.map((g) => g.id)).toEqual(['africa', 'america', 'asia', 'europe', 'oceania']);
      const m = compileCodebook(cb);
      const text = 'Kenyan officials met in Addis Ababa.';
      const got = m.explainUnits(text, [{ id: 'u', start: 0, end: text.length }], 'en').map((c) => `${c.codeId}:${c.matched.join(',')}`);
      expect(got.sort()).toEqual(['et:Addis Ababa', 'ke:Kenyan']);
    });

    it('Cyrillic nested YAML (newsmap_russian): inflected forms and globs code a Russian sentence', () => {
      const cb = parseCodebook(writeCodebookYaml(readDictionary(join(ROOT, 'yaml-newsmap/newsmap_russian.yml')), { lang: 'ru' }), 'r.yml');
      const m = compileCodebook(cb);
      const text = 'Переговоры в Кении и в Бурунди.';
      const got = m.explainUnits(text, [{ id: 'u', start: 0, end: text.length }], 'ru').map((c) => c.codeId);
      expect([...new Set(got)].sort()).toEqual(['bi', 'ke']);
    });
  });
});
