// `codeframe codebook import` (src/cli/commands/codebook-import.ts): output, counts, usage errors.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { codebookImportCommand } from '../../../src/cli/commands/codebook-import.ts';
import { EXIT } from '../../../src/cli/errors.ts';
import { parseCodebook } from '../../../src/codebook/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'cf-dict-'));
const write = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};
const LIWC = write('moral.dic', '%\r\n01\tHarm\r\n02\tCare\r\n%\r\nhurt*\t01\r\nkind\t02 01\r\n*\t02\r\n');

let out = '';
let err = '';
beforeEach(() => {
  out = err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

describe('codebookImportCommand', () => {
  it('writes the codebook to stdout and the counts and drops to stderr', () => {
    expect(codebookImportCommand(LIWC, { lang: 'en' })).toBe(EXIT.ok);
    const cb = parseCodebook(out, 'stdout.yml');
    expect(cb.id).toBe('moral');
    expect(cb.codes.map((c) => c.id)).toEqual(['harm', 'care']);
    expect(err.split('\n')[0]).toBe(`${LIWC}: LIWC .dic: 2 categories in 1 group(s), 4 entries → 3 patterns; 1 dropped, 0 merged`);
    expect(err).toContain('Care: dropped "*"');
  });

  it('--out writes the file (and nothing to stdout); --id sets the codebook id', () => {
    const target = join(dir, 'out.yml');
    expect(codebookImportCommand(LIWC, { out: target, id: 'mfd' })).toBe(EXIT.ok);
    expect(out).toBe('');
    expect(parseCodebook(readFileSync(target, 'utf8'), target).id).toBe('mfd');
    expect(err).toContain(`wrote ${target}`);
  });

  it('--format overrides detection', () => {
    const f = write('list.dic', 'alpha\nbeta*\n');
    expect(codebookImportCommand(f, { format: 'wordlist' })).toBe(EXIT.ok);
    expect(parseCodebook(out, 'x.yml').codes[0].rules.map((r) => r.type)).toEqual(['term', 'glob']);
  });

  it.each([
    [{ format: 'spss' }, /^unknown dictionary format "spss", expected one of liwc, quanteda/],
    [{ lang: 'English' }, /^expected --lang to be a language subtag such as "en" or "ru", got "English"$/],
    [{ id: 'My Codebook' }, /^expected --id of lowercase letters/],
    [{ threshold: '2' }, /^expected --threshold to be a probability in \(0, 1\], got "2"$/],
    [{ out: LIWC }, /^expected --out to differ from the dictionary file/],
  ])('refuses %j with a UsageError', (flags, message) => {
    expect(() => codebookImportCommand(LIWC, flags)).toThrow(expect.objectContaining({ name: 'UsageError', message: expect.stringMatching(message) }));
  });

  it('a broken dictionary is a UsageError naming file:line', () => {
    const f = write('broken.dic', '%\n1\tA\n%\nword\t7\n');
    expect(() => codebookImportCommand(f, {})).toThrow(
      expect.objectContaining({ name: 'UsageError', message: `${f}:4: unknown category number 7 for "word", expected one of 1` }),
    );
  });

  it('a missing file is a UsageError', () => {
    expect(() => codebookImportCommand(join(dir, 'nope.dic'), {})).toThrow(
      expect.objectContaining({ name: 'UsageError', message: expect.stringMatching(/nope\.dic:1: expected a readable dictionary file, got ENOENT/) }),
    );
  });
});
