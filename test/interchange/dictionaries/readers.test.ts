// The readers on small inline dictionaries, one table per format, and the traps of real files
// (mixed line endings, trailing tabs, nesting, wildcards) as regression cases.
import { describe, expect, it } from 'vitest';
import {
  DictionaryError,
  readAfinn,
  readEmfdCsv,
  readLexicoderLc3,
  readLiwcDic,
  readQuantedaYaml,
  readWordList,
  readWordstatCat,
  readYoshikoderYkd,
  splitLines,
  type Dictionary,
} from '../../../src/interchange/dictionaries/index.ts';

const SRC = { file: 'x', name: 'x' };
type Reader = (text: string, source?: { file: string; name: string }) => Dictionary;

/** Categories as "a > b: e1|e2" lines: easy to read in a failing diff. */
const shape = (d: Dictionary) => d.categories.map((c) => `${c.path.join(' > ')}: ${c.entries.join('|')}`);

function failure(read: Reader, text: string): string {
  try {
    read(text, SRC);
  } catch (e) {
    if (e instanceof DictionaryError) return e.message;
    throw e;
  }
  throw new Error('expected a DictionaryError, the dictionary was read');
}

describe('splitLines', () => {
  it('splits CRLF, CR and LF mixed in one file and drops a BOM', () => {
    expect(splitLines('\uFEFFa\r\nb\rc\nd\r\n').map((l) => `${l.no}:${l.text}`)).toEqual(['1:a', '2:b', '3:c', '4:d']);
  });
});

const good: Array<{ name: string; read: Reader; text: string; want: string[]; warnings?: number }> = [
  // LIWC
  { name: 'LIWC basic', read: readLiwcDic, text: '%\n01\tA\n02\tB\n%\nx\t01\ny*\t02\n', want: ['A: x', 'B: y*'] },
  { name: 'LIWC multi-category entry (space-separated numbers)', read: readLiwcDic, text: '%\n01\tA\n07\tB\n%\npreserve\t\t01 07\n', want: ['A: preserve', 'B: preserve'] },
  { name: 'LIWC trailing tabs and spaces, "%\\t\\t" delimiters, tab-only lines (emfd-repo copy)', read: readLiwcDic, text: '%\t\t\n01                    care.virtue\n%\t\t\n\t\t\nsafe*\t\t\t01     \nbenefit*        \t01           \ncompassion*\t\t01\t\n', want: ['care.virtue: safe*|benefit*|compassion*'] },
  { name: 'LIWC CR-only line endings (old Mac, as mfd2.0.dic)', read: readLiwcDic, text: '%\r1\tcare\r%\rkind\t1\rget along\t1\r', want: ['care: kind|get along'] },
  { name: 'LIWC "01" and "1" are the same category', read: readLiwcDic, text: '%\n01\tA\n%\nx\t1\n', want: ['A: x'] },
  { name: 'LIWC duplicate entry kept once, with a warning', read: readLiwcDic, text: '%\n1\tA\n%\nx\t1\nx\t1\n', want: ['A: x'], warnings: 1 },
  { name: 'LIWC2007 conditional categories: plain numbers kept', read: readLiwcDic, text: '%\n02\tA\n%\nlike\t02 134/125 (02 131)53\n', want: ['A: like'], warnings: 1 },
  { name: 'LIWC with BOM and CRLF', read: readLiwcDic, text: '\uFEFF%\r\n1\tA\r\n%\r\nx\t1\r\n', want: ['A: x'] },
  { name: 'LIWC declared category without entries is kept', read: readLiwcDic, text: '%\n1\tA\n2\tB\n%\nx\t1\n', want: ['A: x', 'B: '], warnings: 1 },
  // Lexicoder
  { name: 'Lexicoder with colours, CRLF and a leading space on every pattern (LSD2015)', read: readLexicoderLc3, text: '+negative#FF0000\r\n a lie\r\n abandon*\r\n+positive#00BB00\r\n zeal\r\n', want: ['negative: a lie|abandon*', 'positive: zeal'] },
  { name: 'Lexicoder category name with spaces, no colour', read: readLexicoderLc3, text: '+A category\nmore\n\n+Another category\nhad\n', want: ['A category: more', 'Another category: had'] },
  // WordStat
  { name: 'WordStat flat, CRLF, weights, empty last category (Loughran-McDonald)', read: readWordstatCat, text: 'NEGATIVE\r\n\tABANDON (1)\r\n\tABUSE* (1)\r\nMODAL WORDS WEAK\r\n', want: ['NEGATIVE: ABANDON|ABUSE*', 'MODAL WORDS WEAK: '], warnings: 1 },
  { name: 'WordStat nested 3 levels with space padding before tabs (quanteda issue-459.cat)', read: readWordstatCat, text: 'SOUTH\n   \tBW\n   \t\tBotswana (1)\n   \t\tBotswanan* (1)\n   \tZA\n   \t\tSouth Africa (1)\n', want: ['SOUTH > BW: Botswana|Botswanan*', 'SOUTH > ZA: South Africa'] },
  { name: 'WordStat "_" joins phrase words; trailing tab after weight', read: readWordstatCat, text: 'ECONOMY\n\tSTATE_OWNED (1)\t\n\tTAX* (1)\n', want: ['ECONOMY: STATE OWNED|TAX*'] },
  { name: 'WordStat going back up a level', read: readWordstatCat, text: 'A\n\tB\n\t\tb1 (1)\n\tc1 (1)\nD\n\td1 (1)\n', want: ['A: c1', 'A > B: b1', 'D: d1'] },
  // quanteda YAML
  { name: 'YAML flow lists (mary.yml)', read: readQuantedaYaml, text: 'A CATEGORY: [more, lamb, little]\nANOTHER: [category, had, mary]\n', want: ['A CATEGORY: more|lamb|little', 'ANOTHER: category|had|mary'] },
  { name: 'YAML nested (newsmap), quoted ISO keys, Cyrillic, comments', read: readQuantedaYaml, text: '# c\nAFRICA:\n  EAST:\n    \'BI\': [Бурунди, бурунди*]\n  SOUTH:\n    \'NA\': [Namibia]\n', want: ['AFRICA > EAST > BI: Бурунди|бурунди*', 'AFRICA > SOUTH > NA: Namibia'] },
  { name: 'YAML scalar entry, number entry, block list', read: readQuantedaYaml, text: 'a: one\nb:\n  - 911\n  - two words\n', want: ['a: one', 'b: 911|two words'] },
  { name: 'YAML NO/ON keys stay strings (core schema)', read: readQuantedaYaml, text: 'NO: [Norway]\n', want: ['NO: Norway'] },
  // Yoshikoder
  { name: 'Yoshikoder: the root cnode is the dictionary (mary.ykd)', read: readYoshikoderYkd, text: '<?xml version="1.0"?>\n<dictionary>\n\t<cnode name="New dictionary">\n\t\t<cnode name="A">\n\t\t\t<pnode name="more"/>\n\t\t</cnode>\n\t\t<cnode name="B">\n\t\t\t<cnode name="C"><pnode name="x &amp; y"/></cnode>\n\t\t</cnode>\n\t</cnode>\n</dictionary>\n', want: ['A: more', 'B > C: x & y'] },
  // Word list, AFINN, eMFD
  { name: 'word list with ";" comments', read: readWordList, text: ';;; header\n; more\n\na+\nabound\n', want: ['x: a+|abound'] },
  { name: 'AFINN: one code per score, grouped by sign, sorted by score', read: readAfinn, text: 'good\t3\nbad\t-3\nsome kind\t0\nok\t3\n', want: ['negative > neg3: bad', 'neutral > zero: some kind', 'positive > pos3: good|ok'] },
  { name: 'eMFD at the default threshold 0.2', read: readEmfdCsv, text: 'word,care_p,fairness_p,care_sent,fairness_sent\nkind,0.5,0.1,0.3,0.1\nfair,0.2,0.9,0.1,0.2\nx,0.19,0,0,0\n', want: ['care: kind|fair', 'fairness: fair'] },
];

describe('readers: good input', () => {
  it.each(good)('$name', ({ read, text, want, warnings }) => {
    const d = read(text, SRC);
    expect(shape(d)).toEqual(want);
    expect(d.warnings.length).toBe(warnings ?? 0);
  });
});

const bad: Array<{ name: string; read: Reader; text: string; message: string | RegExp }> = [
  { name: 'LIWC without %', read: readLiwcDic, text: 'x\t1\n', message: 'x:1: expected "%" to open the category list, got "x\\t1"' },
  { name: 'LIWC unclosed header', read: readLiwcDic, text: '%\n1\tA\n', message: 'x:1: expected a second "%" closing the category list, got the end of the file' },
  { name: 'LIWC unknown category number', read: readLiwcDic, text: '%\n1\tA\n%\nx\t1\ny\t3\n', message: 'x:5: unknown category number 3 for "y", expected one of 1' },
  { name: 'LIWC entry without category', read: readLiwcDic, text: '%\n1\tA\n%\nlonely\n', message: 'x:4: expected an entry followed by category numbers, got "lonely"' },
  { name: 'LIWC third %', read: readLiwcDic, text: '%\n1\tA\n%\nx\t1\n%\n', message: /^x:5: unexpected "%"/ },
  { name: 'LIWC duplicate number', read: readLiwcDic, text: '%\n1\tA\n01\tB\n%\n', message: 'x:3: duplicate category number 01, expected each number once' },
  { name: 'Lexicoder pattern before any category', read: readLexicoderLc3, text: 'orphan\n+A\nx\n', message: 'x:1: expected a "+category" line before the first pattern, got "orphan"' },
  { name: 'WordStat skipped level', read: readWordstatCat, text: 'A\n\t\tx (1)\n', message: 'x:2: expected at most 1 tab(s) of indentation (one deeper than the category above), got 2' },
  { name: 'WordStat weighted entry at top level', read: readWordstatCat, text: 'x (1)\n', message: 'x:1: expected a category name at the top level, got the entry "x (1)"' },
  { name: 'YAML not a mapping', read: readQuantedaYaml, text: '- a\n- b\n', message: 'x:1: expected a mapping of category names to lists of patterns' },
  { name: 'YAML duplicate category', read: readQuantedaYaml, text: 'a: [x]\na: [y]\n', message: 'x:2: duplicate category name, expected each name once in a mapping' },
  { name: 'YAML nested list in a list', read: readQuantedaYaml, text: 'a:\n  - [x]\n', message: 'x:2: expected a pattern (a string) in "a"' },
  { name: 'AFINN without a score', read: readAfinn, text: 'good\t3\nbad\n', message: 'x:2: expected "word<TAB>integer score", got "bad"' },
  { name: 'eMFD without probability columns', read: readEmfdCsv, text: 'word,score\na,1\n', message: 'x:1: expected a header with "word" and probability columns ending in "_p", got "word,score"' },
  { name: 'eMFD non-number', read: readEmfdCsv, text: 'word,care_p\na,high\n', message: 'x:2: expected a probability in column care_p, got "high"' },
];

describe('readers: errors say file:line and what was expected', () => {
  it.each(bad)('$name', ({ read, text, message }) => {
    const got = failure(read, text);
    if (typeof message === 'string') expect(got).toBe(message);
    else expect(got).toMatch(message);
  });
});
