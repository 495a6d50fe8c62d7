// Hostile codebooks (issue 6 item 5): each is refused before any document is touched, with
// file:line:column and what was expected, or it loads and codes in bounded work. Bounds are
// asserted as outcomes: the work that used to hang runs in a child process with a hard kill,
// and the test asserts that it finished, not how fast.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { compileCodebook } from '../../src/code/index.ts';
import { CodebookError, loadCodebook, parseCodebook, type Diagnostic } from '../../src/codebook/index.ts';
import { globRegex } from '../../src/codebook/patterns.ts';
import { REPO_ROOT } from '../helpers/shared.ts';

const dir = mkdtempSync(join(tmpdir(), 'codeframe-cb-attacks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refusal(run: () => unknown): CodebookError {
  try {
    run();
  } catch (e) {
    if (e instanceof CodebookError) return e;
    throw e;
  }
  throw new Error('expected a CodebookError, the codebook loaded');
}
const parse = (source: string) => refusal(() => parseCodebook(source, 'cb.yml'));
const load = (file: string) => refusal(() => loadCodebook(file));
const where = (d: Diagnostic) => `${d.line}:${d.column}`;

const HEAD = 'codebook: t\ntitle: T\ngroups: [{id: g, label: G}]\ncodes:\n';
const CODE = '  - id: c\n    label: C\n    group: g\n    definition: d\n';
/** A codebook whose only rule is `rule` (flow YAML) at line 10, column 9. */
const withRule = (rule: string) => HEAD + CODE + '    rules:\n      - ' + rule + '\n';

/** Runs `code` (an ES module body; codeframe's modules are importable by relative path) in a
 *  child process killed after `ms`; returns what it printed. */
function inChild(code: string, ms = 60_000): { status: number | null; signal: string | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: REPO_ROOT,
    timeout: ms,
    killSignal: 'SIGKILL',
    encoding: 'utf8',
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

describe('YAML attacks', () => {
  const levels = (n: number) => {
    const lines = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < n; i++) lines.push(`l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
    return lines.join('\n') + '\n';
  };
  const cases: Array<{ name: string; source: string; at: string; message: RegExp }> = [
    { name: 'billion laughs (9 levels of 10 aliases)', source: levels(9), at: '2:', message: /^YAML aliases expand too much .*expected at most 100 alias expansions$/ },
    { name: 'an alias inside its own anchor (a cycle)', source: 'codebook: &a [1, *a]\n', at: '1:18', message: /^YAML aliases expand the codebook to more than \d+ values and characters \(or into a cycle\)/ },
    { name: 'a large list aliased 99 times', source: `big: &big [${Array(20_000).fill('wwwwwwww').join(',')}]\nuse: [${Array(99).fill('*big').join(', ')}]\n`, at: '2:7', message: /^YAML aliases expand the codebook to more than/ },
    { name: '!!js/function', source: 'codebook: !!js/function "function () { return 1 }"\n', at: '1:11', message: /^unexpected custom tag "!!js\/function", expected plain YAML values$/ },
    { name: '!custom', source: 'title: !custom x\n', at: '1:8', message: /^unexpected custom tag "!custom", expected plain YAML values$/ },
    { name: 'a custom tag on a key', source: '? !custom k\n: v\n', at: '1:3', message: /^unexpected custom tag "!custom"/ },
    { name: '!!binary (a YAML 1.1 type)', source: 'codebook: !!binary aGVsbG8=\n', at: '1:20', message: /^unexpected tag "tag:yaml.org,2002:binary", expected plain YAML values$/ },
    { name: '!!set', source: 'codebook: !!set {a, b}\n', at: '1:17', message: /^unexpected tag "tag:yaml.org,2002:set"/ },
    { name: 'nested flow lists, 20,000 deep', source: 'codebook: ' + '['.repeat(20_000) + ']'.repeat(20_000) + '\n', at: '1:', message: /^YAML nested too deeply, expected at most 64 levels of lists and mappings$/ },
    { name: 'nested block mappings, 200 deep', source: Array.from({ length: 200 }, (_, i) => ' '.repeat(i) + 'k:').join('\n') + ' 1\n', at: '65:', message: /^YAML nested too deeply, expected at most 64 levels/ },
    { name: 'nested block lists, 1,200 deep', source: Array.from({ length: 1200 }, (_, i) => ' '.repeat(i * 2) + '- ').join('\n') + '1\n', at: '', message: /^YAML nested too deeply, expected at most 64 levels/ },
    { name: 'duplicate key', source: HEAD + CODE + 'title: again\n', at: '9:1', message: /^duplicate key "title", expected each key at most once in a mapping$/ },
    { name: 'a list as a key', source: '? [a, b]\n: v\n', at: '1:3', message: /^unexpected list or mapping as a key, expected a plain key$/ },
    { name: 'tabs as indentation', source: HEAD + '\t- id: c\n', at: '5:1', message: /^YAML syntax error: Tabs are not allowed as indentation/ },
    { name: 'a UTF-8 BOM in the middle', source: HEAD + CODE.replace('label: C', '\uFEFFlabel: C'), at: '', message: /./ },
  ];
  it.each(cases)('$name: refused at $at', ({ source, at, message }) => {
    const e = parse(source);
    const d = e.diagnostics.find((x) => message.test(x.message));
    expect(d, e.message).toBeDefined();
    expect(d!.file).toBe('cb.yml');
    expect(where(d!).startsWith(at)).toBe(true);
    expect(e.message).toContain(`cb.yml:${d!.line}:${d!.column}: `);
  });

  it('regression: a YAML syntax error quotes at most 300 characters of the source (was: the whole 5,000-character token; found by the fuzz, case 374 of seed 61120)', () => {
    const e = parse('      - text: "x"\ncodebook: t\ndescription: ' + 'a'.repeat(5000) + '\n  more words\n');
    const d = e.diagnostics.find((x) => x.message.includes('aaaa'));
    expect(d, e.message).toBeDefined();
    expect(d!.message).toMatch(/^YAML syntax error: Unexpected scalar token in YAML stream: "a+\.\.\.$/);
    expect(d!.message.length).toBe(300 + 'YAML syntax error: '.length);
    expect(where(d!)).toBe('3:14');
  });

  it.each([
    ['a 5,000-letter group id in "expected one of" (fuzz seed 4, case 34)', `codebook: t\ntitle: T\ngroups: [{id: g, label: G}, {id: ${'a'.repeat(5000)}, label: A}]\ncodes:\n` + CODE.replace('group: g', 'group: gg'), '7:12'],
    ['a 5,000-character term with spaces', withRule(`{type: term, terms: ["${'a '.repeat(2500)}"]}`), '10:30'],
    ['a 5,000-character punctuation pattern', withRule(`{type: not, patterns: ["${'-'.repeat(5000)}"]}`), '10:32'],
    ['a 5,000-character glob without wildcards', withRule(`{type: glob, patterns: ["${'a'.repeat(5000)}"]}`), '10:33'],
  ])('regression: messages quote long values cut short: %s (was: the whole value in the message)', (_name, source, at) => {
    const e = parse(source);
    expect(e.diagnostics).toHaveLength(1);
    expect(where(e.diagnostics[0])).toBe(at);
    expect(e.diagnostics[0].message.length).toBeLessThan(300);
    expect(e.diagnostics[0].message).toMatch(/\.\.\./);
  });

  it('a UTF-8 BOM at the start is allowed', () => {
    const cb = parseCodebook('\uFEFF' + HEAD + CODE, 'cb.yml');
    expect(cb.codes.map((c) => c.id)).toEqual(['c']);
  });

  it('regression: 50,000 duplicate keys are listed 50 at a time (was: 50,000 lines, quadratic key scans)', () => {
    const e = parse('codebook: {' + 'a: 1, '.repeat(50_000) + '}\n');
    expect(e.diagnostics).toHaveLength(50);
    expect(e.omitted).toBe(49_999 - 50);
    expect(e.message).toMatch(/^Invalid codebook \(49999 problems\):/);
    expect(e.message).toContain('... and 49949 more (only the first 50 are listed)');
    expect(where(e.diagnostics[0])).toBe('1:18');
  });

  it('regression: 5,000 codes naming unknown groups among 5,000 groups (was: minutes of did-you-mean at 20,000)', () => {
    const groups = Array.from({ length: 5_000 }, (_, i) => `  - {id: group_number_${i}, label: G}`).join('\n');
    const codes = Array.from({ length: 5_000 }, (_, i) => `  - {id: c${i}, label: C, group: grup_number_${i}, definition: d}`).join('\n');
    const e = parse(`codebook: t\ntitle: T\ngroups:\n${groups}\ncodes:\n${codes}\n`);
    expect(e.diagnostics).toHaveLength(50);
    expect(e.omitted).toBe(5_000 - 50);
    expect(e.diagnostics[0].message).toMatch(/^unknown group "grup_number_0", expected one of group_number_0, .*, \.\.\. \(5000 in all\)$/);
    expect(where(e.diagnostics[0])).toBe(`5005:${'  - {id: c0, label: C, group: '.length + 1}`);
  });

  it('regression: a 3-million-character rule type is named, not edit-distanced (was: out of memory)', () => {
    const e = parse(withRule(`{type: ${'x'.repeat(3_000_000)}}`));
    expect(e.diagnostics).toHaveLength(1);
    expect(e.diagnostics[0].message).toMatch(/^unknown rule type, expected one of glob, near, negation, not, phrase, regex, term, got "x{57}\.\.\."$/);
    expect(where(e.diagnostics[0])).toBe('10:16');
  });
});

describe('the codebook file', () => {
  const write = (name: string, data: string | Buffer) => {
    const file = join(dir, name);
    writeFileSync(file, data);
    return file;
  };

  it('10 MB: refused by the 5 MB limit before it is parsed', () => {
    const file = write('ten.yml', '# padding\n'.repeat(1_048_576));
    const e = load(file);
    expect(e.message).toBe(`Invalid codebook (1 problem):\n  ${file}:1:1: expected a codebook of at most 5.0 MB, got 10.0 MB`);
  });

  it('regression: non-UTF-8 bytes are refused at their line and column (was: loaded with U+FFFD in the terms)', () => {
    const file = write('latin1.yml', Buffer.from(withRule('{type: term, terms: [Größe]}'), 'latin1'));
    const e = load(file);
    expect(e.diagnostics).toHaveLength(1);
    expect(where(e.diagnostics[0])).toBe('10:32');
    expect(e.diagnostics[0].message).toBe('expected UTF-8 text, got the byte 0xf6 (is the file in another encoding, such as Latin-1 or Windows-1252?)');
  });

  it.each([
    ['a truncated sequence at the end', Buffer.from([0x61, 0x3a, 0x20, 0xe2, 0x82]), '1:4'],
    ['an overlong encoding', Buffer.from([0x61, 0xc0, 0xaf]), '1:2'],
    ['a UTF-16 surrogate encoded in UTF-8', Buffer.from('0a0aeda080', 'hex'), '3:1'],
  ])('refuses %s', (_name, bytes, at) => {
    const e = load(write(`bytes-${at}.yml`, bytes));
    expect(where(e.diagnostics[0])).toBe(at);
    expect(e.diagnostics[0].message).toMatch(/^expected UTF-8 text, got the byte 0x/);
  });

  it('refuses UTF-16 with a byte order mark, saying so', () => {
    const file = write('utf16.yml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEAD + CODE, 'utf16le')]));
    expect(load(file).diagnostics[0].message).toMatch(/^expected UTF-8 text, got UTF-16/);
  });

  it('loads a UTF-8 file with a BOM, and valid 2-, 3- and 4-byte characters', () => {
    const file = write('bom.yml', '\uFEFF' + withRule('{type: term, terms: [größe, прозорість, 𝒜bc]}'));
    expect(loadCodebook(file).codes[0].rules[0]).toMatchObject({ terms: ['größe', 'прозорість', '𝒜bc'] });
  });

  it('regression: a directory is refused with its name (was: a raw EISDIR error, not a CodebookError)', () => {
    const e = load(dir);
    expect(e.message).toBe(`Invalid codebook (1 problem):\n  ${dir}:1:1: expected a codebook file, got a directory`);
  });

  it.runIf(existsSync('/dev/zero'))('regression: /dev/zero is refused (was: read forever)', () => {
    expect(load('/dev/zero').diagnostics[0].message).toBe('expected a codebook file, got a device, pipe or socket');
  });

  it('a missing file is refused with its name', () => {
    const file = join(dir, 'nope.yml');
    const e = load(file);
    expect(e.diagnostics[0]).toMatchObject({ file, line: 1, column: 1 });
    expect(e.diagnostics[0].message).toMatch(/^cannot read the codebook \(ENOENT: no such file or directory.*\), expected a readable YAML file$/);
  });
});

describe('patterns that match everywhere', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['empty term', '{type: term, terms: [""]}', '10:30', /^expected a pattern with at least one letter or digit, got ""$/],
    ['blank term', '{type: term, terms: ["   "]}', '10:30', /^expected a pattern with at least one letter or digit/],
    ['punctuation-only term', '{type: term, terms: ["--"]}', '10:30', /^expected a pattern with at least one letter or digit/],
    ['"*" glob alone', '{type: glob, patterns: ["*"]}', '10:33', /^expected a pattern with at least one literal letter or digit, got "\*" \(it would match everywhere\)$/],
    ['"?*" glob', '{type: glob, patterns: ["?*"]}', '10:33', /it would match everywhere/],
    ['"* *" glob', '{type: glob, patterns: ["* *"]}', '10:33', /it would match everywhere/],
    ['".*" regex', '{type: regex, pattern: ".*"}', '10:32', /^expected a regular expression that cannot match the empty string, got "\.\*"$/],
    ['"(?:)" regex', '{type: regex, pattern: "(?:)"}', '10:32', /cannot match the empty string/],
    ['a lookahead alone', '{type: regex, pattern: "(?=a)"}', '10:32', /cannot match the empty string/],
    ['empty regex', '{type: regex, pattern: ""}', '10:32', /^expected a non-empty string, got ""$/],
    ['regression: "." regex (was: loaded, coding every unit)', '{type: regex, pattern: "."}', '10:32', /^expected a regular expression that matches some text and not other, got "\." \(it matches any character/],
    ['regression: "[\\\\s\\\\S]" regex', '{type: regex, pattern: "[\\\\s\\\\S]"}', '10:32', /it matches any character/],
    ['regression: "[^x]" regex', '{type: regex, pattern: "[^x]"}', '10:32', /it matches any character/],
    ['empty phrase', '{type: phrase, phrases: [""]}', '10:34', /^expected two or more words, got ""/],
    ['phrase of wildcards', '{type: phrase, phrases: ["* *"]}', '10:34', /it would match everywhere/],
    ['near with an empty side', '{type: near, a: [""], b: [x], within: 3}', '10:26', /^expected a pattern with at least one letter or digit, got ""$/],
    ['near with empty lists', '{type: near, a: [], b: [x], within: 3}', '10:25', /^expected a non-empty list of patterns, got an empty list$/],
    ['near with a "*" side', '{type: near, a: [x], b: ["*"], within: 3}', '10:34', /it would match everywhere/],
    ['not with an empty pattern', '{type: not, patterns: [""]}', '10:32', /at least one letter or digit/],
    ['negation with an empty cue', '{type: negation, cues: [""]}', '10:33', /at least one letter or digit/],
  ];
  it.each(cases)('%s', (_name, rule, at, message) => {
    const e = parse(withRule(rule));
    expect(e.diagnostics.map((d) => `${where(d)} ${d.message}`)).toHaveLength(1);
    expect(where(e.diagnostics[0])).toBe(at);
    expect(e.diagnostics[0].message).toMatch(message);
  });
});

describe('regex rules that can backtrack catastrophically', () => {
  const refused: Array<[string, RegExp]> = [
    ['(a+)+$', /without nested repetition.*it can backtrack catastrophically/],
    ['(?:\\w+\\s?)*$', /without nested repetition/],
    ['(a*)*b', /without nested repetition/],
    ['(.*a){12}', /without nested repetition/],
    ['(x|x)*y', /^expected a regular expression without ambiguous repetition, got "\(x\|x\)\*y" \(the alternatives "x" and "x" can start with the same character inside a repetition/],
    ['(?:a|aa)+b', /the alternatives "a" and "aa"/],
    ['(\\w|\\d)+$', /the alternatives "\\\\w" and "\\\\d"/],
    ['((x|x)y?)*z', /ambiguous repetition|nested repetition/],
    ['(?:ab|ac){2,}', /the alternatives "ab" and "ac"/],
    ['(?:a|)+x', /the alternative "" can match nothing inside a repetition/],
    ['(?:[a-c]x|b)+', /ambiguous repetition/],
    ['(?<=a)b', /lookbehind/],
  ];
  it.each(refused)('refuses %s', (pattern, message) => {
    const e = parse(withRule(`{type: regex, pattern: ${JSON.stringify(pattern)}}`));
    expect(e.diagnostics).toHaveLength(1);
    expect(e.diagnostics[0]).toMatchObject({ file: 'cb.yml', line: 10, column: 32, path: 'codes[0].rules[0].pattern' });
    expect(e.diagnostics[0].message).toMatch(message);
  });

  it('the i flag makes letters of different case overlap', () => {
    expect(() => parseCodebook(withRule('{type: regex, pattern: "(?:A|a)+x"}'), 'cb.yml')).not.toThrow();
    expect(() => parseCodebook(withRule('{type: regex, pattern: "(?:A|a)+x", flags: i}'), 'cb.yml')).toThrow(/ambiguous/);
    expect(() => parseCodebook(withRule('{type: regex, pattern: "(?:A|b)+x"}'), 'cb.yml')).not.toThrow();
    expect(() => parseCodebook(withRule('{type: regex, pattern: "(?:A|b)+x", flags: i}'), 'cb.yml')).not.toThrow();
    expect(() => parseCodebook(withRule('{type: regex, pattern: "(?:A|b|B)+x", flags: i}'), 'cb.yml')).toThrow(/ambiguous/);
  });

  it.each([
    '\\b[Ss]ecurit(?:y|ies)\\b(?! Conference| Report)',
    '\\b(?:UN|[Uu]nited [Nn]ations|[Gg]eneral [Aa]ssembly|UNGA)\\b(?![\\w -]*, (?:19|20)\\d\\d)',
    '\\bexplainab\\w*',
    '(?:a|b)+c',
    '(?:\\d{4}|[A-Z]\\w+), \\d{4}',
    '\\b(?:EU|[Ee]uropean [Uu]nion)\\b(?!, (?:19|20)\\d\\d)',
  ])('still accepts %s', (pattern) => {
    expect(parseCodebook(withRule(`{type: regex, pattern: ${JSON.stringify(pattern)}}`), 'cb.yml').codes[0].rules).toHaveLength(1);
  });

  it('regression: a 300,000-character flags value is refused (was: a quadratic duplicate-flag regex, 4 s at 30,000 characters, minutes here)', () => {
    const r = inChild(
      `import { parseCodebook } from './src/codebook/index.ts';
       const flags = Array.from({ length: 300000 }, (_, i) => String.fromCharCode(0x4e00 + (i % 20000))).join('');
       try { parseCodebook(${JSON.stringify(withRule('{type: regex, pattern: abc, flags: "FLAGS"}'))}.replace('FLAGS', flags), 'cb.yml'); }
       catch (e) { console.log(JSON.stringify(e.diagnostics)); }`,
    );
    expect(r.signal).toBeNull();
    const ds = JSON.parse(r.stdout) as Diagnostic[];
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ line: 10, column: 44, path: 'codes[0].rules[0].flags' });
    expect(ds[0].message).toMatch(/^expected flags made of i, u, s \(each at most once\), got ".{57}\.\.\."$/);
    expect(() => parseCodebook(withRule('{type: regex, pattern: abc, flags: ii}'), 'cb.yml')).toThrow(/each at most once/);
    expect(parseCodebook(withRule('{type: regex, pattern: abc, flags: sui}'), 'cb.yml').codes[0].rules[0]).toMatchObject({ flags: 'isu' });
  });

  it('a pattern over 1,000 characters is refused without being compiled', () => {
    const e = parse(withRule(`{type: regex, pattern: "${'a'.repeat(1001)}"}`));
    expect(e.diagnostics[0].message).toBe('expected a regular expression of at most 1000 characters, got 1001');
  });

  it('regression: `(x|x)*y` no longer reaches the matcher (it used to hang a child on 40 x\'s)', () => {
    // The refusal is the fix; this shows what it prevents, bounded by a hard kill.
    const r = inChild(`const t = 'x'.repeat(40); console.log(/(x|x)*y/.test(t));`, 3_000);
    expect(r.signal).toBe('SIGKILL');
  });
});

describe('globs (compiled to regexes) on long words', () => {
  /** Reference glob semantics: dynamic programming over code points. */
  function globMatches(glob: string, word: string): boolean {
    const g = [...glob];
    const w = [...word];
    let row = new Array<boolean>(w.length + 1).fill(false);
    row[0] = true;
    for (const c of g) {
      const next = new Array<boolean>(w.length + 1).fill(false);
      for (let j = 0; j <= w.length; j++) {
        if (c === '*') next[j] = row[j] || (j > 0 && next[j - 1]);
        else if (j > 0) next[j] = row[j - 1] && (c === '?' || c === w[j - 1]);
      }
      row = next;
    }
    return row[w.length];
  }

  it('the linear glob regex agrees with the reference on 5,000 random globs and words', () => {
    let seed = 20251127;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const pick = (alphabet: string, max: number) => Array.from({ length: Math.floor(random() * max) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    for (let i = 0; i < 5000; i++) {
      const glob = pick('ab*?ж', 7);
      const word = pick('abж', 9);
      expect(globRegex(glob).test(word), `seed 20251127 case ${i}: ${JSON.stringify(glob)} on ${JSON.stringify(word)}`).toBe(globMatches(glob, word));
    }
  });

  it('regression: a glob with 8 stars codes a 20,000-letter word (was: O(n^8) backtracking)', () => {
    const r = inChild(
      `import { parseCodebook } from './src/codebook/index.ts';
       import { compileCodebook } from './src/code/index.ts';
       const cb = parseCodebook(${JSON.stringify(withRule('{type: glob, patterns: ["*a*a*a*a*a*a*a*b"]}'))}, 'cb.yml');
       const text = 'a'.repeat(20000) + ' ' + 'a'.repeat(20000) + 'b';
       const codings = compileCodebook(cb).codeUnits(text, [{ id: 'u1', start: 0, end: 20000 }, { id: 'u2', start: 20001, end: text.length }], 'en');
       console.log(JSON.stringify(codings.map((c) => c.segmentId)));`,
    );
    expect(r.stderr).toBe('');
    expect(r.signal).toBeNull();
    expect(r.stdout.trim()).toBe('["u2"]');
  });

  it('codes as before on ordinary words', () => {
    const cb = parseCodebook(withRule('{type: glob, patterns: ["transparen*", "*-free", "звітн?сть", "a*b*c"]}'), 'cb.yml');
    const text = 'Transparency matters. Звітність теж. abxbyc here. abc. nothing';
    const units = [{ id: 's1', start: 0, end: 21 }, { id: 's2', start: 22, end: 36 }, { id: 's3', start: 37, end: 49 }, { id: 's4', start: 50, end: 54 }, { id: 's5', start: 55, end: 62 }];
    expect(compileCodebook(cb).codeUnits(text, units, 'en').map((c) => c.segmentId)).toEqual(['s1', 's2', 's3', 's4']);
  });
});

describe('through the CLI', () => {
  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'src/cli/bin.mjs'), ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000, killSignal: 'SIGKILL' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const corpus = join(dir, 'corpus');
  mkdirSync(corpus, { recursive: true });
  writeFileSync(join(corpus, 'a.txt'), 'Transparency matters. The lack of security is a problem.\n');
  const bad: Array<[string, string | Buffer, RegExp]> = [
    ['catastrophic.yml', withRule('{type: regex, pattern: "(a+)+$"}'), /catastrophic\.yml:10:32: codes\[0\]\.rules\[0\]\.pattern: expected a regular expression without nested repetition/],
    ['ambiguous.yml', withRule('{type: regex, pattern: "(x|x)*y"}'), /ambiguous\.yml:10:32: .*ambiguous repetition/],
    ['laughs.yml', 'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n', /laughs\.yml:2:\d+: YAML aliases expand too much/],
    ['tag.yml', 'codebook: !!js/function x\n', /tag\.yml:1:11: unexpected custom tag "!!js\/function"/],
    ['star.yml', withRule('{type: glob, patterns: ["*"]}'), /star\.yml:10:33: .*it would match everywhere/],
    ['latin1.yml', Buffer.from(withRule('{type: term, terms: [Größe]}'), 'latin1'), /latin1\.yml:10:32: expected UTF-8 text/],
    ['dup.yml', HEAD + CODE + 'title: again\n', /dup\.yml:9:1: duplicate key "title"/],
  ];
  for (const [name, source] of bad) writeFileSync(join(dir, name), source);

  it.each([bad[0], bad[1], bad[2], bad[5], bad[6]])('codebook check %s: exit 2, file:line:col in stderr', (name, _source, message) => {
    const r = cli('codebook', 'check', join(dir, name));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^codeframe: the codebook is invalid; no document was processed\.\nInvalid codebook \(1 problem\):\n/);
    expect(r.stderr).toMatch(message);
  });

  it.each([bad[0], bad[2]])('run --codebook %s: exit 2, and no database is written', (name, _source, message) => {
    const db = join(dir, `${name}.sqlite`);
    const r = cli('run', '--codebook', join(dir, name), '--corpus', corpus, '--db', db, '--out', join(dir, `out-${name}`));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    if (existsSync(db)) {
      const conn = new Database(db, { readonly: true });
      try {
        expect(conn.prepare('SELECT count(*) AS n FROM documents').get()).toEqual({ n: 0 });
      } finally {
        conn.close();
      }
    }
    expect(existsSync(db)).toBe(false);
  });

  it('run --codebook DIRECTORY: exit 2 with its name', () => {
    const db = join(dir, 'dir.sqlite');
    const r = cli('run', '--codebook', dir, '--corpus', corpus, '--db', db, '--out', join(dir, 'out-dir'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${dir}:1:1: expected a codebook file, got a directory`);
    expect(existsSync(db)).toBe(false);
  });
});
