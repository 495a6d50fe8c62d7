// The regex prefilter: probes are the pattern without assertions, and the gate never skips a unit
// on which the rule's regex (run on the unit's text alone, as the matcher runs it) matches.
import { describe, expect, it } from 'vitest';
import { RegexGate, cutsPair, regexProbe } from '../../src/code/regex-probe.ts';
import { mulberry32 as rng } from '../../src/measure/agreement/bootstrap.ts'; // seeded: the same cases on every run

describe('regexProbe', () => {
  it.each([
    ['\\bsecurit(?:y|ies)\\b(?! Conference| Report)', '', 'securit(?:y|ies)'],
    ['^data|open(?= data)$', '', 'data|open'],
    ['\\Bx\\B', 'i', 'x'],
    ['(?<=a)b(?<!c)', '', 'b'],
    ['a(?!\\)|[)(])b', '', 'ab'],
    ['(?=(?=x)y)z', '', 'z'],
    ['[\\b^$(?=]x', '', '[\\b^$(?=]x'],
    ['\\p{L}+\\b', 'u', '\\p{L}+'],
    ['(?<name>ab)c', '', '(?<name>ab)c'],
    ['\\$\\^', '', '\\$\\^'],
  ])('%s /%s → %s', (pattern, flags, want) => {
    const probe = regexProbe(new RegExp(pattern, flags + 'g'));
    expect(probe?.source).toBe(want);
    expect(probe?.flags).toBe(new RegExp('', flags + 'g').flags);
  });

  it.each([
    ['a backreference', '(a)\\1'],
    ['a named backreference', '(?<n>a)\\k<n>'],
    ['a quantified lookahead (Annex B)', '(?=a)*b'],
  ])('refuses %s', (_name, pattern) => {
    expect(regexProbe(new RegExp(pattern, 'g'))).toBeNull();
  });
});

describe('cutsPair', () => {
  const text = 'a\u{1D400}b';
  it.each([
    [0, false],
    [1, false],
    [2, true],
    [3, false],
    [4, false],
  ])('offset %i', (at, want) => {
    expect(cutsPair(text, at)).toBe(want);
  });
});

const PATTERNS: Array<[string, string]> = [
  ['\\b[Ss]ecurit(?:y|ies)\\b(?! Conference| Report)', ''],
  ['\\bUS\\b', ''],
  ['\\b(?:UN|[Uu]nited [Nn]ations|UNGA)\\b(?![\\w -]*, (?:19|20)\\d\\d)', ''],
  ['^data|open(?= data)', ''],
  ['data$', 'i'],
  ['(?<=x)y', ''],
  ['\\Bnation', 'i'],
  ['[\\uD800-\\uDBFF]', ''],
  ['[\\uDC00-\\uDFFF]x?', 'u'],
  ['\\u{1D400}\\w', 'u'],
  ['.\\b', 's'],
  ['(?!a)\\p{L}{2}', 'u'],
];
const PIECES = ['Security', 'security ', 'US', 'us', 'UN', 'United Nations', 'UNGA, 2024', 'data', 'open data', 'x', 'y', 'nation', 'a',
  '\u{1D400}', '\u{1D400}b', '\uD835', '\uDC00', ' ', '. ', ', ', '\n', 'Conference', 'Report', 'é', 'Z'];

describe('RegexGate never skips a unit its regex matches', () => {
  it('on 400 generated texts with units at random offsets (mid-word, mid-pair, empty, overlapping, out of order)', () => {
    const next = rng(7);
    const regexes = PATTERNS.map(([p, f]) => new RegExp(p, f + 'g'));
    const gate = new RegexGate(regexes);
    let live = 0;
    let matched = 0;
    for (let c = 0; c < 400; c++) {
      let text = '';
      while (text.length < 80) text += PIECES[Math.floor(next() * PIECES.length)];
      gate.startText(c);
      const units: Array<[number, number]> = [];
      for (let u = 0; u < 12; u++) {
        const a = Math.floor(next() * (text.length + 1));
        const b = Math.floor(next() * (text.length + 1));
        units.push([Math.min(a, b), Math.max(a, b)]);
      }
      units.sort((x, y) => x[0] - y[0]); // mostly forward, as segments are
      if (c % 3 === 0) units.reverse(); // and backwards
      for (const [s, e] of units) {
        gate.check(text, s, e);
        const unitText = text.slice(s, e);
        regexes.forEach((re, r) => {
          re.lastIndex = 0;
          let m: RegExpExecArray | null;
          let hit = false;
          while ((m = re.exec(unitText)) !== null) {
            if (m[0].length > 0) hit = true;
            else re.lastIndex++;
          }
          if (hit) {
            matched++;
            expect({ pattern: re.source, text, s, e, live: gate.live[r] }).toEqual({ pattern: re.source, text, s, e, live: 1 });
          }
          live += gate.live[r];
        });
      }
    }
    // the gate must also skip: otherwise it is no prefilter
    expect(matched).toBeGreaterThan(1000);
    expect(live).toBeLessThan(400 * 12 * PATTERNS.length * 0.9);
  });
});
